"""Turn pydantic's ``ValidationError`` into govrules errors that name the field, value and expectation."""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any, Iterable

from pydantic import ValidationError

from ..errors import InvalidInputError, RulesetError, _short
from ..models.application import EVENT_ORDER

_CODES = MappingProxyType({"extra_forbidden": "unknown_field", "missing": "missing_field"})


def json_path(root: str, loc: Iterable[Any]) -> str:
    """``("materials", 7, "id")`` → ``application.materials[7].id``."""
    out = root
    previous: Any = None
    for part in loc:
        tag, previous = previous, part
        if isinstance(tag, int) and part in EVENT_ORDER:
            continue  # pydantic's discriminator tag (events[0].decision.on) is not part of the input's path
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.startswith("function-"):
            continue
        elif isinstance(part, str) and not _plain_key(part):
            out += f"[{json.dumps(part)}]"  # a key with a newline, a dot or a lone surrogate: escaped, one line
        else:
            out += f".{part}" if out else str(part)
    return out


def _plain_key(key: str) -> bool:
    return key.isprintable() and not any(c in key for c in ".[]\"") and key.strip() == key and key != ""


def _expected(err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "no such key (unknown keys are errors, never dropped)"
    if kind == "missing":
        return "this required field"
    msg = str(err.get("msg", "a valid value"))
    return msg.removeprefix("Value error, ")


def input_error(exc: ValidationError, root: str = "application") -> InvalidInputError:
    err = exc.errors(include_url=False)[0]
    path = json_path(root, err.get("loc", ()))
    code = _CODES.get(err.get("type", ""), "invalid_value")
    return InvalidInputError(code, path, err.get("input"), _expected(err))


def ruleset_errors(exc: ValidationError, file: str | None) -> list[RulesetError]:
    out = []
    for err in exc.errors(include_url=False):
        path = json_path("", err.get("loc", ()))
        out.append(
            RulesetError(
                "invalid_value",
                f"got {_short(err.get('input'))}; expected {_expected(err)}",
                file=file,
                path=path,
                value=err.get("input"),
            )
        )
    return out
