"""Small value types of the calendar: the kind of a day and a day's description."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["DayKind", "DayInfo", "ROLLOVER_MODES"]


class DayKind(StrEnum):
    """What a covered date is.

    ``working`` and ``makeup_working_day`` are working days; ``weekend`` and ``rest_day`` are not.
    """

    WORKING = "working"
    """Monday–Friday and not a rest day."""
    WEEKEND = "weekend"
    """An ordinary Saturday or Sunday (not part of a notice's rest block, not a make-up day)."""
    REST_DAY = "rest_day"
    """A day of a rest block of a State Council notice (法定节假日 and the days it bridges, including the
    weekend days the notice joins to it), of a regional overlay, or of the provisional projection."""
    MAKEUP_WORKING_DAY = "makeup_working_day"
    """A Saturday or Sunday declared a working day (调休上班)."""

    @property
    def is_working(self) -> bool:
        return self is DayKind.WORKING or self is DayKind.MAKEUP_WORKING_DAY


ROLLOVER_MODES = ("next_working_day", "after_statutory_holiday_only", "none")


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One covered date as the calendar sees it (``Calendar.describe``)."""

    date: _dt.date
    kind: DayKind
    name: str | None
    """The rest block's or make-up day's name (e.g. ``春节``, ``春节调休上班``), else None."""
    source: str | None
    """Where the classification comes from: a notice id of the year file (``"2025"``,
    ``"2020-spring-festival-extension"``), ``"overlay:<id>"``, ``"provisional"``; None for ordinary days."""
    provisional: bool

    @property
    def is_working_day(self) -> bool:
        return self.kind.is_working
