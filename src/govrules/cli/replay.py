"""``govrules replay``: decide a recorded decision again from its trace; exit 4 when it differs."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..engine import replay
from .shared import EXIT_OK, application_arguments, calendar_arg, read_json, ruleset_arg, usage


def arguments(sub: Any) -> None:
    rp = sub.add_parser("replay", help="decide a recorded decision again from its trace; exit 4 if it differs")
    rp.add_argument("recorded", help="the recorded decision's JSON file")
    application_arguments(rp)
    rp.add_argument("--format", choices=("table", "json"), default="table")
    rp.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.as_of:
        raise usage("--as-of", args.as_of, "no --as-of: a replay uses the as-of date of the recorded trace")
    recorded = read_json(args.recorded, "recorded")
    again = replay(recorded, read_json(args.application), ruleset=ruleset_arg(args.ruleset),
                   calendar=calendar_arg(args.calendar_overlay, args.provisional))
    t = again.trace
    if args.format == "json":
        print(json.dumps({"reproduced": True, "ruleset_id": t.ruleset_id, "ruleset_version": t.ruleset_version,
                          "ruleset_hash": t.ruleset_hash, "calendar_version": t.calendar_version,
                          "as_of": t.as_of.isoformat()}, ensure_ascii=False))
    else:
        print(f"reproduced: {t.ruleset_id} {t.ruleset_version} ({t.ruleset_hash}), calendar {t.calendar_version}, "
              f"as of {t.as_of}: the same decision ({again.outcome.value})")
    return EXIT_OK
