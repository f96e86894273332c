"""Working-day calendar of the People's Republic of China (spec §10, api.md "Calendar").

``china_calendar()`` returns an immutable :class:`Calendar` built from the State Council's annual
holiday notices 2004–2026 shipped as data files (``data/cn/<year>.json``), optionally extended by user
year files / regional overlays and by an opt-in provisional projection. See docs/calendar.md.

Inside: ``data.py`` reads the files and ``documents.py`` validates them into ``records.py``;
``index.py`` builds the per-day index; ``queries.py`` is the Calendar answering from it;
``factory.py`` is ``china_calendar``.
"""

from .factory import china_calendar
from .kinds import ROLLOVER_MODES, DayInfo, DayKind
from .queries import Calendar

__all__ = ["Calendar", "china_calendar", "DayKind", "DayInfo", "ROLLOVER_MODES"]
