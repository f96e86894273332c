"""A month of the calendar that shows itself: a list of ``(date, kind)`` pairs, a text grid, an HTML grid."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType

from .kinds import DayInfo

_MARKS = MappingProxyType({"working": "  ", "weekend": " ·", "rest_day": " 休", "makeup_working_day": " 班"})


class MonthView(list):
    """``Calendar.month(year, month)``: still the plain list of ``(date, DayKind)`` pairs scripts iterate,
    plus ``infos`` (names and sources of each day) and a grid for people (``str``) and notebooks."""

    def __init__(self, year: int, month: int, infos: Sequence[DayInfo]) -> None:
        super().__init__((i.date, i.kind) for i in infos)
        self.year, self.month, self.infos = year, month, tuple(infos)

    def grid(self) -> str:
        """Monday-first text grid; 休 marks a rest day of a notice, 班 a make-up working day."""
        lines = [f"{self.year}-{self.month:02d}   一   二   三   四   五   六   日     (休 rest day, 班 make-up working day)"]
        row = ["     "] * self.infos[0].date.weekday()
        for info in self.infos:
            row.append(f"{info.date.day:>3}{_MARKS.get(str(info.kind), ' ?')}")
            if info.date.weekday() == 6:
                lines.append("        " + "".join(row))
                row = []
        if row:
            lines.append("        " + "".join(row))
        names = sorted({i.name for i in self.infos if i.name})
        if names:
            lines.append("        " + "；".join(names))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.grid()

    def _repr_html_(self) -> str:
        from ..display.html import month_html

        return month_html(self)
