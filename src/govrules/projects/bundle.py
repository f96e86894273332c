"""一件事一次办: several matters applied for together with one form, one combined decision and one
notice that lists every gap across all the matters once (seed 000 "群众眼里的一件事才是一件事",
"多事一流程"; spec §5.3 step 11 applied to the bundle as a whole).

A bundle application is an application (spec §3) that names a ``bundle`` instead of a matter. Each
matter is decided by ``decide()`` on the part of the one form it needs — the materials it knows — at
its own authority (the window receives for all of them, 一窗受理). A material that several matters need
(same id) is asked once: the combined notice lists it once, naming the matters that need it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

from ..calendar import Calendar, china_calendar
from ..engine import decide
from ..errors import InvalidInputError
from ..models.output import Output
from ..models.decision import ACCEPTING_OUTCOMES, OUTCOME_RANK, Decision, Outcome
from ..models.ruleset import Ruleset

#: Events of the acceptance stage: they concern the one form; follow-ups are per matter (decide() each).
BUNDLE_EVENTS = frozenset({"correction_notice", "supplement", "acceptance_voucher", "forwarded_to_department"})


class BundleItem(Output, kw_only=True):
    item: str
    """A material id, or ``prerequisite:<code>``."""
    name_zh: str
    matters: tuple[str, ...]
    """The matters of the bundle that need this item corrected."""


class BundleDecision(Output, kw_only=True):
    bundle_id: str
    application_id: str
    outcome: Outcome
    """``accepted`` when every matter accepts (in any accepting form); else the worst matter's outcome."""
    decisions: dict[str, Decision]
    all_items_to_correct: tuple[BundleItem, ...] = ()
    """The one-time notice of the whole bundle: every item once, with the matters that need it."""
    shared_materials: tuple[str, ...] = ()
    """Materials of the one form that more than one matter needs (asked once)."""


def decide_bundle(application: Mapping[str, Any], *, ruleset: Ruleset, calendar: Calendar | None = None,
                  as_of: _dt.date | None = None) -> BundleDecision:
    """Decide every matter of ``application["bundle"]`` and combine the answers (see module doc)."""
    if not isinstance(application, Mapping):
        raise InvalidInputError("invalid_value", "application", type(application).__name__, "a mapping")
    if not isinstance(ruleset, Ruleset):
        raise InvalidInputError("invalid_value", "ruleset", type(ruleset).__name__, "a resolved Ruleset")
    bundle = next((b for b in ruleset.bundles if b.id == application.get("bundle")), None)
    if bundle is None:
        raise InvalidInputError("unknown_bundle", "application.bundle", application.get("bundle"),
                                f"one of {[b.id for b in ruleset.bundles]}")
    calendar = calendar if calendar is not None else china_calendar()
    matters = [ruleset.matters_by_code[c] for c in bundle.matters]
    known = {m.id for matter in matters for m in matter.materials}
    base = {k: v for k, v in application.items() if k != "bundle"}
    for i, sub in enumerate(base.get("materials") or ()):
        if isinstance(sub, Mapping) and sub.get("id") not in known:
            raise InvalidInputError("unknown_reference", f"application.materials[{i}].id", sub.get("id"),
                                    f"a material of a matter of bundle {bundle.id!r}")
    for i, ev in enumerate(base.get("events") or ()):
        if isinstance(ev, Mapping) and ev.get("type") not in BUNDLE_EVENTS:
            raise InvalidInputError("invalid_value", f"application.events[{i}].type", ev.get("type"),
                                    f"an acceptance-stage event of a bundle ({', '.join(sorted(BUNDLE_EVENTS))}); "
                                    "follow-ups are decided per matter")
    decisions = {m.code: _decide_part(_part(base, m), ruleset, calendar, as_of) for m in matters}
    need: dict[str, list[str]] = {}
    for code, d in decisions.items():
        for item in d.all_items_to_correct:
            need.setdefault(item, []).append(code)
    items = tuple(BundleItem(item=i, name_zh=_label(ruleset, codes[0], i), matters=tuple(codes))
                  for i, codes in sorted(need.items()))
    usage: dict[str, int] = {}
    for matter in matters:
        for mat in matter.materials:
            usage[mat.id] = usage.get(mat.id, 0) + 1
    return BundleDecision(bundle_id=bundle.id, application_id=str(application.get("id")),
                          outcome=_combined(list(decisions.values())), decisions=decisions,
                          all_items_to_correct=items,
                          shared_materials=tuple(sorted(k for k, n in usage.items() if n > 1)))


def _decide_part(part: dict[str, Any], ruleset: Ruleset, calendar: Calendar, as_of: _dt.date | None) -> Decision:
    """A matter whose part of the form was complete is accepted on receipt: the bundle's correction
    notice concerns the other matters, so it does not move this one's acceptance date."""
    steps = [e for e in part["events"] if isinstance(e, Mapping) and e.get("type") in ("correction_notice", "supplement")]
    if steps:
        alone = decide(dict(part, events=[e for e in part["events"] if e not in steps]), ruleset=ruleset,
                       calendar=calendar, as_of=as_of)
        if alone.outcome in ACCEPTING_OUTCOMES and alone.acceptance_date == alone.receipt_date:
            return alone
    return decide(part, ruleset=ruleset, calendar=calendar, as_of=as_of)


def _part(base: Mapping[str, Any], matter) -> dict[str, Any]:
    """The part of the one form a matter needs: its materials, at its own authority."""
    own = {m.id for m in matter.materials}
    part = dict(base, matter_code=matter.code, authority_id=matter.authority_id)
    part["materials"] = [s for s in base.get("materials") or () if isinstance(s, Mapping) and s.get("id") in own]
    events = []
    for ev in base.get("events") or ():
        if isinstance(ev, Mapping) and ev.get("type") == "supplement":
            ev = dict(ev, materials=[x for x in ev.get("materials") or () if x in own])
        events.append(ev)
    part["events"] = events
    return part


def _combined(decisions: list[Decision]) -> Outcome:
    if all(d.outcome in ACCEPTING_OUTCOMES for d in decisions):
        return Outcome.accepted
    ranked = [d for d in decisions if d.outcome in OUTCOME_RANK]
    unranked = [d for d in decisions if d.outcome not in OUTCOME_RANK]  # not_required, not_jurisdiction, rejected
    if unranked:
        return unranked[0].outcome
    return min(ranked, key=lambda d: OUTCOME_RANK[d.outcome]).outcome


def _label(rs: Ruleset, matter_code: str, item: str) -> str:
    if item.startswith("prerequisite:"):
        code = item.split(":", 1)[1]
        m = rs.matters_by_code.get(code)
        return m.name_zh if m else code
    mat = rs.matters_by_code[matter_code].material(item)
    return mat.name_zh if mat else item
