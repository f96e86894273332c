"""The elements of a service guide (办事指南), collected from one matter of a ruleset.

Seed 003 reports that the guide's elements were expanded "由6项扩充至24项" without listing them; this
guide carries every element the ruleset model holds (the national implementation-list elements of
spec §2) and says "未规定" for the ones it does not (the 办理地点 and 办理渠道) rather than inventing them.

Every value is read from the objects ``decide()`` reads, never re-derived:

- the required materials, prerequisites (and the removed or parallel ones), the correction period and
  the certificate period from the matter's compiled plan (``engine.plan.plan_for``);
- whether a material may be tolerated (容缺) or replaced by a commitment (告知承诺) from the tolerance and
  commitment rules' own functions, asked for an applicant that meets every condition of its own;
- which project categories simulated approval takes from the simulated-approval rule, asked the same way;
- the legal basis through ``rules.basis.applicant_basis`` only: legal sources in force on the guide's
  date, never a reform report, a practice page or a ruleset's free text (spec §13a Q7).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..engine.plan import MatterPlan, plan_for
from ..errors import InvalidInputError
from ..loading import RulesetLibrary
from ..models.application import Application, LandStatus, NotificationCommitment, Project
from ..models.base import parse_iso_date
from ..models.decision import Citation
from ..models.matter import Authority, Material, Matter, Necessity, ProjectCategory
from ..models.period import Period, Unit
from ..models.ruleset import Ruleset
from ..rules import commitment as commitment_rules
from ..rules import simulated as simulated_rules
from ..rules import tolerance as tolerance_rules
from ..rules.basis import applicant_basis, citations, matter_basis
from ..models.sources import cited_source, sources

#: What a guide says of an element the ruleset model does not hold.
NOT_SET = "未规定"

TYPE_ZH = MappingProxyType({
    "administrative_license": "行政许可", "administrative_confirmation": "行政确认",
    "administrative_payment": "行政给付", "administrative_ruling": "行政裁决",
    "administrative_reward": "行政奖励", "administrative_filing": "行政备案",
    "other_administrative_power": "其他行政权力", "public_service": "公共服务",
})
LEVEL_ZH = MappingProxyType({"national": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级",
                             "township": "乡镇级", "village": "村级"})
HANDLING_ZH = MappingProxyType({"immediate": "即办件", "promised": "承诺件", "joint": "联办件", "reported": "上报件"})
NECESSITY_ZH = MappingProxyType({"main": "必要（主要材料）", "secondary": "必要（次要材料）", "optional": "非必要"})
PROCEDURE_ZH = MappingProxyType({
    "hearing": "听证", "tendering": "招标", "auction": "拍卖", "inspection": "检验", "testing": "检测",
    "quarantine": "检疫", "appraisal": "鉴定", "expert_review": "专家评审",
})
CATEGORY_ZH = MappingProxyType({
    "industrial": "工业", "service": "服务业", "real_estate": "房地产", "social_undertaking": "社会事业",
    "livelihood": "民生", "government_investment": "政府投资",
})
#: seed 004's positive list (简易低风险建设工程项目), as the shipped rulesets name its project types
PROJECT_TYPE_ZH = MappingProxyType({
    "municipal_utility": "市政公用设施", "environmental_improvement": "环境整治",
    "non_commercial_ancillary": "非经营性、非盈利性附属设施", "livelihood_project": "民生工程",
    "old_community_renovation": "老旧小区改造", "residential_ancillary": "住宅附属设施",
})
LATE_FEE_ZH = MappingProxyType({"not_approved": "逾期不缴纳的，不予批准",
                                "closed_without_processing": "逾期不缴纳的，不予办理，作出办结登记"})


@dataclass(frozen=True, slots=True)
class GuideMaterial:
    """One material as the guide lists it; ``tolerable`` and ``substitutable`` are the rules' answers."""

    id: str
    name_zh: str
    necessity: Necessity
    required: bool  # in the plan's required materials: its absence is a gap decide() reports
    technical_essential: bool
    tolerable: bool  # 容缺: the tolerance rule tolerates its absence alone
    substitutable: bool  # 告知承诺: the commitment rule accepts a signed commitment in its place
    deemed_by_simulation: bool  # the land document simulated approval deems held

    @property
    def necessity_zh(self) -> str:
        return NECESSITY_ZH[self.necessity.value]

    @property
    def marks(self) -> tuple[str, ...]:
        """What the guide says of it beyond its necessity, only what applies (a text line names 容缺
        exactly when it may be tolerated)."""
        out = []
        if self.technical_essential:
            out.append("技术要件")
        if self.tolerable:
            out.append("可容缺后补")
        if self.substitutable:
            out.append("可以告知承诺替代")
        if self.deemed_by_simulation:
            out.append("模拟审批时视为已提交")
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Element:
    """One element of the guide: its heading (the Chinese name) and its content, as paragraphs and,
    for the materials, a table. ``basis``: the legal sources it rests on, as an applicant may be cited."""

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # numbered lines under the paragraphs
    table_head: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    basis: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class ServiceGuide:
    """The guide of one matter under one ruleset version, on one date."""

    matter_code: str
    name_zh: str
    ruleset_id: str
    ruleset_version: str
    on: _dt.date
    elements: tuple[Element, ...]
    materials: tuple[GuideMaterial, ...]
    prerequisites: tuple[str, ...]  # the plan's effective prerequisites: each must be held
    ignored_prerequisites: tuple[tuple[str, str], ...]  # (code, "removed" | "parallel"): listed, not required
    statutory_limit: Period
    promised_limit: Period
    extension: Period | None
    correction_period: Period
    certificate_limit: Period
    acceptance_notice_limit: Period

    @property
    def title(self) -> str:
        return f"{self.name_zh}办事指南"

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(e.heading for e in self.elements)

    @property
    def required_materials(self) -> frozenset[str]:
        return frozenset(m.id for m in self.materials if m.required)

    def element(self, key: str) -> Element:
        return next(e for e in self.elements if e.key == key)


# ---- which ruleset, which matter ------------------------------------------------------------------
def service_guide(matter_code: str, ruleset: Ruleset | RulesetLibrary, on: _dt.date | str | None = None, *,
                  ruleset_id: str | None = None) -> ServiceGuide:
    """The guide of ``matter_code`` as an application received ``on`` (default: today) would be
    decided: the version in force that day, the matter in force that day, its sources in force that day.

    Errors (``InvalidInputError``, exit 2 on the command line): an unknown code (``unknown_matter``, or a
    library's ``no_ruleset_for_matter``), a catalogue stub (``matter_not_applicable``), a matter or
    ruleset not in force on ``on`` (``matter_not_in_force``, ``no_ruleset_in_force``)."""
    day = _day(on)
    rs = _version(matter_code, ruleset, day, ruleset_id)
    matter = rs.matters_by_code.get(matter_code)
    if matter is None:
        raise InvalidInputError("unknown_matter", "matter_code", matter_code, f"a matter code of ruleset {rs.id}")
    if matter.stub:
        raise InvalidInputError("matter_not_applicable", "matter_code", matter_code,
                                "a matter that can be applied for (this one is a catalogue stub: no limits or "
                                "materials to publish)")
    if (matter.effective_from and day < matter.effective_from) or (matter.effective_to and day > matter.effective_to):
        raise InvalidInputError("matter_not_in_force", "on", day.isoformat(),
                                f"a date within the matter's effective period {matter.effective_from or ''}…"
                                f"{matter.effective_to or ''}")
    return _Collector(rs, plan_for(rs, matter), day).guide()


def _day(on: Any) -> _dt.date:
    if on is None:
        return _dt.date.today()
    try:
        return parse_iso_date(on)
    except ValueError as exc:
        raise InvalidInputError("invalid_value", "on", on, str(exc)) from None


#: the library's fields name an application's; a guide's arguments are named so
_FIELDS = MappingProxyType({"application.matter_code": "matter_code", "application.submitted_on": "on",
                           "application.ruleset": "ruleset_id"})


def _version(code: str, ruleset: Any, day: _dt.date, ruleset_id: str | None) -> Ruleset:
    if isinstance(ruleset, RulesetLibrary):
        try:
            return ruleset.select(code, day, ruleset_id)[0]
        except InvalidInputError as exc:
            raise InvalidInputError(exc.code, _FIELDS.get(exc.field, exc.field), exc.value, exc.expected) from None
    if not isinstance(ruleset, Ruleset):
        raise InvalidInputError("invalid_value", "ruleset", type(ruleset).__name__,
                                "a govrules.Ruleset or RulesetLibrary (see govrules.load_ruleset)")
    if ruleset_id is not None and ruleset_id != ruleset.id:
        raise InvalidInputError("unknown_ruleset", "ruleset_id", ruleset_id, f"the id of the ruleset given, {ruleset.id!r}")
    if not ruleset.in_force_on(day):
        raise InvalidInputError("no_ruleset_in_force", "on", day.isoformat(),
                                f"a date within {ruleset.id} {ruleset.version}'s effective period "
                                f"{ruleset.effective_from}…{ruleset.effective_to or ''}")
    return ruleset


# ---- the elements ---------------------------------------------------------------------------------
def period_zh(p: Period) -> str:
    """A period as the guide states it, with its unit: 20个工作日, 30日（自然日）, 3年."""
    if p.days is not None and p.unit is Unit.calendar_days:
        return f"{p.days}日（自然日）"
    return p.zh


def _is_zero(p: Period) -> bool:
    return p.days == 0


class _Collector:
    def __init__(self, rs: Ruleset, plan: MatterPlan, on: _dt.date) -> None:
        self.rs, self.plan, self.on = rs, plan, on
        self.m: Matter = plan.matter
        self.policy = rs.policy
        self.authority = self._authority(self.m.authority_id)
        self.probe = self._probe_application()

    def cite(self, basis: Any) -> tuple[Citation, ...]:
        return applicant_basis(basis, on=self.on, policy=self.policy)

    def _authority(self, aid: str) -> Authority | None:
        return self.rs.authorities_by_id.get(aid)

    def authority_zh(self, aid: str) -> str:
        a = self._authority(aid)
        return a.name_zh if a is not None else aid

    def matter_zh(self, code: str) -> str:
        m = self.rs.matters_by_code.get(code)
        return f"{m.name_zh}（{code}）" if m is not None else code

    def _probe_application(self) -> Application:
        """An applicant that meets every condition of its own (basic conditions, the signed tolerance
        commitment, a clean record, every prerequisite held): what the rules then refuse is the matter's."""
        a = self.authority
        return Application.model_validate({
            "id": "service-guide", "matter_code": self.m.code, "authority_id": self.m.authority_id,
            "region": a.region if a is not None else "000000",
            "applicant": {"id": "service-guide", "kind": "legal_person"},
            "submitted_on": self.on.isoformat(), "channel": "window", "materials": [],
            "basic_conditions_met": True, "tolerance_commitment_signed": True,
            "obtained_prerequisites": list(self.plan.prerequisites),
        })

    # -- what the rules answer ----------------------------------------------------------------
    def tolerable(self, x: Material) -> bool:
        """The tolerance rule (spec §6) finds nothing to refuse when ``x`` alone is missing."""
        return not tolerance_rules.refusal_reasons(self.m, self.policy, self.probe, (x.id,), ())

    def substitutable(self, x: Material) -> bool:
        """The commitment rule (spec §7) takes a signed commitment listing ``x`` in its place — for a
        required material: an optional one is never a gap, so there is nothing to substitute."""
        if x.id not in self.plan.required_ids:
            return False
        app = self.probe.model_copy(update={"notification_commitment": _commitment(self.probe, x.id)})
        return x.id in commitment_rules.substitute(self.m, self.policy, app, (x.id,))[0]

    def simulated_categories(self) -> tuple[str, ...]:
        """The project categories the simulated-approval rule (spec §9) accepts, for a project of each
        that has not yet obtained its land, with a clear intended holder, asked for voluntarily."""
        out = []
        for cat in ProjectCategory:
            app = self.probe.model_copy(update={"project": _project(self.probe, cat)})
            if not simulated_rules.refusal_reasons(self.m, self.policy, app):
                out.append(cat.value)
        return tuple(out)

    # -- the guide ----------------------------------------------------------------------------
    def guide(self) -> ServiceGuide:
        mats = self.materials()
        m, plan = self.m, self.plan
        elements = (
            Element("name", "事项名称", (m.name_zh,)),
            Element("code", "事项编码", (m.code,)),
            Element("type", "事项类型", (TYPE_ZH[m.type.value],)),
            self.legal_basis(),
            self.implementer(),
            Element("level", "行使层级", (LEVEL_ZH[m.level.value] if m.level else NOT_SET,)),
            self.handling(),
            self.conditions(mats),
            self.materials_element(mats),
            self.procedure(),
            self.statutory(),
            self.promised(),
            self.special_procedures(),
            self.fees(),
            self.result(),
            Element("location", "办理地点", (NOT_SET,)),
            self.visits(),
            Element("channels", "办理渠道", (NOT_SET,)),
            self.remedies(),
        )
        assert m.statutory_limit is not None and m.promised_limit is not None  # not a stub
        return ServiceGuide(matter_code=m.code, name_zh=m.name_zh, ruleset_id=self.rs.id,
                            ruleset_version=self.rs.version, on=self.on, elements=elements, materials=mats,
                            prerequisites=plan.prerequisites, ignored_prerequisites=plan.ignored,
                            statutory_limit=m.statutory_limit, promised_limit=m.promised_limit,
                            extension=m.extension, correction_period=plan.correction_period,
                            certificate_limit=plan.certificate_limit,
                            acceptance_notice_limit=self.policy.acceptance_notice_limit)

    def materials(self) -> tuple[GuideMaterial, ...]:
        land = self.m.land_dependency
        simulable = bool(self.m.simulated_approval_allowed and land and self.simulated_categories())
        return tuple(GuideMaterial(
            id=x.id, name_zh=x.name_zh, necessity=x.necessity, required=x.id in self.plan.required_ids,
            technical_essential=x.technical_essential, tolerable=self.tolerable(x),
            substitutable=self.substitutable(x),
            deemed_by_simulation=simulable and land is not None and land.material == x.id,
        ) for x in self.m.materials)

    def legal_basis(self) -> Element:
        cited = self.cite(matter_basis(self.m.legal_basis, self.policy))
        return Element("legal_basis", "设定依据", () if cited else (NOT_SET,), items=tuple(cite_zh(c) for c in cited))

    def implementer(self) -> Element:
        m = self.m
        paragraphs = [self.authority_zh(m.authority_id)]
        items = []
        if m.jurisdiction_by_investment:
            paragraphs.append("按项目总投资确定审批机关（审批权限清单）：")
            lower = None
            for row in m.jurisdiction_by_investment:
                who = self.authority_zh(row.authority_id)
                if row.max_investment_cny is None:
                    span = f"{_yuan(lower)}以上" if lower is not None else "不限投资额"
                else:
                    span = f"{_yuan(row.max_investment_cny)}及以下" if lower is None else \
                        f"{_yuan(lower)}以上至{_yuan(row.max_investment_cny)}"
                items.append(f"{span}：{who}")
                lower = row.max_investment_cny
        return Element("authority", "实施主体", tuple(paragraphs), items=tuple(items))

    def handling(self) -> Element:
        m = self.m
        text = HANDLING_ZH[m.handling_kind.value] if m.handling_kind else NOT_SET
        paragraphs = [text]
        if m.joint_handling:
            paragraphs.append("本事项由多个行政机关统一办理、联合办理或者集中办理。")
        if m.instant_approval:
            paragraphs.append("秒批：申请材料齐全、符合法定形式的，受理即作出准予决定。")
        return Element("handling_kind", "办件类型", tuple(paragraphs))

    def conditions(self, mats: tuple[GuideMaterial, ...]) -> Element:
        """The conditions of acceptance, one numbered line each, in the engine's order (spec §5.3):
        screening, prerequisites, the market-access list, then the exceptions (tolerance, commitment,
        simulated approval) the matter allows."""
        m, plan, policy, rs = self.m, self.plan, self.policy, self.rs
        items: list[str] = []
        basis: list[Citation] = []
        if m.suspended_from is not None and (m.suspended_to is None or self.on <= m.suspended_to):
            until = f"至{_date_zh(m.suspended_to)}" if m.suspended_to is not None else ""
            items.append(f"本事项自{_date_zh(m.suspended_from)}起暂停实施{until}，期间无需办理，不予受理。")
            basis += citations("acceptance.matter_suspended") + matter_basis(m.suspension_basis, policy)
        if not m.licence_required:
            items.append("本事项依法不需要取得行政许可；申请的，即时告知不予受理。")
            basis += citations("acceptance.not_required")
        if m.exempt_project_types:
            kinds = "、".join(PROJECT_TYPE_ZH.get(t, t) for t in m.exempt_project_types)
            items.append(f"下列简易低风险项目免于办理本事项：{kinds}。")
        items.append("申请事项属于实施主体职权范围，申请材料齐全、符合法定形式的，予以受理。")
        basis += citations("acceptance.accepted")
        items += [f"前置条件：须已取得{self.matter_zh(c)}。" for c in plan.prerequisites]
        for code, why in plan.ignored:
            items.append(f"{self.matter_zh(code)}：" + ("已取消前置，无需先行取得。" if why == "removed"
                                                        else "与本事项并联办理，无需先行取得。"))
        if not plan.prerequisites and not plan.ignored:
            items.append("前置条件：无。")
        if rs.negative_list.prohibited:
            items.append("投资项目属于市场准入清单禁止类行业的，不予受理。")
        for code in rs.negative_list.restricted:
            extra = rs.restricted_requires.get(code)
            if extra is not None:
                label = rs.negative_list.labels_zh.get(code, "")
                items.append(f"投资项目属于限制类行业{code}{'（' + label + '）' if label else ''}的，还须已取得"
                             f"{self.matter_zh(extra)}。")
        if m.tolerance_allowed:
            if any(x.tolerable for x in mats):
                t = policy.tolerance
                items.append(
                    "容缺受理：基本条件具备、主要材料齐全、符合法定条件，仅缺少可容缺的次要材料（技术要件不得容缺）"
                    f"的，申请人签署容缺受理承诺书后先行受理、审查，并于受理之日起{period_zh(t.supplement_limit)}内"
                    "补齐；补齐前不颁发证件，逾期未补齐的，终止办理。" + _record_bar(t.deny_if_credit)
                    + ("同时缺少不可容缺材料的，可容缺材料先行容缺，其余材料一次性告知补正。" if t.allow_partial
                       else "同时缺少不可容缺材料的，一次性告知补正全部材料。"))
                basis += citations("tolerance.accepted")
            else:
                items.append("容缺受理：本事项列入容缺受理清单，但其申请材料均不可容缺。")
        if m.notification_commitment_allowed:
            substituted = [x.name_zh for x in mats if x.substitutable]
            if substituted:
                items.append("告知承诺：申请人书面承诺符合条件并签署告知承诺书的，可以承诺代替下列证明材料："
                             f"{'、'.join(substituted)}；承诺内容在审批后核查。"
                             + _record_bar(policy.notification_commitment.deny_if_credit))
                basis += citations("commitment.substituted")
            else:
                items.append("告知承诺：本事项列入告知承诺清单，但其申请材料均不可以承诺代替。")
        categories = self.simulated_categories() if m.simulated_approval_allowed else ()
        if categories and m.land_dependency is not None:
            sa, land = policy.simulated_approval, m.land_dependency
            land_mat = m.material(land.material)
            deemed = [self.matter_zh(land.prerequisite)] if land.prerequisite in plan.prerequisites else []
            deemed += [land_mat.name_zh] if land_mat is not None else []
            items.append(
                f"模拟审批：{'、'.join(CATEGORY_ZH.get(c, c) for c in categories)}项目尚未取得土地使用权、拟用地"
                f"主体明确，企业自愿申请的，{'、'.join(deemed)}视为具备，模拟办理；审批结果在拟用地主体取得土地之日"
                "转为正式结果，此前不发生效力。"
                + ("土地由其他主体取得的，模拟审批结果作废。" if sa.void_if_land_obtained_by_other_party else "")
                + (f"模拟审批结果的有效期为{period_zh(sa.validity)}。" if sa.validity is not None else ""))
            basis += citations("simulated.accepted")
        return Element("conditions", "受理条件", items=tuple(items), basis=self.cite(basis))

    def materials_element(self, mats: tuple[GuideMaterial, ...]) -> Element:
        head = ("序号", "材料名称", "必要性", "技术要件", "容缺后补", "告知承诺")
        rows = tuple((str(i), x.name_zh, x.necessity_zh, "是" if x.technical_essential else "否",
                      "可容缺后补" if x.tolerable else "否", "可以承诺替代" if x.substitutable else "否")
                     for i, x in enumerate(mats, 1))
        paragraphs = () if mats else ("本事项未列申请材料。",)
        notes = tuple(f"{x.name_zh}：符合模拟审批条件的，视为已提交（见受理条件）。" for x in mats if x.deemed_by_simulation)
        return Element("materials", "申请材料", paragraphs + notes, table_head=head if mats else (), table=rows)

    def procedure(self) -> Element:
        m, plan, policy = self.m, self.plan, self.policy
        start = "收到申请" if plan.clock_from_receipt else "受理"
        steps = [
            "收件：实施主体收到申请材料。",
            "受理：申请材料齐全、符合法定形式的，予以受理并出具受理凭证；存在可以当场更正的错误的，允许当场更正；"
            f"申请材料不齐全或者不符合法定形式的，当场或者在{period_zh(policy.acceptance_notice_limit)}内一次性告知"
            "需要补正的全部内容，逾期不告知的，自收到申请材料之日起即为受理。",
            f"补正：申请人应当在补正通知书规定的期限内补正（未另行规定的，为{period_zh(plan.correction_period)}）；"
            f"逾期未补正全部内容的，在补正期限届满后{period_zh(policy.non_acceptance_decision_limit)}内作出不予受理决定。",
            f"审查：自{start}之日起审查申请材料"
            + ("，依法需要" + "、".join(PROCEDURE_ZH[p.value] for p in m.special_procedures)
               + "的，所需时间不计算在办理时限内" if m.special_procedures else "") + "。",
            self._decision_step(start),
            self._certificate_step(),
        ]
        basis = (list(citations("acceptance.accepted")) + list(citations("acceptance.correction_required"))
                 + list(citations("clock.certificate")))
        return Element("procedure", "办理流程", items=tuple(steps), basis=self.cite(basis))

    def _decision_step(self, start: str) -> str:
        m = self.m
        assert m.statutory_limit is not None and m.promised_limit is not None
        if _is_zero(m.promised_limit):
            return f"决定：当场作出决定（法定时限为自{start}之日起{period_zh(m.statutory_limit)}）。"
        return (f"决定：自{start}之日起{period_zh(m.promised_limit)}内作出决定（承诺时限），"
                f"最长不超过{period_zh(m.statutory_limit)}（法定时限）。")

    def _certificate_step(self) -> str:
        plan = self.plan
        text = ("发证：作出准予决定的，当场颁发、送达证件" if _is_zero(plan.certificate_limit)
                else f"发证：作出准予决定的，自作出决定之日起{period_zh(plan.certificate_limit)}内颁发、送达证件")
        for fee in plan.certificate_fees:
            assert fee.certificate_after_payment is not None
            text += f"；须缴纳{fee.name_zh}的，自缴清之日起{period_zh(fee.certificate_after_payment)}内送达"
        if self.m.tolerance_allowed and any(self.tolerable(x) for x in self.m.materials):
            text += "；容缺受理的，补齐容缺材料后颁发"
        return text + "。"

    def statutory(self) -> Element:
        m, plan = self.m, self.plan
        assert m.statutory_limit is not None
        start = "收到申请" if plan.clock_from_receipt else "受理"
        paras = [f"{period_zh(m.statutory_limit)}（自{start}之日起计算）"]
        if m.extension is not None and not _is_zero(m.extension):
            paras.append(f"{period_zh(m.statutory_limit)}内不能作出决定的，经批准可以延长{period_zh(m.extension)}，"
                         "并将延长期限的理由告知申请人。")
        if m.statutory_limit.unit is Unit.working_days:
            paras.append("工作日不含法定节假日。")
        # what the acceptance notice cites for its limits: the matter's own sources, or ALL Art. 42 when
        # the limit is its 20-working-day default, with Art. 82 and the period rules
        own = [c for k in m.limit_basis if (c := cited_source(k, self.policy)) is not None]
        art42 = sources()["all_42"].citation
        default = not own and m.statutory_limit == Period.wd(20)
        basis = own + [c for c in citations("clock.statutory") if c != art42 or default]
        return Element("statutory_limit", "法定时限", tuple(paras), basis=self.cite(basis))

    def promised(self) -> Element:
        m, plan = self.m, self.plan
        assert m.promised_limit is not None
        start = "收到申请" if plan.clock_from_receipt else "受理"
        if _is_zero(m.promised_limit):
            paras = [f"{period_zh(m.promised_limit)}（即办：当场办结）"]
        else:
            paras = [f"{period_zh(m.promised_limit)}（自{start}之日起计算）"]
        if self.policy.deemed_approval_on_promised_expiry and not _is_zero(m.promised_limit):
            paras.append("在承诺时限内未办结的，视作同意。")
        return Element("promised_limit", "承诺时限", tuple(paras))

    def special_procedures(self) -> Element:
        m = self.m
        if not m.special_procedures:
            return Element("special_procedures", "特别程序", ("无",))
        return Element("special_procedures", "特别程序",
                       ("、".join(PROCEDURE_ZH[p.value] for p in m.special_procedures)
                        + "：依法需要的，所需时间不计算在办理时限内，并书面告知申请人所需时间。",),
                       basis=self.cite(citations("clock.excluded")))

    def fees(self) -> Element:
        if not self.m.fees:
            return Element("fees", "收费", (f"{NOT_SET}（本事项未列收费项目）",))
        items = []
        for f in self.m.fees:
            amount = f"{_yuan(f.amount)}" if f.amount is not None else "金额以缴费通知为准"
            line = (f"{f.name_zh}：{amount}；自收到缴费通知之日起{period_zh(f.payment_period)}内缴清，"
                    f"{LATE_FEE_ZH[f.on_late.value]}")
            if f.certificate_after_payment is not None:
                line += f"；缴清后{period_zh(f.certificate_after_payment)}内送达证件"
            items.append(line + "。")
        return Element("fees", "收费", items=tuple(items))

    def result(self) -> Element:
        m, plan = self.m, self.plan
        paras = ["准予的，颁发、送达证件" + ("（当场）" if _is_zero(plan.certificate_limit)
                                     else f"（作出决定之日起{period_zh(plan.certificate_limit)}内）") + "。"]
        if m.validity is not None:
            lead = m.renewal_lead or Period.cd(30)
            paras.append(f"有效期：{period_zh(m.validity)}；需要延续的，应当在有效期届满{period_zh(lead)}前提出延续申请，"
                         "行政机关逾期未作决定的，视为准予延续。")
            basis = citations("renewal.state")
        else:
            paras.append(f"有效期：{NOT_SET}")
            basis = ()
        return Element("result", "审批结果", tuple(paras), basis=self.cite(list(citations("clock.certificate")) + list(basis)))

    def visits(self) -> Element:
        m = self.m
        if m.max_visits is None:
            text = NOT_SET
        elif m.max_visits == 0:
            text = "0次（零跑腿，不见面审批）"
        elif m.max_visits == 1:
            text = "最多跑一次"
        else:
            text = f"最多{m.max_visits}次"
        paras = [text] + (["提供全程代办服务（你不跑我来跑）。"] if m.delegated_service else [])
        return Element("visits", "到办事现场次数", tuple(paras))

    def remedies(self) -> Element:
        r = self.policy.remedies
        a = self.authority
        body = a.review_body_zh if a is not None and a.review_body_zh else "有管辖权的行政复议机关"
        court = a.court_zh if a is not None and a.court_zh else "有管辖权的人民法院"
        return Element("remedies", "救济途径", (
            f"申请人对不予受理决定或者不予许可决定不服的，可以自知道该决定之日起{period_zh(r.review_period)}内向{body}"
            f"申请行政复议，或者自知道或者应当知道该决定之日起{period_zh(r.litigation_period)}内向{court}提起行政诉讼。",),
            basis=self.cite(citations("notice.remedies")))


def _record_bar(deny_if_credit: Any) -> str:
    """Who may not rest on its own word (spec §6 conditions 8–9, §7): the credit levels, and a prior false
    commitment (the rules bar both)."""
    deny = "、".join("失信" if c == "dishonest" else str(c) for c in deny_if_credit)
    return f"有{deny}记录或者曾作出虚假承诺的申请人不适用。" if deny else "曾作出虚假承诺的申请人不适用。"


def _commitment(app: Application, mid: str) -> NotificationCommitment:
    return NotificationCommitment(signed=True, materials=(mid,), signed_on=app.submitted_on)


def _project(app: Application, category: ProjectCategory) -> Project:
    return Project(category=category, land_status=LandStatus.not_obtained, future_holder_clear=True,
                   intended_holder_id=app.applicant.id, simulated_approval_requested=True)


def _date_zh(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _yuan(amount: int | None) -> str:
    if amount is None:
        return ""
    if amount >= 100_000_000 and amount % 100_000_000 == 0:
        return f"{amount // 100_000_000}亿元"
    if amount >= 10_000 and amount % 10_000 == 0:
        return f"{amount // 10_000}万元"
    return f"{amount}元"


def cite_zh(c: Citation) -> str:
    """《title》（number）article — a legal source as an applicant reads it (the notices' form, without
    the quote)."""
    title, number = c.source, ""
    if title.endswith("）") and "（" in title:
        title, _, rest = title.rpartition("（")
        number = "（" + rest
    return f"《{title}》{number}{c.article or ''}"
