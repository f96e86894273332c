"""Stage 1: select — the input checked (spec §5.3 step 0), the ruleset version in force on the receipt
date (spec §4a), the matter and its compiled plan. Every ``InvalidInputError`` of a decision is raised
here, before any rule runs.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..calendar import Calendar, china_calendar
from ..errors import InvalidInputError
from ..loading.library import RulesetLibrary
from ..models.application import Application
from ..models.policy import UnlistedMatter
from ..models.ruleset import Ruleset
from .draft import Given, Unlisted
from .inputs import Checked, check_as_of, check_references, check_unlisted, coerce_application
from .plan import MatterPlan, given_selection, plan_for, what_if_selection


def check_calendar(calendar: Any) -> Calendar:
    cal = calendar if calendar is not None else china_calendar()
    if not isinstance(cal, Calendar):
        raise InvalidInputError("invalid_value", "calendar", type(cal).__name__,
                                "a govrules.Calendar (govrules.china_calendar(...))")
    return cal


def select(application: Any, ruleset: Any, calendar: Any, as_of: Any,
           what_if: bool) -> tuple[Given | Unlisted, Checked]:
    """``what_if``: apply ``ruleset`` (a single Ruleset) whatever its effective period says, and say so
    in the trace — the reform office's "what would this version have decided" (``govrules.diff``).

    A matter no ruleset in force lists is an input error, unless the list it is read against says
    清单之外无审批 (``policy.unlisted_matter = "not_required"``, spec §13a Q9): then it returns an
    ``Unlisted``, which the screen answers ``not_on_catalogue``."""
    app = application if type(application) is Application else coerce_application(application)
    cal = calendar if type(calendar) is Calendar else check_calendar(calendar)
    received, events = app.submitted_on, app.events  # read once: the stages take them from Given and Checked
    day = received if as_of is None and not events else check_as_of(as_of, app)
    if type(ruleset) is Ruleset and app.ruleset is None:  # one ruleset given: its compiled plan, if any
        plan = ruleset.compiled_plans.get(app.matter_code)
        if plan is not None and (what_if or plan.open_from <= received <= plan.open_to):  # (a stub has no plan)
            checked = check_references(ruleset, plan, app, day, events)
            return Given(ruleset, plan, app, cal, day, plan.what_if_selection if what_if else plan.given_selection,
                         what_if, received), checked
    try:
        if what_if and isinstance(ruleset, Ruleset):
            rs, selection = ruleset, what_if_selection(ruleset)
        else:
            rs, selection = _version(ruleset, app)
        plan = _plan(rs, app, check_period=not what_if)
    except InvalidInputError as exc:
        listing = _unlisted_catalogue(exc, ruleset, app)
        if listing is None:
            raise
        selection = (f"the list of approval matters of {listing.id} version {listing.version}: "
                     f"{app.matter_code!r} is not on it")
        return Unlisted(listing, app, cal, day, selection, what_if), check_unlisted(listing, app, day)
    checked = check_references(rs, plan, app, day, events)
    return Given(rs, plan, app, cal, day, selection, what_if, received), checked


def _unlisted_catalogue(exc: InvalidInputError, ruleset: Any, app: Application) -> Ruleset | None:
    """The ruleset whose list says 清单之外无审批 for this application's unlisted matter, if any."""
    if exc.code == "unknown_matter" and isinstance(ruleset, Ruleset):
        rs: Ruleset | None = ruleset
    elif exc.code == "unknown_matter" and isinstance(ruleset, RulesetLibrary) and app.ruleset is not None:
        rs = ruleset.get(app.ruleset, app.submitted_on)
    elif exc.code == "no_ruleset_for_matter" and isinstance(ruleset, RulesetLibrary):
        rs = ruleset.catalogue_of(app.authority_id, app.submitted_on)
    else:
        return None
    return rs if rs is not None and rs.policy.unlisted_matter is UnlistedMatter.not_required else None


def _version(ruleset: Any, app: Application) -> tuple[Ruleset, str]:
    if isinstance(ruleset, RulesetLibrary):
        return ruleset.select(app.matter_code, app.submitted_on, app.ruleset)
    if not isinstance(ruleset, Ruleset):
        raise InvalidInputError("invalid_value", "ruleset", type(ruleset).__name__,
                                "a govrules.Ruleset or RulesetLibrary (see govrules.load_ruleset)")
    if app.ruleset is not None and app.ruleset != ruleset.id:
        raise InvalidInputError("unknown_ruleset", "application.ruleset", app.ruleset,
                                f"the id of the ruleset given, {ruleset.id!r}")
    if not ruleset.in_force_on(app.submitted_on):
        raise InvalidInputError("no_ruleset_in_force", "application.submitted_on", str(app.submitted_on),
                                f"a date within {ruleset.id} {ruleset.version}'s effective period "
                                f"{ruleset.effective_from}…{ruleset.effective_to or ''}")
    return ruleset, given_selection(ruleset)


def _plan(rs: Ruleset, app: Application, check_period: bool = True) -> MatterPlan:
    matter = rs.matters_by_code.get(app.matter_code)
    if matter is None:
        raise InvalidInputError("unknown_matter", "application.matter_code", app.matter_code,
                                f"a matter code of ruleset {rs.id}")
    if matter.stub:
        raise InvalidInputError("matter_not_applicable", "application.matter_code", app.matter_code,
                                "a matter that can be applied for (this one is a catalogue stub)")
    d: _dt.date = app.submitted_on
    if check_period and ((matter.effective_from and d < matter.effective_from)
                         or (matter.effective_to and d > matter.effective_to)):
        raise InvalidInputError("matter_not_in_force", "application.submitted_on", str(d),
                                f"a date within the matter's effective period {matter.effective_from or ''}…"
                                f"{matter.effective_to or ''}")
    return plan_for(rs, matter)
