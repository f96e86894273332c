"""Builders for test rulesets and applications: small, explicit, independent of the shipped data."""

from __future__ import annotations

import copy
from typing import Any

AUTH = {"id": "bureau", "name": "Bureau", "name_zh": "审批局", "level": "county", "region": "370199"}
CITY = {"id": "city", "name": "City bureau", "name_zh": "市审批局", "level": "municipal", "region": "370100"}


def material(mid: str, necessity: str = "main", **flags: Any) -> dict[str, Any]:
    return {"id": mid, "name": mid, "name_zh": f"材料{mid}", "necessity": necessity, **flags}


def stub(code: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "name": code, "name_zh": f"事项{code}", "type": "administrative_license",
            "authority": "bureau", "stub": True, **extra}


def matter(code: str = "M", **extra: Any) -> dict[str, Any]:
    base = {
        "code": code, "name": code, "name_zh": f"事项{code}", "type": "administrative_license",
        "authority": "bureau", "level": "county", "handling_kind": "promised", "legal_basis": ["test basis"],
        "statutory_limit": {"days": 20, "unit": "working_days"},
        "extension": {"days": 10, "unit": "working_days"},
        "promised_limit": {"days": 6, "unit": "working_days"},
        "materials": [material("form"), material("plan", technical_essential=True),
                      material("minor", "secondary", tolerable=True), material("extra", "optional")],
    }
    base.update(extra)
    return base


def ruleset(*matters: dict[str, Any], **extra: Any) -> dict[str, Any]:
    rs = {"id": "t.rs", "version": "1", "effective_from": "2004-01-01", "title": "test",
          "authorities": [AUTH, CITY], "matters": list(matters) or [matter()]}
    rs.update(extra)
    return rs


def application(**extra: Any) -> dict[str, Any]:
    app = {
        "id": "app-1", "matter_code": "M", "authority_id": "bureau", "region": "370199",
        "applicant": {"id": "p1", "kind": "legal_person"},
        "submitted_on": "2025-03-03", "channel": "window",
        "materials": [{"id": "form", "status": "ok"}, {"id": "plan", "status": "ok"},
                      {"id": "minor", "status": "ok"}],
    }
    app.update(copy.deepcopy(extra))
    return app
