"""``govrules guide``: the service guide (办事指南) of one matter, as a printable HTML page, Markdown or
text, read from the ruleset the engine decides with (``govrules.guide``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError
from ..guides import FORMATS, guide
from .shared import EXIT_OK, date_arg, ruleset_arg


def arguments(sub: Any) -> None:
    g = sub.add_parser("guide", help="the service guide (办事指南) of one matter: HTML, Markdown or text")
    g.add_argument("matter", help="the matter code (事项编码)")
    g.add_argument("--ruleset", required=True, help="ruleset file or directory ('shipped' for the bundled ones)")
    g.add_argument("--ruleset-id", help="with a library holding the matter in several rulesets: which one")
    g.add_argument("--on", help="the guide as of this date, YYYY-MM-DD (default: today): the ruleset version, the "
                                "matter and the sources in force that day")
    g.add_argument("--format", choices=FORMATS, default="html")
    g.add_argument("--out", help="file to write (UTF-8) instead of standard output")
    g.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    on = date_arg(args.on, "--on") if args.on else None
    text = guide(args.matter, ruleset_arg(args.ruleset), on=on, format=args.format, ruleset_id=args.ruleset_id)
    if args.out:
        try:
            Path(args.out).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InvalidInputError("unwritable_file", "--out", args.out, f"a file that can be written ({exc})") from None
    else:
        sys.stdout.write(text)
    return EXIT_OK
