"""Write the sample implementation list (examples/catalogue/matters.csv and materials.csv) as one .xlsx
workbook, the way a locality keeps it: a sheet 事项 under a merged title row, and a sheet 材料.

The CSV files are the source (reviewed in git); the workbook is generated, not committed:
``python tools/make_sample_catalogue.py [OUT.xlsx]`` (default: sample_catalogue.xlsx in the current
directory). The tests build it the same way (tests/catalogue) to check that an .xlsx and its CSV give
the same ruleset. Needs openpyxl (the ``catalogue`` extra).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "catalogue"
TITLE = "示例市政务服务事项实施清单（示例数据）"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def make_workbook(matters: Path, materials: Path, out: Path, *, title: str | None = TITLE) -> Path:
    """The two tables as sheets 事项 and 材料 of ``out``; ``title`` as a merged banner row above the
    matters header (the importer passes over it). Numbers stay text, as a list keeps codes."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "事项"
    rows = read_csv(matters)
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(row)
    second = book.create_sheet("材料")
    for row in read_csv(materials):
        second.append(row)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("sample_catalogue.xlsx")
    make_workbook(SAMPLE / "matters.csv", SAMPLE / "materials.csv", out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
