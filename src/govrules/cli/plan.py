"""``govrules plan``: a project's approval plan — start and due date of each matter, the critical path
and the total — as a table, JSON, an SVG timeline or a PNG (the ``plot`` extra)."""

from __future__ import annotations

import argparse
from typing import Any

from ..display.gantt import gantt_png, gantt_svg
from ..errors import InvalidInputError
from ..loading import RulesetLibrary
from ..projects import plan_project
from ..projects.plan import project_request
from .shared import EXIT_OK, calendar_arg, date_arg, read_json, ruleset_arg


def arguments(sub: Any) -> None:
    pl = sub.add_parser("plan", help="a project's approval plan: start and due date of each matter, critical path, total")
    pl.add_argument("project", help="project JSON file ('-' for standard input)")
    pl.add_argument("--ruleset", required=True, help="ruleset file or directory ('shipped' for the bundled ones)")
    pl.add_argument("--ruleset-version-on", help="with a library: the version in force on this date (default: project start)")
    pl.add_argument("--format", choices=("table", "json", "svg", "png"), default="table")
    pl.add_argument("--output", help="file to write (required for --format png)")
    pl.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    req = project_request(read_json(args.project, "project"))
    rs = ruleset_arg(args.ruleset)
    if isinstance(rs, RulesetLibrary):
        on = date_arg(args.ruleset_version_on, "--ruleset-version-on") if args.ruleset_version_on else req.start
        rs = rs.select(req.matters[0], on)[0]
    cal = calendar_arg([], False)
    plan = plan_project(req, ruleset=rs, calendar=cal)
    if args.format == "json":
        print(plan.model_dump_json(indent=2, by_alias=True))
    elif args.format == "svg":
        print(gantt_svg(plan, cal))
    elif args.format == "png":
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
