"""Hypothesis properties of the O(1) index against a slow day-by-day reference (spec §10.2, §10.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from govrules.calendar import DayKind
from govrules.errors import CalendarUnavailableError

from calendar_testlib import D, in_excluded, slow_add_working_days, slow_working_days_between

covered_dates = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30))  # + 120 WD stays in 2026
counts = st.integers(min_value=0, max_value=120)
big_counts = st.integers(min_value=0, max_value=4000)


@st.composite
def intervals(draw, around: dt.date | None = None):
    n = draw(st.integers(min_value=0, max_value=4))
    out = []
    for _ in range(n):
        lo = draw(st.dates(min_value=D(2003, 12, 1), max_value=D(2026, 9, 30)))
        if around is not None and draw(st.booleans()):
            lo = around + dt.timedelta(days=draw(st.integers(min_value=-10, max_value=90)))
        length = draw(st.integers(min_value=0, max_value=40))
        out.append((lo, lo + dt.timedelta(days=length)))
    return out


@given(covered_dates, big_counts)
def test_between_is_the_exact_inverse_of_add(cal, start, n):
    try:
        end = cal.add_working_days(start, n)
    except CalendarUnavailableError:
        assume(False)
    assert cal.working_days_between(start, end) == n
    assert cal.working_days_between(end, start) == -n


@given(covered_dates, counts)
def test_add_matches_the_day_by_day_reference(cal, start, n):
    assert cal.add_working_days(start, n) == slow_add_working_days(cal, start, n)


@given(covered_dates, st.integers(min_value=-400, max_value=180))
def test_between_matches_the_reference(cal, a, offset):
    b = a + dt.timedelta(days=offset)
    assume(b >= D(2004, 1, 1))
    assert cal.working_days_between(a, b) == slow_working_days_between(cal, a, b)


@given(covered_dates, counts, counts)
def test_monotone_in_n(cal, start, n, m):
    lo, hi = sorted((n, m))
    a, b = cal.add_working_days(start, lo), cal.add_working_days(start, hi)
    assert a <= b
    assert (a < b) == (lo < hi)


@given(covered_dates, st.integers(min_value=1, max_value=120))
def test_result_of_a_positive_count_is_a_working_day_after_start(cal, start, n):
    end = cal.add_working_days(start, n)
    assert end > start and cal.is_working_day(end)
    assert cal.day_kind(end) in (DayKind.WORKING, DayKind.MAKEUP_WORKING_DAY)


@given(st.data(), covered_dates, st.integers(min_value=0, max_value=60))
def test_excluded_days_are_never_counted(cal, data, start, n):
    excluded = data.draw(intervals(around=start))
    got = cal.add_working_days(start, n, excluded=excluded)
    assert got == slow_add_working_days(cal, start, n, excluded)
    if n:
        assert not in_excluded(got, excluded) and cal.is_working_day(got)
        counted = sum(
            1
            for i in range(1, (got - start).days + 1)
            if cal.is_working_day(start + dt.timedelta(days=i)) and not in_excluded(start + dt.timedelta(days=i), excluded)
        )
        assert counted == n
        assert cal.excluded_working_days(start, got, excluded) == cal.working_days_between(start, got) - n


@given(covered_dates, st.integers(min_value=0, max_value=200), st.sampled_from(["next_working_day", "after_statutory_holiday_only"]))
def test_rollover_never_lands_on_a_rest_day(cal, start, n, mode):
    end = cal.add_calendar_days(start, n, rollover=mode)
    raw = start + dt.timedelta(days=n)
    assert end >= raw
    assert cal.day_kind(end) is not DayKind.REST_DAY
    if mode == "next_working_day":
        assert cal.is_working_day(end)
        assert end == raw or cal.working_days_between(raw, end) == 1  # the first working day after raw
    else:
        assert end == raw or cal.day_kind(raw) is DayKind.REST_DAY
        # nothing between raw and end is outside the rest block
        assert all(cal.day_kind(raw + dt.timedelta(days=i)) is DayKind.REST_DAY for i in range((end - raw).days))


@given(st.lists(st.tuples(covered_dates, counts), max_size=50))
def test_batch_equals_per_call(cal, pairs):
    starts = [s for s, _ in pairs]
    ns = [n for _, n in pairs]
    assert cal.add_working_days_many(starts, ns) == [cal.add_working_days(s, n) for s, n in pairs]


@given(st.dates(min_value=D(2026, 12, 1), max_value=D(2026, 12, 31)), st.integers(min_value=1, max_value=300))
def test_count_from_december_2026_into_2027(cal, pcal, start, n):
    try:
        end = pcal.add_working_days(start, n)
    except CalendarUnavailableError:  # beyond 2035: not reachable with n <= 300
        pytest.fail("projection should cover the result")
    if end.year == 2026:
        assert cal.add_working_days(start, n) == end
        assert not pcal.is_provisional(end)
    else:
        assert pcal.is_provisional(end) and pcal.depends_on_provisional(start, end)
        with pytest.raises(CalendarUnavailableError) as exc:
            cal.add_working_days(start, n)
        assert exc.value.year == 2027


@given(st.dates(min_value=D(2004, 1, 1), max_value=D(2035, 12, 1)), st.integers(min_value=0, max_value=40))
def test_provisional_flags_propagate(pcal, start, n):
    try:
        end = pcal.add_working_days(start, n)
    except CalendarUnavailableError as exc:
        assert exc.year == 2036
        return
    assert pcal.is_provisional(end) == (end.year >= 2027)
    assert pcal.depends_on_provisional(start, end) == (end.year >= 2027)
    assert pcal.describe(end).provisional == (end.year >= 2027)
