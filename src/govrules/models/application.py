"""What arrives at the window: the application and the typed events that follow it (spec §3, §3a)."""

from __future__ import annotations

import datetime as _dt
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Literal, Mapping, Union

from pydantic import ConfigDict, Field, ValidationError, model_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from ..errors import InvalidInputError, input_error, input_problems
from .base import Bool, Date, Frozen, Id, NonNegInt, Str
from .matter import SpecialProcedure
from .period import Period
from .policy import Credit


class ApplicantKind(StrEnum):
    natural_person = "natural_person"
    legal_person = "legal_person"
    other_org = "other_org"


class Channel(StrEnum):
    window = "window"
    online = "online"
    mail = "mail"


class MaterialStatus(StrEnum):
    ok = "ok"
    correctable_on_spot = "correctable_on_spot"
    corrected_on_spot = "corrected_on_spot"
    defective = "defective"


class ProjectCategory(StrEnum):
    industrial = "industrial"
    service = "service"
    real_estate = "real_estate"
    social_undertaking = "social_undertaking"
    livelihood = "livelihood"
    government_investment = "government_investment"


class LandStatus(StrEnum):
    obtained = "obtained"
    not_obtained = "not_obtained"


class Applicant(Frozen):
    id: Id
    """证件号码: a resident ID for a natural person, the 统一社会信用代码 for an organisation. Documents
    mask a resident ID (first 6 and last 4 characters shown, govrules.display.masked_id)."""
    kind: ApplicantKind
    name: Str | None = None
    """姓名 / 名称: how documents address the applicant (申请人：张三)."""
    credit: Credit = Credit.good
    prior_false_commitment: Bool = False


@pydantic_dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid", use_attribute_docstrings=True))
class SubmittedMaterial:
    """One paper handed in, and its state at the window. A slotted dataclass rather than a model:
    an application lists dozens, and validating them is most of the cost of reading an application."""

    id: Id
    status: MaterialStatus = MaterialStatus.ok


class NotificationCommitment(Frozen):
    """告知承诺书: the signed commitment and the proofs it replaces (spec §7)."""

    signed: Bool
    materials: tuple[Id, ...] = ()
    signed_on: Date | None = None


class Project(Frozen):
    category: ProjectCategory
    project_type: Str | None = None
    low_risk: Bool = False
    investment_cny: NonNegInt | None = None
    industry_code: Str | None = None
    land_status: LandStatus = LandStatus.obtained
    future_holder_clear: Bool = False
    intended_holder_id: Str | None = None
    simulated_approval_requested: Bool = False


# ---- events (spec §3a) ---------------------------------------------------------------------------
class _Dated(Frozen):
    on: Date

    @property
    def date(self) -> _dt.date:
        return self.on


class ForwardedToDepartment(_Dated):
    type: Literal["forwarded_to_department"]


class AcceptanceVoucher(_Dated):
    type: Literal["acceptance_voucher"]


class CorrectionNotice(_Dated):
    type: Literal["correction_notice"]
    period: Period | None = None


class Supplement(_Dated):
    type: Literal["supplement"]
    materials: tuple[Id, ...] = ()
    prerequisites: tuple[Id, ...] = ()


#: Excluded periods: the special procedures of ALL Art. 45, plus the intervals that project totals
#: exclude (seed 000 "不含企业准备材料、专家评审、公示、缴费等时间").
SuspensionKind = StrEnum(  # type: ignore[misc]
    "SuspensionKind",
    {**{p.name: p.value for p in SpecialProcedure},
     **{k: k for k in ("enterprise_preparation", "public_notice", "payment")}},
)


class Interval(Frozen):
    """``from``…``to``, both inclusive (spec §10.6): excluded time of an application or a project."""

    from_: Date = Field(alias="from")
    to: Date

    @model_validator(mode="after")
    def _ordered(self) -> "Interval":
        if self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self


class Suspension(Interval):
    type: Literal["suspension"]
    kind: SuspensionKind

    @property
    def date(self) -> _dt.date:
        return self.from_


class Extension(_Dated):
    type: Literal["extension"]
    days: NonNegInt | None = None


class DecisionResult(StrEnum):
    approved = "approved"
    refused = "refused"


class DecisionEvent(_Dated):
    type: Literal["decision"]
    result: DecisionResult


class SimulatedDecision(_Dated):
    type: Literal["simulated_decision"]
    result: DecisionResult


class LandObtained(_Dated):
    type: Literal["land_obtained"]
    holder_id: Id


class FeeNotice(_Dated):
    type: Literal["fee_notice"]
    fee: Id


class Payment(_Dated):
    type: Literal["payment"]
    fee: Id


class LicenceGranted(_Dated):
    type: Literal["licence_granted"]
    valid_until: Date | None = None


class RenewalApplication(_Dated):
    type: Literal["renewal_application"]


class RenewalResult(StrEnum):
    renewed = "renewed"
    refused = "refused"


class RenewalDecision(_Dated):
    type: Literal["renewal_decision"]
    result: RenewalResult


class ProjectStart(_Dated):
    type: Literal["project_start"]


Event = Annotated[
    Union[
        ForwardedToDepartment,
        AcceptanceVoucher,
        CorrectionNotice,
        Supplement,
        Suspension,
        Extension,
        DecisionEvent,
        SimulatedDecision,
        LandObtained,
        FeeNotice,
        Payment,
        LicenceGranted,
        RenewalApplication,
        RenewalDecision,
        ProjectStart,
    ],
    Field(discriminator="type"),
]

#: Same-day events replay in this order (spec §3a table order), then in list order.
EVENT_ORDER: Mapping[str, int] = MappingProxyType({
    name: i
    for i, name in enumerate(
        [
            "forwarded_to_department", "acceptance_voucher", "correction_notice", "supplement",
            "suspension", "extension", "decision", "simulated_decision", "land_obtained",
            "fee_notice", "payment", "licence_granted", "renewal_application", "renewal_decision",
            "project_start",
        ]
    )
})
SINGLE_EVENTS = frozenset(
    {"decision", "simulated_decision", "land_obtained", "licence_granted", "renewal_decision"}
)


class Application(Frozen):
    """An application as received (收件), plus what happened after receipt."""

    id: Id
    matter_code: Id
    authority_id: Id
    region: Str = Field(pattern=r"^\d{6}$")
    applicant: Applicant
    submitted_on: Date
    channel: Channel
    materials: tuple[SubmittedMaterial, ...]
    basic_conditions_met: Bool = True
    tolerance_commitment_signed: Bool = False
    notification_commitment: NotificationCommitment | None = None
    obtained_prerequisites: tuple[Id, ...] = ()
    project: Project | None = None
    decided_on_spot: Bool = True
    ruleset: Id | None = None
    events: tuple[Event, ...] = ()


def application_error(exc: ValidationError) -> InvalidInputError:
    """An application's validation as one error: its first problem, carrying every other (``.problems``),
    each named by its JSON path as written (``application.events[0].on``: the event's type, pydantic's
    discriminator tag, is no part of it)."""
    return input_error(exc, "application", tags=EVENT_ORDER)


def application_problems(exc: ValidationError) -> list[InvalidInputError]:
    """Every problem of an application's validation, named by its JSON path as written."""
    return input_problems(exc, "application", tags=EVENT_ORDER)
