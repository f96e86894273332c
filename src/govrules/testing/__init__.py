"""A testing kit for rulesets: hypothesis strategies for valid inputs, and the invariants every
ruleset must keep — for ruleset authors to run in their own test suites (docs/testing.md).

    from govrules.testing import check_ruleset
    def test_my_ruleset():
        check_ruleset(govrules.load_ruleset("rulesets/my_county.toml"))

Needs hypothesis: ``pip install ".[testing]"`` in the govrules checkout.
"""

from __future__ import annotations

try:
    import hypothesis
except ImportError:  # pragma: no cover - exercised in a subprocess by tests/testing
    from ..errors import MissingDependencyError

    raise MissingDependencyError("govrules.testing", "hypothesis", "testing") from None
del hypothesis  # imported only to name the missing extra; the modules below import what they use

from .invariants import (
    InvariantViolation, check_application, check_cites_basis, check_deterministic, check_due_dates, check_monotonic,
    check_one_time_notice, check_order_independent, check_promised_within_statutory, check_ruleset, expected_gaps,
)
from .strategies import applicable_matters, applications, calendars, receipt_dates, timelines

__all__ = [
    "InvariantViolation", "applicable_matters", "applications", "calendars", "check_application",
    "check_cites_basis", "check_deterministic", "check_due_dates", "check_monotonic", "check_one_time_notice",
    "check_order_independent", "check_promised_within_statutory", "check_ruleset", "expected_gaps",
    "receipt_dates", "timelines",
]
