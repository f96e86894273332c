"""Decisions as a pandas DataFrame, for notebooks (pandas is optional: the ``bench`` or ``dask`` extra)."""

from __future__ import annotations

from typing import Any, Iterable

from ..errors import GovRulesError, MissingDependencyError
from ..models.decision import Decision

#: one row per decision: who, what was decided, what is asked for, when things are due, under what
COLUMNS = (
    "application_id", "matter_code", "outcome", "reason", "error", "receipt_date", "acceptance_date",
    "statutory_due", "promised_due", "certificate_due", "correction_deadline", "supplement_deadline",
    "items_to_correct", "tolerated_materials", "status", "ruleset_id", "ruleset_version", "ruleset_hash",
)


def pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise MissingDependencyError("a DataFrame of decisions", "pandas", "dask") from None
    return pd


def decision_row(result: Decision | GovRulesError) -> dict[str, Any]:
    if isinstance(result, GovRulesError):
        return {"error": str(result)}
    t = result.trace
    return {
        "application_id": result.application_id, "matter_code": result.matter_code,
        "outcome": result.outcome.value, "reason": result.reason, "error": None,
        "receipt_date": result.receipt_date, "acceptance_date": result.acceptance_date,
        "statutory_due": result.statutory_due, "promised_due": result.promised_due,
        "certificate_due": result.certificate_due, "correction_deadline": result.correction_deadline,
        "supplement_deadline": result.supplement_deadline,
        "items_to_correct": " ".join(result.all_items_to_correct),
        "tolerated_materials": " ".join(result.tolerated_materials),
        "status": result.states.status.state if result.states.status is not None else None,
        "ruleset_id": t.ruleset_id, "ruleset_version": t.ruleset_version, "ruleset_hash": t.ruleset_hash,
    }


def decisions_frame(results: Iterable[Decision | GovRulesError]) -> Any:
    """A DataFrame with one row per decision (or error, with only ``error`` set), columns ``COLUMNS``."""
    return pandas().DataFrame.from_records([decision_row(r) for r in results], columns=list(COLUMNS))
