"""Licence validity and renewal (行政许可法 Art. 50; spec §10.3a): the only national deemed grant."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

import msgspec

ONE_DAY = _dt.timedelta(days=1)


class RenewalState(msgspec.Struct, frozen=True, gc=False):
    state: str
    validity_end: _dt.date
    renewal_apply_by: _dt.date
    application_on_time: bool | None
    deemed_renewed_on: _dt.date | None
    new_validity_end: _dt.date | None


def evaluate(granted_on: _dt.date, validity_end: _dt.date, apply_by: _dt.date, applied: Any, decided: Any,
             as_of: _dt.date, extend: Callable[[_dt.date], _dt.date]) -> RenewalState:
    """``extend(day)`` gives the end of a new validity period starting on ``day``."""
    on_time = None if applied is None else applied.on <= apply_by
    if decided is not None and decided.on <= validity_end:
        if decided.result.value == "renewed":
            return RenewalState("renewed", validity_end, apply_by, on_time, None, extend(validity_end + ONE_DAY))
        return RenewalState("refused" if as_of <= validity_end else "expired", validity_end, apply_by, on_time, None, None)
    if as_of > validity_end:
        if on_time:
            return RenewalState("deemed_renewed", validity_end, apply_by, on_time, validity_end + ONE_DAY,
                                extend(validity_end + ONE_DAY))
        return RenewalState("expired", validity_end, apply_by, on_time, None, None)
    if applied is None:
        state = "valid" if as_of <= apply_by else "apply_by_passed"
    else:
        state = "pending" if on_time else "late_application"
    return RenewalState(state, validity_end, apply_by, on_time, None, None)
