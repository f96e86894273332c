"""Building a calendar: ``china_calendar()``, the shipped national years plus the user's year files and
regional overlays (merged and checked against each other here), and the optional provisional
projection. The national calendar is built once per process; a calendar with overlays is built anew.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import CalendarDataError, InvalidInputError
from .data import load_lunar_table, load_national_years, load_overlay
from .queries import Calendar
from .records import Overlay, RestBlock, YearData

__all__ = ["china_calendar"]


@functools.lru_cache(maxsize=2)
def _national_calendar(provisional: bool) -> Calendar:
    return Calendar(_parts=(load_national_years(), (), provisional))


def china_calendar(overlays: Iterable[Any] = (), provisional: bool = False) -> Calendar:
    """The national working-day calendar shipped with govrules, plus optional overlays.

    ``overlays``: paths (``.json``/``.toml``, str or os.PathLike) or mappings, each either a whole year
    (schema ``govrules.calendar.year/1``; extends the coverage — years must stay contiguous) or a regional
    overlay (schema ``govrules.calendar.overlay/1``; extra rest/working days in covered years). Later
    overlays win over earlier ones. ``provisional=True`` projects the statutory holidays of the 2024
    measures for the years after the last notice-backed year (through 2035); every such date is flagged
    by :meth:`Calendar.is_provisional`.
    """
    if type(provisional) is not bool:
        raise InvalidInputError("invalid_argument", "provisional", provisional, "True or False")
    if isinstance(overlays, str | bytes | os.PathLike | Mapping) or not isinstance(overlays, Iterable):
        raise InvalidInputError(
            "invalid_overlay", "overlays", overlays, "a list of paths/mappings (wrap a single file in a list)"
        )
    items = list(overlays)
    if not items:
        return _national_calendar(provisional)
    national = load_national_years()
    by_year = {y.year: y for y in national}
    regional: list[Overlay] = []
    for i, item in enumerate(items):
        doc = load_overlay(item, i)
        if isinstance(doc, YearData):
            if doc.year in by_year:
                other = by_year[doc.year]
                where = "shipped with govrules" if other.shipped else f"already given by {other.origin}"
                raise CalendarDataError(
                    "calendar_data_year_exists",
                    f"year {doc.year} is {where}; use a regional overlay "
                    f"(schema govrules.calendar.overlay/1) to add or move days in a covered year",
                    file=doc.origin,
                    path="year",
                )
            by_year[doc.year] = doc
        else:
            if any(o.id == doc.id for o in regional):
                raise CalendarDataError(
                    "calendar_data_duplicate", f"overlay id {doc.id!r} is used twice", file=doc.origin, path="id"
                )
            regional.append(doc)
    years = tuple(by_year[y] for y in sorted(by_year))
    for prev, cur in zip(years, years[1:]):
        if cur.year != prev.year + 1:
            culprit = cur if not cur.shipped else prev
            raise CalendarDataError(
                "calendar_data_not_contiguous",
                f"the covered years must be contiguous: nothing covers {prev.year + 1}…{cur.year - 1}; "
                f"add year files for those years first",
                file=culprit.origin,
                path="year",
            )
    # overlay days must fall in covered years (notice-backed, user, or projected)
    last = years[-1].year
    if provisional:
        table, _ = load_lunar_table()
        last = max(last, table[-1].year)
    lo_year = years[0].year
    for ov in regional:
        for key, entries in (("rest_days", ov.rest_days), ("working_days", ov.working_days)):
            for i, e in enumerate(entries):
                ds = (e.start, e.end) if isinstance(e, RestBlock) else (e.date,)
                for d in ds:
                    if not lo_year <= d.year <= last:
                        raise CalendarDataError(
                            "calendar_data_year_not_covered",
                            f"{d.isoformat()} is in {d.year}, which this calendar does not cover "
                            f"({lo_year}…{last}); add a year file for {d.year}"
                            + ("" if provisional else " or build with provisional=True"),
                            file=ov.origin,
                            path=f"{key}[{i}]",
                        )
    return Calendar(_parts=(years, tuple(regional), provisional))
