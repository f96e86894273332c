"""The decision in the making: what the stages share, typed and slotted.

``Given`` is what the select stage fixed (ruleset version, plan, calendar, application, as-of date);
``Draft`` carries the findings in the order they are made and every date asked of the clock (the trace
reports which of them rest on a provisional calendar year). Each stage returns its own frozen result;
the Draft holds no stage's result, so no stage can read a later one's.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import msgspec

from ..calendar import Calendar
from ..clock import add_period
from ..models.application import Application
from ..models.decision import Finding
from ..models.period import Period
from ..models.ruleset import Ruleset
from .plan import MatterPlan


class Given(msgspec.Struct, frozen=True, gc=False):
    rs: Ruleset
    plan: MatterPlan
    app: Application
    cal: Calendar
    as_of: _dt.date
    selection: str  # how the ruleset version was chosen, for the trace
    what_if: bool  # the ruleset was applied regardless of its effective period (govrules.diff)
    received: _dt.date  # the receipt date (``app.submitted_on``, read once: see ``inputs.Checked``)


class Unlisted(msgspec.Struct, frozen=True, gc=False):
    """What select fixed for a matter no ruleset in force lists, read against a list that says 清单之外无审批
    (spec §13a Q9): no matter, so no plan and no stage after the screen."""

    rs: Ruleset  # the ruleset whose list was read
    app: Application
    cal: Calendar
    as_of: _dt.date
    selection: str
    what_if: bool


class Draft(msgspec.Struct, gc=False):
    given: Given
    findings: list[Finding] = msgspec.field(default_factory=list)
    #: (name, from, to) of every date asked of the clock
    computed: list[tuple[str, _dt.date, _dt.date]] = msgspec.field(default_factory=list)

    def date(self, name: str, start: _dt.date, period: Period, excluded: Any = ()) -> _dt.date:
        """``start`` + ``period`` on the calendar, recorded under ``name`` for the trace."""
        g = self.given
        d = add_period(g.cal, start, period, g.plan.rollover, excluded)
        self.computed.append((name, start, d) if start <= d else (name, d, start))
        return d

    def provisional(self) -> tuple[str, ...]:
        """The names of the computed dates that depend on a provisional calendar year, sorted."""
        cal = self.given.cal
        if not cal.has_provisional:
            return ()  # every computed date came from notice-backed years
        check = cal.depends_on_provisional
        return tuple(sorted({name for name, a, b in self.computed if check(a, b)}))
