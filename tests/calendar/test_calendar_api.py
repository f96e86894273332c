"""The Calendar API of api.md on the spec's worked examples, plus the helpers (month view, describe,
version, immutability, coverage errors)."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import threading

import pytest

from govrules.calendar import Calendar, DayInfo, DayKind, china_calendar
from govrules.errors import CalendarUnavailableError, GovRulesError

from calendar_testlib import D


# ---------------------------------------------------------------------------------------------------
# spec worked examples


def test_expert_review_excluded_20_wd_lands_on_a_makeup_sunday(cal):
    # spec §10.6: accepted 2025-03-03, expert review 03-17…04-11 (19 WD) ⇒ 2025-04-27 instead of 03-31
    review = [(D(2025, 3, 17), D(2025, 4, 11))]
    assert cal.add_working_days(D(2025, 3, 3), 20) == D(2025, 3, 31)
    due = cal.add_working_days(D(2025, 3, 3), 20, excluded=review)
    assert due == D(2025, 4, 27)
    assert due.weekday() == 6 and cal.day_kind(due) is DayKind.MAKEUP_WORKING_DAY
    assert cal.excluded_working_days(D(2025, 3, 3), due, review) == 19
    assert cal.working_days_between(D(2025, 3, 3), due) - 20 == 19


def test_labour_day_2025_deemed_acceptance_example(cal):
    # spec §10.7: receipt 04-29 ⇒ notice due 05-09 (5 WD), statutory 05-30 (20 WD), promised 05-12 (6 WD)
    receipt = D(2025, 4, 29)
    assert cal.add_working_days(receipt, 5) == D(2025, 5, 9)
    assert cal.add_working_days(receipt, 20) == D(2025, 5, 30)
    assert cal.add_working_days(receipt, 6) == D(2025, 5, 12)


def test_national_day_calendar_day_rollover(cal):
    # spec §10.3: notice 2025-09-01 + 30 = 2025-10-01 (National Day) ⇒ 2025-10-09
    assert cal.add_calendar_days(D(2025, 9, 1), 30) == D(2025, 10, 9)
    assert cal.add_calendar_days(D(2025, 9, 1), 30, rollover="after_statutory_holiday_only") == D(2025, 10, 9)
    assert cal.add_calendar_days(D(2025, 9, 1), 30, rollover="none") == D(2025, 10, 1)


def test_certificate_within_10_wd(cal):
    # spec §10.10: decision 2026-09-28 ⇒ certificate due 2026-10-16
    assert cal.add_working_days(D(2026, 9, 28), 10) == D(2026, 10, 16)


def test_civil_code_month_and_year_clipping(cal):
    assert cal.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert cal.add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert cal.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert cal.add_years(D(2023, 7, 10), 3) == D(2026, 7, 10)  # §10.3a validity_end
    assert cal.add_months(D(2025, 3, 31), 0) == D(2025, 3, 31)


def test_month_periods_need_no_calendar_data_without_rollover(cal):
    # a 5-year licence granted in 2025 ends in 2030: pure date arithmetic, no classification
    assert cal.add_years(D(2025, 6, 30), 5) == D(2030, 6, 30)
    assert cal.add_calendar_days(D(2026, 12, 1), 400, rollover="none") == D(2028, 1, 5)
    with pytest.raises(CalendarUnavailableError) as exc:
        cal.add_years(D(2025, 6, 30), 5, rollover="next_working_day")
    assert exc.value.year == 2030


def test_month_period_rollover(cal):
    # 2025-09-01 + 1 month = 2025-10-01 (National Day) ⇒ rolls to 10-09
    assert cal.add_months(D(2025, 9, 1), 1, rollover="next_working_day") == D(2025, 10, 9)
    assert cal.add_months(D(2025, 9, 1), 1) == D(2025, 10, 1)


def test_project_total_with_two_exclusions_across_national_day(cal):
    # spec §10.12: start 2025-09-22, 09-24…09-26 and 10-13…10-17 excluded, 14 WD ⇒ 2025-10-28
    excluded = [(D(2025, 9, 24), D(2025, 9, 26)), (D(2025, 10, 13), D(2025, 10, 17))]
    assert cal.add_working_days(D(2025, 9, 22), 14, excluded=excluded) == D(2025, 10, 28)
    # order and overlap of the intervals do not matter
    shuffled = [excluded[1], (D(2025, 9, 25), D(2025, 9, 25)), excluded[0]]
    assert cal.add_working_days(D(2025, 9, 22), 14, excluded=shuffled) == D(2025, 10, 28)


# ---------------------------------------------------------------------------------------------------
# rollover modes (spec §13 A3/A4)


def test_rollover_off_an_ordinary_weekend(cal):
    # 2025-03-01 + 7 = 2025-03-08, a Saturday (ordinary weekend)
    assert cal.add_calendar_days(D(2025, 3, 1), 7) == D(2025, 3, 10)
    assert cal.add_calendar_days(D(2025, 3, 1), 7, rollover="after_statutory_holiday_only") == D(2025, 3, 8)
    assert cal.add_calendar_days(D(2025, 3, 1), 7, rollover="none") == D(2025, 3, 8)


def test_no_rollover_off_a_makeup_saturday(cal):
    # 2025-02-08 is a make-up Saturday (working day): no roll in any mode
    for mode in ("next_working_day", "after_statutory_holiday_only", "none"):
        assert cal.add_calendar_days(D(2025, 2, 1), 7, rollover=mode) == D(2025, 2, 8)


def test_rollover_off_a_weekend_day_inside_a_rest_block(cal):
    # 2025-02-01 is a Saturday inside the Spring Festival block: a notice rest day in both modes
    assert cal.day_kind(D(2025, 2, 1)) is DayKind.REST_DAY
    assert cal.add_calendar_days(D(2025, 1, 25), 7) == D(2025, 2, 5)
    assert cal.add_calendar_days(D(2025, 1, 25), 7, rollover="after_statutory_holiday_only") == D(2025, 2, 5)


# ---------------------------------------------------------------------------------------------------
# counting rules


def test_start_day_not_counted_and_n0_returns_start(cal):
    assert cal.add_working_days(D(2025, 3, 3), 1) == D(2025, 3, 4)
    assert cal.add_working_days(D(2025, 3, 3), 0) == D(2025, 3, 3)
    # a non-working start: day 1 is the first working day after it (spec §13 A2)
    assert cal.add_working_days(D(2025, 2, 1), 0) == D(2025, 2, 1)
    assert cal.add_working_days(D(2025, 2, 1), 1) == D(2025, 2, 5)
    assert cal.add_working_days(D(2025, 1, 31), 1) == D(2025, 2, 5)


def test_working_days_between_negative_when_reversed(cal):
    a, b = D(2025, 4, 29), D(2025, 5, 9)
    assert cal.working_days_between(a, b) == 5
    assert cal.working_days_between(b, a) == -5
    assert cal.working_days_between(a, a) == 0


def test_exclusion_covering_the_start_and_beyond_coverage_start(cal):
    # intervals before the start and around it are clipped to the days after the start
    ex = [(D(1990, 1, 1), D(2025, 3, 5))]  # excludes 03-04 and 03-05 after the start
    assert cal.add_working_days(D(2025, 3, 3), 1, excluded=ex) == D(2025, 3, 6)
    # an exclusion that lies entirely after the result is irrelevant, even if beyond coverage
    assert cal.add_working_days(D(2025, 3, 3), 1, excluded=[(D(2030, 1, 1), D(2031, 1, 1))]) == D(2025, 3, 4)
    # an open-ended exclusion that swallows the rest of the data cannot be counted past
    with pytest.raises(CalendarUnavailableError) as exc:
        cal.add_working_days(D(2026, 12, 1), 3, excluded=[(D(2026, 12, 2), D(2027, 3, 1))])
    assert exc.value.year == 2027


# ---------------------------------------------------------------------------------------------------
# coverage


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_working_day(D(2027, 1, 4)),
        lambda c: c.day_kind(D(2003, 12, 31)),
        lambda c: c.add_working_days(D(2027, 1, 4), 0),  # day 0 must be covered too
        lambda c: c.add_working_days(D(2003, 12, 31), 1),
        lambda c: c.add_working_days(D(2026, 12, 20), 30),  # starts in 2026, runs into 2027
        lambda c: c.working_days_between(D(2026, 12, 1), D(2027, 1, 5)),
        lambda c: c.add_calendar_days(D(2026, 12, 20), 30),
        lambda c: c.month(2027, 1),
        lambda c: c.is_provisional(D(2027, 1, 1)),
        lambda c: c.describe(D(2040, 1, 1)),
        lambda c: c.add_working_days_many([D(2025, 1, 2), D(2026, 12, 30)], [1, 5]),
    ],
)
def test_outside_coverage_raises_naming_the_year(cal, call):
    with pytest.raises(CalendarUnavailableError) as exc:
        call(cal)
    assert exc.value.year in (2003, 2027, 2040)
    assert str(exc.value.year) in str(exc.value)
    assert isinstance(exc.value, GovRulesError)


def test_last_covered_day_is_usable(cal):
    assert cal.add_calendar_days(D(2026, 12, 31), 0) == D(2026, 12, 31)
    assert cal.add_working_days(D(2026, 12, 28), 3) == D(2026, 12, 31)
    with pytest.raises(CalendarUnavailableError) as exc:
        cal.add_working_days(D(2026, 12, 28), 4)
    assert exc.value.year == 2027


# ---------------------------------------------------------------------------------------------------
# helpers


def test_day_kinds_and_describe(cal):
    assert cal.day_kind(D(2025, 1, 2)) is DayKind.WORKING
    assert cal.day_kind(D(2025, 1, 4)) is DayKind.WEEKEND
    assert cal.day_kind(D(2025, 1, 28)) is DayKind.REST_DAY
    assert cal.day_kind(D(2025, 1, 26)) is DayKind.MAKEUP_WORKING_DAY
    info = cal.describe(D(2025, 1, 26))
    assert info == DayInfo(D(2025, 1, 26), DayKind.MAKEUP_WORKING_DAY, "春节调休上班", "2025", False)
    assert info.is_working_day
    assert cal.describe(D(2025, 10, 6)).name == "国庆节、中秋节"
    assert DayKind.REST_DAY == "rest_day" and not DayKind.REST_DAY.is_working


def test_month_view(cal):
    feb = cal.month(2025, 2)
    assert len(feb) == 28 and feb[0] == (D(2025, 2, 1), DayKind.REST_DAY)
    assert dict(feb)[D(2025, 2, 8)] is DayKind.MAKEUP_WORKING_DAY
    assert len(cal.month(2024, 2)) == 29 and len(cal.month(2025, 12)) == 31


def test_version_names_years_and_hash(cal, pcal):
    assert cal.version.startswith("cn-2004..2026:sha256:")
    assert len(cal.version.split("sha256:")[1]) == 16
    assert pcal.version.startswith("cn-2004..2026+provisional-2027..2035:sha256:")
    assert cal.version != pcal.version
    assert china_calendar() is cal  # the national calendar is built once per process
    assert repr(cal).endswith(cal.version + ">")


def test_immutable_picklable_and_copyable(cal):
    with pytest.raises(AttributeError):
        cal._rank = {}  # type: ignore[misc]
    with pytest.raises(AttributeError):
        cal.version = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del cal._wd1
    assert copy.copy(cal) is cal and copy.deepcopy(cal) is cal
    clone = pickle.loads(pickle.dumps(cal))
    assert isinstance(clone, Calendar) and clone == cal and hash(clone) == hash(cal)
    assert clone.add_working_days(D(2025, 3, 3), 20) == D(2025, 3, 31)


def test_concurrent_use_from_threads(cal):
    starts = [D(2024, 1, 1) + dt.timedelta(days=i) for i in range(0, 700, 3)]
    expected = [cal.add_working_days(s, 17) for s in starts]
    results: list[list[dt.date]] = []

    def work() -> None:
        results.append([cal.add_working_days(s, 17) for s in starts])

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 8


def test_batch_form(cal):
    starts = [D(2025, 4, 29), D(2025, 3, 3), D(2025, 2, 1)]
    assert cal.add_working_days_many(starts, [5, 20, 0]) == [D(2025, 5, 9), D(2025, 3, 31), D(2025, 2, 1)]
    assert cal.add_working_days_many(starts, 1) == [cal.add_working_days(s, 1) for s in starts]
    assert cal.add_working_days_many(starts, 0) == starts
    assert cal.add_working_days_many((), []) == []
    assert cal.add_working_days_many(iter(starts), iter([1, 1, 1])) == [cal.add_working_days(s, 1) for s in starts]
