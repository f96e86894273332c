"""Shared building blocks of every model: frozen, unknown keys forbidden, no lossy coercion.

Why not pydantic's model-wide ``strict=True``: in Python mode it rejects a JSON list for a tuple field
and a plain string for an enum, which every mapping read from JSON would hit. Instead scalars are
strict one by one (a float is not an int, ``"yes"`` is not a bool), containers accept any sequence,
and dates accept only a ``date`` or an exact ISO ``YYYY-MM-DD`` string.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_iso_date(value: Any) -> _dt.date:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; reject datetimes, numbers and prose."""
    if type(value) is _dt.date:
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    raise ValueError("a date as an ISO string YYYY-MM-DD (e.g. '2025-03-03') or a datetime.date")


Date = Annotated[_dt.date, BeforeValidator(parse_iso_date)]
#: Text up to 100,000 characters. The length bound is also what makes pydantic-core check the text as
#: UTF-8 in Rust, so a lone surrogate (a JSON "\\ud800" escape, which cannot be written out) is refused
#: without a Python-level validator per string (tests/engine/test_decide_robustness.py pins this).
MAX_TEXT = 100_000
Str = Annotated[str, Strict(), Field(max_length=MAX_TEXT)]
Id = Annotated[str, Strict(), Field(min_length=1, max_length=200)]
Int = Annotated[int, Strict()]
NonNegInt = Annotated[int, Strict(), Field(ge=0)]
Bool = Annotated[bool, Strict()]


M = TypeVar("M", bound="Frozen")


class Frozen(BaseModel):
    """Immutable, closed model: unknown keys are errors, never dropped."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, use_enum_values=False,
        use_attribute_docstrings=True,  # a field's docstring is its description in the JSON Schema
    )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # for ``trusted()``: every field in declaration order (so repr and dumps look the same as for a
        # validated instance), required ones as None until given; and the dict defaults, never shared
        template = {name: None if f.is_required() else f.get_default(call_default_factory=True)
                    for name, f in cls.model_fields.items()}
        type.__setattr__(cls, "_trusted_template", template)
        type.__setattr__(cls, "_trusted_dicts", tuple(k for k, v in template.items() if type(v) is dict))
        type.__setattr__(cls, "_trusted_fields_sets", {})
        type.__setattr__(cls, "_trusted_all_fields", set(template))

    def __getstate__(self) -> dict[Any, Any]:
        """Pickle the fields only: derived caches (``cached_property`` values such as a ruleset's compiled
        plans) are rebuilt on first use, so rulesets travel to worker processes (Dask, process pools)."""
        state = super().__getstate__()
        fields = type(self).model_fields
        if state["__dict__"].keys() - fields.keys():
            state["__dict__"] = {k: v for k, v in state["__dict__"].items() if k in fields}
        return state

    @classmethod
    def built(cls: type[M], **values: Any) -> M:
        """``trusted(cls, values)``: for outputs the engine builds, never for caller input."""
        return cls.built_from(values)

    @classmethod
    def built_from(cls: type[M], values: dict[str, Any]) -> M:
        """``built`` for values already in a dict (read, not kept)."""
        fields = cls._trusted_template.copy()
        if cls._trusted_dicts:
            for key in cls._trusted_dicts:
                fields[key] = {}
        fields.update(values)
        return _assemble(cls, fields, cls._fields_set(values))

    @classmethod
    def built_whole(cls: type[M], fields: dict[str, Any]) -> M:
        """Like ``built`` when ``fields`` already holds every field in declaration order (the caller
        wrote it as a literal): no template to copy. For the small outputs built many times per
        decision (findings). Every field is given, so every field is set: one shared set for all."""
        return _assemble(cls, fields, cls._trusted_all_fields)

    @classmethod
    def _fields_set(cls, given: dict[str, Any]) -> set[str]:
        """The ``__pydantic_fields_set__`` for the fields ``given``: one set per combination of names,
        shared by every instance built with them. Why: a set per instance is a garbage-collected
        object per output model (a third of those a retained Decision holds); a frozen model never
        adds to it, and pydantic copies it before changing it (``model_copy``). Read it, never mutate it."""
        key = tuple(given)
        shared = cls._trusted_fields_sets.get(key)
        if shared is None:
            shared = cls._trusted_fields_sets.setdefault(key, set(key))
        return shared


_set = object.__setattr__
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _assemble(cls: type[M], fields: dict[str, Any], fields_set: set[str]) -> M:
    """A model instance with exactly these attributes, the way pydantic's validator leaves one: the slot
    descriptors are called directly (no ``__setattr__`` dispatch, no attribute lookups)."""
    obj = _new(cls)
    _set_dict(obj, fields)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of ``cls`` from values the engine built and typed itself, without re-validation.

    Why: a Decision is assembled from validated inputs, ruleset data and dates the calendar computed;
    validating it again cost more than deciding. Never used on caller input (that always goes through
    ``model_validate``); ``tests/engine/test_trusted_outputs.py`` re-validates generated decisions to
    prove the shortcut builds only valid models.
    """
    return cls.built_from(values)
