"""Due dates as array arithmetic on the working-day calendar (spec §10.2–§10.3a), for whole columns.

The calendar's days are numbered by offset from its first covered day. ``rank[o]`` is the number of
working days on or before day ``o`` and ``nth[k]`` the offset of the k-th working day, so the n-th
working day after a start is ``nth[rank[start] + n]``: two lookups per row, as in
``calendar/index.py``. Each function returns ``(offsets, ok)``: ``ok`` is False where ``decide()``
would have to raise ``CalendarUnavailableError`` (a date outside the data) — or where this module is
not sure it would not (a calendar-day result outside the data, even with ``rollover="none"``) — and
such rows are handed to the row engine, which raises or answers exactly as ``decide()`` does.

Built only from the Calendar's public API (``first_date``, ``last_date``, ``day_kind``), once per
call (a few milliseconds; nothing is kept at module level).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..calendar import Calendar, DayKind
from ..clock import add_period
from ..errors import GovRulesError
from ..models.period import Period, Unit

EPOCH = _dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True, slots=True, eq=False)
class CalendarArrays:
    base: int  # the first covered day, in days since 1970-01-01 (date32)
    ndays: int
    working: np.ndarray  # bool by offset
    rest: np.ndarray  # bool by offset: a day of a rest block (DayKind.REST_DAY)
    rank: np.ndarray  # int64 by offset: working days on or before the day
    nth: np.ndarray  # int64: offset of the k-th working day (nth[0] = -1, a placeholder)
    after_rest: np.ndarray  # int64 by offset: the first offset from there on not in a rest block
    calendar: Calendar

    @property
    def nwd(self) -> int:
        return len(self.nth) - 1


def calendar_arrays(cal: Calendar) -> CalendarArrays:
    """The per-day arrays of ``cal``, built for each call (a few milliseconds): nothing is kept at module
    level, and a Calendar holds no derived state of others."""
    first, last = cal.first_date, cal.last_date
    ndays = last.toordinal() - first.toordinal() + 1
    kinds = [cal.day_kind(first + _dt.timedelta(days=o)) for o in range(ndays)]
    working = np.fromiter((k.is_working for k in kinds), bool, ndays)
    rest = np.fromiter((k is DayKind.REST_DAY for k in kinds), bool, ndays)
    rank = np.cumsum(working, dtype=np.int64)
    nth = np.concatenate(([-1], np.flatnonzero(working))).astype(np.int64)
    after_rest = np.arange(ndays + 1, dtype=np.int64)
    for o in range(ndays - 1, -1, -1):  # once per calendar
        if rest[o]:
            after_rest[o] = after_rest[o + 1]
    return CalendarArrays(first.toordinal() - EPOCH, ndays, working, rest, rank, nth, after_rest[:ndays].copy(), cal)


def covered(ca: CalendarArrays, off: np.ndarray) -> np.ndarray:
    return (off >= 0) & (off < ca.ndays)


def _clip(ca: CalendarArrays, off: np.ndarray) -> np.ndarray:
    return np.clip(off, 0, ca.ndays - 1)


def add_working_days(ca: CalendarArrays, start: np.ndarray, n: int | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``Calendar.add_working_days`` without exclusions (event-free rows have none): n == 0 is the start
    itself (which must be covered), else the n-th working day after it."""
    ok = covered(ca, start)
    s = _clip(ca, start)
    target = ca.rank[s] + n
    ok &= target <= ca.nwd
    res = ca.nth[np.clip(target, 0, ca.nwd)]
    res = np.where(np.asarray(n) == 0, s, res)
    return np.where(ok, res, 0), ok


def roll(ca: CalendarArrays, end: np.ndarray, rollover: str) -> tuple[np.ndarray, np.ndarray]:
    """``Calendar._roll`` of spec §10.3 / A3: an end on a rest day moves on (``next_working_day``), or
    only one inside a rest block (``after_statutory_holiday_only``); ``none`` does not move (but a
    result outside the data is still sent to the row engine, see the module's docstring)."""
    ok = covered(ca, end)
    e = _clip(ca, end)
    if rollover == "none":
        return np.where(ok, e, 0), ok
    if rollover == "next_working_day":
        nxt = ca.rank[e] + 1
        moved = ~ca.working[e]
        ok &= ~moved | (nxt <= ca.nwd)
        res = np.where(moved, ca.nth[np.clip(nxt, 0, ca.nwd)], e)
        return np.where(ok, res, 0), ok
    if rollover == "after_statutory_holiday_only":
        j = ca.after_rest[e]
        moved = ca.rest[e]
        ok &= ~moved | (j < ca.ndays)
        res = np.where(moved, j, e)
        return np.where(ok, res, 0), ok
    raise ValueError(rollover)  # pragma: no cover - the policy model allows only these


def add_period_days(ca: CalendarArrays, start: np.ndarray, period: Period, rollover: str) -> tuple[np.ndarray, np.ndarray]:
    """``clock.add_period`` (no exclusions) over an array of start offsets."""
    if period.days is not None:
        if period.unit is Unit.working_days:
            return add_working_days(ca, start, period.days)
        res, ok = roll(ca, start + period.days, rollover)
        return res, ok & covered(ca, start)
    return _per_distinct_start(ca, start, period, rollover)


def _per_distinct_start(ca: CalendarArrays, start: np.ndarray, period: Period, rollover: str) -> tuple[np.ndarray, np.ndarray]:
    """Month and year periods (Civil Code Art. 202 clipping): the clock's own ``add_period``, once per
    distinct start date."""
    uniq, inverse = np.unique(start, return_inverse=True)
    out = np.zeros(len(uniq), np.int64)
    good = np.zeros(len(uniq), bool)
    first = ca.calendar.first_date
    for i, o in enumerate(uniq.tolist()):
        if not 0 <= o < ca.ndays:
            continue
        try:
            d = add_period(ca.calendar, first + _dt.timedelta(days=o), period, rollover=rollover)
        except GovRulesError:
            continue
        out[i] = d.toordinal() - first.toordinal()
        good[i] = 0 <= out[i] < ca.ndays
    return out[inverse], good[inverse]


def roll_start(ca: CalendarArrays, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``compute_deadlines(roll_start=True)``: a start on a rest day moves to the next working day (A2)."""
    ok = covered(ca, start)
    s = _clip(ca, start)
    nxt = ca.rank[s] + 1
    moved = ~ca.working[s]
    ok &= ~moved | (nxt <= ca.nwd)
    return np.where(ok, np.where(moved, ca.nth[np.clip(nxt, 0, ca.nwd)], s), 0), ok


def to_date32(ca: CalendarArrays, off: np.ndarray) -> np.ndarray:
    return (off + ca.base).astype(np.int32)


def from_date32(ca: CalendarArrays, days: Any) -> np.ndarray:
    return np.asarray(days, dtype=np.int64) - ca.base
