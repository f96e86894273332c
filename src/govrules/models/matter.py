"""The catalogue: authorities, materials, fees and matters (spec §2)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .base import Bool, Date, Frozen, Id, NonNegInt, Str
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
    name: Str
    name_zh: Str
    necessity: Necessity
    technical_essential: Bool = False
    tolerable: Bool = False
    commitment_substitutable: Bool = False
    land_document: Bool = False


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
    counted_from: Str = Field(default="notice_received", pattern="^notice_received$")
    on_late: LateFeeEffect
    certificate_after_payment: Period | None = None


class LandDependency(Frozen):
    """Which prerequisite and which material stand for "land obtained" (simulated approval, §9)."""

    prerequisite: Id
    material: Id


class JurisdictionRow(Frozen):
    """One row of the authority list by investment size (seed 000 审批权限清单)."""

    max_investment_cny: NonNegInt | None = None
    authority_id: Id


_STUB_OPTIONAL = ("legal_basis", "level", "handling_kind", "statutory_limit", "promised_limit")


class Matter(Frozen):
    """政务服务事项. A ``stub`` is only a prerequisite target: it cannot be applied for."""

    code: Id
    name: Str
    name_zh: Str
    type: MatterType
    authority: Id | Authority
    stub: Bool = False
    legal_basis: tuple[Str, ...] | None = None
    level: Level | None = None
    handling_kind: HandlingKind | None = None
    statutory_limit: Period | None = None
    extension: Period | None = None
    promised_limit: Period | None = None
    clock_start: ClockStart | None = None
    certificate_issue_limit: Period | None = None
    materials: tuple[Material, ...] = ()
    prerequisites: tuple[Id, ...] = ()
    removed_prerequisites: tuple[Id, ...] = ()
    fees: tuple[Fee, ...] = ()
    max_visits: NonNegInt | None = None
    delegated_service: Bool = False
    tolerance_allowed: Bool = False
    notification_commitment_allowed: Bool = False
    simulated_approval_allowed: Bool = False
    land_dependency: LandDependency | None = None
    joint_handling: Bool = False
    exempt_project_types: tuple[Str, ...] = ()
    jurisdiction_by_investment: tuple[JurisdictionRow, ...] = ()
    licence_required: Bool = True
    validity: Period | None = None
    renewal_lead: Period | None = None
    correction_period: Period | None = None
    special_procedures: tuple[SpecialProcedure, ...] = ()
    instant_approval: Bool = Field(default=False, description="秒批 (seed 004): a complete application is "
                                   "approved when accepted; needs handling_kind immediate and promised 0")
    effective_from: Date | None = None
    effective_to: Date | None = None
    note: Str | None = Field(default=None, description="which values are cited and which illustrative")

    @model_validator(mode="after")
    def _required_unless_stub(self) -> "Matter":
        if not self.stub:
            absent = [k for k in _STUB_OPTIONAL if getattr(self, k) is None]
            if absent:
                raise ValueError(f"{', '.join(absent)} required for a matter that is not a stub")
        return self

    @property
    def authority_id(self) -> str:
        return self.authority if isinstance(self.authority, str) else self.authority.id

    def material(self, material_id: str) -> Material | None:
        for m in self.materials:
            if m.id == material_id:
                return m
        return None
