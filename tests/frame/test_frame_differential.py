"""decide_frame against decide(), row by row and column by column (issue 17 item 3): generated
applications of every shipped ruleset and of generated rulesets (every policy switch, several matters,
layered and versioned libraries), with events (the row engine), without (the columnar engine), as of
later dates (deemed acceptance, failed corrections …) and with invalid rows (decide()'s error code)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import govrules
from builders import AUTH, CITY, material, matter, stub
from frame_testlib import assert_frame_equals_decide
from govrules import Ruleset, RulesetError
from govrules.frame import table_from_applications
from govrules.testing import applicable_matters, applications

CAL = govrules.china_calendar()
LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
SHIPPED = [rs for rs in (LIBRARY.resolve(d, d.effective_from) for d in LIBRARY.documents) if applicable_matters(rs)]
FEW = settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ---- invalid rows: what a platform may send -------------------------------------------------------
def _mutations(app: dict[str, Any]) -> list[dict[str, Any]]:
    mats = app.get("materials") or []
    first = dict(mats[0]) if mats else {"id": "x"}
    return [
        {**app, "materials": mats + [{"id": "no-such-material"}]},
        {**app, "materials": mats + [first]} if mats else {**app, "materials": [{"id": ""}]},
        {**app, "materials": [{**first, "status": "lost"}] + mats[1:]},
        {**app, "submitted_on": "2025-02-29"},
        {**app, "submitted_on": "next tuesday"},
        {**app, "submitted_on": dt.datetime(2025, 3, 3, 9, 0)},
        {**app, "authority_id": "nobody"},
        {**app, "region": "37019"},
        {**app, "channel": "fax"},
        {**app, "basic_conditions_met": "yes"},
        {**app, "obtained_prerequisites": ["NO-SUCH-CODE"]},
        {**app, "unknown_key": 1},
        {**app, "matter_code": "NO-SUCH-MATTER"},
        {**app, "id": 7},
        {**app, "id": "x" * 201},
        {k: v for k, v in app.items() if k != "applicant"},
        {**app, "applicant": {**app["applicant"], "credit": "excellent"}},
        {**app, "project": {"category": "spaceport"}},
        {**app, "project": {**(app.get("project") or {"category": "industrial"}), "investment_cny": -1}},
        {**app, "project": {**(app.get("project") or {"category": "industrial"}), "investment_cny": 5.0}},
        {**app, "notification_commitment": {"signed": True, "materials": ["no-such-material"]}},
        {**app, "ruleset": "no.such.ruleset"},
        {**app, "submitted_on": "1999-01-01"},
        "not a mapping",
    ]


def _nudged(draw: st.DrawFn, rs: Ruleset, app: dict[str, Any]) -> dict[str, Any]:
    """An application moved towards the exceptions, which uniform applications seldom reach: every
    material handed in but a few tolerable or commitment-substitutable ones (or ones correctable on
    the spot), a signed commitment, a good record, and perhaps a project asking for simulated approval."""
    m = rs.matters_by_code[app["matter_code"]]
    commit = m.notification_commitment_allowed and draw(st.booleans())
    simulate = m.simulated_approval_allowed and draw(st.booleans())
    mats = []
    for x in m.materials:
        owed = x.tolerable or (commit and x.commitment_substitutable) or (simulate and x.land_document)
        if owed and draw(st.booleans()):
            continue
        mats.append({"id": x.id, "status": draw(st.sampled_from(["ok"] * 6 + ["correctable_on_spot", "corrected_on_spot"]))})
    app = {**app, "materials": mats, "tolerance_commitment_signed": True, "basic_conditions_met": True,
           "decided_on_spot": draw(st.sampled_from([True, True, True, False])),
           "applicant": {**app["applicant"], "credit": "good", "prior_false_commitment": False},
           "obtained_prerequisites": list(m.prerequisites) if draw(st.booleans()) else app["obtained_prerequisites"]}
    if commit:
        app["notification_commitment"] = {"signed": True, "materials": [x.id for x in m.materials
                                                                        if x.commitment_substitutable]}
    if "project" in app:
        app["project"] = {**app["project"], "industry_code": draw(st.sampled_from(["X99", "X99", "I65", "M73"])),
                          "low_risk": False}
        if simulate:  # the land is what is missing
            app["project"].update(land_status="not_obtained", future_holder_clear=True,
                                  simulated_approval_requested=True, category="industrial")
            app["obtained_prerequisites"] = [p for p in m.prerequisites if p != m.land_dependency.prerequisite]
    return app


@st.composite
def batches(draw: st.DrawFn, rs: Ruleset, events: bool = True, invalid: bool = True) -> list[Any]:
    """A batch of applications: event-free ones (mostly), some with events, some invalid."""
    out = []
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["plain"] * 3 + ["nudged"] * 3 + (["events"] if events else [])
                                    + (["invalid"] if invalid else [])))
        app = draw(applications(rs, events=kind == "events"))
        if kind == "nudged":
            app = _nudged(draw, rs, app)
        elif kind == "invalid":
            app = draw(st.sampled_from(_mutations(app)))
        out.append(app)
    return out


later = st.one_of(st.none(), st.integers(0, 90))


def _as_of(apps: list[Any], days: int | None) -> dt.date | None:
    """A date ``days`` after the latest receipt of the batch (so that it is on or after most receipts)."""
    if days is None:
        return None
    receipts = [dt.date.fromisoformat(a["submitted_on"]) for a in apps
                if isinstance(a, dict) and isinstance(a.get("submitted_on"), str) and len(a["submitted_on"]) == 10
                and a["submitted_on"][:4].isdigit() and a["submitted_on"] != "2025-02-29"]
    return max(receipts) + dt.timedelta(days=days) if receipts else None


# ---- the shipped rulesets --------------------------------------------------------------------------
@FEW
@given(st.sampled_from(SHIPPED).flatmap(lambda rs: st.tuples(st.just(rs), batches(rs))), later)
def test_shipped_rulesets_every_row_equals_decide(case, days) -> None:
    rs, apps = case
    assert_frame_equals_decide(apps, rs, CAL, _as_of(apps, days))


@FEW
@given(st.sampled_from(SHIPPED).flatmap(lambda rs: st.tuples(st.just(rs), batches(rs, invalid=False))), later)
def test_shipped_library_every_row_equals_decide(case, days) -> None:
    _, apps = case
    assert_frame_equals_decide(apps, LIBRARY, CAL, _as_of(apps, days))


@FEW
@given(st.sampled_from(SHIPPED).flatmap(lambda rs: st.tuples(st.just(rs), batches(rs, events=False, invalid=False))),
       st.integers(0, 90))
def test_event_free_rows_as_of_later_dates_are_columnar(case, days) -> None:
    """Deemed acceptance, pending decisions, failed and awaited corrections: all on the columnar path."""
    rs, apps = case
    rows = assert_frame_equals_decide(apps, rs, CAL, _as_of(apps, days))
    assert [r["engine"] for r in rows] == ["columnar"] * len(rows)


# ---- generated rulesets ------------------------------------------------------------------------------
PERIODS = st.sampled_from([{"days": 5, "unit": "working_days"}, {"days": 3, "unit": "working_days"},
                           {"days": 7, "unit": "calendar_days"}, {"days": 0, "unit": "working_days"}])


@st.composite
def policies(draw: st.DrawFn) -> dict[str, Any]:
    credit = st.sampled_from([["dishonest"], [], ["dishonest", "good"]])
    policy: dict[str, Any] = {
        "start_on_non_working_day": draw(st.sampled_from(["count_from_next_working_day",
                                                          "roll_start_to_next_working_day"])),
        "calendar_day_rollover": draw(st.sampled_from(["next_working_day", "after_statutory_holiday_only", "none"])),
        "clock_start_default": draw(st.sampled_from(["acceptance", "receipt"])),
        "acceptance_notice_limit": draw(PERIODS),
        "correction_period": draw(PERIODS),
        "non_acceptance_decision_limit": draw(PERIODS),
        "apply_removed_prerequisites": draw(st.booleans()),
        "tolerance": {"supplement_limit": {"days": draw(st.integers(0, 5)), "unit": "working_days"},
                      "allow_partial": draw(st.booleans()), "deny_if_credit": draw(credit)},
        "notification_commitment": {"deny_if_credit": draw(credit)},
        "simulated_approval": {"eligible_categories": draw(st.sampled_from([["industrial", "service"],
                                                                            ["industrial", "real_estate"], []])),
                               "void_if_land_obtained_by_other_party": draw(st.booleans())},
        "deemed_approval_on_promised_expiry": draw(st.booleans()),
        "unlisted_matter": draw(st.sampled_from(["error", "not_required"])),
        "internal_limits": {"forwarding": draw(PERIODS), "consultation_letter": draw(PERIODS)},
    }
    if draw(st.booleans()):
        policy["simulated_approval"]["validity"] = draw(st.sampled_from(
            [{"days": 30, "unit": "calendar_days"}, {"months": 2}, {"days": 10, "unit": "working_days"}]))
    return policy


MATERIALS = [material("m1"), material("m2", technical_essential=True), material("m3", commitment_substitutable=True),
             material("s1", "secondary", tolerable=True), material("s2", "secondary", tolerable=True,
                                                                   commitment_substitutable=True),
             material("s3", "secondary"), material("land", "main", land_document=True),
             material("o1", "optional")]


@st.composite
def gen_matter(draw: st.DrawFn, code: str) -> dict[str, Any]:
    simulable = draw(st.integers(0, 2)) == 0
    mats = [x for x in MATERIALS if (simulable and x["id"] == "land") or draw(st.booleans())] or [MATERIALS[0]]
    prereqs = draw(st.lists(st.sampled_from(["P1", "P2", "P3", "LANDP"]), unique=True))
    if simulable and "LANDP" not in prereqs:
        prereqs.append("LANDP")
    removable = [p for p in prereqs if p != "LANDP" or not simulable]
    unit = draw(st.sampled_from(["working_days", "calendar_days"]))
    statutory = draw(st.integers(5, 30))
    extra: dict[str, Any] = {
        "materials": mats, "prerequisites": prereqs,
        "removed_prerequisites": draw(st.lists(st.sampled_from(removable), unique=True)) if removable else [],
        "statutory_limit": {"days": statutory, "unit": unit},
        "extension": {"days": draw(st.integers(0, 15)), "unit": unit},
        "promised_limit": {"days": draw(st.integers(5, statutory)), "unit": unit},
        "tolerance_allowed": draw(st.booleans()),
        "notification_commitment_allowed": draw(st.booleans()),
        "licence_required": draw(st.sampled_from([True] * 7 + [False])),
        "clock_start": draw(st.sampled_from([None, "acceptance", "receipt"])),
    }
    if draw(st.booleans()):
        extra.pop("extension", None)
        extra["extension"] = None
    if draw(st.booleans()):
        extra["correction_period"] = draw(PERIODS)
    if draw(st.integers(0, 3)) == 0:
        extra["exempt_project_types"] = ["renovation"]
    if draw(st.integers(0, 3)) == 0:  # 暂停实施 from a date, perhaps to one
        start = draw(st.dates(dt.date(2012, 1, 1), dt.date(2025, 1, 1)))
        extra["suspended_from"] = start.isoformat()
        if draw(st.booleans()):
            extra["suspended_to"] = (start + dt.timedelta(days=draw(st.integers(0, 2000)))).isoformat()
    if draw(st.booleans()):
        extra["jurisdiction_by_investment"] = [{"max_investment_cny": draw(st.integers(0, 10**10)), "authority_id": "bureau"},
                                               {"authority_id": "city"}] if draw(st.booleans()) else \
            [{"max_investment_cny": 10**9, "authority_id": "bureau", "categories": ["industrial", "service"]},
             {"authority_id": "city"}]
    if simulable:
        extra["simulated_approval_allowed"] = True
        extra["land_dependency"] = {"prerequisite": "LANDP", "material": "land"}
    if draw(st.integers(0, 2)) == 0:  # the procedures after acceptance (engine/procedures.py)
        extra["internal_steps"] = draw(st.lists(st.sampled_from(["forwarding", "cosign", "consultation",
                                                                 "review_meeting"]), unique=True))
    if draw(st.integers(0, 3)) == 0:  # a 上报件 and its lower review clock
        extra.update(handling_kind="reported", reported_to="city",
                     lower_review_limit=draw(st.sampled_from([None, {"days": 40, "unit": "working_days"},
                                                              {"days": 30, "unit": "calendar_days"}])))
    if draw(st.integers(0, 4)) == 0:
        extra.update(handling_kind="immediate", promised_limit={"days": 0, "unit": unit}, instant_approval=True,
                     reported_to=None, lower_review_limit=None)
    out = matter(code, **{k: v for k, v in extra.items() if v is not None})
    if extra.get("extension", 1) is None:
        out.pop("extension", None)
    return out


@st.composite
def gen_rulesets(draw: st.DrawFn) -> dict[str, Any]:
    codes = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=3, unique=True))
    matters = [draw(gen_matter(code)) for code in codes]
    rs = {"id": "gen", "version": "1", "effective_from": "2010-01-01", "title": "generated",
          "authorities": [AUTH, CITY], "policy": draw(policies()),
          "matters": matters + [stub(p) for p in ("P1", "P2", "P3", "LANDP", "R1")],
          "negative_list": {"prohibited": draw(st.sampled_from([[], [], ["C13"]])),
                            "restricted": draw(st.sampled_from([[], ["I65"], ["I65", "M73"]]))},
          "restricted_requires": draw(st.sampled_from([{}, {"I65": "R1"}, {"I65": "P1", "M73": "R1"}])),
          "parallel_groups": draw(st.sampled_from([[], [codes[:1] + ["P2"]]]))}
    return rs


def _valid_ruleset(data: dict[str, Any]) -> Ruleset:
    try:
        return Ruleset.model_validate(data)
    except RulesetError:
        assume(False)
        raise


@FEW
@given(gen_rulesets().flatmap(lambda d: st.tuples(st.just(d), st.just(_valid_ruleset(d)).flatmap(
    lambda rs: batches(rs)))), later)
def test_generated_rulesets_every_row_equals_decide(case, days) -> None:
    data, apps = case
    assert_frame_equals_decide(apps, _valid_ruleset(data), CAL, _as_of(apps, days))


@settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(gen_rulesets(), gen_rulesets(), st.data())
def test_layered_and_versioned_libraries_every_row_equals_decide(parent, child, data) -> None:
    """A library of a parent, a child extending it in two versions: each row's version is chosen by its
    receipt date (and its ruleset id), as RulesetLibrary.select chooses it."""
    parent = {**parent, "id": "gen.parent", "effective_from": "2010-01-01"}
    older = {"id": "gen.child", "version": "1", "effective_from": "2010-01-01", "effective_to": "2019-12-31",
             "extends": ["gen.parent"], "title": "child 1", "policy": child["policy"],
             "matters": child["matters"][:1]}
    newer = {**older, "version": "2", "effective_from": "2020-01-01", "title": "child 2"}
    newer.pop("effective_to")
    newer["policy"] = {**child["policy"], "calendar_day_rollover": "none"}
    _valid_ruleset(parent)
    with tempfile.TemporaryDirectory() as tmp:
        for name, doc in (("parent", parent), ("older", older), ("newer", newer)):
            Path(tmp, f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
        try:
            lib = govrules.load_ruleset(Path(tmp))
        except RulesetError:
            assume(False)
    resolved = []
    for day in (dt.date(2015, 6, 1), dt.date(2022, 6, 1)):
        try:
            resolved.append(lib.get("gen.child", day))
        except (RulesetError, govrules.InvalidInputError):
            assume(False)
    apps = data.draw(batches(resolved[0])) + data.draw(batches(resolved[1]))
    for app in apps[::3]:
        if isinstance(app, dict):
            app["ruleset"] = data.draw(st.sampled_from(["gen.child", "gen.parent"]))
    assert_frame_equals_decide(apps, lib, CAL, _as_of(apps, data.draw(later)))


def test_input_forms_give_the_same_table() -> None:
    """A pyarrow Table, a pandas DataFrame and the list of dicts: the same output."""
    pd = pytest.importorskip("pandas")
    rs = SHIPPED[0]
    import random

    from hypothesis import find

    apps = find(st.lists(applications(rs, events=False), min_size=8, max_size=8), lambda x: True,
                settings=settings(database=None))
    random.Random(3).shuffle(apps)
    table = table_from_applications(apps)
    frames = [govrules.decide_frame(x, ruleset=rs, calendar=CAL) for x in (apps, table, table.to_pandas(),
                                                                           iter(apps), table.to_batches()[0])]
    assert all(f.equals(frames[0]) for f in frames[1:])
    assert_frame_equals_decide(apps, rs, CAL, table=pd.DataFrame(table.to_pylist()))
