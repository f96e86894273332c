"""Reform rules (spec §6, §7, §9, §10.3a, §10.11): each condition and each follow-up state."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govrules
from builders import application, material, matter, ruleset, stub
from govrules import Outcome, Ruleset
from govrules.models import OUTCOME_RANK

D = dt.date
CAL = govrules.china_calendar()
TOLERANT = matter(tolerance_allowed=True, materials=[
    material("form"), material("plan", technical_essential=True), material("minor", "secondary", tolerable=True),
    material("other", "secondary"), material("addr", "secondary", commitment_substitutable=True)])


def rs_of(*matters, **extra):
    return Ruleset.model_validate(ruleset(*matters, **extra))


def decide(rs, as_of=None, **patch):
    base = {"materials": [{"id": "form"}, {"id": "plan"}, {"id": "other"}, {"id": "addr"}],
            "tolerance_commitment_signed": True}
    base.update(patch)
    return govrules.decide(application(**base), ruleset=rs, calendar=CAL, as_of=as_of)


# ---- tolerance: the nine conditions --------------------------------------------------------------
def test_tolerated_gap_accepted_with_supplement_deadline_and_withheld_certificate() -> None:
    d = decide(rs_of(TOLERANT))
    assert d.outcome is Outcome.accepted_with_tolerance
    assert d.tolerated_materials == ("minor",)
    assert d.supplement_deadline == D(2025, 3, 10)
    assert d.certificate_withheld_until_supplemented
    assert d.states.tolerance.state == "pending_supplement"
    assert d.statutory_due == D(2025, 3, 31)  # clocks run from acceptance, not from the supplement


@pytest.mark.parametrize(
    "rs_patch, app_patch, reason",
    [
        ({"tolerance_allowed": False}, {}, "tolerance_not_allowed_for_matter"),
        ({}, {"basic_conditions_met": False}, "basic_conditions_not_met"),
        ({}, {"materials": [{"id": "plan"}, {"id": "other"}, {"id": "addr"}]}, "main_material_missing"),
        ({}, {"materials": [{"id": "form"}, {"id": "other"}, {"id": "addr"}]}, "technical_essential_missing"),
        ({}, {"materials": [{"id": "form"}, {"id": "plan"}, {"id": "addr"}]}, "material_not_tolerable"),
        ({"prerequisites": ["P"]}, {}, "prerequisite_missing"),
        ({}, {"tolerance_commitment_signed": False}, "no_commitment"),
        ({}, {"applicant": {"id": "p", "kind": "legal_person", "credit": "dishonest"}}, "credit_dishonest"),
        ({}, {"applicant": {"id": "p", "kind": "legal_person", "prior_false_commitment": True}}, "prior_false_commitment"),
    ],
)
def test_each_condition_refuses_tolerance_with_its_reason(rs_patch, app_patch, reason) -> None:
    rs = rs_of({**TOLERANT, **rs_patch}, stub("P"))
    d = decide(rs, **app_patch)
    assert d.outcome is Outcome.correction_required
    assert reason in d.tolerance_denied_reasons
    assert "minor" in d.all_items_to_correct  # no partial tolerance: every gap is listed


def test_every_failed_condition_is_reported() -> None:
    d = decide(rs_of(TOLERANT), materials=[{"id": "addr"}], tolerance_commitment_signed=False,
               applicant={"id": "p", "kind": "legal_person", "credit": "dishonest"})
    assert set(d.tolerance_denied_reasons) == {"main_material_missing", "technical_essential_missing",
                                                "material_not_tolerable", "no_commitment", "credit_dishonest"}


def test_on_spot_items_with_tolerable_gaps_are_corrected_on_the_spot() -> None:
    d = decide(rs_of(TOLERANT), materials=[{"id": "form", "status": "correctable_on_spot"}, {"id": "plan"},
                                           {"id": "other"}, {"id": "addr"}])
    assert d.outcome is Outcome.correct_on_spot


def test_tolerance_follow_up_states() -> None:
    rs = rs_of(TOLERANT)
    sup = [{"type": "supplement", "on": "2025-03-07", "materials": ["minor"]},
           {"type": "decision", "on": "2025-03-05", "result": "approved"}]
    d = decide(rs, events=sup)
    t = d.states.tolerance
    assert (t.state, t.supplemented_on, t.certificate_release_allowed) == ("supplemented", D(2025, 3, 7), True)
    assert d.certificate_due == CAL.add_working_days(D(2025, 3, 7), 10)  # from the later of decision and supplement
    late = decide(rs, events=[{"type": "supplement", "on": "2025-03-11", "materials": ["minor"]}])
    assert late.states.tolerance.state == "terminated"
    assert late.states.tolerance.credit_consequence == "broken_commitment_recorded"
    assert late.certificate_due is None
    assert decide(rs, as_of=D(2025, 3, 10)).states.tolerance.state == "pending_supplement"


# ---- notification-commitment -------------------------------------------------------------------
COMMIT = {**TOLERANT, "notification_commitment_allowed": True}


def test_commitment_replaces_a_substitutable_proof() -> None:
    d = decide(rs_of(COMMIT), materials=[{"id": "form"}, {"id": "plan"}, {"id": "other"}, {"id": "minor"}],
               notification_commitment={"signed": True, "materials": ["addr"]})
    assert d.outcome is Outcome.accepted
    assert d.commitment_substituted == ("addr",) and d.post_approval_verification


@pytest.mark.parametrize(
    "rs_patch, app_patch, reason",
    [
        ({"notification_commitment_allowed": False}, {}, "matter_not_on_commitment_list"),
        ({}, {"notification_commitment": {"signed": False, "materials": ["addr"]}}, "not_signed"),
        ({}, {"notification_commitment": {"signed": True, "materials": ["other"]}}, "material_not_commitment_substitutable"),
        ({}, {"applicant": {"id": "p", "kind": "legal_person", "credit": "dishonest"}}, "credit_dishonest"),
        ({}, {"applicant": {"id": "p", "kind": "legal_person", "prior_false_commitment": True}}, "prior_false_commitment"),
    ],
)
def test_commitment_refusal_reasons(rs_patch, app_patch, reason) -> None:
    patch = {"materials": [{"id": "form"}, {"id": "plan"}, {"id": "minor"}],
             "notification_commitment": {"signed": True, "materials": ["addr"]}, **app_patch}
    d = decide(rs_of({**COMMIT, **rs_patch}), **patch)
    assert reason in d.commitment_denied_reasons
    assert d.outcome is Outcome.correction_required


def test_commitment_combines_with_tolerance() -> None:
    d = decide(rs_of(COMMIT), materials=[{"id": "form"}, {"id": "plan"}, {"id": "other"}],
               notification_commitment={"signed": True, "materials": ["addr"]})
    assert d.outcome is Outcome.accepted_with_tolerance
    assert (d.commitment_substituted, d.tolerated_materials) == (("addr",), ("minor",))


# ---- simulated approval --------------------------------------------------------------------------
SIM = matter(prerequisites=["LAND"], simulated_approval_allowed=True,
             land_dependency={"prerequisite": "LAND", "material": "land"},
             materials=[material("form"), material("land", land_document=True)])
PROJECT = {"category": "industrial", "land_status": "not_obtained", "future_holder_clear": True,
           "intended_holder_id": "ent-1", "simulated_approval_requested": True}


def sim(rs=None, as_of=None, events=(), **project):
    return govrules.decide(application(materials=[{"id": "form"}], project={**PROJECT, **project}, events=list(events)),
                           ruleset=rs or rs_of(SIM, stub("LAND")), calendar=CAL, as_of=as_of)


def test_simulated_acceptance_deems_land_satisfied_and_is_not_effective() -> None:
    d = sim()
    assert d.outcome is Outcome.simulated_acceptance
    assert (d.deemed_satisfied_prerequisites, d.deemed_satisfied_materials) == (("LAND",), ("land",))
    assert d.results_effective is False
    assert d.states.simulated.state == "simulated_pending_land"


@pytest.mark.parametrize(
    "patch, rs_patch, reason",
    [
        ({}, {"simulated_approval_allowed": False, "land_dependency": None}, "matter_not_eligible"),
        ({"category": "real_estate"}, {}, "category_not_eligible"),
        ({"future_holder_clear": False}, {}, "future_holder_unclear"),
        ({"simulated_approval_requested": False}, {}, "not_voluntary"),
    ],
)
def test_simulated_refusal_reasons(patch, rs_patch, reason) -> None:
    d = sim(rs=rs_of({**SIM, **rs_patch}, stub("LAND")), **patch)
    assert reason in d.simulated_denied_reasons
    assert d.outcome is Outcome.correction_required
    assert "land" in d.all_items_to_correct and "prerequisite:LAND" in d.all_items_to_correct


def test_conversion_and_voiding() -> None:
    conv = sim(events=[{"type": "land_obtained", "on": "2025-05-06", "holder_id": "ent-1"}])
    assert (conv.states.simulated.state, conv.states.simulated.effective_from) == ("converted", D(2025, 5, 6))
    assert conv.results_effective is True
    void = sim(events=[{"type": "land_obtained", "on": "2025-05-06", "holder_id": "someone-else"}])
    assert (void.states.simulated.state, void.states.simulated.reason) == ("voided", "land_obtained_by_other_party")
    rs = rs_of(SIM, stub("LAND"), policy={"simulated_approval": {"validity": {"months": 6}}})
    expired = sim(rs=rs, as_of=D(2025, 9, 10))
    assert expired.states.simulated.state == "voided" and expired.states.simulated.reason == "validity_expired"
    late_land = sim(rs=rs, events=[{"type": "land_obtained", "on": "2025-10-06", "holder_id": "ent-1"}])
    assert late_land.states.simulated.state == "voided"  # voiding is final


@given(st.dates(D(2010, 1, 1), D(2025, 6, 30)))
def test_simulated_due_dates_equal_those_with_land_held(day) -> None:
    rs = rs_of(SIM, stub("LAND"))
    simulated = govrules.decide(application(submitted_on=day.isoformat(), materials=[{"id": "form"}], project=PROJECT),
                                ruleset=rs, calendar=CAL)
    held = govrules.decide(application(submitted_on=day.isoformat(), materials=[{"id": "form"}, {"id": "land"}],
                                       obtained_prerequisites=["LAND"], project={**PROJECT, "land_status": "obtained"}),
                           ruleset=rs, calendar=CAL)
    assert simulated.outcome is Outcome.simulated_acceptance and held.outcome is Outcome.accepted
    assert (simulated.statutory_due, simulated.promised_due) == (held.statutory_due, held.promised_due)


@given(st.lists(st.tuples(st.integers(0, 200), st.sampled_from(["ent-1", "other"])), max_size=4), st.integers(0, 400))
def test_conversion_and_voiding_are_final(lands, later) -> None:
    events = [{"type": "land_obtained", "on": (D(2025, 3, 3) + dt.timedelta(days=n)).isoformat(), "holder_id": h}
              for n, h in lands[:1]]
    first = sim(events=events, as_of=D(2025, 3, 3) + dt.timedelta(days=400))
    if first.states.simulated.state in ("converted", "voided"):
        # a later land event to anyone never changes a terminal state
        more = events + [{"type": "land_obtained", "on": (D(2025, 3, 3) + dt.timedelta(days=401)).isoformat(),
                          "holder_id": "ent-1"}]
        with pytest.raises(govrules.InvalidInputError):  # a second land_obtained is itself an input error
            sim(events=more)
        assert sim(events=events, as_of=D(2025, 3, 3) + dt.timedelta(days=400 + later % 300)).states.simulated.state \
            == first.states.simulated.state


# ---- properties: tolerance never covers main/technical; commitment never worse ----------------
@given(st.lists(st.sampled_from(["form", "plan", "minor", "other", "addr"]), unique=True), st.booleans(), st.booleans())
def test_tolerance_never_covers_main_or_technical(given_ids, signed, commit) -> None:
    rs = rs_of(COMMIT)
    nc = {"signed": True, "materials": ["addr"]} if commit else None
    d = decide(rs, materials=[{"id": i} for i in given_ids], tolerance_commitment_signed=signed,
               notification_commitment=nc)
    m = rs.matters_by_code["M"]
    for mid in d.tolerated_materials:
        mat = m.material(mid)
        assert mat.necessity.value == "secondary" and mat.tolerable and not mat.technical_essential


@given(st.lists(st.sampled_from(["form", "plan", "minor", "other", "addr"]), unique=True), st.booleans())
def test_signing_a_commitment_never_makes_a_decision_worse(given_ids, signed_tolerance) -> None:
    rs = rs_of(COMMIT)
    mats = [{"id": i} for i in given_ids]
    unsigned = decide(rs, materials=mats, tolerance_commitment_signed=signed_tolerance,
                      notification_commitment={"signed": False, "materials": ["addr"]})
    signed = decide(rs, materials=mats, tolerance_commitment_signed=signed_tolerance,
                    notification_commitment={"signed": True, "materials": ["addr"]})
    assert OUTCOME_RANK[signed.outcome] >= OUTCOME_RANK[unsigned.outcome]
    no_tol = decide(rs, materials=mats, tolerance_commitment_signed=False)
    tol = decide(rs, materials=mats, tolerance_commitment_signed=True)
    assert OUTCOME_RANK[tol.outcome] >= OUTCOME_RANK[no_tol.outcome]


# ---- fees and renewal ----------------------------------------------------------------------------
FEES = matter(fees=[
    {"id": "mining", "name": "Mining-right fee", "name_zh": "采矿权出让收益", "on_late": "not_approved",
     "payment_period": {"days": 30, "unit": "calendar_days"},
     "certificate_after_payment": {"days": 3, "unit": "working_days"}},
    {"id": "land", "name": "Land fee", "name_zh": "建设用地费用", "on_late": "closed_without_processing",
     "payment_period": {"days": 10, "unit": "working_days"}}])


def fee_decide(events, as_of=None):
    return govrules.decide(application(submitted_on="2025-08-01", events=events), ruleset=rs_of(FEES),
                           calendar=CAL, as_of=as_of)


def test_fee_deadlines_and_states() -> None:
    notice = [{"type": "fee_notice", "on": "2025-09-01", "fee": "mining"}, {"type": "fee_notice", "on": "2025-09-01", "fee": "land"}]
    d = fee_decide(notice, as_of=D(2025, 9, 2))
    assert d.states.fees["mining"].payment_deadline == D(2025, 10, 9)  # 10-01 National Day ⇒ rolled to 10-09
    assert d.states.fees["land"].payment_deadline == D(2025, 9, 15)
    assert {f.state for f in d.states.fees.values()} == {"awaiting_payment"}
    on_deadline = fee_decide(notice + [{"type": "payment", "on": "2025-10-09", "fee": "mining"}])
    assert on_deadline.states.fees["mining"].state == "paid_on_time"
    assert on_deadline.states.fees["mining"].certificate_due == D(2025, 10, 13)  # 10-11 is a make-up Saturday
    assert on_deadline.states.fees["land"].state == "closed_without_processing"
    late = fee_decide(notice, as_of=D(2025, 10, 10))
    assert late.states.fees["mining"].state == "not_approved"


def test_an_unpaid_fee_closes_the_status_track() -> None:
    notice = [{"type": "fee_notice", "on": "2025-08-04", "fee": "land"}]
    before = fee_decide(notice, as_of=D(2025, 8, 18))  # deadline 08-18: still time to pay
    assert before.states.status.state != "decided"
    after = fee_decide(notice, as_of=D(2025, 8, 19))
    assert after.states.fees["land"].state == "closed_without_processing"
    assert (after.states.status.state, after.states.status.reason) == ("decided", "fee_closed_without_processing")
    assert after.states.status.decided_on == D(2025, 8, 19)


LOCAL_DEEMED = {"policy": {"deemed_approval_on_promised_expiry": True}}


def test_a_terminated_tolerance_is_never_deemed_approved() -> None:
    rs = rs_of(TOLERANT, **LOCAL_DEEMED)
    d = decide(rs, as_of=D(2025, 3, 20))  # supplement deadline 03-10 missed; promised due 03-11 passed too
    assert d.states.tolerance.state == "terminated"
    assert (d.states.status.state, d.states.status.reason) == ("decided", "tolerance_terminated")
    assert d.states.status.deemed_approved_on is None
    supplied = decide(rs, as_of=D(2025, 3, 20), events=[{"type": "supplement", "on": "2025-03-10", "materials": ["minor"]}])
    assert supplied.states.status.state == "deemed_approved"


def test_a_local_deemed_approval_is_not_undone_by_a_later_decision() -> None:
    rs = rs_of(matter(), **LOCAL_DEEMED)
    late = govrules.decide(application(events=[{"type": "decision", "on": "2025-03-14", "result": "refused"}]),
                           ruleset=rs, calendar=CAL)
    assert late.states.status.state == "deemed_approved" and late.states.status.deemed_approved_on == D(2025, 3, 12)
    in_time = govrules.decide(application(events=[{"type": "decision", "on": "2025-03-11", "result": "refused"}]),
                              ruleset=rs, calendar=CAL, as_of=D(2025, 3, 20))
    assert in_time.states.status.state == "decided"


INSTANT = matter(handling_kind="immediate", promised_limit={"days": 0, "unit": "working_days"},
                 instant_approval=True, certificate_issue_limit={"days": 0, "unit": "working_days"})


def test_instant_approval_decides_on_acceptance() -> None:
    d = govrules.decide(application(), ruleset=rs_of(INSTANT), calendar=CAL)
    assert d.outcome is Outcome.accepted
    assert (d.states.status.state, d.states.status.decided_on, d.certificate_due) == ("decided", D(2025, 3, 3), D(2025, 3, 3))
    assert "clock.instant_approval" in [f.rule for f in d.findings]
    cert = next(f for f in d.findings if f.rule.startswith("clock.certificate"))
    # a 0-WD certificate period is the matter's own rule, not ALL Art. 44's ten days: cite the matter's basis
    assert cert.rule == "clock.certificate_matter" and [c.source for c in cert.basis] == ["test basis"]
    assert "0个工作日" in cert.message_zh


def test_instant_approval_is_not_backdated_by_deemed_acceptance() -> None:
    d = govrules.decide(application(decided_on_spot=False), ruleset=rs_of(INSTANT), calendar=CAL, as_of=D(2025, 3, 20))
    assert d.outcome is Outcome.deemed_accepted and d.states.status.state != "decided"


def test_instant_approval_needs_an_immediate_matter() -> None:
    with pytest.raises(govrules.RulesetError) as e:
        rs_of(matter(instant_approval=True))
    assert e.value.code == "invalid_instant_approval"


def test_licence_renewal_states() -> None:
    rs = rs_of(matter(validity={"years": 3}))
    ev = [{"type": "licence_granted", "on": "2023-07-10"}]
    base = dict(submitted_on="2023-06-01")

    def state(extra, as_of):
        return govrules.decide(application(**base, events=ev + extra), ruleset=rs, calendar=CAL, as_of=as_of).states.renewal

    r = state([], D(2026, 6, 1))
    assert (r.state, r.validity_end, r.renewal_apply_by) == ("valid", D(2026, 7, 10), D(2026, 6, 10))
    assert state([], D(2026, 6, 11)).state == "apply_by_passed"
    assert state([], D(2026, 7, 11)).state == "expired"
    applied = [{"type": "renewal_application", "on": "2026-06-01"}]
    assert state(applied, D(2026, 6, 20)).state == "pending"
    deemed = state(applied, D(2026, 7, 11))
    assert (deemed.state, deemed.deemed_renewed_on) == ("deemed_renewed", D(2026, 7, 11))
    late = [{"type": "renewal_application", "on": "2026-06-20"}]
    assert state(late, D(2026, 6, 25)).state == "late_application"
    assert state(late, D(2026, 7, 11)).state == "expired"
    renewed = state(applied + [{"type": "renewal_decision", "on": "2026-07-01", "result": "renewed"}], D(2026, 7, 2))
    assert (renewed.state, renewed.new_validity_end) == ("renewed", D(2029, 7, 10))


def test_partial_tolerance_is_configurable() -> None:
    patch = dict(materials=[{"id": "plan"}, {"id": "other"}, {"id": "addr"}],
                 events=[{"type": "supplement", "on": "2025-03-05", "materials": ["form"]}])
    off = decide(rs_of(TOLERANT), as_of=D(2025, 3, 3), **patch)
    assert set(off.all_items_to_correct) == {"form", "minor"}  # default: every gap, tolerable ones too
    rs = rs_of(TOLERANT, policy={"tolerance": {"allow_partial": True}})
    on = decide(rs, as_of=D(2025, 3, 3), **patch)
    assert on.all_items_to_correct == ("form",)
    after = decide(rs, **patch)
    assert after.outcome is Outcome.accepted_with_tolerance
    assert (after.acceptance_date, after.tolerated_materials) == (D(2025, 3, 5), ("minor",))
    assert after.supplement_deadline == CAL.add_working_days(D(2025, 3, 5), 5)


def test_after_renewal_the_states_describe_the_new_period() -> None:
    rs = rs_of(matter(validity={"years": 3}))
    ev = [{"type": "licence_granted", "on": "2023-07-10"}, {"type": "renewal_application", "on": "2026-06-01"},
          {"type": "renewal_decision", "on": "2026-07-01", "result": "renewed"}]

    def renewal(as_of):
        return govrules.decide(application(submitted_on="2023-06-01", events=ev), ruleset=rs, calendar=CAL,
                               as_of=as_of).states.renewal

    assert renewal(D(2026, 7, 2)).state == "renewed"
    r = renewal(D(2026, 8, 1))  # the new period runs from 2026-07-11 to 2029-07-10
    assert (r.state, r.reason, r.validity_end, r.renewal_apply_by) == ("valid", "renewed", D(2029, 7, 10),
                                                                        D(2029, 6, 10))
    assert renewal(D(2029, 7, 11)).state == "expired"


@given(st.dates(D(2010, 1, 1), D(2025, 11, 1)), st.integers(0, 40))
def test_a_fee_paid_on_the_deadline_day_is_on_time(notice, late) -> None:
    events = [{"type": "fee_notice", "on": notice.isoformat(), "fee": "mining"}]
    deadline = CAL.add_calendar_days(notice, 30)
    paid = deadline + dt.timedelta(days=late % 3)
    d = govrules.decide(application(submitted_on=notice.isoformat(), events=events + [
        {"type": "payment", "on": paid.isoformat(), "fee": "mining"}]), ruleset=rs_of(FEES), calendar=CAL)
    fee = d.states.fees["mining"]
    assert fee.payment_deadline == deadline
    assert fee.state == ("paid_on_time" if paid <= deadline else "not_approved")
