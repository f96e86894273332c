"""A project's approval plan: what is asked (ProjectRequest) and what is computed (ProjectPlan)."""

from __future__ import annotations

import datetime as _dt
from typing import Literal

from pydantic import Field

from ..models.application import Interval
from ..models.base import Bool, Date, Frozen, Id, NonNegInt, Str


class ExcludedPeriod(Interval):
    """Time that is not government time (spec §10.12): the enterprise preparing papers, expert review,
    public notice, payment (or any Art. 45 procedure). Both bounds inclusive; every matter clock pauses."""

    kind: Id


class ProjectRequest(Frozen):
    """The project to plan: which matters, from when, and what the enterprise does outside them."""

    id: Id
    matters: tuple[Id, ...] = Field(min_length=1)
    """Matter codes of the ruleset to plan; prerequisites outside this list are taken as already held."""
    start: Date
    """Project start (spec §10.12 project_start): the day the first applications can be filed."""
    excluded: tuple[ExcludedPeriod, ...] = ()
    land_obtained_on: Date | None = None
    """When the land-use right is obtained (land transfer); the land prerequisite is not held before."""
    simulated_approval: Bool = False
    """The enterprise asks for 模拟审批: eligible matters proceed before the land is held (spec §9)."""
    category: Literal["industrial", "service", "real_estate", "social_undertaking", "livelihood",
                      "government_investment"] = "industrial"
    limit: Literal["promised", "statutory"] = "promised"
    """Which limit stands for a matter's duration: the published promise (default) or the legal maximum."""
    profile: Id | None = None
    """A project_total_profiles id of the ruleset to compare the total with (e.g. seed000_provincial_45)."""


class PlannedMatter(Frozen):
    code: Str
    name_zh: Str
    duration_working_days: NonNegInt
    ready_on: _dt.date
    """The day its last prerequisite is issued (or the project start): the application is filed then."""
    due: _dt.date
    effective_on: _dt.date
    """When its result takes effect: the due date, or the land date for a simulated result (§9)."""
    waits_for: Str
    """What set ready_on: ``project_start`` or the prerequisite's code."""
    prerequisites: tuple[Str, ...]
    """Prerequisites inside the plan after removals and parallel stages."""
    ignored_prerequisites: tuple[Str, ...]
    """Prerequisites the ruleset no longer requires (removed, parallel) or that lie outside the plan."""
    simulated: Bool = False
    critical: Bool = False
    explanation: Str


class ProfileComparison(Frozen):
    profile: Str
    days: NonNegInt
    basis: Str
    due: _dt.date
    """Project start + the profile's working days, over the excluded periods the profile excludes."""
    within: Bool
    margin_working_days: int
    """Working days between the plan's finish and the profile's due date (negative: late)."""


class ProjectPlan(Frozen):
    project_id: Str
    ruleset_id: Str
    ruleset_version: Str
    ruleset_hash: Str
    calendar_version: Str
    start: _dt.date
    finish: _dt.date
    """When the last result takes effect: ground-breaking (开工) is possible."""
    total_working_days: NonNegInt
    """Working days in (start, finish] that are not excluded: the project's government time."""
    excluded_working_days: NonNegInt
    matters: tuple[PlannedMatter, ...]
    critical_path: tuple[Str, ...]
    """From the first matter to the one that finishes last; ``land`` when the land date binds."""
    excluded: tuple[ExcludedPeriod, ...] = ()
    land_obtained_on: _dt.date | None = None
    profile: ProfileComparison | None = None

    def _repr_html_(self) -> str:
        from ..display.gantt import plan_html

        return plan_html(self)

    def _repr_svg_(self) -> str:
        from ..display.gantt import gantt_svg

        return gantt_svg(self)
