"""Fee deadlines (seed 002 第十九條; spec §10.11): pay within the period or the matter ends."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Iterable

import msgspec

from ..models.matter import Fee


class FeeState(msgspec.Struct, frozen=True, gc=False):
    state: str
    reason: str | None
    notice_on: _dt.date
    payment_deadline: _dt.date
    paid_on: _dt.date | None
    certificate_due: _dt.date | None


def evaluate(fee: Fee, events: Iterable[Any], as_of: _dt.date,
             add: Callable[[_dt.date, Any], _dt.date]) -> FeeState | None:
    """awaiting_payment / paid_on_time / not_approved / closed_without_processing; None before a notice."""
    notice = paid = None
    for ev in events:
        if getattr(ev, "fee", None) != fee.id:
            continue
        if ev.type == "fee_notice" and notice is None:
            notice = ev.on
        elif ev.type == "payment" and paid is None:
            paid = ev.on
    if notice is None:
        return None
    deadline = add(notice, fee.payment_period)
    if paid is not None and paid <= deadline:  # paid on the deadline day is on time
        cert = add(paid, fee.certificate_after_payment) if fee.certificate_after_payment else None
        return FeeState("paid_on_time", None, notice, deadline, paid, cert)
    if as_of > deadline:
        return FeeState(fee.on_late.value, "payment_deadline_passed", notice, deadline, paid, None)
    return FeeState("awaiting_payment", None, notice, deadline, None, None)
