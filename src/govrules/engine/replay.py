"""Replay a recorded decision from its trace: reproducibility checked, not assumed.

A Decision's trace names the ruleset (id, version, content hash), the calendar data version and the
as-of date. Given the same input, a ruleset with that hash and a calendar with that version, deciding
again must give the recorded JSON byte for byte (api.md: decide() is a pure function). ``replay``
checks the two versions first — a different ruleset or calendar proves nothing either way — then
decides and compares.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from ..calendar import Calendar
from ..errors import InvalidInputError, ReplayError
from ..loading.library import RulesetLibrary
from ..models.decision import Decision
from ..models.ruleset import Ruleset
from .decide import check_calendar, decide_what_if



def replay(recorded: Decision | str | bytes | Mapping[str, Any], application: Any, *,
           ruleset: Ruleset | RulesetLibrary, calendar: Calendar | None = None) -> Decision:
    """Decide ``application`` again as the trace of ``recorded`` says, and check the result is identical.

    ``recorded`` is the Decision, its ``model_dump_json()`` text, or that JSON parsed into a mapping;
    ``ruleset`` is a Ruleset or RulesetLibrary as given to ``decide()`` the first time. Returns the new
    Decision; raises ``ReplayError`` when the ruleset hash or calendar version differ from the trace's,
    or when the new JSON differs from the recorded one (a record written indented, as ``govrules decide
    --format json`` does, is compared value by value).
    """
    before, text = _recorded(recorded)
    trace = before.trace
    cal = check_calendar(calendar)
    if cal.version != trace.calendar_version:
        raise ReplayError("calendar_version_mismatch", f"the decision was made with calendar data "
                          f"{trace.calendar_version!r}; the calendar given is {cal.version!r}",
                          expected=trace.calendar_version, found=cal.version)
    after = decide_what_if(application, ruleset, cal, trace.as_of, what_if=trace.what_if)
    if after.trace.ruleset_hash != trace.ruleset_hash:
        raise ReplayError("ruleset_hash_mismatch", f"the decision was made under {trace.ruleset_id} "
                          f"{trace.ruleset_version} with content hash {trace.ruleset_hash}; the ruleset given "
                          f"resolves to {after.trace.ruleset_id} {after.trace.ruleset_version} "
                          f"({after.trace.ruleset_hash})", expected=trace.ruleset_hash, found=after.trace.ruleset_hash)
    again = after.model_dump_json()
    if again != text and not _same_values(again, text):
        fields = differing_fields(text, again)
        raise ReplayError("different_decision", f"same ruleset, calendar and as-of date, but the decision "
                          f"differs in: {', '.join(fields) or 'formatting only'}", fields=fields)
    return after


def _recorded(recorded: Any) -> tuple[Decision, str]:
    """The recorded Decision and its canonical JSON text."""
    if isinstance(recorded, Decision):
        return recorded, recorded.model_dump_json()
    try:
        if isinstance(recorded, (str, bytes)):
            decision = Decision.model_validate_json(recorded, root="recorded")
            return decision, recorded.decode("utf-8") if isinstance(recorded, bytes) else recorded
    except UnicodeDecodeError as exc:
        raise InvalidInputError("invalid_json", "recorded", "<bytes>", f"UTF-8 JSON of a Decision ({exc})") from None
    if isinstance(recorded, Mapping):
        decision = Decision.model_validate(recorded, root="recorded")
        return decision, decision.model_dump_json()
    raise InvalidInputError("invalid_value", "recorded", type(recorded).__name__,
                            "a Decision, its JSON text, or that JSON parsed into a mapping")


def _parsed(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # what pydantic parsed but json cannot (a 5000-digit int)
        return {}
    return value if isinstance(value, dict) else {}


def _same_values(a: str, b: str) -> bool:
    """The same JSON values, indented or not."""
    x = _parsed(a)
    return bool(x) and x == _parsed(b)


def differing_fields(a: str, b: str) -> tuple[str, ...]:
    """The top-level fields whose values differ between two Decision JSON texts."""
    x, y = _parsed(a), _parsed(b)
    return tuple(sorted(k for k in x.keys() | y.keys() if x.get(k) != y.get(k)))


__all__ = ["replay"]
