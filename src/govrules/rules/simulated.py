"""Simulated approval before land transfer (模拟审批 / 拿地即开工; seed 000, spec §9)."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable

import msgspec

from ..models.application import Application, LandStatus
from ..models.matter import Matter
from ..models.policy import Policy

ONE_DAY = _dt.timedelta(days=1)


def in_play(matter: Matter, app: Application) -> bool:
    """Simulation is considered when asked for, or when a simulable matter's land is not yet held."""
    p = app.project
    if p is None:
        return False
    return p.simulated_approval_requested or (matter.simulated_approval_allowed and p.land_status is LandStatus.not_obtained)


def refusal_reasons(matter: Matter, policy: Policy, app: Application) -> list[str]:
    """Every failed eligibility condition (empty: the land is deemed obtained)."""
    p = app.project
    assert p is not None
    reasons = []
    if not matter.simulated_approval_allowed:
        reasons.append("matter_not_eligible")
    if p.category.value not in policy.simulated_approval.eligible_categories:
        reasons.append("category_not_eligible")
    if p.land_status is LandStatus.obtained:
        reasons.append("land_already_obtained")
    if not (p.future_holder_clear and p.intended_holder_id):
        reasons.append("future_holder_unclear")
    if not p.simulated_approval_requested:
        reasons.append("not_voluntary")
    return reasons


class SimulatedFollowUp(msgspec.Struct, frozen=True, gc=False):
    state: str
    reason: str | None
    effective_from: _dt.date | None
    voided_on: _dt.date | None


def follow_up(intended_holder: str | None, land_events: Iterable[Any], validity_end: _dt.date | None,
              void_if_other: bool, as_of: _dt.date) -> SimulatedFollowUp:
    """Replayed in date order; the first terminal state (converted or voided) is final."""
    for ev in land_events:
        if validity_end is not None and ev.on > validity_end:
            break
        if ev.holder_id == intended_holder:
            return SimulatedFollowUp("converted", "land_obtained_by_intended_holder", ev.on, None)
        if void_if_other:
            return SimulatedFollowUp("voided", "land_obtained_by_other_party", None, ev.on)
    if validity_end is not None and as_of > validity_end:
        return SimulatedFollowUp("voided", "validity_expired", None, validity_end + ONE_DAY)
    return SimulatedFollowUp("simulated_pending_land", None, None, None)
