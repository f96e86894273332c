"""Step 4 of spec §5.3 and §8: the findings about prerequisites — a restricted industry's extra one, an ignored
one and why, a missing one. Which prerequisites count is ``models/prerequisites.py``."""

from __future__ import annotations

from ..models.application import Application
from ..models.decision import Finding
from ..models.ruleset import Ruleset
from .basis import finding


def restricted_extras(rs: Ruleset, app: Application) -> list[tuple[str, Finding]]:
    """A restricted (限制类) industry adds a prerequisite from config and is never rejected (A24)."""
    project = app.project
    if project is None or project.industry_code not in rs.negative_list.restricted:
        return []
    code = rs.restricted_requires.get(project.industry_code)
    if code is None:
        return []
    return [(code, finding("acceptance.restricted_industry", "prerequisite_added", subject=code,
                           industry_code=project.industry_code, code=code))]


def ignored_finding(rs: Ruleset, code: str, why: str) -> Finding:
    m = rs.matters_by_code[code]
    rule = "prerequisites.removed" if why == "removed" else "prerequisites.parallel"
    return finding(rule, "prerequisite_ignored", subject=code, code=code, name=m.name, name_zh=m.name_zh)


def missing_finding(rs: Ruleset, code: str) -> Finding:
    m = rs.matters_by_code[code]
    return finding("prerequisites.missing", "gap", subject=f"prerequisite:{code}", code=code, name=m.name,
                   name_zh=m.name_zh)
