"""``govrules decide`` and ``govrules explain``: an application's decision, and its findings with their
legal basis; as a table, JSON, or (decide) HTML for a browser."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..display import decision_html, render_text
from .shared import EXIT_OK, application_arguments, decide_args


def arguments(sub: Any) -> None:
    d = sub.add_parser("decide", help="decide an application")
    application_arguments(d)
    d.add_argument("--format", choices=("table", "json", "html"), default="table")
    d.set_defaults(run=run_decide)
    e = sub.add_parser("explain", help="a decision's findings with their legal basis")
    application_arguments(e)
    e.add_argument("--format", choices=("table", "json"), default="table")
    e.set_defaults(run=run_explain)


def run_decide(args: argparse.Namespace, explain: bool = False) -> int:
    decision, rs = decide_args(args)
    if args.format == "html":
        print("<!doctype html><meta charset='utf-8'>" + decision_html(decision, rs))
    elif args.format == "json":
        if explain:
            print(json.dumps([f.model_dump(mode="json") for f in decision.findings], ensure_ascii=False, indent=2))
        else:
            print(decision.model_dump_json(indent=2))
    else:
        print(render_text(decision, rs, explain=explain))
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    return run_decide(args, explain=True)
