"""Every error at once (issue 16): ``InvalidInputError.problems`` holds every problem pydantic and the
reference checks find in an application, each with its code, JSON path, value and expected; the first
is the error itself, and its message says how many more there are.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import re
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govrules
from builders import application
from fuzzing import CAL, RS
from govrules import InvalidInputError
from govrules.examples import catalogue

LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)


def problems_of(app: Any, rs: Any = RS, **kw: Any) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        govrules.decide(app, ruleset=rs, calendar=CAL, **kw)
    return info.value


def where(err: InvalidInputError) -> list[tuple[str, str]]:
    return [(p.code, p.field) for p in err.problems]


# ---- the error and its problems --------------------------------------------------------------------------
def test_three_bad_fields_are_three_problems_and_the_first_is_the_error() -> None:
    err = problems_of(application(channel="fax", region=370199, applicant={"id": "p1", "kind": "robot"}))
    assert where(err) == [("invalid_value", "application.region"), ("invalid_value", "application.applicant.kind"),
                          ("invalid_value", "application.channel")]
    first = err.problems[0]
    assert first is err
    assert (err.code, err.field, err.value) == ("invalid_value", "application.region", 370199)
    assert str(err) == f"{err.message} (and 2 more)"
    assert err.message == f"[invalid_value] application.region: got 370199; expected {err.expected}"
    for p in err.problems[1:]:
        assert isinstance(p, InvalidInputError) and p.problems == (p,) and str(p) == p.message
    assert [p.value for p in err.problems] == [370199, "robot", "fax"]
    assert "one of 'window', 'online' or 'mail'" == err.problems[2].expected


def test_one_problem_reads_as_before() -> None:
    err = problems_of(application(channel="fax"))
    assert err.problems == (err,)
    assert str(err) == "[invalid_value] application.channel: got 'fax'; expected one of 'window', 'online' or 'mail'"
    assert "more" not in str(err)


def test_an_error_built_by_hand_is_its_own_only_problem() -> None:
    err = InvalidInputError("invalid_value", "x", 1, "two")
    assert err.problems == (err,) and str(err) == "[invalid_value] x: got 1; expected two"
    both = InvalidInputError.of([err, InvalidInputError("unknown_field", "y", 2, "nothing")])
    assert [(p.code, p.field, p.value, p.expected) for p in both.problems] == [
        ("invalid_value", "x", 1, "two"), ("unknown_field", "y", 2, "nothing")]
    assert str(both).endswith("(and 1 more)")


def test_problems_survive_pickling() -> None:
    err = problems_of(application(channel="fax", materials=[{"id": "ghost"}, {"id": "form"}, {"id": "form"}]))
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InvalidInputError and str(back) == str(err)
    assert [(p.code, p.field, p.value, p.expected) for p in back.problems] == [
        (p.code, p.field, p.value, p.expected) for p in err.problems]
    assert len(back.problems) == 3 and back.problems[0] is back


# ---- the reference checks collect every problem ----------------------------------------------------------
def test_every_reference_problem_is_reported_in_order() -> None:
    app = application(
        authority_id="nobody",
        materials=[{"id": "ghost"}, {"id": "form"}, {"id": "form"}, {"id": "phantom"}],
        obtained_prerequisites=["P", "NOPE"],
        notification_commitment={"signed": True, "materials": ["minor", "spectre"]},
        events=[{"type": "decision", "on": "2025-01-02", "result": "approved"},
                {"type": "decision", "on": "2025-04-01", "result": "refused"},
                {"type": "supplement", "on": "2025-03-05", "materials": ["ghoul"], "prerequisites": ["NADA"]},
                {"type": "fee_notice", "on": "2025-03-06", "fee": "nofee"},
                {"type": "payment", "on": "2025-03-07", "fee": "fee"}])
    err = problems_of(app)
    assert where(err) == [
        ("unknown_authority", "application.authority_id"),
        ("unknown_material", "application.materials[0].id"),
        ("duplicate_material", "application.materials[2].id"),
        ("unknown_material", "application.materials[3].id"),
        ("unknown_reference", "application.obtained_prerequisites[1]"),
        ("unknown_reference", "application.notification_commitment.materials[1]"),
        ("event_before_receipt", "application.events[0].on"),
        ("duplicate_event", "application.events[1].type"),
        ("unknown_reference", "application.events[2].materials[0]"),
        ("unknown_reference", "application.events[2].prerequisites[0]"),
        ("unknown_reference", "application.events[3].fee"),
    ]
    assert str(err).endswith("(and 10 more)")


@pytest.mark.parametrize("change, code, field", [
    ({"authority_id": "nobody"}, "unknown_authority", "application.authority_id"),
    ({"materials": [{"id": "form"}, {"id": "ghost"}]}, "unknown_material", "application.materials[1].id"),
    ({"materials": [{"id": "form"}, {"id": "form"}]}, "duplicate_material", "application.materials[1].id"),
    ({"obtained_prerequisites": ["NOPE"]}, "unknown_reference", "application.obtained_prerequisites[0]"),
    ({"notification_commitment": {"signed": True, "materials": ["ghost"]}}, "unknown_reference",
     "application.notification_commitment.materials[0]"),
    ({"events": [{"type": "suspension", "kind": "hearing", "from": "2025-03-01", "to": "2025-03-10"}]},
     "event_before_receipt", "application.events[0].from"),
    ({"events": [{"type": "land_obtained", "on": "2025-03-04", "holder_id": "h"},
                 {"type": "land_obtained", "on": "2025-03-05", "holder_id": "h"}]},
     "duplicate_event", "application.events[1].type"),
    ({"events": [{"type": "payment", "on": "2025-03-04", "fee": "nofee"}]}, "unknown_reference",
     "application.events[0].fee"),
])
def test_a_single_reference_problem_is_the_error_as_before(change: dict, code: str, field: str) -> None:
    err = problems_of(application(**change))
    assert where(err) == [(code, field)]
    assert "more" not in str(err)


def test_as_of_problems_come_with_the_others() -> None:
    err = problems_of(application(materials=[{"id": "ghost"}]), as_of=dt.date(2025, 1, 1))
    assert where(err) == [("as_of_before_receipt", "as_of"), ("unknown_material", "application.materials[0].id")]
    err = problems_of(application(materials=[{"id": "ghost"}], channel="fax"), as_of=dt.datetime(2025, 4, 1))
    assert where(err) == [("invalid_value", "application.channel"), ("invalid_value", "as_of"),
                          ("unknown_material", "application.materials[0].id")]
    assert where(problems_of(application(), as_of="2025-04-01")) == [("invalid_value", "as_of")]


# ---- shape problems and references together ----------------------------------------------------------------
def test_shape_and_reference_problems_together_keep_the_places_as_written() -> None:
    app = application(
        materials=[{"id": "form", "status": "lost"}, 7, {"id": "ghost"}, {"id": "plan", "colour": "red"}],
        obtained_prerequisites=[3, "NOPE"],
        notification_commitment={"signed": "yes", "materials": [None, "spectre"]},
        events=[{"type": "nope", "on": "2025-03-04"}, {"type": 5},
                {"type": "payment", "on": "2025-03-04", "fee": "nofee"}])
    err = problems_of(app)
    shape = [p for p in err.problems if p.code in ("invalid_value", "unknown_field")]
    refs = [p for p in err.problems if p not in shape]
    assert err.problems == tuple(shape + refs)  # the shape's problems first, then the references'
    assert {p.field for p in shape} == {
        "application.materials[0].status", "application.materials[1]", "application.materials[3].colour",
        "application.notification_commitment.signed", "application.notification_commitment.materials[0]",
        "application.obtained_prerequisites[0]", "application.events[0]", "application.events[1].type"}
    assert [(p.code, p.field) for p in refs] == [
        ("unknown_material", "application.materials[2].id"),
        ("unknown_reference", "application.obtained_prerequisites[1]"),
        ("unknown_reference", "application.notification_commitment.materials[1]"),
        ("unknown_reference", "application.events[2].fee")]


def test_without_the_fields_that_choose_the_ruleset_only_the_shape_is_reported() -> None:
    for change in ({"matter_code": 5}, {"ruleset": 5}, {"submitted_on": "next tuesday"},
                   {"submitted_on": "2025-02-29"}):
        err = problems_of(application(materials=[{"id": "ghost"}], channel="fax", **change))
        field = f"application.{next(iter(change))}"
        assert sorted(where(err)) == sorted([("invalid_value", field), ("invalid_value", "application.channel")])


def test_a_receipt_date_in_another_year_first_form_is_read_to_check_the_rest() -> None:
    for written in ("2025/03/03", "2025.3.3", "20250303", "2025年3月3日", "2025-03-03T09:30:00", "2025-3-3"):
        err = problems_of(application(submitted_on=written, materials=[{"id": "ghost"}],
                                      events=[{"type": "acceptance_voucher", "on": "2025-03-01"}]))
        assert where(err) == [("invalid_value", "application.submitted_on"),
                              ("unknown_material", "application.materials[0].id"),
                              ("event_before_receipt", "application.events[0].on")], written
        assert err.value == written


def test_a_valid_application_still_decides() -> None:
    assert govrules.decide(application(), ruleset=RS, calendar=CAL).outcome
    example = catalogue()[0]
    assert govrules.decide(example.application(), ruleset=LIBRARY, calendar=CAL).outcome.value == example.expect["outcome"]


# ---- our words, not pydantic's -------------------------------------------------------------------------------
@pytest.mark.parametrize("change", [
    {"obtained_prerequisites": "P"}, {"materials": "form"}, {"materials": [5]}, {"region": "37"},
    {"region": 370199}, {"id": ""}, {"id": 5}, {"basic_conditions_met": "yes"}, {"applicant": {"kind": "x"}},
    {"project": {"category": "industrial", "investment_cny": -1}}, {"project": {"category": "industrial",
                                                                            "investment_cny": 1.5}},
    {"events": [{"type": "nope"}]}, {"events": [{"on": "2025-03-04"}]}, {"events": [3]},
    {"events": [{"type": "decision", "on": "2025-03-04", "result": "maybe"}]},
    {"events": [{"type": "suspension", "kind": "hearing", "from": "2025-03-09", "to": "2025-03-04"}]},
    {"notification_commitment": 1}, {"surprise": 1}, {"materials": [{"id": "form", "x": 1}]},
    {"materials": [{"status": "ok"}]},
])
def test_expectations_are_in_our_words(change: dict) -> None:
    err = problems_of(application(**change))
    for p in err.problems:
        assert p.expected and not re.search(r"Input should|Field required|Extra inputs|Value error|"
                                            r"Unexpected keyword|Unable to extract|valid tuple|Input tag",
                                            p.expected), p.message


def test_unknown_and_missing_keys_of_a_material_are_named_like_any_other() -> None:
    assert where(problems_of(application(materials=[{"id": "form", "x": 1}]))) == [
        ("unknown_field", "application.materials[0].x")]
    assert where(problems_of(application(materials=[{"status": "ok"}]))) == [
        ("missing_field", "application.materials[0].id")]


# ---- the property: k independent corruptions, exactly k problems at their places --------------------------
Corruption = Callable[[dict], str]  # corrupts the application in place; returns the path it broke


def _status(app: dict) -> str:
    app["materials"][0]["status"] = "lost"
    return "application.materials[0].status"


def _unknown_material(app: dict) -> str:
    app["materials"][1]["id"] = "no-such-material"
    return "application.materials[1].id"


def _set(key: str, value: Any) -> Corruption:
    def corrupt(app: dict) -> str:
        app[key] = value
        return f"application.{key}"
    return corrupt


def _applicant_kind(app: dict) -> str:
    app["applicant"]["kind"] = "robot"
    return "application.applicant.kind"


def _unknown_prerequisite(app: dict) -> str:
    app["obtained_prerequisites"] = [*app.get("obtained_prerequisites", ()), "NO-SUCH-MATTER"]
    return f"application.obtained_prerequisites[{len(app['obtained_prerequisites']) - 1}]"


def _commitment(app: dict) -> str:
    app["notification_commitment"] = {"signed": True, "materials": ["no-such-material"]}
    return "application.notification_commitment.materials[0]"


def _early_event(app: dict) -> str:
    app["events"] = [*app.get("events", ()), {"type": "acceptance_voucher", "on": "2000-01-03"}]
    return f"application.events[{len(app['events']) - 1}].on"


CORRUPTIONS: dict[str, Corruption] = {
    "material status": _status,
    "channel": _set("channel", "fax"),
    "region type": _set("region", 370102),
    "unknown material id": _unknown_material,
    "applicant kind": _applicant_kind,
    "unknown obtained prerequisite": _unknown_prerequisite,
    "basic conditions flag": _set("basic_conditions_met", "yes"),
    "unknown key": _set("remarks", "call back"),
    "commitment material": _commitment,
    "event before receipt": _early_event,
}
RECEIPT_FORMATS = ("{y}/{m:02}/{d:02}", "{y}.{m}.{d}", "{y}{m:02}{d:02}", "{y}年{m}月{d}日")
BASES = [application()] + [e.application() for e in catalogue()]


@given(st.sampled_from(range(len(BASES))), st.sets(st.sampled_from(sorted(CORRUPTIONS)), min_size=1),
       st.none() | st.sampled_from(RECEIPT_FORMATS))
def test_k_corrupted_fields_give_exactly_k_problems_each_at_its_path(base: int, names: set[str],
                                                                   receipt_format: str | None) -> None:
    app = copy.deepcopy(BASES[base])
    paths = {CORRUPTIONS[name](app) for name in sorted(names)}
    if receipt_format is not None:  # the submitted_on date format: the same day, written otherwise
        day = dt.date.fromisoformat(app["submitted_on"])
        app["submitted_on"] = receipt_format.format(y=day.year, m=day.month, d=day.day)
        paths.add("application.submitted_on")
    err = problems_of(app, rs=RS if base == 0 else LIBRARY)
    assert sorted(p.field for p in err.problems) == sorted(paths), [p.message for p in err.problems]
    assert err.problems[0] is err and str(err).startswith(err.message)
    assert (len(paths) == 1) == ("more)" not in str(err))
