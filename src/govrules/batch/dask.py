"""The batch work on Dask: past one machine, with the scheduler, retries and dashboard of an established
engine rather than a home-made pool (the ``dask`` extra: ``pip install ".[dask]"`` in the govrules checkout).

Bags of application mappings: the unit of work is the same picklable chunk function ``decide_many`` and
``diff`` use on one machine, applied per partition with ``Bag.map_partitions`` — so a cluster decides
exactly as a laptop does. DataFrames of applications (one column per application key, as
``decide_frame``'s tables): ``decide_dataframe`` and ``diff_dataframe`` map ``decide_frame`` (and the
columnar diff) over the partitions with ``DataFrame.map_partitions``, each partition one Arrow table.
The ruleset and calendar travel inside the task graph once per partition (they pickle without their
derived caches, which each worker rebuilds on first use).

    import dask.bag as db
    from dask.distributed import Client
    from govrules.batch.dask import decide_bag, diff_bag

    client = Client("tcp://scheduler:8786")          # or Client(LocalCluster()) on one machine
    apps = db.read_text("s3://bucket/applications-2025-*.jsonl").map(json.loads)
    report = diff_bag(apps, ruleset_2025, ruleset_2026, what_if=True).compute()

    import dask.dataframe as dd
    from govrules.batch.dask import decide_dataframe, diff_dataframe

    apps = dd.read_parquet("s3://bucket/applications-2025/")    # the columns of decide_frame's table
    decided = decide_dataframe(apps, ruleset_2025)               # decide_frame's columns, per partition
    changes = diff_dataframe(apps, ruleset_2025, ruleset_2026, what_if=True)   # DiffReport.table's columns
    changes[changes.changed].to_parquet("s3://bucket/what-if-2026/")
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable

from ..engine.decide import check_calendar
from ..errors import MissingDependencyError
from .columnar import Sides, as_input, decide_slices, table_schema
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


# ---- DataFrames: decide_frame per partition ------------------------------------------------------
def _dataframe_module() -> Any:
    try:
        import dask.dataframe
    except ImportError:
        raise MissingDependencyError("running govrules on Dask", "dask", "dask") from None
    return dask.dataframe


def _check(ruleset: Any, calendar: Any, as_of: Any) -> Any:
    """The arguments checked once, on the client, as ``decide_frame`` checks them (not per partition)."""
    from ..frame.api import require

    require()
    from ..frame.run import check_arguments

    return check_arguments(ruleset, calendar, as_of)


def decide_dataframe(ddf: Any, ruleset: Any, calendar: Any = None, as_of: _dt.date | None = None) -> Any:
    """A Dask DataFrame of applications → a Dask DataFrame of ``decide_frame``'s columns, one row per
    application, partition by partition (``map_partitions``; each partition's index kept). Columns are
    Arrow-backed (``pd.ArrowDtype``): lists stay lists, a missing date stays a null date."""
    _dataframe_module()
    cal = _check(ruleset, calendar, as_of)
    from ..frame.output import SCHEMA

    return ddf.map_partitions(DecidePartition(ruleset, cal, as_of), meta=_pandas(SCHEMA.empty_table()))


def diff_dataframe(ddf: Any, ruleset_a: Any, ruleset_b: Any, calendar: Any = None, *,
                   as_of: _dt.date | None = None, what_if: bool = False) -> Any:
    """The columnar ``diff`` per partition: a Dask DataFrame with ``DiffReport.table``'s columns, one row
    per application, each partition's index kept (``row`` counts within the partition). Filter
    ``changed``, group by ``outcome_a``/``outcome_b`` … with Dask's own operations."""
    _dataframe_module()
    cal = _check(ruleset_a, calendar, as_of)
    _check(ruleset_b, cal, as_of)
    return ddf.map_partitions(DiffPartition(ruleset_a, ruleset_b, cal, as_of, what_if),
                              meta=_pandas(table_schema().empty_table()))


def applications_dataframe(applications: Any, npartitions: int = 1) -> Any:
    """A Dask DataFrame of applications from a ``pyarrow.Table`` of them or an iterable of mappings
    (``table_from_applications``), Arrow-backed (``pd.ArrowDtype``). Why not ``dd.from_pandas`` of a
    plain DataFrame: Dask turns object columns into text (``dataframe.convert-string``), so the
    applicant, materials and project would arrive as their ``str()``."""
    dd = _dataframe_module()
    import pandas as pd
    import pyarrow as pa

    from ..frame import table_from_applications

    table = applications if isinstance(applications, pa.Table) else table_from_applications(applications)
    return dd.from_pandas(table.to_pandas(types_mapper=pd.ArrowDtype), npartitions=npartitions)


class DecidePartition:
    """Picklable: one pandas partition of applications → its ``decide_frame`` output (same index)."""

    def __init__(self, ruleset: Any, calendar: Any, as_of: _dt.date | None) -> None:
        self.ruleset, self.calendar, self.as_of = ruleset, calendar, as_of

    def __call__(self, partition: Any) -> Any:
        from ..frame import decide_frame

        table = partition_table(partition)
        given = table if table is not None else partition_records(partition)
        return _pandas(decide_frame(given, ruleset=self.ruleset, calendar=self.calendar, as_of=self.as_of),
                       partition.index)


class DiffPartition:
    """Picklable: one pandas partition of applications → its diff table (same index)."""

    def __init__(self, a: Any, b: Any, calendar: Any, as_of: _dt.date | None, what_if: bool) -> None:
        self.a, self.b, self.calendar, self.as_of, self.what_if = a, b, calendar, as_of, what_if

    def __call__(self, partition: Any) -> Any:
        import pyarrow as pa

        table = partition_table(partition)
        given, unfit = (table, {}) if table is not None else as_input(partition_records(partition))
        sides = Sides(given, unfit, self.a, self.b, self.calendar, self.as_of, self.what_if)
        return _pandas(pa.concat_tables(decide_slices(sides)), partition.index)


def _pandas(table: Any, index: Any = None) -> Any:
    import pandas as pd

    frame = table.to_pandas(types_mapper=pd.ArrowDtype)
    if index is not None:
        frame.index = index
    return frame


def partition_table(partition: Any) -> Any:
    """A pandas partition as ``decide_frame``'s table, column by column: a column whose values fit the
    application key's type is cast to it (text, dates, structs whose fields are the key's, lists);
    one that does not keeps the type Arrow infers, so its rows go to the row engine and get
    ``decide()``'s error. None when a column holds values Arrow cannot type at all (mixed kinds)."""
    import pyarrow as pa

    from ..frame.table import TYPES

    arrays = {}
    for name in partition.columns:
        try:
            arr = pa.array(partition[name], from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            return None
        target = TYPES.get(str(name))
        if name == "submitted_on" and (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            target = pa.string()  # ISO text: checked by decide_frame as decide() checks it
        if target is not None and arr.type != target and _fits(arr.type, target):
            arr = arr.cast(target)
        arrays[str(name)] = arr
    return pa.table(arrays) if arrays else pa.table({"id": pa.array([None] * len(partition), pa.string())})


def _fits(src: Any, dst: Any) -> bool:
    """A cast from ``src`` to ``dst`` keeps every value: no struct field dropped, no value converted."""
    import pyarrow as pa

    t = pa.types
    if src == dst or t.is_null(src):
        return True
    if t.is_large_string(src) and t.is_string(dst):
        return True
    if t.is_struct(src) and t.is_struct(dst):
        fields = {dst.field(i).name: dst.field(i).type for i in range(dst.num_fields)}
        return all(src.field(i).name in fields and _fits(src.field(i).type, fields[src.field(i).name])
                   for i in range(src.num_fields))
    if (t.is_list(src) or t.is_large_list(src)) and t.is_list(dst):
        return bool(_fits(src.value_type, dst.value_type))
    return False


def partition_records(partition: Any) -> list[dict[str, Any]]:
    """A pandas partition as application mappings (a missing value — None, NaN — is an omitted key)."""
    return [_plain(rec) for rec in partition.to_dict("records")]


def _plain(v: Any) -> Any:
    import numpy as np

    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items() if not _missing(x)}
    if isinstance(v, (list, tuple, np.ndarray)):
        return [_plain(x) for x in v]
    return v.item() if isinstance(v, np.generic) else v


def _missing(v: Any) -> bool:
    import pandas as pd

    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v)


__all__ = ["applications_dataframe", "decide_bag", "decide_dataframe", "decisions_dataframe", "diff_bag", "diff_dataframe"]
