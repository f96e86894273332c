"""GoRules zen-engine (``pip install zen-engine``, ``import zen``), in two variants.

* ``ExpressionsEngine`` — "zen-engine (expressions)": the rules as one ZEN expression, compiled once with
  ``zen.compile_expression`` and evaluated per application with ``Expression.evaluate(app)``. ZEN's
  assignment statements (``name = expr; ...``) bind the intermediate gap lists so each is computed once;
  the last statement is an object literal ``{outcome, items}``.
* ``GraphEngine`` — "zen-engine (decision graph)": a JDM decision graph (the JSON the GoRules editor
  saves): input node → expression node (the gap lists) → decision table (hit policy "first": the
  outcome and its items) → output node, created once with ``ZenEngine().create_decision(content)`` and
  evaluated per application through the engine, ``ZenEngine.evaluate(key, app)``, with a static loader
  holding the same graph. Its batch path is ``ZenEngine.evaluate_batch([{"key", "context"}, ...])``.

The requirement lists are written into the expressions from the :class:`Reference` when the engine is
built, as a rule author would write them into the expression/table. ZEN has no ``sort`` function, so the
correction list filters a universe of every possible item that is sorted once at build time (the
Reference's materials plus ``prerequisite:<code>``); the tolerated list filters the secondary materials,
already in order.

Caveats found:
* ZEN numbers are decimals: ``len(...)`` comes back as ``2.0`` in Python; only compare them in ZEN.
* Every ``evaluate`` converts the whole application dict (including fields the rules never read) into
  ZEN variables and the result back into Python; that conversion is part of the measured cost.
* ``ZenDecision.evaluate`` (the object ``create_decision`` returns) is about 5x slower per call than
  ``ZenEngine.evaluate(key, ...)`` on the same graph in 2.1.3: ~5k/s against ~29k/s here, whether the
  content is a str, a dict or a compiled ``ZenDecisionContent`` (a str passed to ``create_decision`` is
  slower still, ~3–4k/s, since only ``ZenDecisionContent`` precompiles). The peer therefore evaluates
  through ``ZenEngine`` with a static loader (``{"type": "static", "content": {key: graph}}``); a
  callback loader that returns a str is re-parsed on every call (~12k/s), one that returns a
  ``ZenDecisionContent`` is called on every evaluation too (~25k/s).
* ``ZenDecision`` has no batch method; ``evaluate_batch`` lives on ``ZenEngine`` and resolves decisions
  by key through the engine's loader. It is slower than a loop of ``evaluate`` here (~23k/s against
  ~30k/s) and holds the whole batch in native memory (~326 MiB RSS growth for 20,000 applications).
* A decision-table cell whose unary test fails at run time (e.g. ``not("dishonest")``, which ZEN rejects
  with "Opcode Not: Unsupported type") counts as *no match* without any error: the row is silently
  skipped. The agreement check caught it (the tolerance row never matched); the cell is written
  ``$ not in [...]``.
"""

from __future__ import annotations

import json
from typing import Any

import zen

LIBRARY = "zen"  # the import name (the test skips the module when it is absent)
NAMES = ("zen-engine (expressions)", "zen-engine (decision graph)")
NAME = NAMES[0]

Summary = tuple[str, tuple[str, ...]]
_q = json.dumps  # a ZEN string / array literal from a Python str / list (ZEN accepts JSON literals)


def _universe(ref: Any) -> list[str]:
    """Every item a correction list can hold, sorted once (ZEN has no sort)."""
    return sorted([*ref.required, *("prerequisite:" + p for p in ref.prerequisites)])


def expression_source(ref: Any) -> str:
    """The whole reference decision as one ZEN expression (standard mode)."""
    return f"""
ids = map(materials, #.id);
missingMain = filter({_q(list(ref.main))}, # not in ids);
missingSecondary = filter({_q(list(ref.secondary_tolerable))}, # not in ids);
missingPrerequisites = filter({_q(list(ref.prerequisites))}, # not in obtained_prerequisites);
outcome = authority_id != {_q(ref.authority_id)} ? "not_jurisdiction"
  : len(missingMain) + len(missingSecondary) + len(missingPrerequisites) == 0 ? "accepted"
  : len(missingMain) == 0 and len(missingPrerequisites) == 0 and tolerance_commitment_signed == true
    and applicant.credit not in {_q(list(ref.deny_if_credit))} ? "accepted_with_tolerance"
  : "correction_required";
{{
  outcome: outcome,
  items: outcome == "correction_required"
      ? filter({_q(_universe(ref))}, # not in flatten([ids, map(obtained_prerequisites, "prerequisite:" + #)]))
    : outcome == "accepted_with_tolerance" ? missingSecondary
    : []
}}
"""


def decision_graph(ref: Any) -> dict[str, Any]:
    """The JDM content (the JSON the GoRules editor saves) of the reference decision."""
    pos = {"x": 0, "y": 0}
    gaps = [  # expression node: later keys read earlier ones through `$`
        ("ids", "map(materials, #.id)"),
        ("missingMain", f"filter({_q(list(ref.main))}, # not in $.ids)"),
        ("missingSecondary", f"filter({_q(list(ref.secondary_tolerable))}, # not in $.ids)"),
        ("missingPrerequisites", f"filter({_q(list(ref.prerequisites))}, # not in obtained_prerequisites)"),
        ("missingItems", f"filter({_q(_universe(ref))}, # not in flatten([$.ids, "
                         f"map(obtained_prerequisites, \"prerequisite:\" + #)]))"),
    ]
    inputs = [  # decision-table columns: (id, name, field)
        ("authority", "Authority", "authority_id"),
        ("main", "Missing main materials", "len(missingMain)"),
        ("prereq", "Missing prerequisites", "len(missingPrerequisites)"),
        ("secondary", "Missing secondary materials", "len(missingSecondary)"),
        ("signed", "Tolerance commitment signed", "tolerance_commitment_signed"),
        ("credit", "Applicant credit", "applicant.credit"),
    ]
    outputs = [("outcome", "Outcome", "outcome"), ("items", "Items", "items")]
    deny = ", ".join(_q(c) for c in ref.deny_if_credit)
    rows = [  # hit policy "first": the first matching row decides; "" matches anything
        {"authority": f"$ != {_q(ref.authority_id)}", "outcome": '"not_jurisdiction"', "items": "[]"},
        {"main": "0", "prereq": "0", "secondary": "0", "outcome": '"accepted"', "items": "[]"},
        {"main": "0", "prereq": "0", "signed": "true", "credit": f"$ not in [{deny}]" if deny else "",
         "outcome": '"accepted_with_tolerance"', "items": "missingSecondary"},
        {"outcome": '"correction_required"', "items": "missingItems"},
    ]
    table_rules = []
    for i, row in enumerate(rows):
        rule = {"_id": f"r{i}"}
        for col_id, *_ in inputs + outputs:
            rule[col_id] = row.get(col_id, "")
        table_rules.append(rule)
    return {
        "contentType": "application/vnd.gorules.decision",
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "request", "position": pos},
            {"id": "gaps", "type": "expressionNode", "name": "gaps", "position": pos,
             "content": {"passThrough": True, "inputField": None, "outputPath": None,
                         "expressions": [{"id": k, "key": k, "value": v} for k, v in gaps]}},
            {"id": "acceptance", "type": "decisionTableNode", "name": "acceptance", "position": pos,
             "content": {"hitPolicy": "first", "passThrough": False, "inputField": None, "outputPath": None,
                         "inputs": [{"id": i, "name": n, "field": f} for i, n, f in inputs],
                         "outputs": [{"id": i, "name": n, "field": f} for i, n, f in outputs],
                         "rules": table_rules}},
            {"id": "response", "type": "outputNode", "name": "response", "position": pos},
        ],
        "edges": [
            {"id": "e1", "sourceId": "request", "targetId": "gaps", "type": "edge"},
            {"id": "e2", "sourceId": "gaps", "targetId": "acceptance", "type": "edge"},
            {"id": "e3", "sourceId": "acceptance", "targetId": "response", "type": "edge"},
        ],
    }


def _summary(result: dict[str, Any]) -> Summary:
    return result["outcome"], tuple(result["items"])


class ExpressionsEngine:
    name = NAMES[0]

    def __init__(self, ref: Any) -> None:
        self.expression = zen.compile_expression(expression_source(ref))

    def decide(self, app: dict[str, Any]) -> Summary:
        r = self.expression.evaluate(app)
        return r["outcome"], tuple(r["items"])

    def close(self) -> None:
        self.expression = None


class GraphEngine:
    name = NAMES[1]
    KEY = "bench-reference.json"

    def __init__(self, ref: Any) -> None:
        content = decision_graph(ref)
        # The graph is created once with create_decision (and validated) as the docs show; per application
        # it is evaluated through the engine, which holds the same content under a static loader, because
        # in zen-engine 2.1.3 ZenDecision.evaluate costs ~150 µs more per call than ZenEngine.evaluate(key)
        # (measured ~5k/s against ~29k/s on the same graph): see the module docstring.
        self.decision = zen.ZenEngine().create_decision(zen.ZenDecisionContent(json.dumps(content)))
        self.decision.validate()
        self.engine = zen.ZenEngine({"loader": {"type": "static", "content": {self.KEY: content}}})

    def decide(self, app: dict[str, Any]) -> Summary:
        r = self.engine.evaluate(self.KEY, app)["result"]
        return r["outcome"], tuple(r["items"])

    def decide_batch(self, apps: list[dict[str, Any]]) -> list[Summary]:
        key = self.KEY
        out = self.engine.evaluate_batch([{"key": key, "context": a} for a in apps])
        summaries = []
        for r in out:
            if not r.get("success"):
                raise RuntimeError(f"zen evaluate_batch failed: {r.get('error')}")
            res = r["data"]["result"]
            summaries.append((res["outcome"], tuple(res["items"])))
        return summaries

    def close(self) -> None:
        self.decision = self.engine = None


def build(ref: Any) -> ExpressionsEngine:
    """The expressions variant (this module's ``NAME``); see :func:`build_graph` for the other one."""
    return ExpressionsEngine(ref)


def build_graph(ref: Any) -> GraphEngine:
    return GraphEngine(ref)


# every engine this module provides, for the benchmark and the agreement test: (name, build)
VARIANTS = ((NAMES[0], build), (NAMES[1], build_graph))
