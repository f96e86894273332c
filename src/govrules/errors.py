"""The only exceptions govrules lets escape (api.md "Errors").

Every public entry point converts whatever went wrong (a pydantic ``ValidationError``, a TOML syntax
error, a date outside the calendar) into one of these, so a caller can write a single
``except GovRulesError`` and always get a message that names the field, the value and what was expected.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "GovRulesError",
    "InvalidInputError",
    "RulesetError",
    "CalendarUnavailableError",
    "CalendarDataError",
    "MissingDependencyError",
    "ReplayError",
]


def _short(value: Any, limit: int = 80) -> str:
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
        super().__init__(f"[{code}] {field}: got {_short(value)}; expected {expected}")


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


class MissingDependencyError(GovRulesError, ImportError):
    """An optional feature was called without its extra installed; names the extra to install."""

    code = "missing_dependency"

    def __init__(self, feature: str, package: str, extra: str) -> None:
        self.feature, self.package, self.extra = feature, package, extra
        super().__init__(f"[missing_dependency] {feature} needs {package}: pip install 'govrules[{extra}]'")


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
