"""The engine builds its outputs without re-validating them (``models.base.trusted``): prove that every
Decision it builds is exactly what validating the same data would give — same types, same values —
on every shipped example at every date of its timeline, and on generated applications."""

import datetime as dt
import sys
from pathlib import Path

from hypothesis import given, settings, strategies as st

import govrules
from govrules.examples import catalogue
from govrules.models.base import trusted
from govrules.models.decision import Decision, Finding

sys.path.insert(0, str(Path(__file__).parents[2] / "bench" / "reference"))
from workload import generate, load_reference  # noqa: E402

LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
CAL = govrules.china_calendar()
REF_RULESET, REF = load_reference()


def assert_valid(decision: Decision) -> None:
    again = Decision.model_validate(decision.model_dump())
    assert again == decision
    assert repr(again) == repr(decision)  # repr shows types: an enum vs its str, a tuple vs a list
    assert again.model_dump_json() == decision.model_dump_json()


def timeline(app: dict) -> list[dt.date]:
    days = {dt.date.fromisoformat(app["submitted_on"])}
    for ev in app.get("events", ()):
        day = dt.date.fromisoformat(ev.get("on") or ev["from"])
        days.update({day, day + dt.timedelta(days=1), day + dt.timedelta(days=40)})
    return sorted(days)


def test_every_example_at_every_date_of_its_timeline() -> None:
    checked = 0
    for example in catalogue():
        app = example.application()
        for day in timeline(app):
            assert_valid(govrules.decide(app, ruleset=LIBRARY, calendar=CAL, as_of=day))
            checked += 1
    assert checked > 40


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**31))
def test_generated_reference_applications(seed: int) -> None:
    for app in generate(5, seed=seed, ref=REF):
        assert_valid(govrules.decide(app, ruleset=REF_RULESET, calendar=CAL))


def test_trusted_never_shares_a_mutable_default() -> None:
    from govrules.models.decision import States

    a, b = States.built(), trusted(States, {})
    assert a.fees == b.fees == {} and a.fees is not b.fees


def test_trusted_keeps_declaration_order_in_repr() -> None:
    built = Finding.built(rule="r", effect="e", message_zh="z", message_en="e")
    validated = Finding(rule="r", effect="e", message_zh="z", message_en="e")
    assert repr(built) == repr(validated)


def test_shared_fields_set_never_leaks_between_outputs() -> None:
    """Built outputs share one ``__pydantic_fields_set__`` per field combination (fewer objects for the
    garbage collector to track); pydantic copies it before changing it, so no instance sees another's."""
    a = Finding.built(rule="r", effect="e", message_zh="z", message_en="e")
    b = Finding.built(rule="s", effect="e", message_zh="z", message_en="e")
    assert a.model_fields_set is b.model_fields_set == {"rule", "effect", "message_zh", "message_en"}
    c = a.model_copy(update={"subject": "x"})
    assert c.model_fields_set == {"rule", "effect", "message_zh", "message_en", "subject"}
    assert b.model_fields_set == {"rule", "effect", "message_zh", "message_en"}
    assert a.model_dump(exclude_unset=True) == {"rule": "r", "effect": "e", "message_zh": "z", "message_en": "e"}
