"""What the HTTP service answers, without HTTP: one method per endpoint, from request bytes and query
strings to a ``Reply`` (JSON bytes and the ruleset versions that made it).

The ruleset library and the calendar are loaded once, when the service is built; every method is a
pure function of them and of its arguments (no state is written after ``__init__``), so any number of
worker threads may call it at once. Errors are raised — ``GovRulesError``s from the library, and
``HTTPProblem`` for what only the service checks — and the HTTP layer (``app.py``) answers them.
Nothing here imports FastAPI.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

import msgspec

from ..calendar import Calendar
from ..engine import decide, replay
from ..errors import GovRulesError, InvalidInputError
from ..loading import RulesetLibrary
from ..loading.schema import SCHEMAS
from ..models.base import parse_iso_date
from ..models.decision import Decision
from ..models.ruleset import Ruleset
from ..notices import notice, notices_for
from . import schemas
from .problems import HTTPProblem, dumps, error_object

_INTEGER = re.compile(r"-?[0-9]{1,9}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


@dataclass(frozen=True)
class Limits:
    """What one request may ask of the service (docs/server.md "Limits")."""

    max_body_bytes: int = 4 * 1024 * 1024
    """A larger request body is refused with 413 before it is parsed."""
    max_batch: int = 1000
    """More applications in one ``/v1/decide/batch`` are refused with 422."""
    time_limit: float = 10.0
    """Seconds a request may take (queueing, parsing, deciding, writing); past it, 503."""
    threads: int = 4
    """Worker threads that decide; the event loop only reads and writes."""

    def __post_init__(self) -> None:
        for name in ("max_body_bytes", "max_batch", "threads"):
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise InvalidInputError("invalid_value", name, getattr(self, name), "a positive integer")
        if not isinstance(self.time_limit, (int, float)) or not self.time_limit > 0:
            raise InvalidInputError("invalid_value", "time_limit", self.time_limit, "a positive number of seconds")


class Reply(NamedTuple):
    body: bytes
    #: ``Govrules-Ruleset`` entries of the rulesets that made the answer; None: every version loaded
    rulesets: tuple[str, ...] | None = None


def header_entry(rid: str, version: str, content_hash: str) -> str:
    """``cn.demo.district 2022-01 sha256:f0d485a00747d1f0``: one ruleset version in a header. Ids and
    versions are free text; anything but printable ASCII, a space or a comma is percent-encoded, so the
    header is always valid and splits on ``", "`` and ``" "``."""
    return " ".join(_percent_encoded(part) for part in (rid, version, content_hash))


def _percent_encoded(text: str) -> str:
    return "".join(c if "!" <= c <= "~" and c not in "%," else "".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass"))
                   for c in text)


def _ref(rs: Ruleset) -> schemas.RulesetRef:
    return schemas.RulesetRef(id=rs.id, version=rs.version, hash=rs.content_hash, effective_from=rs.effective_from,
                              effective_to=rs.effective_to, title=rs.title)


def _entry(rs: Ruleset) -> str:
    return header_entry(rs.id, rs.version, rs.content_hash)


def _model(m: Any) -> bytes:
    return m.model_dump_json().encode("utf-8", "backslashreplace")


def parse_json(body: bytes, what: str) -> Any:
    """A request body as JSON (RFC 8259: UTF-8, no NaN or Infinity, no lone surrogate, no number that
    overflows), or ``invalid_json`` (400). Read by msgspec, which refuses all of these itself (``json.loads``
    accepts NaN and Infinity, and refusing them needs a new decoder per call)."""
    try:
        return msgspec.json.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as exc:
        raise InvalidInputError("invalid_json", what, "<body>", f"a UTF-8 JSON body ({short(exc)})") from None


def short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def date_param(value: str | None, name: str) -> _dt.date | None:
    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        raise InvalidInputError("invalid_value", name, value, str(exc)) from None


def int_param(value: str, name: str) -> int:
    if not _INTEGER.fullmatch(value):
        raise InvalidInputError("invalid_value", name, value, "an integer, e.g. 20 (at most 9 digits)")
    return int(value)


class Service:
    """The ruleset (or library) and calendar of one running service, and what it answers."""

    def __init__(self, ruleset: Ruleset | RulesetLibrary, calendar: Calendar, limits: Limits = Limits()) -> None:
        if not isinstance(ruleset, (Ruleset, RulesetLibrary)):
            raise InvalidInputError("invalid_value", "ruleset", type(ruleset).__name__,
                                    "a govrules.Ruleset or RulesetLibrary (govrules.load_ruleset)")
        if not isinstance(calendar, Calendar):
            raise InvalidInputError("invalid_value", "calendar", type(calendar).__name__,
                                    "a govrules.Calendar (govrules.china_calendar(...))")
        self.ruleset, self.calendar, self.limits = ruleset, calendar, limits
        #: every version an application can be decided with: the leaf rulesets of a library (each version
        #: resolved with the parents in force when it starts), or the one ruleset given
        if isinstance(ruleset, RulesetLibrary):
            leaves = set(ruleset.leaves())
            self.versions: tuple[Ruleset, ...] = tuple(
                ruleset.resolve(d, d.effective_from) for d in sorted(ruleset.documents, key=lambda d: (d.id, d.effective_from))
                if d.id in leaves)
        else:
            self.versions = (ruleset,)
        self.loaded = tuple(_entry(rs) for rs in self.versions)
        self._health = _model(schemas.Health(
            govrules=_version(), rulesets=[_ref(rs) for rs in self.versions], calendar=calendar.version,
            limits=schemas.Limits(max_body_bytes=limits.max_body_bytes, max_batch=limits.max_batch,
                                  time_limit_seconds=limits.time_limit, threads=limits.threads)))
        self._schemas = {kind: dumps(make()) for kind, make in SCHEMAS.items()}  # written once

    # ---- decisions ------------------------------------------------------------------------------
    def _decide(self, application: Any, as_of: _dt.date | None) -> Decision:
        return decide(application, ruleset=self.ruleset, calendar=self.calendar, as_of=as_of)

    def decide(self, body: bytes, as_of: str | None = None) -> Reply:
        """``POST /v1/decide``: exactly ``decide(application).model_dump_json()``."""
        day = date_param(as_of, "as_of")
        d = self._decide(parse_json(body, "application"), day)
        return Reply(d.model_dump_json().encode("utf-8"), (_trace_entry(d),))

    def decide_batch(self, body: bytes, as_of: str | None = None) -> Reply:
        """``POST /v1/decide/batch``: ``{"applications": [...]}`` → one result per application, in order;
        a bad application is an error in its place, never the whole batch's."""
        day = date_param(as_of, "as_of")
        doc = parse_json(body, "body")
        if not isinstance(doc, dict) or set(doc) != {"applications"} or not isinstance(doc["applications"], list):
            raise InvalidInputError("invalid_value", "body", type(doc).__name__ if not isinstance(doc, dict)
                                    else sorted(doc), 'an object {"applications": [application, ...]}')
        apps = doc["applications"]
        if len(apps) > self.limits.max_batch:
            raise HTTPProblem(422, "batch_too_large", "body.applications", len(apps),
                              f"at most {self.limits.max_batch} applications per batch (split it)")
        parts, used = [], {}
        for i, app in enumerate(apps):
            try:
                d = self._decide(app, day)
            except GovRulesError as exc:
                parts.append(f'{{"index":{i},"error":'.encode() + dumps(error_object(exc)) + b"}")
                continue
            entry = _trace_entry(d)
            used.setdefault(entry, None)
            parts.append(f'{{"index":{i},"decision":'.encode() + d.model_dump_json().encode("utf-8") + b"}")
        return Reply(b'{"results":[' + b",".join(parts) + b"]}", tuple(used))

    def notices(self, body: bytes, as_of: str | None = None, kind: str | None = None) -> Reply:
        """``POST /v1/notices``: the applicant-facing documents for the application's decision."""
        day = date_param(as_of, "as_of")
        application = parse_json(body, "application")
        d = self._decide(application, day)
        if kind is None:
            docs = notices_for(d, ruleset=self.ruleset, application=application)
            if not docs:
                raise InvalidInputError("no_notice_for_outcome", "decision.outcome", d.outcome.value,
                                        "an outcome the window answers with a document (decide again after "
                                        "the notice period)")
        else:
            docs = [notice(d, ruleset=self.ruleset, application=application, kind=kind)]
        out = schemas.NoticeList(application_id=d.application_id, outcome=d.outcome.value, notices=[
            schemas.NoticeOut(kind=n.kind.value, title=n.title, authority=n.authority, addressee=n.addressee,
                              issued_on=n.issued_on, application_id=n.application_id,
                              sections=[schemas.Section(text=s.text, items=list(s.items)) for s in n.sections],
                              basis=[schemas.Citation(**c.model_dump(mode="json")) for c in n.basis], text=n.text)
            for n in docs])
        return Reply(_model(out), (_trace_entry(d),))

    def replay(self, body: bytes) -> Reply:
        """``POST /v1/replay``: ``{"recorded": decision, "application": application}`` decided again from
        the recorded trace; a decision that is not reproduced is a ``ReplayError`` (409)."""
        doc = parse_json(body, "body")
        if not isinstance(doc, dict) or set(doc) != {"recorded", "application"}:
            raise InvalidInputError("invalid_value", "body", type(doc).__name__ if not isinstance(doc, dict)
                                    else sorted(doc), 'an object {"recorded": decision, "application": application}')
        recorded = doc["recorded"]
        if not isinstance(recorded, (dict, str)):
            raise InvalidInputError("invalid_value", "recorded", type(recorded).__name__,
                                    "a recorded Decision: its JSON object, or that JSON as a string")
        again = replay(recorded, doc["application"], ruleset=self.ruleset, calendar=self.calendar)
        t = again.trace
        out = schemas.ReplayResult(reproduced=True, ruleset_id=t.ruleset_id, ruleset_version=t.ruleset_version,
                                   ruleset_hash=t.ruleset_hash, calendar_version=t.calendar_version,
                                   as_of=t.as_of, outcome=again.outcome.value)
        return Reply(_model(out), (_trace_entry(again),))

    # ---- the catalogue --------------------------------------------------------------------------
    def _in_force(self, day: _dt.date | None) -> list[Ruleset]:
        """The versions in force on ``day`` (every version without one), resolved on that day."""
        if day is None:
            return list(self.versions)
        if isinstance(self.ruleset, Ruleset):
            return [self.ruleset] if self.ruleset.in_force_on(day) else []
        lib = self.ruleset
        return [lib.resolve(doc, day) for rid in lib.leaves() if (doc := lib.version_on(rid, day)) is not None]

    def matters(self, on: str | None = None, ruleset: str | None = None) -> Reply:
        """``GET /v1/matters``: every matter of every ruleset version (``on``: in force that day)."""
        day = date_param(on, "on")
        versions = [rs for rs in self._in_force(day) if ruleset is None or rs.id == ruleset]
        if ruleset is not None and not any(rs.id == ruleset for rs in self.versions):
            raise InvalidInputError("unknown_ruleset", "ruleset", ruleset,
                                    f"one of {', '.join(sorted({rs.id for rs in self.versions}))}")
        out = schemas.MatterList(matters=[
            schemas.MatterSummary(code=m.code, name=m.name, name_zh=m.name_zh, type=str(m.type),
                                  authority_id=m.authority if isinstance(m.authority, str) else m.authority.id,
                                  stub=m.stub, ruleset=_ref(rs))
            for rs in versions for m in rs.matters])
        return Reply(_model(out), tuple(_entry(rs) for rs in versions))

    def matter(self, code: str, on: str | None = None, ruleset: str | None = None) -> Reply:
        """``GET /v1/matters/{code}``: the matter as an application received ``on`` that day (default:
        in the newest version holding it) is decided with; an unknown code is 404."""
        day = date_param(on, "on")
        holding = [rs for rs in self.versions if code in rs.matters_by_code and (ruleset is None or rs.id == ruleset)]
        if not holding:
            raise HTTPProblem(404, "no_ruleset_for_matter", "code", code,
                              "a matter code held by one of the service's rulesets (GET /v1/matters)")
        if day is None:
            day = max(rs.effective_from for rs in holding)
        if isinstance(self.ruleset, RulesetLibrary):
            rs, _ = self.ruleset.select(code, day, ruleset)
        else:
            rs = self.ruleset
            if not rs.in_force_on(day):
                raise InvalidInputError("no_ruleset_in_force", "on", str(day),
                                        f"a date within {rs.id} {rs.version}'s effective period")
        out = schemas.MatterDetail(ruleset=_ref(rs), matter=rs.matters_by_code[code])
        return Reply(_model(out), (_entry(rs),))

    # ---- the calendar ---------------------------------------------------------------------------
    def add_working_days(self, start: str, n: str, exclude: list[str] | None = None) -> Reply:
        """``GET /v1/calendar/add-working-days?start=&n=[&exclude=FROM..TO]``."""
        day = date_param(start, "start")
        assert day is not None
        count = int_param(n, "n")
        excluded = []
        for spec in exclude or ():
            a, sep, b = spec.partition("..")
            lo, hi = date_param(a, "exclude"), date_param(b if sep else a, "exclude")
            assert lo is not None and hi is not None
            if hi < lo:
                raise InvalidInputError("invalid_value", "exclude", spec, "FROM..TO with FROM on or before TO")
            excluded.append((lo, hi))
        end = self.calendar.add_working_days(day, count, excluded=excluded)
        return Reply(_model(schemas.WorkingDaysResult(start=day, n=count, result=end, excluded=excluded,
                                                      provisional=self.calendar.is_provisional(end))))

    def month(self, yyyy_mm: str) -> Reply:
        """``GET /v1/calendar/month/{yyyy-mm}``: every day of the month, its kind and its holiday's name."""
        m = _MONTH.fullmatch(yyyy_mm)
        if m is None or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
            raise InvalidInputError("invalid_value", "month", yyyy_mm, "a month YYYY-MM, e.g. 2025-10")
        view = self.calendar.month(int(m.group(1)), int(m.group(2)))
        out = schemas.MonthResult(month=yyyy_mm, days=[
            schemas.Day(date=i.date, kind=str(i.kind), name=i.name, source=i.source, provisional=i.provisional)
            for i in view.infos])
        return Reply(_model(out))

    # ---- the rest -------------------------------------------------------------------------------
    def schema(self, kind: str) -> Reply:
        """``GET /v1/schema/{application|ruleset|decision}``: the JSON Schema (draft 2020-12)."""
        if kind not in self._schemas:
            raise HTTPProblem(404, "not_found", "kind", kind, "application, ruleset or decision")
        return Reply(self._schemas[kind])

    def health(self) -> Reply:
        return Reply(self._health)


def _trace_entry(d: Decision) -> str:
    return header_entry(d.trace.ruleset_id, d.trace.ruleset_version, d.trace.ruleset_hash)


def _version() -> str:
    from .. import __version__

    return __version__


#: what an operation of the service is, for the HTTP layer
Operation = Callable[[], Reply]
__all__ = ["Limits", "Operation", "Reply", "Service", "header_entry", "parse_json"]
