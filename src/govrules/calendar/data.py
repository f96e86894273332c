"""The calendar's data files: the shipped national year files and lunar festival table (``data/``),
read once per process, and the user's year files and regional overlays (paths or mappings).

A file is decoded here (``.json`` or ``.toml``; a syntax error names the file and the line) and
validated by ``documents.py``; every problem is a :class:`govrules.errors.CalendarDataError` naming the
file. docs/calendar.md shows the formats.
"""

from __future__ import annotations

import functools
import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import CalendarDataError, InvalidInputError
from .documents import YEAR_SCHEMA, parse_document, parse_lunar_table
from .records import LunarYear, Overlay, YearData

DATA_DIR = Path(__file__).resolve().parent / "data"


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
    return parse_lunar_table(read_file(DATA_DIR / "lunar_festivals.json"),
                             file="govrules/calendar/data/lunar_festivals.json")
