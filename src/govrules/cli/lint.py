"""``govrules lint``: validate a ruleset file or a directory of them — every problem of every file, each
warning once in the layer that wrote the value; exit 1 on errors."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..errors import RulesetError
from ..loading import lint_ruleset
from .shared import EXIT_OK, EXIT_RULESET


def arguments(sub: Any) -> None:
    lint = sub.add_parser("lint", help="validate a ruleset file or a directory of them (exit 1 on errors)")
    lint.add_argument("path")
    lint.add_argument("--format", choices=("table", "json"), default="table")
    lint.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        rulesets, found = lint_ruleset(args.path)
    except RulesetError as exc:
        # every problem of every file (a library collects them all), each on its own line
        problems = getattr(exc, "problems", None) or [exc]
        texts = [p.text for p in problems]  # without the "(and N more …)" count
        if args.format == "json":
            print(json.dumps({"ok": False, "errors": [{"code": p.code, "file": p.file, "path": p.path,
                                                       "message": t} for p, t in zip(problems, texts)]},
                             ensure_ascii=False))
        else:
            for t in texts:
                print(f"error: {t}")
            print(f"{len(problems)} error(s)")
        return EXIT_RULESET
    warnings = sorted({str(w) for w in found})  # each once, in the layer that wrote the value
    if args.format == "json":
        print(json.dumps({"ok": True, "rulesets": [f"{r.id} {r.version}" for r in rulesets], "warnings": warnings},
                         ensure_ascii=False))
    else:
        for w in warnings:
            print(f"warning: {w}")
        print(f"ok: {len(rulesets)} ruleset version(s), {len(warnings)} warning(s)")
    return EXIT_OK
