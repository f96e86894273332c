"""``decide()``: an application travels once, top to bottom, through the stages of spec §5.3:

1. select       — input checked, the ruleset version in force on the receipt date, the matter's plan
2. screen       — no licence needed, not this authority's power, prohibited industry (steps 1–3)
3. requirements — effective prerequisites and every required material, assessed once (steps 4, 6)
4. timeline     — the events replayed in date order up to ``as_of`` (§3a)
5. exceptions   — simulated approval, notification-commitment, tolerance: what each covers, and why not
6. outcome      — one explicit precedence table (§5.3 steps 8–11, deemed acceptance, §5.4)
7. clocks       — every processing due date of an accepted application (§10)
8. follow-ups   — tolerance, simulated result, fees, certificate, status, renewal (§6, §9, §10.3a, §11);
                   the internal steps and the upward report (procedures: §10.9, §10.14)
9. assemble     — the Decision

Each stage reads only the results of the stages before it. Pure: no I/O, no module-level state.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..calendar import Calendar
from ..loading.library import RulesetLibrary
from ..models.decision import Decision
from ..models.ruleset import Ruleset
from ..rules.screening import not_on_catalogue, screen
from .assemble import assemble, screened, unlisted
from .clocks import clocks
from .draft import Draft, Unlisted
from .exceptions import exceptions
from .follow_ups import follow_ups
from .outcome import outcome
from .procedures import NONE as NO_PROCEDURES
from .procedures import procedures
from .requirements import requirements
from .select import check_calendar, select
from .timeline import timeline


def decide(application: Any, ruleset: Ruleset | RulesetLibrary, calendar: Calendar | None = None,
           as_of: _dt.date | None = None) -> Decision:
    """Decide an application as of a date (default: its latest event, else its receipt date)."""
    return _decide(application, ruleset, calendar, as_of, False)


def decide_what_if(application: Any, ruleset: Any, calendar: Any = None, as_of: Any = None, *,
                   what_if: bool = True) -> Decision:
    """``decide()``, applying a single Ruleset whatever its effective period says when ``what_if`` (the
    reform office's "what would this version have decided", ``govrules.diff``); the trace says so."""
    return _decide(application, ruleset, calendar, as_of, what_if)


def _decide(application: Any, ruleset: Any, calendar: Any, as_of: Any, what_if: bool) -> Decision:
    given, checked = select(application, ruleset, calendar, as_of, what_if)
    if isinstance(given, Unlisted):  # 清单之外无审批 (spec §13a Q9): answered at once, no matter to read
        return unlisted(given, checked, not_on_catalogue(given.app.matter_code))
    draft = Draft(given)
    plan = given.plan
    stop = screen(given.rs, plan.matter, checked.project, checked.filed_with, given.received, plan.plain_authority)
    if stop is not None:
        draft.findings.append(stop.finding)
        return screened(draft, checked, stop.outcome, stop.reason, stop.refer_to_authority_id)
    req = requirements(draft, checked)
    tl = timeline(checked, plan.joint_inspection_excluded)
    ex = exceptions(draft, checked, req)
    acc = outcome(draft, tl, ex)
    clk = fu = None
    pr = NO_PROCEDURES
    if acc.acceptance_date is not None:  # accepting (Acceptance.accepting)
        clk = clocks(draft, tl, acc)
        fu = follow_ups(draft, tl, acc, clk, ex.simulated)
        if plan.has_procedures:
            pr = procedures(draft, checked, tl, acc, fu)
    return assemble(draft, checked, req, ex, acc, clk, fu, pr)


__all__ = ["check_calendar", "decide", "decide_what_if"]
