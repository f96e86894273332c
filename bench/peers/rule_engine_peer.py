"""rule-engine (zeroSteiner; ``pip install rule-engine``, ``import rule_engine``).

The rules are ``rule_engine.Rule`` expressions compiled once against one ``rule_engine.Context`` and
applied to the application dict as is (top-level keys are the symbols). The outcome is a
``rule_engine.Chain`` (new in 5.1.0: ordered ``(rule, value)`` pairs, the first matching rule's value
wins, the default is the chain's policy), and the items are a value rule per outcome:

* not jurisdiction: ``authority_id != "<authority>"``;
* accepted: ``{required} & [m["id"] for m in materials].to_set == {required}`` and the same for
  ``obtained_prerequisites``;
* accepted with tolerance: the same over the main materials, ``tolerance_commitment_signed`` and
  ``applicant["credit"] not in [<denying credits>]``;
* default: correction required.
* items: ``{secondary} ^ ({secondary} & <ids>)`` (the tolerated ones) and ``{universe} ^ ({universe} &
  (<ids> | <obtained prerequisites as "prerequisite:" items>))`` (the correction list), where the
  universe is every item a correction list can hold, built from the :class:`Reference`.

Caveats found (rule-engine 5.1.0):

* **Every symbol resolution re-infers the value's data type, deeply** (``DataType.from_value`` over
  each list member and mapping key/value, then ``coerce_value``): resolving ``materials`` (about 20
  ``{"id": ...}`` mappings) costs ~190 µs each time a rule names it, which is nearly all of this peer's
  cost, and there is no way to bind it once and reuse it across rules or within one. A typed context
  (``type_resolver_from_dict``) is slower still (one rule: ~1.3k/s typed against ~2.5k/s untyped).
* There is no set difference: ``-`` on two sets is "data type mismatch"; ``a ^ (a & b)`` is ``a - b``.
* There is no sort: the item sets are sorted in Python when the result is read.
* Attribute syntax on a mapping (``applicant.credit``, ``m.id``) works but emits
  ``MappingAttributeLookupDeprecation`` (removed in 6.0): the rules use ``applicant["credit"]`` and the
  context sets ``mapping_attribute_lookup=False``.
* Comprehensions re-evaluate their condition's sub-expressions per member (e.g.
  ``[r for r in [...] if r not in [m["id"] for m in materials]]`` resolves ``materials`` once per ``r``,
  ~15x slower than the set form).
"""

from __future__ import annotations

import json
from typing import Any

import rule_engine

LIBRARY = "rule_engine"
NAME = "rule-engine"

Summary = tuple[str, tuple[str, ...]]


def _set(xs) -> str:
    return "{" + ", ".join(json.dumps(x) for x in xs) + "}"


def _array(xs) -> str:
    return "[" + ", ".join(json.dumps(x) for x in xs) + "]"


def rule_texts(ref: Any) -> dict[str, str]:
    """The rule-engine texts of the reference decision."""
    ids = '[m["id"] for m in materials].to_set'
    prereqs = (f" and {_set(ref.prerequisites)} & obtained_prerequisites.to_set == {_set(ref.prerequisites)}"
               if ref.prerequisites else "")
    credit = f' and applicant["credit"] not in {_array(ref.deny_if_credit)}' if ref.deny_if_credit else ""
    universe = sorted([*ref.required, *("prerequisite:" + p for p in ref.prerequisites)])
    have = f'({ids} | ["prerequisite:" + p for p in obtained_prerequisites].to_set)'
    return {
        "not_jurisdiction": f"authority_id != {json.dumps(ref.authority_id)}",
        "accepted": f"{_set(ref.required)} & {ids} == {_set(ref.required)}{prereqs}",
        "accepted_with_tolerance": (f"{_set(ref.main)} & {ids} == {_set(ref.main)}{prereqs}"
                                    f" and tolerance_commitment_signed{credit}"),
        "tolerated_items": f"{_set(ref.secondary_tolerable)} ^ ({_set(ref.secondary_tolerable)} & {ids})",
        "correction_items": f"{_set(universe)} ^ ({_set(universe)} & {have})",
    }


class RuleEngineEngine:
    def __init__(self, ref: Any) -> None:
        texts = rule_texts(ref)
        self.context = ctx = rule_engine.Context(mapping_attribute_lookup=False)
        self.outcome = rule_engine.Chain(
            [(texts[o], o) for o in ("not_jurisdiction", "accepted", "accepted_with_tolerance")],
            default_value="correction_required", context=ctx,
        )
        self.items = {
            "accepted_with_tolerance": rule_engine.Rule(texts["tolerated_items"], context=ctx),
            "correction_required": rule_engine.Rule(texts["correction_items"], context=ctx),
        }

    def decide(self, app: dict[str, Any]) -> Summary:
        outcome = self.outcome.evaluate(app)
        rule = self.items.get(outcome)
        return outcome, (tuple(sorted(rule.evaluate(app))) if rule is not None else ())

    def close(self) -> None:
        pass


def build(ref: Any) -> RuleEngineEngine:
    return RuleEngineEngine(ref)
