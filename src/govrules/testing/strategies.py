"""Hypothesis strategies that generate *valid* inputs for a given ruleset: applications of one of its
matters (with event timelines), and calendars (the national one plus generated regional overlays).

Valid means every reference resolves (materials, prerequisites, fees, authorities are the ruleset's),
dates are real and inside the ruleset's, the matter's and the calendar's periods, and events follow
the receipt — so ``decide()`` must answer, and what it answers can be checked by
:mod:`govrules.testing.invariants`. Every application is a plain mapping, as a platform sends it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from hypothesis import strategies as st

from ..calendar import Calendar, china_calendar
from ..errors import InvalidInputError
from ..models.application import ApplicantKind, Channel, LandStatus, ProjectCategory, SuspensionKind
from ..models.matter import Matter
from ..models.policy import Credit
from ..models.ruleset import Ruleset

#: days after the receipt within which generated events fall
TIMELINE_DAYS = 120
#: room left between the last receipt date and the end of the calendar's data, so that the limits of
#: ordinary matters (tens of working days, extensions, excluded periods, fee periods) stay covered
CALENDAR_MARGIN_DAYS = 400


def applicable_matters(ruleset: Ruleset) -> list[Matter]:
    """The matters an application can name (catalogue stubs cannot be applied for)."""
    return [m for m in ruleset.matters if not m.stub]


def receipt_dates(ruleset: Ruleset, matter: Matter, calendar: Calendar | None = None) -> st.SearchStrategy[_dt.date]:
    """Receipt dates when the ruleset and the matter are in force and the calendar has data (with a
    margin for the deadlines to be computed)."""
    cal = calendar or china_calendar()
    lo = max(d for d in (ruleset.effective_from, matter.effective_from, cal.first_date) if d is not None)
    ends = [d for d in (ruleset.effective_to, matter.effective_to) if d is not None]
    hi = min(ends + [cal.last_date - _dt.timedelta(days=CALENDAR_MARGIN_DAYS)])
    if hi < lo:
        raise InvalidInputError("no_valid_dates", "matter", matter.code,
                                f"a matter in force on some date between {lo} and {hi} (the calendar's data, less "
                                f"{CALENDAR_MARGIN_DAYS} days for deadlines)")
    return st.dates(lo, hi)


def applications(ruleset: Ruleset, matter: str | None = None, *, calendar: Calendar | None = None,
                 events: bool = True) -> st.SearchStrategy[dict[str, Any]]:
    """A valid application (a JSON-like mapping) for ``matter`` of ``ruleset`` (any applicable matter
    when None): its materials in any order with a few or many gaps (absent, defective, correctable on
    the spot), prerequisites obtained or not, any applicant, commitment and project, received on a
    date in force, and — with ``events`` — a timeline of typed events after the receipt (spec §3, §3a).

    The arguments are checked here, not at the first draw: a wrong matter code fails at once."""
    if not isinstance(ruleset, Ruleset):
        raise InvalidInputError("invalid_value", "ruleset", type(ruleset).__name__,
                                "a resolved govrules.Ruleset (for a library: library.get(ruleset_id, day))")
    candidates = [m for m in applicable_matters(ruleset) if matter is None or m.code == matter]
    if not candidates:
        raise InvalidInputError("unknown_matter", "matter", matter, f"an applicable matter code of {ruleset.id}")
    for m in candidates:
        receipt_dates(ruleset, m, calendar)  # fails now if a matter has no date to be received on
    return _applications(ruleset, tuple(candidates), calendar, events)


@st.composite
def _applications(draw: st.DrawFn, ruleset: Ruleset, candidates: tuple[Matter, ...], calendar: Calendar | None,
                  events: bool) -> dict[str, Any]:
    m = draw(st.sampled_from(candidates))
    received = draw(receipt_dates(ruleset, m, calendar))
    authority = draw(_authorities(ruleset, m))
    app: dict[str, Any] = {
        "id": draw(st.from_regex(r"[A-Za-z0-9-]{1,20}", fullmatch=True)),
        "matter_code": m.code,
        "authority_id": authority.id,
        "region": authority.region,
        "applicant": {"id": draw(st.from_regex(r"[A-Z0-9]{1,18}", fullmatch=True)),
                      "kind": draw(st.sampled_from([k.value for k in ApplicantKind])),
                      "credit": draw(st.sampled_from([Credit.good.value] * 3 + [c.value for c in Credit])),
                      "prior_false_commitment": draw(st.booleans())},
        "submitted_on": received.isoformat(),
        "channel": draw(st.sampled_from([c.value for c in Channel])),
        "materials": draw(_submitted(m)),
        "basic_conditions_met": draw(st.sampled_from([True, True, True, False])),
        "tolerance_commitment_signed": draw(st.booleans()),
        "obtained_prerequisites": draw(_obtained(m)),
        "decided_on_spot": draw(st.booleans()),
    }
    if m.notification_commitment_allowed and draw(st.booleans()):
        substitutable = [x.id for x in m.materials if x.commitment_substitutable]
        app["notification_commitment"] = {
            "signed": draw(st.booleans()),
            "materials": draw(st.lists(st.sampled_from(substitutable), unique=True)) if substitutable else [],
            "signed_on": received.isoformat()}
    if draw(st.booleans()) or m.simulated_approval_allowed or m.jurisdiction_by_investment or _industry_codes(ruleset):
        app["project"] = draw(_projects(ruleset, m))
    if events:
        app["events"] = draw(timelines(m, received))
    return app


@st.composite
def _submitted(draw: st.DrawFn, m: Matter) -> list[dict[str, Any]]:
    """The materials handed in, in any order. Most applications have a few gaps, some none and some
    many, so complete, tolerated and correction cases all occur (uniform subsets would almost never
    be complete)."""
    ids = [x.id for x in m.materials]
    if not ids:
        return []
    n_gaps = draw(st.integers(0, min(2, len(ids))) | st.integers(0, len(ids)))
    gaps = set(draw(st.lists(st.sampled_from(ids), unique=True, min_size=n_gaps, max_size=n_gaps)))
    out = []
    for i in draw(st.permutations(ids)):
        if i not in gaps:
            out.append({"id": i, "status": draw(st.sampled_from(["ok", "ok", "ok", "corrected_on_spot"]))})
        elif draw(st.booleans()):  # a gap: absent, or handed in but not in order
            out.append({"id": i, "status": draw(st.sampled_from(["defective", "correctable_on_spot"]))})
    return out


def _obtained(m: Matter) -> st.SearchStrategy[list[str]]:
    """Prerequisites obtained: all of them, or any subset."""
    if not m.prerequisites:
        return st.just([])
    return st.just(list(m.prerequisites)) | st.lists(st.sampled_from(m.prerequisites), unique=True)


def _authorities(ruleset: Ruleset, m: Matter) -> st.SearchStrategy[Any]:
    """Mostly the competent authorities (the matter's, or one of its investment tiers), sometimes any
    other of the ruleset (a not-jurisdiction case)."""
    own = [ruleset.authorities_by_id[m.authority_id]] + [ruleset.authorities_by_id[r.authority_id]
                                                         for r in m.jurisdiction_by_investment]
    others = list(ruleset.authorities_by_id.values())
    return st.sampled_from(own * 3 + others)


def _industry_codes(ruleset: Ruleset) -> list[str]:
    return sorted(set(ruleset.negative_list.prohibited) | set(ruleset.negative_list.restricted))


@st.composite
def _projects(draw: st.DrawFn, ruleset: Ruleset, m: Matter) -> dict[str, Any]:
    listed = _industry_codes(ruleset)
    unlisted = st.sampled_from(["C13", "I65", "M73"])  # codes no list names: as likely as a listed one
    code = draw(st.sampled_from(listed) | unlisted if listed else unlisted)
    project: dict[str, Any] = {
        "category": draw(st.sampled_from([c.value for c in ProjectCategory])),
        "low_risk": draw(st.booleans()),
        "investment_cny": draw(st.integers(0, 10**11)),
        "industry_code": code,
        "land_status": draw(st.sampled_from([s.value for s in LandStatus])),
        "future_holder_clear": draw(st.booleans()),
        "intended_holder_id": draw(st.sampled_from(["holder-1", "holder-2"])),
        "simulated_approval_requested": draw(st.booleans()),
    }
    if m.exempt_project_types and draw(st.booleans()):
        project["project_type"] = draw(st.sampled_from(m.exempt_project_types))
    return project


@st.composite
def timelines(draw: st.DrawFn, matter: Matter, received: _dt.date, *, days: int = TIMELINE_DAYS) -> list[dict[str, Any]]:
    """A list of valid events of ``matter`` dated from ``received`` up to ``days`` later, in any order
    (decide() replays them by date): at most one of each single event (decision, licence, land …)."""
    def on() -> str:
        return (received + _dt.timedelta(days=draw(st.integers(0, days)))).isoformat()

    mats = [x.id for x in matter.materials]
    kinds = ["forwarded_to_department", "acceptance_voucher", "correction_notice", "supplement", "suspension",
             "extension", "decision", "simulated_decision", "land_obtained", "licence_granted",
             "renewal_application", "renewal_decision"] + (["fee_notice", "payment"] if matter.fees else [])
    out: list[dict[str, Any]] = []
    for kind in draw(st.lists(st.sampled_from(kinds), max_size=6)):
        if kind in ("decision", "simulated_decision", "land_obtained", "licence_granted", "renewal_decision") \
                and any(e["type"] == kind for e in out):
            continue
        ev: dict[str, Any] = {"type": kind}
        if kind == "suspension":
            start = received + _dt.timedelta(days=draw(st.integers(0, days)))
            procedures = [p.value for p in matter.special_procedures] or [k.value for k in SuspensionKind]
            ev.update({"kind": draw(st.sampled_from(procedures)), "from": start.isoformat(),
                       "to": (start + _dt.timedelta(days=draw(st.integers(0, 30)))).isoformat()})
        else:
            ev["on"] = on()
        if kind == "correction_notice" and draw(st.booleans()):
            ev["period"] = {"days": draw(st.integers(1, 15)), "unit": "working_days"}
        elif kind == "supplement":
            ev["materials"] = draw(st.lists(st.sampled_from(mats), unique=True)) if mats else []
            ev["prerequisites"] = draw(st.lists(st.sampled_from(matter.prerequisites), unique=True)) \
                if matter.prerequisites else []
        elif kind == "extension" and draw(st.booleans()):
            ev["days"] = draw(st.integers(0, 30))
        elif kind in ("decision", "simulated_decision"):
            ev["result"] = draw(st.sampled_from(["approved", "refused"]))
        elif kind == "renewal_decision":
            ev["result"] = draw(st.sampled_from(["renewed", "refused"]))
        elif kind == "land_obtained":
            ev["holder_id"] = draw(st.sampled_from(["holder-1", "holder-2"]))
        elif kind in ("fee_notice", "payment"):
            ev["fee"] = draw(st.sampled_from([f.id for f in matter.fees]))
        out.append(ev)
    return out


@st.composite
def calendars(draw: st.DrawFn, *, overlays: int = 2) -> Calendar:
    """The national calendar, or it plus up to ``overlays`` generated regional overlays (extra rest
    days and local working days inside the covered years): deadlines must behave on any of them."""
    base = china_calendar()
    docs = []
    for n in range(draw(st.integers(0, overlays))):
        days = draw(st.lists(st.dates(base.first_date, base.last_date), min_size=1, max_size=12, unique=True))
        split = draw(st.integers(0, len(days)))
        rest, work = days[:split], days[split:]
        doc: dict[str, Any] = {"schema": "govrules.calendar.overlay/1", "id": f"generated-{n}",
                               "title": f"generated overlay {n}"}
        if rest:
            doc["rest_days"] = [{"date": d.isoformat(), "name": "generated rest day"} for d in rest]
        if work:
            doc["working_days"] = [{"date": d.isoformat(), "name": "generated working day"} for d in work]
        docs.append(doc)
    return china_calendar(overlays=docs) if docs else base


__all__ = ["applicable_matters", "applications", "calendars", "receipt_dates", "timelines"]
