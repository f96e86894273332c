"""Stage 5: the exceptions of the reform reports — what each covers, and why not (spec §5.3 steps 5 and 7,
§6, §7, §9). Simulated approval deems the land held; a notification-commitment satisfies the proofs it
lists; tolerance is judged on the gaps that remain. Each is a set taken off the one assessment; the
gaps that remain are reported here, after the exceptions, as the correction notice would name them.
"""

from __future__ import annotations

import msgspec

from ..rules import commitment as commitment_rules
from ..rules import prerequisites as prereq_rules
from ..rules import simulated as simulated_rules
from ..rules import tolerance as tolerance_rules
from ..rules.basis import finding
from ..rules.materials import Assessment
from .draft import Draft
from .inputs import Checked
from .requirements import Requirements

#: refusals that partial tolerance (A8) can work around: the non-tolerable gaps go to the notice
PARTIAL_OK = frozenset({"main_material_missing", "technical_essential_missing", "material_not_tolerable",
                        "prerequisite_missing"})
_NONE: frozenset[str] = frozenset()


class Exceptions(msgspec.Struct, frozen=True, gc=False):
    simulated: bool  # §9 applies: the land prerequisite and document are deemed satisfied
    simulated_denied_reasons: tuple[str, ...]
    deemed_prerequisites: tuple[str, ...]
    deemed_materials: tuple[str, ...]
    substituted: tuple[str, ...]  # §7: proofs a signed commitment replaces (sorted)
    commitment_denied_reasons: tuple[str, ...]
    remaining: Assessment  # the gaps no exception covered
    tolerance_refusals: tuple[str, ...]  # §6: every failed condition for the remaining gaps (sorted)
    partially_tolerable: frozenset[str]  # A8: the tolerable gaps partial tolerance may set aside
    tolerance_in_play: bool  # the matter is on the list or the applicant signed: a refusal is explained


def exceptions(draft: Draft, checked: Checked, req: Requirements) -> Exceptions:
    g = draft.given
    rs, app, plan, m = g.rs, g.app, g.plan, g.plan.matter
    add = draft.findings.append

    simulated, sim_denied, deemed_prereqs, deemed_mats = False, (), (), ()
    if checked.project is not None and simulated_rules.in_play(m, app):  # no project, no land to deem held
        reasons = sorted(simulated_rules.refusal_reasons(m, rs.policy, app))
        if reasons:
            sim_denied = tuple(reasons)
            add(finding("simulated.denied", "exception_refused", reasons=", ".join(reasons)))
        else:
            land = m.land_dependency
            simulated = True
            deemed_prereqs = (land.prerequisite,) if land.prerequisite in req.prerequisites else ()
            deemed_mats = (land.material,)
            add(finding("simulated.accepted", "exception_applied", items=", ".join(deemed_prereqs + deemed_mats)))
    a = req.assessment.without(frozenset(deemed_mats), frozenset(deemed_prereqs)) if simulated else req.assessment

    substituted: tuple[str, ...] = ()
    com_denied: tuple[str, ...] = ()
    if checked.commitment is not None:
        covered, com_reasons = commitment_rules.substitute(m, rs.policy, app, a.gaps)
        if com_reasons:
            com_denied = tuple(sorted(com_reasons))
            add(finding("commitment.denied", "exception_refused", reasons=", ".join(com_denied)))
        if covered:
            substituted = tuple(sorted(covered))
            draft.findings.extend(map(plan.material_findings["commitment.substituted"].__getitem__, substituted))
            a = a.without(frozenset(covered))
    _report_gaps(draft, a)

    refusals: tuple[str, ...] = ()
    if a.missing or a.defective or a.missing_prerequisites:
        refusals = tuple(sorted(tolerance_rules.refusals(plan.tolerance_allowed, plan.deny_if_credit, app, a.gaps,
                                                         a.missing_prerequisites, plan.gap_refusals)))
    in_play = plan.tolerance_allowed or app.tolerance_commitment_signed
    partial = _NONE
    if refusals and in_play and plan.allow_partial and PARTIAL_OK.issuperset(refusals):
        partial = frozenset(gap for gap in a.gaps if plan.materials_by_id[gap].tolerable)
    return Exceptions(simulated, sim_denied, deemed_prereqs, deemed_mats, substituted, com_denied, a, refusals,
                      partial, in_play)


def _report_gaps(draft: Draft, a: Assessment) -> None:
    g = draft.given
    made = g.plan.material_findings
    findings = draft.findings
    if a.missing:
        findings.extend(map(made["materials.missing"].__getitem__, a.missing))
    if a.defective:
        findings.extend(map(made["materials.defective"].__getitem__, a.defective))
    if a.on_spot:
        findings.extend(map(made["materials.on_spot"].__getitem__, a.on_spot))
    if a.on_spot_corrected:
        findings.extend(map(made["materials.on_spot_corrected"].__getitem__, a.on_spot_corrected))
    if a.missing_prerequisites:
        known = g.plan.missing_prerequisite_findings
        findings += [known.get(code) or prereq_rules.missing_finding(g.rs, code) for code in a.missing_prerequisites]
