"""What the calendar's data files hold once validated: small frozen records (``documents.py`` makes them,
``index.py`` builds the per-day index from them), and the canonical JSON hashed into ``Calendar.version``.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Notice:
    id: str
    title: str
    number: str | None
    published: _dt.date | None
    url: str | None
    verified: bool
    note: str | None


@dataclass(frozen=True, slots=True)
class RestBlock:
    start: _dt.date
    end: _dt.date
    name: str | None
    source: str | None  # notice id of the year file, "overlay:<id>" for overlays


@dataclass(frozen=True, slots=True)
class WorkDay:
    date: _dt.date
    name: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class YearData:
    year: int
    region: str
    notices: tuple[Notice, ...]
    rest_days: tuple[RestBlock, ...]
    makeup_working_days: tuple[WorkDay, ...]
    origin: str  # file name or "<mapping>" (for messages)
    shipped: bool
    canonical: str  # canonical JSON of the normalised document (hashed into Calendar.version)


@dataclass(frozen=True, slots=True)
class Overlay:
    id: str
    title: str
    region: str | None
    rest_days: tuple[RestBlock, ...]
    working_days: tuple[WorkDay, ...]
    origin: str
    canonical: str


@dataclass(frozen=True, slots=True)
class LunarYear:
    year: int
    chinese_new_years_eve: _dt.date
    qingming: _dt.date
    dragon_boat: _dt.date
    mid_autumn: _dt.date


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)
