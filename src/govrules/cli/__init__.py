"""The ``govrules`` command line: decide, explain, lint, schema, calendar, demo.

Exit codes scripts can rely on: 0 success; 1 a ruleset has errors (lint); 2 bad input or usage (an
application, an argument, a calendar overlay file); 3 a date outside the calendar's data; 4 a recorded
decision does not replay identically. Errors print one line naming what to fix — never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from pathlib import Path
from types import MappingProxyType
from typing import Any, Sequence

EXIT_OK, EXIT_RULESET, EXIT_INPUT, EXIT_CALENDAR, EXIT_REPLAY = 0, 1, 2, 3, 4


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govrules", description="Decide Chinese administrative-approval "
                                "applications and compute their deadlines.")
    sub = p.add_subparsers(dest="command", required=True)

    def with_app(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("application", help="application JSON file ('-' for standard input)")
        sp.add_argument("--ruleset", required=True, help="ruleset file or directory ('shipped' for the bundled ones)")
        sp.add_argument("--as-of", help="decide as of this date (YYYY-MM-DD)")
        sp.add_argument("--calendar-overlay", action="append", default=[], help="calendar overlay file")
        sp.add_argument("--provisional", action="store_true", help="allow the provisional calendar projection")

    d = sub.add_parser("decide", help="decide an application")
    with_app(d)
    d.add_argument("--format", choices=("table", "json", "html"), default="table")
    e = sub.add_parser("explain", help="a decision's findings with their legal basis")
    with_app(e)
    e.add_argument("--format", choices=("table", "json"), default="table")
    n = sub.add_parser("notice", help="the applicant-facing document(s) in Chinese for a decision")
    with_app(n)
    n.add_argument("--kind", choices=("acceptance", "correction", "non_acceptance", "tolerance"),
                   help="one document (default: every document the decision calls for)")
    n.add_argument("--format", choices=("text", "html", "json"), default="text")
    rp = sub.add_parser("replay", help="decide a recorded decision again from its trace; exit 4 if it differs")
    rp.add_argument("recorded", help="the recorded decision's JSON file")
    with_app(rp)
    rp.add_argument("--format", choices=("table", "json"), default="table")
    pl = sub.add_parser("plan", help="a project's approval plan: start and due date of each matter, critical path, total")
    pl.add_argument("project", help="project JSON file ('-' for standard input)")
    pl.add_argument("--ruleset", required=True, help="ruleset file or directory ('shipped' for the bundled ones)")
    pl.add_argument("--ruleset-version-on", help="with a library: the version in force on this date (default: project start)")
    pl.add_argument("--format", choices=("table", "json", "svg", "png"), default="table")
    pl.add_argument("--output", help="file to write (required for --format png)")
    lint = sub.add_parser("lint", help="validate a ruleset file or a directory of them (exit 1 on errors)")
    lint.add_argument("path")
    lint.add_argument("--format", choices=("table", "json"), default="table")
    sub.add_parser("schema", help="print the JSON Schema of ruleset files")
    demo = sub.add_parser("demo", help="decide the shipped example applications")
    demo.add_argument("--format", choices=("table", "json"), default="table")
    cal = sub.add_parser("calendar", help="working-day arithmetic over China's official calendar")
    cal.add_argument("--overlay", action="append", default=[])
    cal.add_argument("--provisional", action="store_true")
    cal.add_argument("--format", choices=("table", "json"), default="table")
    csub = cal.add_subparsers(dest="op", required=True)
    a = csub.add_parser("add", help="START + N working days (or --calendar-days)")
    a.add_argument("start")
    a.add_argument("n", type=int)
    a.add_argument("--calendar-days", action="store_true")
    a.add_argument("--exclude", action="append", default=[], help="FROM..TO, inclusive; repeatable")
    b = csub.add_parser("between", help="working days in (START, END]")
    b.add_argument("start")
    b.add_argument("end")
    w = csub.add_parser("is-working-day")
    w.add_argument("date")
    mo = csub.add_parser("month", help="a month view with rest days and make-up working days")
    mo.add_argument("month", help="YYYY-MM")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    from ..errors import CalendarDataError, CalendarUnavailableError, GovRulesError, InvalidInputError, ReplayError

    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except ReplayError as exc:
        print(f"govrules: not reproduced: {exc}", file=sys.stderr)
        return EXIT_REPLAY
    except CalendarUnavailableError as exc:
        print(f"govrules: error: {exc}", file=sys.stderr)
        return EXIT_CALENDAR
    except (InvalidInputError, CalendarDataError) as exc:  # a bad application, argument or overlay file
        print(f"govrules: error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except GovRulesError as exc:
        print(f"govrules: error: {exc}", file=sys.stderr)
        return EXIT_RULESET if getattr(exc, "file", None) is not None or exc.__class__.__name__ == "RulesetError" else EXIT_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. `govrules demo | head`
        return EXIT_OK


def _date_arg(text: str, name: str) -> _dt.date:
    from ..errors import InvalidInputError
    from ..models.base import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError as exc:
        raise InvalidInputError("invalid_value", name, text, str(exc)) from None


def _read_json(path: str, what: str = "application") -> Any:
    from ..errors import InvalidInputError

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError("unreadable_file", what, path, f"a readable JSON file ({exc})") from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, and an int literal over 4300 digits
        raise InvalidInputError("invalid_json", what, path, f"valid JSON ({exc})") from None


def _ruleset(path: str):
    from .. import SHIPPED_RULESETS, load_ruleset

    return load_ruleset(SHIPPED_RULESETS if path == "shipped" else path)


def _calendar(overlays: list[str], provisional: bool):
    from ..calendar import china_calendar

    return china_calendar(overlays=overlays, provisional=provisional)


def _decide_args(args: argparse.Namespace, application: Any = None):
    from ..engine import decide

    rs = _ruleset(args.ruleset)
    as_of = _date_arg(args.as_of, "--as-of") if args.as_of else None
    if application is None:
        application = _read_json(args.application)
    decision = decide(application, ruleset=rs, calendar=_calendar(args.calendar_overlay, args.provisional),
                      as_of=as_of)
    return decision, _resolved(rs, decision)


def _resolved(rs, decision):
    from ..loading import RulesetLibrary

    if isinstance(rs, RulesetLibrary):
        return rs.get(decision.trace.ruleset_id, decision.receipt_date)
    return rs


def _cmd_decide(args: argparse.Namespace, explain: bool = False) -> int:
    from ..display import render_text

    decision, rs = _decide_args(args)
    if args.format == "html":
        from ..display import decision_html

        print("<!doctype html><meta charset='utf-8'>" + decision_html(decision, rs))
    elif args.format == "json":
        if explain:
            print(json.dumps([f.model_dump(mode="json") for f in decision.findings], ensure_ascii=False, indent=2))
        else:
            print(decision.model_dump_json(indent=2))
    else:
        print(render_text(decision, rs, explain=explain))
    return EXIT_OK


def _cmd_replay(args: argparse.Namespace) -> int:
    from ..engine import replay

    if args.as_of:
        raise _usage("--as-of", args.as_of, "no --as-of: a replay uses the as-of date of the recorded trace")
    recorded = _read_json(args.recorded, "recorded")
    again = replay(recorded, _read_json(args.application), ruleset=_ruleset(args.ruleset),
                   calendar=_calendar(args.calendar_overlay, args.provisional))
    t = again.trace
    if args.format == "json":
        print(json.dumps({"reproduced": True, "ruleset_id": t.ruleset_id, "ruleset_version": t.ruleset_version,
                          "ruleset_hash": t.ruleset_hash, "calendar_version": t.calendar_version,
                          "as_of": t.as_of.isoformat()}, ensure_ascii=False))
    else:
        print(f"reproduced: {t.ruleset_id} {t.ruleset_version} ({t.ruleset_hash}), calendar {t.calendar_version}, "
              f"as of {t.as_of}: the same decision ({again.outcome.value})")
    return EXIT_OK


def _usage(field: str, value: Any, expected: str):
    from ..errors import InvalidInputError

    return InvalidInputError("invalid_value", field, value, expected)


def _cmd_notice(args: argparse.Namespace) -> int:
    import dataclasses

    from ..notices import notice, notices_for

    application = _read_json(args.application)
    decision, rs = _decide_args(args, application)
    docs = ([notice(decision, ruleset=rs, application=application, kind=args.kind)] if args.kind
            else notices_for(decision, ruleset=rs, application=application))
    if not docs:
        from ..errors import InvalidInputError

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


def _cmd_plan(args: argparse.Namespace) -> int:
    from ..display.gantt import gantt_svg
    from ..loading import RulesetLibrary
    from ..projects import plan_project
    from ..projects.plan import project_request

    req = project_request(_read_json(args.project, "project"))
    rs = _ruleset(args.ruleset)
    if isinstance(rs, RulesetLibrary):
        on = _date_arg(args.ruleset_version_on, "--ruleset-version-on") if args.ruleset_version_on else req.start
        rs = rs.select(req.matters[0], on)[0]
    cal = _calendar([], False)
    plan = plan_project(req, ruleset=rs, calendar=cal)
    if args.format == "json":
        print(plan.model_dump_json(indent=2, by_alias=True))
    elif args.format == "svg":
        print(gantt_svg(plan, cal))
    elif args.format == "png":
        from ..display.gantt import gantt_png
        from ..errors import InvalidInputError

        if not args.output:
            raise InvalidInputError("invalid_value", "--output", None, "a PNG file path for --format png")
        gantt_png(plan, args.output, cal)
    else:
        print(f"project {plan.project_id}: {plan.ruleset_id} {plan.ruleset_version}  start {plan.start}  "
              f"finish {plan.finish}  total {plan.total_working_days} WD ({plan.excluded_working_days} excluded)")
        print("critical path: " + " → ".join(plan.critical_path))
        if plan.profile:
            p = plan.profile
            print(f"profile {p.profile} ({p.days} WD): due {p.due}  "
                  f"{'within' if p.within else 'BEYOND'} by {abs(p.margin_working_days)} WD")
        width = max(len(m.code) for m in plan.matters)
        for m in plan.matters:
            mark = "*" if m.critical else " "
            print(f" {mark} {m.code.ljust(width)}  {m.ready_on} → {m.due}  {m.explanation}")
    return EXIT_OK


def _cmd_lint(args: argparse.Namespace) -> int:
    from ..errors import RulesetError
    from ..loading import lint_ruleset

    try:
        rulesets, found = lint_ruleset(args.path)
    except RulesetError as exc:
        # every problem of every file (a library collects them all), each on its own line
        problems = getattr(exc, "problems", None) or [exc]
        texts = [p.__dict__.get("_text", str(p)) for p in problems]  # without the "(and N more …)" count
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


def _cmd_schema(args: argparse.Namespace) -> int:
    from ..loading.schema import ruleset_json_schema

    print(json.dumps(ruleset_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    """Decide every shipped worked example and check it against its documented answer."""
    from .. import SHIPPED_RULESETS, china_calendar, decide, load_ruleset
    from ..display import render_text
    from ..examples import catalogue, mismatches

    library = load_ruleset(SHIPPED_RULESETS)
    cal = china_calendar()
    runs = [(ex, decide(ex.application(), ruleset=library, calendar=cal, as_of=ex.as_of)) for ex in catalogue()]
    wrong = [m for ex, d in runs for m in mismatches(ex, d)]
    if args.format == "json":
        print(json.dumps({ex.file: d.model_dump(mode="json") for ex, d in runs}, ensure_ascii=False, indent=2))
    else:
        print(f"govrules demo: {len(runs)} shipped example application(s) decided against "
              f"{SHIPPED_RULESETS.name}/ (catalogue: examples/catalogue.toml)\n")
        for ex, d in runs:
            print(f"── {ex.file} — {ex.title_zh} " + "─" * max(0, 50 - len(ex.file) - 2 * len(ex.title_zh)))
            print(f"   {ex.shows}")
            print(render_text(d, library.get(d.trace.ruleset_id, d.receipt_date)))
            print("✓ decides as documented" if not mismatches(ex, d) else "✗ differs from its documentation")
            print()
    for m in wrong:
        print(f"govrules: error: {m}", file=sys.stderr)
    return EXIT_RULESET if wrong else EXIT_OK


def _cmd_calendar(args: argparse.Namespace) -> int:
    cal = _calendar(args.overlay, args.provisional)
    if args.op == "add":
        start = _date_arg(args.start, "start")
        excluded = []
        for spec in args.exclude:
            a, _, b = spec.partition("..")
            excluded.append((_date_arg(a, "--exclude"), _date_arg(b or a, "--exclude")))
        end = (cal.add_calendar_days(start, args.n) if args.calendar_days
               else cal.add_working_days(start, args.n, excluded=excluded))
        result: dict[str, Any] = {"start": str(start), "n": args.n, "result": str(end),
                                  "unit": "calendar_days" if args.calendar_days else "working_days",
                                  "provisional": cal.is_provisional(end)}
    elif args.op == "between":
        start, end = _date_arg(args.start, "start"), _date_arg(args.end, "end")
        if end < start:  # (START, END] is empty the other way round: say so rather than count backwards
            from ..errors import InvalidInputError

            raise InvalidInputError("invalid_value", "end", str(end), f"a date on or after start {start} "
                                    f"(working days in (START, END]; swap them: between {end} {start})")
        result = {"start": str(start), "end": str(end), "working_days": cal.working_days_between(start, end)}
    elif args.op == "is-working-day":
        day = _date_arg(args.date, "date")
        result = {"date": str(day), "working_day": cal.is_working_day(day), "kind": str(cal.day_kind(day))}
    else:
        return _month(cal, args)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
    else:
        print("  ".join(f"{k}={v}" for k, v in result.items()))
    return EXIT_OK


def _month(cal, args: argparse.Namespace) -> int:
    from ..errors import InvalidInputError

    try:
        year, month = (int(x) for x in args.month.split("-"))
        _dt.date(year, month, 1)
    except ValueError:
        raise InvalidInputError("invalid_value", "month", args.month, "YYYY-MM") from None
    days = cal.month(year, month)
    if args.format == "json":
        print(json.dumps([{"date": str(i.date), "kind": str(i.kind), "name": i.name,
                           "provisional": i.provisional} for i in days.infos], ensure_ascii=False))
        return EXIT_OK
    print(days.grid())
    return EXIT_OK


_COMMANDS = MappingProxyType({
    "decide": _cmd_decide,
    "explain": lambda a: _cmd_decide(a, explain=True),
    "notice": _cmd_notice,
    "plan": _cmd_plan,
    "replay": _cmd_replay,
    "lint": _cmd_lint,
    "schema": _cmd_schema,
    "demo": _cmd_demo,
    "calendar": _cmd_calendar,
})
