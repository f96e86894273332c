"""business-rules (Venmo; ``pip install business-rules``, ``import business_rules``).

The documented pattern: a ``BaseVariables`` subclass exposes the facts of one application as typed rule
variables, a ``BaseActions`` subclass the things a rule can do, and the rules are JSON-like dicts
(``{"conditions": {"all": [...]}, "actions": [...]}``) — the part a non-programmer edits — evaluated
with ``run_all(rules, variables, actions, stop_on_first_trigger=True)``, so the first rule that matches
decides. The requirement lists (from the :class:`Reference`) live in the rules' condition values and
action parameters, not in the classes:

1. not jurisdiction: ``authority_id`` ``matches_regex`` ``\\A(?!<authority>\\Z)`` (the library has no
   "not equal" operator and no ``not`` combinator, only ``all``/``any``);
2. accepted: ``submitted_materials`` ``contains_all`` the required ids and ``obtained_prerequisites``
   ``contains_all`` the effective prerequisites;
3. accepted with tolerance: ``contains_all`` the main ids and the prerequisites,
   ``tolerance_commitment_signed`` ``is_true``, ``applicant_credit`` ``does_not_contain`` each denying
   credit (a ``select`` variable of one value);
4. correction required: ``authority_id`` ``non_empty`` (anything else; the action lists every gap).

Caveats found (business-rules 1.1.1):

* Works on Python 3.11 as is (its only dependency, ``six``, is installed with it); no shim needed.
* ``select`` / ``select_multiple`` comparisons are **case-insensitive** (``SelectType.contains`` lowers
  both sides) and quadratic: ``contains_all`` re-scans the submitted list, lowering every string, for
  each required id — most of this peer's cost. A material ``"M01"`` would count as ``"m01"``.
* Rule variables are methods called anew for every condition that names them (no caching): the
  variables object computes the id list once in ``__init__``.
* ``@select_rule_variable`` / ``@select_multiple_rule_variable`` must be called (``@..()``): used bare,
  as ``@string_rule_variable`` can be, they return an undecorated function and ``run_all`` fails with
  ``AttributeError: 'function' object has no attribute 'field_type'``.
* ``stop_on_first_trigger`` is off by default: without it every matching rule's action runs.
"""

from __future__ import annotations

import re
from typing import Any

from business_rules import run_all
from business_rules.actions import BaseActions, rule_action
from business_rules.fields import FIELD_SELECT_MULTIPLE
from business_rules.variables import (BaseVariables, boolean_rule_variable, select_multiple_rule_variable,
                                      select_rule_variable, string_rule_variable)

LIBRARY = "business_rules"
NAME = "business-rules"

Summary = tuple[str, tuple[str, ...]]


class ApplicationVariables(BaseVariables):
    def __init__(self, app: dict[str, Any]) -> None:
        self.app = app
        self.material_ids = [m["id"] for m in app["materials"]]

    @string_rule_variable
    def authority_id(self):
        return self.app["authority_id"]

    @select_multiple_rule_variable()
    def submitted_materials(self):
        return self.material_ids

    @select_multiple_rule_variable()
    def obtained_prerequisites(self):
        return self.app["obtained_prerequisites"]

    @boolean_rule_variable
    def tolerance_commitment_signed(self):
        return bool(self.app["tolerance_commitment_signed"])

    @select_rule_variable()
    def applicant_credit(self):
        return [self.app["applicant"]["credit"]]


class ApplicationActions(BaseActions):
    def __init__(self, variables: ApplicationVariables) -> None:
        self.variables = variables
        self.result: Summary | None = None

    @rule_action()
    def not_jurisdiction(self):
        self.result = ("not_jurisdiction", ())

    @rule_action()
    def accept(self):
        self.result = ("accepted", ())

    @rule_action(params={"tolerable": FIELD_SELECT_MULTIPLE})
    def accept_with_tolerance(self, tolerable):
        have = set(self.variables.material_ids)
        self.result = ("accepted_with_tolerance", tuple(sorted(x for x in tolerable if x not in have)))

    @rule_action(params={"materials": FIELD_SELECT_MULTIPLE, "prerequisites": FIELD_SELECT_MULTIPLE})
    def require_correction(self, materials, prerequisites):
        have, obtained = set(self.variables.material_ids), set(self.variables.obtained_prerequisites())
        items = [x for x in materials if x not in have]
        items += ["prerequisite:" + p for p in prerequisites if p not in obtained]
        self.result = ("correction_required", tuple(sorted(items)))


def rules_for(ref: Any) -> list[dict[str, Any]]:
    """The reference decision as business-rules rule dicts (what would be stored as JSON)."""
    def has_all(variable, ids):
        return {"name": variable, "operator": "contains_all", "value": list(ids)}

    prerequisites = [has_all("obtained_prerequisites", ref.prerequisites)] if ref.prerequisites else []
    credit_ok = [{"name": "applicant_credit", "operator": "does_not_contain", "value": c} for c in ref.deny_if_credit]
    return [
        {"conditions": {"all": [{"name": "authority_id", "operator": "matches_regex",
                                 "value": r"\A(?!" + re.escape(ref.authority_id) + r"\Z)"}]},
         "actions": [{"name": "not_jurisdiction"}]},
        {"conditions": {"all": [has_all("submitted_materials", ref.required), *prerequisites]},
         "actions": [{"name": "accept"}]},
        {"conditions": {"all": [has_all("submitted_materials", ref.main), *prerequisites,
                                {"name": "tolerance_commitment_signed", "operator": "is_true", "value": None},
                                *credit_ok]},
         "actions": [{"name": "accept_with_tolerance", "params": {"tolerable": list(ref.secondary_tolerable)}}]},
        {"conditions": {"all": [{"name": "authority_id", "operator": "non_empty", "value": None}]},
         "actions": [{"name": "require_correction",
                      "params": {"materials": list(ref.required), "prerequisites": list(ref.prerequisites)}}]},
    ]


class BusinessRulesEngine:
    def __init__(self, ref: Any) -> None:
        self.rules = rules_for(ref)

    def decide(self, app: dict[str, Any]) -> Summary:
        variables = ApplicationVariables(app)
        actions = ApplicationActions(variables)
        run_all(self.rules, variables, actions, stop_on_first_trigger=True)
        if actions.result is None:
            raise RuntimeError("business-rules: no rule fired")
        return actions.result

    def close(self) -> None:
        pass


def build(ref: Any) -> BusinessRulesEngine:
    return BusinessRulesEngine(ref)
