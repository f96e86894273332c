"""The clock: from a start, limits and excluded periods to due dates and a status as of a date.

It knows nothing of rules; the engine tells it where the clock starts and which intervals are
excluded. Every date comes from the calendar, so a date outside the calendar's data raises
``CalendarUnavailableError`` instead of being guessed.
"""

from __future__ import annotations

import datetime as _dt
from typing import Protocol, Sequence

import msgspec

from ..models.period import Period, Unit

ONE_DAY = _dt.timedelta(days=1)
WORKING_DAYS = Unit.working_days
Span = tuple[_dt.date, _dt.date]


class CalendarLike(Protocol):  # the Calendar API of api.md that the clock needs
    def is_working_day(self, d: _dt.date) -> bool: ...
    def add_working_days(self, start: _dt.date, n: int, *, excluded: Sequence[Span] = ()) -> _dt.date: ...
    def working_days_between(self, start: _dt.date, end: _dt.date) -> int: ...
    def add_calendar_days(self, start: _dt.date, n: int, *, rollover: str = ...) -> _dt.date: ...
    def add_months(self, start: _dt.date, n: int, *, rollover: str = ...) -> _dt.date: ...


def add_period(cal: CalendarLike, start: _dt.date, period: Period, rollover: str = "next_working_day",
               excluded: Sequence[Span] = ()) -> _dt.date:
    """``start`` + ``period``: working days skip rest days and exclusions; calendar days roll over.
    Positional arguments are fine: the engine asks it for every due date."""
    if period.unit is WORKING_DAYS:  # the usual period (a unit goes with days only)
        if excluded:
            return cal.add_working_days(start, period.days, excluded=excluded)  # type: ignore[arg-type]
        return cal.add_working_days(start, period.days)  # type: ignore[arg-type]
    if period.days is not None:
        return cal.add_calendar_days(start, period.days, rollover=rollover)
    months = period.months if period.months is not None else 12 * (period.years or 0)
    return cal.add_months(start, months, rollover=rollover)


class Deadlines(msgspec.Struct, frozen=True, gc=False):
    clock_start: _dt.date
    statutory_due: _dt.date
    statutory_due_if_extended: _dt.date | None
    promised_due: _dt.date
    excluded_working_days: int
    extended: bool

    @property
    def effective_statutory_due(self) -> _dt.date:
        """The statutory due date that binds now: the extended one once an extension was granted."""
        if self.extended and self.statutory_due_if_extended is not None:
            return self.statutory_due_if_extended
        return self.statutory_due


def compute_deadlines(
    cal: CalendarLike,
    clock_start: _dt.date,
    statutory: Period,
    promised: Period,
    *,
    extension_days: int | None = None,
    extended: bool = False,
    extend_promised: bool = False,
    excluded: Sequence[Span] = (),
    roll_start: bool = False,
    rollover: str = "next_working_day",
) -> Deadlines:
    """Statutory, promised and extended due dates from one clock start (spec §10.4–§10.6).

    ``roll_start`` implements ``start_on_non_working_day = roll_start_to_next_working_day`` (A2).
    """
    start = clock_start
    if roll_start:
        while not cal.is_working_day(start):
            start += ONE_DAY
    statutory_due = add_period(cal, start, statutory, rollover, excluded)
    if_extended = None
    if extension_days is not None and statutory.unit is Unit.working_days:
        if_extended = cal.add_working_days(start, statutory.days + extension_days, excluded=excluded)
    promised_days = promised
    if extend_promised and extended and extension_days and promised.unit is Unit.working_days:
        promised_days = Period.wd(promised.days + extension_days)
    promised_due = add_period(cal, start, promised_days, rollover, excluded)
    last = if_extended if (extended and if_extended) else statutory_due
    excluded_wd = 0
    if excluded and statutory.unit is Unit.working_days:
        counted = statutory.days + (extension_days if (extended and if_extended is not None) else 0)
        excluded_wd = cal.working_days_between(start, last) - counted
    return Deadlines(start, statutory_due, if_extended, promised_due, excluded_wd, extended)


def status_as_of(
    cal: CalendarLike,
    deadlines: Deadlines,
    as_of: _dt.date,
    *,
    decided_on: _dt.date | None = None,
    excluded: Sequence[Span] = (),
    warning_working_days: int = 2,
    deemed_approval: bool = False,
) -> tuple[str, str | None, _dt.date | None]:
    """(state, reason, deemed_approved_on) of the ``status`` track (spec §11, §10.8).

    Terminal states are final, the first one reached wins: a decision on or before the promised due
    date keeps the file ``decided``; a decision that comes after a local deemed approval (视作同意)
    does not undo it.
    """
    deemed_on = deadlines.promised_due + ONE_DAY
    if deemed_approval and as_of >= deemed_on and (decided_on is None or decided_on >= deemed_on):
        return "deemed_approved", "promised_limit_passed", deemed_on
    if decided_on is not None and decided_on <= as_of:
        return "decided", None, None
    if excluded and any(a <= as_of <= b for a, b in excluded):
        return "suspended", "excluded_period", None
    if as_of > deadlines.effective_statutory_due:
        return "pending_overdue_statutory", "statutory_limit_passed", None
    if as_of > deadlines.promised_due:
        return "pending_overdue_promised", "promised_limit_passed", None
    if cal.working_days_between(as_of, deadlines.promised_due) <= warning_working_days:
        return "due_soon", "promised_due_near", None
    return "pending", None, None
