"""Turn pydantic's ``ValidationError`` into govrules errors that name the field, value and expectation."""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any, Iterable

from pydantic import ValidationError

from ..errors import InvalidInputError, RulesetError, _short
from ..models.application import EVENT_ORDER

_CODES = MappingProxyType({"extra_forbidden": "unknown_field", "missing": "missing_field"})


def json_path(root: str, loc: Iterable[Any], tags: Any = EVENT_ORDER) -> str:
    """``("materials", 7, "id")`` → ``application.materials[7].id``."""
    out = root
    previous: Any = None
    for part in loc:
        tag, previous = previous, part
        if isinstance(tag, int) and part in tags:
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


def ruleset_path(loc: Iterable[Any]) -> str:
    """A path inside a ruleset file: ``("matters", 0, "materials", 1, "id")`` → ``matters[0].materials[1].id``."""
    return json_path("", loc, tags=())


def ruleset_errors(exc: ValidationError, file: str | None, obj: Any = None) -> list[RulesetError]:
    """One ``RulesetError`` per problem pydantic found in the ruleset mapping ``obj``.

    Paths are the file's own: a union's branch names (``authority.Authority.nmae``) are left out, and
    only the branch the value is written as is reported (an authority written as a table is not also
    "not a string"). An unknown key is ``unknown_field`` with the nearest valid key, a missing field
    ``missing_field`` — as the strict-keys walk (``keys.py``) reports them."""
    from .keys import MISSING_MESSAGE, _keys, model_at, unknown_key_message

    out = []
    for err in exc.errors(include_url=False):
        loc = _own_loc(tuple(err.get("loc", ())), obj)
        if loc is None:
            continue  # a union branch the value is not written as
        kind, path = err.get("type", ""), ruleset_path(loc)
        if kind == "extra_forbidden" and loc:
            model = model_at(loc[:-1])
            message = unknown_key_message(loc[-1], _keys(model), model) if model else _expected(err)
            out.append(RulesetError("unknown_field", message, file=file, path=path, value=err.get("input")))
        elif kind == "missing":
            out.append(RulesetError("missing_field", MISSING_MESSAGE, file=file, path=path))
        else:
            out.append(RulesetError("invalid_value", f"got {_short(err.get('input'))}; expected {_expected(err)}",
                                    file=file, path=path, value=err.get("input")))
    return out


def _own_loc(loc: tuple[Any, ...], obj: Any) -> tuple[Any, ...] | None:
    """``loc`` without union branch tags; None when the error is about a branch the value does not take."""
    from collections.abc import Mapping

    from .keys import shape_of
    from ..models.ruleset import Ruleset

    shape: Any = ("model", Ruleset)
    value: Any = obj
    out: list[Any] = []
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        if shape is not None and shape[0] == "union":
            branch = next((alt for alt in shape[1] if alt[0] == "model" and alt[1].__name__ == part), None)
            if branch is None:  # a scalar branch ("constrained-str", "int", …)
                if isinstance(value, Mapping):
                    return None
                shape = None
                continue
            if not isinstance(value, Mapping):
                return None
            shape = branch
            continue
        out.append(part)
        shape = _next_shape(shape, part)
        value = _child(value, part)
    return tuple(out)


def _next_shape(shape: Any, part: Any) -> Any:
    from .keys import _step

    return _step(shape, part) if shape is not None else None


def _child(value: Any, part: Any) -> Any:
    try:
        return value[part]
    except (KeyError, IndexError, TypeError):
        return None
