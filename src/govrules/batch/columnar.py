"""The columnar ``diff``: both sides decided by ``decide_frame``, compared column by column with
pyarrow compute and numpy — no Python per row, changed or not (the reform office's million cases in
seconds rather than the row path's minutes).

What it compares (``FRAME_COMPARED``) is what ``decide_frame`` produces: the outcome (``error:<code>``
for a row invalid on that side, as the row path writes it), the three item lists, the six due dates
and the error code. The row path's ``reason``, ``clock_start``, ``correction_deadline``,
``certificate_due`` and ``status`` are not columns of ``decide_frame``: the columnar diff does not
compare them (``DiffReport.decision(row)`` gives a row's full Decision under either side). On the kinds
both compare (``SHARED``) the two paths agree row by row (tests/batch/test_diff_columnar.py).

``what_if=True`` with a single ``Ruleset``: ``decide_frame`` has no what-if switch, so each side is
decided by a copy of its ruleset whose effective periods (the ruleset's and its matters') are open,
with each well-formed ``ruleset`` id of the table set to that side's id — exactly what
``decide_what_if`` skips; the compared values are the same (the trace, which differs, is no column).
"""

from __future__ import annotations

import bisect
import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from ..engine.decide import decide_what_if
from ..errors import GovRulesError, InvalidInputError
from ..models.decision import Decision
from ..models.ruleset import Ruleset

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pyarrow as pa

#: the columns of ``decide_frame`` the columnar diff compares, in report order (the kinds it shares
#: with the row path's ``COMPARED`` in the same order, so that a row's kinds list the same way)
FRAME_COMPARED = (
    "outcome", "all_items_to_correct", "missing_materials", "tolerated_materials", "acceptance_date",
    "notice_due", "supplement_deadline", "statutory_due", "statutory_due_if_extended", "promised_due",
    "error_code",
)
FRAME_LISTS = frozenset({"all_items_to_correct", "missing_materials", "tolerated_materials"})
FRAME_DATES = frozenset({"acceptance_date", "notice_due", "statutory_due", "statutory_due_if_extended",
                         "promised_due", "supplement_deadline"})
#: rows per ``decide_frame`` call: bounds the intermediate arrays and paces the progress bar
SLICE = 250_000
_MIN_DAY = _dt.date(1, 1, 1)


# ---- the input ------------------------------------------------------------------------------------
def as_input(applications: Any) -> tuple["pa.Table", dict[int, Any]]:
    """The applications as one Arrow table, converted once for both sides, and the mappings the table
    cannot hold as they are (by row number; their rows are decided from the mapping by ``decide()``)."""
    from ..frame.api import require

    require()
    from ..frame.run import as_table

    return as_table(applications)


def what_if_ruleset(rs: Ruleset) -> Ruleset:
    """``rs`` with its effective periods open (its own and every matter's): what ``decide_what_if``
    applies, in a form ``decide_frame`` applies as it stands. Kept next to ``rs`` (its compiled-plan
    cache), so the copy's own plans are compiled once."""
    key: Any = ("batch", "what_if")
    cache = rs.compiled_plans
    if key not in cache:
        matters = tuple(m.model_copy(update={"effective_from": None, "effective_to": None})
                        if (m.effective_from is not None or m.effective_to is not None) else m for m in rs.matters)
        cache[key] = rs.model_copy(update={"effective_from": _MIN_DAY, "effective_to": None, "matters": matters})
    copy: Ruleset = cache[key]
    return copy


def _side_table(table: "pa.Table", rs: Any, what_if: bool) -> tuple["pa.Table", Any]:
    """The table and ruleset ``decide_frame`` gets for one side (see the module docstring on what-if)."""
    if not (what_if and isinstance(rs, Ruleset)):
        return table, rs
    import pyarrow as pa
    import pyarrow.compute as pc

    if "ruleset" in table.column_names and pa.types.is_string(table.schema.field("ruleset").type):
        col = table["ruleset"]
        length = pc.utf8_length(col)
        well_formed = pc.and_(pc.greater_equal(length, 1), pc.less_equal(length, 200))  # models.base.Id
        named = pc.if_else(well_formed, pa.scalar(rs.id, pa.string()), col)
        table = table.set_column(table.column_names.index("ruleset"), "ruleset", named)
    return table, what_if_ruleset(rs)


@dataclass(frozen=True, slots=True)
class Sides:
    """What a columnar report needs to decide a row again, in full: its input and both sides."""

    table: "pa.Table"
    unfit: dict[int, Any]
    a: Any
    b: Any
    calendar: Any
    as_of: _dt.date | None
    what_if: bool

    def application(self, row: int) -> Any:
        if row in self.unfit:
            return self.unfit[row]
        from ..frame.table import row_mappings

        return row_mappings(self.table, [row])[0]

    def decide(self, row: int, side: str) -> Decision:
        rs = self.a if side == "a" else self.b
        return decide_what_if(self.application(row), rs, self.calendar, self.as_of, what_if=self.what_if)


def _decide(sides: Sides, rs: Any, rows: slice) -> "pa.Table":
    from ..frame import decide_frame

    part = sides.table.slice(rows.start, rows.stop - rows.start)
    table, ruleset = _side_table(part, rs, sides.what_if)
    out = decide_frame(table, ruleset=ruleset, calendar=sides.calendar, as_of=sides.as_of)
    unfit = {i - rows.start: app for i, app in sides.unfit.items() if rows.start <= i < rows.stop}
    if unfit:
        out = _patch(out, unfit, rs, sides)
    return out


def _patch(out: "pa.Table", unfit: dict[int, Any], rs: Any, sides: Sides) -> "pa.Table":
    """The rows of mappings the table could not hold, decided from the mapping itself (their table rows
    are empty): the values ``decide_frame(mappings)`` gives them."""
    import numpy as np
    import pyarrow as pa

    rows: dict[str, list[Any]] = {name: [] for name in out.column_names}
    for app in unfit.values():
        try:
            d: Decision | None = decide_what_if(app, rs, sides.calendar, sides.as_of, what_if=sides.what_if)
            code = None
        except GovRulesError as exc:
            d, code = None, exc.code
        given = app.get("id") if hasattr(app, "get") else None
        rows["application_id"].append(d.application_id if d is not None else (given if type(given) is str else None))
        rows["outcome"].append(d.outcome.value if d is not None else None)
        for name in FRAME_LISTS:
            rows[name].append(list(getattr(d, name)) if d is not None else None)
        for name in FRAME_DATES:
            rows[name].append(getattr(d, name) if d is not None else None)
        rows["error_code"].append(code)
        rows["engine"].append("row")
    piece = pa.table({k: pa.array(v, out.schema.field(k).type) for k, v in rows.items()}, schema=out.schema)
    n = out.num_rows
    position = np.arange(n)
    position[np.fromiter(unfit, np.int64, len(unfit))] = n + np.arange(len(unfit))
    return pa.concat_tables([out, piece]).take(pa.array(position)).combine_chunks()


# ---- the comparison -------------------------------------------------------------------------------
def _np(arr: Any) -> "np.ndarray":
    import numpy as np

    return np.asarray(arr.to_numpy(zero_copy_only=False))


def _scalar_differs(a: Any, b: Any) -> "np.ndarray":
    """Per row: the values differ (a null equals only a null)."""
    import pyarrow.compute as pc

    same = pc.or_kleene(pc.fill_null(pc.equal(a, b), False), pc.and_(pc.is_null(a), pc.is_null(b)))
    return ~_np(same)


def _list_differs(a: Any, b: Any) -> "np.ndarray":
    """Per row: the lists differ (a null list equals only a null list). Lengths first; then, for rows of
    equal length, the elements as integer codes of one dictionary, compared in numpy."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    a, b = _one(a), _one(b)
    la = _np(pc.fill_null(pc.list_value_length(a), -1)).astype(np.int64)
    lb = _np(pc.fill_null(pc.list_value_length(b), -1)).astype(np.int64)
    out: np.ndarray = np.not_equal(la, lb)
    cand = np.flatnonzero(~out & (la > 0))
    if not cand.size:
        return out
    length = la[cand]
    total = int(length.sum())
    within = np.arange(total) - np.repeat(np.cumsum(length) - length, length)
    ia = np.repeat(_np(a.offsets)[cand].astype(np.int64), length) + within
    ib = np.repeat(_np(b.offsets)[cand].astype(np.int64), length) + within
    universe = pc.unique(pa.concat_arrays([a.values, b.values]))
    ca = _np(pc.fill_null(pc.index_in(a.values, value_set=universe), -1))
    cb = _np(pc.fill_null(pc.index_in(b.values, value_set=universe), -1))
    neq = ca[ia] != cb[ib]
    bad = np.bincount(np.repeat(np.arange(cand.size), length), weights=neq, minlength=cand.size) > 0
    out[cand[bad]] = True
    return out


def _one(col: Any) -> Any:
    """A column as one array (a ChunkedArray combined)."""
    return col.combine_chunks() if hasattr(col, "combine_chunks") else col


def _outcome(out: "pa.Table") -> Any:
    """The outcome as the row path writes it: ``error:<code>`` for an invalid row."""
    import pyarrow as pa
    import pyarrow.compute as pc

    errors = pc.binary_join_element_wise(pa.scalar("error:"), out["error_code"], "")
    return _one(pc.coalesce(out["outcome"], errors))


def _kinds(matrix: "np.ndarray") -> Any:
    """The rows of the differs matrix as lists of kind names."""
    import numpy as np
    import pyarrow as pa

    m, width = matrix.shape
    offsets = np.zeros(m + 1, np.int32)
    np.cumsum(matrix.sum(axis=1), out=offsets[1:])
    flat = np.flatnonzero(matrix.ravel()) % width
    values = pa.array(FRAME_COMPARED, pa.string()).take(pa.array(flat.astype(np.int32)))
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def compare(oa: "pa.Table", ob: "pa.Table", first_row: int = 0) -> "pa.Table":
    """The diff table of two ``decide_frame`` outputs of the same rows: ``row`` (from ``first_row``),
    ``application_id``, ``changed``, ``kinds``, then ``<column>_a`` / ``<column>_b`` for each of
    ``FRAME_COMPARED`` and ``<date>_shift_days`` (B − A, null unless both dates are there)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    n = oa.num_rows
    matrix = np.zeros((n, len(FRAME_COMPARED)), bool)
    values: dict[str, Any] = {}
    for j, name in enumerate(FRAME_COMPARED):
        a, b = (_outcome(oa), _outcome(ob)) if name == "outcome" else (_one(oa[name]), _one(ob[name]))
        matrix[:, j] = _list_differs(a, b) if name in FRAME_LISTS else _scalar_differs(a, b)
        values[f"{name}_a"], values[f"{name}_b"] = a, b
        if name in FRAME_DATES:
            values[f"{name}_shift_days"] = pc.subtract(b.cast(pa.int32()), a.cast(pa.int32()))
    changed = matrix.any(axis=1)
    cols: dict[str, Any] = {
        "row": pa.array(np.arange(first_row, first_row + n, dtype=np.int64)),
        "application_id": _one(pc.coalesce(oa["application_id"], ob["application_id"])),
        "changed": pa.array(changed, pa.bool_()),
        "kinds": _kinds(matrix),
        **values,
    }
    return pa.table(cols)


def table_schema() -> "pa.Schema":
    """The diff table's columns and types (an empty comparison: the Dask meta)."""
    from ..frame import decide_frame  # noqa: F401  (the frame extra is there)
    from ..frame.output import SCHEMA

    empty = SCHEMA.empty_table()
    return compare(empty, empty).schema


# ---- the columnar report's parts ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Segment:
    """Report rows ``first_row`` … ``first_row + len(sides.table) - 1`` and the input they came from."""

    first_row: int
    sides: Sides


def decide_slices(sides: Sides, first_row: int = 0, slice_rows: int = SLICE) -> Iterator["pa.Table"]:
    """The diff table of ``sides.table``, a slice of ``slice_rows`` rows at a time (at least one)."""
    n = sides.table.num_rows
    for start in range(0, max(n, 1), slice_rows):
        rows = slice(start, min(n, start + slice_rows))
        yield compare(_decide(sides, sides.a, rows), _decide(sides, sides.b, rows), first_row + start)


def summarise(table: "pa.Table") -> tuple[int, int, dict[str, int], dict[tuple[str, str], int]]:
    """``(changed, errors, counts, transitions)`` of a diff table, by pyarrow compute."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    changed = table["changed"]
    n_changed = int(pc.sum(changed).as_py() or 0)
    errors = int(pc.sum(pc.and_(pc.is_valid(table["error_code_a"]), pc.invert(changed))).as_py() or 0)
    flat = pc.list_flatten(table["kinds"])
    counts: dict[str, int] = {}
    if len(flat):
        vc = pc.value_counts(flat)
        counts = dict(zip(vc.field("values").to_pylist(), vc.field("counts").to_pylist()))
    counts = {k: counts[k] for k in FRAME_COMPARED if counts.get(k)}
    pairs = pa.table({"a": table["outcome_a"], "b": table["outcome_b"]})
    grouped = pairs.group_by(["a", "b"]).aggregate([([], "count_all")]) if len(pairs) else None
    transitions: dict[tuple[str, str], int] = {}
    if grouped is not None:
        for a, b, k in zip(grouped["a"].to_pylist(), grouped["b"].to_pylist(),
                           np.asarray(grouped["count_all"]).tolist()):
            transitions[a, b] = int(k)
    return n_changed, errors, counts, transitions


def locate(segments: list[Segment], row: int) -> Segment:
    """The segment holding report row ``row``."""
    k = bisect.bisect_right([seg.first_row for seg in segments], row) - 1
    if k < 0 or not row < segments[k].first_row + segments[k].sides.table.num_rows:
        raise InvalidInputError("invalid_value", "row_id", row, "a row of the diff (0 … total − 1)")
    return segments[k]
