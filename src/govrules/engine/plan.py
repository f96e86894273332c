"""A matter's compiled plan: what ``decide()`` needs, derived once from the immutable Ruleset.

Kept on the Ruleset object (api.md allows "work derived from an immutable Ruleset"), never across
rulesets and never holding results of a decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..loading.checks import effective_prerequisites
from ..models.matter import Material, Matter, Necessity
from ..models.period import Period
from ..models.ruleset import Ruleset


@dataclass(frozen=True, slots=True)
class MatterPlan:
    matter: Matter
    required: tuple[Material, ...]  # main and secondary materials: the ones that can be gaps
    material_ids: frozenset[str]
    prerequisites: tuple[str, ...]  # effective, before restricted-industry extras
    ignored: tuple[tuple[str, str], ...]  # (code, "removed" | "parallel")
    correction_period: Period
    certificate_limit: Period
    clock_from_receipt: bool
    warnings: tuple[str, ...]  # load-time warning codes about this matter, echoed in each Decision


def plan_for(rs: Ruleset, matter: Matter) -> MatterPlan:
    cache = rs._compiled
    plan = cache.get(matter.code)
    if plan is None:
        plan = _compile(rs, matter)
        cache[matter.code] = plan  # idempotent: two threads may both compile; both plans are equal
    return plan


def _compile(rs: Ruleset, m: Matter) -> MatterPlan:
    required, ignored = effective_prerequisites(rs, m)
    policy = rs.policy
    clock = m.clock_start.value if m.clock_start is not None else policy.clock_start_default
    return MatterPlan(
        matter=m,
        required=tuple(x for x in m.materials if x.necessity is not Necessity.optional),
        material_ids=frozenset(x.id for x in m.materials),
        prerequisites=tuple(required),
        ignored=tuple(ignored),
        correction_period=m.correction_period or policy.correction_period,
        certificate_limit=m.certificate_issue_limit or policy.certificate_issue_limit,
        clock_from_receipt=clock == "receipt",
        warnings=_matter_warnings(rs, m),
    )


def _matter_warnings(rs: Ruleset, m: Matter) -> tuple[str, ...]:
    index = next(i for i, x in enumerate(rs.matters) if x.code == m.code)
    prefix = f"matters[{index}]."
    return tuple(w.code for w in rs.warnings if w.path.startswith(prefix))
