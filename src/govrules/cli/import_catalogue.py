"""``govrules import-catalogue``: a ruleset from an implementation list (实施清单) — the matters table
(CSV or .xlsx) and its materials — written to a directory and linted; every row or column not mapped
on standard error (and with ``--report FILE`` as JSON). Exit 0 when everything mapped, 2 when some rows
were reported (the rest is still written) or the input cannot be read."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..catalogue import import_catalogue
from ..errors import InvalidInputError
from .shared import EXIT_INPUT, EXIT_OK, date_arg


def arguments(sub: Any) -> None:
    p = sub.add_parser("import-catalogue", help="write a ruleset from an implementation list (实施清单, .csv or .xlsx)")
    p.add_argument("list", help="the matters table: LIST.csv, or LIST.xlsx (its materials in a second sheet)")
    p.add_argument("--out", required=True, help="directory to write the ruleset file into")
    p.add_argument("--materials", help="the materials table (.csv or .xlsx), one row per material")
    p.add_argument("--mapping", help="a mapping file (TOML): your headers → fields, defaults, day unit")
    p.add_argument("--ruleset-id", help="the ruleset's id (default: imported.<file name>)")
    p.add_argument("--effective-from", help="the first day in force, YYYY-MM-DD (default: today)")
    p.add_argument("--extends", default="cn.national",
                   help="the shipped ruleset it layers on (default cn.national; 'none' for a stand-alone ruleset)")
    p.add_argument("--report", help="also write the report as JSON to this file")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    day = date_arg(args.effective_from, "--effective-from") if args.effective_from else None
    result = import_catalogue(args.list, args.out, materials=args.materials, mapping=args.mapping,
                              ruleset_id=args.ruleset_id, effective_from=day,
                              extends=None if args.extends == "none" else args.extends)
    report = result.report
    if args.report:
        try:
            Path(args.report).write_text(report.dumps() + "\n", encoding="utf-8")
        except OSError as exc:
            raise InvalidInputError("unwritable_file", "--report", args.report, f"a writable path ({exc})") from None
    for line in report.note_lines():
        print(f"govrules: import-catalogue: {line}", file=sys.stderr)
    if not report.ok:
        for line in report.lines():
            print(f"govrules: import-catalogue: {line}", file=sys.stderr)
    for w in report.warnings:
        print(f"warning: {w}")
    if result.path is not None:
        print(f"{'ok' if report.ok else 'written'}: {result.path} ({report.imported['matters']} matter(s), "
              f"{report.imported['materials']} material(s); {len(report.warnings)} warning(s)"
              + (f"; {len(report.problems)} problem(s) reported" if not report.ok else "") + ")")
    return EXIT_OK if report.ok else EXIT_INPUT
