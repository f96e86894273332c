"""Spec §13a, the settled questions the engine answers: Q1 (the gap lists name only what no exception
covered), Q2 (tolerance refusal reasons complete on every correction, per matter in a bundle too) and
Q6 (no certificate date while a fee it waits for is unpaid or lapsed)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govrules
from builders import application, material, matter, ruleset
from govrules import Outcome, Ruleset
from govrules.models.matter import Necessity
from govrules.projects import decide_bundle
from govrules.testing import applicable_matters, applications

CAL = govrules.china_calendar()
D = dt.date
LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
SHIPPED = [rs for rs in (LIBRARY.resolve(d, d.effective_from) for d in LIBRARY.documents) if applicable_matters(rs)]
NO_GAPS = (Outcome.accepted, Outcome.accepted_with_tolerance, Outcome.simulated_acceptance)


def decide(m, **app):
    return govrules.decide(application(**app), ruleset=Ruleset.model_validate(ruleset(m)), calendar=CAL)


def without(*ids):
    return [s for s in application()["materials"] if s["id"] not in ids]


# ---- Q1: missing_materials is what the correction notice names ----------------------------------
def assert_q1(d) -> None:
    missing, defective = set(d.missing_materials), set(d.defective_materials)
    for covered in (d.tolerated_materials, d.commitment_substituted, d.deemed_satisfied_materials):
        assert not (missing | defective) & set(covered), d
    if d.outcome is Outcome.correction_required:
        assert missing <= set(d.all_items_to_correct)
    if d.outcome in NO_GAPS:
        assert not missing and not defective, d


def test_q1_tolerated_material_is_in_tolerated_materials_only() -> None:
    d = decide(matter(tolerance_allowed=True), materials=without("minor"), tolerance_commitment_signed=True)
    assert d.outcome is Outcome.accepted_with_tolerance and d.tolerated_materials == ("minor",)
    assert d.missing_materials == ()
    assert_q1(d)


def test_q1_partially_tolerated_material_is_not_asked_for() -> None:
    rs = ruleset(matter(tolerance_allowed=True), policy={"tolerance": {"allow_partial": True}})
    d = govrules.decide(application(materials=without("minor", "form"), tolerance_commitment_signed=True),
                        ruleset=Ruleset.model_validate(rs), calendar=CAL)
    assert d.outcome is Outcome.correction_required and d.missing_materials == ("form",)
    assert "minor" not in d.all_items_to_correct
    assert_q1(d)


def test_q1_commitment_substituted_material_is_not_missing() -> None:
    m = matter(notification_commitment_allowed=True,
               materials=[material("form"), material("proof", "secondary", commitment_substitutable=True)])
    d = decide(m, materials=[{"id": "form", "status": "ok"}],
               notification_commitment={"signed": True, "materials": ["proof"], "signed_on": "2025-03-03"})
    assert d.outcome is Outcome.accepted and d.commitment_substituted == ("proof",)
    assert d.missing_materials == ()
    assert_q1(d)


def test_q1_simulated_land_document_is_deemed_satisfied_not_missing() -> None:
    m = matter(simulated_approval_allowed=True, land_dependency={"prerequisite": "LAND", "material": "deed"},
               prerequisites=["LAND"], materials=[material("form"), material("deed", land_document=True)])
    rs = ruleset(m, matter("LAND", materials=[material("form")]))
    project = {"category": "industrial", "project_type": "factory", "low_risk": False, "investment_cny": 1,
               "industry_code": "C1", "land_status": "not_obtained", "future_holder_clear": True,
               "intended_holder_id": "p1", "simulated_approval_requested": True}
    d = govrules.decide(application(materials=[{"id": "form", "status": "ok"}], project=project),
                        ruleset=Ruleset.model_validate(rs), calendar=CAL)
    assert d.outcome is Outcome.simulated_acceptance and d.deemed_satisfied_materials == ("deed",)
    assert d.missing_materials == () and d.missing_prerequisites == ()
    assert_q1(d)


def test_q1_accepted_after_correction_owes_nothing_but_keeps_the_notice() -> None:
    events = [{"type": "correction_notice", "on": "2025-03-03"},
              {"type": "supplement", "on": "2025-03-05", "materials": ["form"]}]
    d = decide(matter(), materials=without("form"), events=events)
    assert d.outcome is Outcome.accepted and d.acceptance_date == D(2025, 3, 5)
    assert d.missing_materials == () and d.all_items_to_correct == ("form",)
    assert d.states.correction.state == "accepted"


@st.composite
def shipped_cases(draw):
    rs = draw(st.sampled_from(SHIPPED))
    return rs, draw(applications(rs))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(shipped_cases())
def test_q1_holds_over_generated_applications_of_every_shipped_ruleset(case) -> None:
    rs, app = case
    assert_q1(govrules.decide(app, ruleset=rs, calendar=CAL))


# ---- Q2: tolerance_denied_reasons complete on every correction -----------------------------------
def test_q2_reasons_complete_when_the_matter_is_not_on_the_tolerance_list() -> None:
    d = decide(matter(), materials=without("form"))
    assert d.outcome is Outcome.correction_required
    assert set(d.tolerance_denied_reasons) == {"tolerance_not_allowed_for_matter", "main_material_missing",
                                               "material_not_tolerable", "no_commitment"}


def test_q2_missing_technical_essential_fails_conditions_3_4_and_5() -> None:
    d = decide(matter(tolerance_allowed=True), materials=without("plan"), tolerance_commitment_signed=True)
    assert set(d.tolerance_denied_reasons) == {"main_material_missing", "technical_essential_missing",
                                               "material_not_tolerable"}


def expected_refusals(rs: Ruleset, d, app) -> set[str]:
    """An oracle of spec §6 written from the Decision's own notice, independent of the engine's code."""
    m = rs.matters_by_code[d.matter_code]
    gaps = [m.material(i) for i in d.all_items_to_correct if not i.startswith("prerequisite:")
            and i not in d.on_spot_correctable]
    out = set()
    if not m.tolerance_allowed:
        out.add("tolerance_not_allowed_for_matter")
    if not app.get("basic_conditions_met", True):
        out.add("basic_conditions_not_met")
    if any(g.necessity is Necessity.main for g in gaps):
        out.add("main_material_missing")
    if any(g.technical_essential for g in gaps):
        out.add("technical_essential_missing")
    if any(not (g.necessity is Necessity.secondary and g.tolerable) for g in gaps):
        out.add("material_not_tolerable")
    if d.missing_prerequisites:
        out.add("prerequisite_missing")
    if not app.get("tolerance_commitment_signed", False):
        out.add("no_commitment")
    applicant = app["applicant"]
    if applicant.get("credit", "good") in rs.policy.tolerance.deny_if_credit:
        out.add("credit_dishonest")
    if applicant.get("prior_false_commitment", False):
        out.add("prior_false_commitment")
    return out


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(shipped_cases())
def test_q2_reasons_are_every_failed_condition_on_every_correction(case) -> None:
    rs, app = case
    d = govrules.decide(app, ruleset=rs, calendar=CAL)
    if d.outcome is not Outcome.correction_required or rs.policy.tolerance.allow_partial:
        return
    if d.states.correction is not None and d.states.correction.still_missing != d.all_items_to_correct:
        return  # supplements replayed: the notice lists what was asked, the reasons what was refused then
    assert d.tolerance_denied_reasons, d
    assert set(d.tolerance_denied_reasons) == expected_refusals(rs, d, app)


def test_q2_reasons_complete_per_matter_inside_a_bundle() -> None:
    rs = LIBRARY.get("cn.demo.district", D(2025, 6, 1))
    bundle = next(b for b in rs.bundles if b.id == "open-restaurant")
    bd = decide_bundle({"id": "r1", "bundle": bundle.id, "authority_id": "demo-district-bureau", "region": "370199",
                        "applicant": {"id": "p", "kind": "natural_person"}, "submitted_on": "2025-06-03",
                        "channel": "window", "materials": []}, ruleset=rs, calendar=CAL)
    corrections = [d for d in bd.decisions.values() if d.outcome is Outcome.correction_required]
    assert corrections
    for d in corrections:
        assert {"no_commitment", "main_material_missing"} <= set(d.tolerance_denied_reasons), d.matter_code


# ---- Q6: the certificate after a fee it waits for ---------------------------------------------------
GATED = matter(certificate_issue_limit={"days": 3, "unit": "working_days"}, fees=[
    {"id": "mining", "name": "Mining-right fee", "name_zh": "采矿权出让收益", "on_late": "not_approved",
     "payment_period": {"days": 30, "unit": "calendar_days"},
     "certificate_after_payment": {"days": 3, "unit": "working_days"}}])
CLOSING = matter(fees=[{"id": "land", "name": "Land fee", "name_zh": "建设用地费用",
                        "on_late": "closed_without_processing", "payment_period": {"days": 10, "unit": "working_days"}}])
APPROVED = [{"type": "decision", "on": "2025-08-20", "result": "approved"}]


def fee_decide(m, events, as_of=None):
    return govrules.decide(application(submitted_on="2025-08-01", events=events),
                           ruleset=Ruleset.model_validate(ruleset(m)), calendar=CAL, as_of=as_of)


def test_q6_no_certificate_due_while_the_fee_is_unpaid() -> None:
    d = fee_decide(GATED, APPROVED + [{"type": "fee_notice", "on": "2025-08-21", "fee": "mining"}],
                   as_of=D(2025, 8, 25))
    assert d.states.fees["mining"].state == "awaiting_payment"
    assert d.certificate_due is None
    assert not any(f.rule.startswith("clock.certificate") for f in d.findings)


def test_q6_no_certificate_due_before_the_fee_notice() -> None:
    assert fee_decide(GATED, APPROVED).certificate_due is None


def test_q6_no_certificate_due_after_a_lapsed_fee() -> None:
    d = fee_decide(GATED, APPROVED + [{"type": "fee_notice", "on": "2025-08-21", "fee": "mining"}],
                   as_of=D(2025, 10, 31))
    assert d.states.fees["mining"].state == "not_approved" and d.certificate_due is None
    closed = fee_decide(CLOSING, APPROVED + [{"type": "fee_notice", "on": "2025-08-21", "fee": "land"}],
                        as_of=D(2025, 10, 31))
    assert closed.states.fees["land"].state == "closed_without_processing" and closed.certificate_due is None


def test_q6_top_level_certificate_due_equals_the_fee_tracks() -> None:
    paid = fee_decide(GATED, APPROVED + [{"type": "fee_notice", "on": "2025-08-21", "fee": "mining"},
                                         {"type": "payment", "on": "2025-09-12", "fee": "mining"}])
    track = paid.states.fees["mining"]
    assert track.state == "paid_on_time" and track.certificate_due == D(2025, 9, 17)
    assert paid.certificate_due == track.certificate_due
    assert any(f.rule == "fees.certificate" for f in paid.findings)


@given(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 45)))
def test_q6_certificate_due_is_null_or_the_fee_tracks(notice_offset, paid_offset) -> None:
    notice = D(2025, 8, 20) + dt.timedelta(days=notice_offset)
    events = APPROVED + [{"type": "fee_notice", "on": str(notice), "fee": "mining"}]
    if paid_offset is not None:
        events.append({"type": "payment", "on": str(notice + dt.timedelta(days=paid_offset)), "fee": "mining"})
    d = fee_decide(GATED, events, as_of=D(2025, 12, 31))
    track = d.states.fees["mining"]
    assert d.certificate_due == track.certificate_due
    assert (d.certificate_due is None) == (track.state != "paid_on_time")
