"""What the applicant's record bars: shared by tolerance (§6 conditions 8–9) and commitment (§7)."""

from __future__ import annotations

from typing import Iterable

from ..models.application import Applicant


def record_bars(applicant: Applicant, deny_if_credit: Iterable[str]) -> list[str]:
    """Reasons the applicant's credit record refuses an exception that rests on its word."""
    reasons = []
    if applicant.credit in deny_if_credit:
        reasons.append("credit_dishonest")
    if applicant.prior_false_commitment:
        reasons.append("prior_false_commitment")
    return reasons
