"""The only exceptions govrules lets escape (api.md "Errors").

Every public entry point converts whatever went wrong (a pydantic ``ValidationError``, a TOML syntax
error, a date outside the calendar) into one of these, so a caller can write a single
``except GovRulesError`` and always get a message that names the field, the value and what was expected.
``input_error`` is that conversion for a pydantic ``ValidationError`` of caller input. The bottom layer
(docs/design.md "Layers"): this module imports no other module of govrules.
"""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any, Container, Iterable

from pydantic import ValidationError

__all__ = [
    "GovRulesError",
    "InvalidInputError",
    "RulesetError",
    "CalendarUnavailableError",
    "CalendarDataError",
    "MissingDependencyError",
    "ReplayError",
]


def short_repr(value: Any, limit: int = 80) -> str:
    """A bounded repr that never fails (a 5,000-digit int or a deeply nested list cannot be repr'd)."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        if isinstance(value, int):
            return f"<int of about {value.bit_length() * 30103 // 100000 + 1} digits>"
        return f"<{type(value).__name__} too large to show>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _restore(cls: type, args: tuple[Any, ...], state: dict[str, Any]) -> "GovRulesError":
    err = Exception.__new__(cls, *args)
    err.args = args
    err.__dict__.update(state)
    return err


class GovRulesError(Exception):
    """Base class of every error govrules raises on purpose."""

    code: str = "govrules_error"

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable with its fields (code, field, value …), so it crosses process and Dask boundaries."""
        return _restore, (type(self), self.args, self.__dict__.copy())


class InvalidInputError(GovRulesError, ValueError):
    """Bad application or call input (spec §12): raised before any rule runs.

    ``field`` is a JSON path such as ``application.materials[7].id``. ``problems`` is every problem found
    in the input, each an ``InvalidInputError`` with its own code, field, value and expected; the first is
    this error itself, and the message says how many more there are.
    """

    def __init__(self, code: str, field: str, value: Any, expected: str, *,
                 more: Iterable["InvalidInputError"] = ()) -> None:
        self.code = code
        self.field = field
        self.value = value
        self.expected = expected
        self._more = tuple(more)
        super().__init__(self.message + (f" (and {len(self._more)} more)" if self._more else ""))

    @property
    def message(self) -> str:
        """This problem alone, in one line: ``[code] field: got value; expected …``."""
        return f"[{self.code}] {self.field}: got {short_repr(self.value)}; expected {self.expected}"

    @property
    def problems(self) -> tuple["InvalidInputError", ...]:
        """Every problem found, in the order found; the first is this error."""
        return (self, *self._more)

    @classmethod
    def of(cls, problems: Iterable["InvalidInputError"]) -> "InvalidInputError":
        """One error standing for ``problems`` (at least one): the first, carrying the others."""
        flat = [q for p in problems for q in p.problems]
        first, rest = flat[0], flat[1:]
        return cls(first.code, first.field, first.value, first.expected,
                   more=[cls(q.code, q.field, q.value, q.expected) for q in rest])


class RulesetError(GovRulesError):
    """An invalid ruleset: names the file, the path inside it and a stable code (spec §12)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        file: str | None = None,
        path: str = "",
        value: Any = None,
        cycle_members: list[str] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.file = file
        self.path = path
        self.value = value
        self.cycle_members = cycle_members or []
        where = f"{file or '<mapping>'}" + (f" at {path}" if path else "")
        #: the one-line statement of this problem, never with the "(and N more)" count a raise may add
        self.text = f"[{code}] {where}: {message}"
        super().__init__(self.text)


class CalendarUnavailableError(GovRulesError):
    """A date had to be classified but the calendar has no data for its year (spec §10.1, A20)."""

    code = "calendar_unavailable"

    def __init__(self, year: int, detail: str = "") -> None:
        self.year = year
        msg = (
            f"[calendar_unavailable] no working-day data for year {year}; load an overlay file for "
            f"{year} (china_calendar(overlays=[...])) or opt in to china_calendar(provisional=True)"
        )
        super().__init__(msg + (f" ({detail})" if detail else ""))


class CalendarDataError(GovRulesError):
    """A calendar data or overlay file is malformed; names the file, the path and the value."""

    def __init__(self, code: str, message: str, *, file: str | None = None, path: str = "") -> None:
        self.code = code
        self.file = file
        self.path = path
        where = f"{file or '<data>'}" + (f" at {path}" if path else "")
        super().__init__(f"[{code}] {where}: {message}")


def install_hint(extra: str) -> str:
    """How to install an extra, worded once for every message and page (README, "Install"): govrules is
    installed from its checkout (``.``) or a built wheel, never by name from a package index."""
    return (f'pip install ".[{extra}]" in the govrules checkout, '
            f'or pip install "path/to/govrules-<version>-py3-none-any.whl[{extra}]"')


class MissingDependencyError(GovRulesError, ImportError):
    """An optional feature was called without its extra installed; names the extra to install."""

    code = "missing_dependency"

    def __init__(self, feature: str, package: str, extra: str) -> None:
        self.feature, self.package, self.extra = feature, package, extra
        super().__init__(f"[missing_dependency] {feature} needs {package}, from the {extra!r} extra: "
                         f"{install_hint(extra)}")


class ReplayError(GovRulesError):
    """A recorded decision could not be reproduced from its trace (``govrules.replay``).

    ``code`` says why: ``ruleset_hash_mismatch`` or ``calendar_version_mismatch`` (the replay was not
    given the same ruleset or calendar data, so it cannot vouch for anything), or ``different_decision``
    (same ruleset, calendar and input, different JSON: a reproducibility defect); ``fields`` names the
    Decision's top-level fields that differ.
    """

    def __init__(self, code: str, message: str, *, expected: Any = None, found: Any = None,
                 fields: tuple[str, ...] = ()) -> None:
        self.code = code
        self.expected = expected
        self.found = found
        self.fields = fields
        super().__init__(f"[{code}] {message}")


# ---- pydantic's ValidationError in govrules' terms ---------------------------------------------------
_UNKNOWN_KEY = "no such key (unknown keys are errors, never dropped)"
_CODES = MappingProxyType({
    "extra_forbidden": "unknown_field", "unexpected_keyword_argument": "unknown_field",
    "missing": "missing_field", "missing_argument": "missing_field",
    "missing_keyword_only_argument": "missing_field", "missing_positional_only_argument": "missing_field",
})

#: What each kind of pydantic error expected, in our words (never pydantic's "Input should be …");
#: ``{name}`` is filled from the error's context.
_EXPECTED = MappingProxyType({
    "extra_forbidden": _UNKNOWN_KEY,
    "unexpected_keyword_argument": _UNKNOWN_KEY,
    "missing": "this required field",
    "missing_argument": "this required field",
    "missing_keyword_only_argument": "this required field",
    "missing_positional_only_argument": "this required field",
    "string_type": "text (a JSON string)",
    "string_sub_type": "text (a JSON string)",
    "string_unicode": "text in valid Unicode",
    "string_too_short": "text of at least {min_length} character(s)",
    "string_too_long": "text of at most {max_length} characters",
    "string_pattern_mismatch": "text matching the pattern {pattern}",
    "int_type": "a whole number (an int, not a float, text or bool)",
    "int_parsing": "a whole number (an int, not a float, text or bool)",
    "int_from_float": "a whole number (an int, not a float, text or bool)",
    "int_parsing_size": "a whole number of a reasonable size",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false (a JSON boolean)",
    "bool_parsing": "true or false (a JSON boolean)",
    "greater_than": "a number greater than {gt}",
    "greater_than_equal": "a number of at least {ge}",
    "less_than": "a number less than {lt}",
    "less_than_equal": "a number of at most {le}",
    "multiple_of": "a multiple of {multiple_of}",
    "enum": "one of {expected}",
    "literal_error": "one of {expected}",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "frozen_set_type": "a list",
    "iterable_type": "a list",
    "too_short": "at least {min_length} item(s)",
    "too_long": "at most {max_length} item(s)",
    "dict_type": "an object (a JSON object of keys and values)",
    "mapping_type": "an object (a JSON object of keys and values)",
    "model_type": "an object (a JSON object of its fields)",
    "model_attributes_type": "an object (a JSON object of its fields)",
    "dataclass_type": "an object (a JSON object of its fields)",
    "dataclass_exact_type": "an object (a JSON object of its fields)",
    "union_tag_invalid": "a {discriminator} that is one of {expected_tags}",
    "union_tag_not_found": "an object with a {discriminator} key",
    "date_type": "a date as an ISO string YYYY-MM-DD (e.g. '2025-03-03')",
    "date_parsing": "a date as an ISO string YYYY-MM-DD (e.g. '2025-03-03')",
    "date_from_datetime_parsing": "a date as an ISO string YYYY-MM-DD (e.g. '2025-03-03')",
    "date_from_datetime_inexact": "a date as an ISO string YYYY-MM-DD (e.g. '2025-03-03')",
    "none_required": "null",
    "recursion_loop": "a value without reference cycles",
    "is_instance_of": "an instance of {class}",
})
#: Patterns of the models, said in words.
_PATTERNS = MappingProxyType({r"^\d{6}$": "six digits (an administrative-division code such as '370102')"})


def json_path(root: str, loc: Iterable[Any], tags: Container[str] = ()) -> str:
    """``("materials", 7, "id")`` → ``application.materials[7].id``.

    ``tags`` are the tags of a discriminated union (an application's event types): pydantic puts the
    tag after a list index (``events[0].decision.on``), but it is not part of the input's path."""
    out = root
    previous: Any = None
    for part in loc:
        tag, previous = previous, part
        if isinstance(tag, int) and part in tags:
            continue
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


def expected_of(err: dict[str, Any]) -> str:
    """What one of pydantic's errors expected, in our words."""
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("value_error", "assertion_error"):  # our own validators' words
        return str(err.get("msg", "a valid value")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern")) in _PATTERNS:
        return _PATTERNS[str(ctx.get("pattern"))]
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "non-empty text"
    words = _EXPECTED.get(kind)
    if words is not None:
        try:
            return words.format(**ctx)
        except (KeyError, IndexError, ValueError):
            pass
    return f"a valid value ({kind.replace('_', ' ') or 'unknown check'})"


def input_problems(exc: ValidationError, root: str = "application", tags: Container[str] = ()) -> list[InvalidInputError]:
    """Every problem of ``exc``, one per place, each named by its JSON path under ``root``, in the order
    pydantic found them."""
    out: list[InvalidInputError] = []
    seen: set[str] = set()
    for err in exc.errors(include_url=False):
        path = json_path(root, err.get("loc", ()), tags)
        if path in seen:  # two checks of one value (a union's branches): one problem at that place
            continue
        seen.add(path)
        out.append(InvalidInputError(_CODES.get(err.get("type", ""), "invalid_value"), path, err.get("input"),
                                     expected_of(err)))
    return out


def input_error(exc: ValidationError, root: str = "application", tags: Container[str] = ()) -> InvalidInputError:
    """``exc`` as one ``InvalidInputError``: its first problem, carrying every other (``.problems``)."""
    return InvalidInputError.of(input_problems(exc, root, tags))
