"""``decide()``: the pipeline of spec §5.3 — screen, prerequisites, materials, outcome, clocks.

The rules return findings and assessments; the outcome is resolved here by the explicit precedence
of spec §5.3, and every due date comes from the clock. Pure: no I/O, no module-level state.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..calendar import Calendar, china_calendar
from ..clock import Deadlines, add_period, compute_deadlines, status_as_of
from ..clock.clock import ONE_DAY
from ..errors import InvalidInputError
from ..loading.library import RulesetLibrary
from ..models.application import Application, MaterialStatus
from ..models.decision import (
    CorrectionTrack, Decision, FeeTrack, Finding, Outcome, RenewalTrack, SimulatedTrack,
    States, StatusTrack, ToleranceTrack, Trace,
)
from ..models.period import Period
from ..models.ruleset import Ruleset
from ..rules import commitment as commitment_rules
from ..rules import fees as fee_rules
from ..rules import prerequisites as prereq_rules
from ..rules import renewal as renewal_rules
from ..rules import simulated as simulated_rules
from ..rules import tolerance as tolerance_rules
from ..rules.basis import finding, matter_basis
from ..rules.materials import Assessment, assess
from ..rules.screening import screen
from .inputs import Checked, check_as_of, check_references, coerce_application
from .plan import MatterPlan, plan_for

FORMAT_VERSION = "1"
#: refusals that partial tolerance (A8) can work around: the non-tolerable gaps go to the notice
_NONE: frozenset[str] = frozenset()
#: fee states that end a file: no certificate follows (spec §10.11, §13a Q6)
_LAPSED = frozenset({"not_approved", "closed_without_processing"})
_PARTIAL_OK = frozenset({"main_material_missing", "technical_essential_missing", "material_not_tolerable",
                         "prerequisite_missing"})


def back(end: _dt.date, lead: Period) -> _dt.date:
    """``end`` minus a calendar-day, month or year lead (Civil Code Art. 202 clipping for months)."""
    from dateutil.relativedelta import relativedelta

    if lead.days is not None:
        return end - _dt.timedelta(days=lead.days)
    return end - relativedelta(months=lead.months if lead.months is not None else 12 * (lead.years or 0))


def receipt_or(event: Any, receipt: _dt.date) -> _dt.date:
    """The window decides on the spot on the receipt date unless a notice event dates it."""
    return event.on if event is not None else receipt


def decide(application: Any, ruleset: Ruleset | RulesetLibrary, calendar: Calendar | None = None,
           as_of: _dt.date | None = None) -> Decision:
    """Decide an application as of a date (default: its latest event, else its receipt date)."""
    return _decide(application, ruleset, calendar, as_of)


def check_calendar(calendar: Any) -> Calendar:
    cal = calendar if calendar is not None else china_calendar()
    if not isinstance(cal, Calendar):
        raise InvalidInputError("invalid_value", "calendar", type(cal).__name__,
                                "a govrules.Calendar (govrules.china_calendar(...))")
    return cal


def _decide(application: Any, ruleset: Any, calendar: Any, as_of: Any, what_if: bool = False) -> Decision:
    """``what_if``: apply ``ruleset`` (a single Ruleset) whatever its effective period says, and say so in
    the trace — the reform office's "what would this version have decided" (``govrules.batch.diff``)."""
    app = coerce_application(application)
    cal = check_calendar(calendar)
    if what_if and isinstance(ruleset, Ruleset):
        rs, selection = ruleset, (f"what-if: {ruleset.id} version {ruleset.version} applied regardless of "
                                  f"its effective period")
    else:
        rs, selection = _select(ruleset, app)
    day = check_as_of(as_of, app)
    plan = _plan(rs, app, check_period=not what_if)
    checked = check_references(rs, plan, app, day)
    return _Run(rs, selection, cal, app, plan, checked, day).decide()


def _select(ruleset: Any, app: Application) -> tuple[Ruleset, str]:
    if isinstance(ruleset, RulesetLibrary):
        return ruleset.select(app.matter_code, app.submitted_on, app.ruleset)
    if not isinstance(ruleset, Ruleset):
        raise InvalidInputError("invalid_value", "ruleset", type(ruleset).__name__,
                                "a govrules.Ruleset or RulesetLibrary (see govrules.load_ruleset)")
    if app.ruleset is not None and app.ruleset != ruleset.id:
        raise InvalidInputError("unknown_ruleset", "application.ruleset", app.ruleset,
                                f"the id of the ruleset given, {ruleset.id!r}")
    if not ruleset.in_force_on(app.submitted_on):
        raise InvalidInputError("no_ruleset_in_force", "application.submitted_on", str(app.submitted_on),
                                f"a date within {ruleset.id} {ruleset.version}'s effective period "
                                f"{ruleset.effective_from}…{ruleset.effective_to or ''}")
    return ruleset, f"the ruleset given: {ruleset.id} version {ruleset.version}"


def _plan(rs: Ruleset, app: Application, check_period: bool = True) -> MatterPlan:
    matter = rs.matters_by_code.get(app.matter_code)
    if matter is None:
        raise InvalidInputError("unknown_matter", "application.matter_code", app.matter_code,
                                f"a matter code of ruleset {rs.id}")
    if matter.stub:
        raise InvalidInputError("matter_not_applicable", "application.matter_code", app.matter_code,
                                "a matter that can be applied for (this one is a catalogue stub)")
    d = app.submitted_on
    if check_period and ((matter.effective_from and d < matter.effective_from)
                         or (matter.effective_to and d > matter.effective_to)):
        raise InvalidInputError("matter_not_in_force", "application.submitted_on", str(d),
                                f"a date within the matter's effective period {matter.effective_from or ''}…"
                                f"{matter.effective_to or ''}")
    return plan_for(rs, matter)


class _Run:
    """One decision in the making; discarded when ``decide()`` returns. Slotted, with every attribute
    the pipeline sets declared up front: no per-decision ``__dict__``, and cheaper attribute reads."""

    __slots__ = ("rs", "selection", "cal", "app", "plan", "checked", "as_of", "findings", "out", "computed",
                 "required_prereqs", "obtained", "deemed_materials", "simulated", "substituted", "partially_tolerated",
                 "decided_on", "approved_on", "deadlines", "excluded")

    def __init__(self, rs: Ruleset, selection: str, cal: Calendar, app: Application, plan: MatterPlan,
                 checked: Checked, as_of: _dt.date) -> None:
        self.rs, self.selection, self.cal, self.app, self.plan, self.checked, self.as_of = (
            rs, selection, cal, app, plan, checked, as_of)
        self.findings: list[Finding] = []
        self.out: dict[str, Any] = {}
        self.computed: list[tuple[str, _dt.date, _dt.date]] = []  # (name, from, to)
        self.required_prereqs: tuple[str, ...] = ()
        self.obtained: frozenset[str] = _NONE  # the prerequisites the applicant holds at receipt
        self.deemed_materials: frozenset[str] = _NONE
        self.simulated = False
        self.substituted: frozenset[str] = _NONE
        self.partially_tolerated: frozenset[str] = _NONE  # A8: tolerable gaps set aside until acceptance
        self.decided_on: _dt.date | None = None
        self.approved_on: _dt.date | None = None
        self.deadlines: Deadlines | None = None
        self.excluded: tuple[tuple[_dt.date, _dt.date], ...] = ()

    # ---- helpers --------------------------------------------------------------------------------
    def _date(self, name: str, start: _dt.date, period, excluded=()) -> _dt.date:
        d = add_period(self.cal, start, period, rollover=self.plan.rollover,
                       excluded=excluded)
        self.computed.append((name, min(start, d), max(start, d)))
        return d

    def _events(self, kind: str) -> tuple[Any, ...]:
        return self.checked.by_type.get(kind, ())

    def _first(self, kind: str) -> Any:
        found = self.checked.by_type.get(kind)
        return found[0] if found else None

    # ---- pipeline -------------------------------------------------------------------------------
    def decide(self) -> Decision:
        rs, app, plan = self.rs, self.app, self.plan
        stop = screen(rs, plan.matter, app)
        if stop is not None:
            self.findings.append(stop.finding)
            return self._build(stop.outcome, reason=stop.reason, refer_to_authority_id=stop.refer_to_authority_id)

        obtained = app.obtained_prerequisites
        self.obtained = frozenset(obtained)
        for code, f in plan.ignored_findings:
            if code not in obtained:
                self.findings.append(f)
        self.required_prereqs = plan.prerequisites
        extras = prereq_rules.restricted_extras(rs, app)
        if extras:
            self.required_prereqs = tuple(dict.fromkeys(plan.prerequisites + tuple(code for code, _ in extras)))
            self.findings.extend(f for _, f in extras)
        ignored = plan.ignored_codes  # the plan's own tuple unless the applicant holds one of them anyway
        if obtained and not self.obtained.isdisjoint(ignored):
            ignored = tuple(c for c in ignored if c not in obtained)
        self.out["ignored_prerequisites"] = ignored

        self.simulated = self._simulated_approval()
        first = self._assess(self.checked.statuses, self.obtained)
        first = self._commitment(first)
        self._report_materials(first)
        if app.decided_on_spot:
            notice = self._first("correction_notice")
            return self._steps_8_to_11(first, receipt_or(notice, app.submitted_on), notice)
        return self._after_receipt(first)

    # ---- spec §5.3 step 5 and step 7: exceptions that satisfy a requirement ----------------------
    def _simulated_approval(self) -> bool:
        m, app = self.plan.matter, self.app
        if not simulated_rules.in_play(m, app):
            return False
        reasons = simulated_rules.refusal_reasons(m, self.rs.policy, app)
        if reasons:
            self.out["simulated_denied_reasons"] = tuple(sorted(reasons))
            self.findings.append(finding("simulated.denied", "exception_refused", reasons=", ".join(sorted(reasons))))
            return False
        land = m.land_dependency
        if land.prerequisite in self.required_prereqs:
            self.required_prereqs = tuple(c for c in self.required_prereqs if c != land.prerequisite)
            self.out["deemed_satisfied_prerequisites"] = (land.prerequisite,)
        self.deemed_materials = frozenset({land.material})
        self.out["deemed_satisfied_materials"] = (land.material,)
        self.out["results_effective"] = False
        items = ", ".join(self.out.get("deemed_satisfied_prerequisites", ()) + (land.material,))
        self.findings.append(finding("simulated.accepted", "exception_applied", items=items))
        return True

    def _commitment(self, a: Assessment) -> Assessment:
        m = self.plan.matter
        substituted, reasons = commitment_rules.substitute(m, self.rs.policy, self.app, a.gaps)
        if reasons:
            self.out["commitment_denied_reasons"] = tuple(sorted(reasons))
            self.findings.append(finding("commitment.denied", "exception_refused", reasons=", ".join(sorted(reasons))))
        if not substituted:
            return a
        self.substituted = frozenset(substituted)
        self.out["commitment_substituted"] = tuple(sorted(substituted))
        made = self.plan.material_findings
        self.findings.extend(made["commitment.substituted", mid] for mid in sorted(substituted))
        return self._assess(self.checked.statuses, self.obtained)

    def _assess(self, statuses, obtained) -> Assessment:
        return assess(self.plan.required_ids, statuses, self.required_prereqs, obtained,
                      self.deemed_materials | self.substituted)

    def _tolerance_refusals(self, a: Assessment) -> list[str]:
        return tolerance_rules.refusal_reasons(self.plan.matter, self.rs.policy, self.app, a.gaps,
                                               a.missing_prerequisites)

    @property
    def _accept_outcome(self) -> Outcome:
        return Outcome.simulated_acceptance if self.simulated else Outcome.accepted

    def _report_materials(self, a: Assessment) -> None:
        out, add, made = self.out, self.findings.append, self.plan.material_findings
        for key, rule, ids in (("missing_materials", "materials.missing", a.missing),
                               ("defective_materials", "materials.defective", a.defective),
                               ("on_spot_correctable", "materials.on_spot", a.on_spot),
                               ("on_spot_corrected", "materials.on_spot_corrected", a.on_spot_corrected)):
            if ids:
                out[key] = ids
                for mid in ids:
                    add(made[rule, mid])
        if a.missing_prerequisites:
            out["missing_prerequisites"] = a.missing_prerequisites
            known = self.plan.missing_prerequisite_findings
            for code in a.missing_prerequisites:
                add(known.get(code) or prereq_rules.missing_finding(self.rs, code))

    _GAP_FIELDS = ("missing_materials", "defective_materials", "on_spot_correctable", "missing_prerequisites")

    def _no_longer_gaps(self, covered) -> None:
        """Spec §13a Q1: the gap lists name what no exception covered and is still owed; ``covered`` the
        ids an exception took over (tolerated), or None when a completed correction supplied them all."""
        out = self.out
        for key in self._GAP_FIELDS:
            ids = out.get(key)
            if ids:
                kept = () if covered is None else tuple(i for i in ids if i not in covered)
                if kept:
                    out[key] = kept
                else:
                    del out[key]

    # ---- spec §5.3 steps 8–11 -------------------------------------------------------------------
    def _steps_8_to_11(self, a: Assessment, on: _dt.date, notice: Any, *, notice_given: bool = True) -> Decision:
        """``on``: the day the window decides; ``notice``: the correction notice event, if any."""
        if a.complete:
            return self._accept(self._accept_outcome, on, "acceptance.accepted")
        refusals = self._tolerance_refusals(a) if a.gaps or a.missing_prerequisites else []
        if a.on_spot and not refusals:
            self.findings.append(finding("acceptance.correct_on_spot", "outcome:correct_on_spot"))
            return self._build(Outcome.correct_on_spot)
        if not refusals:
            return self._tolerate(a, on)
        # spec §13a Q2: every failed condition, on every correction, in play or not; the finding (and
        # partial tolerance) only where tolerance was in play — a matter off the list needs no explanation
        self.out["tolerance_denied_reasons"] = tuple(sorted(refusals))
        m = self.plan.matter
        if m.tolerance_allowed or self.app.tolerance_commitment_signed:
            self.findings.append(finding("tolerance.denied", "exception_refused", reasons=", ".join(sorted(refusals))))
            if self._partial_tolerance(a, refusals):
                a = self._assess(self.checked.statuses, self.obtained)
        if not notice_given:
            return self._notice_only(a)
        return self._correction(a, notice.on if notice is not None else on, notice)

    def _partial_tolerance(self, a: Assessment, refusals: list[str]) -> bool:
        """A8 ``tolerance.allow_partial``: tolerate the tolerable gaps, ask only for the others."""
        if not self.rs.policy.tolerance.allow_partial or not set(refusals) <= _PARTIAL_OK:
            return False
        tolerable = frozenset(g for g in a.gaps if self.plan.materials_by_id[g].tolerable)
        if not tolerable:
            return False
        self.partially_tolerated = tolerable
        self.substituted = self.substituted | tolerable  # not asked for now; supplied after acceptance
        self._no_longer_gaps(tolerable)
        return True

    def _tolerate(self, a: Assessment, on: _dt.date) -> Decision:
        tolerated = a.gaps
        deadline = self._date("supplement_deadline", on, self.rs.policy.tolerance.supplement_limit)
        self.out.update(tolerated_materials=tuple(sorted(tolerated)), supplement_deadline=deadline,
                        certificate_withheld_until_supplemented=True)
        self._no_longer_gaps(tolerated)
        names = "、".join(self.plan.materials_by_id[t].name_zh for t in sorted(tolerated))
        outcome = Outcome.simulated_acceptance if self.simulated else Outcome.accepted_with_tolerance
        self.findings.append(finding("tolerance.accepted", "exception_applied", items=names, date=deadline))
        return self._accept(outcome, on, "acceptance.accepted")

    # ---- spec §5.3 deemed acceptance: the window forwarded the file -----------------------------
    def _after_receipt(self, a: Assessment) -> Decision:
        receipt = self.app.submitted_on
        notice_due = self._date("notice_due", receipt, self.rs.policy.acceptance_notice_limit)
        self.out["notice_due"] = notice_due
        fwd = self._first("forwarded_to_department")
        if fwd is not None:
            self.out["department_review_due"] = self._date("department_review_due", fwd.on,
                                                           self.rs.policy.department_review_limit)
        action = next((e for e in self.checked.events if e.type in ("correction_notice", "acceptance_voucher")), None)
        if action is None and self.as_of <= notice_due:
            self.findings.append(finding("acceptance.pending", "outcome:pending_acceptance_decision", date=notice_due))
            return self._build(Outcome.pending_acceptance_decision)
        if action is None or action.on > notice_due:
            if action is not None and action.type == "correction_notice":
                self.out["late_notice_ignored"] = True
                self.findings.append(finding("acceptance.late_notice_ignored", "ignored", date=action.on))
            self.out["deemed_accepted"] = True
            return self._accept(Outcome.deemed_accepted, receipt, "acceptance.deemed",
                                date=notice_due, receipt=receipt)
        if a.complete and action.type == "acceptance_voucher":
            return self._accept(self._accept_outcome, action.on, "acceptance.voucher")
        if action.type == "correction_notice":
            return self._steps_8_to_11(a, action.on, action)
        return self._steps_8_to_11(a, action.on, None, notice_given=False)

    def _notice_only(self, a: Assessment) -> Decision:
        items = a.all_items()
        self.out["all_items_to_correct"] = items
        self.findings.append(finding("acceptance.correction_required", "outcome:correction_required", count=len(items)))
        return self._build(Outcome.correction_required)

    # ---- spec §5.4: after the one-time correction notice ----------------------------------------
    def _correction(self, a: Assessment, notice_on: _dt.date, notice: Any) -> Decision:
        items = a.all_items()
        self.out["all_items_to_correct"] = items
        self.findings.append(finding("acceptance.correction_required", "outcome:correction_required", count=len(items)))
        period = notice.period if notice is not None and notice.period is not None else self.plan.correction_period
        deadline = self._date("correction_deadline", notice_on, period)
        self.out["correction_deadline"] = deadline
        current = a
        supplements = self._events("supplement")
        if supplements:  # copied only when there is something to replay onto them
            statuses, obtained = dict(self.checked.statuses), set(self.obtained)
        for ev in supplements:
            if ev.on < notice_on or ev.on > deadline:
                continue
            for mid in ev.materials:
                statuses[mid] = MaterialStatus.ok
            obtained.update(ev.prerequisites)
            current = self._assess(statuses, frozenset(obtained))
            if current.complete:
                track = CorrectionTrack.built(state="accepted", notice_on=notice_on, correction_deadline=deadline,
                                        correction_completed_on=ev.on)
                self.out["states_correction"] = track
                self._no_longer_gaps(None)  # all supplied: the notice stays in all_items_to_correct
                return self._accept(self._accept_outcome, ev.on, "correction.completed")
        still = items if current is a else current.all_items()
        if self.as_of > deadline:
            due = self._date("non_acceptance_decision_due", deadline, self.rs.policy.non_acceptance_decision_limit)
            self.out["non_acceptance_decision_due"] = due
            self.out["states_correction"] = CorrectionTrack.built(
                state="not_accepted_after_failed_correction", reason="correction_deadline_passed",
                notice_on=notice_on, correction_deadline=deadline, non_acceptance_decision_due=due, still_missing=still)
            self.findings.append(finding("correction.failed", "outcome:not_accepted_after_failed_correction",
                                         deadline=deadline, date=due))
            return self._build(Outcome.not_accepted_after_failed_correction)
        self.out["states_correction"] = CorrectionTrack.built(state="awaiting_correction", notice_on=notice_on,
                                                        correction_deadline=deadline, still_missing=still)
        self.findings.append(finding("correction.awaiting", "awaiting", date=deadline))
        return self._build(Outcome.correction_required)

    # ---- accepted: clocks, certificate, status --------------------------------------------------
    def _accept(self, outcome: Outcome, acceptance: _dt.date, rule: str, **params: Any) -> Decision:
        partial = self.partially_tolerated
        if partial and "tolerated_materials" not in self.out:
            self.substituted = self.substituted - partial
            deadline = self._date("supplement_deadline", acceptance, self.rs.policy.tolerance.supplement_limit)
            self.out.update(tolerated_materials=tuple(sorted(partial)), supplement_deadline=deadline,
                            certificate_withheld_until_supplemented=True)
            if outcome is Outcome.accepted:
                outcome = Outcome.accepted_with_tolerance
        self.findings.append(finding(rule, "outcome:" + outcome, date=params.pop("date", acceptance), **params))
        self.out["acceptance_date"] = acceptance
        # 秒批 decides a complete file at once; a tolerated gap still needs review and a supplement
        # (not when deemed: nobody decided anything on the receipt date it would be backdated to)
        self._clocks(acceptance, instant=self.plan.matter.instant_approval and outcome is Outcome.accepted)
        if self.substituted:
            self.out["post_approval_verification"] = True
        if self.out.get("tolerated_materials"):
            self._tolerance_follow_up()
        if self.simulated:
            self._simulated_follow_up(acceptance)
        self._fees()
        self._certificate()
        self._status()
        self._renewal()
        return self._build(outcome)

    # ---- follow-ups (spec §6, §9, §10.3a, §10.11) ------------------------------------------------
    def _tolerance_follow_up(self) -> None:
        tolerated, deadline = self.out["tolerated_materials"], self.out["supplement_deadline"]
        fu = tolerance_rules.follow_up(tolerated, deadline, self._events("supplement"), self.as_of)
        cert = None
        decision = self._first("decision")
        if fu.state == "supplemented":
            self.findings.append(finding("tolerance.supplemented", "follow_up", date=fu.supplemented_on))
            if decision is not None and decision.result.value == "approved":
                cert = self._date("certificate_due", max(decision.on, fu.supplemented_on), self.plan.certificate_limit)
        elif fu.state == "terminated":
            self.findings.append(finding("tolerance.terminated", "follow_up", date=deadline))
        self.out["states_tolerance"] = ToleranceTrack.built(
            state=fu.state, reason=fu.reason, supplement_deadline=deadline, tolerated_materials=tolerated,
            supplemented_on=fu.supplemented_on, still_missing=fu.still_missing,
            certificate_release_allowed=fu.state == "supplemented", certificate_due=cert,
            credit_consequence=self.rs.policy.tolerance.credit_consequence if fu.state == "terminated" else None)

    def _simulated_follow_up(self, acceptance: _dt.date) -> None:
        cfg = self.rs.policy.simulated_approval
        validity_end = self._date("simulated_validity_end", acceptance, cfg.validity) if cfg.validity else None
        project = self.app.project
        fu = simulated_rules.follow_up(project.intended_holder_id, self._events("land_obtained"), validity_end,
                                       cfg.void_if_land_obtained_by_other_party, self.as_of)
        if fu.state == "converted":
            self.out["results_effective"] = True
            self.findings.append(finding("simulated.converted", "follow_up", date=fu.effective_from))
        elif fu.state == "voided":
            self.findings.append(finding("simulated.voided", "follow_up", date=fu.voided_on, reason=fu.reason))
        self.out["states_simulated"] = SimulatedTrack.built(
            state=fu.state, reason=fu.reason, results_effective=fu.state == "converted",
            effective_from=fu.effective_from, voided_on=fu.voided_on, validity_end=validity_end)

    def _fees(self) -> None:
        tracks = {}
        for fee in self.plan.matter.fees:
            fs = fee_rules.evaluate(fee, self.checked.events, self.as_of,
                                    lambda d, p, name=fee.id: self._date(f"fees.{name}", d, p))
            if fs is None:
                continue
            tracks[fee.id] = FeeTrack.built(state=fs.state, reason=fs.reason, notice_on=fs.notice_on,
                                      payment_deadline=fs.payment_deadline, paid_on=fs.paid_on,
                                      certificate_due=fs.certificate_due)
            self.findings.append(finding("fees.deadline", "deadline", subject=fee.id, name=fee.name,
                                         name_zh=fee.name_zh, date=fs.payment_deadline, state=fs.state))
        if tracks:
            self.out["states_fees"] = tracks

    def _renewal(self) -> None:
        granted = self._first("licence_granted")
        m = self.plan.matter
        if granted is None or (granted.valid_until is None and m.validity is None):
            return
        validity = m.validity
        # a validity ends on its corresponding day, whatever the weekday (spec §10.3a): no roll-over
        end = granted.valid_until or add_period(self.cal, granted.on, validity, rollover="none")
        lead = m.renewal_lead or Period.cd(30)
        apply_by = back(end, lead)  # counted backwards in calendar days / months, no roll-over
        span = validity or Period.cd((end - granted.on).days)

        def extend(start: _dt.date) -> _dt.date:  # a new period of the same length from ``start``
            return add_period(self.cal, start - _dt.timedelta(days=1), span, rollover="none")

        rs_ = renewal_rules.evaluate(granted.on, end, apply_by, self._first("renewal_application"),
                                     self._first("renewal_decision"), self.as_of, extend)
        state, start = rs_.state, granted.on
        if rs_.state == "renewed" and self.as_of > end:
            # once the renewed period runs, the states describe it (spec §10.3a); one renewal per
            # application, so the new period has no renewal events of its own
            start, end = end + _dt.timedelta(days=1), rs_.new_validity_end
            apply_by = back(end, lead)
            state = renewal_rules.evaluate(start, end, apply_by, None, None, self.as_of, extend).state
        self.out.update(validity_end=end, renewal_apply_by=apply_by)
        self.out["states_renewal"] = RenewalTrack.built(
            state=state, reason=rs_.state if state != rs_.state else None, granted_on=start, validity_end=end,
            renewal_apply_by=apply_by, application_on_time=rs_.application_on_time,
            deemed_renewed_on=rs_.deemed_renewed_on, new_validity_end=rs_.new_validity_end)
        self.findings.append(finding("renewal.state", "follow_up", end=end, apply_by=apply_by, state=state))

    def _clocks(self, acceptance: _dt.date, *, instant: bool = False) -> None:
        rs, m, plan = self.rs, self.plan.matter, self.plan
        start = acceptance
        if plan.clock_from_receipt:  # seed 002 第十五條: from the window's receipt of the complete file
            track = self.out.get("states_correction")
            start = track.correction_completed_on if track and track.correction_completed_on else self.app.submitted_on
        if plan.clock_from_receipt:
            self.findings.append(finding("clock.receipt_start", "clock", date=start))
        excluded = tuple((s.from_, s.to) for s in self._events("suspension"))
        ext_event = self._first("extension")
        ext_days = None
        if ext_event is not None and ext_event.days is not None:
            ext_days = ext_event.days
        elif m.extension is not None:
            ext_days = m.extension.days
        dl = compute_deadlines(
            self.cal, start, m.statutory_limit, m.promised_limit, extension_days=ext_days,
            extended=ext_event is not None, extend_promised=rs.policy.extend_promised, excluded=excluded,
            roll_start=plan.roll_start, rollover=plan.rollover,
        )
        last = max(d for d in (dl.statutory_due, dl.statutory_due_if_extended, dl.promised_due) if d)
        self.computed.append(("statutory_due", start, last))
        self.out.update(clock_start=dl.clock_start, statutory_due=dl.statutory_due,
                        statutory_due_if_extended=dl.statutory_due_if_extended, promised_due=dl.promised_due,
                        excluded_working_days=dl.excluded_working_days, extended=dl.extended)
        self._clock_findings(dl, excluded, ext_days)
        decision = self._first("decision")
        approved_on = decision.on if decision is not None and decision.result.value == "approved" else None
        if decision is None and instant:  # 秒批: acceptance completes the approval (seed 004)
            approved_on = acceptance
            self.findings.append(finding("clock.instant_approval", "status:decided", date=acceptance))
        self.decided_on = decision.on if decision is not None else approved_on
        self.approved_on = approved_on
        self.deadlines, self.excluded = dl, excluded

    def _certificate(self) -> None:
        """``certificate_due`` once every gate is known (ALL Art. 44; spec §6, §10.11, §13a Q6): the
        approval; the tolerated supplements (withheld until supplied, from the later date, A17); and a
        fee the certificate waits for — null until paid and after a lapsed fee, else the fee track's."""
        approved_on = self.approved_on
        if approved_on is None:
            return
        fees = self.out.get("states_fees") or {}
        if any(t.state in _LAPSED for t in fees.values()):
            return  # not approved / closed without processing: no certificate is issued
        start = approved_on
        if self.out.get("tolerated_materials"):
            tol = self.out["states_tolerance"]
            if tol.certificate_due is None:
                return  # withheld until supplemented (§6)
            start = max(approved_on, tol.supplemented_on)
        gating = self.plan.certificate_fees
        if gating:
            dues = [fees[f.id].certificate_due if f.id in fees else None for f in gating]
            if None in dues:
                return  # waits for the fee (§13a Q6)
            last = max((f for f in gating), key=lambda f: fees[f.id].certificate_due)  # the last fee paid
            due = fees[last.id].certificate_due
            self.findings.append(finding("fees.certificate", "deadline", subject=last.id, name=last.name,
                                         name_zh=last.name_zh, paid=fees[last.id].paid_on, date=due))
        else:
            due = self._date("certificate_due", start, self.plan.certificate_limit)
            self.findings.append(self._certificate_finding(start, due))
        self.out["certificate_due"] = due

    def _certificate_finding(self, decided: _dt.date, due: _dt.date) -> Finding:
        m = self.plan.matter
        if m.certificate_issue_limit is None or m.certificate_issue_limit == self.rs.policy.certificate_issue_limit:
            return finding("clock.certificate", "deadline", decided=decided, date=due)
        return finding("clock.certificate_matter", "deadline", decided=decided, date=due,
                       limit=str(m.certificate_issue_limit), limit_zh=m.certificate_issue_limit.zh,
                       extra_basis=matter_basis(m.legal_basis))

    def _status(self) -> None:
        """The status track (spec §11), after the follow-ups: a file they closed is no longer pending."""
        dl, policy = self.deadlines, self.rs.policy
        decided_on, closed_reason = self.decided_on, None
        closed_on, why = self._closed()
        if closed_on is not None and (decided_on is None or closed_on < decided_on):
            decided_on, closed_reason = closed_on, why
        # a file closed by the end of the promised day is never deemed approved (§6, §10.8)
        deemed = policy.deemed_approval_on_promised_expiry and not (
            closed_on is not None and closed_on <= dl.promised_due + ONE_DAY)
        state, reason, deemed_on = status_as_of(
            self.cal, dl, self.as_of, decided_on=decided_on, excluded=self.excluded,
            warning_working_days=policy.warning_working_days, deemed_approval=deemed)
        if state == "decided" and closed_reason is not None:
            reason = closed_reason
        if deemed_on is not None:
            self.findings.append(finding("status.deemed_approved", "status:deemed_approved", date=deemed_on))
        self.out["states_status"] = StatusTrack.built(state=state, reason=reason, deemed_approved_on=deemed_on,
                                                decided_on=decided_on if state == "decided" else None)

    def _closed(self) -> tuple[_dt.date | None, str | None]:
        """When a follow-up ended the file without a decision event: a terminated tolerance (the day after
        the supplement deadline) or an unpaid fee (the day after its payment deadline), the earliest."""
        ends = []
        tol = self.out.get("states_tolerance")
        if tol is not None and tol.state == "terminated":
            ends.append((tol.supplement_deadline + ONE_DAY, "tolerance_terminated"))
        for fee in self.out.get("states_fees", {}).values():
            if fee.state in ("not_approved", "closed_without_processing"):
                ends.append((fee.payment_deadline + ONE_DAY, f"fee_{fee.state}"))
        return min(ends) if ends else (None, None)

    def _clock_findings(self, dl: Deadlines, excluded, ext_days) -> None:
        m = self.plan.matter
        self.findings.append(finding("clock.statutory", "deadline", days=m.statutory_limit.days,
                                     start=dl.clock_start, date=dl.statutory_due))
        self.findings.append(finding("clock.promised", "deadline", days=m.promised_limit.days, date=dl.promised_due))
        for s in self._events("suspension"):
            self.findings.append(finding("clock.excluded", "excluded_period", subject=s.kind.value,
                                         kind=s.kind.value, start=s.from_, end=s.to))
        if dl.extended and dl.statutory_due_if_extended is not None:
            self.findings.append(finding("clock.extension", "deadline", days=ext_days, date=dl.statutory_due_if_extended))

    # ---- the Decision ---------------------------------------------------------------------------
    def _build(self, outcome: Outcome, **extra: Any) -> Decision:
        """The Decision from everything the pipeline put in ``out``. The fixed-shape parts (states,
        trace) are written as literals in declaration order, so no template is copied for them."""
        out, pop, rs, app = self.out, self.out.pop, self.rs, self.app
        states = States.built_whole({
            "correction": pop("states_correction", None), "tolerance": pop("states_tolerance", None),
            "simulated": pop("states_simulated", None), "fees": pop("states_fees", None) or {},
            "status": pop("states_status", None), "renewal": pop("states_renewal", None)})
        provisional = self._provisional()
        trace = Trace.built_whole({
            "format_version": FORMAT_VERSION, "ruleset_id": rs.id, "ruleset_version": rs.version,
            "ruleset_hash": rs.content_hash, "ruleset_selection": self.selection,
            "calendar_version": self.cal.version, "as_of": self.as_of,
            "events_replayed": len(self.checked.events), "provisional": bool(provisional),
            "provisional_dates": provisional})
        values = {"application_id": app.id, "matter_code": app.matter_code, "outcome": outcome,
                  "receipt_date": app.submitted_on, "states": states, "findings": tuple(self.findings),
                  "trace": trace, "warnings": self.plan.warnings, **out, **extra}
        return Decision.built_from(values)

    def _provisional(self) -> tuple[str, ...]:
        if not self.cal.has_provisional:
            return ()  # every computed date came from notice-backed years
        check = self.cal.depends_on_provisional
        return tuple(sorted({name for name, a, b in self.computed if check(a, b)}))  # all computed: all covered


__all__ = ["decide"]
