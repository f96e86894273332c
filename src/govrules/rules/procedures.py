"""The procedures after acceptance (spec §10.9, §10.14): the internal steps of seed 002 第十一–十四條, the
upward report of a 上报件 (ALL Art. 35, 43), and the file kinds of the county's 第十四條.

Each step is a clock of its own: started by an event (or the acceptance), due a period later, done by
another event. An overdue step is reported — which step, how late, whose — and never changes the legal
outcome: the law binds the authority to the statutory limit, the steps are how it keeps it.
"""

from __future__ import annotations

import datetime as _dt
from types import MappingProxyType
from typing import Any, Callable, Mapping

from ..models.decision import HandlingTrack, Outcome, StepTrack

#: whose each step is (the applicant-neutral Chinese names officials use)
OWNERS: Mapping[str, str] = MappingProxyType({
    "forwarding": "政务窗口", "cosign": "相关处室", "consultation_letter": "主办处",
    "consultation_feedback": "市、县国土资源主管部门", "lower_review": "下级机关（初审）", "higher_review": "上级机关",
})
#: the finding rule of each step when it is late (its citation is the article that sets the clock)
LATE_RULE: Mapping[str, str] = MappingProxyType({
    "forwarding": "internal.forwarding_late", "cosign": "internal.cosign_late",
    "consultation_letter": "internal.consultation_letter_late",
    "consultation_feedback": "internal.consultation_feedback_late", "lower_review": "reported.lower_review_late",
    "higher_review": "reported.higher_review_late",
})


def step(name: str, started_on: _dt.date | None, due: _dt.date | None, done_on: _dt.date | None, as_of: _dt.date,
         late_days: Callable[[_dt.date, _dt.date], int], ended_on: _dt.date | None = None) -> StepTrack:
    """The state of one step as of ``as_of``: ``late_days(due, day)`` counts the working days after ``due``;
    ``ended_on``: the file was decided or closed that day (a step still open then is moot, ``ended``)."""
    owner = OWNERS[name]
    if started_on is None or due is None:
        return StepTrack(state="not_started", step=name, owner_zh=owner)
    if done_on is not None and done_on <= as_of:
        late = late_days(due, done_on) if done_on > due else 0
        return StepTrack(state="done_late" if late else "done", reason="completed_after_due" if late else None,
                         step=name, owner_zh=owner, started_on=started_on, due=due, done_on=done_on,
                         late_working_days=late)
    if ended_on is not None and ended_on <= as_of:
        late = late_days(due, ended_on) if ended_on > due else 0
        return StepTrack(state="overdue" if late else "ended", reason="due_passed" if late else "file_ended",
                         step=name, owner_zh=owner, started_on=started_on, due=due, late_working_days=late)
    if as_of > due:
        return StepTrack(state="overdue", reason="due_passed", step=name, owner_zh=owner, started_on=started_on,
                         due=due, late_working_days=late_days(due, as_of))
    return StepTrack(state="pending", step=name, owner_zh=owner, started_on=started_on, due=due)


def is_late(track: StepTrack) -> bool:
    return track.state in ("overdue", "done_late") and track.late_working_days > 0


def held_materials(statuses: dict[str, Any], supplements: tuple[Any, ...], before: _dt.date) -> frozenset[str]:
    """What the lower authority holds on ``before``: the materials received in order (ok or corrected on
    the spot) and every material supplemented up to that day (ALL Art. 35: sent upward with the opinion)."""
    held = {mid for mid, status in statuses.items() if status in ("ok", "corrected_on_spot")}
    for ev in supplements:
        if ev.on <= before:
            held.update(ev.materials)
    return frozenset(held)


# ---- the file kinds (seed 002 county 第十四條) --------------------------------------------------------------
KINDS_ZH: Mapping[str, tuple[str, str]] = MappingProxyType({
    "immediate": ("即办件", "直接办理"), "promised": ("承诺件", "承诺办理"), "joint": ("联办件", "联合办理"),
    "reported": ("上报件", "负责办理"), "supplement": ("补办件", "一次性告知"), "returned": ("退办件", "明确答复"),
})
#: outcomes that return the file with a written answer (退办件, 明确答复)
RETURNED = frozenset({Outcome.not_required, Outcome.not_jurisdiction, Outcome.rejected,
                      Outcome.not_accepted_after_failed_correction})
#: outcomes that send the applicant back to complete the file (补办件)
SUPPLEMENT = frozenset({Outcome.correction_required, Outcome.correct_on_spot})


#: the file kinds whose handling track carries the day their answer is due
ANSWERED = frozenset({"returned", "supplement", "immediate"})


def handling_track(kind: str | None, answer_due: _dt.date | None) -> HandlingTrack | None:
    """The file's kind and method (``states.handling``); the answer's day for the kinds that have one."""
    if kind is None:
        return None
    kind_zh, method_zh = KINDS_ZH[kind]
    return HandlingTrack(state=kind, kind_zh=kind_zh, method_zh=method_zh,
                         answer_due=answer_due if kind in ANSWERED else None)


def fixed_handling(kind: str | None) -> HandlingTrack | None:
    """The handling track of a matter's own kind when it carries no date (承诺件, 联办件, 上报件): the same
    for every accepted file of the matter, built once."""
    return handling_track(kind, None) if kind is not None and kind not in ANSWERED else None


def file_kind(outcome: Outcome, handling_kind: str | None) -> str | None:
    """The file's kind: returned or to be supplemented by its outcome, else the matter's handling kind."""
    if outcome in RETURNED:
        return "returned"
    if outcome in SUPPLEMENT:
        return "supplement"
    return handling_kind
