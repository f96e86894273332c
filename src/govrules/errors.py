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

    ``field`` is a JSON path such as ``application.materials[7].id``.
    """

    def __init__(self, code: str, field: str, value: Any, expected: str) -> None:
        self.code = code
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"[{code}] {field}: got {short_repr(value)}; expected {expected}")


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
        super().__init__(f"[{code}] {where}: {message}")


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
_CODES = MappingProxyType({"extra_forbidden": "unknown_field", "missing": "missing_field"})


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
    """What one of pydantic's errors expected, in words."""
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "no such key (unknown keys are errors, never dropped)"
    if kind == "missing":
        return "this required field"
    msg = str(err.get("msg", "a valid value"))
    return msg.removeprefix("Value error, ")


def input_error(exc: ValidationError, root: str = "application", tags: Container[str] = ()) -> InvalidInputError:
    """The first problem of ``exc`` as an ``InvalidInputError`` naming its JSON path under ``root``."""
    err = exc.errors(include_url=False)[0]
    path = json_path(root, err.get("loc", ()), tags)
    code = _CODES.get(err.get("type", ""), "invalid_value")
    return InvalidInputError(code, path, err.get("input"), expected_of(err))
