"""Reading a list: a CSV file (UTF-8, with or without a BOM, or GB18030 as Excel saves Chinese CSV) or
an .xlsx workbook (openpyxl, the ``catalogue`` extra) into header + rows of text.

Row numbers are the sheet's own (1-based, the header row included), as a person sees them in Excel: a
CSV record spanning several lines because of a quoted line break is one row. Title rows above the
header (a merged 《…实施清单》 banner) are passed over: the header is the first of the first ten rows that
has at least two known headers. Wholly empty rows carry no data and are passed over too.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import InvalidInputError, MissingDependencyError
from .headers import TABLES, header_key

SUFFIXES = (".csv", ".xlsx")
#: Sheet names that hold the materials in a workbook (else: the second sheet).
MATERIAL_SHEETS = ("材料", "申请材料", "材料清单", "materials")


@dataclass(frozen=True)
class Table:
    """One sheet: where it came from, its header row and its data rows (row number, cells as text)."""

    source: str                       # file name, and the sheet for a workbook: 清单.xlsx#材料
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[str]]]


def cell_text(value: Any) -> str:
    """A cell as text: an integral number without its ``.0`` (a code or a count typed as a number), a
    date as ISO, anything else as ``str``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _table(source: str, table: str, raw: Iterable[tuple[int, list[str]]]) -> Table:
    known = {header_key(n) for c in TABLES[table] for n in (c.header, *c.variants)}
    rows = list(raw)
    header_at = 0
    for i, (_, cells) in enumerate(rows[:10]):
        if sum(header_key(c) in known for c in cells) >= 2:
            header_at = i
            break
    number, headers = rows[header_at] if rows else (1, [])
    data = [(n, cells) for n, cells in rows[header_at + 1:] if any(c.strip() for c in cells)]
    return Table(source, number, headers, data)


def read_csv(path: Path, table: str) -> Table:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise InvalidInputError("unreadable_file", table, str(path), "a CSV file in UTF-8 or GB18030")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = [(i, row) for i, row in enumerate(reader, 1)]
    except csv.Error as exc:
        raise InvalidInputError("unreadable_file", table, str(path), f"a well-formed CSV file ({exc})") from None
    return _table(str(path), table, records)


def openpyxl() -> Any:
    try:
        import openpyxl as xl
    except ImportError:
        raise MissingDependencyError("reading an .xlsx implementation list", "openpyxl", "catalogue") from None
    return xl


def read_xlsx(path: Path, *, materials_too: bool, first: str = "matters") -> tuple[Table, Table | None]:
    """The first sheet (read as the ``first`` table) and, if asked, the materials sheet (named 材料 /
    申请材料 / …, else the second); None when the workbook has only one sheet."""
    xl = openpyxl()
    try:
        book = xl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInputError("unreadable_file", "list", str(path), f"an .xlsx workbook ({type(exc).__name__}: {exc})") from None
    try:
        sheets = book.worksheets
        if not sheets:
            raise InvalidInputError("unreadable_file", "list", str(path), "a workbook with at least one sheet")
        matters = _sheet(path, sheets[0], first)
        materials = None
        if materials_too:
            named = [s for s in sheets[1:] if header_key(s.title) in MATERIAL_SHEETS]
            chosen = named[0] if named else (sheets[1] if len(sheets) > 1 else None)
            materials = _sheet(path, chosen, "materials") if chosen is not None else None
        return matters, materials
    finally:
        book.close()


def _sheet(path: Path, sheet: Any, table: str) -> Table:
    rows = ((i, [cell_text(v) for v in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), 1))
    return _table(f"{path}#{sheet.title}", table, rows)


def read_list(path: Path, materials: Path | None) -> tuple[Table, Table | None]:
    """The matters table of ``path`` and the materials table: ``materials`` if given (a CSV or a
    workbook's first sheet), else a workbook's materials sheet; None for a CSV list without one."""
    for p, what in ((path, "list"), (materials, "--materials")):
        if p is None:
            continue
        if p.suffix.lower() not in SUFFIXES:
            raise InvalidInputError("unsupported_file", what, str(p), "a .csv or .xlsx file")
        if not p.is_file():
            raise InvalidInputError("file_not_found", what, str(p), "an existing file")
    if path.suffix.lower() == ".xlsx":
        matter_table, material_table = read_xlsx(path, materials_too=materials is None)
    else:
        matter_table, material_table = read_csv(path, "matters"), None
    if materials is not None:
        if materials.suffix.lower() == ".xlsx":
            material_table = read_xlsx(materials, materials_too=False, first="materials")[0]
        else:
            material_table = read_csv(materials, "materials")
    return matter_table, material_table
