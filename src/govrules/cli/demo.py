"""``govrules demo``: decide every shipped worked example and check it against its documented answer
(``examples/catalogue.toml``); exit 1 when one differs. The one command that decides many applications
(each other command decides one), so the one with ``--progress``: a bar on stderr (the ``progress`` extra)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .._paths import shipped_rulesets
from ..calendar import china_calendar
from ..batch.progress import progress_bar
from ..display import render_text
from ..engine import decide
from ..examples import catalogue, mismatches
from ..loading import load_ruleset
from .shared import EXIT_OK, EXIT_RULESET, resolved


def arguments(sub: Any) -> None:
    demo = sub.add_parser("demo", help="decide the shipped example applications")
    demo.add_argument("--format", choices=("table", "json"), default="table")
    demo.add_argument("--progress", action="store_true",
                      help="show a progress bar on standard error (needs the progress extra, tqdm)")
    demo.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    open_bar = progress_bar(args.progress, desc="demo", unit="example")  # without tqdm: exit 2 before any work
    library = load_ruleset(shipped_rulesets())
    cal = china_calendar()
    examples = catalogue()
    bar = open_bar(len(examples))
    runs = []
    try:
        for ex in examples:
            runs.append((ex, decide(ex.application(), ruleset=library, calendar=cal, as_of=ex.as_of)))
            bar.update(1)
    finally:
        bar.close()
    wrong = [m for ex, d in runs for m in mismatches(ex, d)]
    if args.format == "json":
        print(json.dumps({ex.file: d.model_dump(mode="json") for ex, d in runs}, ensure_ascii=False, indent=2))
    else:
        print(f"govrules demo: {len(runs)} shipped example application(s) decided against "
              f"{shipped_rulesets().name}/ (catalogue: examples/catalogue.toml)\n")
        for ex, d in runs:
            print(f"── {ex.file} — {ex.title_zh} " + "─" * max(0, 50 - len(ex.file) - 2 * len(ex.title_zh)))
            print(f"   {ex.shows}")
            print(render_text(d, resolved(library, d)))
            print("✓ decides as documented" if not mismatches(ex, d) else "✗ differs from its documentation")
            print()
    for m in wrong:
        print(f"govrules: error: {m}", file=sys.stderr)
    return EXIT_RULESET if wrong else EXIT_OK
