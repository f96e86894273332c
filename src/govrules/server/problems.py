"""A request that cannot be answered, as the HTTP service says it: a status and the error body of api.md
("HTTP service"), ``{"error": {"code", "path", "value", "expected", "problems": [...]}}``.

The codes are those of ``InvalidInputError`` (spec §12, §3a, §4a) and of the other ``GovRulesError``s;
the service adds a few of its own for what only HTTP can get wrong (``invalid_json``, ``body_too_large``,
``batch_too_large``, ``time_limit_exceeded``, ``not_found``, ``method_not_allowed``). Nothing here
imports FastAPI: the same bodies serve the per-item errors of a batch.
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..errors import (
    CalendarUnavailableError, GovRulesError, InvalidInputError, ReplayError, RulesetError, short_repr,
)

#: a value is echoed as JSON when its JSON is at most this long, else as a bounded repr
_VALUE_LIMIT = 200


class HTTPProblem(Exception):
    """What only the HTTP layer can get wrong (a body too large, malformed JSON, a batch too big, the time
    limit): raised by the service, answered with ``status`` and the usual error body."""

    def __init__(self, status: int, code: str, path: str | None, value: Any, expected: str,
                 headers: dict[str, str] | None = None) -> None:
        self.status, self.code, self.path, self.value, self.expected = status, code, path, value, expected
        self.headers = headers or {}
        super().__init__(f"[{code}] {path}: got {short_repr(value)}; expected {expected}")


def json_value(value: Any) -> Any:
    """``value`` as JSON can carry it: itself when it is plain, short JSON; a bounded repr otherwise (a
    5,000-digit int, NaN, a date, a 10,000-element list)."""
    if value is None or isinstance(value, bool) or (isinstance(value, int) and abs(value) < 2**63):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else short_repr(value)
    if isinstance(value, str):
        return value if len(value) <= _VALUE_LIMIT else short_repr(value, _VALUE_LIMIT)
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return short_repr(value, _VALUE_LIMIT)
    return value if len(text) <= _VALUE_LIMIT else short_repr(value, _VALUE_LIMIT)


def problem(exc: BaseException) -> dict[str, Any]:
    """One problem, ``{"code", "path", "value", "expected"}`` (+ what its kind carries: ``year``,
    ``file``, ``fields``)."""
    if isinstance(exc, HTTPProblem):
        return {"code": exc.code, "path": exc.path, "value": json_value(exc.value), "expected": exc.expected}
    if isinstance(exc, InvalidInputError):
        return {"code": exc.code, "path": exc.field, "value": json_value(exc.value), "expected": exc.expected}
    if isinstance(exc, CalendarUnavailableError):
        return {"code": exc.code, "path": None, "value": exc.year, "year": exc.year,
                "expected": f"a date the calendar has data for (no working-day data for {exc.year})"}
    if isinstance(exc, RulesetError):
        return {"code": exc.code, "path": exc.path or None, "value": json_value(exc.value),
                "expected": exc.message, "file": exc.file}
    if isinstance(exc, ReplayError):
        return {"code": exc.code, "path": "recorded", "value": json_value(exc.found),
                "expected": f"{json_value(exc.expected)} ({exc})" if exc.expected is not None else str(exc),
                "fields": list(exc.fields)}
    if isinstance(exc, GovRulesError):
        return {"code": exc.code, "path": None, "value": None, "expected": str(exc)}
    return {"code": "internal_error", "path": None, "value": None,
            "expected": "a request the service can answer (this one hit a defect: it has been logged)"}


def error_object(exc: BaseException, problems: Any = None) -> dict[str, Any]:
    """The ``error`` object: the first problem, and every problem found (``problems``, default the error's
    ``.problems``; the first is the error itself)."""
    problems = problems or getattr(exc, "problems", None) or [exc]
    return {**problem(exc), "problems": [problem(p) for p in problems]}


def status_of(exc: BaseException) -> int:
    if isinstance(exc, HTTPProblem):
        return exc.status
    if isinstance(exc, InvalidInputError) and exc.code == "invalid_json":
        return 400
    if isinstance(exc, ReplayError):
        return 409  # the request was understood; the recorded decision is not what deciding again gives
    if isinstance(exc, GovRulesError):
        return 422
    return 500


def dumps(obj: Any) -> bytes:
    """JSON as UTF-8, non-ASCII unescaped. A lone surrogate (echoed from a ``"\\ud800"`` escape of the
    input) can only sit inside a JSON string, where ``backslashreplace`` writes it as the same escape."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8", "backslashreplace")


def error_body(exc: BaseException) -> bytes:
    return dumps({"error": error_object(exc)})
