"""Rulesets from an implementation list (实施清单): ``import_catalogue`` reads the list of matters and
their materials (CSV, or .xlsx with the ``catalogue`` extra), maps its headers and values, writes a
validated TOML ruleset layer that extends ``cn.national``, loads it back through ``lint_ruleset`` to
prove it, and reports every row or column it could not map (docs/catalogue.md). ``export_catalogue``
writes a ruleset back as the list's columns.

Modules: ``headers`` (which column holds what; the mapping file), ``values`` (cells → model values),
``read`` (CSV and xlsx), ``build`` (rows → checked matters), ``write`` (TOML), ``report``, ``export``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from .._paths import shipped_rulesets
from ..errors import GovRulesError, InvalidInputError, RulesetError
from ..loading import RulesetLibrary, lint_ruleset, load_ruleset
from ..models.ruleset import Ruleset
from .build import Options, authority_id, build, material_id
from .export import export_catalogue, read_rows
from .headers import MATERIAL_COLUMNS, MATTER_COLUMNS, NOT_HELD, Mapping, load_mapping
from .read import read_list
from .report import Note, Problem, Report
from .values import CellError, parse_period
from .write import ruleset_toml


class CatalogueWriteError(GovRulesError):
    """The ruleset the import wrote does not lint: a defect of the importer, never of the list (every
    row is checked before it is written). Names the file and the first problem."""

    code = "written_ruleset_invalid"

    def __init__(self, file: str, problem: RulesetError) -> None:
        self.file, self.problem = file, problem
        super().__init__(f"[{self.code}] {file}: the imported ruleset does not lint ({problem.text}); "
                         "this is a bug of govrules import-catalogue, please report it with the list")


@dataclass(frozen=True)
class ImportResult:
    """What ``import_catalogue`` did: the report, the file written (None when a table problem stopped
    it) and the ruleset read back from that file."""

    report: Report
    path: Path | None
    ruleset: Ruleset | None

    @property
    def ok(self) -> bool:
        return self.report.ok


def _shipped_parent(rid: str, day: _dt.date) -> Ruleset:
    """The shipped ruleset the import layers on, in force on ``day`` (read each time: about 20 ms)."""
    lib = load_ruleset(shipped_rulesets())
    assert isinstance(lib, RulesetLibrary)
    if rid not in lib.ids:
        raise InvalidInputError("unknown_parent", "--extends", rid, f"a shipped ruleset id ({', '.join(lib.ids)})")
    try:
        return lib.get(rid, day)
    except GovRulesError:
        raise InvalidInputError("no_ruleset_in_force", "--extends", rid,
                                f"a shipped ruleset in force on the effective date {day}") from None


def default_ruleset_id(path: Path) -> str:
    """``imported.<file stem>`` in lower-case ASCII (``imported.catalogue`` when the stem has none)."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return f"imported.{slug or 'catalogue'}"


def import_catalogue(list_path: str | Path, out_dir: str | Path, *, materials: str | Path | None = None,
                     mapping: str | Path | None = None, ruleset_id: str | None = None,
                     effective_from: _dt.date | None = None, extends: str | None = "cn.national") -> ImportResult:
    """Import the list at ``list_path`` (its materials in ``materials``, or a workbook's second sheet)
    into ``out_dir/<ruleset_id>.toml``. Raises ``InvalidInputError`` for a file that cannot be read or a
    bad mapping file, ``MissingDependencyError`` for an .xlsx without openpyxl; every row or column it
    cannot map is in the result's report instead (the rest is still written)."""
    list_path = Path(list_path)
    material_path = Path(materials) if materials is not None else None
    mapped = load_mapping(mapping)
    matter_table, material_table = read_list(list_path, material_path)
    day = effective_from or _dt.date.today()
    rid = ruleset_id or default_ruleset_id(list_path)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}", rid):
        raise InvalidInputError("invalid_value", "--ruleset-id", rid, "an id of ASCII letters, digits and . _ -")
    names = [list_path.name] + ([material_path.name] if material_path else [])
    options = Options(
        ruleset_id=rid, effective_from=day, version=day.isoformat(),
        title=f"Implementation list imported from {list_path.name}",
        title_zh=f"{list_path.stem}（实施清单导入）", basis=tuple(f"实施清单：{n}" for n in names), extends=extends,
    )
    parent = _shipped_parent(extends, day) if extends else None
    built = build(matter_table, material_table, mapped, options, parent)
    report = built.report
    if any(p.kind == "table" for p in report.problems):
        report.imported = {"matters": 0, "materials": 0}
        return ImportResult(report, None, None)
    doc = {k: x for k, x in built.layer.items() if x not in (None, [])}
    out = Path(out_dir) / f"{rid}.toml"
    out.parent.mkdir(parents=True, exist_ok=True)
    comment = (f"Generated by `govrules import-catalogue` from {' and '.join(names)}.\n"
               "Edit the list and import it again rather than this file; docs/catalogue.md.")
    out.write_text(ruleset_toml(doc, comment), encoding="utf-8")
    try:
        rulesets, warnings = lint_ruleset(out)
    except RulesetError as exc:
        raise CatalogueWriteError(str(out), exc) from exc
    report.written = [str(out)]
    report.ruleset = f"{rid} {options.version}"
    report.warnings = sorted({str(w) for w in warnings})
    return ImportResult(report, out, rulesets[0])


__all__ = [
    "CatalogueWriteError", "CellError", "ImportResult", "MATERIAL_COLUMNS", "MATTER_COLUMNS", "Mapping", "NOT_HELD",
    "Note", "Problem", "Report", "authority_id", "default_ruleset_id", "export_catalogue", "import_catalogue",
    "load_mapping", "material_id", "parse_period", "read_rows",
]
