"""``decide_frame``: many applications at once (api.md "Many applications at once").

The plainly valid, event-free rows are decided by the columnar engine, per (ruleset, matter) group;
every other row by ``decide()`` itself (the row engine). Both give the same values: the columnar
engine restates the rules over arrays (``evaluate``), and anything it is not sure of goes to the row
engine, so a row's values are always what ``decide()`` gives for it.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..errors import InvalidInputError, MissingDependencyError

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from ..calendar import Calendar
    from ..loading.library import RulesetLibrary
    from ..models.ruleset import Ruleset


def require() -> None:
    """pyarrow and numpy, from the ``frame`` extra."""
    try:
        import numpy  # noqa: F401
    except ImportError:
        raise MissingDependencyError("govrules.decide_frame", "numpy", "frame") from None
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise MissingDependencyError("govrules.decide_frame", "pyarrow", "frame") from None


def table_from_applications(applications: Iterable[Mapping[str, Any]]) -> "pa.Table":
    """The Arrow table of application mappings (the dicts ``decide()`` takes): one row each, columns as
    ``govrules.frame.table`` documents. Raises ``InvalidInputError`` for a mapping the table cannot hold
    as it is (give such mappings to ``decide_frame`` directly: it decides them one by one)."""
    require()
    from .table import table_from_applications as convert

    return convert(applications)


def decide_frame(applications: Any, ruleset: "Ruleset | RulesetLibrary", calendar: "Calendar | None" = None,
                 as_of: _dt.date | None = None) -> "pa.Table":
    """Decide a whole table of applications: a ``pyarrow.Table``, a pandas ``DataFrame`` or an iterable of
    application mappings, one row per application. Returns a ``pyarrow.Table`` with one row per input
    row, in order: ``application_id``, ``outcome``, ``all_items_to_correct``, ``missing_materials``,
    ``tolerated_materials``, ``acceptance_date``, ``notice_due``, ``statutory_due``,
    ``statutory_due_if_extended``, ``promised_due``, ``supplement_deadline``, ``error_code`` (the code
    of the ``GovRulesError`` ``decide()`` raises for that row, else null) and ``engine`` (``columnar``
    or ``row``). Every value is what ``decide(row, ruleset, calendar, as_of)`` gives.

    ``ruleset``, ``calendar`` and ``as_of`` are checked once, for the whole call, as ``decide()`` checks
    them (``InvalidInputError``)."""
    require()
    from .run import run

    return run(applications, ruleset, calendar, as_of)
