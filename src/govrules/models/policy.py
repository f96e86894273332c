"""Policy switches of a ruleset (spec §4, §13). Every default is the national-law reading."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from .base import Bool, Frozen, Id, NonNegInt, Str
from .matter import CitedSource, Level
from .period import Period


class Credit(StrEnum):
    """An applicant's credit record (信用): ``dishonest`` is a 失信 record."""

    good = "good"
    dishonest = "dishonest"


class Rollover(StrEnum):
    next_working_day = "next_working_day"
    after_statutory_holiday_only = "after_statutory_holiday_only"
    none = "none"


class StartOnNonWorkingDay(StrEnum):
    count_from_next_working_day = "count_from_next_working_day"
    roll_start_to_next_working_day = "roll_start_to_next_working_day"


class Severity(StrEnum):
    warning = "warning"
    error = "error"
    off = "off"


class ToleranceConfig(Frozen):
    """容缺受理 settings (spec §6, A8, A14–A16)."""

    supplement_limit: Period = Period.wd(5)
    """Time to supply tolerated materials from acceptance; ≤ each tolerant matter's promised limit."""
    allow_partial: Bool = False
    """A8: tolerate the tolerable gaps while asking for the others (default: no, list everything)."""
    deny_if_credit: tuple[Credit, ...] = (Credit.dishonest,)
    """Credit levels that exclude tolerance (A16)."""
    credit_consequence: Str = "broken_commitment_recorded"
    """Recorded when the supplement deadline is missed (A15)."""


class CommitmentConfig(Frozen):
    """告知承诺 settings (spec §7, A16)."""

    deny_if_credit: tuple[Credit, ...] = (Credit.dishonest,)
    """Credit levels that exclude notification-commitment (A16)."""


class SimulatedApprovalConfig(Frozen):
    """模拟审批 settings (spec §9, A9, A10)."""

    eligible_categories: tuple[Str, ...] = ("industrial", "service")
    """Project categories eligible for 模拟审批 (seed 000: industrial, service; A9)."""
    validity: Period | None = None
    """How long simulated results wait for the land; omitted = never expire (A10)."""
    void_if_land_obtained_by_other_party: Bool = True
    """Void the simulated results when another party gets the land (A10)."""


class RatioPolicy(Frozen):
    """Promised limit ≤ max_ratio × statutory (seed 002 "壓縮到法定時限的1/3")."""

    max_ratio: Str = Field(default="1/3", pattern=r"^\d+/[1-9]\d*$")
    """Promised limit as a fraction of the statutory one (seed 002: 1/3)."""
    severity: Severity = Severity.warning
    """warning, error or off when a promised limit is above it."""


class UnlistedMatter(StrEnum):
    """What an application for a matter no ruleset in force lists gets (spec §13a Q9)."""

    error = "error"  # an input error, unknown_matter / no_ruleset_for_matter: the national default
    not_required = "not_required"  # 清单之外无审批 (seed 003): not_required, reason not_on_catalogue


class CompressionTarget(Frozen):
    """A locality's compression target for promised limits (承诺时限压缩): promised ≤ ``max_ratio`` ×
    statutory, for the matters of the listed levels (all when empty). A lint check, never a decision."""

    max_ratio: Str = Field(pattern=r"^\d+/[1-9]\d*$")
    """The promised limit as a fraction of the statutory one, e.g. 1/2 (50%) or 7/10 (70%)."""
    levels: tuple[Level, ...] = ()
    """The matters' levels it applies to (省级, 市级 …); empty: every matter."""
    basis: Str
    """The local document that sets it: a cited source's key, or free text."""
    severity: Severity = Severity.warning
    """warning, error or off when a promised limit is above it."""


class InternalLimits(Frozen):
    """The clocks of the internal steps (seed 002 第十一–十三條; agency "日" periods count working days)."""

    forwarding: Period = Period.wd(1)
    """第十一條 "自受理申报材料之日或者次日上午": by the next working day after acceptance."""
    cosign: Period = Period.wd(2)
    """第十二條 "相关处室应当在2个工作日内...签署审查意见": from the request."""
    consultation_letter: Period = Period.wd(2)
    """第十三條 "自...决定受理之日起2个工作日内下发征求意见函": from acceptance."""
    consultation_feedback: Period = Period.wd(5)
    """第十三條 "必须在5个工作日内反馈意见": from the letter."""


class Remedies(Frozen):
    """The challenge periods a refusal must state (seed 002 第二十一條; spec §5.3): 60 days for
    administrative review (行政复议法 2023 Art. 20), 6 months for litigation (行政诉讼法 Art. 46)."""

    review_period: Period = Period.cd(60)
    """Administrative review period stated in refusals (行政复议法 Art. 20: 60 days)."""
    litigation_period: Period = Period(months=6)
    """Litigation period stated in refusals (行政诉讼法 Art. 46: 6 months)."""


class Policy(Frozen):
    # Conventions of spec §4 with one lawful reading; a ruleset may state them, and any other value is
    # refused rather than silently ignored.
    start_day: Literal["excluded"] = "excluded"  # 民法典 Art. 201
    suspension_interval_bounds: Literal["inclusive"] = "inclusive"  # spec §10.6
    deemed_acceptance_date: Literal["receipt_date"] = "receipt_date"  # ALL Art. 32(4) "自收到申请材料之日起"
    seed002_day_unit: Literal["working_days"] = "working_days"  # A5: agency periods, ALL Art. 82
    start_on_non_working_day: StartOnNonWorkingDay = StartOnNonWorkingDay.count_from_next_working_day
    """A2: a start on a rest day counts from the next day, or first rolls to a working day."""
    calendar_day_rollover: Rollover = Rollover.next_working_day
    """A3: a calendar-day period ending on a rest day rolls to the next working day."""
    clock_start_default: Str = Field(default="acceptance", pattern="^(acceptance|receipt)$")
    """acceptance (ALL Art. 42) or receipt (seed 002 第十五條) for matters that do not say."""
    acceptance_notice_limit: Period = Period.wd(5)
    """Time to tell the applicant what to correct (ALL Art. 32(4): 5 days, in WD)."""
    correction_period: Period = Period.wd(5)
    """Default time a correction notice allows (A25)."""
    non_acceptance_decision_limit: Period = Period.wd(2)
    """Time to issue the refusal after a failed correction (seed 002 第九條: 2 days)."""
    department_review_limit: Period = Period.wd(4)
    """Department completeness review after forwarding (seed 002 第八條: 4 days)."""
    certificate_issue_limit: Period = Period.wd(10)
    """Certificate due after approval (ALL Art. 44: 10 days)."""
    apply_removed_prerequisites: Bool = True
    """false reproduces the pre-reform serial chain."""
    deemed_approval_on_promised_expiry: Bool = False
    """Seed 002 county rule 视作同意; off nationally (A11)."""
    extend_promised: Bool = False
    """Whether an extension also extends the promised limit (A19)."""
    warning_working_days: NonNegInt = 2
    """The status track is due_soon from this many working days before the promised due date."""
    promised_ratio_policy: RatioPolicy = RatioPolicy()
    """The 1/3 target for promised limits (A13)."""
    tolerance: ToleranceConfig = ToleranceConfig()
    """容缺受理 settings (spec §6)."""
    notification_commitment: CommitmentConfig = CommitmentConfig()
    """告知承诺 settings (spec §7)."""
    simulated_approval: SimulatedApprovalConfig = SimulatedApprovalConfig()
    """模拟审批 settings (spec §9)."""
    remedies: Remedies = Remedies()
    """Remedy periods stated in refusals (spec §5.3)."""
    internal_limits: InternalLimits = InternalLimits()
    """The clocks of a matter's ``internal_steps`` (seed 002 第十一–十三條)."""
    joint_site_inspection_excluded: Bool = False
    """A 联办件's joint site inspection (联合踏勘) is excluded from its clocks: not one of ALL Art. 45's
    procedures, so counted by default."""
    unlisted_matter: UnlistedMatter = UnlistedMatter.error
    """An application for a matter no ruleset in force lists: error (an input error) or not_required
    (清单之外无审批, seed 003: not_required, reason not_on_catalogue) — spec §13a Q9."""
    compression_targets: tuple[CompressionTarget, ...] = ()
    """The locality's promised-limit compression targets (e.g. 50% / 70% of statutory), checked by lint."""
    cited: dict[Id, CitedSource] = Field(default_factory=dict)
    """The legal sources this ruleset cites, by key (spec §13a Q7): matters' legal_basis and limit_basis
    and practice_basis name them; a child layer adds to or replaces its parents' by key."""
    practice_basis: dict[Id, tuple[Id, ...]] = Field(default_factory=dict)
    """A practice (tolerance, simulated_approval, … — see docs/notices.md) → the cited sources (keys) of
    the local normative documents it rests on here; notices cite them where govrules has only a report."""


class NegativeList(Frozen):
    """市场准入清单 (seed 000): prohibited codes are rejected, restricted ones add a prerequisite."""

    prohibited: tuple[Id, ...] = ()
    restricted: tuple[Id, ...] = ()
    labels_zh: dict[Id, Str] = Field(default={}, description="industry code → the list's wording, for notices")


class ProjectProfile(Frozen):
    """A project-level total (spec §10.12), e.g. seed 000's 45 working days."""

    days: NonNegInt
    basis: Str
    exclusions: tuple[Str, ...] = ("enterprise_preparation", "expert_review", "public_notice", "payment")
