"""Writing a ruleset mapping as TOML: the layout of the shipped rulesets (header keys, then
``[[authorities]]``, then ``[[matters]]`` with their ``[[matters.materials]]`` and ``[[matters.fees]]``),
periods as inline tables. The standard library reads TOML but does not write it; the subset a ruleset
needs (strings, integers, booleans, dates, lists, inline tables) is small enough to write here, and
what is written is read back with ``tomllib`` and linted before the import reports success.
"""

from __future__ import annotations

from types import MappingProxyType

import datetime as _dt
import json
from pathlib import Path
from typing import Any, Mapping

_CONTROL = MappingProxyType({chr(c): f"\\u{c:04X}" for c in (*range(0x00, 0x20), 0x7F) if chr(c) not in "\t\n\r\b\f"})


def string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and DEL is escaped too (JSON leaves it)."""
    out = json.dumps(text, ensure_ascii=False)
    return "".join(_CONTROL.get(ch, ch) for ch in out)


def value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return string(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }" if v else "{}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"no TOML form for {type(v).__name__}")  # pragma: no cover - the builder writes none


def key(k: str) -> str:
    return k if k.replace("_", "").replace("-", "").isascii() and k.replace("_", "").replace("-", "").isalnum() else string(k)


def table_lines(entries: Mapping[str, Any], skip: tuple[str, ...] = ()) -> list[str]:
    return [f"{key(k)} = {value(v)}" for k, v in entries.items() if k not in skip and v is not None]


def ruleset_toml(doc: Mapping[str, Any], comment: str) -> str:
    """The ruleset layer ``doc`` as TOML text, ``comment`` as its opening lines."""
    lines = [f"# {line}" if line else "#" for line in comment.splitlines()]
    lines += table_lines(doc, skip=("authorities", "matters"))
    for authority in doc.get("authorities", ()):
        lines += ["", "[[authorities]]", *table_lines(authority)]
    for matter in doc.get("matters", ()):
        lines += ["", "[[matters]]", *table_lines(matter, skip=("materials", "fees"))]
        for material in matter.get("materials", ()):
            lines += ["", "[[matters.materials]]", *table_lines(material)]
        for fee in matter.get("fees", ()):
            lines += ["", "[[matters.fees]]", *table_lines(fee)]
    return "\n".join(lines) + "\n"


def write_ruleset(doc: Mapping[str, Any], path: Path, comment: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ruleset_toml(doc, comment), encoding="utf-8")
    return path
