"""Loading and validating calendar data: shipped year files, user year files, regional overlays and
the lunar festival table of the provisional projection.

Every document is validated strictly (unknown keys are errors, so a typo never passes silently) and
turned into small frozen records. Any problem raises :class:`govrules.errors.CalendarDataError` naming
the file, the JSON path inside it and the offending value.

Formats (docs/calendar.md has examples):

* ``govrules.calendar.year/1`` — one calendar year: ``year``, ``notices``, ``rest_days``,
  ``makeup_working_days``. The shipped files under ``data/cn/`` use it, and so does a user file that
  adds a year the library does not ship (e.g. next year's notice before a release).
* ``govrules.calendar.overlay/1`` — extra ``rest_days`` and/or ``working_days`` for years that are
  covered (a province's extended holiday, an autonomous region's festival), with ``id``, ``title``,
  ``region`` and an optional ``source``.
* ``govrules.calendar.lunar/1`` — the shipped lunar festival dates for the projection.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govrules.errors import CalendarDataError, InvalidInputError

__all__ = [
    "YEAR_SCHEMA",
    "OVERLAY_SCHEMA",
    "LUNAR_SCHEMA",
    "Notice",
    "RestBlock",
    "WorkDay",
    "YearData",
    "Overlay",
    "LunarYear",
    "load_national_years",
    "load_lunar_table",
    "load_overlay",
    "parse_document",
    "canonical_json",
]

YEAR_SCHEMA = "govrules.calendar.year/1"
OVERLAY_SCHEMA = "govrules.calendar.overlay/1"
LUNAR_SCHEMA = "govrules.calendar.lunar/1"

DATA_DIR = Path(__file__).resolve().parent / "data"
MIN_YEAR, MAX_YEAR = 1949, 2199


# --------------------------------------------------------------------------------------------------
# records


@dataclass(frozen=True, slots=True)
class Notice:
    id: str
    title: str
    number: str | None
    published: _dt.date | None
    url: str | None
    verified: bool
    note: str | None


@dataclass(frozen=True, slots=True)
class RestBlock:
    start: _dt.date
    end: _dt.date
    name: str | None
    source: str | None  # notice id of the year file, "overlay:<id>" for overlays


@dataclass(frozen=True, slots=True)
class WorkDay:
    date: _dt.date
    name: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class YearData:
    year: int
    region: str
    notices: tuple[Notice, ...]
    rest_days: tuple[RestBlock, ...]
    makeup_working_days: tuple[WorkDay, ...]
    origin: str  # file name or "<mapping>" (for messages)
    shipped: bool
    canonical: str  # canonical JSON of the normalised document (hashed into Calendar.version)


@dataclass(frozen=True, slots=True)
class Overlay:
    id: str
    title: str
    region: str | None
    rest_days: tuple[RestBlock, ...]
    working_days: tuple[WorkDay, ...]
    origin: str
    canonical: str


@dataclass(frozen=True, slots=True)
class LunarYear:
    year: int
    chinese_new_years_eve: _dt.date
    qingming: _dt.date
    dragon_boat: _dt.date
    mid_autumn: _dt.date


# --------------------------------------------------------------------------------------------------
# helpers


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def _short(value: Any, limit: int = 60) -> str:
    """repr() for messages that never fails (huge ints, deeply nested values) and stays short."""
    if type(value) is int and value.bit_length() > 200:
        return f"<int of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except (ValueError, RecursionError, MemoryError):
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Ctx:
    """Where we are in a document, for error messages."""

    __slots__ = ("file",)

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, code: str, path: str, message: str) -> CalendarDataError:
        return CalendarDataError(code, message, file=self.file, path=path)

    def mapping(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail("calendar_data_type", path, f"expected a table/object, got {_short(value)}")
        return value

    def keys(self, value: Mapping[str, Any], path: str, required: set[str], optional: set[str]) -> None:
        for key in value:
            if key not in required and key not in optional:
                allowed = ", ".join(sorted(required | optional))
                raise self.fail(
                    "calendar_data_unknown_field",
                    _join(path, str(key)),
                    f"unknown field {key!r} (allowed: {allowed})",
                )
        for key in sorted(required):
            if key not in value:
                raise self.fail("calendar_data_missing_field", _join(path, key), f"missing required field {key!r}")

    def string(self, value: Any, path: str, *, nullable: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value.strip():
            what = "a non-empty string" + (" or null" if nullable else "")
            raise self.fail("calendar_data_type", path, f"expected {what}, got {_short(value)}")
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if type(value) is not bool:
            raise self.fail("calendar_data_type", path, f"expected true/false, got {_short(value)}")
        return value

    def integer(self, value: Any, path: str) -> int:
        if type(value) is not int:
            raise self.fail("calendar_data_type", path, f"expected an integer, got {_short(value)}")
        return value

    def date(self, value: Any, path: str, *, nullable: bool = False) -> _dt.date | None:
        if value is None and nullable:
            return None
        if isinstance(value, _dt.datetime):
            raise self.fail("calendar_data_date", path, f"expected a date without time, got {_short(value)}")
        if isinstance(value, _dt.date):
            return value
        if isinstance(value, str):
            try:
                if len(value) != 10:
                    raise ValueError
                return _dt.date.fromisoformat(value)
            except ValueError:
                pass
            raise self.fail("calendar_data_date", path, f"expected a date YYYY-MM-DD, got {value!r}")
        raise self.fail("calendar_data_date", path, f"expected a date YYYY-MM-DD, got {_short(value)}")

    def list(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list | tuple):
            raise self.fail("calendar_data_type", path, f"expected a list, got {_short(value)}")
        return list(value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# --------------------------------------------------------------------------------------------------
# documents


def parse_document(
    doc: Any, *, file: str, shipped: bool = False, expect: str | None = None
) -> YearData | Overlay:
    """Validate one year or overlay document (already decoded from JSON/TOML)."""
    ctx = _Ctx(file)
    doc = ctx.mapping(doc, "")
    if "schema" not in doc:
        raise ctx.fail(
            "calendar_data_missing_field",
            "schema",
            f"missing required field 'schema' (one of {YEAR_SCHEMA!r}, {OVERLAY_SCHEMA!r})",
        )
    schema = doc["schema"]
    if schema not in (YEAR_SCHEMA, OVERLAY_SCHEMA) or (expect is not None and schema != expect):
        allowed = expect or f"{YEAR_SCHEMA!r} or {OVERLAY_SCHEMA!r}"
        raise ctx.fail("calendar_data_schema", "schema", f"unsupported schema {_short(schema)}; expected {allowed}")
    if schema == YEAR_SCHEMA:
        return _parse_year(ctx, doc, shipped=shipped)
    return _parse_overlay(ctx, doc)


def _parse_notice(ctx: _Ctx, value: Any, path: str) -> Notice:
    m = ctx.mapping(value, path)
    ctx.keys(m, path, {"id", "title", "verified"}, {"number", "published", "url", "verified_via", "note"})
    if "verified_via" in m:
        for i, item in enumerate(ctx.list(m["verified_via"], _join(path, "verified_via"))):
            ctx.string(item, f"{path}.verified_via[{i}]")
    return Notice(
        id=ctx.string(m["id"], _join(path, "id")),  # type: ignore[arg-type]
        title=ctx.string(m["title"], _join(path, "title")),  # type: ignore[arg-type]
        number=ctx.string(m.get("number"), _join(path, "number"), nullable=True),
        published=ctx.date(m.get("published"), _join(path, "published"), nullable=True),
        url=ctx.string(m.get("url"), _join(path, "url"), nullable=True),
        verified=ctx.boolean(m["verified"], _join(path, "verified")),
        note=ctx.string(m.get("note"), _join(path, "note"), nullable=True),
    )


def _parse_rest(ctx: _Ctx, value: Any, path: str, default_source: str | None, notice_ids: set[str] | None) -> RestBlock:
    if isinstance(value, str | _dt.date):
        d = ctx.date(value, path)
        return RestBlock(d, d, None, default_source)  # type: ignore[arg-type]
    m = ctx.mapping(value, path)
    if "date" in m:
        ctx.keys(m, path, {"date"}, {"name", "notice", "note"})
        start = end = ctx.date(m["date"], _join(path, "date"))
    else:
        ctx.keys(m, path, {"from", "to"}, {"name", "notice", "note"})
        start = ctx.date(m["from"], _join(path, "from"))
        end = ctx.date(m["to"], _join(path, "to"))
        if start > end:  # type: ignore[operator]
            raise ctx.fail(
                "calendar_data_range",
                _join(path, "to"),
                f"'to' ({end}) is before 'from' ({start})",
            )
    name = ctx.string(m.get("name"), _join(path, "name"), nullable=True)
    ctx.string(m.get("note"), _join(path, "note"), nullable=True)
    source = _notice_ref(ctx, m, path, default_source, notice_ids)
    return RestBlock(start, end, name, source)  # type: ignore[arg-type]


def _parse_work(ctx: _Ctx, value: Any, path: str, default_source: str | None, notice_ids: set[str] | None) -> WorkDay:
    if isinstance(value, str | _dt.date):
        return WorkDay(ctx.date(value, path), None, default_source)  # type: ignore[arg-type]
    m = ctx.mapping(value, path)
    ctx.keys(m, path, {"date"}, {"name", "notice", "note"})
    d = ctx.date(m["date"], _join(path, "date"))
    name = ctx.string(m.get("name"), _join(path, "name"), nullable=True)
    ctx.string(m.get("note"), _join(path, "note"), nullable=True)
    return WorkDay(d, name, _notice_ref(ctx, m, path, default_source, notice_ids))  # type: ignore[arg-type]


def _notice_ref(
    ctx: _Ctx, m: Mapping[str, Any], path: str, default_source: str | None, notice_ids: set[str] | None
) -> str | None:
    if "notice" not in m:
        return default_source
    ref = ctx.string(m["notice"], _join(path, "notice"))
    if notice_ids is None:  # overlays have no notice list; their source is the overlay itself
        raise ctx.fail("calendar_data_unknown_field", _join(path, "notice"), "overlay entries take no 'notice'")
    if ref not in notice_ids:
        raise ctx.fail(
            "calendar_data_unknown_notice",
            _join(path, "notice"),
            f"notice {ref!r} is not one of the file's notices {sorted(notice_ids)}",
        )
    return ref


def _check_days(
    ctx: _Ctx,
    rest: list[RestBlock],
    work: list[WorkDay],
    rest_key: str,
    work_key: str,
    year: int | None,
    *,
    makeup_weekends_only: bool,
) -> None:
    seen: dict[_dt.date, str] = {}
    for i, block in enumerate(rest):
        path = f"{rest_key}[{i}]"
        if year is not None and (block.start.year != year or block.end.year != year):
            bad = block.start if block.start.year != year else block.end
            raise ctx.fail("calendar_data_range", path, f"{bad} is not in the file's year {year}")
        d = block.start
        while d <= block.end:
            if d in seen:
                raise ctx.fail("calendar_data_overlap", path, f"{d} is already listed at {seen[d]}")
            seen[d] = path
            d += _dt.timedelta(days=1)
    for i, day in enumerate(work):
        path = f"{work_key}[{i}]"
        if year is not None and day.date.year != year:
            raise ctx.fail("calendar_data_range", path, f"{day.date} is not in the file's year {year}")
        if day.date in seen:
            if seen[day.date].startswith(rest_key + "["):
                raise ctx.fail("calendar_data_conflict", path, f"{day.date} is also a rest day at {seen[day.date]}")
            raise ctx.fail("calendar_data_overlap", path, f"{day.date} is already listed at {seen[day.date]}")
        if makeup_weekends_only and day.date.weekday() < 5:
            raise ctx.fail(
                "calendar_data_makeup_not_weekend",
                path,
                f"{day.date} is a {day.date:%A}; a make-up working day (调休上班) must be a Saturday or Sunday",
            )
        seen[day.date] = path


def _parse_year(ctx: _Ctx, doc: Mapping[str, Any], *, shipped: bool) -> YearData:
    ctx.keys(
        doc,
        "",
        {"schema", "year", "notices", "rest_days", "makeup_working_days"},
        {"region", "notes", "derivation"},
    )
    year = ctx.integer(doc["year"], "year")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ctx.fail("calendar_data_range", "year", f"year {_short(year)} is outside {MIN_YEAR}…{MAX_YEAR}")
    region = ctx.string(doc.get("region", "CN"), "region")
    notices_raw = ctx.list(doc["notices"], "notices")
    if not notices_raw:
        raise ctx.fail("calendar_data_missing_field", "notices", "at least one notice (the source) is required")
    notices = [_parse_notice(ctx, n, f"notices[{i}]") for i, n in enumerate(notices_raw)]
    ids = [n.id for n in notices]
    if len(set(ids)) != len(ids):
        raise ctx.fail("calendar_data_duplicate", "notices", f"duplicate notice ids in {ids}")
    default_source = ids[0]
    notice_ids = set(ids)
    rest = [
        _parse_rest(ctx, v, f"rest_days[{i}]", default_source, notice_ids)
        for i, v in enumerate(ctx.list(doc["rest_days"], "rest_days"))
    ]
    work = [
        _parse_work(ctx, v, f"makeup_working_days[{i}]", default_source, notice_ids)
        for i, v in enumerate(ctx.list(doc["makeup_working_days"], "makeup_working_days"))
    ]
    _check_days(ctx, rest, work, "rest_days", "makeup_working_days", year, makeup_weekends_only=True)
    if "notes" in doc:
        for i, note in enumerate(ctx.list(doc["notes"], "notes")):
            ctx.string(note, f"notes[{i}]")
    if "derivation" in doc:
        ctx.mapping(doc["derivation"], "derivation")
    rest.sort(key=lambda b: b.start)
    work.sort(key=lambda w: w.date)
    canonical = canonical_json(
        {
            "schema": YEAR_SCHEMA,
            "year": year,
            "region": region,
            "notices": [_notice_dict(n) for n in notices],
            "rest_days": [[b.start, b.end, b.name, b.source] for b in rest],
            "makeup_working_days": [[w.date, w.name, w.source] for w in work],
        }
    )
    return YearData(
        year=year,
        region=region,  # type: ignore[arg-type]
        notices=tuple(notices),
        rest_days=tuple(rest),
        makeup_working_days=tuple(work),
        origin=ctx.file,
        shipped=shipped,
        canonical=canonical,
    )


def _notice_dict(n: Notice) -> dict[str, Any]:
    return {
        "id": n.id,
        "title": n.title,
        "number": n.number,
        "published": n.published,
        "url": n.url,
        "verified": n.verified,
        "note": n.note,
    }


def _parse_overlay(ctx: _Ctx, doc: Mapping[str, Any]) -> Overlay:
    ctx.keys(doc, "", {"schema", "id", "title"}, {"region", "source", "rest_days", "working_days", "notes"})
    oid = ctx.string(doc["id"], "id")
    title = ctx.string(doc["title"], "title")
    region = ctx.string(doc.get("region"), "region", nullable=True)
    source_meta = None
    if "source" in doc:
        src = ctx.mapping(doc["source"], "source")
        ctx.keys(src, "source", set(), {"title", "number", "published", "url", "verified", "note"})
        source_meta = {
            "title": ctx.string(src.get("title"), "source.title", nullable=True),
            "number": ctx.string(src.get("number"), "source.number", nullable=True),
            "published": ctx.date(src.get("published"), "source.published", nullable=True),
            "url": ctx.string(src.get("url"), "source.url", nullable=True),
            "verified": ctx.boolean(src["verified"], "source.verified") if "verified" in src else None,
            "note": ctx.string(src.get("note"), "source.note", nullable=True),
        }
    tag = f"overlay:{oid}"
    rest = [
        _parse_rest(ctx, v, f"rest_days[{i}]", tag, None)
        for i, v in enumerate(ctx.list(doc.get("rest_days", []), "rest_days"))
    ]
    work = [
        _parse_work(ctx, v, f"working_days[{i}]", tag, None)
        for i, v in enumerate(ctx.list(doc.get("working_days", []), "working_days"))
    ]
    if not rest and not work:
        raise ctx.fail(
            "calendar_data_missing_field", "rest_days", "an overlay needs at least one of 'rest_days', 'working_days'"
        )
    _check_days(ctx, rest, work, "rest_days", "working_days", None, makeup_weekends_only=False)
    if "notes" in doc:
        for i, note in enumerate(ctx.list(doc["notes"], "notes")):
            ctx.string(note, f"notes[{i}]")
    # keep file order (paths in later error messages refer to it); apply order is irrelevant within a file
    canonical = canonical_json(
        {
            "schema": OVERLAY_SCHEMA,
            "id": oid,
            "title": title,
            "region": region,
            "source": source_meta,
            "rest_days": [[b.start, b.end, b.name] for b in rest],
            "working_days": [[w.date, w.name] for w in work],
        }
    )
    return Overlay(
        id=oid,  # type: ignore[arg-type]
        title=title,  # type: ignore[arg-type]
        region=region,
        rest_days=tuple(rest),
        working_days=tuple(work),
        origin=ctx.file,
        canonical=canonical,
    )


# --------------------------------------------------------------------------------------------------
# files


def read_file(path: Path) -> Any:
    """Decode a .json or .toml file; syntax errors become CalendarDataError naming the file."""
    file = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise CalendarDataError(
            "calendar_data_format", f"unsupported file type {suffix or '(none)'!r}; expected .json or .toml", file=file
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CalendarDataError("calendar_data_unreadable", f"cannot read file: {exc.strerror or exc}", file=file) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CalendarDataError("calendar_data_syntax", f"not UTF-8 text ({exc.reason} at byte {exc.start})", file=file) from None
    try:
        if suffix == ".json":
            return json.loads(text)
        return tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarDataError(
            "calendar_data_syntax", f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", file=file
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise CalendarDataError("calendar_data_syntax", f"invalid TOML: {exc}", file=file) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of > 4300 digits, absurd nesting
        kind = "JSON" if suffix == ".json" else "TOML"
        raise CalendarDataError("calendar_data_syntax", f"invalid {kind}: {type(exc).__name__}", file=file) from None


def load_overlay(item: Any, index: int) -> YearData | Overlay:
    """One element of ``china_calendar(overlays=[...])``: a path (str / os.PathLike) or a mapping."""
    if isinstance(item, Mapping):
        return parse_document(item, file=f"<overlays[{index}] mapping>")
    if isinstance(item, str | os.PathLike):
        path = Path(item)
        return parse_document(read_file(path), file=str(path))
    raise InvalidInputError(
        "invalid_overlay",
        f"overlays[{index}]",
        item,
        "a path to a .json/.toml calendar file (str or os.PathLike) or a mapping",
    )


@functools.lru_cache(maxsize=1)
def load_national_years() -> tuple[YearData, ...]:
    """The shipped national year files (immutable; read once per process)."""
    folder = DATA_DIR / "cn"
    years = []
    for path in sorted(folder.glob("*.json")):
        doc = read_file(path)
        rel = f"govrules/calendar/data/cn/{path.name}"
        parsed = parse_document(doc, file=rel, shipped=True, expect=YEAR_SCHEMA)
        assert isinstance(parsed, YearData)
        if path.stem != str(parsed.year):
            raise CalendarDataError("calendar_data_range", f"file name does not match year {parsed.year}", file=rel, path="year")
        years.append(parsed)
    if not years:
        raise CalendarDataError("calendar_data_unreadable", "no shipped year files found", file=str(folder))
    return tuple(years)


@functools.lru_cache(maxsize=1)
def load_lunar_table() -> tuple[tuple[LunarYear, ...], str]:
    """The shipped lunar festival dates (for the provisional projection) and their canonical JSON."""
    rel = "govrules/calendar/data/lunar_festivals.json"
    ctx = _Ctx(rel)
    doc = ctx.mapping(read_file(DATA_DIR / "lunar_festivals.json"), "")
    ctx.keys(doc, "", {"schema", "source", "years"}, {"generated_by", "purpose"})
    if doc["schema"] != LUNAR_SCHEMA:
        raise ctx.fail("calendar_data_schema", "schema", f"expected {LUNAR_SCHEMA!r}")
    out = []
    years = ctx.mapping(doc["years"], "years")
    for key in sorted(years):
        path = f"years.{key}"
        entry = ctx.mapping(years[key], path)
        ctx.keys(entry, path, {"chinese_new_years_eve", "qingming", "dragon_boat", "mid_autumn"}, {"chinese_new_year"})
        try:
            year = int(key)
        except ValueError:
            raise ctx.fail("calendar_data_type", path, f"year key {key!r} is not a year") from None
        dates = {k: ctx.date(entry[k], f"{path}.{k}") for k in ("chinese_new_years_eve", "qingming", "dragon_boat", "mid_autumn")}
        for k, d in dates.items():
            if d.year != year:  # type: ignore[union-attr]
                raise ctx.fail("calendar_data_range", f"{path}.{k}", f"{d} is not in {year}")
        out.append(LunarYear(year, **dates))  # type: ignore[arg-type]
    return tuple(out), canonical_json({"source": doc["source"], "years": [[y.year, y.chinese_new_years_eve, y.qingming, y.dragon_boat, y.mid_autumn] for y in out]})
