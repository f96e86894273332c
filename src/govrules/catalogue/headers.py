"""Which column holds what: the built-in table of the usual 实施清单 headers and their variants, and a
locality's own headers from a mapping file (``--mapping``: header → field).

A header is matched after NFKC normalisation with white space, a leading or trailing ``*`` (the
"required" mark of many templates) and a trailing colon removed. A limit header may carry its unit in
brackets (``法定时限（工作日）``): the column's bare numbers then take it. Every header is accounted
for: a field, a column known and deliberately not kept (``NOT_HELD``: the Matter model has no field for
it), ``ignore`` in the mapping file, or a problem (unknown header, second column for one field).
"""

from __future__ import annotations

from types import MappingProxyType

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from ..models.period import Unit
from . import values


@dataclass(frozen=True)
class Column:
    """A field of a table: its key, the header ``export`` writes, the variants read, whether required."""

    key: str
    header: str
    variants: tuple[str, ...] = ()
    required: bool = False
    meaning: str = ""


MATTER_COLUMNS: tuple[Column, ...] = (
    Column("code", "事项编码", ("实施编码", "事项代码", "编码", "实施清单编码"), True, "matter code (the ruleset's `code`)"),
    Column("name_zh", "事项名称", ("名称", "实施清单名称", "事项名", "实施事项名称"), True, "`name_zh`"),
    Column("name", "英文名称", ("事项英文名称", "englishname"), False, "`name` (default: the Chinese name)"),
    Column("type", "事项类型", ("类型", "权力类型", "事项类别", "职权类型"), True, "`type`"),
    Column("authority", "实施主体", ("实施机关", "实施主体名称", "实施部门", "办理部门"), True,
           "the authority's `name_zh` (an entry of `authorities` is created per distinct name)"),
    Column("authority_code", "实施主体编码", ("统一社会信用代码", "实施主体代码", "实施主体统一社会信用代码"),
           False, "the authority's `id` (default: generated from its name)"),
    Column("level", "行使层级", ("层级", "实施层级", "行使层级名称"), False,
           "`level` of the matter and its authority (or `defaults.level`)"),
    Column("region", "行政区划代码", ("区划代码", "行政区划", "所属区划"), False,
           "the authority's `region` (or `defaults.region`)"),
    Column("legal_basis", "设定依据", ("法律依据", "实施依据", "依据"), True,
           "`legal_basis`: one source per line or separated by ；"),
    Column("handling_kind", "办件类型", ("办件类别",), False,
           "`handling_kind` (default: 即办件 for a promised limit of 0, else 承诺件)"),
    Column("statutory_limit", "法定时限", ("法定办结时限", "法定期限", "法定办理时限"), True, "`statutory_limit`"),
    Column("promised_limit", "承诺时限", ("承诺办结时限", "承诺期限", "承诺办理时限"), True, "`promised_limit`"),
    Column("limit_unit", "办理时限单位", ("时限单位", "期限单位"), False,
           "the unit of bare numbers in the limit columns"),
    Column("extension", "延长时限", ("延期时限", "可延长时限", "延长期限"), False, "`extension`"),
    Column("fee", "收费", ("是否收费", "收费标准", "收费情况"), False,
           "`fees`: 否, 是 or an amount text (one fee, id `fee`)"),
    Column("fee_basis", "收费依据", (), False, "the fee's `basis`"),
    Column("fee_payment_period", "缴费期限", ("缴费时限",), False,
           "the fee's `payment_period` (or `defaults.fee_payment_period`)"),
    Column("fee_on_late", "逾期未缴处理", ("逾期未缴", "逾期未缴费处理"), False,
           "the fee's `on_late` (or `defaults.fee_on_late`)"),
    Column("max_visits", "到办事现场次数", ("到现场次数", "跑动次数", "到窗口次数"), False, "`max_visits`"),
    Column("tolerance_allowed", "容缺受理", ("是否容缺受理", "是否容缺"), False,
           "`tolerance_allowed` (default: whether a material is 容缺)"),
    Column("notification_commitment_allowed", "告知承诺", ("是否告知承诺", "是否实行告知承诺制", "告知承诺制"), False,
           "`notification_commitment_allowed`"),
    Column("validity", "许可有效期", ("有效期限", "证件有效期", "有效期"), False, "`validity` (长期 = none)"),
    Column("special_procedures", "特殊程序", ("特别程序", "特殊环节"), False, "`special_procedures`"),
    Column("note", "备注", ("说明",), False, "`note`"),
)

MATERIAL_COLUMNS: tuple[Column, ...] = (
    Column("matter_code", "事项编码", ("实施编码", "事项代码", "编码", "实施清单编码"), True, "the matter's code"),
    Column("name_zh", "材料名称", ("申请材料名称", "申请材料", "材料"), True, "`name_zh`"),
    Column("name", "材料英文名称", (), False, "`name` (default: the Chinese name)"),
    Column("id", "材料编码", ("材料代码", "材料id", "材料标识"), False,
           "`id` (default: generated from the name, stable across runs)"),
    Column("necessity", "必要性", ("材料必要性", "是否必要", "必要性及描述"), True,
           "`necessity` (and `tolerable` for 容缺)"),
    Column("material_kind", "材料类型", ("主件辅件", "材料性质"), False,
           "主件 (main) or 辅件 (secondary when 必要)"),
    Column("technical_essential", "技术要件", ("是否技术要件",), False, "`technical_essential`"),
    Column("commitment_substitutable", "可告知承诺", ("是否可告知承诺", "可承诺替代", "是否可承诺"), False,
           "`commitment_substitutable`"),
    Column("land_document", "土地证明", ("是否土地证明",), False, "`land_document`"),
)

_NO_MATTER_FIELD = "the Matter model has no field for it"
_NO_MATERIAL_FIELD = "the Material model has no field for it"
#: Columns a list keeps that the model has no field for: accounted for (the report lists them as
#: skipped), not kept.
NOT_HELD = MappingProxyType({
    "matters": MappingProxyType({
        "序号": "a row number", "受理条件": _NO_MATTER_FIELD, "申请条件": _NO_MATTER_FIELD,
        "办理地点": _NO_MATTER_FIELD, "办理时间": _NO_MATTER_FIELD, "咨询方式": _NO_MATTER_FIELD,
        "咨询电话": _NO_MATTER_FIELD, "监督投诉方式": _NO_MATTER_FIELD, "监督电话": _NO_MATTER_FIELD,
        "办理流程": _NO_MATTER_FIELD, "服务对象": _NO_MATTER_FIELD,
        "前置条件": "free text; write prerequisites (matter codes) in a layer of your own",
    }),
    "materials": MappingProxyType({
        "序号": "a row number", "事项名称": "the matter is named in the matters table",
        "材料形式": _NO_MATERIAL_FIELD, "份数": _NO_MATERIAL_FIELD, "纸质材料份数": _NO_MATERIAL_FIELD,
        "来源渠道": _NO_MATERIAL_FIELD, "材料来源": _NO_MATERIAL_FIELD, "填报须知": _NO_MATERIAL_FIELD,
        "受理标准": _NO_MATERIAL_FIELD,
    }),
})

TABLES = MappingProxyType({"matters": MATTER_COLUMNS, "materials": MATERIAL_COLUMNS})
IGNORE = "ignore"
_UNIT_SUFFIX = re.compile(r"^(?P<base>.+?)\((?P<unit>个?工作日|个?自然日|日|天|个月|年)\)$")
LIMIT_FIELDS = ("statutory_limit", "promised_limit", "extension", "fee_payment_period")


def header_key(text: str) -> str:
    """A header as it is compared: NFKC, no white space, no ``*`` marks or trailing colon, lower case."""
    t = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return t.strip("*").rstrip(":").lower()


@dataclass(frozen=True)
class Mapping:
    """A mapping file: the headers of each table (header → field or ``ignore``), defaults for values the
    list does not carry, and how day counts without a unit read."""

    headers: dict[str, dict[str, str]] = field(default_factory=lambda: {"matters": {}, "materials": {}})
    defaults: dict[str, str] = field(default_factory=dict)
    day_unit: Unit = Unit.working_days
    source: str | None = None


DEFAULT_KEYS = ("level", "region", "fee_payment_period", "fee_on_late")


def mapping_error(path: str, value: Any, expected: str) -> InvalidInputError:
    return InvalidInputError("invalid_mapping", f"mapping.{path}", value, expected)


def load_mapping(path: str | Path | None) -> Mapping:
    """Read a mapping file (TOML): ``[matters]`` and ``[materials]`` (header = "field" or "ignore"),
    ``[defaults]`` (level, region, fee_payment_period, fee_on_late, written like cells) and ``[values]``
    (``day_unit``). Every key is checked: a misspelt field is an error, never dropped."""
    if path is None:
        return Mapping()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError("unreadable_file", "--mapping", str(path), f"a readable UTF-8 TOML file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError("invalid_mapping", "--mapping", str(path), f"valid TOML ({exc})") from None
    problems: list[InvalidInputError] = []
    for key in data:
        if key not in ("matters", "materials", "defaults", "values"):
            problems.append(mapping_error(key, key, "one of the tables matters, materials, defaults, values"))
    headers: dict[str, dict[str, str]] = {"matters": {}, "materials": {}}
    for table, columns in TABLES.items():
        keys = {c.key for c in columns}
        section = data.get(table, {})
        if not isinstance(section, dict):
            problems.append(mapping_error(table, section, "a table of header = field"))
            continue
        for header, target in section.items():
            if not isinstance(target, str) or (target not in keys and target != IGNORE):
                problems.append(mapping_error(f"{table}.{header}", target,
                                              f"a field of the {table} table ({', '.join(sorted(keys))}) or 'ignore'"))
            else:
                headers[table][header_key(header)] = target
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        problems.append(mapping_error("defaults", defaults, "a table"))
        defaults = {}
    for key, value in defaults.items():
        if key not in DEFAULT_KEYS:
            problems.append(mapping_error(f"defaults.{key}", key, f"one of {', '.join(DEFAULT_KEYS)}"))
        elif not isinstance(value, str):
            problems.append(mapping_error(f"defaults.{key}", value, "text, written as a cell would be"))
    day_unit = Unit.working_days
    vals = data.get("values", {})
    if not isinstance(vals, dict):
        problems.append(mapping_error("values", vals, "a table"))
        vals = {}
    for key, value in vals.items():
        if key != "day_unit":
            problems.append(mapping_error(f"values.{key}", key, "day_unit"))
        elif value not in ("working_days", "calendar_days"):
            problems.append(mapping_error("values.day_unit", value, "working_days or calendar_days"))
        else:
            day_unit = Unit(value)
    if problems:
        raise InvalidInputError.of(problems)
    checked = {k: str(v) for k, v in defaults.items()}
    for key, parse in (("level", values.parse_level), ("region", values.parse_region),
                       ("fee_payment_period", lambda t, c: values.parse_period(t, c, day_unit=day_unit)),
                       ("fee_on_late", values.parse_on_late)):
        if key in checked:
            try:
                parse(checked[key], f"mapping.defaults.{key}")
            except values.CellError as exc:
                problems.append(mapping_error(f"defaults.{key}", checked[key], exc.expected))
    if problems:
        raise InvalidInputError.of(problems)
    return Mapping(headers, checked, day_unit, str(path))


@dataclass(frozen=True)
class HeaderFinding:
    """What one header of a table is: a field, not held, ignored, or a problem (``why``)."""

    index: int
    header: str
    key: str | None = None       # the field, when it maps to one
    unit: str | None = None      # the unit a limit header carries: 法定时限（工作日）
    skipped: str | None = None   # why a known column is not kept
    problem: str | None = None   # why it is a problem


def classify(table: str, headers: list[str], mapping: Mapping) -> list[HeaderFinding]:
    """Each header of ``table`` ('matters' or 'materials') matched to a field, or accounted for."""
    columns = TABLES[table]
    builtin: dict[str, str] = {}
    for c in columns:
        for name in (c.header, *c.variants, c.key):
            builtin.setdefault(header_key(name), c.key)
    own = mapping.headers.get(table, {})
    out: list[HeaderFinding] = []
    taken: dict[str, str] = {}
    for i, header in enumerate(headers):
        k = header_key(header)
        if not k:
            out.append(HeaderFinding(i, header))  # an empty header: only a problem if its column has data
            continue
        unit = None
        target = own.get(k)
        if target is None:
            target = builtin.get(k)
        if target is None:
            m = _UNIT_SUFFIX.match(k)
            base = own.get(m.group("base")) or builtin.get(m.group("base")) if m else None
            if m and base in LIMIT_FIELDS:
                target, unit = base, values.unit_word(m.group("unit"), header)
        if target == IGNORE:
            out.append(HeaderFinding(i, header, skipped="ignored by the mapping file"))
        elif target is not None:
            if target in taken:
                out.append(HeaderFinding(i, header, problem=f"a second column for {target!r} "
                                         f"(already column {taken[target]!r}); map one of them to 'ignore'"))
            else:
                taken[target] = header
                out.append(HeaderFinding(i, header, key=target, unit=unit))
        elif k in NOT_HELD_KEYS.get(table, {}):
            out.append(HeaderFinding(i, header, skipped=NOT_HELD_KEYS[table][k]))
        else:
            out.append(HeaderFinding(i, header, problem="an unknown header: map it to a field (or 'ignore') in "
                                     "a mapping file (--mapping)"))
    return out


NOT_HELD_KEYS = MappingProxyType({table: {header_key(h): why for h, why in known.items()} for table, known in NOT_HELD.items()})


def missing_required(table: str, found: list[HeaderFinding], mapping: Mapping) -> list[Column]:
    """Required columns the table lacks; level and region are required unless the mapping sets a default."""
    keys = {f.key for f in found if f.key}
    out = [c for c in TABLES[table] if c.required and c.key not in keys]
    if table == "matters":
        out += [c for c in MATTER_COLUMNS if c.key in ("level", "region") and c.key not in keys
                and c.key not in mapping.defaults]
    return out
