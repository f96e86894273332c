"""The working-day calendar's questions (api.md "Calendar", spec §10.1–§10.3a): is a day a working day,
the n-th working day after a date, working days between two dates, calendar-day, month and year periods.

A :class:`Calendar` answers them from its per-day index (``index.py``), built once from validated data
(``factory.py``: shipped year files, user overlays, the optional provisional projection), and is
immutable afterwards. The n-th working day after ``start`` is ``wd1[rank[start] + n]`` and the number of
working days in ``(a, b]`` is ``rank[b] - rank[a]``: every call is O(1), excluded intervals add
O(k log k) for k intervals, and no call ever walks day by day. A date or a result outside the covered
years raises :class:`~govrules.errors.CalendarUnavailableError` naming the year, never a guess.
"""

from __future__ import annotations

import datetime as _dt
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from dateutil.relativedelta import relativedelta

from ..errors import CalendarUnavailableError, InvalidInputError
from .index import KINDS, MAKEUP, REST, WORKING, build_index
from .kinds import ROLLOVER_MODES, DayInfo, DayKind
from .month import MonthView
from .records import Overlay, YearData

__all__ = ["Calendar"]

_date = _dt.date
_datetime = _dt.datetime

_DATE_EXPECTED = "a datetime.date"


def _invalid_date(field: str, value: Any) -> InvalidInputError:
    if isinstance(value, _datetime):
        return InvalidInputError(
            "invalid_date", field, value, "a datetime.date without a time of day (got a datetime; pass value.date())"
        )
    return InvalidInputError("invalid_date", field, value, _DATE_EXPECTED)


def _show(n: int) -> str:
    """str() of a count for messages (a count of thousands of digits cannot be printed)."""
    return str(n) if n.bit_length() <= 1000 else f"<int of {n.bit_length()} bits>"


def _value(v: Any) -> Any:
    """The offending value as carried by InvalidInputError (absurdly large ints are summarised)."""
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > 1000:
        return _show(v)
    return v


def _count(n: Any, field: str) -> int:
    """Validate a day/month count: a non-negative int (bool and float rejected)."""
    if type(n) is int:
        if n >= 0:
            return n
    elif not isinstance(n, bool) and not isinstance(n, float) and hasattr(type(n), "__index__"):
        try:
            value = operator.index(n)  # e.g. numpy integers
        except TypeError:
            value = -1
        if value >= 0:
            return value
    raise InvalidInputError("invalid_count", field, _value(n), "a non-negative int (not a bool or float)")


class Calendar:
    """An immutable working-day calendar; build it with :func:`china_calendar`.

    Thread-safe: no method mutates anything. Equal data ⇒ equal :attr:`version` ⇒ ``==``.

    Attributes (read-only, plain values: the engine reads them for every decision):

    - ``version`` names the covered years, overlays, projection and a content hash of all the data,
      e.g. ``"cn-2004..2026:sha256:…"`` or ``"cn-2004..2027+overlays[2]+provisional-2028..2035:sha256:…"``.
    - ``has_provisional``: whether any year is projected (so that a computed date may depend on a
      projection).
    """

    __slots__ = (
        "_rank",
        "_wd1",
        "_nwd",
        "_isw",
        "_cum",
        "_kinds",
        "_names",
        "_sources",
        "_after_rest",
        "_dates",
        "_base",
        "_first_year",
        "_last_year",
        "_last_official_year",
        "_prov_start",
        "version",
        "has_provisional",
        "_overlays",
        "_parts",
    )
    version: str
    has_provisional: bool

    # ------------------------------------------------------------------------------------------------
    # construction

    def __init__(self, *, _parts: tuple[tuple[YearData, ...], tuple[Overlay, ...], bool]) -> None:
        """Built by ``china_calendar`` (``factory.py``) from ``(years, overlays, provisional)``."""
        ix = build_index(*_parts)
        init = object.__setattr__
        init(self, "_rank", ix.rank)
        init(self, "_wd1", ix.wd1)
        init(self, "_nwd", ix.nwd)
        init(self, "_isw", ix.isw)
        init(self, "_cum", ix.cum)
        init(self, "_kinds", ix.kinds)
        init(self, "_names", ix.names)
        init(self, "_sources", ix.sources)
        init(self, "_after_rest", ix.after_rest)
        init(self, "_dates", ix.dates)
        init(self, "_base", ix.base)
        init(self, "_first_year", ix.first_year)
        init(self, "_last_year", ix.last_year)
        init(self, "_last_official_year", ix.last_official_year)
        init(self, "_prov_start", ix.prov_start)
        init(self, "version", ix.version)
        init(self, "has_provisional", ix.prov_start is not None)
        init(self, "_overlays", ix.overlays)
        init(self, "_parts", _parts)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Calendar is immutable (cannot set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Calendar is immutable (cannot delete {name!r})")

    def __reduce__(self) -> tuple[Callable[..., Calendar], tuple[Any, ...]]:
        return (_rebuild, self._parts)

    def __copy__(self) -> Calendar:
        return self

    def __deepcopy__(self, memo: Any) -> Calendar:
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Calendar):
            return NotImplemented
        return self.version == other.version

    def __hash__(self) -> int:
        return hash(self.version)

    def __repr__(self) -> str:
        return f"<govrules Calendar {self.version}>"

    def _repr_html_(self) -> str:
        from ..display.html import calendar_html

        return calendar_html(self)

    # ------------------------------------------------------------------------------------------------
    # description

    @property
    def covered_years(self) -> range:
        """Every year a date may fall in (notice-backed, user-supplied and provisional)."""
        return range(self._first_year, self._last_year + 1)

    @property
    def official_years(self) -> range:
        """The years backed by a notice (shipped or user-supplied year files)."""
        return range(self._first_year, self._last_official_year + 1)

    @property
    def provisional_years(self) -> range:
        """The projected years (empty unless built with ``provisional=True``)."""
        return range(self._last_official_year + 1, self._last_year + 1)

    @property
    def first_date(self) -> _date:
        return self._dates[0]

    @property
    def last_date(self) -> _date:
        return self._dates[-1]

    @property
    def overlays(self) -> tuple[tuple[str, str, str | None], ...]:
        """``(id, title, region)`` of each regional overlay, in the order applied."""
        return self._overlays

    # ------------------------------------------------------------------------------------------------
    # checks shared by the slow paths

    def _unavailable(self, year: int, detail: str = "") -> CalendarUnavailableError:
        return CalendarUnavailableError(year, detail)

    def _covered(self, d: Any, field: str) -> _date:
        """Return ``d`` if it is a covered date; raise InvalidInputError / CalendarUnavailableError."""
        if not isinstance(d, _date) or isinstance(d, _datetime):
            raise _invalid_date(field, d)
        if d not in self._rank:
            raise self._unavailable(
                d.year, f"{field}={d.isoformat()} is outside the covered {self._first_year}…{self._last_year}"
            )
        return d

    def _past_end(self, what: str) -> CalendarUnavailableError:
        return self._unavailable(self._last_year + 1, f"{what} runs past {self._dates[-1].isoformat()}")

    def _intervals(self, excluded: Any) -> list[tuple[int, int]]:
        """Validate ``excluded`` and return merged (from, to) ordinal offsets, sorted."""
        if isinstance(excluded, str | bytes | Mapping) or not isinstance(excluded, Iterable):
            raise InvalidInputError(
                "invalid_interval", "excluded", excluded, "an iterable of (from, to) pairs of dates"
            )
        raw: list[tuple[int, int]] = []
        base = self._base
        for i, pair in enumerate(excluded):
            field = f"excluded[{i}]"
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise InvalidInputError("invalid_interval", field, pair, "a (from, to) pair of dates")
            lo, hi = pair
            for j, v in enumerate(pair):
                if not isinstance(v, _date) or isinstance(v, _datetime):
                    raise _invalid_date(f"{field}[{j}]", v)
            if lo > hi:
                raise InvalidInputError(
                    "invalid_interval", field, pair, "from <= to (both bounds inclusive)"
                )
            raw.append((lo.toordinal() - base, hi.toordinal() - base))
        raw.sort()
        merged: list[tuple[int, int]] = []
        for a, b in raw:
            if merged and a <= merged[-1][1] + 1:
                if b > merged[-1][1]:
                    merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        return merged

    # ------------------------------------------------------------------------------------------------
    # classification

    def is_working_day(self, d: _date) -> bool:
        """True for Mon–Fri that are not rest days and for make-up working days (调休上班)."""
        try:
            return self._isw[d]
        except (KeyError, TypeError):
            pass
        self._covered(d, "d")
        return self._isw[d]  # pragma: no cover - _covered raised (a date subclass lookup corner)

    def day_kind(self, d: _date) -> DayKind:
        d = self._covered(d, "d")
        return KINDS[self._kinds[d.toordinal() - self._base]]

    def describe(self, d: _date) -> DayInfo:
        """Kind, name and source of one covered date."""
        d = self._covered(d, "d")
        o = d.toordinal() - self._base
        prov = self._prov_start is not None and d >= self._prov_start
        return DayInfo(self._dates[o], KINDS[self._kinds[o]], self._names[o], self._sources[o], prov)

    def month(self, year: int, month: int) -> MonthView:
        """Every day of one covered month as ``(date, kind)`` pairs; shows itself as a grid (text, HTML)."""
        if type(year) is not int:
            raise InvalidInputError("invalid_argument", "year", year, "an int year")
        if type(month) is not int or not 1 <= month <= 12:
            raise InvalidInputError("invalid_argument", "month", month, "an int month 1..12")
        if not self._first_year <= year <= self._last_year:
            raise self._unavailable(year, f"month view {year}-{month:02d}")
        lo = _date(year, month, 1).toordinal() - self._base
        hi = (_date(year + (month == 12), month % 12 + 1, 1)).toordinal() - self._base
        return MonthView(year, month, [self.describe(self._dates[o]) for o in range(lo, hi)])

    def is_provisional(self, d: _date) -> bool:
        """True only for dates of a year projected by the opt-in provisional projection."""
        d = self._covered(d, "d")
        return self._prov_start is not None and d >= self._prov_start

    def depends_on_provisional(self, start: _date, end: _date) -> bool:
        """Whether any day of ``[start, end]`` (either order) is provisional. Projected years always
        follow the notice-backed ones, so a computation from ``start`` whose result is ``end`` depended on
        provisional data exactly when this is true (equivalently: ``is_provisional(max(start, end))``)."""
        start = self._covered(start, "start")
        end = self._covered(end, "end")
        return self._prov_start is not None and max(start, end) >= self._prov_start

    # ------------------------------------------------------------------------------------------------
    # working days

    def add_working_days(self, start: _date, n: int, *, excluded: Iterable[tuple[_date, _date]] = ()) -> _date:
        """The n-th working day after ``start`` (the start day is not counted, 民法典 Art. 201).

        ``n == 0`` returns ``start`` (which must still be covered). Working days inside any
        ``excluded`` interval (inclusive ``(from, to)`` date pairs) are not counted (ALL Art. 45).
        The result is always a working day (possibly a make-up Saturday/Sunday) when ``n >= 1``.
        """
        if type(n) is int and n > 0 and not excluded:
            try:
                return self._wd1[self._rank[start] + n]  # type: ignore[return-value]
            except (KeyError, IndexError, TypeError):
                pass
        return self._add_working_days(start, n, excluded)

    def _add_working_days(self, start: Any, n: Any, excluded: Any) -> _date:
        start = self._covered(start, "start")
        n = _count(n, "n")
        intervals = self._intervals(excluded)
        if n == 0:
            return start
        r = self._rank[start]
        target = r + n
        if intervals:
            cum = self._cum
            s = start.toordinal() - self._base
            last = len(cum) - 1
            for a, b in intervals:
                if b <= s:
                    continue
                if a <= s:
                    a = s + 1
                if a > last or cum[a - 1] >= target:
                    break
                if b > last:
                    raise self._past_end(
                        f"add_working_days({start.isoformat()}, {_show(n)}) with an excluded interval that"
                    )
                target += cum[b] - cum[a - 1]
        if target > self._nwd:
            raise self._past_end(f"add_working_days({start.isoformat()}, {_show(n)})")
        return self._wd1[target]  # type: ignore[return-value]

    def add_working_days_many(self, starts: Sequence[_date], ns: Sequence[int] | int) -> list[_date]:
        """Batch :meth:`add_working_days` (no exclusions): ``[add_working_days(s, n) for s, n in zip(starts, ns)]``.

        ``ns`` may be a single int applied to every start. Errors name the element (``starts[i]``/``ns[i]``).
        """
        if not isinstance(starts, list | tuple):
            if isinstance(starts, str | bytes | Mapping) or not isinstance(starts, Iterable):
                raise InvalidInputError("invalid_argument", "starts", starts, "a sequence of dates")
            starts = list(starts)
        wd1 = self._wd1
        rank = self._rank
        if type(ns) is int:
            if ns > 0:
                try:
                    return [wd1[rank[s] + ns] for s in starts]  # type: ignore[misc]
                except (KeyError, IndexError, TypeError):
                    pass
            return self._many_slow(starts, [ns] * len(starts), broadcast=True)
        if not isinstance(ns, list | tuple):
            if isinstance(ns, str | bytes | Mapping) or not isinstance(ns, Iterable):
                raise InvalidInputError("invalid_argument", "ns", ns, "a sequence of non-negative ints, or one int")
            ns = list(ns)
        if len(ns) != len(starts):
            raise InvalidInputError(
                "invalid_argument", "ns", f"<{len(ns)} items>", f"as many counts as starts ({len(starts)})"
            )
        if ns and set(map(type, ns)) == {int} and min(ns) > 0:
            try:
                return [wd1[rank[s] + n] for s, n in zip(starts, ns)]  # type: ignore[misc]
            except (KeyError, IndexError, TypeError):
                pass
        return self._many_slow(starts, ns, broadcast=False)

    def _many_slow(self, starts: Sequence[Any], ns: Sequence[Any], *, broadcast: bool) -> list[_date]:
        out = []
        add = self._add_working_days
        for i, (s, n) in enumerate(zip(starts, ns)):
            try:
                out.append(add(s, n, ()))
            except InvalidInputError as exc:
                field = f"starts[{i}]" if exc.field == "start" else ("ns" if broadcast else f"ns[{i}]")
                raise InvalidInputError(exc.code, field, exc.value, exc.expected) from None
            except CalendarUnavailableError as exc:
                raise CalendarUnavailableError(exc.year, f"element {i}: start={s!r}, n={_show(n)}") from None
        return out

    def working_days_between(self, start: _date, end: _date) -> int:
        """Working days in ``(start, end]``. For ``end < start`` the result is negative:
        ``-working_days_between(end, start)``. Exact inverse of :meth:`add_working_days`:
        ``working_days_between(d, add_working_days(d, n)) == n``."""
        rank = self._rank
        try:
            return rank[end] - rank[start]
        except (KeyError, TypeError):
            pass
        self._covered(start, "start")
        self._covered(end, "end")
        return rank[end] - rank[start]  # pragma: no cover

    def excluded_working_days(
        self, start: _date, end: _date, excluded: Iterable[tuple[_date, _date]]
    ) -> int:
        """How many working days of ``(start, end]`` lie inside the ``excluded`` intervals (spec §10.6
        ``excluded_working_days``). Requires ``start <= end``; only days up to ``end`` need coverage."""
        start = self._covered(start, "start")
        end = self._covered(end, "end")
        if end < start:
            raise InvalidInputError("invalid_argument", "end", end, f"a date on or after start ({start.isoformat()})")
        cum = self._cum
        s = start.toordinal() - self._base
        e = end.toordinal() - self._base
        total = 0
        for a, b in self._intervals(excluded):
            a, b = max(a, s + 1), min(b, e)
            if a <= b:
                total += cum[b] - cum[a - 1]
        return total

    # ------------------------------------------------------------------------------------------------
    # calendar days, months, years

    def add_calendar_days(self, start: _date, n: int, *, rollover: str = "next_working_day") -> _date:
        """``start + n`` days (holidays inside the period do not extend it), then ``rollover``:

        * ``"next_working_day"`` (民法典 Art. 203 with the SPC 2014 weekend guidance, spec §13 A3/A4):
          an end on a rest day or an ordinary weekend moves to the next working day; a make-up working day
          is a working day, so no roll;
        * ``"after_statutory_holiday_only"``: only an end inside a notice rest block moves, to the first
          day after the block (ordinary weekends do not move);
        * ``"none"``: no roll — and then no calendar data is needed, so any date works.
        """
        if not isinstance(start, _date) or isinstance(start, _datetime):
            raise _invalid_date("start", start)
        n = _count(n, "n")
        self._check_rollover(rollover)
        try:
            end = start + _dt.timedelta(days=n)
        except OverflowError:
            raise InvalidInputError("invalid_count", "n", _value(n), "a count whose result is a valid date") from None
        return self._roll(end, rollover, f"add_calendar_days({start.isoformat()}, {_show(n)})")

    def add_months(self, start: _date, n: int, *, rollover: str = "none") -> _date:
        """The corresponding day ``n`` months later, or that month's last day when there is none
        (民法典 Art. 202: 2025-01-31 + 1 month ⇒ 2025-02-28), then ``rollover`` as in
        :meth:`add_calendar_days` (default ``"none"``: a validity ends on its day)."""
        if not isinstance(start, _date) or isinstance(start, _datetime):
            raise _invalid_date("start", start)
        n = _count(n, "n")
        self._check_rollover(rollover)
        return self._months(start, n, rollover, n)

    def add_years(self, start: _date, n: int, *, rollover: str = "none") -> _date:
        """``add_months(start, 12 * n)`` (2024-02-29 + 1 year ⇒ 2025-02-28)."""
        if not isinstance(start, _date) or isinstance(start, _datetime):
            raise _invalid_date("start", start)
        n = _count(n, "n")
        self._check_rollover(rollover)
        return self._months(start, 12 * n, rollover, n)

    def _months(self, start: _date, months: int, rollover: str, n: int) -> _date:
        try:
            end = start + relativedelta(months=months)
        except (OverflowError, ValueError):
            raise InvalidInputError("invalid_count", "n", _value(n), "a count whose result is a valid date") from None
        return self._roll(end, rollover, f"a month/year period from {start.isoformat()}")

    @staticmethod
    def _check_rollover(rollover: Any) -> None:
        if not isinstance(rollover, str) or rollover not in ROLLOVER_MODES:
            raise InvalidInputError("invalid_rollover", "rollover", rollover, "one of " + ", ".join(map(repr, ROLLOVER_MODES)))

    def _roll(self, end: _date, rollover: str, what: str) -> _date:
        if rollover == "none":
            return end
        rank = self._rank.get(end)
        if rank is None:
            raise self._unavailable(end.year, f"{what} ends on {end.isoformat()}, outside the covered years")
        o = end.toordinal() - self._base
        k = self._kinds[o]
        if rollover == "next_working_day":
            if k == WORKING or k == MAKEUP:
                return end
            if rank + 1 > self._nwd:
                raise self._past_end(f"rolling {end.isoformat()} to the next working day")
            return self._wd1[rank + 1]  # type: ignore[return-value]
        # after_statutory_holiday_only
        if k != REST:
            return end
        j = self._after_rest[o]
        if j >= len(self._dates):
            raise self._past_end(f"rolling {end.isoformat()} past its rest block")
        return self._dates[j]


def _rebuild(years: tuple[YearData, ...], overlays: tuple[Overlay, ...], provisional: bool) -> Calendar:
    """Unpickle a calendar: rebuilt from its data (the index is not pickled)."""
    return Calendar(_parts=(years, overlays, provisional))
