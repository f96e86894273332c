"""A length of time: N working or calendar days, N months or N years (spec §2, §10.3a)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import model_validator

from typing import Annotated

from pydantic import Field

from .base import Frozen, NonNegInt

#: No legal period is anywhere near these (about 270 years each); a larger count is a data error, and
#: the bound keeps every computed date inside Python's date range.
Days = Annotated[NonNegInt, Field(le=100_000)]
Months = Annotated[NonNegInt, Field(le=3_000)]
Years = Annotated[NonNegInt, Field(le=250)]


class Unit(StrEnum):
    """Working days (工作日: counted over the working-day calendar, the start day not counted) or calendar
    days (自然日)."""

    working_days = "working_days"
    calendar_days = "calendar_days"


class Period(Frozen):
    """Exactly one of ``days`` (with its ``unit``), ``months`` or ``years``."""

    days: Days | None = None
    """A number of days, counted in ``unit``."""
    unit: Unit | None = None
    """working_days or calendar_days: required with ``days``, and only with it."""
    months: Months | None = None
    """A number of months: the same day of the month, or the month's last day (Civil Code Art. 202)."""
    years: Years | None = None
    """A number of years (12 months each)."""

    @model_validator(mode="after")
    def _one_kind(self) -> "Period":
        given = [k for k in ("days", "months", "years") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"exactly one of days/months/years, got {given or 'none'}")
        if self.days is not None and self.unit is None:
            raise ValueError("'unit' (working_days or calendar_days) is required with 'days'")
        if self.days is None and self.unit is not None:
            raise ValueError("'unit' goes only with 'days'")
        return self

    @classmethod
    def wd(cls, n: int) -> "Period":
        return cls(days=n, unit=Unit.working_days)

    @classmethod
    def cd(cls, n: int) -> "Period":
        return cls(days=n, unit=Unit.calendar_days)

    @property
    def is_days(self) -> bool:
        return self.days is not None

    def __str__(self) -> str:
        if self.days is not None:
            return f"{self.days} {'WD' if self.unit is Unit.working_days else 'CD'}"
        if self.months is not None:
            return f"{self.months} months"
        return f"{self.years} years"

    @property
    def zh(self) -> str:
        """As Chinese documents write it: 5个工作日, 30日, 6个月, 3年."""
        if self.days is not None:
            return f"{self.days}个工作日" if self.unit is Unit.working_days else f"{self.days}日"
        return f"{self.months}个月" if self.months is not None else f"{self.years}年"
