"""Mapping → validated ``Ruleset``: strict keys and schema (pydantic) first, then the whole-catalogue checks."""

from __future__ import annotations

from typing import Any, Mapping

from pydantic import BaseModel, ValidationError

from ...errors import RulesetError
from .checks import check_ruleset
from .keys import check_keys, without
from .problems import RulesetWarning, raise_all, ruleset_errors


def collect(model: type[BaseModel], obj: Mapping[str, Any], *,
            file: str | None) -> tuple[Any, list[RulesetError], list[RulesetWarning]]:
    """Every problem of one resolved mapping of ``model`` (a ruleset), without raising: unknown keys and
    missing fields (``keys.py``), then the schema on the mapping without the unknown keys (so that they
    do not hide the other problems), then — if the schema holds — the catalogue checks. Gives the
    validated ruleset (None when the schema does not hold), its problems and its warnings."""
    found = check_keys(obj, model, file=file, required=True)
    errors = [e for _, e in found]
    unknown = [loc for loc, e in found if e.code == "unknown_field"]
    try:
        # pydantic's validation itself, past the model's own model_validate (which is what calls this)
        rs = super(model, model).model_validate(without(obj, unknown) if unknown else obj)
    except ValidationError as exc:
        named = {(e.code, e.path) for e in errors}
        for e in ruleset_errors(exc, model, file, obj):
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


def validate_mapping(model: type[BaseModel], obj: Any, *, file: str | None, allow_extends: bool = False) -> Any:
    """The ruleset ``obj`` (a mapping of ``model``) validated, or the first ``RulesetError`` raised with
    every problem attached; its warnings and ``file`` recorded on it (``Ruleset.warnings``, ``.source``)."""
    if not isinstance(obj, Mapping):
        raise RulesetError("invalid_value", f"a ruleset is a mapping (TOML table / JSON object), got "
                           f"{type(obj).__name__}", file=file)
    if obj.get("extends") and not allow_extends:
        raise RulesetError("unresolved_extends", "Ruleset.model_validate takes one resolved ruleset; "
                           "use load_ruleset() for a ruleset that extends others", file=file, path="extends")
    rs, errors, warnings = collect(model, obj, file=file)
    raise_all(errors)
    assert rs is not None
    return rs.record_origin(file, warnings)
