"""What is wrong with a ruleset: ``RulesetError``s (problems) and ``RulesetWarning``s, every one collected
so that ``govrules lint`` can show them all; pydantic's ``ValidationError`` turned into problems that
name the file, the path as written and what was expected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from ...errors import RulesetError, expected_of, short_repr
from .keys import MISSING_MESSAGE, keys_of, model_at, ruleset_path, step, unknown_key_message


@dataclass(frozen=True, slots=True)
class RulesetWarning:
    """A non-blocking finding about a ruleset (reported, never raised)."""

    code: str
    path: str
    message: str
    file: str | None = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.file or '<mapping>'} at {self.path}: {self.message}"


Problem = RulesetError | RulesetWarning


def problems_of(err: RulesetError) -> list[RulesetError]:
    """Every problem an error stands for (the first raised carries them all as ``.problems``)."""
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
        text = first.text
        first.args = (f"{text} (and {len(errors) - 1} more problem(s); see .problems)",) if len(errors) > 1 else (text,)
        raise first


def ruleset_errors(exc: ValidationError, root: type[BaseModel], file: str | None, obj: Any = None) -> list[RulesetError]:
    """One ``RulesetError`` per problem pydantic found in ``obj``, a mapping of ``root`` (a ruleset).

    Paths are the file's own: a union's branch names (``authority.Authority.nmae``) are left out, and
    only the branch the value is written as is reported (an authority written as a table is not also
    "not a string"). An unknown key is ``unknown_field`` with the nearest valid key, a missing field
    ``missing_field`` — as the strict-keys walk (``keys.py``) reports them."""
    out = []
    for err in exc.errors(include_url=False):
        loc = _own_loc(tuple(err.get("loc", ())), root, obj)
        if loc is None:
            continue  # a union branch the value is not written as
        kind, path = err.get("type", ""), ruleset_path(loc)
        if kind == "extra_forbidden" and loc:
            model = model_at(root, loc[:-1])
            message = (unknown_key_message(loc[-1], keys_of(model), model, top=len(loc) == 1) if model
                       else expected_of(err))
            out.append(RulesetError("unknown_field", message, file=file, path=path, value=err.get("input")))
        elif kind == "missing":
            out.append(RulesetError("missing_field", MISSING_MESSAGE, file=file, path=path))
        else:
            out.append(RulesetError("invalid_value", f"got {short_repr(err.get('input'))}; expected {expected_of(err)}",
                                    file=file, path=path, value=err.get("input")))
    return out


def _own_loc(loc: tuple[Any, ...], root: type[BaseModel], obj: Any) -> tuple[Any, ...] | None:
    """``loc`` without union branch tags; None when the error is about a branch the value does not take."""
    shape: Any = ("model", root)
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
    return step(shape, part) if shape is not None else None


def _child(value: Any, part: Any) -> Any:
    try:
        return value[part]
    except (KeyError, IndexError, TypeError):
        return None
