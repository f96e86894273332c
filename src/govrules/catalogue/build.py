"""Rows → a ruleset layer: authorities, matters and their materials, each row checked on its own.

Each matter row is parsed cell by cell (every bad cell is reported, not only the first), then checked
with the materials that name it against the parent's policy through ``Ruleset.model_validate`` — the
same validation ``load_ruleset`` runs — so that a row the catalogue checks would refuse (a promised
limit above the statutory one, a tolerant matter whose promise is shorter than the supplement limit) is
reported at its row and column and the rest is still written. A material that fails is dropped and
reported, and its matter checked again; a matter that fails is reported with its materials.
"""

from __future__ import annotations

from types import MappingProxyType

import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import RulesetError
from ..models.matter import HandlingKind, Necessity
from ..models.period import Period, Unit
from ..models.ruleset import Ruleset
from . import values as v
from .headers import MATERIAL_COLUMNS, MATTER_COLUMNS, HeaderFinding, Mapping, classify, missing_required
from .read import Table
from .report import Note, Report

COLUMN_OF = MappingProxyType({"matters": {c.key: c for c in MATTER_COLUMNS}, "materials": {c.key: c for c in MATERIAL_COLUMNS}})
FEE_ID, FEE_NAME, FEE_NAME_ZH = "fee", "Fee", "收费"
NO_VALIDITY = ("长期", "长期有效", "无", "无期限", "不限", "永久", "/", "-", "—")


def short_hash(text: str) -> str:
    """Eight hex digits of BLAKE2b: the same name gives the same id on every run and every machine."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


def material_id(name_zh: str) -> str:
    """The id of a material whose list gives no 材料编码, from its name (white space and width ignored)."""
    return f"m-{short_hash(v.normalise(name_zh))}"


def authority_id(name_zh: str) -> str:
    """The id of an authority whose list gives no 实施主体编码, from its name."""
    return f"authority-{short_hash(v.normalise(name_zh))}"


class RowError(Exception):
    """Raised inside a row's parsing once its problems are recorded."""


@dataclass
class Row:
    """One data row of a table, its cells by field, and the problems found while reading it."""

    table: str
    source: str
    number: int
    cells: dict[str, str]
    headers: dict[str, str]
    units: dict[str, str]
    report: Report
    failed: bool = False

    def has(self, key: str) -> bool:
        return key in self.cells and not v.blank(self.cells[key])

    def header(self, key: str) -> str:
        return self.headers.get(key) or COLUMN_OF[self.table][key].header

    def text(self, key: str) -> str:
        return self.cells.get(key, "").strip()

    def problem(self, key: str, value: Any, why: str) -> None:
        self.failed = True
        self.report.add(self.table, self.source, self.number, self.header(key) if key else "", value, why)

    def parse(self, key: str, parser: Callable[[str, str], Any], default: Any = None) -> Any:
        """The cell parsed, ``default`` when it is blank; a bad cell is reported and gives ``default``."""
        if not self.has(key):
            return default
        try:
            return parser(self.cells[key], self.header(key))
        except v.CellError as exc:
            self.problem(key, self.cells[key], f"expected {exc.expected}")
            return default

    def required(self, key: str, parser: Callable[[str, str], Any], default_text: str | None = None) -> Any:
        if not self.has(key):
            if default_text is not None:
                return parser(default_text, f"mapping.defaults.{key}")
            self.problem(key, self.cells.get(key, ""), "a value is required here")
            return None
        return self.parse(key, parser)


@dataclass
class Options:
    """What the command line says about the ruleset to write."""

    ruleset_id: str
    effective_from: _dt.date
    version: str
    title: str
    title_zh: str
    basis: tuple[str, ...]
    extends: str | None = "cn.national"


@dataclass
class Built:
    """The layer to write (a mapping), which row made each matter and material, and the report."""

    layer: dict[str, Any]
    report: Report
    matter_rows: dict[str, int] = field(default_factory=dict)
    material_rows: dict[tuple[str, str], int] = field(default_factory=dict)


def _rows(table: Table, name: str, mapping: Mapping, report: Report) -> list[Row] | None:
    """The table's rows by field, its header problems reported; None when a required column is missing
    (nothing of the import is then written)."""
    found = classify(name, table.headers, mapping)
    _header_findings(table, name, found, report)
    report.rows_in[name] = len(table.rows)
    missing = missing_required(name, found, mapping)
    for col in missing:
        extra = " or set defaults." + col.key + " in a mapping file" if col.key in ("level", "region") else ""
        report.add(name, table.source, None, col.header, "",
                   f"a required column is missing (add a {col.header} column{extra}, or map your own header "
                   f"to {col.key!r} in a mapping file); none of the {len(table.rows)} row(s) imported", "table")
    if missing:
        return None
    keys = {f.index: f for f in found if f.key}
    rows = []
    for number, cells in table.rows:
        by_field = {str(keys[i].key): c for i, c in enumerate(cells) if i in keys}
        rows.append(Row(name, table.source, number, by_field, {str(f.key): f.header for f in keys.values()},
                        {str(f.key): f.unit for f in keys.values() if f.unit}, report))
    return rows


def _header_findings(table: Table, name: str, found: list[HeaderFinding], report: Report) -> None:
    width = max([len(c) for _, c in table.rows] + [len(table.headers)])
    for f in found:
        if f.problem:
            report.add(name, table.source, table.header_row, f.header, f.header, f.problem, "column")
        elif f.skipped:
            report.skipped_columns.append(Note(name, table.source, table.header_row, f.header, f.header, f.skipped))
    for i in range(width):
        header = table.headers[i] if i < len(table.headers) else ""
        if header.strip():
            continue
        filled = [n for n, cells in table.rows if i < len(cells) and cells[i].strip()]
        if filled:
            report.add(name, table.source, table.header_row, f"column {i + 1}", "",
                       f"a column with data (rows {', '.join(map(str, filled[:5]))}{' …' if len(filled) > 5 else ''}) "
                       "but no header", "column")


def build(matters: Table, materials: Table | None, mapping: Mapping, options: Options,
          parent: Ruleset | None) -> Built:
    report = Report(sources=[matters.source] + ([materials.source] if materials else []))
    matter_rows = _rows(matters, "matters", mapping, report)
    material_rows = _rows(materials, "materials", mapping, report) if materials is not None else []
    layer: dict[str, Any] = {
        "id": options.ruleset_id, "version": options.version, "effective_from": options.effective_from,
        "extends": [options.extends] if options.extends else None, "title": options.title,
        "title_zh": options.title_zh, "basis": list(options.basis), "authorities": [], "matters": [],
    }
    built = Built(layer, report)
    if matter_rows is None or material_rows is None:
        return built
    authorities: dict[str, tuple[dict[str, Any], int]] = {}
    by_code: dict[str, tuple[dict[str, Any], Row]] = {}
    for row in matter_rows:
        matter = _matter(row, mapping, authorities)
        if matter is None:
            continue
        if matter["code"] in by_code:
            row.problem("code", matter["code"], f"a matter code already used by row {by_code[matter['code']][1].number}")
            continue
        by_code[matter["code"]] = (matter, row)
    _attach_materials(material_rows, by_code, matter_rows, mapping, built)
    policy = parent.policy.model_dump(mode="json", exclude_defaults=True) if parent is not None else {}
    for code, (matter, row) in list(by_code.items()):
        if not _check(matter, row, authorities, policy, built):
            del by_code[code]
    used = {m["authority"] for m, _ in by_code.values()}
    layer["authorities"] = [a for a, _ in authorities.values() if a["id"] in used]
    layer["matters"] = [m for m, _ in by_code.values()]
    built.matter_rows = {code: row.number for code, (_, row) in by_code.items()}
    order = {"column": 0, "table": 0, "row": 1}
    report.problems.sort(key=lambda p: (order[p.kind], p.table != "matters", p.row or 0))
    report.imported = {"matters": len(layer["matters"]),
                       "materials": sum(len(m.get("materials", ())) for m in layer["matters"])}
    return built


def _limit(row: Row, key: str, mapping: Mapping, *, required: bool) -> Period | None:
    unit_text = row.text("limit_unit") if row.has("limit_unit") else None
    unit = row.units.get(key)
    if unit is None and unit_text is not None:
        try:
            unit = v.unit_word(unit_text, row.header("limit_unit"))
        except v.CellError as exc:
            row.problem("limit_unit", unit_text, f"expected {exc.expected}")
            return None

    def parse(text: str, column: str) -> Period:
        period = v.parse_period(text, column, unit=unit, day_unit=mapping.day_unit)
        if period.days is None:
            raise v.CellError(column, text, "a period in days (工作日 or 自然日): limits are day periods (spec §2)")
        return period

    if not row.has(key):
        if required:
            row.problem(key, row.cells.get(key, ""), "a time limit is required here")
        return None
    period = row.parse(key, parse)
    if period is not None:
        note = v.read_as_note(row.cells[key], period)
        if note:
            row.report.notes.append(Note(row.table, row.source, row.number, row.header(key), row.cells[key], note))
    return period


def _dump(period: Period) -> dict[str, Any]:
    return period.model_dump(mode="json", exclude_none=True)


def _matter(row: Row, mapping: Mapping, authorities: dict[str, tuple[dict[str, Any], int]]) -> dict[str, Any] | None:
    code = row.required("code", v.parse_id)
    name_zh = row.text("name_zh") or None
    if name_zh is None:
        row.problem("name_zh", "", "a value is required here")
    mtype = row.required("type", v.parse_type)
    level = row.required("level", v.parse_level, mapping.defaults.get("level"))
    region = row.required("region", v.parse_region, mapping.defaults.get("region"))
    basis = v.parse_legal_basis(row.text("legal_basis"))
    if not basis:
        row.problem("legal_basis", row.cells.get("legal_basis", ""), "a value is required here (设定依据)")
    statutory = _limit(row, "statutory_limit", mapping, required=True)
    promised = _limit(row, "promised_limit", mapping, required=True)
    extension = _limit(row, "extension", mapping, required=False) if row.has("extension") and \
        v.normalise(row.text("extension")) not in v.NONE_WORDS else None
    kind = row.parse("handling_kind", v.parse_handling_kind)
    visits = row.parse("max_visits", v.parse_visits)
    tolerance = row.parse("tolerance_allowed", v.parse_bool)
    commitment = row.parse("notification_commitment_allowed", v.parse_bool, False)
    procedures = row.parse("special_procedures", v.parse_special_procedures, ())
    validity = None
    if row.has("validity") and v.normalise(row.text("validity")) not in NO_VALIDITY:
        validity = row.parse("validity", lambda t, c: v.parse_period(t, c, day_unit=Unit.calendar_days))
    fees = _fees(row, mapping)
    authority = _authority(row, level, region, authorities)
    if row.failed or code is None:
        return None
    if promised is not None and statutory is not None and promised.days == 0 and promised.unit is not statutory.unit:
        promised = Period(days=0, unit=statutory.unit)  # 即办: no days at all, in whichever unit
    if kind is None:
        kind = HandlingKind.immediate if promised is not None and promised.days == 0 else HandlingKind.promised
    matter: dict[str, Any] = {
        "code": code, "name": row.text("name") or name_zh, "name_zh": name_zh, "type": mtype.value,
        "authority": authority, "level": level.value, "handling_kind": kind.value, "legal_basis": list(basis),
        "statutory_limit": _dump(statutory), "promised_limit": _dump(promised),  # type: ignore[arg-type]
    }
    if extension is not None:
        matter["extension"] = _dump(extension)
    if visits is not None:
        matter["max_visits"] = visits
    if tolerance is not None:
        matter["tolerance_allowed"] = tolerance
    if commitment:
        matter["notification_commitment_allowed"] = True
    if validity is not None:
        matter["validity"] = _dump(validity)
    if procedures:
        matter["special_procedures"] = [p.value for p in procedures]
    if row.has("note"):
        matter["note"] = row.text("note")
    if fees:
        matter["fees"] = fees
    return matter


def _fees(row: Row, mapping: Mapping) -> list[dict[str, Any]]:
    fee = row.parse("fee", v.parse_fee)
    extras = [k for k in ("fee_basis", "fee_payment_period", "fee_on_late") if row.has(k)]
    if fee is None or not fee.charged:
        for k in extras:
            row.problem(k, row.cells[k], "a value for a matter that charges no fee (收费 is 否 or blank)")
        return []
    period_text = row.text("fee_payment_period") if row.has("fee_payment_period") else mapping.defaults.get("fee_payment_period")
    late_text = row.text("fee_on_late") if row.has("fee_on_late") else mapping.defaults.get("fee_on_late")
    if period_text is None:
        row.problem("fee", row.cells["fee"], "a fee needs a payment period: add a 缴费期限 column, or set "
                    "defaults.fee_payment_period in a mapping file (a list rarely says it; govrules does not guess)")
        return []
    if late_text is None:
        row.problem("fee", row.cells["fee"], "a fee needs what an unpaid fee means: add a 逾期未缴处理 column "
                    "(不予批准 / 不予办理), or set defaults.fee_on_late in a mapping file")
        return []
    try:
        period = v.parse_period(period_text, row.header("fee_payment_period"), day_unit=mapping.day_unit)
        if period.days is None:
            raise v.CellError(row.header("fee_payment_period"), period_text, "a period in days (工作日 or 自然日)")
    except v.CellError as exc:
        row.problem("fee_payment_period", period_text, f"expected {exc.expected}")
        return []
    late = row.parse("fee_on_late", v.parse_on_late) if row.has("fee_on_late") else v.parse_on_late(late_text, "")
    if late is None:
        return []
    entry: dict[str, Any] = {"id": FEE_ID, "name": FEE_NAME, "name_zh": fee.text or FEE_NAME_ZH}
    if row.has("fee_basis"):
        entry["basis"] = row.text("fee_basis")
    if fee.amount is not None:
        entry["amount"] = fee.amount
    entry["payment_period"] = _dump(period)
    entry["on_late"] = late
    return [entry]


def _authority(row: Row, level: Any, region: str | None,
               authorities: dict[str, tuple[dict[str, Any], int]]) -> str | None:
    name = row.text("authority")
    if not name:
        row.problem("authority", "", "a value is required here (实施主体)")
        return None
    code = row.parse("authority_code", v.parse_id) if row.has("authority_code") else None
    if row.failed and row.has("authority_code") and code is None:
        return None
    ident = code or authority_id(name)
    seen = authorities.get(name)
    if seen is not None:
        entry, first = seen
        if entry["id"] != ident:
            row.problem("authority_code", row.cells.get("authority_code", ""),
                        f"the same authority as row {first} ({name}) with another code ({entry['id']})")
        elif region is not None and entry["region"] != region:
            row.problem("region", region, f"the same authority as row {first} ({name}) in another region "
                        f"({entry['region']})")
        return ident
    for other, (entry, first) in authorities.items():
        if entry["id"] == ident:
            row.problem("authority_code", ident, f"the code of another authority (row {first}: {other})")
            return None
    if level is None or region is None or row.failed:
        return ident
    authorities[name] = ({"id": ident, "name": name, "name_zh": name, "level": level.value, "region": region},
                         row.number)
    return ident


def _material(row: Row) -> dict[str, Any] | None:
    name_zh = row.text("name_zh")
    if not name_zh:
        row.problem("name_zh", "", "a value is required here (材料名称)")
    ident = row.parse("id", v.parse_id) if row.has("id") else (material_id(name_zh) if name_zh else None)
    necessity = row.required("necessity", v.parse_necessity)
    kind = row.parse("material_kind", v.parse_material_kind)
    technical = row.parse("technical_essential", v.parse_bool, False)
    commitment = row.parse("commitment_substitutable", v.parse_bool, False)
    land = row.parse("land_document", v.parse_bool, False)
    if row.failed or necessity is None or ident is None:
        return None
    level = necessity.necessity
    if level is None:  # 必要: a 主件 is a main material, a 辅件 a secondary one (spec §2)
        level = Necessity.secondary if kind == "attachment" else Necessity.main
    elif necessity.tolerable and kind == "main":
        row.problem("material_kind", row.cells["material_kind"], "a 主件 cannot be 容缺: main materials are never "
                    "tolerable (spec §2); mark it 辅件, or its necessity 必要")
        return None
    if technical and (level is not Necessity.main or necessity.tolerable):
        row.problem("technical_essential", row.cells["technical_essential"], "a technical essential (技术要件) must "
                    "be a main material that is never 容缺 (spec §2, seed 002)")
        return None
    if technical and commitment:
        row.problem("commitment_substitutable", row.cells["commitment_substitutable"], "a technical essential "
                    "cannot be replaced by a commitment (spec §2)")
        return None
    material: dict[str, Any] = {"id": ident, "name": row.text("name") or name_zh, "name_zh": name_zh,
                                "necessity": level.value}
    for flag, value in (("technical_essential", technical), ("tolerable", necessity.tolerable),
                        ("commitment_substitutable", commitment), ("land_document", land)):
        if value:
            material[flag] = True
    return material


def _attach_materials(rows: list[Row], by_code: dict[str, tuple[dict[str, Any], Row]], matter_rows: list[Row],
                      mapping: Mapping, built: Built) -> None:
    reported = {r.number: r for r in matter_rows if r.failed}
    codes_of_failed = {r.text("code"): r.number for r in reported.values() if r.has("code")}
    for row in rows:
        code = row.required("matter_code", v.parse_id)
        material = _material(row)
        if code is None or material is None:
            continue
        target = by_code.get(code)
        if target is None:
            why = (f"its matter (row {codes_of_failed[code]} of the matters table) was not imported"
                   if code in codes_of_failed else "no matter of the matters table has this code")
            row.problem("matter_code", code, why)
            continue
        matter, _ = target
        mats = matter.setdefault("materials", [])
        clash = next((m for m in mats if m["id"] == material["id"]), None)
        if clash is not None:
            first = built.material_rows[(code, material["id"])]
            what = "the same material name" if not row.has("id") else "the same 材料编码"
            row.problem("id" if row.has("id") else "name_zh", row.text("id") or material["name_zh"],
                        f"{what} as row {first} for matter {code}")
            continue
        mats.append(material)
        built.material_rows[(code, material["id"])] = row.number
    for matter, row in by_code.values():
        if "tolerance_allowed" not in matter:
            matter["tolerance_allowed"] = any(m.get("tolerable") for m in matter.get("materials", ()))
        if not matter["tolerance_allowed"]:
            del matter["tolerance_allowed"]
        if "materials" in matter:  # keep the materials last, as the shipped rulesets write them
            matter["materials"] = matter.pop("materials")


_PATH = re.compile(r"^matters\[0\]\.(?P<field>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<rest>[\w.\[\]]+))?$")
_MATERIAL_FIELD = MappingProxyType({"id": "id", "name": "name", "name_zh": "name_zh", "necessity": "necessity",
                   "tolerable": "necessity", "technical_essential": "technical_essential",
                   "commitment_substitutable": "commitment_substitutable", "land_document": "land_document"})
_FEE_FIELD = MappingProxyType({"payment_period": "fee_payment_period", "on_late": "fee_on_late", "basis": "fee_basis"})
_AUTHORITY_FIELD = MappingProxyType({"region": "region", "level": "level", "id": "authority_code"})


def _check(matter: dict[str, Any], row: Row, authorities: dict[str, tuple[dict[str, Any], int]],
           policy: dict[str, Any], built: Built) -> bool:
    """Validate the matter alone, with its authority, under the parent's policy; report what fails at its
    row and column. A failing material is dropped (and reported) and the matter checked again."""
    authority = next(a for a, _ in authorities.values() if a["id"] == matter["authority"])
    material_rows = built.material_rows
    while True:
        doc = {"id": "check", "version": "check", "effective_from": built.layer["effective_from"],
               "title": "check", "policy": policy, "authorities": [authority], "matters": [matter]}
        try:
            Ruleset.model_validate(doc)
            return True
        except RulesetError as exc:
            problems = list(getattr(exc, "problems", None) or [exc])
        dropped = False
        matter_problems = []
        for p in problems:
            m = _PATH.match(p.path or "")
            if m and m.group("field") == "materials" and m.group("index") is not None:
                mats = matter.get("materials", [])
                i = int(m.group("index"))
                if i < len(mats):
                    sub = (m.group("rest") or "").split(".")[0]
                    number = material_rows[(matter["code"], mats[i]["id"])]
                    key = _MATERIAL_FIELD.get(sub, "name_zh")
                    built.report.add("materials", _material_source(built), number,
                                     COLUMN_OF["materials"][key].header, mats[i].get(sub, ""),
                                     f"refused by the ruleset checks: [{p.code}] {_plain(p.message)}")
                    mats[i] = None
                    dropped = True
                    continue
            matter_problems.append(p)
        if matter_problems:
            for p in matter_problems:
                key, value = _matter_column(p, row)
                row.problem(key, value, f"refused by the ruleset checks: [{p.code}] {_plain(p.message)}")
            for mat in matter.get("materials", ()):
                if mat is not None:
                    built.report.add("materials", _material_source(built),
                                     material_rows[(matter["code"], mat["id"])], COLUMN_OF["materials"]["matter_code"].header,
                                     matter["code"], f"its matter (row {row.number} of the matters table) was not imported")
            return False
        if dropped:
            matter["materials"] = [m for m in matter["materials"] if m is not None]
            if not matter["materials"]:
                del matter["materials"]
            continue
        return True  # pragma: no cover - a RulesetError always names a path


def _plain(message: str) -> str:
    """A check's message without the paths of the one-matter ruleset it was checked in."""
    return re.sub(r"(?:matters|authorities)\[0\]\.", "", message)


def _material_source(built: Built) -> str:
    return built.report.sources[-1]


def _matter_column(p: RulesetError, row: Row) -> tuple[str, str]:
    path = p.path or ""
    if path.startswith("policy.tolerance.supplement_limit"):
        key = "tolerance_allowed" if row.has("tolerance_allowed") else "promised_limit"
        return key, row.cells.get(key, "")
    if path.startswith("authorities[0]."):
        key = _AUTHORITY_FIELD.get(path.split(".")[1], "authority")
        return key, row.cells.get(key, "")
    m = _PATH.match(path)
    if m:
        name = m.group("field")
        if name == "fees":
            key = _FEE_FIELD.get((m.group("rest") or "").split(".")[0], "fee")
        else:
            key = name if name in COLUMN_OF["matters"] else ("authority" if name == "authority" else "")
        if key:
            return key, row.cells.get(key, "")
    return "", ""
