"""The answer: outcome, the one-time correction list, due dates, follow-up states, findings, trace.

Lists that are sets in law (spec §5.2: "order irrelevant") are emitted sorted, so that identical
inputs give byte-identical JSON.
"""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping

import msgspec

from .output import Output


class Outcome(StrEnum):
    not_required = "not_required"
    not_jurisdiction = "not_jurisdiction"
    rejected = "rejected"
    correct_on_spot = "correct_on_spot"
    correction_required = "correction_required"
    accepted = "accepted"
    accepted_with_tolerance = "accepted_with_tolerance"
    simulated_acceptance = "simulated_acceptance"
    deemed_accepted = "deemed_accepted"
    pending_acceptance_decision = "pending_acceptance_decision"
    not_accepted_after_failed_correction = "not_accepted_after_failed_correction"


#: spec §5.2 "never worse" order among material-dependent outcomes (higher is better).
OUTCOME_RANK: Mapping[Outcome, int] = MappingProxyType({
    Outcome.not_accepted_after_failed_correction: 0,
    Outcome.correction_required: 1,
    Outcome.pending_acceptance_decision: 2,
    Outcome.correct_on_spot: 3,
    Outcome.accepted_with_tolerance: 4,
    Outcome.simulated_acceptance: 4,
    Outcome.deemed_accepted: 5,
    Outcome.accepted: 5,
})
ACCEPTING_OUTCOMES = frozenset(
    {Outcome.accepted, Outcome.accepted_with_tolerance, Outcome.simulated_acceptance, Outcome.deemed_accepted}
)


#: Citation kinds an applicant-facing document may cite (spec §13a Q7): ``law`` (法律、行政法规、地方性
#: 法规、规章) and ``policy`` (规范性文件, named with its issuing number). ``seed`` (a reform report),
#: ``practice`` (a local practice page), ``convention`` and ``text`` (a ruleset's free-text basis) are
#: provenance for officials and docs, never cited to an applicant.
APPLICANT_CITABLE_KINDS = frozenset({"law", "policy"})


class Citation(Output, kw_only=True):
    """Where a rule comes from: a law and article, a policy document, or a seed report and its quote."""

    kind: str  # law | policy | seed | practice | convention | text
    source: str
    article: str | None = None
    quote: str | None = None

    @property
    def applicant_citable(self) -> bool:
        """A legal source (law, regulation, rule, normative document) an applicant may be cited (Q7)."""
        return self.kind in APPLICANT_CITABLE_KINDS


class Finding(Output, kw_only=True):
    """One rule that fired or was refused, with its effect and legal basis."""

    rule: str
    effect: str
    subject: str | None = None
    basis: tuple[Citation, ...] = ()
    message_zh: str
    message_en: str


class Track(Output, kw_only=True):
    """A follow-up question's state as of ``as_of`` (spec §11), with its own reason."""

    state: str
    reason: str | None = None


class CorrectionTrack(Track, kw_only=True):
    notice_on: _dt.date | None = None
    correction_deadline: _dt.date | None = None
    correction_completed_on: _dt.date | None = None
    non_acceptance_decision_due: _dt.date | None = None
    still_missing: tuple[str, ...] = ()


class StatusTrack(Track, kw_only=True):
    deemed_approved_on: _dt.date | None = None
    decided_on: _dt.date | None = None


class ToleranceTrack(Track, kw_only=True):
    supplement_deadline: _dt.date
    tolerated_materials: tuple[str, ...]
    supplemented_on: _dt.date | None = None
    still_missing: tuple[str, ...] = ()
    certificate_release_allowed: bool = False
    certificate_due: _dt.date | None = None
    credit_consequence: str | None = None


class SimulatedTrack(Track, kw_only=True):
    results_effective: bool = False
    effective_from: _dt.date | None = None
    voided_on: _dt.date | None = None
    validity_end: _dt.date | None = None


class FeeTrack(Track, kw_only=True):
    notice_on: _dt.date
    payment_deadline: _dt.date
    paid_on: _dt.date | None = None
    certificate_due: _dt.date | None = None


class RenewalTrack(Track, kw_only=True):
    granted_on: _dt.date
    validity_end: _dt.date
    renewal_apply_by: _dt.date
    application_on_time: bool | None = None
    deemed_renewed_on: _dt.date | None = None
    new_validity_end: _dt.date | None = None


class States(Output, kw_only=True):
    correction: CorrectionTrack | None = None
    tolerance: ToleranceTrack | None = None
    simulated: SimulatedTrack | None = None
    fees: dict[str, FeeTrack] = msgspec.field(default_factory=dict)
    status: StatusTrack | None = None
    renewal: RenewalTrack | None = None


class Trace(Output, kw_only=True):
    format_version: str
    ruleset_id: str
    ruleset_version: str
    ruleset_hash: str
    ruleset_selection: str
    what_if: bool = False
    """The ruleset was applied whatever its effective period says (``govrules.diff(..., what_if=True)``)."""
    calendar_version: str
    as_of: _dt.date
    events_replayed: int
    provisional: bool
    provisional_dates: tuple[str, ...] = ()


class Decision(Output, kw_only=True):
    """Every output of spec §5.2–§11 under the spec's names; None where a value does not apply."""

    application_id: str
    matter_code: str
    outcome: Outcome
    reason: str | None = None
    refer_to_authority_id: str | None = None
    receipt_date: _dt.date
    acceptance_date: _dt.date | None = None
    clock_start: _dt.date | None = None
    # the one-time complete correction notice (一次性告知)
    missing_materials: tuple[str, ...] = ()
    defective_materials: tuple[str, ...] = ()
    on_spot_correctable: tuple[str, ...] = ()
    missing_prerequisites: tuple[str, ...] = ()
    all_items_to_correct: tuple[str, ...] = ()
    on_spot_corrected: tuple[str, ...] = ()
    # exceptions applied or refused
    ignored_prerequisites: tuple[str, ...] = ()
    tolerated_materials: tuple[str, ...] = ()
    commitment_substituted: tuple[str, ...] = ()
    deemed_satisfied_prerequisites: tuple[str, ...] = ()
    deemed_satisfied_materials: tuple[str, ...] = ()
    tolerance_denied_reasons: tuple[str, ...] = ()
    commitment_denied_reasons: tuple[str, ...] = ()
    simulated_denied_reasons: tuple[str, ...] = ()
    # due dates
    notice_due: _dt.date | None = None
    department_review_due: _dt.date | None = None
    correction_deadline: _dt.date | None = None
    non_acceptance_decision_due: _dt.date | None = None
    statutory_due: _dt.date | None = None
    statutory_due_if_extended: _dt.date | None = None
    promised_due: _dt.date | None = None
    excluded_working_days: int = 0
    certificate_due: _dt.date | None = None
    supplement_deadline: _dt.date | None = None
    validity_end: _dt.date | None = None
    renewal_apply_by: _dt.date | None = None
    # flags
    deemed_accepted: bool = False
    late_notice_ignored: bool = False
    extended: bool = False
    results_effective: bool | None = None
    certificate_withheld_until_supplemented: bool = False
    post_approval_verification: bool = False
    states: States = msgspec.field(default_factory=States)
    warnings: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    trace: Trace

    @property
    def accepted(self) -> bool:
        return self.outcome in ACCEPTING_OUTCOMES

    def _repr_html_(self) -> str:
        """Notebook display (names from the ruleset are shown by ``govrules.display.decision_html(d, rs)``)."""
        from ..display.html import decision_html

        return decision_html(self)
