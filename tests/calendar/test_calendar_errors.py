"""Every bad argument gives InvalidInputError naming the argument, the value and what was expected —
never a TypeError, KeyError or IndexError."""

from __future__ import annotations

import datetime as dt

import pytest

from govrules.calendar import china_calendar
from govrules.errors import InvalidInputError

from calendar_testlib import D

GOOD = D(2025, 3, 3)
NOW = dt.datetime(2025, 3, 3, 9, 30)
MIDNIGHT = dt.datetime(2025, 3, 3)


class Weird:
    pass


BAD_CALLS = [
    # (call, field)
    (lambda c: c.add_working_days(GOOD, -1), "n"),
    (lambda c: c.add_working_days(GOOD, True), "n"),
    (lambda c: c.add_working_days(GOOD, False), "n"),
    (lambda c: c.add_working_days(GOOD, 2.0), "n"),
    (lambda c: c.add_working_days(GOOD, "3"), "n"),
    (lambda c: c.add_working_days(GOOD, None), "n"),
    (lambda c: c.add_working_days("2025-03-03", 3), "start"),
    (lambda c: c.add_working_days(NOW, 3), "start"),
    (lambda c: c.add_working_days(NOW, 0), "start"),
    (lambda c: c.add_working_days(MIDNIGHT, 3), "start"),
    (lambda c: c.add_working_days_many([MIDNIGHT], [3]), "starts[0]"),
    (lambda c: c.working_days_between(GOOD, MIDNIGHT), "end"),
    (lambda c: c.is_working_day(MIDNIGHT), "d"),
    (lambda c: c.add_working_days(None, 3), "start"),
    (lambda c: c.add_working_days([GOOD], 3), "start"),
    (lambda c: c.add_working_days(20250303, 3), "start"),
    (lambda c: c.add_working_days(GOOD, 3, excluded=[(D(2025, 3, 10), D(2025, 3, 5))]), "excluded[0]"),
    (lambda c: c.add_working_days(GOOD, 3, excluded=[(D(2025, 3, 5),)]), "excluded[0]"),
    (lambda c: c.add_working_days(GOOD, 3, excluded=[(D(2025, 3, 5), "2025-03-06")]), "excluded[0][1]"),
    (lambda c: c.add_working_days(GOOD, 3, excluded=[(NOW, NOW)]), "excluded[0][0]"),
    (lambda c: c.add_working_days(GOOD, 3, excluded=(D(2025, 3, 5), D(2025, 3, 6))), "excluded[0]"),
    (lambda c: c.add_working_days(GOOD, 3, excluded="2025-03-05"), "excluded"),
    (lambda c: c.add_working_days(GOOD, 3, excluded={"from": GOOD}), "excluded"),
    (lambda c: c.add_working_days(GOOD, 3, excluded=5), "excluded"),
    (lambda c: c.add_working_days(GOOD, 3, excluded=[Weird()]), "excluded[0]"),
    (lambda c: c.working_days_between(GOOD, "2025-04-01"), "end"),
    (lambda c: c.working_days_between(NOW, GOOD), "start"),
    (lambda c: c.is_working_day("2025-03-03"), "d"),
    (lambda c: c.is_working_day(NOW), "d"),
    (lambda c: c.is_working_day({}), "d"),
    (lambda c: c.day_kind(None), "d"),
    (lambda c: c.describe(1), "d"),
    (lambda c: c.is_provisional(NOW), "d"),
    (lambda c: c.depends_on_provisional(GOOD, None), "end"),
    (lambda c: c.add_calendar_days(GOOD, -3), "n"),
    (lambda c: c.add_calendar_days(GOOD, 1.5), "n"),
    (lambda c: c.add_calendar_days(GOOD, True), "n"),
    (lambda c: c.add_calendar_days(NOW, 3), "start"),
    (lambda c: c.add_calendar_days(GOOD, 3, rollover="next"), "rollover"),
    (lambda c: c.add_calendar_days(GOOD, 3, rollover=None), "rollover"),
    (lambda c: c.add_calendar_days(GOOD, 10**9), "n"),
    (lambda c: c.add_months(GOOD, -1), "n"),
    (lambda c: c.add_months(GOOD, 1.0), "n"),
    (lambda c: c.add_months("2025-01-31", 1), "start"),
    (lambda c: c.add_months(GOOD, 1, rollover="backward"), "rollover"),
    (lambda c: c.add_months(GOOD, 10**6), "n"),
    (lambda c: c.add_years(GOOD, False), "n"),
    (lambda c: c.add_years(NOW, 1), "start"),
    (lambda c: c.month(2025, 13), "month"),
    (lambda c: c.month("2025", 1), "year"),
    (lambda c: c.month(2025, True), "month"),
    (lambda c: c.excluded_working_days(GOOD, D(2025, 3, 1), []), "end"),
    (lambda c: c.excluded_working_days(GOOD, D(2025, 4, 1), [("a", "b")]), "excluded[0][0]"),
    (lambda c: c.add_working_days_many([GOOD, "x"], [1, 2]), "starts[1]"),
    (lambda c: c.add_working_days_many([GOOD, GOOD], [1, -2]), "ns[1]"),
    (lambda c: c.add_working_days_many([GOOD, GOOD], [1, True]), "ns[1]"),
    (lambda c: c.add_working_days_many([GOOD, GOOD], [1.0, 1]), "ns[0]"),
    (lambda c: c.add_working_days_many([GOOD, GOOD], [1]), "ns"),
    (lambda c: c.add_working_days_many([GOOD, NOW], 3), "starts[1]"),
    (lambda c: c.add_working_days_many([GOOD], -1), "ns"),
    (lambda c: c.add_working_days_many(GOOD, 1), "starts"),
    (lambda c: c.add_working_days_many([GOOD], "1"), "ns"),
    (lambda c: china_calendar(provisional=1), "provisional"),
    (lambda c: china_calendar(overlays="holidays.toml"), "overlays"),
    (lambda c: china_calendar(overlays=[42]), "overlays[0]"),
    (lambda c: china_calendar(overlays=None), "overlays"),
]


@pytest.mark.parametrize(("call", "field"), BAD_CALLS)
def test_bad_arguments_raise_invalid_input_error(cal, call, field):
    with pytest.raises(InvalidInputError) as exc:
        call(cal)
    err = exc.value
    assert err.field == field
    assert isinstance(err, ValueError)  # InvalidInputError is also a ValueError (api.md)
    assert err.expected and err.code
    assert field in str(err) and err.expected in str(err)


def test_message_mentions_the_value_and_datetime_hint(cal):
    with pytest.raises(InvalidInputError) as exc:
        cal.add_working_days(NOW, 3)
    assert "datetime" in str(exc.value) and ".date()" in str(exc.value)
    with pytest.raises(InvalidInputError) as exc:
        cal.add_working_days(GOOD, -1)
    assert "-1" in str(exc.value) and "non-negative int" in str(exc.value)


def test_integer_like_counts_are_accepted(cal):
    class IntLike:
        def __index__(self) -> int:
            return 5

    assert cal.add_working_days(D(2025, 4, 29), IntLike()) == D(2025, 5, 9)
    assert cal.add_calendar_days(D(2025, 4, 29), IntLike(), rollover="none") == D(2025, 5, 4)


def test_absurd_inputs_still_give_library_errors(cal, tmp_path):
    from govrules.errors import CalendarDataError, CalendarUnavailableError

    huge = 10**5000  # str() of this raises ValueError in Python 3.11 (int max str digits)
    with pytest.raises(CalendarUnavailableError):
        cal.add_working_days(GOOD, huge)
    with pytest.raises(CalendarUnavailableError):
        cal.add_working_days_many([GOOD], [huge])
    for call in (
        lambda: cal.add_working_days(GOOD, -huge),
        lambda: cal.add_calendar_days(GOOD, huge),
        lambda: cal.add_months(GOOD, huge),
        lambda: cal.add_years(GOOD, 10**30),
    ):
        with pytest.raises(InvalidInputError) as exc:
            call()
        assert exc.value.field == "n"
    bad = tmp_path / "huge.json"
    bad.write_text('{"schema": "govrules.calendar.overlay/1", "id": "x", "title": "t", "rest_days": [' + "9" * 5000 + "]}")
    with pytest.raises(CalendarDataError) as exc:
        china_calendar(overlays=[bad])
    assert exc.value.code == "calendar_data_syntax"
    deep: list = []
    for _ in range(5000):
        deep = [deep]
    with pytest.raises(CalendarDataError):
        china_calendar(overlays=[{"schema": "govrules.calendar.overlay/1", "id": "x", "title": "t", "rest_days": deep}])
