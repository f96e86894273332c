"""One test per rule and outcome of spec §5 (acceptance), against a small explicit ruleset."""

import datetime as dt

import pytest

import govrules
from builders import application, matter, ruleset, stub
from govrules import InvalidInputError, Outcome, Ruleset

D = dt.date
CAL = govrules.china_calendar()


def decide(app=None, rs=None, as_of=None, **app_patch):
    rs = rs if rs is not None else Ruleset.model_validate(ruleset())
    return govrules.decide(app if app is not None else application(**app_patch), ruleset=rs, calendar=CAL, as_of=as_of)


def rules_of(decision):
    return [f.rule for f in decision.findings]


# ---- steps 1–3: no date needed ------------------------------------------------------------------
def test_not_required_when_no_licence_needed() -> None:
    rs = Ruleset.model_validate(ruleset(matter(licence_required=False)))
    d = decide(rs=rs)
    assert (d.outcome, d.reason) == (Outcome.not_required, "no_licence_required")
    assert d.findings[0].basis[0].article == "第三十二条第一款第（一）项"


def test_not_required_for_low_risk_exempt_project() -> None:
    rs = Ruleset.model_validate(ruleset(matter(exempt_project_types=["old_community_renovation"])))
    project = {"category": "livelihood", "project_type": "old_community_renovation", "low_risk": True}
    assert decide(rs=rs, project=project).outcome is Outcome.not_required
    assert decide(rs=rs, project={**project, "low_risk": False}).outcome is Outcome.accepted


def test_not_jurisdiction_names_the_competent_authority() -> None:
    d = decide(authority_id="city")
    assert d.outcome is Outcome.not_jurisdiction
    assert d.refer_to_authority_id == "bureau"
    assert "bureau" in d.findings[0].message_en


def test_authority_list_by_investment() -> None:
    rows = [{"max_investment_cny": 100, "authority_id": "bureau"}, {"max_investment_cny": 1000, "authority_id": "city"}]
    rs = Ruleset.model_validate(ruleset(matter(jurisdiction_by_investment=rows)))
    small = {"category": "industrial", "investment_cny": 100}
    big = {"category": "industrial", "investment_cny": 101}
    huge = {"category": "industrial", "investment_cny": 1001}
    assert decide(rs=rs, project=small).outcome is Outcome.accepted
    d = decide(rs=rs, project=big)
    assert (d.outcome, d.refer_to_authority_id) == (Outcome.not_jurisdiction, "city")
    d = decide(rs=rs, project=huge)
    assert (d.outcome, d.reason, d.refer_to_authority_id) == (Outcome.not_jurisdiction, "no_competent_authority_listed", None)


def test_not_required_precedes_jurisdiction() -> None:
    rs = Ruleset.model_validate(ruleset(matter(licence_required=False)))
    assert decide(rs=rs, authority_id="city").outcome is Outcome.not_required


def test_prohibited_industry_rejected_restricted_adds_prerequisite() -> None:
    rs = Ruleset.model_validate(ruleset(matter(), stub("SAFE"), negative_list={"prohibited": ["BAD"], "restricted": ["R"]},
                                        restricted_requires={"R": "SAFE"}))
    d = decide(rs=rs, project={"category": "industrial", "industry_code": "BAD"})
    assert (d.outcome, d.reason) == (Outcome.rejected, "negative_list_prohibited")
    d = decide(rs=rs, project={"category": "industrial", "industry_code": "R"})
    assert d.outcome is Outcome.correction_required
    assert d.missing_prerequisites == ("SAFE",)
    d = decide(rs=rs, project={"category": "industrial", "industry_code": "R"}, obtained_prerequisites=["SAFE"])
    assert d.outcome is Outcome.accepted


def test_screening_outcomes_need_no_calendar_date() -> None:
    # receipt in 2031: no calendar data, yet Art. 32(2) answers at once without a date
    assert decide(authority_id="city", submitted_on="2031-06-02").outcome is Outcome.not_jurisdiction
    with pytest.raises(govrules.CalendarUnavailableError) as info:
        decide(submitted_on="2031-06-02")
    assert info.value.year == 2031


# ---- step 4: prerequisites --------------------------------------------------------------------
def _prereq_ruleset(**extra):
    return Ruleset.model_validate(ruleset(
        matter(prerequisites=["A", "B", "C"], removed_prerequisites=["A"]), stub("A"), stub("B"), stub("C"), **extra))


def test_removed_prerequisites_ignored_and_reported() -> None:
    d = decide(rs=_prereq_ruleset(), obtained_prerequisites=["B", "C"])
    assert d.outcome is Outcome.accepted
    assert d.ignored_prerequisites == ("A",)
    assert "prerequisites.removed" in rules_of(d)


def test_switching_removal_off_restores_the_chain() -> None:
    d = decide(rs=_prereq_ruleset(policy={"apply_removed_prerequisites": False}), obtained_prerequisites=["B", "C"])
    assert d.outcome is Outcome.correction_required
    assert d.missing_prerequisites == ("A",)
    assert "prerequisite:A" in d.all_items_to_correct


def test_parallel_stage_members_not_required_of_each_other() -> None:
    rs = Ruleset.model_validate(ruleset(matter(prerequisites=["B", "C"]), stub("B"), stub("C"),
                                        parallel_groups=[["M", "B"]]))
    d = decide(rs=rs, obtained_prerequisites=["C"])
    assert d.outcome is Outcome.accepted
    assert d.ignored_prerequisites == ("B",)
    assert "prerequisites.parallel" in rules_of(d)
    assert decide(rs=rs).missing_prerequisites == ("C",)


# ---- steps 6–11: materials -----------------------------------------------------------------------
def test_complete_file_accepted_with_deadlines() -> None:
    d = decide()
    assert d.outcome is Outcome.accepted
    assert d.acceptance_date == D(2025, 3, 3)
    assert d.statutory_due == D(2025, 3, 31)
    assert d.promised_due == D(2025, 3, 11)
    assert d.statutory_due_if_extended == D(2025, 4, 15)
    assert d.states.status.state == "pending"
    assert {"acceptance.accepted", "clock.statutory", "clock.promised"} <= set(rules_of(d))


def test_optional_materials_are_never_gaps() -> None:
    d = decide(materials=[{"id": "form"}, {"id": "plan"}, {"id": "minor"}])
    assert d.outcome is Outcome.accepted and "extra" not in d.all_items_to_correct


def test_on_spot_errors_only() -> None:
    d = decide(materials=[{"id": "form", "status": "correctable_on_spot"}, {"id": "plan"}, {"id": "minor"}])
    assert d.outcome is Outcome.correct_on_spot
    assert d.on_spot_correctable == ("form",)


def test_corrected_on_spot_counts_as_satisfied_and_is_reported() -> None:
    d = decide(materials=[{"id": "form", "status": "corrected_on_spot"}, {"id": "plan"}, {"id": "minor"}])
    assert d.outcome is Outcome.accepted
    assert d.on_spot_corrected == ("form",)


def test_one_time_notice_lists_every_item() -> None:
    d = decide(materials=[{"id": "form", "status": "defective"}, {"id": "minor", "status": "correctable_on_spot"}])
    assert d.outcome is Outcome.correction_required
    assert d.missing_materials == ("plan",)
    assert d.defective_materials == ("form",)
    assert d.on_spot_correctable == ("minor",)
    assert d.all_items_to_correct == ("form", "minor", "plan")
    assert d.correction_deadline == D(2025, 3, 10)  # notice on the spot + 5 WD
    assert d.states.correction.state == "awaiting_correction"


# ---- §5.4 after the correction notice ----------------------------------------------------------
def _incomplete(**extra):
    return application(materials=[{"id": "form"}], **extra)


def test_correction_completed_accepts_on_the_last_arrival() -> None:
    app = _incomplete(events=[{"type": "supplement", "on": "2025-03-05", "materials": ["plan"]},
                              {"type": "supplement", "on": "2025-03-07", "materials": ["minor"]}])
    d = decide(app)
    assert d.outcome is Outcome.accepted
    assert d.acceptance_date == D(2025, 3, 7)
    assert d.states.correction.correction_completed_on == D(2025, 3, 7)
    assert d.statutory_due == CAL.add_working_days(D(2025, 3, 7), 20)
    # as of the first supplement only, still awaiting
    assert decide(app, as_of=D(2025, 3, 6)).outcome is Outcome.correction_required


def test_correction_on_the_deadline_day_is_in_time() -> None:
    d = decide(_incomplete(events=[{"type": "supplement", "on": "2025-03-10", "materials": ["plan", "minor"]}]))
    assert d.outcome is Outcome.accepted


def test_failed_correction_not_accepted_with_two_day_decision_due() -> None:
    app = _incomplete(events=[{"type": "supplement", "on": "2025-03-11", "materials": ["plan", "minor"]}])
    d = decide(app)
    assert d.outcome is Outcome.not_accepted_after_failed_correction
    assert d.correction_deadline == D(2025, 3, 10)
    assert d.non_acceptance_decision_due == D(2025, 3, 12)
    assert d.states.correction.still_missing == ("minor", "plan")
    assert "correction.failed" in rules_of(d)


def test_notice_period_from_the_event() -> None:
    app = _incomplete(events=[{"type": "correction_notice", "on": "2025-03-03",
                               "period": {"days": 15, "unit": "calendar_days"}}])
    assert decide(app).correction_deadline == D(2025, 3, 18)


# ---- deemed acceptance (Art. 32(4)) -------------------------------------------------------------
def test_pending_then_deemed_accepted_from_receipt() -> None:
    # spec §10.7: receipt 2025-04-29 ⇒ notice due 05-09; statutory due 05-30; promised due 05-12
    app = _incomplete(submitted_on="2025-04-29", decided_on_spot=False)
    d = decide(app, as_of=D(2025, 5, 9))
    assert (d.outcome, d.notice_due) == (Outcome.pending_acceptance_decision, D(2025, 5, 9))
    d = decide(app, as_of=D(2025, 5, 12))
    assert d.outcome is Outcome.deemed_accepted
    assert d.acceptance_date == D(2025, 4, 29)
    assert (d.statutory_due, d.promised_due) == (D(2025, 5, 30), D(2025, 5, 12))
    assert d.deemed_accepted


def test_late_notice_is_ignored() -> None:
    app = _incomplete(submitted_on="2025-04-29", decided_on_spot=False,
                      events=[{"type": "correction_notice", "on": "2025-05-12"}])
    d = decide(app)
    assert d.outcome is Outcome.deemed_accepted and d.late_notice_ignored


def test_timely_notice_keeps_the_correction_path() -> None:
    app = _incomplete(submitted_on="2025-04-29", decided_on_spot=False,
                      events=[{"type": "correction_notice", "on": "2025-05-09"}])
    d = decide(app)
    assert d.outcome is Outcome.correction_required
    assert d.correction_deadline == D(2025, 5, 16)


def test_voucher_accepts_on_its_date() -> None:
    app = application(submitted_on="2025-04-29", decided_on_spot=False,
                      events=[{"type": "forwarded_to_department", "on": "2025-04-29"},
                              {"type": "acceptance_voucher", "on": "2025-05-06"}])
    d = decide(app)
    assert (d.outcome, d.acceptance_date) == (Outcome.accepted, D(2025, 5, 6))
    assert d.department_review_due == D(2025, 5, 8)


# ---- clocks ---------------------------------------------------------------------------------------
def test_expert_review_excluded_worked_example() -> None:
    app = application(events=[{"type": "suspension", "kind": "expert_review", "from": "2025-03-17", "to": "2025-04-11"}])
    d = decide(app)
    assert d.statutory_due == D(2025, 4, 27)  # a make-up Sunday
    assert d.excluded_working_days == 19
    assert "clock.excluded" in rules_of(d)
    assert decide(app, as_of=D(2025, 3, 20)).states.status.state == "suspended"


def test_receipt_clock_and_certificate() -> None:
    rs = Ruleset.model_validate(ruleset(matter(clock_start="receipt")))
    app = _incomplete(events=[{"type": "supplement", "on": "2025-03-07", "materials": ["plan", "minor"]},
                              {"type": "decision", "on": "2025-03-20", "result": "approved"}])
    d = decide(app, rs=rs)
    # seed 002 第十五條 counts from the window's receipt — of the complete file: a correction restarts it
    # there (the window issues no voucher on an incomplete file, 第六條(二)), so the applicant's correction
    # time is not charged to the authority
    assert d.acceptance_date == D(2025, 3, 7) and d.clock_start == D(2025, 3, 7)
    assert d.certificate_due == D(2025, 4, 3)
    assert d.states.status.state == "decided"
    voucher = application(decided_on_spot=False, events=[{"type": "acceptance_voucher", "on": "2025-03-06"}])
    d = decide(voucher, rs=rs)
    assert d.acceptance_date == D(2025, 3, 6) and d.clock_start == D(2025, 3, 3)  # complete on receipt


def test_status_progression_and_extension() -> None:
    app = application()
    states = {day: decide(app, as_of=day).states.status.state for day in
              (D(2025, 3, 4), D(2025, 3, 7), D(2025, 3, 12), D(2025, 4, 1))}
    assert states == {D(2025, 3, 4): "pending", D(2025, 3, 7): "due_soon", D(2025, 3, 12): "pending_overdue_promised",
                      D(2025, 4, 1): "pending_overdue_statutory"}
    ext = application(events=[{"type": "extension", "on": "2025-03-25"}])
    d = decide(ext, as_of=D(2025, 4, 1))
    assert d.extended and d.states.status.state == "pending_overdue_promised"


def test_local_deemed_approval_switch() -> None:
    rs = Ruleset.model_validate(ruleset(policy={"deemed_approval_on_promised_expiry": True}))
    d = decide(rs=rs, as_of=D(2025, 3, 12))
    assert d.states.status.state == "deemed_approved"
    assert d.states.status.deemed_approved_on == D(2025, 3, 12)


# ---- trace and reproducibility ----------------------------------------------------------------
def test_trace_identifies_ruleset_and_calendar() -> None:
    rs = Ruleset.model_validate(ruleset())
    d = decide(rs=rs)
    assert (d.trace.ruleset_id, d.trace.ruleset_version, d.trace.ruleset_hash) == ("t.rs", "1", rs.content_hash)
    assert d.trace.calendar_version == CAL.version
    assert d.model_dump_json() == decide(rs=Ruleset.model_validate(ruleset())).model_dump_json()


def test_every_finding_cites_a_basis_in_both_languages() -> None:
    d = decide(materials=[{"id": "form", "status": "defective"}])
    for f in d.findings:
        assert f.basis and f.message_zh and f.message_en


# ---- input errors ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "patch, code, field",
    [
        ({"materials": [{"id": "ghost"}]}, "unknown_material", "application.materials[0].id"),
        ({"materials": [{"id": "form"}, {"id": "form"}]}, "duplicate_material", "application.materials[1].id"),
        ({"matter_code": "NOPE"}, "unknown_matter", "application.matter_code"),
        ({"authority_id": "ghost"}, "unknown_authority", "application.authority_id"),
        ({"submitted_on": "2025-02-29"}, "invalid_value", "application.submitted_on"),
        ({"colour": "red"}, "unknown_field", "application.colour"),
        ({"events": [{"type": "decision", "on": "2025-03-01", "result": "approved"}]}, "event_before_receipt",
         "application.events[0].on"),
        ({"events": [{"type": "decision", "on": "2025-03-04", "result": "approved"},
                     {"type": "decision", "on": "2025-03-05", "result": "refused"}]}, "duplicate_event",
         "application.events[1].type"),
        ({"events": [{"type": "supplement", "on": "2025-03-04", "materials": ["ghost"]}]}, "unknown_reference",
         "application.events[0].materials[0]"),
        ({"submitted_on": "2003-06-01"}, "no_ruleset_in_force", "application.submitted_on"),
    ],
)
def test_invalid_input_names_code_field_and_value(patch, code, field) -> None:
    with pytest.raises(InvalidInputError) as info:
        decide(**patch)
    err = info.value
    assert (err.code, err.field) == (code, field)
    assert field in str(err)
    assert isinstance(err, ValueError)


def test_stub_and_out_of_force_matters() -> None:
    rs = Ruleset.model_validate(ruleset(matter(), stub("S"), matter("OLD", effective_to="2020-12-31")))
    with pytest.raises(InvalidInputError) as info:
        decide(rs=rs, matter_code="S")
    assert info.value.code == "matter_not_applicable"
    with pytest.raises(InvalidInputError) as info:
        decide(rs=rs, matter_code="OLD")
    assert info.value.code == "matter_not_in_force"


def test_as_of_checks() -> None:
    with pytest.raises(InvalidInputError) as info:
        decide(as_of=D(2025, 3, 2))
    assert info.value.code == "as_of_before_receipt"
    with pytest.raises(InvalidInputError):
        decide(as_of="2025-03-05")


def test_load_time_warnings_about_the_matter_reach_the_decision() -> None:
    rs = Ruleset.model_validate(ruleset(matter(promised_limit={"days": 7, "unit": "working_days"})))
    assert decide(rs=rs).warnings == ("promised_exceeds_one_third_of_statutory",)
    assert decide().warnings == ()
