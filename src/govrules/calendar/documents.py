"""The calendar's three file formats as pydantic models, and their validation into records.

* ``govrules.calendar.year/1`` — one calendar year: ``year``, ``notices``, ``rest_days``,
  ``makeup_working_days``. The shipped files under ``data/cn/`` use it, and so does a user file that
  adds a year the library does not ship (e.g. next year's notice before a release).
* ``govrules.calendar.overlay/1`` — extra ``rest_days`` and/or ``working_days`` for years that are
  covered (a province's extended holiday, an autonomous region's festival), with ``id``, ``title``,
  ``region`` and an optional ``source``.
* ``govrules.calendar.lunar/1`` — the shipped lunar festival dates for the projection.

A document is validated strictly: the models check its shape (unknown keys are errors, so a typo
never passes silently; values are never coerced: ``"2027"`` is not a year, ``"yes"`` not true), then
the rules between its values are checked here (a block's ``to`` after its ``from``, no day listed
twice, a make-up day on a weekend, references to the file's notices). The first problem raises
:class:`govrules.errors.CalendarDataError` naming the file, the path inside it and the value. Each
value type below raises its own code and message, so pydantic's error carries them to ``_failure``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, ValidationError, model_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import CalendarDataError, json_path, short_repr
from .records import LunarYear, Notice, Overlay, RestBlock, WorkDay, YearData, canonical_json

YEAR_SCHEMA = "govrules.calendar.year/1"
OVERLAY_SCHEMA = "govrules.calendar.overlay/1"
LUNAR_SCHEMA = "govrules.calendar.lunar/1"
MIN_YEAR, MAX_YEAR = 1949, 2199


# ---- values: each refuses what it is not, with the code and the message of a CalendarDataError ---------
def _problem(code: str, message: str, key: str | None = None) -> PydanticCustomError:
    """A problem pydantic carries to ``_failure``; ``key`` names a key of the mapping being validated."""
    return PydanticCustomError(code, "{message}", {"message": message, "key": key})


def _shown(value: Any) -> str:
    """The value as a message shows it: short, and never failing (an int of thousands of digits)."""
    if type(value) is int and value.bit_length() > 200:
        return f"<int of {value.bit_length()} bits>"
    return short_repr(value, 60)


def _text(value: Any, *, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value.strip():
        what = "a non-empty string" + (" or null" if nullable else "")
        raise _problem("calendar_data_type", f"expected {what}, got {_shown(value)}")
    return value


def _flag(value: Any) -> bool:
    if type(value) is not bool:
        raise _problem("calendar_data_type", f"expected true/false, got {_shown(value)}")
    return value


def _whole(value: Any) -> int:
    if type(value) is not int:
        raise _problem("calendar_data_type", f"expected an integer, got {_shown(value)}")
    return value


def _day(value: Any, *, nullable: bool = False) -> _dt.date | None:
    if value is None and nullable:
        return None
    if isinstance(value, _dt.datetime):
        raise _problem("calendar_data_date", f"expected a date without time, got {_shown(value)}")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return _dt.date.fromisoformat(value)
        except ValueError:
            pass
        raise _problem("calendar_data_date", f"expected a date YYYY-MM-DD, got {value!r}")
    raise _problem("calendar_data_date", f"expected a date YYYY-MM-DD, got {_shown(value)}")


def _listed(value: Any) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise _problem("calendar_data_type", f"expected a list, got {_shown(value)}")
    return list(value)


def _table(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _problem("calendar_data_type", f"expected a table/object, got {_shown(value)}")
    return value


Text = Annotated[str, PlainValidator(_text)]
MaybeText = Annotated[str | None, PlainValidator(lambda v: _text(v, nullable=True))]
Flag = Annotated[bool, PlainValidator(_flag)]
Day = Annotated[_dt.date, PlainValidator(_day)]
MaybeDay = Annotated[_dt.date | None, PlainValidator(lambda v: _day(v, nullable=True))]
Table = Annotated[Mapping[str, Any], PlainValidator(_table)]
Texts = Annotated[tuple[Text, ...], BeforeValidator(_listed)]


class _Doc(BaseModel):
    """A table of a calendar file: its keys are checked first — an unknown key, then a missing one —
    so that the problem named is the one the author made, then its values (the fields)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def keys_for(cls, value: Mapping[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
        """The required keys of a table like ``value``, and every key it may hold."""
        required = {f.alias or name for name, f in cls.model_fields.items() if f.is_required()}
        return frozenset(required), frozenset(f.alias or name for name, f in cls.model_fields.items())

    @model_validator(mode="before")
    @classmethod
    def _check_keys(cls, value: Any) -> Any:
        value = _table(value)
        required, allowed = cls.keys_for(value)
        for key in value:
            if key not in allowed:
                raise _problem("calendar_data_unknown_field",
                               f"unknown field {key!r} (allowed: {', '.join(sorted(allowed))})", str(key))
        for key in sorted(required):
            if key not in value:
                raise _problem("calendar_data_missing_field", f"missing required field {key!r}", key)
        return value


class NoticeDoc(_Doc):
    id: Text
    title: Text
    verified: Flag
    number: MaybeText = None
    published: MaybeDay = None
    url: MaybeText = None
    verified_via: Texts = ()
    note: MaybeText = None


class _Entry(_Doc):
    """A rest day or a working day written as a table; a bare date is the same as ``{date = …}``."""

    name: MaybeText = None
    notice: Text = None  # type: ignore[assignment]  # absent is None; written, a non-empty string
    """The notice of the file it comes from (year files only); absent: the file's first notice."""
    note: MaybeText = None


class RestEntry(_Entry):
    """``{date = …}`` or ``{from = …, to = …}`` (both inclusive)."""

    date: Day = None  # type: ignore[assignment]
    from_: Day = Field(None, alias="from")  # type: ignore[assignment]
    to: Day = None  # type: ignore[assignment]

    @classmethod
    def keys_for(cls, value: Mapping[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
        common = {"name", "notice", "note"}
        if "date" in value:
            return frozenset({"date"}), frozenset({"date"} | common)
        return frozenset({"from", "to"}), frozenset({"from", "to"} | common)


class WorkEntry(_Entry):
    date: Day


def _entry(value: Any) -> Any:
    """A bare date (a string or a TOML date) is the entry ``{date = …}``; it is checked here, so that a
    bad one is named at its own place in the list."""
    return {"date": _day(value)} if isinstance(value, str | _dt.date) else value


RestEntries = Annotated[tuple[Annotated[RestEntry, BeforeValidator(_entry)], ...], BeforeValidator(_listed)]
WorkEntries = Annotated[tuple[Annotated[WorkEntry, BeforeValidator(_entry)], ...], BeforeValidator(_listed)]


def _year_in_range(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _problem("calendar_data_range", f"year {_shown(year)} is outside {MIN_YEAR}…{MAX_YEAR}")
    return year


def _notices(notices: tuple[NoticeDoc, ...]) -> tuple[NoticeDoc, ...]:
    if not notices:
        raise _problem("calendar_data_missing_field", "at least one notice (the source) is required")
    ids = [n.id for n in notices]
    if len(set(ids)) != len(ids):
        raise _problem("calendar_data_duplicate", f"duplicate notice ids in {ids}")
    return notices


class YearDoc(_Doc):
    schema_: Literal["govrules.calendar.year/1"] = Field(alias="schema")
    year: Annotated[int, PlainValidator(_whole), AfterValidator(_year_in_range)]
    notices: Annotated[tuple[NoticeDoc, ...], BeforeValidator(_listed), AfterValidator(_notices)]
    rest_days: RestEntries
    makeup_working_days: WorkEntries
    region: Text = "CN"
    notes: Texts = ()
    derivation: Table = None  # type: ignore[assignment]


class SourceDoc(_Doc):
    """Where a regional overlay comes from (its notice), all optional."""

    title: MaybeText = None
    number: MaybeText = None
    published: MaybeDay = None
    url: MaybeText = None
    verified: Flag = None  # type: ignore[assignment]
    note: MaybeText = None


class OverlayDoc(_Doc):
    schema_: Literal["govrules.calendar.overlay/1"] = Field(alias="schema")
    id: Text
    title: Text
    region: MaybeText = None
    source: SourceDoc = None  # type: ignore[assignment]
    rest_days: RestEntries = ()
    working_days: WorkEntries = ()
    notes: Texts = ()


class LunarEntry(_Doc):
    chinese_new_years_eve: Day
    qingming: Day
    dragon_boat: Day
    mid_autumn: Day
    chinese_new_year: Any = None


class LunarDoc(_Doc):
    schema_: str = Field(alias="schema")
    source: Any
    years: Annotated[dict[str, LunarEntry], BeforeValidator(_table)]
    generated_by: Any = None
    purpose: Any = None

    FESTIVALS: ClassVar[tuple[str, ...]] = ("chinese_new_years_eve", "qingming", "dragon_boat", "mid_autumn")


# ---- documents → records -----------------------------------------------------------------------------
def _failure(exc: ValidationError, file: str) -> CalendarDataError:
    """The first problem pydantic found, as the CalendarDataError of the file, path and value."""
    err = exc.errors(include_url=False)[0]
    ctx = err.get("ctx") or {}
    loc = tuple(err.get("loc", ())) + ((ctx["key"],) if ctx.get("key") is not None else ())
    code = err["type"] if err["type"].startswith("calendar_data_") else "calendar_data_type"
    message = err["msg"] if code == err["type"] else f"{err['msg']} (got {_shown(err.get('input'))})"
    return CalendarDataError(code, message, file=file, path=json_path("", loc))


def _validated(model: type[_Doc], doc: Mapping[str, Any], file: str) -> Any:
    try:
        return model.model_validate(doc)
    except ValidationError as exc:
        raise _failure(exc, file) from None
    except RecursionError:
        raise CalendarDataError("calendar_data_type", "nested too deeply", file=file) from None


def parse_document(doc: Any, *, file: str, shipped: bool = False, expect: str | None = None) -> YearData | Overlay:
    """Validate one year or overlay document (already decoded from JSON/TOML)."""
    if not isinstance(doc, Mapping):
        raise CalendarDataError("calendar_data_type", f"expected a table/object, got {_shown(doc)}", file=file, path="")
    if "schema" not in doc:
        raise CalendarDataError("calendar_data_missing_field",
                                f"missing required field 'schema' (one of {YEAR_SCHEMA!r}, {OVERLAY_SCHEMA!r})",
                                file=file, path="schema")
    schema = doc["schema"]
    if schema not in (YEAR_SCHEMA, OVERLAY_SCHEMA) or (expect is not None and schema != expect):
        allowed = expect or f"{YEAR_SCHEMA!r} or {OVERLAY_SCHEMA!r}"
        raise CalendarDataError("calendar_data_schema", f"unsupported schema {_shown(schema)}; expected {allowed}",
                                file=file, path="schema")
    if schema == YEAR_SCHEMA:
        return _year(_validated(YearDoc, doc, file), file, shipped)
    return _overlay(_validated(OverlayDoc, doc, file), file)


def _source(entry: _Entry, path: str, file: str, default: str | None, notices: set[str] | None) -> str | None:
    if entry.notice is None:
        return default
    if notices is None:  # overlays have no notice list; their source is the overlay itself
        raise CalendarDataError("calendar_data_unknown_field", "overlay entries take no 'notice'", file=file,
                                path=f"{path}.notice")
    if entry.notice not in notices:
        raise CalendarDataError("calendar_data_unknown_notice",
                                f"notice {entry.notice!r} is not one of the file's notices {sorted(notices)}",
                                file=file, path=f"{path}.notice")
    return entry.notice


def _rest_blocks(entries: tuple[RestEntry, ...], key: str, file: str, default: str | None,
                 notices: set[str] | None) -> list[RestBlock]:
    blocks = []
    for i, e in enumerate(entries):
        path = f"{key}[{i}]"
        start, end = (e.date, e.date) if e.date is not None else (e.from_, e.to)
        if start > end:
            raise CalendarDataError("calendar_data_range", f"'to' ({end}) is before 'from' ({start})", file=file,
                                    path=f"{path}.to")
        blocks.append(RestBlock(start, end, e.name, _source(e, path, file, default, notices)))
    return blocks


def _work_days(entries: tuple[WorkEntry, ...], key: str, file: str, default: str | None,
               notices: set[str] | None) -> list[WorkDay]:
    return [WorkDay(e.date, e.name, _source(e, f"{key}[{i}]", file, default, notices)) for i, e in enumerate(entries)]


def _check_days(rest: list[RestBlock], work: list[WorkDay], rest_key: str, work_key: str, year: int | None,
                file: str, *, makeup_weekends_only: bool) -> None:
    """No day listed twice, nor both a rest day and a working day; in a year file, every day in its year
    and every make-up working day a Saturday or Sunday."""
    def fail(code: str, path: str, message: str) -> CalendarDataError:
        return CalendarDataError(code, message, file=file, path=path)

    seen: dict[_dt.date, str] = {}
    for i, block in enumerate(rest):
        path = f"{rest_key}[{i}]"
        if year is not None and (block.start.year != year or block.end.year != year):
            bad = block.start if block.start.year != year else block.end
            raise fail("calendar_data_range", path, f"{bad} is not in the file's year {year}")
        d = block.start
        while d <= block.end:
            if d in seen:
                raise fail("calendar_data_overlap", path, f"{d} is already listed at {seen[d]}")
            seen[d] = path
            d += _dt.timedelta(days=1)
    for i, day in enumerate(work):
        path = f"{work_key}[{i}]"
        if year is not None and day.date.year != year:
            raise fail("calendar_data_range", path, f"{day.date} is not in the file's year {year}")
        if day.date in seen:
            if seen[day.date].startswith(rest_key + "["):
                raise fail("calendar_data_conflict", path, f"{day.date} is also a rest day at {seen[day.date]}")
            raise fail("calendar_data_overlap", path, f"{day.date} is already listed at {seen[day.date]}")
        if makeup_weekends_only and day.date.weekday() < 5:
            raise fail("calendar_data_makeup_not_weekend", path,
                       f"{day.date} is a {day.date:%A}; a make-up working day (调休上班) must be a Saturday or Sunday")
        seen[day.date] = path


def _year(doc: YearDoc, file: str, shipped: bool) -> YearData:
    notices = [Notice(n.id, n.title, n.number, n.published, n.url, n.verified, n.note) for n in doc.notices]
    ids, default = {n.id for n in notices}, notices[0].id
    rest = _rest_blocks(doc.rest_days, "rest_days", file, default, ids)
    work = _work_days(doc.makeup_working_days, "makeup_working_days", file, default, ids)
    _check_days(rest, work, "rest_days", "makeup_working_days", doc.year, file, makeup_weekends_only=True)
    rest.sort(key=lambda b: b.start)
    work.sort(key=lambda w: w.date)
    canonical = canonical_json({
        "schema": YEAR_SCHEMA, "year": doc.year, "region": doc.region,
        "notices": [{"id": n.id, "title": n.title, "number": n.number, "published": n.published, "url": n.url,
                     "verified": n.verified, "note": n.note} for n in notices],
        "rest_days": [[b.start, b.end, b.name, b.source] for b in rest],
        "makeup_working_days": [[w.date, w.name, w.source] for w in work],
    })
    return YearData(year=doc.year, region=doc.region, notices=tuple(notices), rest_days=tuple(rest),
                    makeup_working_days=tuple(work), origin=file, shipped=shipped, canonical=canonical)


def _overlay(doc: OverlayDoc, file: str) -> Overlay:
    if not doc.rest_days and not doc.working_days:
        raise CalendarDataError("calendar_data_missing_field",
                                "an overlay needs at least one of 'rest_days', 'working_days'", file=file,
                                path="rest_days")
    tag = f"overlay:{doc.id}"
    rest = _rest_blocks(doc.rest_days, "rest_days", file, tag, None)
    work = _work_days(doc.working_days, "working_days", file, tag, None)
    _check_days(rest, work, "rest_days", "working_days", None, file, makeup_weekends_only=False)
    src = doc.source
    source_meta = None if src is None else {
        "title": src.title, "number": src.number, "published": src.published, "url": src.url,
        "verified": src.verified, "note": src.note,
    }
    # keep file order (paths in later error messages refer to it); apply order is irrelevant within a file
    canonical = canonical_json({
        "schema": OVERLAY_SCHEMA, "id": doc.id, "title": doc.title, "region": doc.region, "source": source_meta,
        "rest_days": [[b.start, b.end, b.name] for b in rest],
        "working_days": [[w.date, w.name] for w in work],
    })
    return Overlay(id=doc.id, title=doc.title, region=doc.region, rest_days=tuple(rest), working_days=tuple(work),
                   origin=file, canonical=canonical)


def parse_lunar_table(doc: Any, *, file: str) -> tuple[tuple[LunarYear, ...], str]:
    """The lunar festival dates of the provisional projection, by year, and their canonical JSON."""
    table: LunarDoc = _validated(LunarDoc, _table_of(doc, file), file)
    if table.schema_ != LUNAR_SCHEMA:
        raise CalendarDataError("calendar_data_schema", f"expected {LUNAR_SCHEMA!r}", file=file, path="schema")
    out = []
    for key in sorted(table.years):
        path, entry = f"years.{key}", table.years[key]
        try:
            year = int(key)
        except ValueError:
            raise CalendarDataError("calendar_data_type", f"year key {key!r} is not a year", file=file, path=path) from None
        dates = {k: getattr(entry, k) for k in LunarDoc.FESTIVALS}
        for k, d in dates.items():
            if d.year != year:
                raise CalendarDataError("calendar_data_range", f"{d} is not in {year}", file=file, path=f"{path}.{k}")
        out.append(LunarYear(year, **dates))
    rows = [[y.year, y.chinese_new_years_eve, y.qingming, y.dragon_boat, y.mid_autumn] for y in out]
    return tuple(out), canonical_json({"source": table.source, "years": rows})


def _table_of(doc: Any, file: str) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise CalendarDataError("calendar_data_type", f"expected a table/object, got {_shown(doc)}", file=file, path="")
    return doc
