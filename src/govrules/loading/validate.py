"""Mapping → validated ``Ruleset``: strict keys and schema (pydantic) first, then the whole-catalogue checks."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from pydantic import ValidationError

from ..errors import RulesetError
from ..models.ruleset import Ruleset
from .checks import RulesetWarning, check_ruleset
from .errors import ruleset_errors
from .keys import check_keys, without


def problems_of(err: RulesetError) -> list[RulesetError]:
    return list(getattr(err, "problems", None) or [err])


def unique(errors: Iterable[RulesetError]) -> list[RulesetError]:
    """Each problem once (a parent's problem is met again when each of its children is resolved)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for e in errors:
        key = (e.code, e.file, e.path, getattr(e, "message", str(e)))
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def raise_all(errors: list[RulesetError]) -> None:
    """Raise the first problem with every problem attached as ``.problems`` (lint shows them all)."""
    if errors:
        errors = unique(p for e in errors for p in problems_of(e))
        first = errors[0]
        first.problems = list(errors)  # type: ignore[attr-defined]
        text = first.__dict__.setdefault("_text", first.args[0])  # without a count added before
        first.args = (f"{text} (and {len(errors) - 1} more problem(s); see .problems)",) if len(errors) > 1 else (text,)
        raise first


def collect(obj: Mapping[str, Any], *, file: str | None) -> tuple[Ruleset | None, list[RulesetError],
                                                                   list[RulesetWarning]]:
    """Every problem of one resolved ruleset mapping, without raising: unknown keys and missing fields
    (``keys.py``), then the schema on the mapping without the unknown keys (so that they do not hide
    the other problems), then — if the schema holds — the catalogue checks."""
    found = check_keys(obj, file=file, required=True)
    errors = [e for _, e in found]
    unknown = [loc for loc, e in found if e.code == "unknown_field"]
    try:
        rs = Ruleset._raw_validate(without(obj, unknown) if unknown else obj)
    except ValidationError as exc:
        named = {(e.code, e.path) for e in errors}
        for e in ruleset_errors(exc, file, obj):
            if (e.code, e.path) in named:
                continue  # the walk named it already
            if e.code == "invalid_value" and _stub_check(e, named):
                continue  # "… required for a matter that is not a stub": named field by field above
            errors.append(e)
        return None, errors, []
    except (TypeError, ValueError, RecursionError) as exc:  # pragma: no cover - defensive
        return None, errors + [RulesetError("invalid_value", f"unreadable ruleset data: {exc}", file=file)], []
    more, warnings = check_ruleset(rs, file)
    return rs, errors + more, warnings


def _stub_check(err: RulesetError, named: set[tuple[str, str]]) -> bool:
    return "not a stub" in err.message and any(
        code == "missing_field" and path.startswith(err.path + ".") for code, path in named)


def finish(rs: Ruleset, warnings: list[RulesetWarning], file: str | None) -> Ruleset:
    rs._warnings = tuple(warnings)
    rs._source = file
    return rs


def validate_mapping(obj: Any, *, file: str | None, allow_extends: bool = False) -> Ruleset:
    if not isinstance(obj, Mapping):
        raise RulesetError("invalid_value", f"a ruleset is a mapping (TOML table / JSON object), got "
                           f"{type(obj).__name__}", file=file)
    if obj.get("extends") and not allow_extends:
        raise RulesetError("unresolved_extends", "Ruleset.model_validate takes one resolved ruleset; "
                           "use load_ruleset() for a ruleset that extends others", file=file, path="extends")
    rs, errors, warnings = collect(obj, file=file)
    raise_all(errors)
    assert rs is not None
    return finish(rs, warnings, file)
