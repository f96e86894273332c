"""Plan a project's approvals over the working-day calendar: when each matter can start and is due,
the critical path, and the total compared with a seed profile (spec §8, §9, §10.12).

Scheduling model, stated once:
- a matter is filed the day its last prerequisite inside the plan is issued (or at the project start)
  and is due its limit in working days later, over the project's excluded periods (spec §10.2, §10.6);
- prerequisites are the *effective* ones of the ruleset (removals applied, parallel stages ignored,
  spec §8), so the same project under two rulesets shows what the reform structure changes;
- with a ``land_obtained_on`` date, the land prerequisite holds only from then, and a matter whose
  ``land_dependency`` names a land document is filed only then (removing the prerequisite does not
  create the document); under simulated approval an eligible matter does not wait, but its result
  takes effect only with the land (spec §9); a matter that needs a simulated result proceeds on it
  from its due date, in simulation too, its result also effective with the land (spec §13a Q4).
Because ``add_working_days`` composes (adding a then b equals adding a + b from a working day), the
total without a land date equals the longest path of durations: the critical path.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from pydantic import ValidationError

from ..calendar import Calendar, china_calendar
from ..errors import InvalidInputError, input_error
from ..models.period import Period
from ..models.prerequisites import effective_prerequisites
from ..models.ruleset import Ruleset
from .models import PlannedMatter, ProfileComparison, ProjectPlan, ProjectRequest

LAND = "land"


def plan_project(project: ProjectRequest | Mapping[str, Any], *, ruleset: Any, calendar: Calendar | None = None) -> ProjectPlan:
    """The approval plan of ``project`` under ``ruleset`` (a Ruleset, or a library: the version in
    force on the project start of the one leaf holding the first matter)."""
    req = project_request(project)
    rs = _ruleset(ruleset, req)
    cal = calendar if calendar is not None else china_calendar()
    return _Planner(req, rs, cal).plan()


def project_request(project: Any) -> ProjectRequest:
    """``project`` (a ProjectRequest, or a mapping such as parsed JSON) validated; InvalidInputError names the field."""
    if isinstance(project, ProjectRequest):
        return project
    if not isinstance(project, Mapping):
        raise InvalidInputError("invalid_value", "project", type(project).__name__, "a ProjectRequest or a mapping")
    try:
        return ProjectRequest.model_validate(project)
    except ValidationError as exc:
        raise input_error(exc, root="project") from None


def _ruleset(ruleset: Any, req: ProjectRequest) -> Ruleset:
    from ..loading import RulesetLibrary

    if isinstance(ruleset, RulesetLibrary):
        return ruleset.select(req.matters[0], req.start)[0]
    if not isinstance(ruleset, Ruleset):
        raise InvalidInputError("invalid_value", "ruleset", type(ruleset).__name__, "a Ruleset or a RulesetLibrary")
    return ruleset


class _Planner:
    def __init__(self, req: ProjectRequest, rs: Ruleset, cal: Calendar) -> None:
        self.req, self.rs, self.cal = req, rs, cal
        self.excluded = tuple((p.from_, p.to) for p in req.excluded)
        codes = list(dict.fromkeys(req.matters))
        for i, code in enumerate(codes):
            m = rs.matters_by_code.get(code)
            if m is None:
                raise InvalidInputError("unknown_matter", f"project.matters[{i}]", code, f"a matter code of {rs.id}")
            limit = self._limit(m)
            if limit is None:
                raise InvalidInputError("matter_without_limit", f"project.matters[{i}]", code,
                                        f"a matter with a {req.limit} limit (stubs have none)")
        self.codes = codes
        if req.profile is not None and req.profile not in rs.project_total_profiles:
            raise InvalidInputError("unknown_profile", "project.profile", req.profile,
                                    f"one of {sorted(rs.project_total_profiles)}")

    def _limit(self, m) -> Period | None:
        p = m.promised_limit if self.req.limit == "promised" else m.statutory_limit
        return p if p is not None and p.is_days else None

    def _simulates(self, m) -> bool:
        sim = self.rs.policy.simulated_approval
        return (self.req.simulated_approval and m.simulated_approval_allowed and m.land_dependency is not None
                and self.req.category in sim.eligible_categories and self.req.land_obtained_on is not None)

    def _order(self, preds: dict[str, list[str]]) -> list[str]:
        """Topological order, stable in the request's order (effective prerequisites are acyclic: §8.2)."""
        done: set[str] = set()
        order: list[str] = []
        stack: list[tuple[str, int]] = [(c, 0) for c in reversed(self.codes)]
        while stack:
            code, state = stack.pop()
            if code in done:
                continue
            if state == 0:
                stack.append((code, 1))
                stack.extend((p, 0) for p in reversed(preds[code]) if p not in done)
            else:
                done.add(code)
                order.append(code)
        return order

    def plan(self) -> ProjectPlan:
        req, rs, cal = self.req, self.rs, self.cal
        preds: dict[str, list[str]] = {}
        ignored: dict[str, list[str]] = {}
        self.why_ignored: dict[str, dict[str, str]] = {}
        for code in self.codes:
            required, skipped = effective_prerequisites(rs, rs.matters_by_code[code])
            preds[code] = sorted(p for p in required if p in self.codes)
            why = dict(skipped) | {p: "outside the plan" for p in required if p not in self.codes}
            ignored[code] = sorted(why)
            self.why_ignored[code] = why
        land_holder = {m.land_dependency.prerequisite for c in self.codes
                       if (m := rs.matters_by_code[c]).land_dependency is not None}
        land_on = req.land_obtained_on
        due: dict[str, _dt.date] = {}
        effective: dict[str, _dt.date] = {}
        rows: dict[str, dict[str, Any]] = {}
        in_simulation: set[str] = set()
        for code in self._order(preds):
            m = rs.matters_by_code[code]
            eligible = self._simulates(m)
            wait = [p for p in preds[code] if not (eligible and p == m.land_dependency.prerequisite)]
            ready, waits_for = req.start, "project_start"
            follows_simulated = False
            for p in wait:
                # spec §13a Q4: a simulated result is proceeded on from its own due date (拿地即开工), and
                # the matter that uses it is handled in simulation too; anything else from its effect
                start = due[p] if p in in_simulation else effective[p]
                follows_simulated = follows_simulated or p in in_simulation
                if start > ready:
                    ready, waits_for = start, p
            if land_on is not None and m.land_dependency is not None and not eligible and land_on > ready:
                ready, waits_for = land_on, LAND  # its land document exists only then, removed prerequisite or not
            simulated = eligible or follows_simulated
            if simulated:
                in_simulation.add(code)
            limit = self._limit(m)
            finish = self._add(ready, limit)
            eff = finish  # a land holder, or a simulated result, takes effect only with the land (§9)
            if land_on is not None and (code in land_holder or simulated) and land_on > eff:
                eff = land_on
            due[code], effective[code] = finish, eff
            rows[code] = dict(code=code, name_zh=m.name_zh, duration_working_days=limit.days if limit.unit.value == "working_days"
                              else cal.working_days_between(ready, finish), ready_on=ready, due=finish, effective_on=eff,
                              waits_for=waits_for, prerequisites=tuple(preds[code]),
                              ignored_prerequisites=tuple(ignored[code]), simulated=simulated)
        last = max(self.codes, key=lambda c: (effective[c], self.codes.index(c)))
        finish = effective[last]
        path = self._critical_path(rows, last)
        excluded_wd = cal.excluded_working_days(req.start, finish, self.excluded) if self.excluded else 0
        total = cal.working_days_between(req.start, finish) - excluded_wd
        matters = tuple(PlannedMatter(**rows[c], critical=c in path, explanation=self._explain(rows[c], c in path))
                        for c in self.codes)
        return ProjectPlan(
            project_id=req.id, ruleset_id=rs.id, ruleset_version=rs.version, ruleset_hash=rs.content_hash,
            calendar_version=cal.version, start=req.start, finish=finish, total_working_days=total,
            excluded_working_days=excluded_wd, matters=matters, critical_path=path, excluded=req.excluded,
            land_obtained_on=land_on, profile=self._profile(finish))

    def _add(self, start: _dt.date, limit: Period) -> _dt.date:
        if limit.unit.value == "working_days":
            return self.cal.add_working_days(start, limit.days, excluded=self.excluded)
        return self.cal.add_calendar_days(start, limit.days, rollover=self.rs.policy.calendar_day_rollover.value)

    @staticmethod
    def _critical_path(rows: dict[str, dict[str, Any]], last: str) -> tuple[str, ...]:
        path = [last]
        while True:
            row = rows[path[-1]]
            if row["effective_on"] > row["due"]:  # the land date, not the approval, set its effect
                path.append(LAND)
                break
            if row["waits_for"] == LAND:
                path.append(LAND)
                break
            if row["waits_for"] == "project_start":
                break
            path.append(row["waits_for"])
        return tuple(reversed(path))

    def _explain(self, row: dict[str, Any], critical: bool) -> str:
        why = row["waits_for"]
        if why == "project_start":
            start = f"filed at the project start {row['ready_on']}"
        elif why == LAND:
            start = f"filed when the land is obtained on {row['ready_on']} (its land document)"
        else:
            start = f"filed when {why} is issued on {row['ready_on']}"
        parts = [start, f"{row['duration_working_days']} WD ({self.req.limit} limit) ⇒ due {row['due']}"]
        if row["simulated"]:
            parts.append(f"simulated approval: does not wait for the land; effective {row['effective_on']}")
        elif row["effective_on"] > row["due"]:
            parts.append(f"held only when the land is obtained on {row['effective_on']}")
        why = self.why_ignored[row["code"]]
        if why:
            parts.append("not waiting for " + ", ".join(f"{c} ({why[c]})" for c in row["ignored_prerequisites"]))
        if critical:
            parts.append("on the critical path")
        return "; ".join(parts)

    def _profile(self, finish: _dt.date) -> ProfileComparison | None:
        name = self.req.profile
        if name is None:
            return None
        prof = self.rs.project_total_profiles[name]
        kinds = set(prof.exclusions)
        spans = tuple((p.from_, p.to) for p in self.req.excluded if p.kind in kinds)
        due = self.cal.add_working_days(self.req.start, prof.days, excluded=spans)
        if finish <= due:
            margin = self.cal.working_days_between(finish, due) - (
                self.cal.excluded_working_days(finish, due, spans) if spans else 0)
        else:
            margin = -(self.cal.working_days_between(due, finish) - (
                self.cal.excluded_working_days(due, finish, spans) if spans else 0))
        return ProfileComparison(profile=name, days=prof.days, basis=prof.basis, due=due, within=finish <= due,
                                 margin_working_days=margin)
