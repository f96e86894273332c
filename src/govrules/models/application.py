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
from .matter import ProjectCategory, SpecialProcedure
from .period import Period
from .policy import Credit


class ApplicantKind(StrEnum):
    """Who applies: a natural person (自然人), a legal person (法人) or another organisation (其他组织)."""

    natural_person = "natural_person"
    legal_person = "legal_person"
    other_org = "other_org"


class Channel(StrEnum):
    """How the application was received: at the window (窗口), online (网上) or by mail (ALL Art. 29)."""

    window = "window"
    online = "online"
    mail = "mail"


class MaterialStatus(StrEnum):
    """A submitted material's state at the window: ``ok``; ``correctable_on_spot``, an error the applicant
    can correct on the spot (当场更正, ALL Art. 32(3)); ``corrected_on_spot``, corrected there; ``defective``,
    not in the legal form (不符合法定形式): to be corrected."""

    ok = "ok"
    correctable_on_spot = "correctable_on_spot"
    corrected_on_spot = "corrected_on_spot"
    defective = "defective"


class LandStatus(StrEnum):
    """Whether the project's land-use right is already held (spec §9)."""

    obtained = "obtained"
    not_obtained = "not_obtained"


class Applicant(Frozen):
    """申请人: who applies, and the record that the exceptions resting on its word look at."""

    id: Id
    """证件号码: a resident ID for a natural person, the 统一社会信用代码 for an organisation. Documents
    mask a resident ID (first 6 and last 4 characters shown, govrules.display.masked_id)."""
    kind: ApplicantKind
    """natural_person, legal_person or other_org."""
    name: Str | None = None
    """姓名 / 名称: how documents address the applicant (申请人：张三)."""
    credit: Credit = Credit.good
    """信用: a credit the policy lists (``deny_if_credit``, default ``dishonest``) refuses tolerance and
    notification-commitment (``credit_dishonest``)."""
    prior_false_commitment: Bool = False
    """The applicant made a false commitment before: refuses tolerance and notification-commitment
    (``prior_false_commitment``)."""


@pydantic_dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid", use_attribute_docstrings=True))
class SubmittedMaterial:
    """One paper handed in, and its state at the window."""

    # A slotted dataclass rather than a model: an application lists dozens, and validating them is most
    # of the cost of reading an application.

    id: Id
    """The material's id in the matter's catalogue (an unknown or repeated id is an error)."""
    status: MaterialStatus = MaterialStatus.ok
    """Its state at the window: ok, correctable_on_spot, corrected_on_spot or defective."""


class NotificationCommitment(Frozen):
    """告知承诺书: the signed commitment and the proofs it replaces (spec §7)."""

    signed: Bool
    """The applicant signed the commitment (unsigned: ``not_signed``)."""
    materials: tuple[Id, ...] = ()
    """The proofs it replaces: material ids of the matter (each must be ``commitment_substitutable``)."""
    signed_on: Date | None = None
    """When it was signed (informational)."""


class Project(Frozen):
    """The investment project an application is for (投资建设项目): what screening, the prerequisites and
    simulated approval read."""

    category: ProjectCategory
    """项目类别: industrial, service, real_estate, social_undertaking, livelihood or government_investment."""
    project_type: Str | None = None
    """A low-risk project of a type the matter lists in ``exempt_project_types`` needs no licence
    (``not_required``, 低风险豁免)."""
    low_risk: Bool = False
    """The project is simple and low-risk (简易低风险工程): with ``project_type``, for the exemption."""
    investment_cny: NonNegInt | None = None
    """总投资 in yuan: picks the competent authority from the matter's ``jurisdiction_by_investment``."""
    industry_code: Str | None = None
    """行业代码, looked up in the negative list: prohibited ⇒ ``rejected``; restricted ⇒ the prerequisite
    ``restricted_requires`` names is required too."""
    land_status: LandStatus = LandStatus.obtained
    """Whether the land-use right is held: simulated approval is for land not yet obtained."""
    future_holder_clear: Bool = False
    """The land's future holder is clear (特定主体相对明确): a condition of simulated approval."""
    intended_holder_id: Str | None = None
    """Who is to obtain the land: a ``land_obtained`` event by this holder converts a simulated approval, by
    another voids it."""
    simulated_approval_requested: Bool = False
    """The enterprise asks for simulated approval (企业自愿): a condition of it."""


# ---- events (spec §3a) ---------------------------------------------------------------------------
class _Dated(Frozen):
    on: Date
    """The day it happened."""

    @property
    def date(self) -> _dt.date:
        return self.on


class ForwardedToDepartment(_Dated):
    """The window passed the file to the department for the acceptance review (§5.4, 4 WD)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "forwarded_to_department", "on": "2025-03-04"}]})

    type: Literal["forwarded_to_department"]


class AcceptanceVoucher(_Dated):
    """The window issued the acceptance voucher after a review: accepted on that date if it is
    within the notice period, else deemed acceptance applies."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "acceptance_voucher", "on": "2025-03-06"}]})

    type: Literal["acceptance_voucher"]


class CorrectionNotice(_Dated):
    """The one-time correction notice (一次性告知) was given."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "correction_notice", "on": "2025-03-04", "period": {"days": 5, "unit": "working_days"}}]})

    type: Literal["correction_notice"]
    period: Period | None = None
    """The time allowed to correct; null: the matter's ``correction_period``, else the policy's (5 WD)."""


class Supplement(_Dated):
    """Items delivered: after a correction notice, or tolerated items."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "supplement", "on": "2025-03-10", "materials": ["site_plan"], "prerequisites": ["PLAN-ENG"]}]})

    type: Literal["supplement"]
    materials: tuple[Id, ...] = ()
    """The materials delivered: material ids of the matter."""
    prerequisites: tuple[Id, ...] = ()
    """The prerequisite approvals delivered: matter codes of the ruleset."""


#: Excluded periods: the special procedures of ALL Art. 45, plus the intervals that project totals
#: exclude (seed 000 "不含企业准备材料、专家评审、公示、缴费等时间").
SuspensionKind = StrEnum(  # type: ignore[misc]
    "SuspensionKind",
    {**{p.name: p.value for p in SpecialProcedure},
     **{k: k for k in ("enterprise_preparation", "public_notice", "payment")}},
)
SuspensionKind.__doc__ = ("What an excluded period is for: a special procedure of ALL Art. 45, or (for project totals) "
                          "the enterprise's preparation, a public notice or a payment.")


class Interval(Frozen):
    """``from``…``to``, both inclusive (spec §10.6): excluded time of an application or a project."""

    from_: Date = Field(alias="from")
    """The first day excluded."""
    to: Date
    """The last day excluded (on or after ``from``)."""

    @model_validator(mode="after")
    def _ordered(self) -> "Interval":
        if self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self


class Suspension(Interval):
    """An excluded period (§10.6), both bounds inclusive; announced in full, so it counts whole once it
    has started. Replayed from its ``from`` date."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "suspension", "kind": "expert_review", "from": "2025-03-10", "to": "2025-03-14"}]})

    type: Literal["suspension"]
    kind: SuspensionKind
    """What the time is excluded for: a special procedure of ALL Art. 45 (hearing, tendering, auction,
    inspection, testing, quarantine, appraisal, expert_review) or, for project totals,
    enterprise_preparation, public_notice or payment."""

    @property
    def date(self) -> _dt.date:
        return self.from_


class Extension(_Dated):
    """The statutory limit was extended (§10.5)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "extension", "on": "2025-03-20", "days": 10}]})

    type: Literal["extension"]
    days: NonNegInt | None = None
    """Working days added to the statutory limit; null: the matter's ``extension``."""


class DecisionResult(StrEnum):
    """The result of a decision: approved (准予) or refused (不予)."""

    approved = "approved"
    refused = "refused"


class DecisionEvent(_Dated):
    """The substantive decision (准予 / 不予行政许可)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "decision", "on": "2025-03-25", "result": "approved"}]})

    type: Literal["decision"]
    result: DecisionResult
    """approved or refused."""


class SimulatedDecision(_Dated):
    """The decision issued under simulated approval: its results have no legal effect until the land
    is obtained by the intended holder."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "simulated_decision", "on": "2025-03-25", "result": "approved"}]})

    type: Literal["simulated_decision"]
    result: DecisionResult
    """approved or refused."""


class LandObtained(_Dated):
    """The land-use right went to ``holder_id`` (§9)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "land_obtained", "on": "2025-05-06", "holder_id": "91370100MA3C000001"}]})

    type: Literal["land_obtained"]
    holder_id: Id
    """Who obtained the land: the project's ``intended_holder_id`` converts a simulated approval."""


class FeeNotice(_Dated):
    """The applicant received the notice to pay a fee (§10.11)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "fee_notice", "on": "2025-03-26", "fee": "land_fee"}]})

    type: Literal["fee_notice"]
    fee: Id
    """The fee's id in the matter's ``fees``."""


class Payment(_Dated):
    """A fee was paid."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "payment", "on": "2025-04-02", "fee": "land_fee"}]})

    type: Literal["payment"]
    fee: Id
    """The fee's id in the matter's ``fees``."""


class LicenceGranted(_Dated):
    """The licence took effect (§10.3a)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "licence_granted", "on": "2025-04-01", "valid_until": "2030-03-31"}]})

    type: Literal["licence_granted"]
    valid_until: Date | None = None
    """The last day of validity; null: from the matter's ``validity``."""


class RenewalApplication(_Dated):
    """The holder applied to renew the licence (§10.3a)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "renewal_application", "on": "2029-12-01"}]})

    type: Literal["renewal_application"]


class RenewalResult(StrEnum):
    """The result of a renewal decision."""

    renewed = "renewed"
    refused = "refused"


class RenewalDecision(_Dated):
    """The renewal decision."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "renewal_decision", "on": "2030-01-15", "result": "renewed"}]})

    type: Literal["renewal_decision"]
    result: RenewalResult
    """renewed or refused."""


class ProjectStart(_Dated):
    """The project clock starts (§10.12)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"type": "project_start", "on": "2025-03-03"}]})

    type: Literal["project_start"]


# ---- internal steps after acceptance (seed 002 第十一–十四條) and reporting upward (ALL Art. 35, 43) ----
class SentToDivision(_Dated):
    """The window sent the accepted file to the lead division (主办处), which signed for it (第十一條)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"type": "sent_to_division", "on": "2014-09-30"}]})

    type: Literal["sent_to_division"]


class CosignRequested(_Dated):
    """The lead division sent its written opinion to the other divisions to co-sign (会签, 第十二條)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"type": "cosign_requested", "on": "2014-10-08"}]})

    type: Literal["cosign_requested"]


class CosignCompleted(_Dated):
    """Every division concerned signed its review opinion (第十二條: within 2 WD of the request)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"type": "cosign_completed", "on": "2014-10-10"}]})

    type: Literal["cosign_completed"]


class ConsultationSent(_Dated):
    """The consultation letter (征求意见函) went to the city and county departments (第十三條)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"type": "consultation_sent", "on": "2014-09-30"}]})

    type: Literal["consultation_sent"]


class ConsultationAnswered(_Dated):
    """The consulted departments' feedback arrived (第十三條: within 5 WD of the letter)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"type": "consultation_answered", "on": "2014-10-13"}]})

    type: Literal["consultation_answered"]


class ReviewMeeting(_Dated):
    """The review meeting (会审, 第十四條): its vote is the basis of the decision; a refusal ends in 不予批准."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "review_meeting", "on": "2014-10-15", "result": "approved"}]})

    type: Literal["review_meeting"]
    result: DecisionResult
    """approved (会审通过) or refused (会审未通过: a decision not to approve follows)."""


class ReportedUpward(_Dated):
    """上报件: the lower authority sent its preliminary review opinion and every material to the higher
    authority (ALL Art. 35; within 20 days of its acceptance, Art. 43)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"type": "reported_upward", "on": "2014-10-20"}]})

    type: Literal["reported_upward"]


class HigherReceived(_Dated):
    """The higher authority received the reported file: its own clock starts."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"type": "higher_received", "on": "2014-10-21"}]})

    type: Literal["higher_received"]


class HigherCorrectionNotice(_Dated):
    """The higher authority asked the applicant for materials: one the lower authority already holds may
    not be asked again (ALL Art. 35 "上级行政机关不得要求申请人重复提供申请材料")."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "higher_correction_notice", "on": "2014-10-24", "materials": ["survey_report"]}]})

    type: Literal["higher_correction_notice"]
    materials: tuple[Id, ...]
    """The materials asked for: material ids of the matter."""


class JointSiteInspection(Interval):
    """联合踏勘 (seed 002 county 第十五條): the centre's joint site inspection of a 联办件; excluded from the
    clock only where the policy says so (``joint_site_inspection_excluded``; not one of ALL Art. 45's)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"type": "joint_site_inspection", "from": "2025-03-10", "to": "2025-03-11"}]})

    type: Literal["joint_site_inspection"]

    @property
    def date(self) -> _dt.date:
        return self.from_


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
        SentToDivision,
        CosignRequested,
        CosignCompleted,
        ConsultationSent,
        ConsultationAnswered,
        ReviewMeeting,
        ReportedUpward,
        HigherReceived,
        HigherCorrectionNotice,
        JointSiteInspection,
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
            "project_start", "sent_to_division", "consultation_sent", "cosign_requested", "cosign_completed",
            "consultation_answered", "review_meeting", "reported_upward", "higher_received",
            "higher_correction_notice", "joint_site_inspection",
        ]
    )
})
SINGLE_EVENTS = frozenset(
    {"decision", "simulated_decision", "land_obtained", "licence_granted", "renewal_decision", "sent_to_division",
     "cosign_requested", "cosign_completed", "consultation_sent", "consultation_answered", "review_meeting",
     "reported_upward", "higher_received", "higher_correction_notice", "joint_site_inspection"}
)


class Application(Frozen):
    """An application as received (收件), plus what happened after receipt."""

    id: Id
    """The application's own id (申请编号), echoed as the decision's ``application_id``."""
    matter_code: Id
    """The matter applied for (事项编码): a matter code of the ruleset, not a catalogue stub."""
    authority_id: Id
    """Where it was filed: an authority id of the ruleset's catalogue (another authority than the competent
    one ⇒ ``not_jurisdiction``)."""
    region: Str = Field(pattern=r"^\d{6}$")
    """The 6-digit administrative-division code of the filing place (informational)."""
    applicant: Applicant
    """Who applies."""
    submitted_on: Date
    """The receipt date (收件日期): picks the ruleset version in force and starts the clocks."""
    channel: Channel
    """window, online or mail."""
    materials: tuple[SubmittedMaterial, ...]
    """The materials handed in, each once; a material of the matter not listed is missing."""
    basic_conditions_met: Bool = True
    """The window's finding that the basic conditions are met (基本条件具备): a condition of tolerance."""
    tolerance_commitment_signed: Bool = False
    """The applicant signed the tolerance commitment (容缺受理承诺书): a condition of tolerance."""
    notification_commitment: NotificationCommitment | None = None
    """The notification-commitment (告知承诺书), if any."""
    obtained_prerequisites: tuple[Id, ...] = ()
    """The prerequisite approvals already held: matter codes of the ruleset."""
    project: Project | None = None
    """The investment project, for investment matters."""
    decided_on_spot: Bool = True
    """The window decided on acceptance on the spot; false: it forwarded the file, and the notice period
    runs (deemed acceptance, ALL Art. 32(4))."""
    ruleset: Id | None = None
    """The id of the ruleset to apply when a library holds several with the matter (spec §4a)."""
    events: tuple[Event, ...] = ()
    """What happened after receipt, in any order: replayed in date order up to ``as_of`` (spec §3a)."""


def application_error(exc: ValidationError) -> InvalidInputError:
    """An application's validation as one error: its first problem, carrying every other (``.problems``),
    each named by its JSON path as written (``application.events[0].on``: the event's type, pydantic's
    discriminator tag, is no part of it)."""
    return input_error(exc, "application", tags=EVENT_ORDER)


def application_problems(exc: ValidationError) -> list[InvalidInputError]:
    """Every problem of an application's validation, named by its JSON path as written."""
    return input_problems(exc, "application", tags=EVENT_ORDER)
