"""The output table: one row per input row, in order, with exactly the columns of api.md "Many
applications at once" — the columnar rows built from the group's matrices without a loop per row,
the row engine's from its Decisions."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from ..errors import GovRulesError
from .evaluate import DATE_COLUMNS, OUTCOMES, Result

LIST_COLUMNS = ("all_items_to_correct", "missing_materials", "tolerated_materials")
SCHEMA = pa.schema(
    [("application_id", pa.string()), ("outcome", pa.string())]
    + [(name, pa.list_(pa.string())) for name in LIST_COLUMNS]
    + [(name, pa.date32()) for name in DATE_COLUMNS]
    + [("error_code", pa.string()), ("engine", pa.string())]
)
COLUMNS: tuple[str, ...] = tuple(SCHEMA.names)
_EPOCH = _dt.date(1970, 1, 1)


def _lists(matrix: np.ndarray, order: np.ndarray, names: tuple[str, ...]) -> pa.Array:
    """The rows of a boolean matrix as lists of ``names`` (``order``: sorted rank → column)."""
    m, width = matrix.shape
    if width == 0:
        return pa.ListArray.from_arrays(pa.array(np.zeros(m + 1, np.int32)), pa.array([], pa.string()))
    ranked = matrix[:, order]
    flat = np.flatnonzero(ranked.ravel())
    offsets = np.zeros(m + 1, np.int32)
    np.cumsum(ranked.sum(axis=1), out=offsets[1:])
    values = pa.array(names, pa.string()).take(pa.array(flat % width))
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def _constant(text: str, m: int) -> pa.Array:
    return pa.array([text], pa.string()).take(pa.array(np.zeros(m, np.int32)))


def columnar_piece(res: Result, keep: np.ndarray, ids: pa.Array, base: int, arrays: Any) -> pa.Table:
    """The rows ``keep`` (local) of one group's result; ``base`` converts day offsets to date32."""
    codes = res.outcome[keep]
    cols: dict[str, pa.Array] = {
        "application_id": ids,
        "outcome": pa.array(OUTCOMES, pa.string()).take(pa.array(codes.astype(np.int32))),
        "all_items_to_correct": _lists(res.items[keep], arrays.item_order, arrays.sorted_items),
        "missing_materials": _lists(res.missing[keep], arrays.material_order, arrays.sorted_material_ids),
        "tolerated_materials": _lists(res.tolerated[keep], arrays.material_order, arrays.sorted_material_ids),
    }
    for name in DATE_COLUMNS:
        off, present = res.dates[name]
        cols[name] = pa.array((off[keep] + base).astype(np.int32), pa.date32(), mask=~present[keep])
    m = int(keep.sum())
    cols["error_code"] = pa.nulls(m, pa.string())
    cols["engine"] = _constant("columnar", m)
    return pa.table(cols, schema=SCHEMA)


@dataclass(slots=True)
class RowAnswer:
    application_id: str | None
    decision: Any = None
    error: GovRulesError | None = None


def row_piece(answers: list[RowAnswer]) -> pa.Table:
    """The row engine's rows: the Decision's values, or only the error's code."""
    rows: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for ans in answers:
        d = ans.decision
        rows["application_id"].append(d.application_id if d is not None else ans.application_id)
        rows["outcome"].append(d.outcome.value if d is not None else None)
        for name in LIST_COLUMNS:
            rows[name].append(list(getattr(d, name)) if d is not None else None)
        for name in DATE_COLUMNS:
            rows[name].append(getattr(d, name) if d is not None else None)
        rows["error_code"].append(ans.error.code if ans.error is not None else None)
        rows["engine"].append("row")
    return pa.table({name: pa.array(values, SCHEMA.field(name).type) for name, values in rows.items()},
                    schema=SCHEMA)


def assemble(pieces: list[tuple[np.ndarray, pa.Table]], n: int) -> pa.Table:
    """The pieces (each with the input row numbers of its rows) in input order."""
    pieces = [(rows, t) for rows, t in pieces if len(rows)]
    if not pieces:
        return SCHEMA.empty_table()
    if len(pieces) == 1 and np.array_equal(pieces[0][0], np.arange(n)):
        return pieces[0][1]
    table = pa.concat_tables([t for _, t in pieces])
    where = np.concatenate([rows for rows, _ in pieces])
    position = np.empty(n, np.int64)
    position[where] = np.arange(n)
    return table.take(pa.array(position)).combine_chunks()
