"""Read a ruleset file (TOML via the standard library, or JSON) into a plain mapping. Never executes it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from ..errors import RulesetError

SUFFIXES = (".toml", ".json")


def read_document(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError("unreadable_file", f"cannot read: {exc}", file=str(path)) from None
    try:
        if path.suffix == ".toml":
            doc = tomllib.loads(text)
        elif path.suffix == ".json":
            doc = json.loads(text)
        else:
            raise RulesetError("unsupported_file", "a ruleset file ends in .toml or .json", file=str(path))
    except (ValueError, RecursionError) as exc:  # TOML/JSON decode errors, ints over 4300 digits
        raise RulesetError("syntax_error", str(exc), file=str(path)) from None
    if not isinstance(doc, dict):
        raise RulesetError("invalid_value", "the top level of a ruleset file is a table/object", file=str(path))
    return doc


def ruleset_files(directory: Path) -> list[Path]:
    """Every .toml/.json below ``directory``, sorted for determinism; hidden and ``_`` files skipped."""
    return sorted(
        p for p in directory.rglob("*")
        if p.suffix in SUFFIXES and p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(directory).parts)
    )
