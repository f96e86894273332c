"""A decision does not depend on whether the matter's plan was compiled before it (engine/plan.py):
select's short way through a compiled plan gives every decision and every input error the long way
gives, and a copy of a ruleset with other values compiles plans of its own."""

from __future__ import annotations

import datetime as dt

import pytest

import govrules
from builders import application, matter, ruleset, stub
from govrules import GovRulesError, InvalidInputError, Outcome, Ruleset
from govrules.engine.decide import decide, decide_what_if

CAL = govrules.china_calendar()


def _fresh(**extra) -> Ruleset:
    return Ruleset.model_validate(ruleset(matter(effective_from="2024-01-01", effective_to="2025-12-31"),
                                          stub("S"), **extra))


def _answer(decide, rs: Ruleset, app: dict):
    """The decision's JSON, or the error: its code, field and every problem."""
    try:
        return decide(app, rs, CAL).model_dump_json()
    except InvalidInputError as exc:
        return exc.code, exc.field, [(p.code, p.field) for p in exc.problems]
    except GovRulesError as exc:
        return type(exc).__name__, str(exc)


CASES = [
    application(),  # in force: the short way
    application(submitted_on="2023-06-01"),  # before the matter's period: matter_not_in_force
    application(submitted_on="2026-02-02"),  # after it
    application(submitted_on="2003-06-01"),  # before the ruleset's: no_ruleset_in_force
    application(ruleset="t.rs"),  # names the ruleset given
    application(ruleset="other"),  # names another: unknown_ruleset
    application(matter_code="S"),  # a catalogue stub: matter_not_applicable
    application(authority_id="nowhere"),  # unknown_authority, found by check_references
    application(materials=[{"id": "form"}, {"id": "form"}]),  # duplicate_material
    application(obtained_prerequisites=["NOPE"]),  # unknown_reference
]


@pytest.mark.parametrize("decide", [decide, decide_what_if], ids=["decide", "what_if"])
@pytest.mark.parametrize("app", CASES, ids=range(len(CASES)))
def test_the_same_answer_with_and_without_a_compiled_plan(app: dict, decide) -> None:
    cold, warm = _fresh(), _fresh()
    govrules.decide(application(), ruleset=warm, calendar=CAL)  # compiles the plan of M
    assert "M" in warm.compiled_plans and "M" not in cold.compiled_plans
    assert _answer(decide, cold, app) == _answer(decide, warm, app)


def test_a_copy_with_other_periods_does_not_answer_from_the_original_plans() -> None:
    rs = _fresh()
    assert govrules.decide(application(), ruleset=rs, calendar=CAL).outcome is Outcome.accepted
    closed = rs.model_copy(update={"effective_to": dt.date(2024, 12, 31)})
    assert closed.compiled_plans == {}
    with pytest.raises(InvalidInputError) as exc:
        govrules.decide(application(), ruleset=closed, calendar=CAL)
    assert exc.value.code == "no_ruleset_in_force"
