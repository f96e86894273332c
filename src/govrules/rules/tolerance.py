"""Tolerated gaps (容缺受理; spec §6): accept with minor secondary papers missing, supplement later.

The nine conditions are checked together and *every* failed one is reported (not the first).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable

import msgspec

from ..models.application import Application
from ..models.matter import Matter, Necessity
from ..models.policy import Policy
from .applicant import record_bars


def refusal_reasons(matter: Matter, policy: Policy, app: Application, gaps: Iterable[str],
                    missing_prerequisites: tuple[str, ...]) -> list[str]:
    """Every failed condition of spec §6 for these gaps (empty: tolerance applies)."""
    reasons = []
    if not matter.tolerance_allowed:
        reasons.append("tolerance_not_allowed_for_matter")
    if not app.basic_conditions_met:
        reasons.append("basic_conditions_not_met")
    main = essential = untolerable = False  # one pass over the gaps for the three material conditions
    for g in gaps:
        m = matter.material(g)
        main = main or m.necessity is Necessity.main
        essential = essential or m.technical_essential
        untolerable = untolerable or not (m.necessity is Necessity.secondary and m.tolerable)
    if main:
        reasons.append("main_material_missing")
    if essential:
        reasons.append("technical_essential_missing")
    if untolerable:
        reasons.append("material_not_tolerable")
    if missing_prerequisites:
        reasons.append("prerequisite_missing")
    if not app.tolerance_commitment_signed:
        reasons.append("no_commitment")
    return reasons + record_bars(app.applicant, policy.tolerance.deny_if_credit)


class ToleranceFollowUp(msgspec.Struct, frozen=True):
    state: str
    reason: str | None
    supplemented_on: _dt.date | None
    still_missing: tuple[str, ...]


def follow_up(tolerated: tuple[str, ...], deadline: _dt.date, supplements: Iterable[Any],
              as_of: _dt.date) -> ToleranceFollowUp:
    """pending_supplement / supplemented / terminated (spec §6 consequences, §11)."""
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
