"""Helpers of the calendar tests: a slow, obviously-correct reference implementation."""

from __future__ import annotations

import datetime as dt

from govrules.calendar import Calendar

D = dt.date
ONE = dt.timedelta(days=1)


def in_excluded(d: dt.date, excluded) -> bool:
    return any(lo <= d <= hi for lo, hi in excluded)


def slow_add_working_days(cal: Calendar, start: dt.date, n: int, excluded=()) -> dt.date:
    """spec §10.2 pseudo-code, day by day."""
    if n == 0:
        return start
    d, counted = start, 0
    while counted < n:
        d += ONE
        if cal.is_working_day(d) and not in_excluded(d, excluded):
            counted += 1
    return d


def slow_working_days_between(cal: Calendar, start: dt.date, end: dt.date) -> int:
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count, d = 0, start + ONE
    while d <= end:
        count += cal.is_working_day(d)
        d += ONE
    return sign * count
