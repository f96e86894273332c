"""Fuzzing the public entry points: whatever goes in, only a ``GovRulesError`` comes out (api.md "Errors").

``decide()``, ``Ruleset.model_validate()`` and ``load_ruleset()`` are fed arbitrary JSON-like values,
targeted mutations of valid applications and rulesets (tests/builders.py), and garbage files. The
property: either a result, or a ``GovRulesError`` subclass whose message names where the problem is —
``InvalidInputError.field`` (a JSON path) and ``RulesetError.path`` / ``.file`` appear in ``str(err)``.

Every escape this fuzzing found is pinned at the bottom as a plain regression test. The ones fixed
are ordinary tests; the ones still open are marked ``xfail(strict=True)``, so a fix makes them fail
until the mark is removed. Inputs that trigger an open one are kept out of the generated inputs by
the ``_unprintable_*`` guards below; drop a guard together with its xfail. ``MAX_DEPTH`` keeps
generated nesting below what the test's own helpers (``json.dumps``, hypothesis' reporting) can
handle; far deeper values are covered by the regressions.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import govrules
from builders import application, material, matter, ruleset, stub
from fuzzing import (  # the strategies and the property, shared with the CLI fuzzing
    BIG_INTS, CAL, DATE_PATHS, FULL_APP, HUGE, RS, APP_PATHS, anything, dates, decide, deep, events, huge_ints,
    iso_dates, json_like, mutated, names_where, only_govrules_errors, paths_of,
)
from govrules import GovRulesError, InvalidInputError, Ruleset, RulesetError, RulesetLibrary


# ---- decide(): arbitrary input ---------------------------------------------------------------------
@given(json_like)
def test_decide_with_an_arbitrary_value(value) -> None:
    decide(value)


@given(st.dictionaries(st.sampled_from(sorted(FULL_APP)) | st.text(max_size=10), anything, max_size=8))
def test_decide_with_arbitrary_fields(fields) -> None:
    decide(fields)
    decide({**application(), **fields})


@given(mutated(FULL_APP, APP_PATHS, DATE_PATHS))
def test_decide_with_a_mutated_application(app) -> None:
    decide(app)


@given(st.lists(events(), max_size=6), iso_dates, st.booleans())
def test_decide_with_arbitrary_events(evs, submitted_on, on_spot) -> None:
    app = application(submitted_on=submitted_on, decided_on_spot=on_spot, materials=[{"id": "form"}], events=evs)
    decide(app)


@given(mutated(FULL_APP, APP_PATHS, DATE_PATHS), anything | dates | st.datetimes())
def test_decide_with_an_arbitrary_as_of(app, as_of) -> None:
    decide(app, as_of=as_of)


@given(anything)
def test_decide_with_an_arbitrary_ruleset_argument(value) -> None:
    decide(application(), rs=value)


def test_each_invalid_input_error_names_its_field() -> None:
    """A fixed sample of the spec's §12 cases, so the property above is seen to bite."""
    cases = {
        "application.submitted_on": application(submitted_on="2025-02-29"),
        "application.events[0].on": application(events=[{"type": "decision", "on": "2025-03-01",
                                                         "result": "approved"}]),
        "application.materials[0].id": application(materials=[{"id": "ghost"}]),
        "application.applicant.kind": application(applicant={"id": "p", "kind": 7}),
        "application.id": {k: v for k, v in application().items() if k != "id"},
    }
    for field, app in cases.items():
        with pytest.raises(InvalidInputError) as info:
            govrules.decide(app, ruleset=RS, calendar=CAL)
        assert info.value.field == field
        names_where(info.value)


# ---- Ruleset.model_validate(): arbitrary and mutated mappings --------------------------------------------
FULL_RS = ruleset(
    matter(prerequisites=["P", "Q"], removed_prerequisites=["Q"], tolerance_allowed=True,
           notification_commitment_allowed=True, simulated_approval_allowed=True,
           land_dependency={"prerequisite": "P", "material": "land"},
           jurisdiction_by_investment=[{"max_investment_cny": 100, "authority_id": "bureau"},
                                       {"authority_id": "city"}],
           materials=[material("form"), material("land", land_document=True),
                      material("minor", "secondary", tolerable=True, commitment_substitutable=True)],
           fees=[{"id": "fee", "name": "Fee", "name_zh": "规费", "payment_period": {"days": 30, "unit": "calendar_days"},
                  "on_late": "not_approved"}],
           validity={"years": 3}, correction_period={"days": 5, "unit": "working_days"},
           special_procedures=["inspection"], effective_from="2010-01-01"),
    stub("P"), stub("Q", prerequisites=["M"]),
    policy={"tolerance": {"supplement_limit": {"days": 5, "unit": "working_days"}, "deny_if_credit": ["dishonest"]},
            "promised_ratio_policy": {"max_ratio": "1/3", "severity": "warning"}, "warning_working_days": 2},
    negative_list={"prohibited": ["BAD"], "restricted": ["R"]}, restricted_requires={"R": "P"},
    parallel_groups=[["M", "P"]], project_total_profiles={"p14": {"days": 14, "basis": "seed 000"}},
    removed_matters=[], basis=["test"], title_zh="测试",
)
RS_PATHS = paths_of(FULL_RS)
RS_DATE_PATHS = [p for p in RS_PATHS if p[-1] in ("effective_from", "effective_to")]


def validate(mapping: Any) -> Ruleset | None:
    return only_govrules_errors(lambda: Ruleset.model_validate(mapping), target="Ruleset.model_validate", allowed=RulesetError)


FULL_RS_APP = application(materials=[{"id": "form"}, {"id": "land"}, {"id": "minor"}], obtained_prerequisites=["P"],
                          project={"category": "industrial", "investment_cny": 50, "industry_code": "R"})


def test_the_documents_used_for_mutations_are_valid() -> None:
    assert isinstance(govrules.decide(FULL_APP, ruleset=RS, calendar=CAL), govrules.Decision)
    assert govrules.decide(FULL_RS_APP, ruleset=Ruleset.model_validate(FULL_RS), calendar=CAL).accepted


@given(json_like)
def test_ruleset_from_an_arbitrary_value(value) -> None:
    validate(value)


@given(st.dictionaries(st.sampled_from(sorted(FULL_RS)) | st.text(max_size=10), anything, max_size=8))
def test_ruleset_with_arbitrary_fields(fields) -> None:
    validate(fields)
    validate({**ruleset(), **fields})


@given(mutated(FULL_RS, RS_PATHS, RS_DATE_PATHS))
def test_mutated_ruleset_and_a_decision_under_it(mapping) -> None:
    rs = validate(mapping)
    if rs is not None:  # whatever a ruleset allows, deciding under it must still fail cleanly
        decide(FULL_RS_APP, rs=rs)
        decide({**FULL_RS_APP, "materials": [{"id": "form"}], "decided_on_spot": False}, rs=rs)


@given(st.sampled_from(["statutory_limit", "promised_limit", "extension", "correction_period"]),
       st.integers(-3, 10**6) | st.sampled_from(BIG_INTS) | huge_ints,
       st.sampled_from(["working_days", "calendar_days"]))
def test_extreme_limits_fail_cleanly_when_deciding(key, days, unit) -> None:
    rs = validate(ruleset(matter(**{key: {"days": days, "unit": unit}})))
    if rs is not None:
        decide(application(), rs=rs)
        decide(application(materials=[{"id": "form"}]), rs=rs)


# ---- load_ruleset(): garbage files ----------------------------------------------------------------
TOML_TOKENS = st.sampled_from([
    'id = "x"\n', 'version = "1"\n', "effective_from = 2020-01-01\n", 'title = "t"\n', "[[matters]]\n",
    "[policy]\n", "[policy.tolerance]\n", 'extends = ["cn.national"]\n', 'extends = ["x"]\n', "=", "[", "]",
    "{", "}", '"', "'''", "\n", "1e999", "inf", "nan", "-0", "0x10", "2025-02-29", "09:00:00", "true",
    'code = "M"\n', "a.b.c = 1\n", "[a]\n[a]\n", "x = 1\nx = 2\n",
])
SHIPPED_TEXT = (govrules.SHIPPED_RULESETS / "demo" / "district.toml").read_text(encoding="utf-8")


def load_only_ruleset_errors(path: Path) -> None:
    result = only_govrules_errors(lambda: govrules.load_ruleset(path), target="load_ruleset", allowed=RulesetError)
    assert result is None or isinstance(result, (Ruleset, RulesetLibrary))


def load_in_fresh_directory(name: str, content: str | bytes) -> None:
    """Write one file into a fresh, nested temporary directory (parents are searched two levels up)."""
    with tempfile.TemporaryDirectory() as outer:
        folder = Path(outer) / "a" / "b"
        folder.mkdir(parents=True)
        f = folder / name
        if isinstance(content, bytes):
            f.write_bytes(content)
        else:
            f.write_text(content, encoding="utf-8", errors="surrogatepass")
        load_only_ruleset_errors(f)
        load_only_ruleset_errors(folder)


@given(st.binary(max_size=300), st.sampled_from(["r.toml", "r.json"]))
def test_random_bytes_in_a_ruleset_file(content, name) -> None:
    load_in_fresh_directory(name, content)


@given(st.text(max_size=200) | st.lists(TOML_TOKENS, max_size=25).map("".join), st.sampled_from(["r.toml", "r.json"]))
def test_garbage_text_in_a_ruleset_file(content, name) -> None:
    load_in_fresh_directory(name, content)


def as_json(value: Any) -> str:
    """``json.dumps``, or a rejected example when json itself cannot write the value (a 5000-digit int)."""
    try:
        return json.dumps(value, default=str)
    except (ValueError, RecursionError):
        assume(False)
        raise AssertionError("unreachable")


@given(json_like)
def test_arbitrary_json_document(value) -> None:
    load_in_fresh_directory("r.json", as_json(value))


@given(mutated(FULL_RS, RS_PATHS, RS_DATE_PATHS))
def test_mutated_ruleset_as_a_json_file(mapping) -> None:
    load_in_fresh_directory("r.json", as_json(mapping))


@given(st.data())
def test_mutated_shipped_toml_that_extends_the_national_defaults(data) -> None:
    lines = SHIPPED_TEXT.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["delete", "duplicate", "insert", "truncate"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, data.draw(TOML_TOKENS))
        else:
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]) - 1)))]
        if not lines:
            break
    load_in_fresh_directory("district.toml", "".join(lines))


@pytest.mark.parametrize("path", [None, 5, 3.5, b"/tmp", ["a.toml"], "/no/such/dir/x.toml", "a\0b.toml"])
def test_load_ruleset_with_odd_paths(path) -> None:
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(path)
    names_where(info.value)


# =====================================================================================================
# Regressions: every escape the fuzzing above found, one test per cause, as a minimal reproducer.
# Open ones are strict xfails: once fixed, they fail as XPASS until the mark is removed.
# =====================================================================================================
def _write(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / name
    f.write_text(text, encoding="utf-8")
    return f


def _layer(tmp_path: Path, **extra: Any) -> Path:
    """A county file extending the shipped national defaults, with ``extra`` top-level keys."""
    return _write(tmp_path, "county.json", json.dumps({
        "id": "c", "version": "1", "effective_from": "2020-01-01", "title": "t", "extends": ["cn.national"], **extra}))


def raises_named(error: type[GovRulesError], call: Callable[[], Any]) -> GovRulesError:
    with pytest.raises(error) as info:
        call()
    names_where(info.value)
    return info.value


# ---- fixed (were: RecursionError / ValueError from repr() inside the error's own message) ------------
def test_regression_deeply_nested_value_in_an_application() -> None:
    app = application()
    app["notes"] = deep(5000)
    raises_named(InvalidInputError, lambda: govrules.decide(app, ruleset=RS, calendar=CAL))


def test_regression_deeply_nested_value_in_a_ruleset_mapping() -> None:
    mapping = ruleset()
    mapping["basis"] = [deep(5000)]
    raises_named(RulesetError, lambda: Ruleset.model_validate(mapping))


def test_regression_huge_int_in_an_application() -> None:
    err = raises_named(InvalidInputError, lambda: govrules.decide(application(notes=HUGE), ruleset=RS, calendar=CAL))
    assert err.field == "application.notes"


def test_regression_huge_int_in_a_ruleset_mapping() -> None:
    err = raises_named(RulesetError, lambda: Ruleset.model_validate(ruleset(id=HUGE)))
    assert err.path == "id"


# ---- fixed (were: ValueError from the calendar's message or timedelta overflow for a huge period) -----
def test_regression_huge_extension_days() -> None:
    app = application(obtained_prerequisites=["P"], events=[{"type": "extension", "on": "2025-03-04", "days": HUGE}])
    raises_named(GovRulesError, lambda: govrules.decide(app, ruleset=RS, calendar=CAL))


def test_regression_huge_statutory_limit_in_calendar_days() -> None:
    mapping = ruleset(matter(statutory_limit={"days": HUGE, "unit": "calendar_days"},
                             promised_limit={"days": 1, "unit": "calendar_days"}))
    rs = only_govrules_errors(lambda: Ruleset.model_validate(mapping), target="Ruleset.model_validate", allowed=RulesetError)
    if rs is not None:
        raises_named(GovRulesError, lambda: govrules.decide(application(), ruleset=rs, calendar=CAL))


# ---- fixed (were: ValueError from json/tomllib for an int literal above 4300 digits) ------------------
def test_regression_huge_int_literal_in_a_json_file(tmp_path: Path) -> None:
    f = _write(tmp_path, "r.json", '{"id": ' + "1" * 5000 + "}")
    assert raises_named(RulesetError, lambda: govrules.load_ruleset(f)).code == "syntax_error"


def test_regression_huge_int_literal_in_a_toml_file(tmp_path: Path) -> None:
    f = _write(tmp_path, "r.toml", "id = " + "1" * 5000 + "\n")
    assert raises_named(RulesetError, lambda: govrules.load_ruleset(f)).code == "syntax_error"


def test_regression_broken_sibling_does_not_break_a_valid_layered_file(tmp_path: Path) -> None:
    _write(tmp_path, "broken.json", '{"id": ' + "1" * 5000 + "}")
    assert govrules.load_ruleset(_layer(tmp_path)).lineage[0][0] == "cn.national"


# ---- fixed (were: ZeroDivisionError, UnicodeEncodeError, TypeError, AttributeError, OSError) -----------
def test_regression_zero_denominator_in_the_ratio_policy() -> None:
    mapping = ruleset(policy={"promised_ratio_policy": {"max_ratio": "1/0"}})
    err = raises_named(RulesetError, lambda: Ruleset.model_validate(mapping))
    assert err.path == "policy.promised_ratio_policy.max_ratio"


def test_regression_lone_surrogate_in_a_json_ruleset(tmp_path: Path) -> None:
    data = json.dumps(ruleset(title="test")).replace('"title": "test"', '"title": "\\ud800"')
    f = _write(tmp_path, "r.json", data)
    assert raises_named(RulesetError, lambda: govrules.load_ruleset(f)).path == "title"


def test_regression_layer_with_a_non_list_removed_matters(tmp_path: Path) -> None:
    f = _layer(tmp_path, removed_matters=5)
    assert raises_named(RulesetError, lambda: govrules.load_ruleset(f)).path == "removed_matters"


def test_regression_calendar_argument_that_is_not_a_calendar() -> None:
    err = raises_named(InvalidInputError, lambda: govrules.decide(application(), ruleset=RS, calendar="china"))
    assert err.field == "calendar"


def test_regression_over_long_path() -> None:
    raises_named(RulesetError, lambda: govrules.load_ruleset(Path("/tmp/" + "a" * 5000 + ".toml")))


def test_regression_event_shape_error_names_the_json_path() -> None:
    app = application(events=[{"type": "decision", "on": "next tuesday", "result": "approved"}])
    err = raises_named(InvalidInputError, lambda: govrules.decide(app, ruleset=RS, calendar=CAL))
    assert err.field == "application.events[0].on"


# ---- fixed (were: TypeError in the layer merge; a non-list layer entry silently replaced) -------------
def test_regression_layer_with_an_unhashable_matter_code(tmp_path: Path) -> None:
    f = _layer(tmp_path, matters=[{"code": ["M"]}])
    raises_named(RulesetError, lambda: govrules.load_ruleset(f))


def test_regression_layer_with_a_non_list_matters_is_an_error(tmp_path: Path) -> None:
    f = _layer(tmp_path, matters="not a list")
    assert raises_named(RulesetError, lambda: govrules.load_ruleset(f)).path == "matters"


# ---- fixed (was: ValueError from Period.__str__ in the checks' messages) ------------------------------
def test_regression_unprintable_limit_in_a_ruleset() -> None:
    mapping = ruleset(matter(promised_limit={"days": HUGE, "unit": "working_days"}))
    err = raises_named(RulesetError, lambda: Ruleset.model_validate(mapping))
    assert err.path == "matters[0].promised_limit.days"


# ---- fixed (wrong answers found while checking docs/ against the code) --------------------------------
def test_regression_validity_beyond_the_calendar_data() -> None:
    """A validity end needs no calendar data (spec §10.3a: no roll-over); it raised CalendarUnavailableError."""
    rs = Ruleset.model_validate(ruleset(matter(validity={"years": 3})))
    d = govrules.decide(application(events=[{"type": "licence_granted", "on": "2025-03-10"}]), ruleset=rs, calendar=CAL)
    assert d.validity_end == dt.date(2028, 3, 10)


def test_regression_renewal_lead_in_months_is_not_ignored() -> None:
    """It was read as 0 days (``lead.days or 0``); a working-day lead was read as calendar days."""
    rs = Ruleset.model_validate(ruleset(matter(validity={"years": 1}, renewal_lead={"months": 1})))
    d = govrules.decide(application(events=[{"type": "licence_granted", "on": "2025-03-10"}]), ruleset=rs, calendar=CAL)
    assert d.renewal_apply_by == dt.date(2026, 2, 10)
    mapping = ruleset(matter(validity={"years": 1}, renewal_lead={"days": 30, "unit": "working_days"}))
    assert raises_named(RulesetError, lambda: Ruleset.model_validate(mapping)).path == "matters[0].renewal_lead.unit"


# ---- open ------------------------------------------------------------------------------------------
def test_regression_oversized_month_period_names_the_application_field() -> None:
    app = application(materials=[{"id": "form"}], events=[
        {"type": "correction_notice", "on": "2025-03-04", "period": {"months": 99_999}}])
    err = raises_named(InvalidInputError, lambda: govrules.decide(app, ruleset=RS, calendar=CAL))
    assert err.field.startswith("application.events[0]"), err.field


def test_regression_unprintable_event_tag_writes_no_unraisable_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    caught: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", caught.append)
    app = application(events=[{"type": [HUGE], "on": "2025-03-04"}])
    err = raises_named(InvalidInputError, lambda: govrules.decide(app, ruleset=RS, calendar=CAL))
    assert err.field == "application.events[0].type"
    assert caught == [], [str(u.exc_value)[:60] for u in caught]
