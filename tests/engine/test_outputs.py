"""The engine's outputs are frozen msgspec value objects built by their constructors (api.md "The
Decision"): prove every Decision it builds is valid against the published JSON Schema, reads back to
an equal value with the same JSON, and that construction is strict — on every shipped example at every
date of its timeline, and on generated applications. No code touches pydantic's private attributes."""

import datetime as dt
import json
import pickle
import re
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st

import govrules
from govrules import InvalidInputError
from govrules.examples import catalogue
from govrules.models.decision import Decision, Finding, States

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "bench" / "reference"))
from workload import generate, load_reference  # noqa: E402

LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
CAL = govrules.china_calendar()
REF_RULESET, REF = load_reference()
PUBLISHED = ROOT / "docs" / "decision.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(json.loads(PUBLISHED.read_text(encoding="utf-8")))


def assert_valid(decision: Decision) -> None:
    data = json.loads(decision.model_dump_json())
    VALIDATOR.validate(data)
    again = Decision.model_validate(data)
    assert again == decision
    assert repr(again) == repr(decision)  # repr shows types: an enum vs its str, a tuple vs a list
    assert again.model_dump_json() == decision.model_dump_json()
    assert pickle.loads(pickle.dumps(decision)) == decision


def timeline(app: dict) -> list[dt.date]:
    days = {dt.date.fromisoformat(app["submitted_on"])}
    for ev in app.get("events", ()):
        day = dt.date.fromisoformat(ev.get("on") or ev["from"])
        days.update({day, day + dt.timedelta(days=1), day + dt.timedelta(days=40)})
    return sorted(days)


def test_the_published_schema_is_generated_from_the_output_types() -> None:
    expected = json.dumps(Decision.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    assert PUBLISHED.read_text(encoding="utf-8") == expected, (
        "docs/decision.schema.json is stale: run python tools/generate_docs.py")


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


def test_the_schema_refuses_what_is_not_a_decision() -> None:
    d = json.loads(govrules.decide(catalogue()[0].application(), ruleset=LIBRARY, calendar=CAL).model_dump_json())
    for broken in ({**d, "outcome": "maybe"}, {**d, "receipt_date": 20250303}, {k: v for k, v in d.items() if k != "trace"}):
        with pytest.raises(jsonschema.ValidationError):
            VALIDATOR.validate(broken)


def test_construction_is_strict_and_the_value_frozen() -> None:
    with pytest.raises(TypeError):
        Finding(rule="r", effect="e", message_zh="z", message_en="e", subjcet="typo")  # a typo'd field
    with pytest.raises(TypeError):
        Finding(rule="r", effect="e", message_zh="z")  # a missing required field
    f = Finding(rule="r", effect="e", message_zh="z", message_en="e")
    with pytest.raises(AttributeError):
        f.rule = "s"
    assert States().fees == {} and States().fees is not States().fees  # no shared mutable default
    assert f.model_copy(update={"subject": "x"}).subject == "x" and f.subject is None


def test_reading_back_a_bad_record_names_the_path_and_the_value() -> None:
    d = json.loads(govrules.decide(catalogue()[0].application(), ruleset=LIBRARY, calendar=CAL).model_dump_json())
    d["findings"][0]["rule"] = 7
    with pytest.raises(InvalidInputError) as info:
        Decision.model_validate(d)
    assert info.value.field == "decision.findings[0].rule" and info.value.value == 7
    with pytest.raises(InvalidInputError, match=r"unknown_field\] decision\.surprise"):
        Decision.model_validate({**json.loads(json.dumps(d)), "findings": [], "surprise": 1})


def test_no_code_touches_pydantic_private_attributes() -> None:
    private = re.compile(r"__pydantic_\w+__|BaseModel\.__dict__\[")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "src").rglob("*.py") if private.search(p.read_text("utf-8"))]
    assert offenders == []
