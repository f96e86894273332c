"""Notification-commitment (告知承诺制, 国办发〔2020〕42号; spec §7): a signed commitment replaces proofs.

Step 7 of spec §5.3. Nothing is supplied later; the substituted proofs are verified after approval.
"""

from __future__ import annotations

from ..models.application import Application
from ..models.matter import Matter
from ..models.policy import Policy
from .applicant import record_bars


def substitute(matter: Matter, policy: Policy, app: Application, gaps: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """(materials satisfied by the commitment, every reason a listed gap could not be)."""
    nc = app.notification_commitment
    if nc is None:
        return set(), set()
    listed = [g for g in gaps if g in nc.materials]
    if not listed:
        return set(), set()
    common = set()
    if not matter.notification_commitment_allowed:
        common.add("matter_not_on_commitment_list")
    if not nc.signed:
        common.add("not_signed")
    common.update(record_bars(app.applicant, policy.notification_commitment.deny_if_credit))
    substituted, reasons = set(), set(common)
    for mid in listed:
        mat = matter.material(mid)
        if mat is None or not mat.commitment_substitutable:
            reasons.add("material_not_commitment_substitutable")
        elif not common:
            substituted.add(mid)
    return substituted, reasons
