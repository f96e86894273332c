"""Invariant checks a ruleset author runs on their own ruleset, in their own test suite.

Each check takes what ``decide()`` was given and what it answered, and raises
:class:`InvariantViolation` naming the invariant, the application and what went wrong. They hold for
*any* valid ruleset, because they are the law's and the reform reports' guarantees, not one
ruleset's answers (spec §5.2 "never worse", ALL Art. 32(4) one-time notice, Art. 82 working days,
the promised limit within the statutory one). :func:`check_ruleset` runs them all on generated
applications (:mod:`govrules.testing.strategies`).
"""

from __future__ import annotations

import random
from typing import Any, Callable, Iterable, Mapping

from ..calendar import Calendar, china_calendar
from ..engine import decide
from ..models.decision import OUTCOME_RANK, Decision, Outcome
from ..models.matter import Matter, Necessity
from ..models.period import Period
from ..models.ruleset import Ruleset

#: A material in one of these states is a gap at the window (spec §5.1).
GAP_STATUSES = (None, "defective", "correctable_on_spot")
#: The due dates a decision may carry; none may fall before the receipt.
DUE_DATES = ("acceptance_date", "clock_start", "notice_due", "department_review_due", "correction_deadline",
             "non_acceptance_decision_due", "promised_due", "statutory_due", "statutory_due_if_extended",
             "certificate_due", "supplement_deadline")
#: Outcomes that say "the materials are complete" (deemed acceptance is by lapse of time, not completeness).
COMPLETE_OUTCOMES = (Outcome.accepted, Outcome.accepted_with_tolerance, Outcome.simulated_acceptance)


class InvariantViolation(AssertionError):
    """A decision broke one of the invariants; ``invariant`` names which, ``application`` is the input."""

    def __init__(self, invariant: str, detail: str, application: Mapping[str, Any] | None = None) -> None:
        self.invariant, self.detail, self.application = invariant, detail, application
        app_id = application.get("id") if isinstance(application, Mapping) else None
        super().__init__(f"[{invariant}] {detail}" + (f" (application {app_id!r})" if app_id else ""))


def _fail(invariant: str, detail: str, app: Mapping[str, Any] | None) -> None:
    raise InvariantViolation(invariant, detail, app)


# ---- one decision ---------------------------------------------------------------------------------
def check_cites_basis(d: Decision, app: Mapping[str, Any] | None = None) -> None:
    """Every finding names its legal basis and says what it found, in Chinese and English."""
    for f in d.findings:
        if not f.basis or not all(c.source for c in f.basis):
            _fail("cites_basis", f"finding {f.rule!r} has no legal basis", app)
        if not f.message_zh or not f.message_en:
            _fail("cites_basis", f"finding {f.rule!r} has no message", app)


def check_due_dates(d: Decision, matter: Matter, calendar: Calendar, app: Mapping[str, Any] | None = None) -> None:
    """No due date before the receipt; each due date runs from its clock's start (spec §13a Q5): the
    processing limits from ``clock_start`` (the acceptance, or the receipt for a receipt clock, which may
    end before a later acceptance), the certificate from the decision (ALL Art. 44); in order
    (promised ≤ statutory ≤ extended), and on working days when counted in working days."""
    for name in DUE_DATES:
        value = getattr(d, name)
        if value is not None and value < d.receipt_date:
            _fail("due_dates", f"{name} {value} is before the receipt date {d.receipt_date}", app)
    if d.clock_start is not None:
        for name in ("promised_due", "statutory_due", "statutory_due_if_extended"):
            value = getattr(d, name)
            if value is not None and value < d.clock_start:
                _fail("due_dates", f"{name} {value} is before its clock's start {d.clock_start}", app)
    decided_on = d.states.status.decided_on if d.states.status is not None else None
    start = decided_on or d.clock_start
    if d.certificate_due is not None and start is not None and d.certificate_due < start:
        _fail("due_dates", f"certificate_due {d.certificate_due} is before the decision {start}", app)
    check_promised_within_statutory(d, app)
    if d.statutory_due and d.statutory_due_if_extended and d.statutory_due_if_extended < d.statutory_due:
        _fail("due_dates", f"extended due {d.statutory_due_if_extended} before statutory due {d.statutory_due}", app)
    for name, limit in (("statutory_due", matter.statutory_limit), ("promised_due", matter.promised_limit)):
        value = getattr(d, name)
        if value is not None and _in_working_days(limit) and limit.days and not calendar.is_working_day(value):
            _fail("due_dates", f"{name} {value} is not a working day, though the limit counts working days", app)


def _in_working_days(p: Period | None) -> bool:
    return p is not None and p.is_days and str(p.unit) == "working_days"


def check_promised_within_statutory(d: Decision, app: Mapping[str, Any] | None = None) -> None:
    """The promised (承诺) due date never falls after the statutory (法定) one."""
    if d.promised_due is not None and d.statutory_due is not None and d.promised_due > d.statutory_due:
        _fail("promised_within_statutory", f"promised due {d.promised_due} after statutory due {d.statutory_due}", app)


def expected_gaps(ruleset: Ruleset, matter: Matter, app: Mapping[str, Any], d: Decision) -> set[str]:
    """The items the applicant must still provide, counted from the application itself: each required
    material absent or not in order, each prerequisite not obtained — less what the decision says a
    reform rule set aside (tolerated, replaced by a commitment, deemed satisfied, removed or parallel)."""
    status = {m["id"]: m.get("status", "ok") for m in app.get("materials", [])}
    gaps = {m.id for m in matter.materials if m.necessity is not Necessity.optional and status.get(m.id) in GAP_STATUSES}
    gaps -= set(d.tolerated_materials) | set(d.commitment_substituted) | set(d.deemed_satisfied_materials)
    obtained = set(app.get("obtained_prerequisites", []))
    excused = set(d.ignored_prerequisites) | set(d.deemed_satisfied_prerequisites) | set(matter.removed_prerequisites)
    gaps |= {f"prerequisite:{p}" for p in matter.prerequisites if p not in obtained and p not in excused}
    return gaps


def check_one_time_notice(d: Decision, ruleset: Ruleset, matter: Matter, app: Mapping[str, Any]) -> None:
    """一次性告知 (ALL Art. 32(4)): a correction notice lists every gap at once, and only gaps; an
    application accepted as complete has none left (a decision as of the receipt, before any event)."""
    gaps = expected_gaps(ruleset, matter, app, d)
    listed = set(d.all_items_to_correct)
    if d.outcome is Outcome.correction_required:
        withheld = gaps - listed
        if withheld:
            _fail("one_time_notice", f"the correction notice leaves out {sorted(withheld)}: a second round would "
                  "be needed", app)
        spurious = {i for i in listed - gaps if not i.startswith("prerequisite:")}
        if spurious:
            _fail("one_time_notice", f"the correction notice asks for {sorted(spurious)}, which are in order", app)
        if listed != set(d.missing_materials) | set(d.defective_materials) | set(d.on_spot_correctable) \
                | {f"prerequisite:{p}" for p in d.missing_prerequisites}:
            _fail("one_time_notice", "all_items_to_correct is not the union of the notice's parts", app)
    elif d.outcome in COMPLETE_OUTCOMES and gaps:
        _fail("one_time_notice", f"{d.outcome.value} although {sorted(gaps)} are missing", app)


# ---- several decisions -----------------------------------------------------------------------------
Decide = Callable[[Mapping[str, Any]], Decision]


def check_deterministic(decide_: Decide, app: Mapping[str, Any]) -> None:
    """The same input, decided twice, gives byte-identical JSON."""
    if decide_(app).model_dump_json() != decide_(dict(app)).model_dump_json():
        _fail("deterministic", "two decisions of the same input differ", app)


def check_order_independent(decide_: Decide, app: Mapping[str, Any], seed: int = 0) -> None:
    """The order in which materials and prerequisites are listed never matters."""
    rnd = random.Random(seed)
    shuffled = dict(app)
    for key in ("materials", "obtained_prerequisites"):
        items = list(app.get(key, []))
        rnd.shuffle(items)
        shuffled[key] = items
    if decide_(app).model_dump_json() != decide_(shuffled).model_dump_json():
        _fail("order_independent", "listing the materials or prerequisites in another order changed the decision", app)


def check_monotonic(decide_: Decide, matter: Matter, app: Mapping[str, Any]) -> None:
    """Supplying a missing material, or obtaining a prerequisite, never makes the decision worse
    (spec §5.2 order, ``govrules.models.OUTCOME_RANK``)."""
    before = decide_(app)
    rank = OUTCOME_RANK.get(before.outcome)
    if rank is None:
        return  # decided before materials count (jurisdiction, negative list, no licence needed)
    status = {m["id"]: m.get("status", "ok") for m in app.get("materials", [])}
    better: list[tuple[str, dict[str, Any]]] = []
    for m in matter.materials:
        if status.get(m.id) != "ok":
            mats = [x for x in app.get("materials", []) if x["id"] != m.id] + [{"id": m.id, "status": "ok"}]
            better.append((f"material {m.id!r} supplied in order", {**app, "materials": mats}))
    obtained = list(app.get("obtained_prerequisites", []))
    for p in matter.prerequisites:
        if p not in obtained:
            better.append((f"prerequisite {p!r} obtained", {**app, "obtained_prerequisites": obtained + [p]}))
    for what, improved in better:
        after = decide_(improved)
        if OUTCOME_RANK.get(after.outcome, rank) < rank:
            _fail("monotonic", f"{what}: {before.outcome.value} became {after.outcome.value}", app)


# ---- all of them -----------------------------------------------------------------------------------
def check_application(app: Mapping[str, Any], ruleset: Ruleset, calendar: Calendar | None = None) -> Decision:
    """Every invariant on one valid application: at the receipt (no events: the one-time notice,
    monotonicity, order) and as of its last event (due dates, basis). Returns the latter decision."""
    cal = calendar or china_calendar()
    matter = ruleset.matters_by_code[app["matter_code"]]
    at_receipt = {**app, "events": []}

    def decide_(a: Mapping[str, Any]) -> Decision:
        return decide(a, ruleset=ruleset, calendar=cal)

    first = decide_(at_receipt)
    check_one_time_notice(first, ruleset, matter, at_receipt)
    check_monotonic(decide_, matter, at_receipt)
    check_order_independent(decide_, at_receipt)
    latest = decide_(app)
    check_deterministic(decide_, app)
    for d in (first, latest):
        check_cites_basis(d, app)
        check_due_dates(d, matter, cal, app)
    return latest


def check_ruleset(ruleset: Ruleset, *, calendar: Calendar | None = None, matters: Iterable[str] | None = None,
                  max_examples: int = 100, events: bool = True, seed: int | None = 0) -> None:
    """Run every invariant on ``max_examples`` generated applications of each matter (all applicable
    ones by default). Raises :class:`InvariantViolation` for the simplest failing application hypothesis
    finds (it is shown in the error). ``seed=None`` draws new examples on every run."""
    from hypothesis import HealthCheck, given, seed as hseed, settings

    from .strategies import applicable_matters, applications

    codes = list(matters) if matters is not None else [m.code for m in applicable_matters(ruleset)]
    for code in codes:
        @settings(max_examples=max_examples, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
        @given(applications(ruleset, code, calendar=calendar, events=events))
        def run(app: dict[str, Any]) -> None:
            check_application(app, ruleset, calendar)

        (hseed(seed)(run) if seed is not None else run)()


__all__ = [
    "InvariantViolation", "check_application", "check_cites_basis", "check_deterministic", "check_due_dates",
    "check_monotonic", "check_one_time_notice", "check_order_independent", "check_promised_within_statutory",
    "check_ruleset", "expected_gaps",
]
