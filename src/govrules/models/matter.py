"""The catalogue: authorities, materials, fees and matters (spec §2)."""

from __future__ import annotations

import datetime as _dt
import re
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Literal, Mapping

from pydantic import Field, field_validator, model_validator

from .base import Bool, Date, Frozen, Id, NonNegInt, Str
from .decision import Citation
from .period import Period


class Level(StrEnum):
    national = "national"
    provincial = "provincial"
    municipal = "municipal"
    county = "county"
    township = "township"
    village = "village"


class MatterType(StrEnum):
    administrative_license = "administrative_license"
    administrative_confirmation = "administrative_confirmation"
    administrative_payment = "administrative_payment"
    administrative_ruling = "administrative_ruling"
    administrative_reward = "administrative_reward"
    administrative_filing = "administrative_filing"
    other_administrative_power = "other_administrative_power"
    public_service = "public_service"


class HandlingKind(StrEnum):
    immediate = "immediate"
    promised = "promised"
    joint = "joint"
    reported = "reported"


class InternalStep(StrEnum):
    """A step of the file inside the authority after acceptance, with its own clock (seed 002 第十一–十四條)."""

    forwarding = "forwarding"  # 第十一條: the window sends the file to the lead division, the same day or the next
    cosign = "cosign"  # 第十二條: the other divisions co-sign within 2 WD of the request (会签)
    consultation = "consultation"  # 第十三條: letter within 2 WD of acceptance, feedback within 5 WD of it
    review_meeting = "review_meeting"  # 第十四條: the review meeting (会审); a refusal ends in 不予批准


class Necessity(StrEnum):
    main = "main"
    secondary = "secondary"
    optional = "optional"


class ClockStart(StrEnum):
    acceptance = "acceptance"
    receipt = "receipt"


class SpecialProcedure(StrEnum):
    hearing = "hearing"
    tendering = "tendering"
    auction = "auction"
    inspection = "inspection"
    testing = "testing"
    quarantine = "quarantine"
    appraisal = "appraisal"
    expert_review = "expert_review"


_NOT_A_TITLE = re.compile(r"(?i)https?:|://|www\.|\.txt\b|[a-z0-9-]+\.(?:com|cn|net|org|gov)\b")


class CitedSource(Frozen):
    """A legal source a ruleset cites (spec §13a Q7): a law, administrative regulation, rule or
    normative document, by its Chinese title, article and (for a document) issuing number. A matter's
    ``legal_basis`` / ``limit_basis`` and ``policy.practice_basis`` name it by its key in ``policy.cited``;
    applicant-facing notices print it, and lint refuses a ruleset version in force before it."""

    kind: Literal["law", "policy"] = "law"
    """law (法律、行政法规、地方性法规、规章) or policy (规范性文件, with its issuing number)."""
    title: Str
    """The Chinese title (simplified), without 《》, e.g. 中华人民共和国建筑法."""
    article: Str | None = None
    """第八条, 第五条第一款第（三）项 …; omitted when the whole source is meant."""
    number: Str | None = None
    """Issuing number (发文字号 / 令号), e.g. 国办发〔2020〕42号."""
    in_force_from: Date
    """The cited text is in force from this date: a ruleset version in force earlier may not cite it."""
    verified: Bool = False
    """true only when the cited text was seen in a public source (named in ``checked``)."""
    checked: Str | None = None
    """Where the text was verified, or why it is not (docs/legal-mapping.md shows it)."""
    quote: Str | None = None
    """The cited sentence, verbatim (simplified Chinese)."""

    @field_validator("title")
    @classmethod
    def _a_title(cls, v: str) -> str:
        if not any("\u4e00" <= ch <= "\u9fff" for ch in v) or _NOT_A_TITLE.search(v):
            raise ValueError("a Chinese title of a law, regulation, rule or normative document, not a file name, "
                             "web address or report")
        return v

    @property
    def source(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    def citation(self) -> Citation:
        return Citation(kind=self.kind, source=self.source, article=self.article, quote=self.quote)


class Authority(Frozen):
    """实施主体: the agency that accepts and decides."""

    id: Id
    name: Str
    name_zh: Str
    level: Level
    region: Str = Field(pattern=r"^\d{6}$", description="6-digit administrative division code")
    review_body_zh: Str | None = Field(default=None, description="行政复议机关 named in refusals")
    court_zh: Str | None = Field(default=None, description="人民法院 named in refusals")


class Material(Frozen):
    """申请材料. Flag combinations are checked when the ruleset loads (spec §2)."""

    id: Id
    """Unique within the matter; applications name materials by it."""
    name: Str
    name_zh: Str
    necessity: Necessity
    """main (must be complete), secondary (may be tolerated if tolerable) or optional (never a gap)."""
    technical_essential: Bool = False
    """技术要件: carries the technical substance; must be main and is never tolerable (seed 002)."""
    tolerable: Bool = False
    """容缺: may be missing at acceptance against a commitment; only on secondary materials (spec §6)."""
    commitment_substitutable: Bool = False
    """May be replaced by a signed notification-commitment (告知承诺, spec §7)."""
    land_document: Bool = False
    """The material proving the land-use right (simulated approval, spec §9)."""


class LateFeeEffect(StrEnum):
    not_approved = "not_approved"
    closed_without_processing = "closed_without_processing"


class Fee(Frozen):
    """收费 with its payment period (seed 002 第十九條)."""

    id: Id
    name: Str
    name_zh: Str
    basis: Str | None = None
    amount: NonNegInt | None = None
    payment_period: Period
    """Time to pay from receiving the fee notice: 30 CD (mining rights) or 10 WD (construction land), seed 002 第十九條."""
    counted_from: Str = Field(default="notice_received", pattern="^notice_received$")
    on_late: LateFeeEffect
    """What an unpaid fee after the deadline means: not_approved or closed_without_processing."""
    certificate_after_payment: Period | None = None
    """Certificate due this long after payment (seed 002: 3 WD)."""


class LandDependency(Frozen):
    """Which prerequisite and which material stand for "land obtained" (simulated approval, §9)."""

    prerequisite: Id
    material: Id


class ProjectCategory(StrEnum):
    """项目类别: simulated approval is open to the policy's ``simulated_approval.eligible_categories``."""

    industrial = "industrial"
    service = "service"
    real_estate = "real_estate"
    social_undertaking = "social_undertaking"
    livelihood = "livelihood"
    government_investment = "government_investment"


class JurisdictionRow(Frozen):
    """One row of the authority list by the project's nature and scale (seed 000 审批权限清单: "列明不同
    性质、规模的项目分别属于省市区哪一级审批"): the first row whose categories hold the project's category
    (or that lists none) and whose maximum is at least its investment names the competent authority."""

    categories: tuple[ProjectCategory, ...] = ()
    """项目类别 this row is for (``Project.category``); empty: any."""
    max_investment_cny: NonNegInt | None = None
    """The band's upper bound in yuan (inclusive); null: no bound."""
    authority_id: Id


STUB_OPTIONAL = ("legal_basis", "level", "handling_kind", "statutory_limit", "promised_limit")


class Matter(Frozen):
    """政务服务事项. A ``stub`` is only a prerequisite target: it cannot be applied for."""

    code: Id
    """事项编码, unique in the ruleset; an opaque string."""
    name: Str
    name_zh: Str
    type: MatterType
    """行政许可, 行政确认, 行政备案, … (spec §2)."""
    authority: Id | Authority
    """实施主体: an authority id of the ruleset, or the authority itself."""
    stub: Bool = False
    """Only a prerequisite target (code, names, type, authority, prerequisites); cannot be applied for."""
    legal_basis: tuple[Str, ...] | None = None
    """设定依据: the laws and articles that create the matter. An entry that is the key of a cited source
    (``policy.cited`` or govrules' own catalogue, e.g. ``all_42``) names that source; any other entry is
    free text, shown to officials and never cited to an applicant."""
    limit_basis: tuple[Id, ...] = ()
    """Keys of the cited sources that set this matter's statutory limit, extension and certificate
    period (when they are not the ALL defaults); the acceptance notice cites them."""
    level: Level | None = None
    handling_kind: HandlingKind | None = None
    """办件类型: immediate 即办件, promised 承诺件, joint 联办件, reported 上报件."""
    statutory_limit: Period | None = None
    """法定办结时限 (ALL Art. 42 default 20 WD; a law may say otherwise)."""
    extension: Period | None = None
    """延长: once, by this much (ALL Art. 42: 10 WD; 15 WD for joint handling)."""
    promised_limit: Period | None = None
    """承诺办结时限; must not exceed the statutory limit; 0 = decided on the spot."""
    clock_start: ClockStart | None = None
    """acceptance (ALL Art. 42) or receipt (seed 002 第十五條); default from the policy."""
    certificate_issue_limit: Period | None = None
    """Certificate due after approval (ALL Art. 44: 10 WD); default from the policy."""
    materials: tuple[Material, ...] = ()
    prerequisites: tuple[Id, ...] = ()
    """前置: matter codes that must be held before applying."""
    removed_prerequisites: tuple[Id, ...] = ()
    """取消前置: prerequisites cancelled by reform; a subset of prerequisites."""
    fees: tuple[Fee, ...] = ()
    max_visits: NonNegInt | None = None
    """到办事现场次数: 0 零跑腿, 1 最多跑一次, null unrestricted."""
    delegated_service: Bool = False
    tolerance_allowed: Bool = False
    """On the 容缺受理 list (spec §6)."""
    notification_commitment_allowed: Bool = False
    """On the 告知承诺 list (spec §7)."""
    simulated_approval_allowed: Bool = False
    """May be handled by 模拟审批 before land is obtained (spec §9); needs land_dependency."""
    land_dependency: LandDependency | None = None
    joint_handling: Bool = False
    """Handled jointly under ALL Art. 26 (normally 45 + 15 WD)."""
    exempt_project_types: tuple[Str, ...] = ()
    """Positive-list exemption: low-risk project types that need no such permit (seed 004)."""
    jurisdiction_by_investment: tuple[JurisdictionRow, ...] = ()
    """审批权限清单: first row whose max ≥ the investment names the competent authority (seed 000)."""
    licence_required: Bool = True
    """false ⇒ applications are answered not_required (ALL Art. 32(1))."""
    validity: Period | None = None
    """许可有效期 of the licence granted (spec §10.3a)."""
    renewal_lead: Period | None = None
    """Apply for renewal this long before validity ends (ALL Art. 50: 30 days)."""
    correction_period: Period | None = None
    """Time a correction notice allows; default from the policy (5 WD)."""
    internal_steps: tuple[InternalStep, ...] = ()
    """The internal steps the file goes through after acceptance (seed 002 第十一–十四條), each with its
    clock (``policy.internal_limits``); an overdue step is a warning on the Decision, never its outcome."""
    reported_to: Id | None = None
    """上报件 (handling_kind reported): the higher authority that decides after this one's preliminary
    review (ALL Art. 35, 43): an authority id of the ruleset."""
    lower_review_limit: Period | None = None
    """上报件: the lower authority's review, from its acceptance (ALL Art. 43: 20 days, unless a law says
    otherwise)."""
    higher_limit: Period | None = None
    """上报件: the higher authority's own limit from its receipt of the file (default: ALL Art. 42's 20 WD)."""
    special_procedures: tuple[SpecialProcedure, ...] = ()
    """Excludable steps the matter may need (ALL Art. 45): hearing, testing, expert review, …."""
    instant_approval: Bool = Field(default=False, description="秒批 (seed 004): a complete application is "
                                   "approved when accepted; needs handling_kind immediate and promised 0")
    suspended_from: Date | None = None
    """暂停实施 (seed 001 "暂停行使(挂起)"): from this date (inclusive) the matter is not applied; an
    application received while suspended is not_required, reason matter_suspended."""
    suspended_to: Date | None = None
    """… until this date (inclusive); null: until further notice."""
    suspension_basis: tuple[Str, ...] = ()
    """The decision that suspends it: cited sources' keys or free text (as ``legal_basis``)."""
    effective_from: Date | None = None
    """The matter is in force from this date (inclusive) inside its ruleset version."""
    effective_to: Date | None = None
    """… until this date (inclusive)."""
    note: Str | None = Field(default=None, description="which values are cited and which illustrative")

    @model_validator(mode="after")
    def _required_unless_stub(self) -> "Matter":
        if not self.stub:
            absent = [k for k in STUB_OPTIONAL if getattr(self, k) is None]
            if absent:
                raise ValueError(f"{', '.join(absent)} required for a matter that is not a stub")
        return self

    @property
    def authority_id(self) -> str:
        return self.authority if isinstance(self.authority, str) else self.authority.id

    @cached_property
    def materials_by_id(self) -> Mapping[str, Material]:
        return MappingProxyType({m.id: m for m in self.materials})

    def suspended_on(self, day: _dt.date) -> bool:
        """Whether the matter's implementation is suspended (暂停实施) on ``day``."""
        return (self.suspended_from is not None and self.suspended_from <= day
                and (self.suspended_to is None or day <= self.suspended_to))

    def material(self, material_id: str) -> Material | None:
        return self.materials_by_id.get(material_id)


class Bundle(Frozen):
    """一件事一次办: matters a citizen applies for together as "one thing" (seed 000 "我要开饭店":
    "群众眼里的一件事才是一件事"), with one form — a material several matters need is asked once."""

    id: Id
    name: Str
    name_zh: Str
    matters: tuple[Id, ...] = Field(min_length=2)
    """The matter codes of the bundle; each must be a matter of the ruleset that can be applied for."""
    basis: Str | None = None

