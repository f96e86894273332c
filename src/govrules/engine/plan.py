"""A matter's compiled plan: what ``decide()`` needs, derived once from the immutable Ruleset.

Kept on the Ruleset object (api.md allows "work derived from an immutable Ruleset"), never across
rulesets and never holding results of a decision.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..models.decision import Citation, Finding, HandlingTrack, Outcome
from ..models.matter import Fee, HandlingKind, Material, Matter, Necessity
from ..models.period import Period
from ..models.policy import StartOnNonWorkingDay
from ..models.prerequisites import effective_prerequisites
from ..models.ruleset import Ruleset
from ..rules import prerequisites as prereq_rules
from ..rules import screening as screening_rules
from ..rules.procedures import file_kind, fixed_handling
from ..rules import tolerance as tolerance_rules
from ..rules.basis import Maker, OneValue, finding, matter_basis, prefilled, prefilled_one

#: the findings about one material, which depend on nothing but the material: built once per plan
MATERIAL_RULES = (("materials.missing", "gap"), ("materials.defective", "gap"), ("materials.on_spot", "on_spot_item"),
                  ("materials.on_spot_corrected", "satisfied"), ("commitment.substituted", "exception_applied"))


@dataclass(frozen=True, slots=True)
class MatterPlan:
    matter: Matter
    matter_code: str  # its code, read once (as the Decision echoes it)
    open_from: _dt.date  # the first receipt day both the ruleset version and the matter are in force
    open_to: _dt.date  # the last one (date.max: open-ended)
    given_selection: str  # the trace's ruleset_selection when this Ruleset is given to decide()
    what_if_selection: str  # … when it is applied regardless of its effective period (govrules.diff)
    required: tuple[Material, ...]  # main and secondary materials: the ones that can be gaps
    required_ids: frozenset[str]
    material_ids: frozenset[str]
    plain_authority: str | None  # rules.screening.plain_authority: the screen's short way, if it has one
    authority_ids: frozenset[str]  # every authority of the ruleset's catalogue: where a file may be lodged
    matter_codes: frozenset[str]  # every matter code of the ruleset: what an obtained prerequisite may name
    prerequisites: tuple[str, ...]  # effective, before restricted-industry extras; each once
    ignored: tuple[tuple[str, str], ...]  # (code, "removed" | "parallel")
    ignored_codes: tuple[str, ...]  # the codes of ``ignored``, sorted (as the Decision lists them)
    correction_period: Period
    certificate_limit: Period
    supplement_limit: Period  # the policy's limit for supplying tolerated materials (spec §6)
    fees: tuple[Fee, ...]  # the matter's fees (spec §10.11)
    certificate_fees: tuple[Fee, ...]  # the fees the certificate waits for (certificate_after_payment set)
    statutory_limit: Period  # the matter's limits (spec §10.4–§10.5) and its extension's days, if any
    promised_limit: Period
    extension_days: int | None
    extend_promised: bool  # the policy extends the promised limit with the statutory one
    deemed_approval: bool  # the policy deems a file approved once its promised limit passed (§10.8)
    warning_working_days: int  # working days before the promised due date that a file is due_soon
    allow_partial: bool  # the policy allows partial tolerance (A8)
    statutory_finding: Maker  # clock.statutory with the matter's limit written in (start and date to fill)
    promised_finding: OneValue  # clock.promised with the matter's limit written in (the date to fill)
    limit_basis: tuple[Citation, ...]  # the matter's own basis for the limits it sets (cited by key or as text)
    clock_from_receipt: bool
    rollover: str  # the policy's calendar-day roll-over, as the clock takes it (read for every due date)
    roll_start: bool  # the policy rolls a clock start on a rest day to the next working day (A2)
    handling_kind: str | None  # the matter's file kind (seed 002 county 第十四條), as the Decision writes it
    file_kinds: Mapping[Outcome, str | None]  # outcome → the file's kind (rules.procedures.file_kind)
    fixed_handling: HandlingTrack | None  # its handling track when it has no answer date (承诺件, 联办件, 上报件)
    ruleset_id: str  # the trace's ruleset fields, read once
    ruleset_version: str
    ruleset_hash: str
    warnings: tuple[str, ...]  # load-time warning codes about this matter, echoed in each Decision
    joint_inspection_excluded: bool  # a 联办件 whose policy excludes its joint site inspection from the clocks
    has_procedures: bool  # internal steps or an upward report to follow after acceptance (engine/procedures.py)
    materials_by_id: Mapping[str, Material]
    material_names_zh: Mapping[str, str]  # material id → its Chinese name, as a notice or finding lists it
    instant_approval: bool  # 秒批: acceptance completes the approval (seed 004)
    tolerance_allowed: bool  # the matter is on the tolerance list (spec §6)
    deny_if_credit: frozenset[str]  # the credits that refuse tolerance (the policy's, spec §6 condition 8)
    material_findings: Mapping[str, Mapping[str, Finding]]  # rule → material id → its finding
    gap_refusals: Mapping[str, frozenset[str]]  # material id → the §6 conditions it fails as a gap
    ignored_findings: tuple[tuple[str, Finding], ...]  # (code, finding) of each ignored prerequisite
    missing_prerequisite_findings: Mapping[str, Finding]  # code → finding, for the effective ones


def given_selection(rs: Ruleset) -> str:
    return f"the ruleset given: {rs.id} version {rs.version}"


def what_if_selection(rs: Ruleset) -> str:
    return f"what-if: {rs.id} version {rs.version} applied regardless of its effective period"


def plan_for(rs: Ruleset, matter: Matter) -> MatterPlan:
    cache = rs.compiled_plans
    plan = cache.get(matter.code)
    if plan is None:
        plan = _compile(rs, matter)
        cache[matter.code] = plan  # idempotent: two threads may both compile; both plans are equal
    return plan


def _compile(rs: Ruleset, m: Matter) -> MatterPlan:
    statutory, promised = m.statutory_limit, m.promised_limit
    if m.stub or statutory is None or promised is None:  # select refuses a stub first (matter_not_applicable)
        raise ValueError(f"matter {m.code!r} is a catalogue stub: it has no plan")
    required, ignored = effective_prerequisites(rs, m)
    policy = rs.policy
    clock = m.clock_start.value if m.clock_start is not None else policy.clock_start_default
    kind = m.handling_kind.value if m.handling_kind is not None else None
    return MatterPlan(
        matter=m,
        matter_code=m.code,
        open_from=max(rs.effective_from, m.effective_from or _dt.date.min),
        open_to=min(rs.effective_to or _dt.date.max, m.effective_to or _dt.date.max),
        given_selection=given_selection(rs),
        what_if_selection=what_if_selection(rs),
        required=tuple(x for x in m.materials if x.necessity is not Necessity.optional),
        required_ids=frozenset(x.id for x in m.materials if x.necessity is not Necessity.optional),
        material_ids=frozenset(x.id for x in m.materials),
        plain_authority=screening_rules.plain_authority(m),
        authority_ids=frozenset(rs.authorities_by_id),
        matter_codes=frozenset(rs.matters_by_code),
        prerequisites=tuple(dict.fromkeys(required)),
        ignored=tuple(ignored),
        ignored_codes=tuple(sorted(code for code, _ in ignored)),
        correction_period=m.correction_period or policy.correction_period,
        certificate_limit=m.certificate_issue_limit or policy.certificate_issue_limit,
        supplement_limit=policy.tolerance.supplement_limit,
        fees=tuple(m.fees),
        certificate_fees=tuple(f for f in m.fees if f.certificate_after_payment is not None),
        statutory_limit=statutory,
        promised_limit=promised,
        extension_days=m.extension.days if m.extension is not None else None,
        extend_promised=policy.extend_promised,
        deemed_approval=policy.deemed_approval_on_promised_expiry,
        warning_working_days=policy.warning_working_days,
        allow_partial=policy.tolerance.allow_partial,
        statutory_finding=prefilled("clock.statutory", days=statutory.days),
        promised_finding=prefilled_one("clock.promised", days=promised.days),
        limit_basis=matter_basis(m.limit_basis or m.legal_basis, policy),
        clock_from_receipt=clock == "receipt",
        rollover=policy.calendar_day_rollover.value,
        roll_start=policy.start_on_non_working_day is StartOnNonWorkingDay.roll_start_to_next_working_day,
        handling_kind=kind,
        file_kinds=MappingProxyType({o: file_kind(o, kind) for o in Outcome}),
        fixed_handling=fixed_handling(kind),
        ruleset_id=rs.id, ruleset_version=rs.version, ruleset_hash=rs.content_hash,
        warnings=_matter_warnings(rs, m),
        joint_inspection_excluded=policy.joint_site_inspection_excluded and m.handling_kind is HandlingKind.joint,
        has_procedures=bool(m.internal_steps) or (m.handling_kind is HandlingKind.reported and m.reported_to is not None),
        materials_by_id=m.materials_by_id,
        material_names_zh=MappingProxyType({x.id: x.name_zh for x in m.materials}),
        instant_approval=m.instant_approval,
        tolerance_allowed=m.tolerance_allowed,
        deny_if_credit=frozenset(policy.tolerance.deny_if_credit),
        material_findings=MappingProxyType({rule: MappingProxyType({
            x.id: finding(rule, effect, subject=x.id, name=x.name, name_zh=x.name_zh) for x in m.materials})
            for rule, effect in MATERIAL_RULES}),
        gap_refusals=MappingProxyType({x.id: tolerance_rules.gap_refusals(x) for x in m.materials}),
        ignored_findings=tuple((code, prereq_rules.ignored_finding(rs, code, why)) for code, why in ignored),
        missing_prerequisite_findings=MappingProxyType(
            {code: prereq_rules.missing_finding(rs, code) for code in required}),
    )


def _matter_warnings(rs: Ruleset, m: Matter) -> tuple[str, ...]:
    index = next(i for i, x in enumerate(rs.matters) if x.code == m.code)
    prefix = f"matters[{index}]."
    return tuple(w.code for w in rs.warnings if w.path.startswith(prefix))
