"""The batch work on Dask: past one machine, with the scheduler, retries and dashboard of an established
engine rather than a home-made pool (the ``dask`` extra: ``pip install ".[dask]"`` in the govrules checkout).

The unit of work is the same picklable chunk function ``decide_many`` and ``diff`` use on one machine,
applied per partition with ``Bag.map_partitions`` — so a cluster decides exactly as a laptop does. The
ruleset and calendar travel inside the task graph once per partition (they pickle without their derived
caches, which each worker rebuilds on first use).

    import dask.bag as db
    from dask.distributed import Client
    from govrules.batch.dask import decide_bag, diff_bag

    client = Client("tcp://scheduler:8786")          # or Client(LocalCluster()) on one machine
    apps = db.read_text("s3://bucket/applications-2025-*.jsonl").map(json.loads)
    report = diff_bag(apps, ruleset_2025, ruleset_2026, what_if=True).compute()
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable

from ..engine.decide import check_calendar
from ..errors import MissingDependencyError
from .diff import DiffReport, ChunkDiffer
from .frames import COLUMNS, decision_row
from .stream import ErrorMode, ChunkDecider, check_options


def _bag_module() -> Any:
    try:
        import dask.bag
    except ImportError:
        raise MissingDependencyError("running govrules on Dask", "dask", "dask") from None
    return dask.bag


def decide_bag(bag: Any, ruleset: Any, calendar: Any = None, *, as_of: _dt.date | None = None,
               errors: ErrorMode = "return", what_if: bool = False) -> Any:
    """A Dask bag of application mappings → a bag of Decisions (or, with ``errors="return"``, the
    ``GovRulesError`` of each bad application in its place), partition by partition."""
    _bag_module()
    check_options(errors, 1, 1)
    work = ChunkDecider(ruleset, check_calendar(calendar), as_of, errors, what_if)
    return bag.map_partitions(_as_list(work))


def decisions_dataframe(bag: Any, ruleset: Any, calendar: Any = None, **options: Any) -> Any:
    """``decide_bag`` as a Dask DataFrame, one row per application (columns of ``decisions_frame``)."""
    import pandas as pd

    rows = decide_bag(bag, ruleset, calendar, **options).map(decision_row)
    meta = pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    return rows.to_dataframe(meta=meta)


def diff_bag(bag: Any, ruleset_a: Any, ruleset_b: Any, calendar: Any = None, *,
             as_of: _dt.date | None = None, what_if: bool = False) -> Any:
    """A lazy ``DiffReport`` (call ``.compute()``): one partial report per partition, merged in order."""
    _bag_module()
    differ = ChunkDiffer(ruleset_a, ruleset_b, check_calendar(calendar), as_of, what_if)
    return bag.reduction(_as_list(differ), _merge_all, split_every=8)


class _as_list:
    """Partitions arrive as any iterable; the chunk functions take a list."""

    def __init__(self, func: Any) -> None:
        self.func = func

    def __call__(self, partition: Iterable[Any]) -> Any:
        return self.func(list(partition))


def _merge_all(parts: Iterable[DiffReport]) -> DiffReport:
    report = DiffReport()
    for part in parts:
        report.absorb(part)
    return report


__all__ = ["decide_bag", "decisions_dataframe", "diff_bag"]
