"""Many applications at once: ``decide_many`` (a stream, constant memory), ``diff`` (what another
ruleset would have decided), DataFrames for notebooks, and the same work on Dask (``batch.dask``)."""

from .diff import COMPARED, Change, DiffReport, diff, snapshot
from .frames import decision_row, decisions_frame
from .stream import decide_many

__all__ = ["COMPARED", "Change", "DiffReport", "decide_many", "decision_row", "decisions_frame", "diff", "snapshot"]
