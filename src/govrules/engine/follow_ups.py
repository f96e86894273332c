"""Stage 8: the follow-up tracks of an accepted application as of ``as_of`` (spec §6, §9, §10.3a,
§10.8, §10.10–§10.11, §11), in this order because each may read the ones before it: the tolerated
supplements, the simulated result, the fees, then the certificate (after every gate it waits for:
§13a Q6), the status of the file (closed by a lapsed supplement or fee), and the licence's renewal."""

from __future__ import annotations

import datetime as _dt

import msgspec

from ..clock import add_period, status_as_of
from ..clock.clock import ONE_DAY
from ..models.decision import FeeTrack, Finding, RenewalTrack, SimulatedTrack, StatusTrack, ToleranceTrack
from ..models.period import Period
from ..rules import fees as fee_rules
from ..rules import renewal as renewal_rules
from ..rules import simulated as simulated_rules
from ..rules import tolerance as tolerance_rules
from ..rules.basis import finding
from .clocks import Clocks
from .draft import Draft
from .outcome import Acceptance
from .timeline import Timeline

#: fee states that end a file: no certificate follows (spec §10.11, §13a Q6)
LAPSED = frozenset({"not_approved", "closed_without_processing"})


class FollowUps(msgspec.Struct, gc=False):
    """What the follow-up stage fills in, one track at a time."""

    tolerance: ToleranceTrack | None = None
    simulated: SimulatedTrack | None = None
    fees: dict[str, FeeTrack] = msgspec.field(default_factory=dict)
    status: StatusTrack | None = None
    renewal: RenewalTrack | None = None
    certificate_due: _dt.date | None = None
    results_effective: bool | None = None
    validity_end: _dt.date | None = None
    renewal_apply_by: _dt.date | None = None


def follow_ups(draft: Draft, tl: Timeline, acc: Acceptance, clk: Clocks, simulated: bool) -> FollowUps:
    out = FollowUps()
    if acc.tolerated_materials:
        out.tolerance = _tolerance(draft, tl, acc)
    if simulated:
        out.simulated = _simulated(draft, tl, acc)
        out.results_effective = out.simulated.state == "converted"
    if draft.given.plan.fees:
        out.fees = _fees(draft, tl)
    out.certificate_due = _certificate(draft, acc, clk, out)
    out.status = _status(draft, tl, clk, out)
    renewal = _renewal(draft, tl) if tl.licence_granted is not None else None  # no licence, no renewal
    if renewal is not None:
        out.renewal = renewal
        out.validity_end, out.renewal_apply_by = renewal.validity_end, renewal.renewal_apply_by
    return out


def _tolerance(draft: Draft, tl: Timeline, acc: Acceptance) -> ToleranceTrack:
    g = draft.given
    tolerated, deadline = acc.tolerated_materials, acc.supplement_deadline
    assert deadline is not None
    fu = tolerance_rules.follow_up(tolerated, deadline, tl.supplements, g.as_of)
    cert = None
    if fu.state == "supplemented":
        draft.findings.append(finding("tolerance.supplemented", "follow_up", date=fu.supplemented_on))
        approved = tl.approved_on
        if approved is not None:  # withheld until supplemented, then from the later date (§6, A17)
            cert = draft.date("certificate_due", max(approved, fu.supplemented_on), g.plan.certificate_limit)
    elif fu.state == "terminated":
        draft.findings.append(finding("tolerance.terminated", "follow_up", date=deadline))
    return ToleranceTrack(
        state=fu.state, reason=fu.reason, supplement_deadline=deadline, tolerated_materials=tolerated,
        supplemented_on=fu.supplemented_on, still_missing=fu.still_missing,
        certificate_release_allowed=fu.state == "supplemented", certificate_due=cert,
        credit_consequence=g.rs.policy.tolerance.credit_consequence if fu.state == "terminated" else None)


def _simulated(draft: Draft, tl: Timeline, acc: Acceptance) -> SimulatedTrack:
    g = draft.given
    cfg = g.rs.policy.simulated_approval
    assert acc.acceptance_date is not None
    validity_end = draft.date("simulated_validity_end", acc.acceptance_date, cfg.validity) if cfg.validity else None
    project = g.app.project
    fu = simulated_rules.follow_up(project.intended_holder_id, tl.land_obtained, validity_end,
                                   cfg.void_if_land_obtained_by_other_party, g.as_of)
    if fu.state == "converted":
        draft.findings.append(finding("simulated.converted", "follow_up", date=fu.effective_from))
    elif fu.state == "voided":
        draft.findings.append(finding("simulated.voided", "follow_up", date=fu.voided_on, reason=fu.reason))
    return SimulatedTrack(
        state=fu.state, reason=fu.reason, results_effective=fu.state == "converted",
        effective_from=fu.effective_from, voided_on=fu.voided_on, validity_end=validity_end)


def _fees(draft: Draft, tl: Timeline) -> dict[str, FeeTrack]:
    g = draft.given
    tracks = {}
    for fee in g.plan.fees:
        fs = fee_rules.evaluate(fee, tl.events, g.as_of, lambda d, p, name=fee.id: draft.date(f"fees.{name}", d, p))
        if fs is None:
            continue
        tracks[fee.id] = FeeTrack(state=fs.state, reason=fs.reason, notice_on=fs.notice_on,
                                        payment_deadline=fs.payment_deadline, paid_on=fs.paid_on,
                                        certificate_due=fs.certificate_due)
        draft.findings.append(finding("fees.deadline", "deadline", subject=fee.id, name=fee.name,
                                      name_zh=fee.name_zh, date=fs.payment_deadline, state=fs.state))
    return tracks


def _certificate(draft: Draft, acc: Acceptance, clk: Clocks, out: FollowUps) -> _dt.date | None:
    """``certificate_due`` once every gate is known (ALL Art. 44; spec §6, §10.11, §13a Q6): the
    approval; the tolerated supplements (withheld until supplied, from the later date, A17); and a
    fee the certificate waits for — null until paid and after a lapsed fee, else the fee track's."""
    g = draft.given
    if clk.approved_on is None or any(t.state in LAPSED for t in out.fees.values()):
        return None
    start = clk.approved_on
    if acc.tolerated_materials:
        tol = out.tolerance
        if tol is None or tol.certificate_due is None:
            return None  # withheld until supplemented (§6)
        start = max(start, tol.supplemented_on)
    gating = g.plan.certificate_fees
    if gating:
        if any(out.fees.get(f.id) is None or out.fees[f.id].certificate_due is None for f in gating):
            return None  # waits for the fee (§13a Q6)
        last = max(gating, key=lambda f: out.fees[f.id].certificate_due)  # the last fee paid
        track = out.fees[last.id]
        draft.findings.append(finding("fees.certificate", "deadline", subject=last.id, name=last.name,
                                      name_zh=last.name_zh, paid=track.paid_on, date=track.certificate_due))
        return track.certificate_due
    due = draft.date("certificate_due", start, g.plan.certificate_limit)
    draft.findings.append(_certificate_finding(draft, start, due))
    return due


def _certificate_finding(draft: Draft, decided: _dt.date, due: _dt.date) -> Finding:
    g = draft.given
    m = g.plan.matter
    if m.certificate_issue_limit is None or m.certificate_issue_limit == g.rs.policy.certificate_issue_limit:
        return finding("clock.certificate", "deadline", decided=decided, date=due)
    return finding("clock.certificate_matter", "deadline", decided=decided, date=due,
                   limit=str(m.certificate_issue_limit), limit_zh=m.certificate_issue_limit.zh,
                   extra_basis=g.plan.limit_basis)


def _closed(out: FollowUps) -> tuple[_dt.date | None, str | None]:
    """When a follow-up ended the file without a decision event: a terminated tolerance (the day after
    the supplement deadline) or an unpaid fee (the day after its payment deadline), the earliest."""
    ends = []
    tol = out.tolerance
    if tol is not None and tol.state == "terminated":
        ends.append((tol.supplement_deadline + ONE_DAY, "tolerance_terminated"))
    for fee in out.fees.values():
        if fee.state in LAPSED:
            ends.append((fee.payment_deadline + ONE_DAY, f"fee_{fee.state}"))
    return min(ends) if ends else (None, None)


def _status(draft: Draft, tl: Timeline, clk: Clocks, out: FollowUps) -> StatusTrack:
    """The status track (spec §11), after the follow-ups: a file they closed is no longer pending."""
    g = draft.given
    dl, plan = clk.deadlines, g.plan
    decided_on, closed_reason = clk.decided_on, None
    closed_on, why = _closed(out) if out.tolerance is not None or out.fees else (None, None)
    if closed_on is not None and (decided_on is None or closed_on < decided_on):
        decided_on, closed_reason = closed_on, why
    # a file closed by the end of the promised day is never deemed approved (§6, §10.8)
    deemed = plan.deemed_approval and not (
        closed_on is not None and closed_on <= dl.promised_due + ONE_DAY)
    state, reason, deemed_on = status_as_of(
        g.cal, dl, g.as_of, decided_on=decided_on, excluded=tl.excluded,
        warning_working_days=plan.warning_working_days, deemed_approval=deemed)
    if state == "decided" and closed_reason is not None:
        reason = closed_reason
    if deemed_on is not None:
        draft.findings.append(finding("status.deemed_approved", "status:deemed_approved", date=deemed_on))
    return StatusTrack(state=state, reason=reason, deemed_approved_on=deemed_on,
                             decided_on=decided_on if state == "decided" else None)


def back(end: _dt.date, lead: Period) -> _dt.date:
    """``end`` minus a calendar-day, month or year lead (Civil Code Art. 202 clipping for months)."""
    from dateutil.relativedelta import relativedelta

    if lead.days is not None:
        return end - _dt.timedelta(days=lead.days)
    return end - relativedelta(months=lead.months if lead.months is not None else 12 * (lead.years or 0))


def _renewal(draft: Draft, tl: Timeline) -> RenewalTrack | None:
    g = draft.given
    granted = tl.licence_granted
    m = g.plan.matter
    if granted is None or (granted.valid_until is None and m.validity is None):
        return None
    validity = m.validity
    # a validity ends on its corresponding day, whatever the weekday (spec §10.3a): no roll-over
    end = granted.valid_until or add_period(g.cal, granted.on, validity, rollover="none")
    lead = m.renewal_lead or Period.cd(30)
    apply_by = back(end, lead)  # counted backwards in calendar days / months, no roll-over
    span = validity or Period.cd((end - granted.on).days)

    def extend(start: _dt.date) -> _dt.date:  # a new period of the same length from ``start``
        return add_period(g.cal, start - _dt.timedelta(days=1), span, rollover="none")

    rs_ = renewal_rules.evaluate(granted.on, end, apply_by, tl.renewal_application, tl.renewal_decision, g.as_of, extend)
    state, start = rs_.state, granted.on
    if rs_.state == "renewed" and g.as_of > end:
        # once the renewed period runs, the states describe it (spec §10.3a); one renewal per
        # application, so the new period has no renewal events of its own
        start, end = end + _dt.timedelta(days=1), rs_.new_validity_end
        apply_by = back(end, lead)
        state = renewal_rules.evaluate(start, end, apply_by, None, None, g.as_of, extend).state
    draft.findings.append(finding("renewal.state", "follow_up", end=end, apply_by=apply_by, state=state))
    return RenewalTrack(
        state=state, reason=rs_.state if state != rs_.state else None, granted_on=start, validity_end=end,
        renewal_apply_by=apply_by, application_on_time=rs_.application_on_time,
        deemed_renewed_on=rs_.deemed_renewed_on, new_validity_end=rs_.new_validity_end)
