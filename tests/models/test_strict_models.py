"""Models are closed and strict: unknown keys, lossy coercions and impossible dates are errors."""

import datetime as dt

import pytest
from pydantic import ValidationError

from builders import application
from govrules import Application, Period
from govrules.loading.schema import ruleset_json_schema


def test_iso_strings_and_dates_are_accepted() -> None:
    a = Application.model_validate(application())
    assert a.submitted_on == dt.date(2025, 3, 3)
    assert Application.model_validate(application(submitted_on=dt.date(2025, 3, 3))) == a


@pytest.mark.parametrize(
    "patch",
    [
        {"submitted_on": "2025-02-29"},
        {"submitted_on": "next tuesday"},
        {"submitted_on": "2025-3-3"},
        {"submitted_on": dt.datetime(2025, 3, 3, 9)},
        {"submitted_on": 20250303},
        {"decided_on_spot": "yes"},
        {"decided_on_spot": 1},
        {"channel": "fax"},
        {"unknown_key": 1},
        {"applicant": {"id": "p", "kind": "legal_person", "nickname": "x"}},
        {"materials": [{"id": "form", "status": "fine"}]},
        {"region": "3701"},
    ],
)
def test_rejected(patch) -> None:
    with pytest.raises(ValidationError):
        Application.model_validate(application(**patch))


def test_float_is_not_an_int() -> None:
    with pytest.raises(ValidationError):
        Period.model_validate({"days": 5.0, "unit": "working_days"})
    with pytest.raises(ValidationError):
        Period.model_validate({"days": True, "unit": "working_days"})


@pytest.mark.parametrize("bad", [{"days": -1, "unit": "working_days"}, {"days": 5}, {"months": 1, "days": 2,
                                 "unit": "working_days"}, {"days": 5, "unit": "fortnights"}, {}])
def test_period_shapes(bad) -> None:
    with pytest.raises(ValidationError):
        Period.model_validate(bad)


def test_models_are_immutable() -> None:
    a = Application.model_validate(application())
    with pytest.raises(ValidationError):
        a.matter_code = "other"  # type: ignore[misc]


def test_schema_describes_ruleset_files() -> None:
    schema = ruleset_json_schema()
    assert schema["additionalProperties"] is False
    assert {"id", "version", "effective_from", "matters", "policy", "extends"} <= set(schema["properties"])
    assert "Matter" in schema["$defs"]
