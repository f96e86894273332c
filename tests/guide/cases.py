"""The guides the tests render: every matter of every shipped ruleset (not a stub) on a day it is in
force, and the application that asks decide() what the guide claims about one material."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import govrules
from govrules import Ruleset
from govrules.models.matter import Matter

LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
CAL = govrules.china_calendar()

#: what an applicant-facing page never shows: a seed report's file name, a web address
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt|\.txt\b")
DOMAIN = re.compile(r"https?:|[A-Za-z0-9-]+\.(?:com|cn|net|org|gov|html?)\b")


def _in_force(m: Matter, day: dt.date) -> bool:
    return (m.effective_from is None or m.effective_from <= day) and (m.effective_to is None or day <= m.effective_to)


def shipped_cases() -> list[tuple[Ruleset, str, dt.date]]:
    """(resolved ruleset, matter code, day) for each matter of each shipped ruleset version, on the first
    day both are in force (each matter's own start inside a version is tried too)."""
    out: dict[tuple[str, str, str], tuple[Ruleset, str, dt.date]] = {}
    for doc in LIBRARY.documents:
        first = LIBRARY.resolve(doc, doc.effective_from)
        days = {doc.effective_from} | {m.effective_from for m in first.matters
                                       if m.effective_from and doc.in_force_on(m.effective_from)}
        for day in sorted(days):
            rs = LIBRARY.resolve(doc, day)
            for m in rs.matters:
                if not m.stub and _in_force(m, day):
                    out.setdefault((rs.id, rs.version, m.code), (rs, m.code, day))
    return list(out.values())


CASES = shipped_cases()


def case_id(case: tuple[Ruleset, str, dt.date]) -> str:
    rs, code, day = case
    return f"{rs.id}@{rs.version}:{code}:{day}"


def probe(rs: Ruleset, code: str, day: dt.date, *, omit: str | None = None, tolerance_signed: bool = False,
          commitment: tuple[str, ...] | None = None, submit: bool = True) -> dict[str, Any]:
    """An application of ``code`` received ``day`` at its own authority, every prerequisite held and a
    clean record: every material handed in (``submit``) except ``omit``."""
    m = rs.matters_by_code[code]
    auth = rs.authorities_by_id[m.authority_id]
    app: dict[str, Any] = {
        "id": "guide-probe", "matter_code": code, "authority_id": auth.id, "region": auth.region,
        "applicant": {"id": "p1", "kind": "legal_person"}, "submitted_on": day.isoformat(), "channel": "window",
        "materials": [{"id": x.id, "status": "ok"} for x in m.materials if submit and x.id != omit],
        "obtained_prerequisites": list(m.prerequisites), "tolerance_commitment_signed": tolerance_signed,
    }
    if commitment is not None:
        app["notification_commitment"] = {"signed": True, "materials": list(commitment), "signed_on": day.isoformat()}
    return app


def decide(rs: Ruleset, app: dict[str, Any]) -> Any:
    return govrules.decide(app, ruleset=rs, calendar=CAL)
