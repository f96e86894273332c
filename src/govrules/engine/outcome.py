"""Stage 6: the outcome at the window, by one explicit precedence table (spec §5.3 steps 8–11, deemed
acceptance, and §5.4 after the one-time correction notice).

The rows of ``PRECEDENCE`` are tried in order and the first that holds decides. Each row reads the
facts of the earlier stages; the acceptance-stage dates the rows depend on are asked of the clock here:
``notice_due`` when the window forwarded the file, the correction deadline only when a correction row
is reached. The screened outcomes (steps 1–3) come before this table, in ``screen``.
"""

from __future__ import annotations

import datetime as _dt
from types import MappingProxyType
from typing import Any, Callable, Mapping, NamedTuple

import msgspec

from ..models.decision import CorrectionTrack, Finding, Outcome
from ..rules.basis import finding, maker, one_value_maker
from ..rules.materials import Assessment
from .draft import Draft
from .exceptions import Exceptions
from .timeline import Timeline


class Acceptance(msgspec.Struct, frozen=True, gc=False):
    """The window's answer and the acceptance-stage facts the Decision reports."""

    outcome: Outcome
    acceptance_date: _dt.date | None
    gaps: Assessment  # what the Decision lists as still owed (spec §13a Q1)
    all_items_to_correct: tuple[str, ...] = ()
    tolerance_denied_reasons: tuple[str, ...] = ()
    tolerated_materials: tuple[str, ...] = ()
    supplement_deadline: _dt.date | None = None
    notice_due: _dt.date | None = None
    department_review_due: _dt.date | None = None
    correction_deadline: _dt.date | None = None
    non_acceptance_decision_due: _dt.date | None = None
    deemed_accepted: bool = False
    late_notice_ignored: bool = False
    correction: CorrectionTrack | None = None  # spec §5.4: the correction track (``states.correction``)
    instant: bool = False  # 秒批: acceptance completes the approval (seed 004)

    @property
    def accepting(self) -> bool:
        return self.acceptance_date is not None


#: the order the usual answers give Acceptance's fields by position (``_accepted``, ``_awaiting``)
assert Acceptance.__struct_fields__ == (
    "outcome", "acceptance_date", "gaps", "all_items_to_correct", "tolerance_denied_reasons", "tolerated_materials",
    "supplement_deadline", "notice_due", "department_review_due", "correction_deadline", "non_acceptance_decision_due",
    "deemed_accepted", "late_notice_ignored", "correction", "instant"), "Acceptance's fields moved: update the answers"


class Facts:
    """What the rows of the table read, as plain values; the correction notice is worked out on first use."""

    __slots__ = ("draft", "tl", "ex", "a", "as_of", "forwarded", "action", "voucher", "complete",
                 "on_spot", "refused", "notice_due", "review_due", "window_day", "_notice")

    def __init__(self, draft: Draft, tl: Timeline, ex: Exceptions) -> None:
        self.draft, self.tl, self.ex = draft, tl, ex
        g = draft.given
        app = g.app
        a = self.a = ex.remaining
        self.as_of = g.as_of
        self.complete = a.complete
        self.on_spot = bool(a.on_spot)
        self.refused = bool(ex.tolerance_refusals)
        self._notice: _Notice | None = None
        if app.decided_on_spot:  # the window decided at once: on a correction notice's day, or the receipt
            self.forwarded = self.voucher = False
            self.action = self.notice_due = self.review_due = None
            notice = tl.correction_notice
            self.window_day = notice.on if notice is not None else g.received
            return
        self.forwarded = True  # spec §5.3: the window forwarded the file
        #: the window's first action after forwarding (correction notice or voucher), if any
        action = self.action = tl.window_action
        self.voucher = action is not None and action.type == "acceptance_voucher"
        self.window_day = action.on if action is not None else g.received
        # the dates the window works to once it could not decide on the spot (§5.3, §5.4)
        self.notice_due = draft.date("notice_due", g.received, g.rs.policy.acceptance_notice_limit)
        self.review_due = None
        if tl.forwarded is not None:
            self.review_due = draft.date("department_review_due", tl.forwarded.on, g.rs.policy.department_review_limit)

    def notice(self) -> "_Notice":
        """The one-time correction notice and what the supplements made of it (spec §5.4)."""
        if self._notice is None:
            self._notice = _Notice(self)
        return self._notice


class _Notice:
    """The correction notice: partial tolerance (A8) set aside first, then the supplements replayed."""

    __slots__ = ("partial", "a", "items", "notice_on", "deadline", "completed_on", "still")

    def __init__(self, f: Facts) -> None:
        ex, draft = f.ex, f.draft
        self.partial = ex.partially_tolerable
        self.a = f.a.without(self.partial)
        self.items = self.a.all_items()
        self.notice_on = f.window_day
        notice = f.tl.correction_notice if not f.forwarded else f.action
        period = notice.period if notice is not None and notice.period is not None else draft.given.plan.correction_period
        self.deadline = draft.date("correction_deadline", self.notice_on, period)
        self.completed_on = None
        if not f.tl.supplements:  # nothing supplied yet: every item is still owed, in the notice's order
            self.still = self.items
            return
        outstanding = set(self.items)
        for ev in f.tl.supplements:
            if ev.on < self.notice_on or ev.on > self.deadline:
                continue
            outstanding.difference_update(ev.materials)
            outstanding.difference_update(f"prerequisite:{c}" for c in ev.prerequisites)
            if not outstanding:
                self.completed_on = ev.on
                break
        self.still = tuple(sorted(outstanding))


class Row(NamedTuple):
    name: str
    holds: Callable[[Facts], bool]
    forwarded_only: bool = False  # it can hold only when the window forwarded the file


#: spec §5.3–§5.4, first match wins. Deemed acceptance overrides steps 8–11 when the window forwarded
#: the file; after the notice, §5.4 decides between acceptance, failure and waiting.
PRECEDENCE: tuple[Row, ...] = (
    Row("pending_acceptance_decision", lambda f: f.forwarded and f.action is None and f.as_of <= f.notice_due, True),
    Row("deemed_accepted", lambda f: f.forwarded and (f.action is None or f.action.on > f.notice_due), True),
    Row("accepted_on_voucher", lambda f: f.voucher and f.complete, True),  # a voucher comes after forwarding
    Row("accepted", lambda f: f.complete),  # step 8
    Row("correct_on_spot", lambda f: f.on_spot and not f.refused),  # step 9
    Row("accepted_with_tolerance", lambda f: not f.refused),  # step 10
    Row("correction_notice_only", lambda f: f.voucher, True),  # a voucher for an incomplete file: the notice is owed
    Row("accepted_after_correction", lambda f: f.notice().completed_on is not None),  # §5.4
    Row("not_accepted_after_failed_correction", lambda f: f.as_of > f.notice().deadline),
    Row("awaiting_correction", lambda f: True),
)
#: the same table for a file decided on the spot: the rows that hold only for a forwarded file left out
ON_THE_SPOT: tuple[Row, ...] = tuple(row for row in PRECEDENCE if not row.forwarded_only)


def outcome(draft: Draft, tl: Timeline, ex: Exceptions) -> Acceptance:
    f = Facts(draft, tl, ex)
    for name, holds, _ in PRECEDENCE if f.forwarded else ON_THE_SPOT:
        if holds(f):
            return _ANSWERS[name](draft, f)
    raise AssertionError("the last row of PRECEDENCE always holds")


# ---- the answer of each row ------------------------------------------------------------------------
#: the findings made on most decisions, by their makers (``rules.basis``); the first four print one value
_ACCEPTED, _DENIED, _CORRECTION, _AWAITING = (one_value_maker(rule) for rule in (
    "acceptance.accepted", "tolerance.denied", "acceptance.correction_required", "correction.awaiting"))
_TOLERATED = maker("tolerance.accepted")


def _accept_as(f: Facts) -> Outcome:
    return Outcome.simulated_acceptance if f.ex.simulated else Outcome.accepted


def _accepted(draft: Draft, f: Facts, outcome_: Outcome, on: _dt.date, made: Finding, *,
              gaps: Assessment | None = None, **values: Any) -> Acceptance:
    """An accepting answer on ``on``, with the finding that says so."""
    draft.findings.append(made)
    instant = outcome_ is Outcome.accepted and draft.given.plan.instant_approval
    if not values:  # the usual answer, by position (Acceptance's fields in order)
        return Acceptance(outcome_, on, f.a if gaps is None else gaps, (), (), (), None, f.notice_due, f.review_due,
                          None, None, False, False, None, instant)
    return Acceptance(outcome_, on, f.a if gaps is None else gaps, instant=instant, notice_due=f.notice_due,
                      department_review_due=f.review_due, **values)


def _refused_as(draft: Draft, f: Facts, outcome_: Outcome, gaps: Assessment, items: tuple[str, ...] = (),
                refusals: tuple[str, ...] = (), **values: Any) -> Acceptance:
    """An answer that does not accept (yet)."""
    return Acceptance(outcome_, None, gaps, items, refusals, notice_due=f.notice_due,
                      department_review_due=f.review_due, **values)


def _pending(draft: Draft, f: Facts) -> Acceptance:
    draft.findings.append(finding("acceptance.pending", "outcome:pending_acceptance_decision", date=f.notice_due))
    return _refused_as(draft, f, Outcome.pending_acceptance_decision, f.a)


def _deemed(draft: Draft, f: Facts) -> Acceptance:
    late = f.action is not None and f.action.type == "correction_notice"
    if late:
        draft.findings.append(finding("acceptance.late_notice_ignored", "ignored", date=f.action.on))
    receipt = draft.given.received
    made = finding("acceptance.deemed", "outcome:" + Outcome.deemed_accepted, date=f.notice_due, receipt=receipt)
    return _accepted(draft, f, Outcome.deemed_accepted, receipt, made, late_notice_ignored=late, deemed_accepted=True)


def _on_voucher(draft: Draft, f: Facts) -> Acceptance:
    outcome_, on = _accept_as(f), f.action.on
    return _accepted(draft, f, outcome_, on, finding("acceptance.voucher", "outcome:" + outcome_, date=on))


def _complete(draft: Draft, f: Facts) -> Acceptance:
    outcome_, on = _accept_as(f), f.window_day
    return _accepted(draft, f, outcome_, on, _ACCEPTED("outcome:" + outcome_, None, on))


def _correct_on_spot(draft: Draft, f: Facts) -> Acceptance:
    draft.findings.append(finding("acceptance.correct_on_spot", "outcome:correct_on_spot"))
    return _refused_as(draft, f, Outcome.correct_on_spot, f.a)


def _tolerated(draft: Draft, f: Facts) -> Acceptance:
    """Step 10: every gap tolerated (容缺受理), owed by the supplement deadline."""
    g, on = draft.given, f.window_day
    tolerated = tuple(sorted(f.a.gaps))
    deadline = draft.date("supplement_deadline", on, g.plan.supplement_limit)
    names = "、".join(map(g.plan.material_names_zh.__getitem__, tolerated))
    draft.findings.append(_TOLERATED("exception_applied", None, (), {"items": names, "date": deadline}))
    outcome_ = Outcome.simulated_acceptance if f.ex.simulated else Outcome.accepted_with_tolerance
    return _accepted(draft, f, outcome_, on, _ACCEPTED("outcome:" + outcome_, None, on),
                     gaps=f.a.without_gaps(), tolerated_materials=tolerated,
                     supplement_deadline=deadline)


def _notice_refused(draft: Draft, f: Facts) -> tuple[str, ...]:
    """Entering a correction: every refused §6 condition is reported (spec §13a Q2); the finding where
    tolerance was in play — a matter off the list needs no explanation."""
    refusals = f.ex.tolerance_refusals
    if f.ex.tolerance_in_play:
        draft.findings.append(_DENIED("exception_refused", None, ", ".join(refusals)))
    return refusals


def _notice_only(draft: Draft, f: Facts) -> Acceptance:
    refusals = _notice_refused(draft, f)
    a = f.a.without(f.ex.partially_tolerable)
    items = a.all_items()
    draft.findings.append(finding("acceptance.correction_required", "outcome:correction_required", count=len(items)))
    return _refused_as(draft, f, Outcome.correction_required, a, items, refusals)


def _noticed(draft: Draft, f: Facts) -> tuple[tuple[str, ...], "_Notice"]:
    refusals = _notice_refused(draft, f)
    n = f.notice()
    draft.findings.append(_CORRECTION("outcome:correction_required", None, len(n.items)))
    return refusals, n


def _after_correction(draft: Draft, f: Facts) -> Acceptance:
    """§5.4: every item supplied in time — accepted on the day the last one arrived."""
    refusals, n = _noticed(draft, f)
    track = CorrectionTrack(state="accepted", notice_on=n.notice_on, correction_deadline=n.deadline,
                            correction_completed_on=n.completed_on)
    outcome_, extra = _accept_as(f), {}
    on = n.completed_on
    if n.partial:  # A8: the tolerable gaps set aside are owed from the acceptance
        extra = dict(tolerated_materials=tuple(sorted(n.partial)), supplement_deadline=draft.date(
            "supplement_deadline", on, draft.given.plan.supplement_limit))
        if outcome_ is Outcome.accepted:
            outcome_ = Outcome.accepted_with_tolerance
    supplied = Assessment((), (), (), f.a.on_spot_corrected, ())  # all supplied; the notice stays listed
    return _accepted(draft, f, outcome_, on, finding("correction.completed", "outcome:" + outcome_, date=on),
                     gaps=supplied, all_items_to_correct=n.items, tolerance_denied_reasons=refusals,
                     correction_deadline=n.deadline, correction=track, **extra)


def _failed(draft: Draft, f: Facts) -> Acceptance:
    refusals, n = _noticed(draft, f)
    due = draft.date("non_acceptance_decision_due", n.deadline, draft.given.rs.policy.non_acceptance_decision_limit)
    track = CorrectionTrack(state="not_accepted_after_failed_correction", reason="correction_deadline_passed",
                            notice_on=n.notice_on, correction_deadline=n.deadline, non_acceptance_decision_due=due,
                            still_missing=n.still)
    draft.findings.append(finding("correction.failed", "outcome:not_accepted_after_failed_correction",
                                  deadline=n.deadline, date=due))
    return _refused_as(draft, f, Outcome.not_accepted_after_failed_correction, n.a, n.items, refusals,
                       correction_deadline=n.deadline, non_acceptance_decision_due=due, correction=track)


def _awaiting(draft: Draft, f: Facts) -> Acceptance:
    refusals, n = _noticed(draft, f)
    track = CorrectionTrack(state="awaiting_correction", notice_on=n.notice_on, correction_deadline=n.deadline,
                            still_missing=n.still)
    draft.findings.append(_AWAITING("awaiting", None, n.deadline))
    return Acceptance(Outcome.correction_required, None, n.a, n.items, refusals, (), None, f.notice_due, f.review_due,
                      n.deadline, None, False, False, track)  # by position: the usual answer to a correction


_ANSWERS: Mapping[str, Callable[[Draft, Facts], Acceptance]] = MappingProxyType({
    "pending_acceptance_decision": _pending, "deemed_accepted": _deemed, "accepted_on_voucher": _on_voucher,
    "accepted": _complete, "correct_on_spot": _correct_on_spot, "accepted_with_tolerance": _tolerated,
    "correction_notice_only": _notice_only, "accepted_after_correction": _after_correction,
    "not_accepted_after_failed_correction": _failed, "awaiting_correction": _awaiting,
})
assert set(_ANSWERS) == {row.name for row in PRECEDENCE}
