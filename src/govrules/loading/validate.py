"""Mapping → validated ``Ruleset``: schema (pydantic) first, then the whole-catalogue checks."""

from __future__ import annotations

from typing import Any, Mapping

from pydantic import ValidationError

from ..errors import RulesetError
from ..models.ruleset import Ruleset
from .checks import check_ruleset
from .errors import ruleset_errors


def raise_all(errors: list[RulesetError]) -> None:
    """Raise the first problem with every problem attached as ``.problems`` (lint shows them all)."""
    if errors:
        first = errors[0]
        first.problems = list(errors)  # type: ignore[attr-defined]
        if len(errors) > 1:
            first.args = (f"{first.args[0]} (and {len(errors) - 1} more problem(s); see .problems)",)
        raise first


def validate_mapping(obj: Any, *, file: str | None, allow_extends: bool = False) -> Ruleset:
    if not isinstance(obj, Mapping):
        raise RulesetError("invalid_value", f"a ruleset is a mapping (TOML table / JSON object), got "
                           f"{type(obj).__name__}", file=file)
    if obj.get("extends") and not allow_extends:
        raise RulesetError("unresolved_extends", "Ruleset.model_validate takes one resolved ruleset; "
                           "use load_ruleset() for a ruleset that extends others", file=file, path="extends")
    try:
        rs = Ruleset._raw_validate(obj)
    except ValidationError as exc:
        raise_all(ruleset_errors(exc, file))
        raise  # unreachable: raise_all raised
    except (TypeError, ValueError, RecursionError) as exc:  # pragma: no cover - defensive
        raise RulesetError("invalid_value", f"unreadable ruleset data: {exc}", file=file) from None
    errors, warnings = check_ruleset(rs, file)
    raise_all(errors)
    rs._warnings = tuple(warnings)
    rs._source = file
    return rs
