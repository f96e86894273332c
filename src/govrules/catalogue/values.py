"""Cell values of an implementation list (实施清单) read into the ruleset's terms.

Each parser takes the text of one cell and returns the model's value, or raises ``CellError`` saying
what it expected. Nothing is guessed: a value that fits none of the accepted forms is reported, never
coerced (docs/catalogue.md lists the forms). Text is NFKC-normalised first, so full-width digits and
letters (２０个工作日) read like their ASCII forms.
"""

from __future__ import annotations

from types import MappingProxyType

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping

from ..errors import InvalidInputError
from ..models.matter import HandlingKind, Level, MatterType, Necessity, SpecialProcedure
from ..models.period import Period, Unit


class CellError(InvalidInputError):
    """A cell whose value fits none of the accepted forms: names the column, the value and what was
    expected (the report's "why")."""

    def __init__(self, column: str, value: str, expected: str) -> None:
        super().__init__("invalid_cell", column, value, expected)


def normalise(text: str) -> str:
    """NFKC, and every kind of white space removed (cells are often padded or wrapped)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def blank(text: str | None) -> bool:
    return text is None or normalise(text) == ""


# ---- numbers -------------------------------------------------------------------------------------
_DIGITS = MappingProxyType({"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9})
_UNITS = MappingProxyType({"十": 10, "百": 100, "千": 1000})
_NUMBER = r"(\d+|[零〇一二两三四五六七八九十百千]+)"


def parse_number(text: str) -> int | None:
    """Arabic digits, or a Chinese numeral below 10,000 (二十, 十五, 一百二十, 三十): laws write periods so."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None:  # two digits in a row (二三) is not a numeral
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


# ---- periods ---------------------------------------------------------------------------------------
IMMEDIATE = ("即办", "即办件", "即时办结", "立即办结", "当场办结", "当场办理", "当场")
_UNIT_WORDS = MappingProxyType({
    "个工作日": "wd", "工作日": "wd",
    "个自然日": "cd", "自然日": "cd", "个日历日": "cd", "日历日": "cd",
    "日": "day", "天": "day",
    "个月": "months",
    "年": "years",
})
_PERIOD = re.compile(rf"^{_NUMBER}({'|'.join(sorted(map(re.escape, _UNIT_WORDS), key=len, reverse=True))})?(?:以内|内)?$")
PERIOD_FORMS = ("20个工作日", "20工作日", "30个自然日", "30日", "30天", "3个月", "1年", "即办", "二十个工作日")


def unit_word(text: str, column: str) -> str:
    """The unit of a 办理时限单位 cell (工作日, 自然日, 日, 天, 个月/月, 年)."""
    t = normalise(text)
    if t == "月":
        t = "个月"
    kind = _UNIT_WORDS.get(t)
    if kind is None:
        raise CellError(column, text, "a unit: 工作日, 自然日, 日, 天, 个月 or 年")
    return kind


def parse_period(text: str, column: str, *, unit: str | None = None, day_unit: Unit = Unit.working_days) -> Period:
    """A time limit: ``20个工作日``, ``20工作日``, ``30个自然日``, ``30日`` / ``30天`` (``day_unit``: working
    days by default — ALL Art. 82 counts an agency's periods in working days, spec A5), ``3个月``,
    ``1年``, ``即办`` (0 working days), Chinese numerals (二十个工作日), an optional trailing 内/以内;
    a bare number takes ``unit`` (a 办理时限单位 cell already read by ``unit_word``)."""
    t = normalise(text)
    if t in IMMEDIATE:
        return Period.wd(0)
    m = _PERIOD.match(t)
    n = parse_number(m.group(1)) if m else None
    if m is None or n is None:
        raise CellError(column, text, f"a time limit such as {', '.join(PERIOD_FORMS)}")
    own = _UNIT_WORDS[m.group(2)] if m.group(2) else None
    if own == "day" and unit in ("wd", "cd"):
        own = unit  # 30日 under a 办理时限单位 of 工作日 / 自然日: the column says which days
    if own is not None and unit is not None and own != unit and not (unit == "day" and own in ("wd", "cd")):
        raise CellError(column, text, f"a unit that agrees with the 办理时限单位 column ({unit_label(unit)})")
    kind = own or unit
    if kind is None:
        raise CellError(column, text, "a number with its unit (20个工作日, 30个自然日), or a 办理时限单位 column")
    if n > 100_000:
        raise CellError(column, text, "a count of at most 100000")
    if kind == "wd" or (kind == "day" and day_unit is Unit.working_days):
        return Period.wd(n)
    if kind in ("cd", "day"):
        return Period.cd(n)
    if kind == "months":
        return Period(months=n) if n <= 3000 else _too_long(column, text)
    return Period(years=n) if n <= 250 else _too_long(column, text)


def _too_long(column: str, text: str) -> Period:
    raise CellError(column, text, "a period of at most 3000 months or 250 years")


def unit_label(kind: str) -> str:
    return {"wd": "工作日", "cd": "自然日", "day": "日", "months": "个月", "years": "年"}[kind]


def format_period(period: Period) -> str:
    """The canonical cell of a period, as ``export`` writes it: 即办, 20个工作日, 30个自然日, 3个月, 1年."""
    if period.days is not None:
        if period.days == 0:
            return "即办"
        return f"{period.days}个工作日" if period.unit is Unit.working_days else f"{period.days}个自然日"
    return f"{period.months}个月" if period.months is not None else f"{period.years}年"


def read_as_note(text: str, period: Period) -> str | None:
    """Why a cell was read as it was, when the text did not say the unit itself (``30日``)."""
    t = normalise(text)
    m = _PERIOD.match(t)
    if m and m.group(2) in ("日", "天"):
        reason = ("ALL Art. 82: an agency's periods are counted in working days (spec A5); set values.day_unit = "
                  '"calendar_days" in the mapping file to read them as calendar days'
                  if period.unit is Unit.working_days else "values.day_unit of the mapping file")
        return f"read as {format_period(period)} ({reason})"
    return None


# ---- enumerations ------------------------------------------------------------------------------------
MATTER_TYPES = MappingProxyType({
    "行政许可": MatterType.administrative_license, "许可": MatterType.administrative_license,
    "行政确认": MatterType.administrative_confirmation, "确认": MatterType.administrative_confirmation,
    "行政给付": MatterType.administrative_payment, "给付": MatterType.administrative_payment,
    "行政裁决": MatterType.administrative_ruling, "裁决": MatterType.administrative_ruling,
    "行政奖励": MatterType.administrative_reward, "奖励": MatterType.administrative_reward,
    "行政备案": MatterType.administrative_filing, "备案": MatterType.administrative_filing,
    "其他行政权力": MatterType.other_administrative_power, "其他权力": MatterType.other_administrative_power,
    "其他职权": MatterType.other_administrative_power,
    "公共服务": MatterType.public_service, "公共服务事项": MatterType.public_service,
})
#: The canonical word of each type (what export writes and messages show).
MATTER_TYPE_ZH = MappingProxyType({t: zh for zh, t in MATTER_TYPES.items() if zh in (
    "行政许可", "行政确认", "行政给付", "行政裁决", "行政奖励", "行政备案", "其他行政权力", "公共服务")})

LEVELS = MappingProxyType({
    "国家级": Level.national, "国家": Level.national, "中央": Level.national,
    "省级": Level.provincial, "省": Level.provincial,
    "市级": Level.municipal, "市": Level.municipal, "设区的市级": Level.municipal, "地市级": Level.municipal,
    "县级": Level.county, "县": Level.county, "区县级": Level.county, "县区级": Level.county, "区级": Level.county,
    "乡级": Level.township, "乡镇级": Level.township, "乡镇(街道)级": Level.township, "街道级": Level.township,
    "村级": Level.village, "村": Level.village, "村(社区)级": Level.village, "社区级": Level.village,
})
LEVEL_ZH = MappingProxyType({Level.national: "国家级", Level.provincial: "省级", Level.municipal: "市级", Level.county: "县级",
            Level.township: "乡级", Level.village: "村级"})

HANDLING_KINDS = MappingProxyType({
    "即办件": HandlingKind.immediate, "即办": HandlingKind.immediate,
    "承诺件": HandlingKind.promised, "承诺": HandlingKind.promised,
    "联办件": HandlingKind.joint, "联办": HandlingKind.joint,
    "上报件": HandlingKind.reported, "上报": HandlingKind.reported,
})
HANDLING_KIND_ZH = MappingProxyType({v: k for k, v in HANDLING_KINDS.items() if k.endswith("件")})

SPECIAL_PROCEDURES = MappingProxyType({
    "听证": SpecialProcedure.hearing, "招标": SpecialProcedure.tendering, "拍卖": SpecialProcedure.auction,
    "检验": SpecialProcedure.inspection, "检测": SpecialProcedure.testing, "检疫": SpecialProcedure.quarantine,
    "鉴定": SpecialProcedure.appraisal, "专家评审": SpecialProcedure.expert_review,
})
SPECIAL_PROCEDURE_ZH = MappingProxyType({v: k for k, v in SPECIAL_PROCEDURES.items()})
NONE_WORDS = ("无", "没有", "不涉及", "/", "-", "—", "否")


def enum_value(text: str, column: str, table: Mapping[str, Any], enum: type, what: str, shown: Mapping[Any, str]) -> Any:
    """One of ``table``'s Chinese words, or the model's English value itself; the message shows the
    canonical words (``shown``) — the variants are in docs/catalogue.md."""
    t = normalise(text)
    if t in table:
        return table[t]
    try:
        return enum(t)
    except ValueError:
        raise CellError(column, text, f"{what}: {'、'.join(shown.values())}") from None


def parse_type(text: str, column: str) -> MatterType:
    return enum_value(text, column, MATTER_TYPES, MatterType, "a matter type the Matter model holds (spec §2)",
                      MATTER_TYPE_ZH)


def parse_level(text: str, column: str) -> Level:
    return enum_value(text, column, LEVELS, Level, "one level (行使层级)", LEVEL_ZH)


def parse_handling_kind(text: str, column: str) -> HandlingKind:
    return enum_value(text, column, HANDLING_KINDS, HandlingKind, "a handling kind (办件类型)", HANDLING_KIND_ZH)


def parse_special_procedures(text: str, column: str) -> tuple[SpecialProcedure, ...]:
    t = normalise(text)
    if t in NONE_WORDS:
        return ()
    out: list[SpecialProcedure] = []
    for part in re.split(r"[、，,；;/]+", t):
        if not part:
            continue
        proc = SPECIAL_PROCEDURES.get(part)
        if proc is None:
            raise CellError(column, text, "special procedures (ALL Art. 45) separated by 、: "
                            + "、".join(SPECIAL_PROCEDURES))
        if proc not in out:
            out.append(proc)
    return tuple(out)


_YES = ("是", "有", "y", "yes", "true", "√")
_NO = ("否", "无", "n", "no", "false", "×", "不")


def parse_bool(text: str, column: str) -> bool:
    t = normalise(text).lower()
    if t in _YES:
        return True
    if t in _NO:
        return False
    raise CellError(column, text, "是 or 否")


def parse_region(text: str, column: str) -> str:
    t = normalise(text)
    if not re.fullmatch(r"\d{6}", t):
        raise CellError(column, text, "a 6-digit administrative-division code (e.g. 370102)")
    return t


def parse_visits(text: str, column: str) -> int | None:
    """到办事现场次数: 0 (零跑腿, 不见面), 1 (最多跑一次), N次; 不限 = no limit."""
    t = normalise(text)
    if t in ("零跑腿", "不见面", "不用跑", "零次"):
        return 0
    if t in ("最多跑一次", "一次"):
        return 1
    if t in ("不限", "不限次数"):
        return None
    m = re.fullmatch(rf"{_NUMBER}次?", t)
    n = parse_number(m.group(1)) if m else None
    if n is None:
        raise CellError(column, text, "a number of visits: 0, 1, 2次, 零跑腿, 最多跑一次 or 不限")
    return n


def parse_legal_basis(text: str) -> tuple[str, ...]:
    """设定依据: one or more sources, separated by line breaks or semicolons (；)."""
    parts = re.split(r"[\r\n；;]+", text)
    return tuple(p.strip() for p in parts if p.strip())


LEGAL_BASIS_SEPARATOR = "；"


def split_ids(text: str) -> list[str]:
    return [p for p in re.split(r"[、，,；;\s]+", text) if p]


# ---- fees ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeeCell:
    """What a 收费 cell says: charged or not, the amount in whole yuan if stated, and its own wording."""

    charged: bool
    amount: int | None = None
    text: str | None = None  # the cell's wording when it is more than 是 or N元 (kept as the fee's name)


NO_FEE = ("否", "不收费", "免费", "无", "0", "0元", "不收取费用", "不收取")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)元")


def parse_fee(text: str, column: str) -> FeeCell:
    """收费 / 是否收费: 否 (不收费, 免费, 无), 是 (收费), or an amount text with one amount in whole yuan
    (100元, 工本费10元/本)."""
    t = normalise(text)
    if t in NO_FEE:
        return FeeCell(False)
    if t in ("是", "收费"):
        return FeeCell(True)
    amounts = _AMOUNT.findall(t)
    if len(amounts) != 1:
        raise CellError(column, text, "否, 是, or a text with one amount in yuan (100元, 工本费10元/本)")
    value = float(amounts[0])
    if value != int(value):
        raise CellError(column, text, "an amount in whole yuan (the Fee model holds an integer)")
    own = None if t == f"{amounts[0]}元" else text.strip()
    return FeeCell(True, int(value), own)


LATE_FEE = MappingProxyType({
    "不予批准": "not_approved", "不予许可": "not_approved", "不予批准许可": "not_approved",
    "不予办理": "closed_without_processing", "终止办理": "closed_without_processing",
    "办结": "closed_without_processing", "作办结登记": "closed_without_processing",
    "not_approved": "not_approved", "closed_without_processing": "closed_without_processing",
})
LATE_FEE_ZH = MappingProxyType({"not_approved": "不予批准", "closed_without_processing": "不予办理"})


def parse_on_late(text: str, column: str) -> str:
    t = normalise(text)
    if t not in LATE_FEE:
        raise CellError(column, text, "what an unpaid fee means: 不予批准 or 不予办理")
    return LATE_FEE[t]


# ---- materials ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NecessityCell:
    necessity: Necessity | None  # None: 必要, decided by the material type (主件 main, 辅件 secondary)
    tolerable: bool = False


NECESSITIES = MappingProxyType({
    "必要": NecessityCell(None), "必须": NecessityCell(None), "必需": NecessityCell(None), "是": NecessityCell(None),
    "主要": NecessityCell(Necessity.main), "次要": NecessityCell(Necessity.secondary),
    "非必要": NecessityCell(Necessity.optional), "非必须": NecessityCell(Necessity.optional),
    "否": NecessityCell(Necessity.optional), "可选": NecessityCell(Necessity.optional),
    "容缺": NecessityCell(Necessity.secondary, True), "容缺后补": NecessityCell(Necessity.secondary, True),
    "容缺受理": NecessityCell(Necessity.secondary, True),
})


def parse_necessity(text: str, column: str) -> NecessityCell:
    """材料必要性: 必要 (main, or secondary for a 辅件), 非必要 (optional), 容缺/容缺后补 (secondary and
    tolerable, spec §2); 主要/次要 name the model's kinds directly."""
    t = normalise(text)
    if t in NECESSITIES:
        return NECESSITIES[t]
    try:
        return NecessityCell(Necessity(t))
    except ValueError:
        raise CellError(column, text, "必要, 非必要 or 容缺 (容缺后补)") from None


MATERIAL_KINDS = MappingProxyType({"主件": "main", "辅件": "attachment", "附件": "attachment"})


def parse_material_kind(text: str, column: str) -> str:
    t = normalise(text)
    if t not in MATERIAL_KINDS:
        raise CellError(column, text, "主件 or 辅件")
    return MATERIAL_KINDS[t]


ASCII_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")


def parse_id(text: str, column: str) -> str:
    """A code written as an id: ASCII letters, digits and . _ : - (a matter, material or authority code)."""
    t = unicodedata.normalize("NFKC", text).strip()
    if not ASCII_ID.match(t):
        raise CellError(column, text, "a code of ASCII letters, digits and . _ : - (at most 200 characters)")
    return t
