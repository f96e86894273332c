"""The procedures after acceptance (issue 18 items 1–3; spec §10.9, §10.14): internal steps with their own
clocks (seed 002 第十一–十四條), the upward report of a 上报件 (ALL Art. 35, 43), and the file kinds of the
county's 第十四條 with their effects. Dates are hand-computed on the national calendar (2025: National Day
10-01…10-08, make-up working days Sunday 09-28 and Saturday 10-11)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govrules
from govrules import InvalidInputError, Outcome, Ruleset, RulesetError
from tests.builders import AUTH, CITY, application, matter, ruleset

STEPS = ["forwarding", "cosign", "consultation", "review_meeting"]


def _rs(**extra) -> Ruleset:
    return Ruleset.model_validate(ruleset(matter(internal_steps=STEPS, **extra)))


def _steps(d) -> dict:
    return {s.step: s for s in d.states.internal.steps}


def _warnings(d) -> list[str]:
    return [f.rule for f in d.findings if f.effect == "warning"]


# ---- internal steps --------------------------------------------------------------------------------------
def test_every_step_on_time_across_national_day() -> None:
    app = application(submitted_on="2025-09-29", events=[
        {"type": "sent_to_division", "on": "2025-09-30"},
        {"type": "consultation_sent", "on": "2025-10-09"},  # 2 WD after 09-29: 09-30, then 10-09
        {"type": "consultation_answered", "on": "2025-10-15"},  # 5 WD from 10-09: 10-10, 10-11 (Sat), 10-13…10-15
        {"type": "cosign_requested", "on": "2025-10-17"}, {"type": "cosign_completed", "on": "2025-10-21"},
        {"type": "review_meeting", "on": "2025-10-22", "result": "approved"}])
    d = govrules.decide(app, ruleset=_rs())
    s = _steps(d)
    assert s["forwarding"].due == dt.date(2025, 9, 30)
    assert s["consultation_letter"].due == dt.date(2025, 10, 9)
    assert s["consultation_feedback"].due == dt.date(2025, 10, 15)
    assert s["cosign"].due == dt.date(2025, 10, 21)
    assert all(x.state == "done" for x in s.values()) and d.states.internal.state == "completed"
    assert _warnings(d) == []


def test_a_late_step_is_a_warning_naming_the_step_how_late_and_whose() -> None:
    app = application(submitted_on="2025-09-29", events=[{"type": "sent_to_division", "on": "2025-10-10"}])
    d = govrules.decide(app, ruleset=_rs())
    f = _steps(d)["forwarding"]
    assert (f.state, f.due, f.late_working_days) == ("done_late", dt.date(2025, 9, 30), 2)  # 10-09, 10-10
    (w,) = [x for x in d.findings if x.rule == "internal.forwarding_late"]
    assert "2个工作日" in w.message_zh and "2025-09-30" in w.message_zh and "政务窗口" in w.message_zh
    assert d.states.internal.state == "late"


def test_a_step_still_open_after_its_due_date_is_overdue_as_of_the_decision_date() -> None:
    d = govrules.decide(application(submitted_on="2025-09-29"), ruleset=_rs(), as_of=dt.date(2025, 10, 13))
    s = _steps(d)
    assert (s["forwarding"].state, s["forwarding"].late_working_days) == ("overdue", 4)  # 10-09, 10-10, 10-11, 10-13
    assert (s["consultation_letter"].state, s["consultation_letter"].due) == ("overdue", dt.date(2025, 10, 9))
    assert s["cosign"].state == "not_started" and s["consultation_feedback"].state == "not_started"
    assert set(_warnings(d)) == {"internal.forwarding_late", "internal.consultation_letter_late"}


def test_late_steps_never_change_the_legal_answer() -> None:
    plain = Ruleset.model_validate(ruleset(matter()))
    app = application(submitted_on="2025-09-29")
    late, before = (govrules.decide(app, ruleset=rs, as_of=dt.date(2025, 11, 3)) for rs in (_rs(), plain))
    assert _warnings(late) and not _warnings(before)
    for key in ("outcome", "acceptance_date", "statutory_due", "promised_due", "certificate_due"):
        assert getattr(late, key) == getattr(before, key)
    assert late.states.status == before.states.status


def test_a_refused_review_meeting_ends_in_not_approving() -> None:
    app = application(events=[{"type": "review_meeting", "on": "2025-03-10", "result": "refused"}])
    d = govrules.decide(app, ruleset=_rs())
    assert d.states.internal.state == "review_refused" and d.states.internal.review_result == "refused"
    assert "internal.review_refused" in [f.rule for f in d.findings]
    approved = application(events=[{"type": "review_meeting", "on": "2025-03-10", "result": "refused"},
                                   {"type": "decision", "on": "2025-03-12", "result": "approved"}])
    assert "internal.decision_contradicts_review" in _warnings(govrules.decide(approved, ruleset=_rs()))


def test_steps_still_open_when_the_file_is_decided_end_with_it() -> None:
    app = application(events=[{"type": "sent_to_division", "on": "2025-03-03"},
                              {"type": "decision", "on": "2025-03-04", "result": "approved"}])
    d = govrules.decide(app, ruleset=_rs(), as_of=dt.date(2025, 4, 1))
    s = _steps(d)
    assert s["consultation_letter"].state == "ended"  # due 03-05, the file was decided on 03-04
    assert d.states.internal.state == "completed" and d.states.internal.reason == "file_ended"


def test_a_matter_without_internal_steps_has_no_internal_track() -> None:
    assert govrules.decide(application(), ruleset=Ruleset.model_validate(ruleset(matter()))).states.internal is None


@settings(max_examples=60, deadline=None)
@given(lag=st.integers(0, 8), receipt=st.dates(dt.date(2024, 1, 1), dt.date(2026, 6, 30)))
def test_forwarding_is_late_exactly_after_the_next_working_day(lag: int, receipt: dt.date) -> None:
    cal = govrules.china_calendar()
    sent = cal.add_working_days(receipt, lag) if lag else receipt
    app = application(submitted_on=receipt.isoformat(), events=[{"type": "sent_to_division", "on": sent.isoformat()}])
    f = _steps(govrules.decide(app, ruleset=_rs(), calendar=cal))["forwarding"]
    assert f.due == cal.add_working_days(receipt, 1)
    assert f.late_working_days == max(0, lag - 1) and (f.state == "done") == (lag <= 1)


# ---- 上报件 (ALL Art. 35, 43) ------------------------------------------------------------------------------
def _reported(**extra) -> Ruleset:
    return Ruleset.model_validate(ruleset(matter(handling_kind="reported", reported_to="city", **extra)))


def test_the_lower_review_is_due_20_working_days_after_acceptance() -> None:
    d = govrules.decide(application(submitted_on="2025-09-26"), ruleset=_reported())
    r = d.states.reported
    # 09-28 (Sun, make-up) 1, 09-29 2, 09-30 3, 10-09 4, 10-10 5, 10-11 (Sat) 6, 10-13…17 7–11, 10-20…24 12–16, 10-27…30 17–20
    assert (r.state, r.lower_review.due, r.higher_authority_id) == ("lower_review", dt.date(2025, 10, 30), "city")
    assert d.states.handling.kind_zh == "上报件" and d.states.handling.method_zh == "负责办理"


def test_the_higher_authority_runs_its_own_clock_from_its_receipt() -> None:
    app = application(submitted_on="2025-09-26", events=[
        {"type": "reported_upward", "on": "2025-10-31"}, {"type": "higher_received", "on": "2025-11-03"}])
    d = govrules.decide(app, ruleset=_reported(), as_of=dt.date(2025, 12, 15))
    r = d.states.reported
    assert (r.lower_review.state, r.lower_review.late_working_days) == ("done_late", 1)
    assert r.higher_review.due == dt.date(2025, 12, 1) and r.higher_review.state == "overdue"
    assert set(_warnings(d)) >= {"reported.lower_review_late", "reported.higher_review_late"}
    assert d.outcome is Outcome.accepted and d.statutory_due == govrules.decide(
        application(submitted_on="2025-09-26"), ruleset=_reported()).statutory_due


def test_the_higher_authority_may_not_ask_again_for_what_the_lower_one_holds() -> None:
    app = application(materials=[{"id": "form"}, {"id": "plan", "status": "defective"}, {"id": "minor"}],
                      events=[{"type": "correction_notice", "on": "2025-03-03"},
                              {"type": "supplement", "on": "2025-03-05", "materials": ["plan"]},
                              {"type": "reported_upward", "on": "2025-03-20"},
                              {"type": "higher_received", "on": "2025-03-21"},
                              {"type": "higher_correction_notice", "on": "2025-03-25",
                               "materials": ["form", "plan", "extra"]}])
    d = govrules.decide(app, ruleset=_reported())
    assert d.outcome is Outcome.accepted  # after the correction
    assert d.states.reported.materials_asked_again == ("form", "plan")  # held; "extra" was never submitted
    (w,) = [f for f in d.findings if f.rule == "reported.materials_asked_again"]
    assert "材料form" in w.message_zh and "材料plan" in w.message_zh and "材料extra" not in w.message_zh


def test_a_higher_notice_naming_an_unknown_material_is_an_input_error() -> None:
    app = application(events=[{"type": "higher_correction_notice", "on": "2025-03-25", "materials": ["nope"]}])
    with pytest.raises(InvalidInputError) as e:
        govrules.decide(app, ruleset=_reported())
    assert (e.value.code, e.value.field) == ("unknown_reference", "application.events[0].materials[0]")


def test_reported_to_must_be_a_known_authority_of_a_reported_matter() -> None:
    with pytest.raises(RulesetError) as e:
        Ruleset.model_validate(ruleset(matter(handling_kind="reported", reported_to="nowhere")))
    assert e.value.path == "matters[0].reported_to"
    with pytest.raises(RulesetError):
        Ruleset.model_validate(ruleset(matter(handling_kind="promised", reported_to="city")))


# ---- the six file kinds (seed 002 county 第十四條) ----------------------------------------------------------
@pytest.mark.parametrize("app, kind, method", [
    (application(), "承诺件", "承诺办理"),
    (application(materials=[{"id": "form"}]), "补办件", "一次性告知"),
    (application(authority_id="city"), "退办件", "明确答复"),
])
def test_the_file_kind_follows_the_outcome_then_the_matter(app, kind, method) -> None:
    d = govrules.decide(app, ruleset=Ruleset.model_validate(ruleset(matter())))
    assert (d.states.handling.kind_zh, d.states.handling.method_zh) == (kind, method)


def test_a_returned_file_is_answered_on_the_day_and_a_failed_correction_by_its_decision() -> None:
    rs = Ruleset.model_validate(ruleset(matter()))
    out = govrules.decide(application(authority_id="city"), ruleset=rs)
    assert out.states.handling.answer_due == out.receipt_date  # 即时告知 (ALL Art. 32(1)–(2))
    failed = govrules.decide(application(materials=[{"id": "form"}]), ruleset=rs, as_of=dt.date(2025, 4, 1))
    assert failed.outcome is Outcome.not_accepted_after_failed_correction
    assert failed.states.handling.answer_due == failed.non_acceptance_decision_due


def test_an_immediate_file_is_decided_on_the_day() -> None:
    rs = Ruleset.model_validate(ruleset(matter(handling_kind="immediate",
                                               promised_limit={"days": 0, "unit": "working_days"})))
    d = govrules.decide(application(), ruleset=rs)
    assert d.states.handling.kind_zh == "即办件" and d.states.handling.answer_due == d.acceptance_date == d.promised_due
    lax = Ruleset.model_validate(ruleset(matter(handling_kind="immediate")))
    assert [w.path for w in lax.warnings if w.code == "immediate_not_same_day"] == ["matters[0].promised_limit.days"]


@pytest.mark.parametrize("excluded", [False, True])
def test_a_joint_site_inspection_is_counted_unless_the_policy_excludes_it(excluded: bool) -> None:
    rs = Ruleset.model_validate(ruleset(
        matter(handling_kind="joint", joint_handling=True, statutory_limit={"days": 45, "unit": "working_days"},
               extension={"days": 15, "unit": "working_days"}),
        policy={"joint_site_inspection_excluded": excluded}, authorities=[AUTH, CITY]))
    app = application(events=[{"type": "joint_site_inspection", "from": "2025-03-10", "to": "2025-03-11"}])
    plain = govrules.decide(application(), ruleset=rs)
    d = govrules.decide(app, ruleset=rs)
    cal = govrules.china_calendar()
    assert d.states.handling.kind_zh == "联办件" and d.states.handling.method_zh == "联合办理"
    shift = cal.working_days_between(plain.statutory_due, d.statutory_due)
    assert shift == (2 if excluded else 0)


def test_the_applicants_time_to_pay_is_not_counted_against_the_lower_review() -> None:
    fee = {"id": "f", "name": "fee", "name_zh": "规费", "payment_period": {"days": 10, "unit": "working_days"},
           "on_late": "closed_without_processing"}
    rs = _reported(fees=[fee])
    plain = govrules.decide(application(submitted_on="2025-03-03"), ruleset=rs).states.reported.lower_review.due
    paying = application(submitted_on="2025-03-03", events=[{"type": "fee_notice", "on": "2025-03-10", "fee": "f"},
                                                            {"type": "payment", "on": "2025-03-14", "fee": "f"}])
    due = govrules.decide(paying, ruleset=rs).states.reported.lower_review.due
    assert govrules.china_calendar().working_days_between(plain, due) == 5  # 03-10…03-14 not counted
    early = application(submitted_on="2025-03-03", events=[{"type": "payment", "on": "2025-03-05", "fee": "f"},
                                                           {"type": "fee_notice", "on": "2025-03-10", "fee": "f"}])
    assert govrules.decide(early, ruleset=rs).states.reported.lower_review.due == plain  # paid before the notice


def test_fees_are_notified_only_after_the_review_meeting_passed() -> None:
    fee = {"id": "f", "name": "fee", "name_zh": "规费", "payment_period": {"days": 30, "unit": "calendar_days"},
           "on_late": "not_approved"}
    rs = _rs(fees=[fee])
    after = application(events=[{"type": "review_meeting", "on": "2025-03-10", "result": "approved"},
                                {"type": "fee_notice", "on": "2025-03-11", "fee": "f"}])
    d = govrules.decide(after, ruleset=rs)
    assert d.states.internal.fee_notice_on == dt.date(2025, 3, 11)
    assert "internal.fee_notice_before_review" not in _warnings(d)
    before = application(events=[{"type": "fee_notice", "on": "2025-03-07", "fee": "f"},
                                 {"type": "review_meeting", "on": "2025-03-10", "result": "approved"}])
    assert "internal.fee_notice_before_review" in _warnings(govrules.decide(before, ruleset=rs))
    alone = application(events=[{"type": "fee_notice", "on": "2025-03-07", "fee": "f"}])
    assert "internal.fee_notice_before_review" in _warnings(govrules.decide(alone, ruleset=rs))
