"""Shared building blocks of every model: frozen, unknown keys forbidden, no lossy coercion.

Why not pydantic's model-wide ``strict=True``: in Python mode it rejects a JSON list for a tuple field
and a plain string for an enum, which every mapping read from JSON would hit. Instead scalars are
strict one by one (a float is not an int, ``"yes"`` is not a bool), containers accept any sequence,
and dates accept only a ``date`` or an exact ISO ``YYYY-MM-DD`` string.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Mapping

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


class Frozen(BaseModel):
    """Immutable, closed model: unknown keys are errors, never dropped."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, use_enum_values=False,
        use_attribute_docstrings=True,  # a field's docstring is its description in the JSON Schema
    )

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Any:
        """pydantic's copy, without this model's derived caches (``cached_property`` values such as a
        ruleset's compiled plans): a copy with other values must not answer from the original's."""
        copy = super().model_copy(update=update, deep=deep)
        fields = type(self).model_fields
        for name in [k for k in copy.__dict__ if k not in fields]:
            del copy.__dict__[name]
        return copy

    def __getstate__(self) -> dict[Any, Any]:
        """Pickle the fields only: derived caches (``cached_property`` values such as a ruleset's compiled
        plans) are rebuilt on first use, so rulesets travel to worker processes (Dask, process pools)."""
        state = super().__getstate__()
        fields = type(self).model_fields
        if state["__dict__"].keys() - fields.keys():
            state["__dict__"] = {k: v for k, v in state["__dict__"].items() if k in fields}
        return state
