"""The opt-in provisional projection (spec §10.1, §13 A20)."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from govrules.calendar import DayKind, china_calendar
from govrules.calendar.data import load_lunar_table
from govrules.calendar.provisional import project_year
from govrules.errors import CalendarUnavailableError

from calendar_testlib import D, ONE


STATUTORY = {
    "New Year's Day",
    "Chinese New Year's Eve",
    "Chinese New Year (Spring Festival)",
    "Tomb-Sweeping Day",
    "Labor Day",
    "Dragon Boat Festival",
    "Mid-Autumn Festival",
    "National Day",
}


def rest_days_of(calendar, year):
    return {d for m in range(1, 13) for d, k in calendar.month(year, m) if k is DayKind.REST_DAY}


def test_projection_range_and_flags(pcal, cal):
    assert pcal.official_years == range(2004, 2027)
    assert pcal.provisional_years == range(2027, 2036)
    assert pcal.covered_years == range(2004, 2036)
    assert not pcal.is_provisional(D(2026, 12, 31))
    assert pcal.is_provisional(D(2027, 1, 1)) and pcal.is_provisional(D(2035, 12, 31))
    assert cal.provisional_years == range(2027, 2027)
    assert not cal.is_provisional(D(2026, 12, 31))
    # the shipped years are identical with or without the projection
    for y in (2005, 2020, 2026):
        for m in range(1, 13):
            assert pcal.month(y, m) == cal.month(y, m)
    with pytest.raises(CalendarUnavailableError) as exc:
        pcal.is_working_day(D(2036, 1, 1))
    assert exc.value.year == 2036


@pytest.mark.parametrize("year", range(2027, 2036))
def test_projected_rest_days_are_exactly_the_13_statutory_days(pcal, year):
    rest = rest_days_of(pcal, year)
    # the statutory dates python-holidays computes (no in-lieu days; names filter out any future
    # notice-based substitutions a later python-holidays may add for these years)
    expected = {
        d
        for d, names in holidays.China(years=year, observed=False, language="en_US").items()
        if any(name in STATUTORY for name in names.split("; "))
    }
    assert rest == expected
    # Mid-Autumn coincides with National Day in 2028 (Oct 3) and 2031 (Oct 1): 12 distinct days
    assert len(rest) == (12 if year in (2028, 2031) else 13)
    # no make-up days, no bridging
    kinds = {k for m in range(1, 13) for _, k in pcal.month(year, m)}
    assert DayKind.MAKEUP_WORKING_DAY not in kinds
    for d in rest:
        assert pcal.describe(d).source == "provisional" and pcal.describe(d).provisional


def test_projected_2027_spring_festival(pcal):
    # New Year's Eve 2027-02-05 (Fri) + first three days; then back to work on Tuesday 02-09
    assert [pcal.day_kind(D(2027, 2, d)) for d in range(4, 10)] == [
        DayKind.WORKING, DayKind.REST_DAY, DayKind.REST_DAY, DayKind.REST_DAY, DayKind.REST_DAY, DayKind.WORKING,
    ]
    assert pcal.add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 9)


def test_projection_of_real_years_is_a_subset_of_the_notices(cal):
    # the projection rule applied to 2025 and 2026 (first years under the 2024 measures) gives only days
    # that the real notices also made rest days: it never invents a rest day
    table, _ = load_lunar_table()
    for ly in table:
        if ly.year in (2025, 2026):
            projected = set()
            for block in project_year(ly):
                d = block.start
                while d <= block.end:
                    projected.add(d)
                    d += ONE
            assert len(projected) == 13
            assert projected <= rest_days_of(cal, ly.year)


def test_without_opt_in_2027_raises_and_with_it_results_are_flagged(cal, pcal):
    start = D(2026, 12, 15)
    with pytest.raises(CalendarUnavailableError) as exc:
        cal.add_working_days(start, 20)
    assert exc.value.year == 2027 and "provisional=True" in str(exc.value)
    end = pcal.add_working_days(start, 20)
    assert end == D(2027, 1, 13)  # 2027-01-01 (Fri) is the only rest day crossed
    assert pcal.is_provisional(end)
    assert pcal.depends_on_provisional(start, end) and pcal.depends_on_provisional(end, start)
    assert not pcal.depends_on_provisional(start, D(2026, 12, 31))
    # calendar-day periods and month periods too
    assert pcal.add_calendar_days(D(2026, 12, 2), 30) == D(2027, 1, 4)
    assert pcal.is_provisional(pcal.add_calendar_days(D(2026, 12, 2), 30))
    with pytest.raises(CalendarUnavailableError):
        cal.add_calendar_days(D(2026, 12, 2), 30)
    assert pcal.add_months(D(2027, 4, 5), 6, rollover="next_working_day") == D(2027, 10, 5)


def test_end_of_projection(pcal):
    with pytest.raises(CalendarUnavailableError) as exc:
        pcal.add_working_days(D(2035, 12, 1), 40)
    assert exc.value.year == 2036


def test_provisional_calendar_is_cached_and_distinct(pcal, cal):
    assert china_calendar(provisional=True) is pcal
    assert pcal != cal
    assert isinstance(pcal.first_date, dt.date)
