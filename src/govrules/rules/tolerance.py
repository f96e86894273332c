"""Tolerated gaps (容缺受理; spec §6): accept with minor secondary papers missing, supplement later.

The nine conditions are checked together and *every* failed one is reported (not the first).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable, Mapping

import msgspec

from ..models.application import Application
from ..models.matter import Material, Matter, Necessity
from ..models.policy import Policy
from .applicant import record_bars


#: the conditions of spec §6 a gap itself can fail, in the order they are reported
GAP_CONDITIONS = ("main_material_missing", "technical_essential_missing", "material_not_tolerable")


def gap_refusals(material: Material) -> frozenset[str]:
    """The conditions of spec §6 that this material, were it a gap, fails: a main material, a technical
    essential, or not a tolerable secondary one. It depends on the matter only (a plan compiles it)."""
    failed = set()
    if material.necessity is Necessity.main:
        failed.add("main_material_missing")
    if material.technical_essential:
        failed.add("technical_essential_missing")
    if not (material.necessity is Necessity.secondary and material.tolerable):
        failed.add("material_not_tolerable")
    return frozenset(failed)


def refusal_reasons(matter: Matter, policy: Policy, app: Application, gaps: Iterable[str],
                    missing_prerequisites: tuple[str, ...]) -> list[str]:
    """Every failed condition of spec §6 for these gaps (empty: tolerance applies)."""
    gaps = tuple(gaps)
    return refusals(matter.tolerance_allowed, policy.tolerance.deny_if_credit, app, gaps, missing_prerequisites,
                    {g: gap_refusals(matter.materials_by_id[g]) for g in gaps})


def refusals(allowed: bool, deny_if_credit: Iterable[str], app: Application, gaps: Iterable[str],
             missing_prerequisites: tuple[str, ...], by_material: Mapping[str, frozenset[str]]) -> list[str]:
    """``refusal_reasons`` from what a plan compiles once: whether the matter is on the tolerance list,
    the credits the policy refuses, and each material's ``gap_refusals``."""
    reasons = []
    if not allowed:
        reasons.append("tolerance_not_allowed_for_matter")
    if not app.basic_conditions_met:
        reasons.append("basic_conditions_not_met")
    failed: set[str] = set()
    for g in gaps:
        failed |= by_material[g]
    for condition in GAP_CONDITIONS if failed else ():
        if condition in failed:
            reasons.append(condition)
    if missing_prerequisites:
        reasons.append("prerequisite_missing")
    if not app.tolerance_commitment_signed:
        reasons.append("no_commitment")
    return reasons + record_bars(app.applicant, deny_if_credit)


class ToleranceFollowUp(msgspec.Struct, frozen=True, gc=False):
    state: str
    reason: str | None
    supplemented_on: _dt.date | None
    still_missing: tuple[str, ...]


def follow_up(tolerated: tuple[str, ...], deadline: _dt.date, supplements: Iterable[Any],
              as_of: _dt.date) -> ToleranceFollowUp:
    """pending_supplement / supplemented / terminated (spec §6 consequences, §11). ``tolerated``: sorted."""
    still = tolerated  # nothing supplied yet: every tolerated material is still owed
    if supplements:
        outstanding = set(tolerated)
        for ev in supplements:
            if ev.on > deadline:
                break
            outstanding.difference_update(ev.materials)
            if not outstanding:
                return ToleranceFollowUp("supplemented", None, ev.on, ())
        still = tuple(sorted(outstanding))
    if as_of > deadline:
        return ToleranceFollowUp("terminated", "supplement_deadline_missed", None, still)
    return ToleranceFollowUp("pending_supplement", None, None, still)
