"""Stage 7: every processing due date of an accepted application, in one place (spec §10.2–§10.6,
§10.13): the clock start (acceptance, or the window's receipt of the complete file for a receipt
clock), the statutory, promised and extended due dates over the excluded periods, and the day the
matter was decided (a decision event, or the acceptance itself for 秒批)."""

from __future__ import annotations

import datetime as _dt

import msgspec

from ..clock import Deadlines, compute_deadlines
from ..rules.basis import finding
from .draft import Draft
from .outcome import Acceptance
from .timeline import Timeline


class Clocks(msgspec.Struct, frozen=True, gc=False):
    deadlines: Deadlines
    approved_on: _dt.date | None  # the approval decision (or 秒批's acceptance): the certificate's start
    decided_on: _dt.date | None  # any decision, approving or refusing


def clocks(draft: Draft, tl: Timeline, acc: Acceptance) -> Clocks:
    g = draft.given
    plan = g.plan
    assert acc.acceptance_date is not None
    start = acc.acceptance_date
    if plan.clock_from_receipt:  # seed 002 第十五條: from the window's receipt of the complete file
        completed = acc.correction.correction_completed_on if acc.correction is not None else None
        start = completed or g.received
        draft.findings.append(finding("clock.receipt_start", "clock", date=start))
    ext_event = tl.extension
    ext_days = plan.extension_days
    if ext_event is not None and ext_event.days is not None:
        ext_days = ext_event.days
    dl = compute_deadlines(
        g.cal, start, plan.statutory_limit, plan.promised_limit, extension_days=ext_days,
        extended=ext_event is not None, extend_promised=plan.extend_promised, excluded=tl.excluded,
        roll_start=plan.roll_start, rollover=plan.rollover,
    )
    last = max(dl.statutory_due, dl.promised_due)
    if dl.statutory_due_if_extended is not None and dl.statutory_due_if_extended > last:
        last = dl.statutory_due_if_extended
    draft.computed.append(("statutory_due", start, last))
    add = draft.findings.append
    add(plan.statutory_finding("deadline", None, (), {"start": dl.clock_start, "date": dl.statutory_due}))
    add(plan.promised_finding("deadline", None, dl.promised_due))
    for s in tl.suspensions:
        add(finding("clock.excluded", "excluded_period", subject=s.kind.value, kind=s.kind.value, start=s.from_, end=s.to))
    if dl.extended and dl.statutory_due_if_extended is not None:
        add(finding("clock.extension", "deadline", days=ext_days, date=dl.statutory_due_if_extended))
    approved_on = decided_on = None
    if tl.decision is not None:
        approved_on, decided_on = tl.approved_on, tl.decision.on
    if tl.decision is None and acc.instant:  # 秒批: acceptance completes the approval (seed 004)
        approved_on = decided_on = acc.acceptance_date
        add(finding("clock.instant_approval", "status:decided", date=acc.acceptance_date))
    return Clocks(dl, approved_on, decided_on)
