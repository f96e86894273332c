"""Stage 4: the events replayed in date order up to ``as_of`` (spec §3a), named by what they mean.

The replay order and the reference checks are made when the input is checked (``inputs``); here the
replayed events are indexed once, so that no later stage searches the event list again.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import msgspec

from .inputs import Checked

Span = tuple[_dt.date, _dt.date]


class Timeline(msgspec.Struct, frozen=True, gc=False):
    """What happened after receipt, as of the decision date. Single events are the event or None."""

    events: tuple[Any, ...]  # every replayed event, in replay order
    forwarded: Any  # forwarded_to_department
    window_action: Any  # the first correction_notice or acceptance_voucher (spec §5.3 deemed acceptance)
    correction_notice: Any
    supplements: tuple[Any, ...]
    suspensions: tuple[Any, ...]
    excluded: tuple[Span, ...]  # the suspensions as inclusive (from, to) spans for the clock
    extension: Any
    decision: Any
    land_obtained: tuple[Any, ...]
    licence_granted: Any
    renewal_application: Any
    renewal_decision: Any
    by_type: Any  # every replayed event by type, for the procedures after acceptance (``first``)

    def first(self, kind: str) -> Any:
        """The first replayed event of ``kind``, or None."""
        found = self.by_type.get(kind)
        return found[0] if found else None

    @property
    def approved_on(self) -> _dt.date | None:
        d = self.decision
        return d.on if d is not None and d.result.value == "approved" else None


def timeline(checked: Checked, joint_inspection_excluded: bool = False) -> Timeline:
    """``joint_inspection_excluded``: a 联办件's joint site inspection is excluded too (the policy's switch)."""
    if not checked.events:
        return NOTHING_YET
    by = checked.by_type

    def first(kind: str) -> Any:
        found = by.get(kind)
        return found[0] if found else None

    suspensions = by.get("suspension", ())
    action = next((e for e in checked.events if e.type in ("correction_notice", "acceptance_voucher")), None)
    return Timeline(
        events=checked.events, forwarded=first("forwarded_to_department"), window_action=action,
        correction_notice=first("correction_notice"), supplements=by.get("supplement", ()), suspensions=suspensions,
        excluded=_excluded(suspensions, by.get("joint_site_inspection", ()) if joint_inspection_excluded else ()),
        extension=first("extension"),
        decision=first("decision"), land_obtained=by.get("land_obtained", ()), licence_granted=first("licence_granted"),
        renewal_application=first("renewal_application"), renewal_decision=first("renewal_decision"), by_type=by)


def _excluded(suspensions: tuple[Any, ...], inspections: tuple[Any, ...]) -> tuple[Span, ...]:
    spans = [(s.from_, s.to) for s in suspensions]
    spans += [(i.from_, i.to) for i in inspections]
    return tuple(sorted(spans)) if inspections else tuple(spans)


#: the timeline of an application decided as of its receipt, with no event: one shared, frozen value
NOTHING_YET = Timeline(events=(), forwarded=None, window_action=None, correction_notice=None, supplements=(),
                       suspensions=(), excluded=(), extension=None, decision=None, land_obtained=(),
                       licence_granted=None, renewal_application=None, renewal_decision=None, by_type={})
