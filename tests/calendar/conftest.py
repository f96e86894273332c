"""Session fixtures of the calendar tests."""

from __future__ import annotations

import pytest

from govrules.calendar import Calendar, china_calendar


@pytest.fixture(scope="session")
def cal() -> Calendar:
    return china_calendar()


@pytest.fixture(scope="session")
def pcal() -> Calendar:
    return china_calendar(provisional=True)
