"""govrules.testing: the strategies generate valid inputs that reach every outcome, the invariants hold
on every shipped ruleset, and each check fails when what it guards is broken."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

import govrules
from govrules import Outcome
from govrules.examples import catalogue
from govrules.models.decision import Citation
from govrules.testing import (
    InvariantViolation, applicable_matters, applications, calendars, check_application, check_cites_basis,
    check_deterministic, check_due_dates, check_monotonic, check_one_time_notice, check_order_independent,
    check_promised_within_statutory, check_ruleset, timelines,
)
from govrules.testing import invariants

LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
SHIPPED = [LIBRARY.resolve(d, d.effective_from) for d in LIBRARY.documents]
SHIPPED = [rs for rs in SHIPPED if applicable_matters(rs)]
DISTRICT = LIBRARY.get("cn.demo.district", dt.date(2025, 6, 1))
CAL = govrules.china_calendar()


@st.composite
def shipped_cases(draw, events: bool = True):
    rs = draw(st.sampled_from(SHIPPED))
    return rs, draw(applications(rs, events=events))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(shipped_cases())
def test_generated_applications_are_valid_and_keep_every_invariant(case) -> None:
    rs, app = case
    govrules.Application.model_validate(app)
    check_application(app, rs, CAL)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(calendars(), st.data())
def test_invariants_hold_on_generated_calendars(cal, data) -> None:
    assert isinstance(cal, govrules.Calendar)
    rs = data.draw(st.sampled_from(SHIPPED))
    check_application(data.draw(applications(rs, calendar=cal)), rs, cal)


#: where each outcome can occur: tolerance needs a matter on the tolerance list, and is rare among
#: random applications of all matters, so it is searched in the ruleset that has such matters
WHERE = {Outcome.accepted_with_tolerance: "cn.demo.county.water", Outcome.not_required: "cn.demo.district.catalogue",
         Outcome.rejected: "cn.demo.district"}


@pytest.mark.parametrize("outcome", [o for o in Outcome if o is not Outcome.simulated_acceptance])
def test_the_strategy_reaches_each_outcome_of_the_shipped_rulesets(outcome: Outcome) -> None:
    """Every outcome the shipped rulesets can give is generated (simulated approval needs a project
    matter with its land flow, searched by the dedicated tests of rules/)."""
    rulesets = [rs for rs in SHIPPED if rs.id == WHERE[outcome]] if outcome in WHERE else SHIPPED

    def decides(case) -> bool:
        rs, app = case
        return govrules.decide(app, ruleset=rs, calendar=CAL).outcome is outcome

    cases = st.sampled_from(rulesets).flatmap(lambda rs: st.tuples(st.just(rs), applications(rs)))
    case = find(cases, decides, settings=settings(max_examples=3000, database=None))
    assert decides(case)


def test_timelines_are_dated_after_the_receipt_with_single_events_once() -> None:
    matter = DISTRICT.matters_by_code["CONSTR"]
    received = dt.date(2025, 3, 3)

    @settings(max_examples=50)
    @given(timelines(matter, received))
    def check(events) -> None:
        for ev in events:
            assert dt.date.fromisoformat(ev.get("on") or ev["from"]) >= received
        singles = [e["type"] for e in events if e["type"] in ("decision", "licence_granted", "land_obtained")]
        assert len(singles) == len(set(singles))

    check()


def test_check_ruleset_runs_on_a_shipped_ruleset() -> None:
    check_ruleset(DISTRICT, max_examples=10)


def test_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(govrules.InvalidInputError, match="library.get"):
        applications(LIBRARY)
    with pytest.raises(govrules.InvalidInputError, match="unknown_matter"):
        applications(DISTRICT, "NOPE")


# ---- each check bites ----------------------------------------------------------------------------------
def _correction():
    app = next(a for a in catalogue() if a.file == "construction_permit_correction.json").application()
    d = govrules.decide(app, ruleset=LIBRARY, calendar=CAL)
    rs = LIBRARY.get(d.trace.ruleset_id, d.receipt_date)
    return app, d, rs, rs.matters_by_code[app["matter_code"]]


def test_one_time_notice_catches_a_withheld_and_a_spurious_item() -> None:
    app, d, rs, matter = _correction()
    check_one_time_notice(d, rs, matter, app)
    withheld = d.model_copy(update={"all_items_to_correct": d.all_items_to_correct[1:]})
    with pytest.raises(InvariantViolation) as info:
        check_one_time_notice(withheld, rs, matter, app)
    assert info.value.invariant == "one_time_notice" and d.all_items_to_correct[0] in str(info.value)
    ok_id = next(m["id"] for m in app["materials"] if m["status"] == "ok")
    spurious = d.model_copy(update={"all_items_to_correct": d.all_items_to_correct + (ok_id,)})
    with pytest.raises(InvariantViolation, match="in order"):
        check_one_time_notice(spurious, rs, matter, app)
    accepted = d.model_copy(update={"outcome": Outcome.accepted})
    with pytest.raises(InvariantViolation, match="missing"):
        check_one_time_notice(accepted, rs, matter, app)


def test_due_date_checks_catch_order_receipt_and_rest_days() -> None:
    ex = next(e for e in catalogue() if e.file == "construction_permit_accepted.json")
    d = govrules.decide(ex.application(), ruleset=LIBRARY, calendar=CAL)
    matter = LIBRARY.get(d.trace.ruleset_id, d.receipt_date).matters_by_code[d.matter_code]
    check_due_dates(d, matter, CAL)
    sunday = next(d.statutory_due + dt.timedelta(days=i) for i in range(1, 8)
                  if not CAL.is_working_day(d.statutory_due + dt.timedelta(days=i)))
    cases = {
        "promised_within_statutory": {"promised_due": d.statutory_due + dt.timedelta(days=1), "statutory_due_if_extended": None},
        "due_dates": {"correction_deadline": d.receipt_date - dt.timedelta(days=1)},
    }
    for invariant, update in cases.items():
        with pytest.raises(InvariantViolation) as info:
            check_due_dates(d.model_copy(update=update), matter, CAL)
        assert info.value.invariant == invariant
    with pytest.raises(InvariantViolation, match="not a working day"):
        check_due_dates(d.model_copy(update={"statutory_due": sunday, "statutory_due_if_extended": sunday}), matter, CAL)
    with pytest.raises(InvariantViolation, match="promised"):
        check_promised_within_statutory(d.model_copy(update={"promised_due": d.statutory_due + dt.timedelta(days=3)}))


def test_cites_basis_catches_a_finding_without_basis() -> None:
    _, d, _, _ = _correction()
    check_cites_basis(d)
    bare = d.findings[0].model_copy(update={"basis": ()})
    with pytest.raises(InvariantViolation, match="no legal basis"):
        check_cites_basis(d.model_copy(update={"findings": (bare,) + d.findings[1:]}))
    empty = d.findings[0].model_copy(update={"basis": (Citation(kind="law", source=""),)})
    with pytest.raises(InvariantViolation):
        check_cites_basis(d.model_copy(update={"findings": (empty,)}))


def test_pair_checks_catch_a_misbehaving_decider() -> None:
    app, d, rs, matter = _correction()
    app = {**app, "events": []}

    def decide_(a):
        return govrules.decide(a, ruleset=rs, calendar=CAL)

    for check in (check_deterministic, check_order_independent):
        check(decide_, app)
    check_monotonic(decide_, matter, app)
    calls = []

    def flaky(a):
        calls.append(1)
        return decide_(a) if len(calls) % 2 else d.model_copy(update={"outcome": Outcome.accepted})

    with pytest.raises(InvariantViolation, match="deterministic"):
        check_deterministic(flaky, app)

    def order_sensitive(a):
        first = a["materials"][0]["id"] if a["materials"] else None
        return d.model_copy(update={"reason": first})

    with pytest.raises(InvariantViolation, match="order_independent"):
        check_order_independent(order_sensitive, app, seed=1)

    def perverse(a):  # more materials, worse outcome
        return d.model_copy(update={"outcome": Outcome.correction_required if len(a["materials"]) > len(app["materials"])
                                    else Outcome.accepted})

    with pytest.raises(InvariantViolation, match="monotonic"):
        check_monotonic(perverse, matter, app)


def test_check_ruleset_reports_a_broken_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sabotage decide() so that a correction notice drops one item: check_ruleset must find it."""
    real = invariants.decide

    def forgetful(app, **kw):
        d = real(app, **kw)
        if d.outcome is Outcome.correction_required and len(d.all_items_to_correct) > 1:
            return d.model_copy(update={"all_items_to_correct": d.all_items_to_correct[:-1]})
        return d

    monkeypatch.setattr(invariants, "decide", forgetful)
    with pytest.raises(InvariantViolation) as info:
        check_ruleset(DISTRICT, matters=["CONSTR"], max_examples=200)
    assert info.value.invariant == "one_time_notice"


def test_without_hypothesis_the_kit_names_its_extra() -> None:
    code = "import sys; sys.modules['hypothesis'] = None\nimport govrules.testing"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    assert "MissingDependencyError" in r.stderr and 'pip install ".[testing]"' in r.stderr


def test_receipt_clock_due_dates_compare_with_the_clocks_start() -> None:
    """Spec §13a Q5: a receipt clock (seed 002 第十五條) may end before a later acceptance; that is not
    a violation, but a due date before its own clock's start is."""
    from builders import application, matter, ruleset

    m = matter(clock_start="receipt", promised_limit={"days": 2, "unit": "working_days"})
    rs = govrules.Ruleset.model_validate(ruleset(m))
    events = [{"type": "acceptance_voucher", "on": "2025-03-07"}]  # reviewed, accepted four days later
    app = application(decided_on_spot=False, events=events)
    d = govrules.decide(app, ruleset=rs, calendar=CAL)
    assert d.clock_start == d.receipt_date < d.acceptance_date and d.promised_due < d.acceptance_date
    check_due_dates(d, rs.matters_by_code["M"], CAL)
    early = d.model_copy(update={"promised_due": d.clock_start - dt.timedelta(days=1), "receipt_date": dt.date(2025, 1, 1)})
    with pytest.raises(InvariantViolation, match="clock's start"):
        check_due_dates(early, rs.matters_by_code["M"], CAL)
    approved = govrules.decide({**app, "events": events + [{"type": "decision", "on": "2025-03-10", "result": "approved"}]},
                               ruleset=rs, calendar=CAL)
    check_due_dates(approved, rs.matters_by_code["M"], CAL)
    with pytest.raises(InvariantViolation, match="before the decision"):
        check_due_dates(approved.model_copy(update={"certificate_due": dt.date(2025, 3, 9)}), rs.matters_by_code["M"], CAL)
