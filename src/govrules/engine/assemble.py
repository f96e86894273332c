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
from ..rules.materials import Assessment

FORMAT_VERSION = "2"  # 2: the trace says what_if as a field


def screened(draft: Draft, checked: Checked, outcome: Outcome, reason: str, refer_to: str | None) -> Decision:
    """Steps 1–3 of spec §5.3: an answer that depends on no material and no date — 退办件, answered at once
    (即时告知, ALL Art. 32(1)–(2))."""
    g = draft.given
    states = States(handling=handling_track(file_kind(outcome, None), g.received))
    return _decision(g.app.id, g.plan.matter_code, g.received, Acceptance(outcome, None, _NO_GAPS), reason,
                     refer_to, (), _NO_EXCEPTIONS, _NOT_ACCEPTED, _NOT_ACCEPTED, None, states, tuple(draft.findings),
                     _trace(draft, checked), g.plan.warnings)


def unlisted(u: Unlisted, checked: Checked, stop: Screen) -> Decision:
    """A matter not on the list that says 清单之外无审批 (spec §13a Q9): 退办件, answered at once."""
    app = u.app
    received = app.submitted_on
    states = States(handling=handling_track(file_kind(stop.outcome, None), received))
    return _decision(app.id, app.matter_code, received, Acceptance(stop.outcome, None, _NO_GAPS), stop.reason,
                     None, (), _NO_EXCEPTIONS, _NOT_ACCEPTED, _NOT_ACCEPTED, None, states, (stop.finding,),
                     _trace_of(u, checked, (), u.rs.id, u.rs.version, u.rs.content_hash), ())


def assemble(draft: Draft, checked: Checked, req: Requirements, ex: Exceptions, acc: Acceptance,
             clk: Clocks | None, fu: FollowUps | None, pr: Procedures = NO_PROCEDURES) -> Decision:
    g = draft.given
    app_id = g.app.id
    correction = acc.correction
    results_effective = False if ex.simulated else None
    plan = g.plan
    kind = plan.file_kinds[acc.outcome]
    handling = plan.fixed_handling if kind == plan.handling_kind and plan.fixed_handling is not None else (
        handling_track(kind, _answer_due(acc, g.received)))
    if clk is not None and fu is not None:
        after: Any = fu
        if fu.results_effective is not None:
            results_effective = fu.results_effective
        states = States(correction, fu.tolerance, fu.simulated, fu.fees, fu.status, fu.renewal, pr.internal,
                        pr.reported, handling)
        return _decision(app_id, plan.matter_code, g.received, acc, None, None, req.ignored_prerequisites, ex,
                         clk.deadlines, after, results_effective, states, tuple(draft.findings),
                         _trace(draft, checked), plan.warnings, bool(ex.substituted))
    states = States(correction=correction, handling=handling)
    return _decision(app_id, plan.matter_code, g.received, acc, None, None, req.ignored_prerequisites, ex,
                     _NOT_ACCEPTED, _NOT_ACCEPTED, results_effective, states, tuple(draft.findings),
                     _trace(draft, checked), plan.warnings)


#: the Decision's fields in the order ``_decision`` writes them (checked against the model at import)
DECISION_FIELDS = (
    "application_id", "matter_code", "outcome", "reason", "refer_to_authority_id", "receipt_date", "acceptance_date",
    "clock_start", "missing_materials", "defective_materials", "on_spot_correctable", "missing_prerequisites",
    "all_items_to_correct", "on_spot_corrected", "ignored_prerequisites", "tolerated_materials",
    "commitment_substituted", "deemed_satisfied_prerequisites", "deemed_satisfied_materials",
    "tolerance_denied_reasons", "commitment_denied_reasons", "simulated_denied_reasons", "notice_due",
    "department_review_due", "correction_deadline", "non_acceptance_decision_due", "statutory_due",
    "statutory_due_if_extended", "promised_due", "excluded_working_days", "certificate_due", "supplement_deadline",
    "validity_end", "renewal_apply_by", "deemed_accepted", "late_notice_ignored", "extended", "results_effective",
    "certificate_withheld_until_supplemented", "post_approval_verification", "states", "warnings", "findings",
    "trace",
)
assert Decision.__struct_fields__ == DECISION_FIELDS, "the Decision's fields moved: update _decision"


def _decision(app_id: str, matter_code: str, received: _dt.date, acc: Any, reason: str | None,
              refer_to: str | None, ignored: tuple[str, ...], ex: Any, dl: Any, after: Any, results_effective: bool | None, states: States, findings: tuple[Any, ...],
              trace: Trace, warnings: tuple[str, ...], substituted_to_verify: bool = False) -> Decision:
    """The Decision, its 44 fields given by position in ``DECISION_FIELDS`` order: a keyword for each
    costs the constructor a search of the field names (about a microsecond a decision). ``acc``: the
    window's answer and its gaps; ``ex``: the exceptions; ``dl``: the deadlines; ``after``: the
    follow-ups (``_NOT_ACCEPTED`` for both when nothing was accepted)."""
    gaps = acc.gaps
    return Decision(
        app_id, matter_code, acc.outcome, reason, refer_to, received, acc.acceptance_date,
        dl.clock_start, gaps.missing, gaps.defective, gaps.on_spot, gaps.missing_prerequisites,
        acc.all_items_to_correct, gaps.on_spot_corrected, ignored, acc.tolerated_materials,
        ex.substituted, ex.deemed_prerequisites, ex.deemed_materials,
        acc.tolerance_denied_reasons, ex.commitment_denied_reasons, ex.simulated_denied_reasons, acc.notice_due,
        acc.department_review_due, acc.correction_deadline, acc.non_acceptance_decision_due, dl.statutory_due,
        dl.statutory_due_if_extended, dl.promised_due, dl.excluded_working_days, after.certificate_due,
        acc.supplement_deadline,
        after.validity_end, after.renewal_apply_by, acc.deemed_accepted, acc.late_notice_ignored, dl.extended,
        results_effective,
        bool(acc.tolerated_materials), substituted_to_verify, states, warnings, findings,
        trace)


def _answer_due(acc: Acceptance, receipt: _dt.date) -> _dt.date | None:
    """The day the file's answer is due: the decision not to accept after a failed correction (seed 002
    第九條), the one-time notice's day (补办件), the acceptance day of a 即办件 (decided on the day)."""
    if acc.non_acceptance_decision_due is not None:
        return acc.non_acceptance_decision_due
    if acc.correction is not None:
        return acc.correction.notice_on
    return acc.acceptance_date or receipt


class _Unset:
    """The clock's and follow-ups' values of a decision that has neither (not accepted), and the
    exceptions of one screened before any: what the Decision says when a value does not apply."""

    __slots__ = ()
    clock_start = statutory_due = statutory_due_if_extended = promised_due = None
    excluded_working_days = 0
    certificate_due = validity_end = renewal_apply_by = None
    extended = False
    substituted = deemed_prerequisites = deemed_materials = commitment_denied_reasons = simulated_denied_reasons = ()


_NOT_ACCEPTED: Any = _Unset()
_NO_EXCEPTIONS: Any = _NOT_ACCEPTED
_NO_GAPS = Assessment((), (), (), (), ())


def _trace(draft: Draft, checked: Checked) -> Trace:
    g = draft.given
    plan = g.plan  # the ruleset's id, version and hash: read once, in the plan
    return _trace_of(g, checked, draft.provisional(), plan.ruleset_id, plan.ruleset_version, plan.ruleset_hash)


def _trace_of(g: Given | Unlisted, checked: Checked, provisional: tuple[str, ...], rid: str, version: str,
              content_hash: str) -> Trace:
    """The trace of a decision by the ruleset ``rid`` (its version and content hash)."""
    return Trace(
        format_version=FORMAT_VERSION, ruleset_id=rid, ruleset_version=version, ruleset_hash=content_hash,
        ruleset_selection=g.selection, what_if=g.what_if, calendar_version=g.cal.version, as_of=g.as_of,
        events_replayed=len(checked.events), provisional=bool(provisional), provisional_dates=provisional)
