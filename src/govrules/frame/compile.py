"""A matter's plan as arrays: what the columnar engine needs, derived once from the same ``MatterPlan``
``decide()`` uses (``engine.plan.plan_for``) and kept next to it on the Ruleset object
(``rs.compiled_plans[("frame", code)]``): never across rulesets, never holding a decision's results.

Materials are positions ``0..K-1`` in the matter's catalogue order; the prerequisites that can be
asked of an application of the matter (the plan's effective ones plus every restricted-industry extra
of the ruleset) are positions ``0..P-1``. The lists the Decision reports are sorted (``Assessment``
sorts them with Python's string order), so each output universe is kept in that order with the
positions that feed it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.plan import MatterPlan, plan_for
from ..models.matter import Necessity
from ..models.period import Period
from ..models.ruleset import Ruleset


@dataclass(frozen=True, slots=True, eq=False)
class MatterArrays:
    plan: MatterPlan
    code: str
    material_ids: tuple[str, ...]  # catalogue order: position → id
    position: dict[str, int]  # id → position
    required: np.ndarray  # (K,) bool: main or secondary (plan.required_ids)
    main: np.ndarray  # (K,) bool
    technical: np.ndarray  # (K,) bool
    tolerable_secondary: np.ndarray  # (K,) bool: secondary and tolerable (spec §6 condition 5)
    tolerable: np.ndarray  # (K,) bool: Material.tolerable (partial tolerance, A8)
    substitutable: np.ndarray  # (K,) bool: commitment_substitutable (spec §7)
    prereq_codes: tuple[str, ...]  # position → code
    prereq_position: dict[str, int]
    base_prereqs: np.ndarray  # (P,) bool: the plan's effective prerequisites
    restricted_extra: dict[str, int]  # restricted industry code → the position of its extra prerequisite
    prohibited: frozenset[str]
    land_material: int  # position of land_dependency.material, or -1
    land_prereq: int  # position of land_dependency.prerequisite among the P, or -1
    # the lists in Python's sorted order: materials (K) and the notice's items (K + P)
    material_order: np.ndarray  # sorted rank → material position
    sorted_material_ids: tuple[str, ...]
    item_order: np.ndarray  # sorted rank → item position (materials 0..K-1, prerequisites K..K+P-1)
    sorted_items: tuple[str, ...]
    day_periods: bool  # every limit a columnar row may need is a day period (else months per date)


def compiled(rs: Ruleset, code: str) -> MatterArrays:
    """The arrays of matter ``code`` of ``rs`` (which must hold it, not as a stub)."""
    key = ("frame", code)
    cache = rs.compiled_plans
    arrays = cache.get(key)
    if arrays is None:
        arrays = _compile(rs, plan_for(rs, rs.matters_by_code[code]))
        cache[key] = arrays  # idempotent, as plan_for: two threads may both compile equal arrays
    return arrays


def _flags(plan: MatterPlan, test) -> np.ndarray:
    return np.fromiter((bool(test(x)) for x in plan.matter.materials), bool, len(plan.matter.materials))


def _compile(rs: Ruleset, plan: MatterPlan) -> MatterArrays:
    m = plan.matter
    ids = tuple(x.id for x in m.materials)
    position = {mid: i for i, mid in enumerate(ids)}
    # prerequisites: the plan's effective ones first, then every extra a restricted industry may add
    # (rules/prerequisites.py restricted_extras: only codes on the restricted list with a requirement)
    codes = list(plan.prerequisites)
    extra: dict[str, int] = {}
    for industry in rs.negative_list.restricted:
        req = rs.restricted_requires.get(industry)
        if req is None:
            continue
        if req not in codes:
            codes.append(req)
        extra[industry] = codes.index(req)
    prereq_position = {c: i for i, c in enumerate(codes)}
    base = np.zeros(len(codes), bool)
    base[: len(plan.prerequisites)] = True
    land = m.land_dependency
    items = list(ids) + [f"prerequisite:{c}" for c in codes]
    item_order = np.array(sorted(range(len(items)), key=items.__getitem__), dtype=np.int64)
    material_order = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
    policy = rs.policy
    periods: list[Period | None] = [m.statutory_limit, m.promised_limit, plan.correction_period,
                                    plan.certificate_limit, policy.acceptance_notice_limit,
                                    policy.non_acceptance_decision_limit, policy.tolerance.supplement_limit,
                                    policy.simulated_approval.validity]
    return MatterArrays(
        plan=plan, code=m.code, material_ids=ids, position=position,
        required=_flags(plan, lambda x: x.id in plan.required_ids),
        main=_flags(plan, lambda x: x.necessity is Necessity.main),
        technical=_flags(plan, lambda x: x.technical_essential),
        tolerable_secondary=_flags(plan, lambda x: x.necessity is Necessity.secondary and x.tolerable),
        tolerable=_flags(plan, lambda x: x.tolerable),
        substitutable=_flags(plan, lambda x: x.commitment_substitutable),
        prereq_codes=tuple(codes), prereq_position=prereq_position, base_prereqs=base, restricted_extra=extra,
        prohibited=frozenset(rs.negative_list.prohibited),
        land_material=position.get(land.material, -1) if land is not None else -1,
        land_prereq=prereq_position.get(land.prerequisite, -1) if land is not None else -1,
        material_order=material_order, sorted_material_ids=tuple(ids[i] for i in material_order),
        item_order=item_order, sorted_items=tuple(items[i] for i in item_order),
        day_periods=all(p is None or p.days is not None for p in periods),
    )
