"""Strict keys: every key of a ruleset file — or of one layer of it — checked against the models.

Why a walk of its own rather than pydantic's ``extra="forbid"`` alone: a layer is validated only after
it is merged with its parents, and the merge can only carry keys it knows, so a misspelt top-level key
of a layer (``negativ_list``) never reached pydantic; and a path pydantic reports runs through a
union's branch names (``authority.Authority.nmae``). The walk follows the models' field annotations
over the raw mapping, so each layer is checked as written, in its own file, with its own paths:

- an unknown key is ``unknown_field``, with the nearest valid key (``did you mean 'policy'?``);
- with ``required=True`` (the resolved whole, or a stand-alone file), an absent required field is
  ``missing_field``, named by its path (a layer may omit what it inherits).
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Iterable, Iterator, Mapping, Union

from pydantic import BaseModel

from ...errors import RulesetError, json_path
from ..matter import STUB_OPTIONAL, Matter

Loc = tuple[Any, ...]

# A shape is ("model", cls) | ("seq", shape) | ("map", shape) | ("union", (shape, ...)) | ("leaf",)
_LEAF = ("leaf",)


def shape_of(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return shape_of(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        alternatives = tuple(shape_of(a) for a in typing.get_args(annotation) if a is not type(None))
        if all(a == _LEAF for a in alternatives):
            return _LEAF
        return alternatives[0] if len(alternatives) == 1 else ("union", alternatives)  # X | None is X
    if origin in (tuple, list, set, frozenset):
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        return ("seq", shape_of(args[0]) if args else _LEAF)
    if origin is dict:
        args = typing.get_args(annotation)
        return ("map", shape_of(args[1]) if len(args) == 2 else _LEAF)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    return _LEAF


def keys_of(model: type[BaseModel]) -> dict[str, Any]:
    """Every key a mapping of ``model`` may hold (field names and aliases) → the field."""
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        out[name] = field
        if field.alias:
            out[field.alias] = field
    return out


def _required(model: type[BaseModel], value: Mapping[str, Any]) -> Iterator[str]:
    for name, field in model.model_fields.items():
        if field.is_required() and name not in value and (field.alias or name) not in value:
            yield field.alias or name
    if model is Matter and value.get("stub", False) is False:
        yield from (k for k in STUB_OPTIONAL if value.get(k) is None)  # required unless a stub


def hint(key: Any, valid: Any, where: str | None = None) -> str:
    """``did you mean 'policy'?``; when no key is close, the keys valid here (or where they are listed)."""
    names = sorted(valid)
    close = difflib.get_close_matches(str(key), names, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    if len(names) <= 12 or where is None:
        return "the keys here are: " + ", ".join(names)
    return f"no key of a {where} is close to it (docs/ruleset-reference.md lists them under {where})"


def unknown_key_message(key: Any, valid: Any, model: type[BaseModel] | None = None, *, top: bool = False) -> str:
    """``top``: ``model`` is the document's own (a ruleset's top level), not a table inside it."""
    where = (f"{model.__name__} (top level)" if top else model.__name__) if model is not None else None
    return f"unknown key {str(key)!r}; {hint(key, valid, where)} (unknown keys are errors, never dropped)"


MISSING_MESSAGE = "required field missing"


def ruleset_path(loc: Iterable[Any]) -> str:
    """A path inside a ruleset file: ``("matters", 0, "materials", 1, "id")`` → ``matters[0].materials[1].id``."""
    return json_path("", loc)


def check_keys(doc: Any, root: type[BaseModel], *, file: str | None,
               required: bool) -> list[tuple[Loc, RulesetError]]:
    """Every unknown key (and, with ``required``, every absent required field) of a mapping of ``root``
    (a ruleset), each with where it is (a tuple of keys and indexes) — in document order."""
    out: list[tuple[Loc, RulesetError]] = []

    def walk(value: Any, shape: tuple[Any, ...], loc: Loc) -> None:
        kind = shape[0]
        if kind == "union":
            for alt in shape[1]:
                if _fits(value, alt):
                    walk(value, alt, loc)
                    return
        elif kind == "model" and isinstance(value, Mapping):
            model, valid = shape[1], keys_of(shape[1])
            for key, item in value.items():
                field = valid.get(key) if isinstance(key, str) else None
                if field is None:
                    message = unknown_key_message(key, valid, model, top=loc == ())
                    out.append((loc + (key,), RulesetError("unknown_field", message,
                                                            file=file, path=ruleset_path(loc + (str(key),)),
                                                            value=item)))
                else:
                    walk(item, shape_of(field.annotation), loc + (key,))
            if required:
                for key in _required(model, value):
                    out.append((loc + (key,), RulesetError("missing_field", MISSING_MESSAGE, file=file,
                                                            path=ruleset_path(loc + (key,)))))
        elif kind == "seq" and isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, shape[1], loc + (i,))
        elif kind == "map" and isinstance(value, Mapping):
            for key, item in value.items():
                walk(item, shape[1], loc + (key,))

    walk(doc, ("model", root), ())
    return out


def without(doc: Any, locs: list[Loc]) -> Any:
    """A copy of ``doc`` without the keys at ``locs`` (copying only the containers on their way)."""
    out = _copy(doc)
    for loc in locs:
        node = out
        for part in loc[:-1]:
            node[part] = _copy(node[part])
            node = node[part]
        node.pop(loc[-1], None)
    return out


def _copy(node: Any) -> Any:
    if isinstance(node, Mapping):
        return dict(node)
    if isinstance(node, (list, tuple)):
        return list(node)
    return node


def _fits(value: Any, shape: tuple[Any, ...]) -> bool:
    kind = shape[0]
    if kind in ("model", "map"):
        return isinstance(value, Mapping)
    if kind == "seq":
        return isinstance(value, (list, tuple))
    return False


def model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model whose mapping sits at ``loc`` of a mapping of ``root`` (``("matters", 0)`` → ``Matter``)."""
    shape: tuple[Any, ...] = ("model", root)
    for part in loc:
        shape = step(shape, part)
        if shape is None:
            return None
    while shape[0] == "union":
        models = [s for s in shape[1] if s[0] == "model"]
        if not models:
            return None
        shape = models[0]
    return shape[1] if shape[0] == "model" else None


def step(shape: tuple[Any, ...], part: Any) -> tuple[Any, ...] | None:
    """The shape one key or index further in."""
    kind = shape[0]
    if kind == "union":
        for alt in shape[1]:
            nxt = step(alt, part)
            if nxt is not None:
                return nxt
        return None
    if kind == "model" and isinstance(part, str):
        field = keys_of(shape[1]).get(part)
        return shape_of(field.annotation) if field is not None else None
    if kind == "seq" and isinstance(part, int):
        return shape[1]
    if kind == "map":
        return shape[1]
    return None
