"""What an import did: every row or column it could not map (row number as in the sheet, column,
value, why), the columns it accounted for but did not keep, how it read values whose unit the text did
not say, and the counts — rows in = rows imported + rows reported, for each table."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ..errors import short_repr


@dataclass(frozen=True)
class Problem:
    """One thing not mapped. ``kind``: a ``row`` not imported (``row`` is its number in the sheet), a
    ``column`` (``row`` is the header row) or the ``table`` itself (a required column missing: nothing
    is imported)."""

    table: Literal["matters", "materials"]
    source: str
    row: int | None
    column: str
    value: str
    why: str
    kind: Literal["row", "column", "table"] = "row"

    def line(self) -> str:
        where = f"{self.source}" + (f" row {self.row}" if self.row is not None else "")
        col = f", column {self.column}" if self.column else ""
        got = f": got {short_repr(self.value)}" if self.kind != "table" else ""
        label = {"row": "", "column": " (column)", "table": " (table)"}[self.kind]
        return f"{where}{col}{label}{got}; {self.why}"


@dataclass(frozen=True)
class Note:
    """A column accounted for but not kept, or a value read in a way its text did not spell out."""

    table: str
    source: str
    row: int | None
    column: str
    value: str
    note: str


@dataclass
class Report:
    sources: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped_columns: list[Note] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    rows_in: dict[str, int] = field(default_factory=lambda: {"matters": 0, "materials": 0})
    imported: dict[str, int] = field(default_factory=lambda: {"matters": 0, "materials": 0})
    written: list[str] = field(default_factory=list)
    ruleset: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def reported_rows(self, table: str) -> set[int]:
        """The rows of ``table`` that were not imported (each once, however many problems it has)."""
        return {p.row for p in self.problems if p.table == table and p.kind == "row" and p.row is not None}

    def add(self, table: str, source: str, row: int | None, column: str, value: Any, why: str,
            kind: str = "row") -> None:
        self.problems.append(Problem(table, source, row, column, "" if value is None else str(value), why, kind))  # type: ignore[arg-type]

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "sources": self.sources, "ruleset": self.ruleset, "written": self.written,
            "rows": {t: {"in": self.rows_in[t], "imported": self.imported[t],
                         "reported": len(self.reported_rows(t))} for t in ("matters", "materials")},
            "problems": [asdict(p) for p in self.problems],
            "skipped_columns": [asdict(n) for n in self.skipped_columns],
            "notes": [asdict(n) for n in self.notes],
            "warnings": self.warnings,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    def note_lines(self) -> list[str]:
        """The columns accounted for but not kept, and the values read in a way the text did not spell out."""
        out = [f"note: {n.source} column {n.column} not kept: {n.note}" for n in self.skipped_columns]
        out += [f"note: {n.source} row {n.row}, column {n.column}: {n.value!r} {n.note}" for n in self.notes]
        return out

    def lines(self) -> list[str]:
        """The problems, one line each, then the counts (what ``govrules import-catalogue`` prints on
        standard error)."""
        out = [p.line() for p in self.problems]
        counts = ", ".join(f"{t}: {self.rows_in[t]} row(s) in, {self.imported[t]} imported, "
                           f"{len(self.reported_rows(t))} reported" for t in ("matters", "materials"))
        out.append(f"{len(self.problems)} problem(s); {counts}")
        return out
