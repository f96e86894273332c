"""``govrules notice``: the applicant-facing document(s) in Chinese for a decision."""

from __future__ import annotations

import argparse
import dataclasses
import json
from typing import Any

from ..errors import InvalidInputError
from ..notices import notice, notices_for
from .shared import EXIT_OK, application_arguments, decide_args, read_json


def arguments(sub: Any) -> None:
    n = sub.add_parser("notice", help="the applicant-facing document(s) in Chinese for a decision")
    application_arguments(n)
    n.add_argument("--kind", choices=("acceptance", "correction", "non_acceptance", "tolerance"),
                   help="one document (default: every document the decision calls for)")
    n.add_argument("--format", choices=("text", "html", "json"), default="text")
    n.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    application = read_json(args.application)
    decision, rs = decide_args(args, application)
    docs = ([notice(decision, ruleset=rs, application=application, kind=args.kind)] if args.kind
            else notices_for(decision, ruleset=rs, application=application))
    if not docs:
        raise InvalidInputError("no_notice_for_outcome", "decision.outcome", decision.outcome.value,
                                "an outcome the window answers with a document (decide again after the notice period)")
    if args.format == "json":
        print(json.dumps([dataclasses.asdict(d) | {"text": d.text} for d in docs], ensure_ascii=False,
                         indent=2, default=str))
    elif args.format == "html":
        print("<!doctype html><meta charset='utf-8'>" + "<hr>".join(d.html for d in docs))
    else:
        print("\n\n".join(d.text for d in docs))
    return EXIT_OK
