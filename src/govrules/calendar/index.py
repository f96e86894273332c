"""The per-day index of a calendar, built once from validated data (year files, overlays and the
optional provisional projection) and never changed:

* ``rank[d]`` — the number of working days on or before ``d`` (from the first covered day), for every
  covered date ``d`` (a dict keyed by ``datetime.date``);
* ``wd1[k]`` — the k-th working day (1-based; ``wd1[0]`` is a placeholder);
* ``cum[o]`` — ``rank`` by day offset ``o`` from the first covered day, and ``kinds``, ``names``,
  ``sources`` of each day by offset.

The n-th working day after ``start`` is then ``wd1[rank[start] + n]`` and the number of working days in
``(a, b]`` is ``rank[b] - rank[a]`` (``queries.py``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass

from .data import load_lunar_table
from .kinds import DayKind
from .provisional import MEASURES, project_year
from .records import LunarYear, Overlay, RestBlock, WorkDay, YearData

# day-kind codes in the compact per-day table
WORKING, WEEKEND, REST, MAKEUP = 0, 1, 2, 3
KINDS = (DayKind.WORKING, DayKind.WEEKEND, DayKind.REST_DAY, DayKind.MAKEUP_WORKING_DAY)


@dataclass(frozen=True, slots=True)
class DayIndex:
    rank: dict[_dt.date, int]
    wd1: tuple[_dt.date | None, ...]
    nwd: int
    """How many working days are covered."""
    isw: dict[_dt.date, bool]
    cum: tuple[int, ...]
    kinds: bytes
    names: tuple[str | None, ...]
    sources: tuple[str | None, ...]
    after_rest: tuple[int, ...]
    """By offset: the offset of the first day from there on that is not in a rest block."""
    dates: tuple[_dt.date, ...]
    base: int
    """The ordinal of the first covered day (offset 0)."""
    first_year: int
    last_year: int
    last_official_year: int
    prov_start: _dt.date | None
    """The first projected day (None without the provisional projection)."""
    version: str
    overlays: tuple[tuple[str, str, str | None], ...]


def build_index(years: tuple[YearData, ...], overlays: tuple[Overlay, ...], provisional: bool) -> DayIndex:
    """The index of the notice-backed ``years`` (contiguous, in order), then ``overlays`` applied in
    order (a later one wins), and with ``provisional`` the projected years after the last of them."""
    first, last_official = years[0].year, years[-1].year
    lunar_years: tuple[LunarYear, ...] = ()
    lunar_canonical = ""
    if provisional:
        table, lunar_canonical = load_lunar_table()
        lunar_years = tuple(ly for ly in table if ly.year > last_official)
    last = lunar_years[-1].year if lunar_years else last_official

    base = _dt.date(first, 1, 1).toordinal()
    ndays = _dt.date(last, 12, 31).toordinal() - base + 1
    dates = [_dt.date.fromordinal(base + i) for i in range(ndays)]
    kinds = bytearray(WEEKEND if d.weekday() >= 5 else WORKING for d in dates)
    names: list[str | None] = [None] * ndays
    sources: list[str | None] = [None] * ndays

    def rest(block: RestBlock) -> None:
        for o in range(block.start.toordinal() - base, block.end.toordinal() - base + 1):
            kinds[o] = REST
            names[o] = block.name
            sources[o] = block.source

    def work(day: WorkDay) -> None:
        o = day.date.toordinal() - base
        kinds[o] = MAKEUP if day.date.weekday() >= 5 else WORKING
        names[o] = day.name
        sources[o] = day.source

    for y in years:
        for block in y.rest_days:
            rest(block)
        for day in y.makeup_working_days:
            work(day)
    for ly in lunar_years:
        for block in project_year(ly):
            rest(block)
    for ov in overlays:
        for block in ov.rest_days:
            rest(block)
        for day in ov.working_days:
            work(day)

    rank: dict[_dt.date, int] = {}
    isw: dict[_dt.date, bool] = {}
    cum = [0] * ndays
    wd1: list[_dt.date | None] = [None]
    c = 0
    for i, d in enumerate(dates):
        k = kinds[i]
        w = k == WORKING or k == MAKEUP
        if w:
            c += 1
            wd1.append(d)
        cum[i] = c
        rank[d] = c
        isw[d] = w
    after_rest = [ndays] * (ndays + 1)
    for i in range(ndays - 1, -1, -1):
        after_rest[i] = after_rest[i + 1] if kinds[i] == REST else i

    return DayIndex(
        rank=rank, wd1=tuple(wd1), nwd=c, isw=isw, cum=tuple(cum), kinds=bytes(kinds), names=tuple(names),
        sources=tuple(sources), after_rest=tuple(after_rest), dates=tuple(dates), base=base, first_year=first,
        last_year=last, last_official_year=last_official,
        prov_start=_dt.date(lunar_years[0].year, 1, 1) if lunar_years else None,
        version=_version(years, overlays, lunar_years, lunar_canonical, last),
        overlays=tuple((ov.id, ov.title, ov.region) for ov in overlays),
    )


def _version(years: tuple[YearData, ...], overlays: tuple[Overlay, ...], lunar_years: tuple[LunarYear, ...],
             lunar_canonical: str, last: int) -> str:
    """``cn-2004..2026:sha256:…``: the covered years, overlays and projection, and a hash of all the data."""
    h = hashlib.sha256()
    for y in years:
        h.update(b"year\n" + y.canonical.encode() + b"\n")
    for ov in overlays:
        h.update(b"overlay\n" + ov.canonical.encode() + b"\n")
    label = f"cn-{years[0].year}..{years[-1].year}"
    if overlays or any(not y.shipped for y in years):
        label += f"+overlays[{len(overlays) + sum(not y.shipped for y in years)}]"
    if lunar_years:
        h.update(b"provisional\n" + MEASURES.encode() + b"\n" + lunar_canonical.encode() + b"\n")
        label += f"+provisional-{lunar_years[0].year}..{last}"
    return f"{label}:sha256:{h.hexdigest()[:16]}"
