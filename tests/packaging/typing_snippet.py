"""A user's code against govrules' public API, type-checked by mypy --strict in test_typing.py (never run).

Each ``reveal_type`` line ends with the type mypy must reveal; none may be ``Any``.
"""

from __future__ import annotations

import datetime as dt
import json

import govrules

library = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
reveal_type(library)  # govrules.models.ruleset.Ruleset | govrules.loading.library.RulesetLibrary
calendar = govrules.china_calendar(provisional=False)
reveal_type(calendar)  # govrules.calendar.queries.Calendar
application: dict[str, object] = json.loads(
    (govrules.SHIPPED_EXAMPLES / "construction_permit_correction.json").read_text(encoding="utf-8"))

decision = govrules.decide(application, ruleset=library, calendar=calendar, as_of=dt.date(2025, 3, 3))
reveal_type(decision)  # govrules.models.decision.Decision
reveal_type(decision.outcome)  # govrules.models.decision.Outcome
reveal_type(decision.reason)  # str | None
reveal_type(decision.all_items_to_correct)  # tuple[str, ...]
reveal_type(decision.statutory_due)  # datetime.date | None
reveal_type(decision.findings)  # tuple[govrules.models.decision.Finding, ...]
reveal_type(decision.trace.ruleset_hash)  # str
reveal_type(decision.model_dump_json())  # str

accepted: bool = decision.outcome is govrules.Outcome.accepted
first_basis: list[str] = [c.source for f in decision.findings for c in f.basis]
due: dt.date | None = decision.promised_due

if isinstance(library, govrules.RulesetLibrary):
    version = library.get("cn.demo.district", dt.date(2025, 3, 3))
    reveal_type(version)  # govrules.models.ruleset.Ruleset

for result in govrules.decide_many([application], library, calendar, errors="return", progress=False):
    reveal_type(result)  # govrules.models.decision.Decision | govrules.errors.GovRulesError
    if isinstance(result, govrules.Decision):
        items: tuple[str, ...] = result.all_items_to_correct

report = govrules.diff(library, library, [application], calendar, what_if=False, workers=1)
reveal_type(report)  # govrules.batch.diff.DiffReport
reveal_type(report.changed)  # list[govrules.batch.diff.Change]
reveal_type(report.counts)  # collections.Counter[str]
reveal_type(report.unchanged)  # int
reveal_type(report.summary())  # str

try:
    govrules.decide({}, ruleset=library)
except govrules.InvalidInputError as exc:
    reveal_type(exc.field)  # str
