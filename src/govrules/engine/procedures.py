"""Stage 8b: the procedures of an accepted file inside the authority and upward (spec §10.9, §10.14): the
internal steps a matter lists (seed 002 第十一–十四條) and, for a 上报件, the lower authority's review and
the higher authority's own clock (ALL Art. 35, 43). A late step is a warning finding — which step, how
late, whose — and never changes the outcome, the due dates or the status of the Decision."""

from __future__ import annotations

import datetime as _dt

import msgspec

from ..models.decision import InternalTrack, ReportedTrack, StepTrack
from ..models.matter import HandlingKind, InternalStep, Matter
from ..models.policy import Policy
from ..models.period import Period
from ..rules import procedures as rules
from ..rules.basis import finding
from .draft import Draft
from .follow_ups import FollowUps
from .inputs import Checked
from .outcome import Acceptance
from .timeline import Timeline

#: ALL Art. 43 "二十日内审查完毕" (agency days: working days, Art. 82); Art. 42's 20 WD for the higher one
LOWER_REVIEW = HIGHER_REVIEW = Period.wd(20)


class Procedures(msgspec.Struct, frozen=True, gc=False):
    internal: InternalTrack | None = None
    reported: ReportedTrack | None = None


NONE = Procedures()


def procedures(draft: Draft, checked: Checked, tl: Timeline, acc: Acceptance, fu: FollowUps) -> Procedures:
    """``fu``: the follow-ups, whose status says when the file was decided or closed (its open steps end)."""
    m = draft.given.plan.matter
    has_reported = m.handling_kind is HandlingKind.reported and m.reported_to is not None
    assert acc.acceptance_date is not None
    status = fu.status
    ended = status.decided_on if status is not None and status.state == "decided" else None
    internal = _internal(draft, tl, acc.acceptance_date, ended) if m.internal_steps else None
    reported = _reported(draft, checked, tl, acc.acceptance_date, ended, _awaiting_payment(fu)) if has_reported else None
    return Procedures(internal, reported)


def procedure_periods(m: Matter, policy: Policy) -> tuple[Period, ...]:
    """The periods counted from the acceptance by this stage (so that the columnar engine asks the
    calendar for the same dates): forwarding, the consultation letter, a 上报件's lower review."""
    out = []
    steps = set(m.internal_steps)
    if InternalStep.forwarding in steps:
        out.append(policy.internal_limits.forwarding)
    if InternalStep.consultation in steps:
        out.append(policy.internal_limits.consultation_letter)
    if m.handling_kind is HandlingKind.reported and m.reported_to is not None:
        out.append(m.lower_review_limit or LOWER_REVIEW)
    return tuple(out)


def _late_days(draft: Draft):
    cal = draft.given.cal
    return lambda due, day: cal.working_days_between(due, day)


def _clock(draft: Draft, name: str, started: _dt.date | None, period: Period, done: _dt.date | None,
           ended: _dt.date | None) -> StepTrack:
    g = draft.given
    due = draft.date(f"internal.{name}", started, period) if started is not None else None
    track = rules.step(name, started, due, done, g.as_of, _late_days(draft), ended)
    if rules.is_late(track):
        draft.findings.append(finding(rules.LATE_RULE[name], "warning", subject=name, days=track.late_working_days,
                                      due=track.due, owner=track.owner_zh))
    return track


def _on(event) -> _dt.date | None:
    return event.on if event is not None else None


def _internal(draft: Draft, tl: Timeline, accepted: _dt.date, ended: _dt.date | None) -> InternalTrack:
    g = draft.given
    m, limits = g.plan.matter, g.rs.policy.internal_limits
    listed = set(m.internal_steps)
    steps: list[StepTrack] = []
    if InternalStep.forwarding in listed:  # 第十一條: from acceptance, the same day or the next
        steps.append(_clock(draft, "forwarding", accepted, limits.forwarding, _on(tl.first("sent_to_division")), ended))
    if InternalStep.cosign in listed:  # 第十二條: from the lead division's request
        steps.append(_clock(draft, "cosign", _on(tl.first("cosign_requested")), limits.cosign,
                            _on(tl.first("cosign_completed")), ended))
    if InternalStep.consultation in listed:  # 第十三條: the letter from acceptance, the feedback from the letter
        sent = _on(tl.first("consultation_sent"))
        steps.append(_clock(draft, "consultation_letter", accepted, limits.consultation_letter, sent, ended))
        steps.append(_clock(draft, "consultation_feedback", sent, limits.consultation_feedback,
                            _on(tl.first("consultation_answered")), ended))
    meeting = tl.first("review_meeting") if InternalStep.review_meeting in listed else None
    result = meeting.result.value if meeting is not None else None
    if meeting is not None and result == "refused":  # 第十四條: the meeting's record is the basis of the decision
        draft.findings.append(finding("internal.review_refused", "follow_up", date=meeting.on))
        if tl.approved_on is not None and tl.approved_on >= meeting.on:
            draft.findings.append(finding("internal.decision_contradicts_review", "warning", meeting=meeting.on,
                                          date=tl.approved_on))
    fee = tl.first("fee_notice")
    if fee is not None and InternalStep.review_meeting in listed and (
            meeting is None or meeting.on > fee.on or result == "refused"):  # 第十八條: fees after the meeting passed
        draft.findings.append(finding("internal.fee_notice_before_review", "warning", date=fee.on))
    late = any(rules.is_late(s) for s in steps)
    finished = all(s.state in ("done", "done_late") for s in steps) and (
        meeting is not None or InternalStep.review_meeting not in listed)
    state: str
    reason: str | None
    if result == "refused":
        state, reason = "review_refused", "review_meeting_refused"
    elif late:
        state, reason = "late", "step_overdue"
    elif finished or ended is not None:
        state, reason = "completed", None if finished else "file_ended"
    else:
        state, reason = "in_progress", None
    return InternalTrack(state=state, reason=reason, steps=tuple(steps), review_meeting_on=_on(meeting),
                         review_result=result, fee_notice_on=_on(fee))


def _awaiting_payment(fu: FollowUps) -> tuple[tuple[_dt.date, _dt.date], ...]:
    """The applicant's time to pay, from each fee notice to the payment (or the deadline): the file goes
    upward only once paid (seed 002 第十九條 para. 2 "逾期不繳的,不予辦理建設用地報批手續"), so the
    reporting clocks do not count it against the authority (as seed 000 excludes 缴费 time)."""
    spans = ((f.notice_on, f.paid_on or f.payment_deadline) for f in fu.fees.values())
    return tuple((a, b) for a, b in spans if a is not None and b is not None and a <= b)  # paid before notice: none


def _reported(draft: Draft, checked: Checked, tl: Timeline, accepted: _dt.date, ended: _dt.date | None,
              paying: tuple[tuple[_dt.date, _dt.date], ...]) -> ReportedTrack:
    g = draft.given
    m = g.plan.matter
    higher_id = m.reported_to
    assert higher_id is not None  # procedures() asks for a report only of a matter that names it
    higher = g.rs.authorities_by_id.get(higher_id)
    higher_name = f"{higher.name_zh}（{higher.id}）" if higher is not None else higher_id
    lower = _step(draft, "lower_review", accepted, m.lower_review_limit or LOWER_REVIEW,
                  _on(tl.first("reported_upward")), tl.excluded + paying, higher=higher_name, ended=ended)
    received = _on(tl.first("higher_received"))
    upper = None
    if received is not None:
        upper = _step(draft, "higher_review", received, m.higher_limit or HIGHER_REVIEW,
                      tl.decision.on if tl.decision is not None else None, tl.excluded, higher=higher_name,
                      ended=ended)
    asked_again: tuple[str, ...] = ()
    notice = tl.first("higher_correction_notice")
    if notice is not None:  # ALL Art. 35: what the lower authority holds went upward with its opinion
        held = rules.held_materials({k: v.value for k, v in checked.statuses.items()}, tl.supplements, notice.on)
        asked_again = tuple(sorted(set(notice.materials) & held))
        if asked_again:
            names = "、".join([g.plan.material_names_zh[x] for x in asked_again])
            draft.findings.append(finding("reported.materials_asked_again", "warning", subject=",".join(asked_again),
                                          items=names))
    state = "higher_review" if received is not None else ("reported" if lower.done_on is not None else "lower_review")
    return ReportedTrack(state=state, reason="materials_asked_again" if asked_again else None,
                         higher_authority_id=higher_id, lower_review=lower, higher_review=upper,
                         materials_asked_again=asked_again)


def _step(draft: Draft, name: str, started: _dt.date, period: Period, done: _dt.date | None,
          excluded: tuple[tuple[_dt.date, _dt.date], ...], *, higher: str, ended: _dt.date | None) -> StepTrack:
    """A reporting clock: over the file's excluded periods, like the statutory one (ALL Art. 45)."""
    g = draft.given
    due = draft.date(f"reported.{name}", started, period, excluded=excluded)
    track = rules.step(name, started, due, done, g.as_of, _late_days(draft), ended)
    if rules.is_late(track):
        draft.findings.append(finding(rules.LATE_RULE[name], "warning", subject=name, days=track.late_working_days,
                                      due=track.due, higher=higher))
    return track


__all__ = ["NONE", "Procedures", "procedure_periods", "procedures"]
