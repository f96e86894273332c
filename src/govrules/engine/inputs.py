"""Step 0 of spec §5.3: turn the caller's input into checked values before any rule runs.

Shape errors come from pydantic and are re-raised as ``InvalidInputError`` with the JSON path;
reference errors (unknown material, unknown authority, events before receipt ...) are checked here
against the ruleset.
"""

from __future__ import annotations

import datetime as _dt
from types import MappingProxyType
from typing import Any, Mapping

import msgspec
from pydantic import ValidationError

from ..errors import InvalidInputError
from ..models.application import EVENT_ORDER, SINGLE_EVENTS, Application, MaterialStatus
from ..models.application import application_error
from ..models.ruleset import Ruleset
from .plan import MatterPlan


def coerce_application(application: Any) -> Application:
    if isinstance(application, Application):
        return application
    if not isinstance(application, Mapping):
        raise InvalidInputError("invalid_value", "application", type(application).__name__,
                                "a govrules.Application or a mapping (e.g. parsed JSON)")
    events = application.get("events")
    if isinstance(events, (list, tuple)):
        for i, ev in enumerate(events):  # a non-text tag is named here: pydantic cannot always print it
            if isinstance(ev, Mapping) and "type" in ev and not isinstance(ev["type"], str):
                raise InvalidInputError("invalid_value", f"application.events[{i}].type", ev["type"],
                                        "an event type name such as 'correction_notice' or 'supplement'")
    try:
        return Application.model_validate(application)
    except ValidationError as exc:
        raise application_error(exc) from None
    except RecursionError:
        raise InvalidInputError("invalid_value", "application", "<deeply nested>", "a shallow mapping") from None


def check_as_of(as_of: Any, app: Application) -> _dt.date:
    if as_of is None:
        if not app.events:
            return app.submitted_on
        dates = [e.date for e in app.events]
        return max(dates + [app.submitted_on])
    if type(as_of) is not _dt.date:
        raise InvalidInputError("invalid_value", "as_of", as_of, "a datetime.date (not a datetime)")
    if as_of < app.submitted_on:
        raise InvalidInputError("as_of_before_receipt", "as_of", str(as_of),
                                f"a date on or after the receipt date {app.submitted_on}")
    return as_of


class Checked(msgspec.Struct, frozen=True):
    statuses: dict[str, MaterialStatus]
    events: tuple[Any, ...]  # replayed events, in replay order, dated on or before as_of
    by_type: Mapping[str, tuple[Any, ...]]  # the same events grouped by type, each group in replay order


_NO_EVENTS: Mapping[str, tuple[Any, ...]] = MappingProxyType({})


def by_type(events: tuple[Any, ...]) -> Mapping[str, tuple[Any, ...]]:
    """Index the replayed events by type once: the pipeline asks "the first X" / "every X" a dozen times."""
    if not events:
        return _NO_EVENTS
    groups: dict[str, list[Any]] = {}
    for ev in events:
        groups.setdefault(ev.type, []).append(ev)
    return {kind: tuple(evs) for kind, evs in groups.items()}


def check_references(rs: Ruleset, plan: MatterPlan, app: Application, as_of: _dt.date) -> Checked:
    if app.authority_id not in rs.authorities_by_id:
        raise InvalidInputError("unknown_authority", "application.authority_id", app.authority_id,
                                "an authority id of the ruleset's catalogue")
    ids = plan.material_ids
    statuses = {sm.id: sm.status for sm in app.materials}
    if len(statuses) != len(app.materials) or not statuses.keys() <= ids:
        _material_error(plan, app)
    codes = rs.matters_by_code
    if not codes.keys() >= set(app.obtained_prerequisites):
        for i, code in enumerate(app.obtained_prerequisites):
            if code not in codes:
                raise InvalidInputError("unknown_reference", f"application.obtained_prerequisites[{i}]", code,
                                        "a matter code of the ruleset")
    nc = app.notification_commitment
    if nc is not None:
        for i, mid in enumerate(nc.materials):
            if mid not in ids:
                raise InvalidInputError("unknown_reference", f"application.notification_commitment.materials[{i}]",
                                        mid, f"a material id of matter {plan.matter.code}")
    events = _replay(plan, app, as_of, codes)
    return Checked(statuses, events, by_type(events))


def _material_error(plan: MatterPlan, app: Application) -> None:
    """Name the first material that is unknown or listed twice (the fast check only knows one is)."""
    ids, seen = plan.material_ids, set()
    for i, sm in enumerate(app.materials):
        if sm.id not in ids:
            raise InvalidInputError("unknown_material", f"application.materials[{i}].id", sm.id,
                                    f"a material id of matter {plan.matter.code}: {', '.join(sorted(ids))}")
        if sm.id in seen:
            raise InvalidInputError("duplicate_material", f"application.materials[{i}].id", sm.id,
                                    "each material listed once")
        seen.add(sm.id)


def _replay(plan: MatterPlan, app: Application, as_of: _dt.date, codes: Mapping[str, Any]) -> tuple[Any, ...]:
    if not app.events:
        return ()
    fee_ids = {f.id for f in plan.matter.fees}
    seen_single: set[str] = set()
    keyed = []
    for i, ev in enumerate(app.events):
        at = f"application.events[{i}]"
        if ev.date < app.submitted_on:
            raise InvalidInputError("event_before_receipt", f"{at}.{'from' if ev.type == 'suspension' else 'on'}",
                                    str(ev.date), f"a date on or after the receipt date {app.submitted_on}")
        if ev.type in SINGLE_EVENTS:
            if ev.type in seen_single:
                raise InvalidInputError("duplicate_event", f"{at}.type", ev.type, f"at most one {ev.type} event")
            seen_single.add(ev.type)
        if ev.type == "supplement":
            for j, mid in enumerate(ev.materials):
                if mid not in plan.material_ids:
                    raise InvalidInputError("unknown_reference", f"{at}.materials[{j}]", mid,
                                            f"a material id of matter {plan.matter.code}")
            for j, code in enumerate(ev.prerequisites):
                if code not in codes:
                    raise InvalidInputError("unknown_reference", f"{at}.prerequisites[{j}]", code,
                                            "a matter code of the ruleset")
        if ev.type in ("fee_notice", "payment") and ev.fee not in fee_ids:
            raise InvalidInputError("unknown_reference", f"{at}.fee", ev.fee,
                                    f"a fee id of matter {plan.matter.code}: {', '.join(sorted(fee_ids)) or 'none'}")
        if ev.date <= as_of:
            keyed.append((ev.date, EVENT_ORDER[ev.type], i, ev))
    keyed.sort(key=lambda k: k[:3])
    return tuple(k[3] for k in keyed)
