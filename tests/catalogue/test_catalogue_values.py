"""Cell values: every accepted form of a time limit parses to the Period it says; the other parsers
accept their documented words and refuse the rest with the column, the value and what was expected."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govrules.catalogue import values as v
from govrules.catalogue.values import CellError
from govrules.errors import GovRulesError, InvalidInputError
from govrules.models.matter import HandlingKind, Level, MatterType, Necessity, SpecialProcedure
from govrules.models.period import Period, Unit

WD, CD = Period.wd, Period.cd


@pytest.mark.parametrize("text, period", [
    ("20个工作日", WD(20)), ("20工作日", WD(20)), ("20 个工作日", WD(20)), ("２０个工作日", WD(20)),
    ("20个工作日内", WD(20)), ("30日", WD(30)), ("30天", WD(30)), ("30日以内", WD(30)),
    ("30个自然日", CD(30)), ("30自然日", CD(30)), ("30个日历日", CD(30)), ("3个月", Period(months=3)),
    ("1年", Period(years=1)), ("即办", WD(0)), ("即办件", WD(0)), ("当场办结", WD(0)), ("0个工作日", WD(0)),
    ("二十个工作日", WD(20)), ("十五个工作日", WD(15)), ("一百二十个工作日", WD(120)), ("三十日", WD(30)),
    ("两年", Period(years=2)), ("十个自然日", CD(10)),
])
def test_accepted_forms(text: str, period: Period) -> None:
    assert v.parse_period(text, "法定时限") == period


def test_day_unit_reads_bare_days_as_calendar_days() -> None:
    assert v.parse_period("30日", "c", day_unit=Unit.calendar_days) == CD(30)
    assert v.parse_period("30个工作日", "c", day_unit=Unit.calendar_days) == WD(30)  # the text says it


@pytest.mark.parametrize("text, unit, period", [
    ("20", "wd", WD(20)), ("20", "cd", CD(20)), ("30日", "cd", CD(30)), ("30日", "wd", WD(30)),
    ("3", "months", Period(months=3)), ("20个工作日", "day", WD(20)),
])
def test_a_unit_column_gives_bare_numbers_their_unit(text: str, unit: str, period: Period) -> None:
    assert v.parse_period(text, "c", unit=unit) == period


@pytest.mark.parametrize("text", ["20", "二十日内办结", "20个小时", "三个工作日半", "二三个工作日", "-5个工作日",
                                  "20.5个工作日", "", "3月", "自受理之日起20个工作日", "100001个工作日"])
def test_refused_forms_say_what_was_expected(text: str) -> None:
    with pytest.raises(CellError) as info:
        v.parse_period(text, "法定时限")
    err = info.value
    assert isinstance(err, InvalidInputError) and isinstance(err, GovRulesError)
    assert err.field == "法定时限" and err.value == text and err.expected


def test_a_unit_that_disagrees_with_the_unit_column_is_refused() -> None:
    with pytest.raises(CellError, match="办理时限单位"):
        v.parse_period("20个工作日", "c", unit="cd")


# ---- hypothesis: generated texts in the accepted forms ---------------------------------------------------
CHINESE_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """n (0 < n < 10000) in Chinese numerals, the way laws write periods (十五, 二十, 一百零五 is not used)."""
    out, units = "", [(1000, "千"), (100, "百"), (10, "十")]
    rest = n
    for value, name in units:
        d, rest = divmod(rest, value)
        if d:
            out += ("" if (value == 10 and d == 1 and not out) else CHINESE_DIGITS[d]) + name
        elif out and rest:
            return ""  # a zero inside (一百零五): not a form the sample uses; skipped by the strategy
    return out + (CHINESE_DIGITS[rest] if rest else "")


FORMS = {
    "wd": ("{n}个工作日", "{n}工作日", "{n} 个工作日", "{n}个工作日内"),
    "cd": ("{n}个自然日", "{n}自然日", "{n}个日历日"),
    "day": ("{n}日", "{n}天", "{n}日内"),
    "months": ("{n}个月",),
    "years": ("{n}年",),
}


@st.composite
def limit_texts(draw: st.DrawFn) -> tuple[str, Period, Unit]:
    kind = draw(st.sampled_from(sorted(FORMS)))
    n = draw(st.integers(0, 250 if kind == "years" else 3000 if kind == "months" else 100_000))
    number = str(n)
    if 0 < n < 10000 and draw(st.booleans()) and chinese(n):
        number = chinese(n)
    if draw(st.booleans()):
        number = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    day_unit = draw(st.sampled_from([Unit.working_days, Unit.calendar_days]))
    text = draw(st.sampled_from(FORMS[kind])).format(n=number)
    expected = {"wd": lambda: WD(n), "cd": lambda: CD(n), "day": lambda: Period(days=n, unit=day_unit),
                "months": lambda: Period(months=n), "years": lambda: Period(years=n)}[kind]()
    return text, expected, day_unit


@given(limit_texts())
def test_generated_limit_texts_parse_to_the_period_they_say(case: tuple[str, Period, Unit]) -> None:
    text, expected, day_unit = case
    assert v.parse_period(text, "承诺时限", day_unit=day_unit) == expected


@given(st.sampled_from([WD(0), WD(1), WD(20), CD(30), CD(0), Period(months=3), Period(years=5)])
       | st.builds(WD, st.integers(0, 100_000)) | st.builds(CD, st.integers(0, 100_000)))
def test_the_canonical_form_reads_back(period: Period) -> None:
    expected = WD(0) if period.days == 0 else period  # no days at all is written 即办, in either unit
    assert v.parse_period(v.format_period(period), "c") == expected


# ---- the other cells --------------------------------------------------------------------------------------
def test_types_levels_kinds() -> None:
    assert v.parse_type("行政许可", "c") is MatterType.administrative_license
    assert v.parse_type("其他权力", "c") is MatterType.other_administrative_power
    assert v.parse_type("公共服务", "c") is MatterType.public_service
    assert v.parse_type("public_service", "c") is MatterType.public_service
    assert v.parse_level("县级", "c") is Level.county and v.parse_level("设区的市级", "c") is Level.municipal
    assert v.parse_handling_kind("即办件", "c") is HandlingKind.immediate
    for bad, parse in (("行政处罚", v.parse_type), ("市级、县级", v.parse_level), ("急办件", v.parse_handling_kind)):
        with pytest.raises(CellError):
            parse(bad, "c")


def test_fees() -> None:
    assert v.parse_fee("否", "c") == v.FeeCell(False) and v.parse_fee("不收费", "c") == v.FeeCell(False)
    assert v.parse_fee("是", "c") == v.FeeCell(True)
    assert v.parse_fee("80元", "c") == v.FeeCell(True, 80)
    assert v.parse_fee("工本费10元/本", "c") == v.FeeCell(True, 10, "工本费10元/本")
    assert v.parse_fee("80.00元", "c") == v.FeeCell(True, 80)
    for bad in ("按规定收取", "10.5元", "住宅80元，非住宅550元"):
        with pytest.raises(CellError):
            v.parse_fee(bad, "收费")


def test_materials_cells() -> None:
    assert v.parse_necessity("必要", "c") == v.NecessityCell(None)
    assert v.parse_necessity("非必要", "c") == v.NecessityCell(Necessity.optional)
    assert v.parse_necessity("容缺后补", "c") == v.NecessityCell(Necessity.secondary, True)
    assert v.parse_special_procedures("听证、专家评审", "c") == (SpecialProcedure.hearing, SpecialProcedure.expert_review)
    assert v.parse_special_procedures("无", "c") == ()
    assert v.parse_visits("最多跑一次", "c") == 1 and v.parse_visits("零跑腿", "c") == 0 and v.parse_visits("2次", "c") == 2
    assert v.parse_visits("不限", "c") is None
    assert v.parse_id("37010000SP-XK-0001", "c") == "37010000SP-XK-0001"
    for bad, parse in (("可有可无", v.parse_necessity), ("公示", v.parse_special_procedures),
                       ("食品-001", v.parse_id), ("agent letter", v.parse_id), ("3701", v.parse_region)):
        with pytest.raises(CellError):
            parse(bad, "c")
