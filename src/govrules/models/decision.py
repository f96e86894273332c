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
    """What became of the application (spec §5.2), the lower-case names of the spec's outcomes."""

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
    """law, policy (规范性文件), seed (a reform report), practice (a local practice page), convention or text (a
    ruleset's free-text basis); only law and policy are cited to an applicant."""
    source: str
    """The source's title (and number)."""
    article: str | None = None
    """The article, paragraph or section cited, when there is one."""
    quote: str | None = None
    """The words relied on, verbatim."""

    @property
    def applicant_citable(self) -> bool:
        """A legal source (law, regulation, rule, normative document) an applicant may be cited (Q7)."""
        return self.kind in APPLICANT_CITABLE_KINDS


class Finding(Output, kw_only=True):
    """One rule that fired or was refused, with its effect and legal basis."""

    rule: str
    """The rule's id (docs/legal-mapping.md lists every rule with its basis)."""
    effect: str
    """What it did, e.g. outcome:accepted, material_missing or tolerated."""
    subject: str | None = None
    """What it is about: a material id, a prerequisite's matter code, a fee id …"""
    basis: tuple[Citation, ...] = ()
    """Its legal basis."""
    message_zh: str
    """The finding in Chinese."""
    message_en: str
    """The finding in English."""


class Track(Output, kw_only=True):
    """A follow-up question's state as of ``as_of`` (spec §11), with its own reason."""

    state: str
    """The track's state as of the decision's as_of date (spec §11, lower case)."""
    reason: str | None = None
    """Why it is in that state, a stable code."""


class CorrectionTrack(Track, kw_only=True):
    """After a one-time correction notice (spec §5.4). States: ``awaiting_correction``, ``accepted`` (on
    the day the last item came) or ``not_accepted_after_failed_correction``."""

    notice_on: _dt.date | None = None
    """When the one-time correction notice was given."""
    correction_deadline: _dt.date | None = None
    """The last day to deliver every item."""
    correction_completed_on: _dt.date | None = None
    """When the last item was delivered."""
    non_acceptance_decision_due: _dt.date | None = None
    """After a failed correction: the last day to issue the decision not to accept."""
    still_missing: tuple[str, ...] = ()
    """Items not yet delivered (material ids, prerequisite:<code>)."""


class StatusTrack(Track, kw_only=True):
    """The processing status of an accepted application (spec §11). States: ``pending``, ``due_soon``
    (within the policy's ``warning_working_days`` of the promised date), ``pending_overdue_promised``,
    ``pending_overdue_statutory``, ``suspended`` (inside an excluded period), ``deemed_approved`` or
    ``decided``."""

    deemed_approved_on: _dt.date | None = None
    """When a local deemed approval (视作同意) took effect."""
    decided_on: _dt.date | None = None
    """When the substantive decision was made."""


class ToleranceTrack(Track, kw_only=True):
    """Tolerated gaps (容缺受理, spec §6). States: ``pending_supplement``, ``supplemented`` or
    ``terminated`` (the supplement deadline passed)."""

    supplement_deadline: _dt.date
    """The last day to supplement the tolerated materials."""
    tolerated_materials: tuple[str, ...]
    """The materials accepted as gaps (容缺), to be supplemented."""
    supplemented_on: _dt.date | None = None
    """When the last tolerated material was supplemented."""
    still_missing: tuple[str, ...] = ()
    """Tolerated materials not yet supplemented."""
    certificate_release_allowed: bool = False
    """The certificate may be released: every tolerated material was supplemented."""
    certificate_due: _dt.date | None = None
    """The last day to issue the certificate, counted from the later of decision and supplement."""
    credit_consequence: str | None = None
    """What is recorded against the applicant when the supplement deadline is missed."""


class SimulatedTrack(Track, kw_only=True):
    """A simulated approval (模拟审批, spec §9). States: ``simulated_pending_land``, ``converted`` (the
    intended holder obtained the land) or ``voided``; a converted or voided result is final."""

    results_effective: bool = False
    """The simulated results took legal effect (the intended holder obtained the land)."""
    effective_from: _dt.date | None = None
    """When they took effect."""
    voided_on: _dt.date | None = None
    """When they were voided (land to another party, or the validity ended)."""
    validity_end: _dt.date | None = None
    """The last day of a simulated approval's validity, if the policy sets one."""


class FeeTrack(Track, kw_only=True):
    """One fee (spec §10.11). States: ``awaiting_payment``, ``paid_on_time``, ``not_approved`` or
    ``closed_without_processing`` (unpaid after the deadline, as the fee's ``on_late`` says)."""

    notice_on: _dt.date
    """When the notice to pay was received."""
    payment_deadline: _dt.date
    """The last day to pay."""
    paid_on: _dt.date | None = None
    """When it was paid."""
    certificate_due: _dt.date | None = None
    """After payment on time: the last day to deliver the certificate."""


class RenewalTrack(Track, kw_only=True):
    """A granted licence's validity and renewal (ALL Art. 50, spec §10.3a). States: ``valid``,
    ``apply_by_passed``, ``pending``, ``late_application``, ``renewed``, ``refused``, ``deemed_renewed`` or
    ``expired``."""

    granted_on: _dt.date
    """When the licence took effect."""
    validity_end: _dt.date
    """The last day of the licence's validity."""
    renewal_apply_by: _dt.date
    """The last day to apply for renewal in time (ALL Art. 50)."""
    application_on_time: bool | None = None
    """The renewal application was made by renewal_apply_by; null: none yet."""
    deemed_renewed_on: _dt.date | None = None
    """When the licence was deemed renewed (视为准予延续), undecided by validity_end."""
    new_validity_end: _dt.date | None = None
    """After a renewal: the last day of the new validity period."""


class StepTrack(Track, kw_only=True):
    """One internal step or reporting clock (seed 002 第十一–十三條; ALL Art. 43). States: ``pending``,
    ``done``, ``done_late`` or ``overdue``; ``not_started`` while the event that starts it has not come."""

    step: str
    """Which: forwarding, cosign, consultation_letter, consultation_feedback, lower_review, higher_review."""
    owner_zh: str
    """Whose step it is (政务窗口, 主办处, 相关处室, 市县国土资源主管部门, 下级机关, 上级机关)."""
    started_on: _dt.date | None = None
    """When its clock started."""
    due: _dt.date | None = None
    """The last day to complete it."""
    done_on: _dt.date | None = None
    """When it was completed."""
    late_working_days: int = 0
    """Working days after ``due``: of the completion, or (still open) as of the decision date."""


class InternalTrack(Track, kw_only=True):
    """The file inside the authority after acceptance (seed 002 第十一–十四條). States: ``in_progress``,
    ``late`` (a step overdue or done late: a warning, never the legal outcome), ``completed``, or
    ``review_refused`` (the review meeting voted against: 不予批准 follows, 第十四條)."""

    steps: tuple[StepTrack, ...] = ()
    """Each internal step of the matter with its clock."""
    review_meeting_on: _dt.date | None = None
    """When the review meeting (会审) was held."""
    review_result: str | None = None
    """approved or refused."""
    fee_notice_on: _dt.date | None = None
    """When the fees were notified: after the review meeting passed (第十八條)."""


class ReportedTrack(Track, kw_only=True):
    """上报件 (ALL Art. 35, 43): the lower authority's preliminary review, then the higher authority's own
    clock. States: ``lower_review`` (not yet reported), ``reported`` (sent, not yet received),
    ``higher_review`` (the higher authority has it)."""

    higher_authority_id: str
    """The authority that decides."""
    lower_review: StepTrack
    """The lower authority's review, due 20 days after its acceptance unless a law says otherwise (Art. 43)."""
    higher_review: StepTrack | None = None
    """The higher authority's clock from its receipt of the file."""
    materials_asked_again: tuple[str, ...] = ()
    """Materials the higher authority asked for that the lower one already holds (Art. 35 forbids it)."""


class HandlingTrack(Track, kw_only=True):
    """The file's kind (办件类型) and how it is handled (seed 002 county 第十四條): 即办件 directly
    (直接办理, decided on the day), 承诺件 by commitment (承诺办理), 联办件 jointly (联合办理), 上报件 with
    responsibility for the report (负责办理), 补办件 by the one-time notice, 退办件 with a dated written
    answer (明确答复). State: the kind (immediate, promised, joint, reported, supplement, returned)."""

    kind_zh: str
    """即办件, 承诺件, 联办件, 上报件, 补办件 or 退办件."""
    method_zh: str
    """直接办理, 承诺办理, 联合办理, 负责办理, 一次性告知 or 明确答复."""
    answer_due: _dt.date | None = None
    """明确答复 / 即办: the day the written answer or the decision is due."""


class States(Output):
    """The follow-up state of each track as of the decision's as-of date (spec §11); null: the track
    does not apply."""

    correction: CorrectionTrack | None = None
    """The one-time correction notice and what followed it (spec §5.4)."""
    tolerance: ToleranceTrack | None = None
    """Tolerated gaps and their supplement (spec §6)."""
    simulated: SimulatedTrack | None = None
    """A simulated approval and its conversion (spec §9)."""
    fees: dict[str, FeeTrack] = msgspec.field(default_factory=dict)
    """Each fee by its id (spec §10.11)."""
    status: StatusTrack | None = None
    """The processing status against the promised and statutory dates (spec §11)."""
    renewal: RenewalTrack | None = None
    """The licence's validity and renewal (spec §10.3a)."""
    internal: InternalTrack | None = None
    """The internal steps after acceptance (seed 002 第十一–十四條), for a matter that lists them."""
    reported: ReportedTrack | None = None
    """上报件: the lower review and the higher authority's clock (ALL Art. 35, 43)."""
    handling: HandlingTrack | None = None
    """The file's kind and how it is handled (seed 002 county 第十四條)."""


class Trace(Output, kw_only=True):
    """What the decision was made with, so that it can be replayed (``govrules.replay``)."""

    format_version: str
    """The trace's format version."""
    ruleset_id: str
    """The ruleset applied."""
    ruleset_version: str
    """Its version."""
    ruleset_hash: str
    """The content hash of the resolved ruleset (replay checks it)."""
    ruleset_selection: str
    """How the ruleset version was chosen, in words."""
    what_if: bool = False
    """The ruleset was applied whatever its effective period says (``govrules.diff(..., what_if=True)``)."""
    calendar_version: str
    """The working-day calendar data used (replay checks it)."""
    as_of: _dt.date
    """The date the decision is as of."""
    events_replayed: int
    """How many events were dated on or before as_of."""
    provisional: bool
    """A date depends on the opt-in provisional calendar projection."""
    provisional_dates: tuple[str, ...] = ()
    """The decision's dates that depend on it."""


class Decision(Output):
    """Every output of spec §5.2–§11 under the spec's names; None where a value does not apply."""

    application_id: str
    """The application's id."""
    matter_code: str
    """The matter applied for."""
    outcome: Outcome
    """What became of the application."""
    reason: str | None
    """A stable code for not_required, not_jurisdiction or rejected."""
    refer_to_authority_id: str | None
    """not_jurisdiction: the competent authority, when the catalogue names one."""
    receipt_date: _dt.date
    """The receipt date (收件)."""
    acceptance_date: _dt.date | None
    """The acceptance date (受理), when accepted."""
    clock_start: _dt.date | None
    """The day the processing limits count from."""
    # the one-time complete correction notice (一次性告知)
    missing_materials: tuple[str, ...]
    """Required materials not submitted."""
    defective_materials: tuple[str, ...]
    """Materials submitted but not in the legal form."""
    on_spot_correctable: tuple[str, ...]
    """Errors the applicant can correct on the spot (当场更正)."""
    missing_prerequisites: tuple[str, ...]
    """Prerequisite approvals not held (matter codes)."""
    all_items_to_correct: tuple[str, ...]
    """The one-time complete notice (一次性告知): every item, material ids and prerequisite:<code>."""
    on_spot_corrected: tuple[str, ...]
    """Materials corrected on the spot."""
    # exceptions applied or refused
    ignored_prerequisites: tuple[str, ...]
    """Prerequisites the reform removed (取消前置), not asked for."""
    tolerated_materials: tuple[str, ...]
    """Materials accepted as gaps (容缺受理), to be supplemented."""
    commitment_substituted: tuple[str, ...]
    """Materials replaced by the notification-commitment (告知承诺)."""
    deemed_satisfied_prerequisites: tuple[str, ...]
    """Prerequisites deemed held under simulated approval (模拟审批)."""
    deemed_satisfied_materials: tuple[str, ...]
    """Materials deemed submitted under simulated approval."""
    tolerance_denied_reasons: tuple[str, ...]
    """Why tolerance was refused, every failed condition."""
    commitment_denied_reasons: tuple[str, ...]
    """Why the notification-commitment was refused, every failed condition."""
    simulated_denied_reasons: tuple[str, ...]
    """Why simulated approval was refused, every failed condition."""
    # due dates
    notice_due: _dt.date | None
    """The last day to tell the applicant whether the application is accepted, or what to correct (ALL Art.
    32(4))."""
    department_review_due: _dt.date | None
    """After forwarding: the last day of the department's completeness review."""
    correction_deadline: _dt.date | None
    """The last day to deliver every item of the correction notice."""
    non_acceptance_decision_due: _dt.date | None
    """After a failed correction: the last day to issue the decision not to accept."""
    statutory_due: _dt.date | None
    """The statutory due date (法定时限)."""
    statutory_due_if_extended: _dt.date | None
    """The statutory due date once extended."""
    promised_due: _dt.date | None
    """The promised due date (承诺时限)."""
    excluded_working_days: int
    """Working days of excluded periods (suspensions) within the clocks."""
    certificate_due: _dt.date | None
    """The last day to issue and deliver the certificate (ALL Art. 44)."""
    supplement_deadline: _dt.date | None
    """The last day to supplement tolerated materials."""
    validity_end: _dt.date | None
    """The last day of the licence's validity, once granted (as in the renewal track)."""
    renewal_apply_by: _dt.date | None
    """The last day to apply for renewal in time."""
    # flags
    deemed_accepted: bool
    """Accepted by law: no notice within the notice period (ALL Art. 32(4))."""
    late_notice_ignored: bool
    """A correction notice came after the notice period and does not count."""
    extended: bool
    """The statutory limit was extended."""
    results_effective: bool | None
    """Under simulated approval: whether the results have legal effect yet; null otherwise."""
    certificate_withheld_until_supplemented: bool
    """The certificate waits for the tolerated materials."""
    post_approval_verification: bool
    """Materials were replaced by commitment: checked after approval (事中事后核查)."""
    states: States
    """The follow-up state of each track as of as_of."""
    warnings: tuple[str, ...]
    """Non-blocking findings about the ruleset or the dates (codes)."""
    findings: tuple[Finding, ...]
    """One per rule that fired or was refused, with its legal basis."""
    trace: Trace
    """What the decision was made with: ruleset, calendar, as-of date."""

    @property
    def accepted(self) -> bool:
        return self.outcome in ACCEPTING_OUTCOMES

    def _repr_html_(self) -> str:
        """Notebook display (names from the ruleset are shown by ``govrules.display.decision_html(d, rs)``)."""
        from ..display.html import decision_html

        return decision_html(self)
