"""Stage 9: assemble — the Decision from the stages' results, in one place (api.md "The Decision")."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..models.decision import Decision, Outcome, States, Trace
from ..rules.procedures import file_kind, handling_track
from ..rules.screening import Screen
from .clocks import Clocks
from .draft import Draft, Given, Unlisted
from .exceptions import Exceptions
from .follow_ups import FollowUps
from .inputs import Checked
from .outcome import Acceptance
from .procedures import NONE as NO_PROCEDURES
from .procedures import Procedures
from .requirements import Requirements

FORMAT_VERSION = "2"  # 2: the trace says what_if as a field


def screened(draft: Draft, checked: Checked, outcome: Outcome, reason: str, refer_to: str | None) -> Decision:
    """Steps 1–3 of spec §5.3: an answer that depends on no material and no date — 退办件, answered at once
    (即时告知, ALL Art. 32(1)–(2))."""
    g = draft.given
    app = g.app
    states = States(handling=handling_track(file_kind(outcome, None), app.submitted_on))
    return Decision(application_id=app.id, matter_code=app.matter_code, outcome=outcome, reason=reason,
                    refer_to_authority_id=refer_to, receipt_date=app.submitted_on, states=states,
                    findings=tuple(draft.findings), trace=_trace(draft, checked), warnings=g.plan.warnings)


def unlisted(u: Unlisted, checked: Checked, stop: Screen) -> Decision:
    """A matter not on the list that says 清单之外无审批 (spec §13a Q9): 退办件, answered at once."""
    app = u.app
    return Decision(application_id=app.id, matter_code=app.matter_code, outcome=stop.outcome, reason=stop.reason,
                    receipt_date=app.submitted_on, states=States(handling=handling_track(file_kind(stop.outcome, None), app.submitted_on)),
                    findings=(stop.finding,), trace=_trace_of(u, checked, ()))


def assemble(draft: Draft, checked: Checked, req: Requirements, ex: Exceptions, acc: Acceptance,
             clk: Clocks | None, fu: FollowUps | None, pr: Procedures = NO_PROCEDURES) -> Decision:
    g = draft.given
    app = g.app
    gaps = acc.gaps
    correction = acc.correction
    results_effective = False if ex.simulated else None
    plan = g.plan
    kind = file_kind(acc.outcome, plan.handling_kind)
    handling = plan.fixed_handling if kind == plan.handling_kind and plan.fixed_handling is not None else (
        handling_track(kind, _answer_due(acc, app.submitted_on)))
    if clk is not None and fu is not None:
        dl, after = clk.deadlines, fu
        if fu.results_effective is not None:
            results_effective = fu.results_effective
        states = States(correction=correction, tolerance=fu.tolerance, simulated=fu.simulated, fees=fu.fees,
                        status=fu.status, renewal=fu.renewal, internal=pr.internal, reported=pr.reported,
                        handling=handling)
    else:
        dl = after = _NOT_ACCEPTED
        states = States(correction=correction, handling=handling)
    return Decision(
        application_id=app.id, matter_code=app.matter_code, outcome=acc.outcome, receipt_date=app.submitted_on,
        acceptance_date=acc.acceptance_date,
        missing_materials=gaps.missing, defective_materials=gaps.defective, on_spot_correctable=gaps.on_spot,
        missing_prerequisites=gaps.missing_prerequisites, all_items_to_correct=acc.all_items_to_correct,
        on_spot_corrected=gaps.on_spot_corrected, ignored_prerequisites=req.ignored_prerequisites,
        tolerated_materials=acc.tolerated_materials, commitment_substituted=ex.substituted,
        deemed_satisfied_prerequisites=ex.deemed_prerequisites, deemed_satisfied_materials=ex.deemed_materials,
        tolerance_denied_reasons=acc.tolerance_denied_reasons, commitment_denied_reasons=ex.commitment_denied_reasons,
        simulated_denied_reasons=ex.simulated_denied_reasons, notice_due=acc.notice_due,
        department_review_due=acc.department_review_due, correction_deadline=acc.correction_deadline,
        non_acceptance_decision_due=acc.non_acceptance_decision_due, supplement_deadline=acc.supplement_deadline,
        deemed_accepted=acc.deemed_accepted, late_notice_ignored=acc.late_notice_ignored,
        certificate_withheld_until_supplemented=bool(acc.tolerated_materials), results_effective=results_effective,
        clock_start=dl.clock_start, statutory_due=dl.statutory_due, statutory_due_if_extended=dl.statutory_due_if_extended,
        promised_due=dl.promised_due, excluded_working_days=dl.excluded_working_days, extended=dl.extended,
        certificate_due=after.certificate_due, validity_end=after.validity_end, renewal_apply_by=after.renewal_apply_by,
        post_approval_verification=bool(ex.substituted) and clk is not None,
        states=states, findings=tuple(draft.findings), trace=_trace(draft, checked), warnings=g.plan.warnings)


def _answer_due(acc: Acceptance, receipt: _dt.date) -> _dt.date | None:
    """The day the file's answer is due: the decision not to accept after a failed correction (seed 002
    第九條), the one-time notice's day (补办件), the acceptance day of a 即办件 (decided on the day)."""
    if acc.non_acceptance_decision_due is not None:
        return acc.non_acceptance_decision_due
    if acc.correction is not None:
        return acc.correction.notice_on
    return acc.acceptance_date or receipt


class _Unset:
    """The clock's and follow-ups' values of a decision that has neither (not accepted): the Decision's
    defaults, read by the same one constructor call."""

    __slots__ = ()
    clock_start = statutory_due = statutory_due_if_extended = promised_due = None
    excluded_working_days = 0
    certificate_due = validity_end = renewal_apply_by = None
    extended = False


_NOT_ACCEPTED: Any = _Unset()


def _trace(draft: Draft, checked: Checked) -> Trace:
    g = draft.given
    plan, provisional = g.plan, draft.provisional()  # the ruleset's id, version and hash: read once, in the plan
    return Trace(
        format_version=FORMAT_VERSION, ruleset_id=plan.ruleset_id, ruleset_version=plan.ruleset_version,
        ruleset_hash=plan.ruleset_hash, ruleset_selection=g.selection, what_if=g.what_if,
        calendar_version=g.cal.version, as_of=g.as_of, events_replayed=len(checked.events),
        provisional=bool(provisional), provisional_dates=provisional)


def _trace_of(g: Given | Unlisted, checked: Checked, provisional: tuple[str, ...]) -> Trace:
    """The trace read from the ruleset itself (``_trace``: the same from the plan, on every decision)."""
    rs = g.rs
    return Trace(
        format_version=FORMAT_VERSION, ruleset_id=rs.id, ruleset_version=rs.version, ruleset_hash=rs.content_hash,
        ruleset_selection=g.selection, what_if=g.what_if, calendar_version=g.cal.version, as_of=g.as_of,
        events_replayed=len(checked.events), provisional=bool(provisional), provisional_dates=provisional)
