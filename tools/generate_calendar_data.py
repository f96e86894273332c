#!/usr/bin/env python
"""Generate the calendar data files shipped in ``src/govrules/calendar/data/``.

Run once by hand (``python tools/generate_calendar_data.py``) when a new State Council notice is
published or when the data must be re-derived. It is NOT run at import or test time, and the runtime
library never imports ``holidays`` or ``chinese_calendar``.

What it writes:

* ``data/cn/<year>.json`` for 2004 … 2026: the rest-day blocks and make-up working days of the
  annual notices, derived from ``holidays`` (python-holidays, ``holidays.China``), plus the notice
  metadata curated below (title, document number, date, link, whether it was verified).
* ``data/lunar_festivals.json``: Chinese New Year's Eve, Qingming, Dragon Boat and Mid-Autumn dates
  for the opt-in provisional projection, from ``holidays``' Chinese lunisolar tables.

How the rest-day blocks are derived: a *block* is a maximal run of consecutive non-working days
(per ``holidays.China().is_working_day``) that contains at least one day ``holidays`` lists as a
holiday or a substituted day off. Such a run is exactly the "放假" range of the notice, including the
weekend days the notice joins to it ("与周末连休"). Ordinary weekends are not listed. A make-up working
day (调休上班) is a Saturday or Sunday that ``holidays`` reports as a weekend workday.

The script checks, before writing, that the working-day predicate rebuilt from the written data agrees
with ``holidays`` on every day of 2004–2026, and it reports every disagreement with
``chinese_calendar`` (there is exactly one: 2005-12-31; see data/README.md).
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
import sys
from pathlib import Path

import holidays  # test/tool-only dependency
from holidays.calendars.chinese import _ChineseLunisolar

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "govrules" / "calendar" / "data"
FIRST_YEAR, LAST_YEAR = 2004, 2026
LUNAR_YEARS = range(2025, 2036)  # 2025–2026 included so the projection can be checked against real notices

SUBST = re.compile(r"休息日（由 (\d{4}-\d{2}-\d{2}) 调休）")
HOLIDAYS_VERSION = importlib.metadata.version("holidays")


def _n(year: int) -> dict:
    """The usual annual notice, metadata unknown (filled in below where it could be confirmed)."""
    return {
        "id": str(year),
        "title": f"国务院办公厅关于{year}年部分节假日安排的通知",
        "number": None,
        "published": None,
        "url": None,
        "verified": False,
        "verified_via": [],
        "note": None,
    }


def _v(year: int, number: str, published: str, *via: str, note: str | None = None) -> dict:
    d = _n(year)
    d.update(number=number, published=published, verified=True, verified_via=list(via), note=note)
    return d


# Links: the official gazette / archive pages that python-holidays cites for each notice.
REFERENCE_URL = {
    2004: "https://web.archive.org/web/20210212183857/https://zh.wikisource.org/wiki/国务院办公厅关于2004年部分节假日安排的通知",
    2005: "https://web.archive.org/web/20210212184000/https://zh.wikisource.org/wiki/国务院办公厅关于2005年部分节假日安排的通知",
    2006: "https://web.archive.org/web/20221130214247/https://zh.wikisource.org/wiki/国务院办公厅关于2006年部分节假日安排的通知",
    2007: "https://web.archive.org/web/20230727050141/https://www.gov.cn/gongbao/content/2007/content_503397.htm",
    2008: "https://web.archive.org/web/20240610103541/https://www.gov.cn/gongbao/content/2008/content_859870.htm",
    2009: "https://web.archive.org/web/20230726083438/https://www.gov.cn/gongbao/content/2008/content_1175823.htm",
    2010: "https://web.archive.org/web/20101210083603/https://www.gov.cn/gongbao/content/2009/content_1487011.htm",
    2011: "https://web.archive.org/web/20240812070712/https://www.gov.cn/gongbao/content/2010/content_1765282.htm",
    2012: "https://web.archive.org/web/20250420220922/https://www.gov.cn/gongbao/content/2011/content_2020918.htm",
    2013: "https://web.archive.org/web/20240229121946/https://www.gov.cn/gongbao/content/2012/content_2292057.htm",
    2014: "https://web.archive.org/web/20250426080722/https://www.gov.cn/gongbao/content/2014/content_2561299.htm",
    2015: "https://web.archive.org/web/20250427025304/https://www.gov.cn/gongbao/content/2015/content_2799019.htm",
    2016: "https://web.archive.org/web/20231205013233/https://www.gov.cn/gongbao/content/2016/content_2979719.htm",
    2017: "https://web.archive.org/web/20231205013333/https://www.gov.cn/gongbao/content/2016/content_5148793.htm",
    2018: "https://web.archive.org/web/20231205013402/https://www.gov.cn/gongbao/content/2017/content_5248221.htm",
    2019: "https://web.archive.org/web/20241202235023/https://www.gov.cn/gongbao/content/2018/content_5350046.htm",
    2020: "https://web.archive.org/web/20241222150612/https://www.gov.cn/gongbao/content/2019/content_5459138.htm",
    2021: "https://web.archive.org/web/20250424075325/https://www.gov.cn/gongbao/content/2020/content_5567750.htm",
    2022: "https://web.archive.org/web/20250413071341/https://www.gov.cn/gongbao/content/2021/content_5651728.htm",
    2023: "https://web.archive.org/web/20250414125053/https://www.gov.cn/gongbao/content/2023/content_5736714.htm",
    2024: "https://web.archive.org/web/20231111053456/https://www.gov.cn/gongbao/2023/issue_10806/202311/content_6913823.html",
    2025: "https://web.archive.org/web/20241130063235/https://www.gov.cn/gongbao/2024/issue_11726/202411/content_6989767.html",
    2026: "https://web.archive.org/web/20251125134126/https://www.gov.cn/gongbao/2025/issue_12406/202511/content_7048922.html",
}

# Notice metadata. "verified" = number and date seen in the text of the notice on a public mirror
# (the same standard as spec §14); otherwise the fields that could not be confirmed are null.
NOTICES: dict[int, dict] = {
    2004: _n(2004),
    2005: _n(2005),
    2006: _v(2006, "国办发明电〔2005〕35号", "2005-12-16", "zh.wikisource.org (国务院办公厅关于2006年部分节假日安排的通知)",
             note="Makes 2005-12-31 (Saturday) a make-up working day: \"12月31日(星期六)上班\" (spec §10.1)."),
    2007: _v(2007, "国办发明电〔2006〕49号", "2006-12-14", "zw.china.com.cn/2016-05/09/content_38413913.htm",
             note="Makes 2006-12-30 and 2006-12-31 make-up working days."),
    2008: _n(2008),
    2009: _n(2009),
    2010: _v(2010, "国办发明电〔2009〕27号", "2009-12-07", "reposts of the gov.cn text (2009-12-08)"),
    2011: _v(2011, "国办发明电〔2010〕40号", "2010-12-09", "zh.wikisource.org (国務院辦公廳關於2011年部分節假日安排的通知)"),
    2012: _v(2012, "国办发明电〔2011〕45号", "2011-12-05", "reposts of the gov.cn text (2011-12-07)",
             note="Makes 2011-12-31 (Saturday) a make-up working day."),
    2013: _v(2013, "国办发明电〔2012〕33号", "2012-12-08", "reposts of the gov.cn text (2012-12-10)"),
    2014: _v(2014, "国办发明电〔2013〕28号", "2013-12-11", "reposts of the Xinhua text (2013-12-11)"),
    2015: _v(2015, "国办发明电〔2014〕28号", "2014-12-16", "reposts of the gov.cn text (2014-12-16/17)"),
    2016: _v(2016, "国办发明电〔2015〕18号", "2015-12-10", "www.gov.cn/zhengce/content/2015-12/10/content_10394.htm"),
    2017: _v(2017, "国办发明电〔2016〕17号", "2016-12-01", "zh.wikisource.org (国务院办公厅关于2017年部分节假日安排的通知)"),
    2018: _v(2018, "国办发明电〔2017〕12号", "2017-11-30", "zh.wikisource.org (国务院办公厅关于2018年部分节假日安排的通知)"),
    2019: _v(2019, "国办发明电〔2018〕15号", "2018-12-04", "reposts of the gov.cn text (2018-12-13)",
             note="Makes 2018-12-29 (Saturday) a make-up working day."),
    2020: _v(2020, "国办发明电〔2019〕16号", "2019-11-21", "reposts of the Xinhua text (2019-11-21)"),
    2021: _v(2021, "国办发明电〔2020〕27号", "2020-11-25", "reposts of the gov.cn text (2020-11-25/26)"),
    2022: _v(2022, "国办发明电〔2021〕11号", "2021-10-25", "www.beijing.gov.cn/zhengce/zhengcefagui/202110/t20211026_2520500.html"),
    2023: _v(2023, "国办发明电〔2022〕16号", "2022-12-08", "zh.wikisource.org (国务院办公厅关于2023年部分节假日安排的通知)",
             note="Its New Year block starts on 2022-12-31 (Saturday, an ordinary weekend day)."),
    2024: _v(2024, "国办发明电〔2023〕7号", "2023-10-25", "zh.wikisource.org (国务院办公厅关于2024年部分节假日安排的通知)",
             "paper.people.com.cn (人民日报 2023-10-26)"),
    2025: _v(2025, "国办发明电〔2024〕12号", "2024-11-12", "mip.gyhiac.cn", "wxredian.com", "m.gmw.cn/2024-11/12/content_1303894933.htm",
             note="First arrangement under the 2024 revision of 全国年节及纪念日放假办法 (13 statutory days)."),
    2026: _v(2026, "国办发明电〔2025〕7号", "2025-11-04", "saidakeji.com/show-9783.html", "politics.gmw.cn/2025-11/04/content_38391083.htm",
             note="Text and date confirmed on several mirrors; the document number was seen in a single repost only."),
}
NOTICES[2008]["note"] = ("Published in December 2007 (press reports of 2007-12-18); document number and date not confirmed. "
                         "Makes 2007-12-29 (Saturday) a make-up working day.")
NOTICES[2009]["number"] = "国办发明电〔2008〕42号"
NOTICES[2009]["note"] = ("Document number seen in a single repost of the People's Daily text (2008-12-10); the notice's date "
                         "was not confirmed.")
NOTICES[2004]["note"] = "Title per python-holidays' reference list; document number and date not confirmed."
NOTICES[2005]["note"] = "Title per python-holidays' reference list; document number and date not confirmed."
for _y, _d in NOTICES.items():
    _d["url"] = REFERENCE_URL[_y]

# Notices that changed a year's arrangement after the annual notice.
EXTRA_NOTICES = {
    "2015-victory-day": {
        "id": "2015-victory-day",
        "title": "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知",
        "number": "国发明电〔2015〕1号",
        "published": "2015-05-13",
        "url": None,
        "verified": True,
        "verified_via": ["several reposts of the State Council text (2015-05-13)"],
        "note": "2015-09-03…09-05 off, 2015-09-06 (Sunday) worked.",
        "_year": 2015,
        "_range": ("2015-09-03", "2015-09-06"),
    },
    "2019-labour-day": {
        "id": "2019-labour-day",
        "title": "国务院办公厅关于调整2019年劳动节假期安排的通知",
        "number": "国办发明电〔2019〕3号",
        "published": "2019-03-22",
        "url": "https://web.archive.org/web/20250901174347/https://www.gov.cn/gongbao/content/2019/content_5380356.htm",
        "verified": True,
        "verified_via": ["csglxh.com mirror of the 首都之窗 page", "reposts of the gov.cn text (2019-03-22)"],
        "note": "Replaces the annual notice's Labour Day (1 day): 2019-05-01…05-04 off, 04-28 and 05-05 (Sundays) worked.",
        "_year": 2019,
        "_range": ("2019-04-28", "2019-05-05"),
    },
    "2020-spring-festival-extension": {
        "id": "2020-spring-festival-extension",
        "title": "国务院办公厅关于延长2020年春节假期的通知",
        "number": "国办发明电〔2020〕1号",
        "published": "2020-01-26",
        "url": "https://web.archive.org/web/20200311092254/https://www.gov.cn/gongbao/content/2020/content_5477297.htm",
        "verified": True,
        "verified_via": ["reposts of the Xinhua text (2020-01-27)"],
        "note": "Extends the Spring Festival to 2020-02-02; the make-up working day 2020-02-01 of the annual notice is cancelled.",
        "_year": 2020,
        "_range": ("2020-01-31", "2020-02-02"),
    },
}


def notice_for(day: dt.date) -> str:
    """Which notice a rest day or make-up day comes from."""
    for key, extra in EXTRA_NOTICES.items():
        lo, hi = (dt.date.fromisoformat(x) for x in extra["_range"])
        if lo <= day <= hi:
            return key
    if day.month == 12 and day.day >= 25:  # New Year arrangement published with the next year's notice
        return str(day.year + 1)
    return str(day.year)


def clean_name(label: str) -> list[str]:
    out = []
    for part in label.split("; "):
        if not part or SUBST.fullmatch(part):
            continue
        part = part.replace("（补假）", "")
        if part == "农历除夕":
            part = "春节"
        out.append(part)
    return out


def derive(h: holidays.HolidayBase) -> tuple[list[dict], list[dict]]:
    """Blocks and make-up days for every year populated in ``h``, each dict holding ``date`` objects."""
    lo = dt.date(FIRST_YEAR - 1, 1, 1)
    hi = dt.date(LAST_YEAR + 1, 12, 31)
    blocks: list[dict] = []
    day = lo
    while day <= hi:
        if h.is_working_day(day):
            day += dt.timedelta(1)
            continue
        run = []
        while day <= hi and not h.is_working_day(day):
            run.append(day)
            day += dt.timedelta(1)
        if not any(d in h for d in run):
            continue  # an ordinary weekend
        # split the run where the attributed notice changes (e.g. the 2020 extension)
        current: list[dt.date] = []
        for d in run:
            if current and notice_for(d) != notice_for(current[-1]) and notice_for(d) in EXTRA_NOTICES:
                blocks.append(_block(h, current))
                current = []
            current.append(d)
        blocks.append(_block(h, current))

    def block_of(d: dt.date) -> dict:
        for b in blocks:
            if b["from"] <= d <= b["to"]:
                return b
        raise LookupError(d)

    substituted_to: dict[dt.date, dt.date] = {}
    for d, label in h.items():
        for part in label.split("; "):
            m = SUBST.fullmatch(part)
            if m:
                substituted_to[dt.date.fromisoformat(m.group(1))] = d
    makeups = []
    for w in sorted(h.weekend_workdays):
        if not (lo <= w <= hi):
            continue
        target = substituted_to.get(w)
        name = (block_of(target)["name"] + "调休上班") if target else "调休上班"
        makeups.append({"date": w, "name": name, "notice": notice_for(w)})
    return blocks, makeups


def _block(h: holidays.HolidayBase, days: list[dt.date]) -> dict:
    names: list[str] = []
    for d in days:
        for n in clean_name(h.get(d) or ""):
            if n not in names:
                names.append(n)
    return {
        "from": days[0],
        "to": days[-1],
        "name": "、".join(names) or "调休休息日",
        "notice": notice_for(days[0]),
    }


def year_document(year: int, blocks: list[dict], makeups: list[dict]) -> dict:
    rest = []
    for b in blocks:
        # a block may straddle the new year (e.g. 2022-12-31 … 2023-01-02): split it at Dec 31
        lo, hi = max(b["from"], dt.date(year, 1, 1)), min(b["to"], dt.date(year, 12, 31))
        if lo <= hi:
            rest.append({"from": lo.isoformat(), "to": hi.isoformat(), "name": b["name"], "notice": b["notice"]})
    mk = [
        {"date": m["date"].isoformat(), "name": m["name"], "notice": m["notice"]}
        for m in makeups
        if m["date"].year == year
    ]
    notes: list[str] = []
    if year == 2005:
        for m in mk:
            if m["date"] == "2005-12-31":
                m["note"] = (
                    "Make-up working day per the 2006 notice (国办发明电〔2005〕35号, 2005-12-16): "
                    "\"将12月31日(星期六)、1月1日(星期日)两个公休日调至1月2日(星期一)、3日(星期二)，12月31日(星期六)上班。\" "
                    "python-holidays agrees; chinese-calendar 1.11.0 lists it as a rest day, which contradicts the notice."
                )
        notes.append(
            "2005-12-31 (Saturday) is a make-up working day, settled by the 2006 notice; see data/README.md "
            "(spec §10.1, §13 A21)."
        )
    used = sorted({e["notice"] for e in rest} | {e["notice"] for e in mk} | {str(year)}, key=_notice_sort)
    notices = []
    for key in used:
        if key in EXTRA_NOTICES:
            notices.append({k: v for k, v in EXTRA_NOTICES[key].items() if not k.startswith("_")})
        else:
            notices.append(dict(NOTICES[int(key)]))
    return {
        "schema": "govrules.calendar.year/1",
        "region": "CN",
        "year": year,
        "notices": notices,
        "rest_days": rest,
        "makeup_working_days": mk,
        "notes": notes,
        "derivation": {
            "generated_by": "tools/generate_calendar_data.py",
            "source": f"python-holidays {HOLIDAYS_VERSION} (holidays.China)",
            "cross_checked_with": "chinese-calendar 1.11.0 (tests/calendar/test_calendar_data.py)",
            "semantics": "working day = (Mon-Fri and not in a rest_days block) or a makeup_working_days date",
        },
    }


def _notice_sort(key: str) -> tuple[int, str]:
    return (int(key[:4]), key)


def lunar_document() -> dict:
    cal = _ChineseLunisolar()
    years = {}
    for y in LUNAR_YEARS:
        cny, _ = cal.lunar_new_year_date(y)
        years[str(y)] = {
            "chinese_new_years_eve": (cny - dt.timedelta(days=1)).isoformat(),
            "chinese_new_year": cny.isoformat(),
            "qingming": cal.qingming_date(y)[0].isoformat(),
            "dragon_boat": cal.dragon_boat_date(y)[0].isoformat(),
            "mid_autumn": cal.mid_autumn_date(y)[0].isoformat(),
        }
    return {
        "schema": "govrules.calendar.lunar/1",
        "source": (
            f"python-holidays {HOLIDAYS_VERSION}: holidays.calendars.chinese._ChineseLunisolar "
            "(lunar_new_year_date, qingming_date, dragon_boat_date, mid_autumn_date); New Year's Eve = "
            "lunar new year - 1 day. python-holidays marks these dates as computed (estimated), not as "
            "officially announced."
        ),
        "generated_by": "tools/generate_calendar_data.py",
        "purpose": "opt-in provisional projection (china_calendar(provisional=True)) for years after the last notice",
        "years": years,
    }


def check(h: holidays.HolidayBase, docs: dict[int, dict]) -> None:
    import chinese_calendar  # test/tool-only dependency

    rest: set[dt.date] = set()
    work: set[dt.date] = set()
    for doc in docs.values():
        for b in doc["rest_days"]:
            d, hi = dt.date.fromisoformat(b["from"]), dt.date.fromisoformat(b["to"])
            while d <= hi:
                rest.add(d)
                d += dt.timedelta(1)
        work |= {dt.date.fromisoformat(m["date"]) for m in doc["makeup_working_days"]}
    assert not rest & work, rest & work
    day = dt.date(FIRST_YEAR, 1, 1)
    disagreements = []
    while day <= dt.date(LAST_YEAR, 12, 31):
        ours = day in work or (day.weekday() < 5 and day not in rest)
        assert ours == h.is_working_day(day), day
        if ours != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += dt.timedelta(1)
    print("disagreements with chinese_calendar:", [d.isoformat() for d in disagreements])
    assert disagreements == [dt.date(2005, 12, 31)], disagreements


def main() -> int:
    h = holidays.China(years=range(FIRST_YEAR - 1, LAST_YEAR + 2), language="zh_CN")
    blocks, makeups = derive(h)
    docs = {y: year_document(y, blocks, makeups) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    check(h, docs)
    out = DATA / "cn"
    out.mkdir(parents=True, exist_ok=True)
    for y, doc in docs.items():
        (out / f"{y}.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (DATA / "lunar_festivals.json").write_text(
        json.dumps(lunar_document(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(docs)} year files and lunar_festivals.json under {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
