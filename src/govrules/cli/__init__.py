"""The ``govrules`` command line: decide, explain, notice, replay, plan, lint, schema, demo, calendar, serve,
guide, import-catalogue.

One module per command, each adding its arguments to the parser (``arguments``) and running it (``run``);
``shared.py`` holds what they share. Exit codes scripts can rely on: 0 success; 1 a ruleset has errors
(lint); 2 bad input or usage (an application, an argument, a calendar overlay file); 3 a date outside
the calendar's data; 4 a recorded decision does not replay identically. Errors print one line naming
what to fix (an input with several problems: one line each, then their count) — never a traceback.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import sys
from typing import Sequence

from ..errors import (
    CalendarDataError, CalendarUnavailableError, GovRulesError, InvalidInputError, ReplayError, RulesetError,
)
from . import calendar, decide, demo, guide, import_catalogue, lint, notice, plan, replay, schema, serve
from .shared import EXIT_CALENDAR, EXIT_INPUT, EXIT_OK, EXIT_REPLAY, EXIT_RULESET, print_error

#: The commands in the order ``govrules --help`` lists them.
COMMANDS = (decide, notice, replay, plan, lint, schema, demo, calendar, serve, guide, import_catalogue)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govrules", description="Decide Chinese administrative-approval "
                                "applications and compute their deadlines.")
    p.add_argument("--version", action="version", version=f"govrules {installed_version()}")
    sub = p.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.arguments(sub)
    return p


def installed_version() -> str:
    """The version of the installed distribution (its metadata), not a number written in the code."""
    try:
        return importlib.metadata.version("govrules")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "(not installed)"


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except ReplayError as exc:
        print(f"govrules: not reproduced: {exc}", file=sys.stderr)
        return EXIT_REPLAY
    except CalendarUnavailableError as exc:
        print(f"govrules: error: {exc}", file=sys.stderr)
        return EXIT_CALENDAR
    except (InvalidInputError, CalendarDataError) as exc:  # a bad application, argument or overlay file
        print_error(exc)  # every problem of the input, one line each
        return EXIT_INPUT
    except GovRulesError as exc:
        print(f"govrules: error: {exc}", file=sys.stderr)
        return EXIT_RULESET if getattr(exc, "file", None) is not None or isinstance(exc, RulesetError) else EXIT_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. `govrules demo | head`
        return EXIT_OK


__all__ = ["installed_version", "main", "parser"]
