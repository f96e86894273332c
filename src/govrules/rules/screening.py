"""Steps 1–3 of spec §5.3: no licence needed (a suspended matter too), not our jurisdiction, prohibited industry.

They come first because Art. 32(1)–(2) require an *immediate* answer that depends on no material,
and they need no date, so they never touch the calendar.
"""

from __future__ import annotations

import datetime as _dt

import msgspec

from ..models.application import Project
from ..models.decision import Finding, Outcome
from ..models.matter import Matter
from ..models.ruleset import Ruleset
from .basis import finding, matter_basis


class Screen(msgspec.Struct, frozen=True, gc=False):
    outcome: Outcome
    reason: str
    finding: Finding
    refer_to_authority_id: str | None = None


def competent_authority(matter: Matter, project: Project | None) -> tuple[str | None, bool]:
    """(authority id, whether a row matched): the authority list by the project's nature and scale
    (seed 000 审批权限清单: the first row for its category, or for any, whose band holds its investment),
    else the matter's."""
    if matter.jurisdiction_by_investment and project is not None and project.investment_cny is not None:
        for row in matter.jurisdiction_by_investment:
            if row.categories and project.category not in row.categories:
                continue
            if row.max_investment_cny is None or project.investment_cny <= row.max_investment_cny:
                return row.authority_id, True
        return None, False
    return matter.authority_id, True


def plain_authority(matter: Matter) -> str | None:
    """The competent authority of a matter whose screen, for a file without a project, reads nothing
    but the authority it was filed with: licensed, never suspended, one competent authority. None when
    the screen must read more. Compiled once per matter (the engine's plan)."""
    if matter.suspended_from is not None or not matter.licence_required or matter.jurisdiction_by_investment:
        return None
    return matter.authority_id


def screen(rs: Ruleset, matter: Matter, project: Project | None, filed_with: str, received: _dt.date,
           plain: str | None = None) -> Screen | None:
    """Screen an application by its project, the authority it was filed with and its receipt date (the
    engine reads them once from the application). ``plain``: the matter's ``plain_authority``, if it
    has one (else it is read from the matter)."""
    if plain is not None and project is None and filed_with == plain:
        return None  # steps 1–3 pass: licensed, not suspended, filed with the one competent authority
    if matter.suspended_from is not None and matter.suspended_on(received):
        until = matter.suspended_to
        return Screen(Outcome.not_required, "matter_suspended", finding(
            "acceptance.matter_suspended", "outcome:not_required", subject=matter.code, code=matter.code,
            name=matter.name, name_zh=matter.name_zh, start=matter.suspended_from,
            until=f"至{until.isoformat()}" if until else "", until_en=f" to {until.isoformat()}" if until else "",
            extra_basis=matter_basis(matter.suspension_basis, rs.policy)))
    if not matter.licence_required:
        return Screen(Outcome.not_required, "no_licence_required",
                      finding("acceptance.not_required", "outcome:not_required"))
    if project is not None and project.low_risk and project.project_type in matter.exempt_project_types:
        return Screen(Outcome.not_required, "exempt_low_risk_project",
                      finding("acceptance.exempt_low_risk", "outcome:not_required",
                              subject=project.project_type, project_type=project.project_type))
    competent, matched = competent_authority(matter, project)
    if competent != filed_with:
        reason = "outside_competence" if matched else "no_competent_authority_listed"
        auth = rs.authorities_by_id.get(competent) if competent else None
        refer = f"{auth.name_zh}（{auth.id}）" if auth else "（权限清单未列明的机关）"
        return Screen(Outcome.not_jurisdiction, reason,
                      finding("acceptance.not_jurisdiction", "outcome:not_jurisdiction", subject=competent,
                              authority_id=filed_with, refer_to=refer),
                      refer_to_authority_id=competent)
    if project is not None and project.industry_code in rs.negative_list.prohibited:
        return Screen(Outcome.rejected, "negative_list_prohibited",
                      finding("acceptance.prohibited_industry", "outcome:rejected",
                              subject=project.industry_code, industry_code=project.industry_code))
    return None


def not_on_catalogue(matter_code: str) -> Screen:
    """Spec §13a Q9 (清单之外无审批, seed 003): a matter no ruleset in force lists needs no licence."""
    return Screen(Outcome.not_required, "not_on_catalogue", finding(
        "acceptance.not_on_catalogue", "outcome:not_required", subject=matter_code, code=matter_code))
