"""Read a ruleset file (TOML via the standard library, or JSON) into a plain mapping. Never executes it."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from ..errors import RulesetError

SUFFIXES = (".toml", ".json")


def read_document(path: Path) -> dict[str, Any]:
    """The file's mapping. Only two data formats, both without tags or object hooks: a YAML file
    (``!!python/object``) or a pickle is refused by its name, before a byte of it is read."""
    if path.suffix not in SUFFIXES:
        raise RulesetError("unsupported_file", "a ruleset file ends in .toml or .json", file=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError("unreadable_file", f"cannot read: {exc}", file=str(path)) from None
    try:
        doc = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (ValueError, RecursionError) as exc:  # TOML/JSON decode errors, ints over 4300 digits
        raise RulesetError("syntax_error", str(exc), file=str(path)) from None
    if not isinstance(doc, dict):
        raise RulesetError("invalid_value", "the top level of a ruleset file is a table/object", file=str(path))
    return doc


def ruleset_files(directory: Path) -> list[Path]:
    """Every .toml/.json below ``directory``, sorted for determinism; hidden and ``_`` files skipped.

    A symbolic link that leads out of ``directory`` is an error, not a file to read: loading reads
    only the tree it was given (docs/trust.md)."""
    root = directory.resolve()
    found = []
    for p in directory.rglob("*"):
        if p.suffix not in SUFFIXES or any(part.startswith((".", "_")) for part in p.relative_to(directory).parts):
            continue
        if not p.resolve().is_relative_to(root):
            raise RulesetError("outside_ruleset_tree", f"a link to {p.resolve()}, outside {root}", file=str(p))
        if p.is_file():
            found.append(p)
    return sorted(found)
