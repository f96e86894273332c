"""govrules: rules-as-code for Chinese administrative-approval (行政审批) acceptance and deadlines.

    import govrules
    ruleset = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
    decision = govrules.decide(application, ruleset=ruleset, calendar=govrules.china_calendar())

See ``docs/`` for the concepts, the ruleset format and the legal mapping.
"""

from __future__ import annotations

from ._paths import shipped_examples, shipped_rulesets
from .batch import DiffReport, decide_many, decisions_frame, diff
from .calendar import Calendar, china_calendar
from .engine import decide, replay
from .frame import decide_frame
from .guides import guide
from .errors import (
    CalendarDataError, CalendarUnavailableError, GovRulesError, InvalidInputError, MissingDependencyError, ReplayError,
    RulesetError,
)
from .loading import RulesetLibrary, RulesetWarning, load_ruleset
from .projects import decide_bundle, plan_project
from .models import (
    Application, Citation, Decision, Finding, Matter, Material, Outcome, Period, Policy, Ruleset,
)

SHIPPED_RULESETS = shipped_rulesets()
SHIPPED_EXAMPLES = shipped_examples()
__version__ = "0.1.0"

__all__ = [
    "Application", "Calendar", "CalendarDataError", "CalendarUnavailableError", "Citation", "Decision",
    "DiffReport", "Finding", "GovRulesError", "InvalidInputError", "Material", "Matter", "MissingDependencyError",
    "Outcome", "Period", "Policy", "ReplayError", "Ruleset", "RulesetError", "RulesetLibrary", "RulesetWarning",
    "SHIPPED_EXAMPLES", "SHIPPED_RULESETS", "china_calendar", "decide", "decide_bundle", "decide_frame", "decide_many",
    "decisions_frame", "diff", "guide", "load_ruleset", "plan_project", "replay",
]
