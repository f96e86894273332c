"""The opt-in provisional projection (spec §10.1, §13 A20).

For a year after the last notice, project the *statutory* holidays of 全国年节及纪念日放假办法 (2024
revision, in force from 2025): New Year 1 day (Jan 1); Spring Festival 4 days (lunar New Year's Eve and
the first three days of the first lunar month); Qingming 1; Labour Day 2 (May 1–2); Dragon Boat 1;
Mid-Autumn 1; National Day 3 (Oct 1–3) — 13 days.

Deliberately *not* projected: bridging (放假调休) and make-up working days (调休上班), which only the
annual notice fixes, and the measures' substitute day for a holiday that falls on a weekend (补假): the
projection is a lower bound of the rest days, never a guess at the notice. Every date of a projected year
is reported provisional by the calendar.
"""

from __future__ import annotations

import datetime as _dt

from .records import LunarYear, RestBlock

__all__ = ["MEASURES", "project_year"]

MEASURES = "全国年节及纪念日放假办法 (2024 revision): statutory days only, no bridging, no make-up days"


def project_year(lunar: LunarYear) -> tuple[RestBlock, ...]:
    """The statutory rest days of one projected year, as one-name blocks (source ``"provisional"``)."""
    y = lunar.year
    d = _dt.date
    eve = lunar.chinese_new_years_eve
    blocks = [
        RestBlock(d(y, 1, 1), d(y, 1, 1), "元旦", "provisional"),
        RestBlock(eve, eve + _dt.timedelta(days=3), "春节", "provisional"),
        RestBlock(lunar.qingming, lunar.qingming, "清明节", "provisional"),
        RestBlock(d(y, 5, 1), d(y, 5, 2), "劳动节", "provisional"),
        RestBlock(lunar.dragon_boat, lunar.dragon_boat, "端午节", "provisional"),
        RestBlock(lunar.mid_autumn, lunar.mid_autumn, "中秋节", "provisional"),
        RestBlock(d(y, 10, 1), d(y, 10, 3), "国庆节", "provisional"),
    ]
    # the Spring Festival of a year always lies in that year (New Year's Eve is never before Jan 20)
    return tuple(b for b in blocks if b.start.year == y and b.end.year == y)
