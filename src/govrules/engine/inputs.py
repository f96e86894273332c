"""Step 0 of spec §5.3: turn the caller's input into checked values before any rule runs.

Shape errors come from pydantic; reference errors (unknown material, unknown authority, events before
receipt ...) are checked here against the ruleset. Every problem is reported at once: the
``InvalidInputError`` raised is the first problem found and carries every other as ``.problems``, in
this order — the application's shape (pydantic's order), ``as_of``, then the references (authority,
materials, obtained prerequisites, commitment materials, events in list order).

The happy path costs what a single check costs: the problems are collected only once something is
known to be wrong. An application with shape errors is not given up at once: when the fields that
choose the ruleset (``matter_code``, ``submitted_on``, ``ruleset``) can be read, the rest is salvaged
(``_Unchecked``: the broken parts left out, their places remembered) so that its references can still be
checked; it never gets past ``check_references``, which raises with every problem.
"""

from __future__ import annotations

import datetime as _dt
import re
from types import MappingProxyType
from typing import Any, Mapping

import msgspec
from pydantic import PrivateAttr, ValidationError

from ..errors import InvalidInputError
from ..models.application import (EVENT_ORDER, SINGLE_EVENTS, Application, MaterialStatus, NotificationCommitment,
                                  Project)
from ..models.application import application_problems
from ..models.ruleset import Ruleset
from .plan import MatterPlan


class _Unchecked(Application):
    """An application whose shape has problems (``_problems``), salvaged so that its references can be
    checked too: broken list entries are left out (``_where`` maps each kept entry to its index as
    written), and broken required fields hold placeholders that no check reads."""

    _problems: tuple[InvalidInputError, ...] = PrivateAttr(())
    _where: Mapping[str, tuple[int, ...]] = PrivateAttr(default_factory=dict)
    _authority_unknown: bool = PrivateAttr(False)  # authority_id is a placeholder: not checked


class _Refused(_dt.date):
    """The as-of date stood in for by the receipt date, because the one given is wrong (``problem``)."""

    __slots__ = ("problem",)
    problem: InvalidInputError


def coerce_application(application: Any) -> Application:
    if isinstance(application, Application):
        return application
    if not isinstance(application, Mapping):
        raise InvalidInputError("invalid_value", "application", type(application).__name__,
                                "a govrules.Application or a mapping (e.g. parsed JSON)")
    untyped: dict[int, InvalidInputError] = {}
    events = application.get("events")
    if isinstance(events, (list, tuple)):
        for i, ev in enumerate(events):  # a non-text tag is named here: pydantic cannot always print it
            if isinstance(ev, Mapping) and "type" in ev and not isinstance(ev["type"], str):
                untyped[i] = InvalidInputError(
                    "invalid_value", f"application.events[{i}].type", ev["type"],
                    "an event type name such as 'correction_notice' or 'supplement'")
    data: Mapping[str, Any] = application
    if untyped:  # pydantic sees a plain null in their place, a problem of that event only
        data = {**application, "events": [None if i in untyped else ev for i, ev in enumerate(events)]}
    try:
        return Application.model_validate(data)
    except ValidationError as exc:
        problems = list(untyped.values()) + [p for p in application_problems(exc)
                                             if not _under_event(p.field, untyped)]
        salvaged = _salvage(data, exc.errors(include_url=False), problems)
        if salvaged is None:
            raise InvalidInputError.of(problems) from None
        return salvaged
    except RecursionError:
        raise InvalidInputError("invalid_value", "application", "<deeply nested>", "a shallow mapping") from None


def _under_event(path: str, indices: Mapping[int, Any]) -> bool:
    return any(path == f"application.events[{i}]" or path.startswith(f"application.events[{i}].")
               for i in indices)


# ---- salvaging an application with shape problems -----------------------------------------------------
#: Required fields no reference check reads: a placeholder lets the rest be checked.
_PLACEHOLDERS: Mapping[str, Any] = MappingProxyType({
    "id": "?", "region": "000000", "applicant": {"id": "?", "kind": "natural_person"}, "channel": "window",
    "authority_id": "?",
})
#: Fields that choose the ruleset version and the matter: without them nothing can be checked.
_CHOOSERS = frozenset({"matter_code", "ruleset"})
_LISTS = ("materials", "events", "obtained_prerequisites")
#: A receipt date written in another unambiguous year-first form: read only to choose the ruleset
#: version and to compare the events with; the problem is still reported.
_YEAR_FIRST = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{4})(\d{2})(\d{2})")


def _receipt_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    m = _YEAR_FIRST.fullmatch(text) or _YEAR_FIRST.fullmatch(re.split(r"[T ]", text, maxsplit=1)[0])
    if m is None:
        return None
    y, mo, d = (int(g) for g in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 200


def _kept(items: Any, broken: set[int], keep_broken: Any = None) -> tuple[list[Any], tuple[int, ...]]:
    """The entries of a list without its broken ones (``keep_broken`` may still save one), and the
    index each kept entry has as written."""
    if not isinstance(items, (list, tuple)):
        return [], ()
    kept, where = [], []
    for i, item in enumerate(items):
        if i in broken:
            item = keep_broken(item) if keep_broken is not None else None
            if item is None:
                continue
        kept.append(item)
        where.append(i)
    return kept, tuple(where)


def _material_id_only(item: Any) -> Any:
    """A material whose status (or an extra key) is wrong still names a material: its id is checked."""
    if isinstance(item, Mapping) and _is_id(item.get("id")):
        return {"id": item["id"]}
    return None


def _salvage(data: Mapping[str, Any], errors: list[Any], problems: list[InvalidInputError]) -> _Unchecked | None:
    bad: dict[Any, list[tuple[Any, ...]]] = {}
    for err in errors:
        loc = tuple(err.get("loc", ()))
        if not loc:
            return None
        bad.setdefault(loc[0], []).append(loc[1:])
    fixed = dict(data)
    where: dict[str, tuple[int, ...]] = {}
    authority_unknown = False
    for key, subs in bad.items():
        if key in _CHOOSERS:
            return None
        if key == "submitted_on":
            day = _receipt_date(data.get(key))
            if day is None:
                return None
            fixed[key] = day
        elif key in _LISTS:
            whole = any(not s or not isinstance(s[0], int) for s in subs)  # the list itself is wrong
            broken = {s[0] for s in subs if s and isinstance(s[0], int)}
            fixed[key], where[key] = _kept(() if whole else data.get(key), broken,
                                           _material_id_only if key == "materials" else None)
        elif key == "notification_commitment":
            nc = data.get(key)
            mats = nc.get("materials") if isinstance(nc, Mapping) else None
            whole = any(s[:1] == ("materials",) and len(s) < 2 for s in subs)
            broken = {s[1] for s in subs if s[:1] == ("materials",) and len(s) > 1 and isinstance(s[1], int)}
            kept, where["notification_commitment.materials"] = _kept(() if whole else mats, broken)
            fixed[key] = {"signed": True, "materials": kept} if isinstance(nc, Mapping) else None
        elif key in _PLACEHOLDERS:
            fixed[key] = _PLACEHOLDERS[key]
            authority_unknown = authority_unknown or key == "authority_id"
        else:  # an unknown key, or an optional field: left to its default
            fixed.pop(key, None)
    try:
        app = _Unchecked.model_validate(fixed)
    except (ValidationError, RecursionError, TypeError, ValueError):
        return None
    app._problems = tuple(problems)
    app._where = MappingProxyType(where)
    app._authority_unknown = authority_unknown
    return app


def _index(app: Application, key: str, i: int) -> int:
    """The index as written of the ``i``-th entry of ``key`` (a salvaged application left some out)."""
    if type(app) is _Unchecked and key in app._where:
        return app._where[key][i]
    return i


# ---- as_of and the references ----------------------------------------------------------------------------
def check_as_of(as_of: Any, app: Application) -> _dt.date:
    """The date to decide as of. A wrong one is reported with every other problem by
    ``check_references`` (the receipt date stands in for it until then)."""
    if as_of is None:
        if not app.events:
            return app.submitted_on
        dates = [e.date for e in app.events]
        return max(dates + [app.submitted_on])
    if type(as_of) is not _dt.date:
        return _refused(app, InvalidInputError("invalid_value", "as_of", as_of, "a datetime.date (not a datetime)"))
    if as_of < app.submitted_on:
        return _refused(app, InvalidInputError("as_of_before_receipt", "as_of", str(as_of),
                                               f"a date on or after the receipt date {app.submitted_on}"))
    return as_of


def _refused(app: Application, problem: InvalidInputError) -> _Refused:
    day = app.submitted_on
    stand_in = _Refused(day.year, day.month, day.day)
    stand_in.problem = problem
    return stand_in


class Checked(msgspec.Struct, frozen=True, gc=False):
    """The application's parts the stages read, checked and read once here: reading a field of a
    pydantic model costs about thirty times reading one of this struct (no attribute specialisation
    for a class with ``__getattr__``), and the stages would read these again and again."""

    statuses: dict[str, MaterialStatus]
    events: tuple[Any, ...]  # replayed events, in replay order, dated on or before as_of
    by_type: Mapping[str, tuple[Any, ...]]  # the same events grouped by type, each group in replay order
    obtained: frozenset[str]  # the prerequisites the applicant holds at receipt (codes of the ruleset)
    commitment: NotificationCommitment | None  # its notification-commitment (materials of the matter)
    project: Project | None
    filed_with: str  # the authority it was filed with (an authority id of the ruleset's catalogue)


_NO_EVENTS: Mapping[str, tuple[Any, ...]] = MappingProxyType({})


def by_type(events: tuple[Any, ...]) -> Mapping[str, tuple[Any, ...]]:
    """Index the replayed events by type once: the pipeline asks "the first X" / "every X" a dozen times."""
    if not events:
        return _NO_EVENTS
    groups: dict[str, list[Any]] = {}
    for ev in events:
        groups.setdefault(ev.type, []).append(ev)
    return {kind: tuple(evs) for kind, evs in groups.items()}


def check_references(rs: Ruleset, plan: MatterPlan, app: Application, as_of: _dt.date,
                     events: tuple[Any, ...]) -> Checked:
    """The application's references checked against the ruleset; raises ``InvalidInputError`` with
    every problem of the input (its shape's, ``as_of``'s and these) when there is any. ``events``: the
    application's, as select read them."""
    if type(app) is _Unchecked or type(as_of) is _Refused:
        raise _every_problem(rs, plan, app, as_of)
    ids = plan.material_ids
    materials = app.materials
    statuses = {sm.id: sm.status for sm in materials}
    nc = app.notification_commitment
    obtained = frozenset(app.obtained_prerequisites)
    filed_with, project = app.authority_id, app.project
    if (filed_with not in plan.authority_ids
            or len(statuses) != len(materials) or not ids.issuperset(statuses)
            or not plan.matter_codes.issuperset(obtained)
            or (nc is not None and not ids.issuperset(nc.materials))):
        raise _every_problem(rs, plan, app, as_of)
    if not events:
        return Checked(statuses, (), _NO_EVENTS, obtained, nc, project, filed_with)
    replayed = _replay(plan, app, as_of, rs.matters_by_code)
    if replayed is None:
        raise _every_problem(rs, plan, app, as_of)
    return Checked(statuses, replayed, by_type(replayed), obtained, nc, project, filed_with)


def check_unlisted(rs: Ruleset, app: Application, as_of: _dt.date) -> Checked:
    """The checks an application for an unlisted matter can have (spec §13a Q9): its shape, ``as_of`` and
    the authority it was filed with; no material or event can be checked against a matter not listed."""
    problems = _first_problems(rs, app, as_of)
    if problems:
        raise InvalidInputError.of(problems)
    return Checked({}, (), _NO_EVENTS, frozenset(), None, None, app.authority_id)


def _first_problems(rs: Ruleset, app: Application, as_of: _dt.date) -> list[InvalidInputError]:
    """The shape's problems, ``as_of``'s, and the authority's: what any matter, listed or not, is checked for."""
    problems: list[InvalidInputError] = list(app._problems) if type(app) is _Unchecked else []
    if type(as_of) is _Refused:
        problems.append(as_of.problem)
    if not (type(app) is _Unchecked and app._authority_unknown) and app.authority_id not in rs.authorities_by_id:
        problems.append(InvalidInputError("unknown_authority", "application.authority_id", app.authority_id,
                                          "an authority id of the ruleset's catalogue"))
    return problems


def _every_problem(rs: Ruleset, plan: MatterPlan, app: Application, as_of: _dt.date) -> InvalidInputError:
    """Every problem, in the order of the module's docstring (the first is what a one-problem check
    would have raised)."""
    problems = _first_problems(rs, app, as_of)
    problems += _material_problems(plan, app)
    codes = rs.matters_by_code
    for i, code in enumerate(app.obtained_prerequisites):
        if code not in codes:
            problems.append(InvalidInputError(
                "unknown_reference", f"application.obtained_prerequisites[{_index(app, 'obtained_prerequisites', i)}]",
                code, "a matter code of the ruleset"))
    nc = app.notification_commitment
    if nc is not None:
        for i, mid in enumerate(nc.materials):
            if mid not in plan.material_ids:
                j = _index(app, "notification_commitment.materials", i)
                problems.append(InvalidInputError("unknown_reference",
                                                  f"application.notification_commitment.materials[{j}]",
                                                  mid, f"a material id of matter {plan.matter.code}"))
    _replay(plan, app, as_of, codes, problems)
    return InvalidInputError.of(problems)


def _material_problems(plan: MatterPlan, app: Application) -> list[InvalidInputError]:
    """Each material that is unknown or listed again."""
    ids, seen, out = plan.material_ids, set(), []
    for i, sm in enumerate(app.materials):
        at = f"application.materials[{_index(app, 'materials', i)}].id"
        if sm.id not in ids:
            out.append(InvalidInputError("unknown_material", at, sm.id,
                                         f"a material id of matter {plan.matter.code}: {', '.join(sorted(ids))}"))
        elif sm.id in seen:
            out.append(InvalidInputError("duplicate_material", at, sm.id, "each material listed once"))
        seen.add(sm.id)
    return out


def _replay(plan: MatterPlan, app: Application, as_of: _dt.date, codes: Mapping[str, Any],
            problems: list[InvalidInputError] | None = None) -> tuple[Any, ...] | None:
    """The events dated on or before ``as_of``, in replay order. A wrong event makes it return None at
    once, or, given ``problems``, adds each problem of every event to it."""
    if not app.events:
        return ()
    fee_ids = {f.id for f in plan.matter.fees}
    seen_single: set[str] = set()
    keyed = []
    for i, ev in enumerate(app.events):
        if ev.date < app.submitted_on:
            if problems is None:
                return None
            problems.append(_event_problem(app, i, "event_before_receipt", "from" if ev.type == "suspension" else "on",
                                           str(ev.date), f"a date on or after the receipt date {app.submitted_on}"))
        if ev.type in SINGLE_EVENTS:
            if ev.type in seen_single:
                if problems is None:
                    return None
                problems.append(_event_problem(app, i, "duplicate_event", "type", ev.type, f"at most one {ev.type} event"))
            seen_single.add(ev.type)
        if ev.type in ("supplement", "higher_correction_notice"):
            for j, mid in enumerate(ev.materials):
                if mid not in plan.material_ids:
                    if problems is None:
                        return None
                    problems.append(_event_problem(app, i, "unknown_reference", f"materials[{j}]", mid,
                                                   f"a material id of matter {plan.matter.code}"))
            for j, code in enumerate(getattr(ev, "prerequisites", ())):
                if code not in codes:
                    if problems is None:
                        return None
                    problems.append(_event_problem(app, i, "unknown_reference", f"prerequisites[{j}]", code,
                                                   "a matter code of the ruleset"))
        if ev.type in ("fee_notice", "payment") and ev.fee not in fee_ids:
            if problems is None:
                return None
            problems.append(_event_problem(app, i, "unknown_reference", "fee", ev.fee,
                                           f"a fee id of matter {plan.matter.code}: {', '.join(sorted(fee_ids)) or 'none'}"))
        if ev.date <= as_of:
            keyed.append((ev.date, EVENT_ORDER[ev.type], i, ev))
    keyed.sort(key=lambda k: k[:3])
    return tuple(k[3] for k in keyed)


def _event_problem(app: Application, i: int, code: str, where: str, value: Any, expected: str) -> InvalidInputError:
    return InvalidInputError(code, f"application.events[{_index(app, 'events', i)}].{where}", value, expected)
