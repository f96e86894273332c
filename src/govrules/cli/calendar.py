"""``govrules calendar``: working-day arithmetic over China's official calendar — ``add``, ``between``,
``is-working-day`` and a ``month`` view with its rest days and make-up working days."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from typing import Any

from ..calendar import Calendar
from ..errors import InvalidInputError
from .shared import EXIT_OK, calendar_arg, date_arg


def arguments(sub: Any) -> None:
    cal = sub.add_parser("calendar", help="working-day arithmetic over China's official calendar")
    cal.add_argument("--overlay", action="append", default=[])
    cal.add_argument("--provisional", action="store_true")
    cal.add_argument("--format", choices=("table", "json"), default="table")
    cal.set_defaults(run=run)
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


def run(args: argparse.Namespace) -> int:
    cal = calendar_arg(args.overlay, args.provisional)
    if args.op == "add":
        start = date_arg(args.start, "start")
        excluded = []
        for spec in args.exclude:
            a, _, b = spec.partition("..")
            excluded.append((date_arg(a, "--exclude"), date_arg(b or a, "--exclude")))
        end = (cal.add_calendar_days(start, args.n) if args.calendar_days
               else cal.add_working_days(start, args.n, excluded=excluded))
        result: dict[str, Any] = {"start": str(start), "n": args.n, "result": str(end),
                                  "unit": "calendar_days" if args.calendar_days else "working_days",
                                  "provisional": cal.is_provisional(end)}
    elif args.op == "between":
        start, end = date_arg(args.start, "start"), date_arg(args.end, "end")
        if end < start:  # (START, END] is empty the other way round: say so rather than count backwards
            raise InvalidInputError("invalid_value", "end", str(end), f"a date on or after start {start} "
                                    f"(working days in (START, END]; swap them: between {end} {start})")
        result = {"start": str(start), "end": str(end), "working_days": cal.working_days_between(start, end)}
    elif args.op == "is-working-day":
        day = date_arg(args.date, "date")
        result = {"date": str(day), "working_day": cal.is_working_day(day), "kind": str(cal.day_kind(day))}
    else:
        return _month(cal, args)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
    else:
        print("  ".join(f"{k}={v}" for k, v in result.items()))
    return EXIT_OK


def _month(cal: Calendar, args: argparse.Namespace) -> int:
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
