"""What the commands share: the exit codes, and reading what a command line names — a JSON file, a
date, a ruleset (``shipped`` or a path), a calendar with its overlays, an application decided."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path
from typing import Any

from .._paths import shipped_rulesets
from ..calendar import Calendar, china_calendar
from ..engine import decide
from ..errors import InvalidInputError
from ..loading import RulesetLibrary, load_ruleset
from ..models.base import parse_iso_date

#: Exit codes scripts can rely on (docs/cli.md).
EXIT_OK, EXIT_RULESET, EXIT_INPUT, EXIT_CALENDAR, EXIT_REPLAY = 0, 1, 2, 3, 4


def application_arguments(sp: argparse.ArgumentParser) -> None:
    """The arguments of a command that decides an application (decide, explain, notice, replay)."""
    sp.add_argument("application", help="application JSON file ('-' for standard input)")
    sp.add_argument("--ruleset", required=True, help="ruleset file or directory ('shipped' for the bundled ones)")
    sp.add_argument("--as-of", help="decide as of this date (YYYY-MM-DD)")
    sp.add_argument("--calendar-overlay", action="append", default=[], help="calendar overlay file")
    sp.add_argument("--provisional", action="store_true", help="allow the provisional calendar projection")


def date_arg(text: str, name: str) -> _dt.date:
    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise InvalidInputError("invalid_value", name, text, str(exc)) from None


def read_json(path: str, what: str = "application") -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError("unreadable_file", what, path, f"a readable JSON file ({exc})") from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, and an int literal over 4300 digits
        raise InvalidInputError("invalid_json", what, path, f"valid JSON ({exc})") from None


def print_error(exc: Exception) -> None:
    """An error on standard error: one line, or for an input with several problems one line per problem
    (each ``govrules: error: [code] path: got …; expected …``) and then their count."""
    problems = getattr(exc, "problems", ()) if isinstance(exc, InvalidInputError) else ()
    if len(problems) <= 1:
        print(f"govrules: error: {exc}", file=sys.stderr)
        return
    for problem in problems:
        print(f"govrules: error: {problem.message}", file=sys.stderr)
    print(f"govrules: {len(problems)} problems", file=sys.stderr)


def usage(field: str, value: Any, expected: str) -> InvalidInputError:
    return InvalidInputError("invalid_value", field, value, expected)


def ruleset_arg(path: str) -> Any:
    """The ruleset or library ``--ruleset`` names (``shipped``: the bundled ones)."""
    return load_ruleset(shipped_rulesets() if path == "shipped" else path)


def calendar_arg(overlays: list[str], provisional: bool) -> Calendar:
    return china_calendar(overlays=overlays, provisional=provisional)


def decide_args(args: argparse.Namespace, application: Any = None) -> tuple[Any, Any]:
    """The decision of the application the command line names, and the ruleset that made it."""
    rs = ruleset_arg(args.ruleset)
    as_of = date_arg(args.as_of, "--as-of") if args.as_of else None
    if application is None:
        application = read_json(args.application)
    decision = decide(application, ruleset=rs, calendar=calendar_arg(args.calendar_overlay, args.provisional),
                      as_of=as_of)
    return decision, resolved(rs, decision)


def resolved(rs: Any, decision: Any) -> Any:
    """The one ruleset version a decision was made with (a library resolves it)."""
    if isinstance(rs, RulesetLibrary):
        return rs.get(decision.trace.ruleset_id, decision.receipt_date)
    return rs
