"""The run of one ``decide_frame`` call: the input as a table, the validity screen, the ruleset
version of each row (per distinct matter, receipt date and ruleset id), the matter groups through the
columnar engine, the rest through ``decide()``, and the output in input order."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Mapping

import numpy as np
import pyarrow as pa

from ..engine import decide
from ..engine.decide import check_calendar
from ..errors import GovRulesError, InvalidInputError
from ..loading.library import RulesetLibrary
from ..models.ruleset import Ruleset
from . import dates
from .compile import MatterArrays, compiled
from .evaluate import Group, evaluate
from .output import RowAnswer, assemble, columnar_piece, row_piece
from .table import convert, row_mappings
from .validity import Columns, read

_EPOCH = _dt.date(1970, 1, 1)


def as_table(applications: Any) -> tuple[pa.Table, dict[int, Any]]:
    """A pyarrow Table as it is; a pandas DataFrame through Arrow; an iterable of mappings converted
    (with the mappings the table cannot hold kept aside)."""
    if isinstance(applications, pa.Table):
        return applications, {}
    if isinstance(applications, pa.RecordBatch):
        return pa.Table.from_batches([applications]), {}
    if type(applications).__module__.startswith("pandas") and hasattr(applications, "columns"):
        return pa.Table.from_pandas(applications, preserve_index=False), {}
    if isinstance(applications, (str, bytes, Mapping)) or not hasattr(applications, "__iter__"):
        raise InvalidInputError("invalid_value", "applications", type(applications).__name__,
                                "a pyarrow.Table, a pandas DataFrame or an iterable of application mappings")
    return convert(applications)


def check_arguments(ruleset: Any, calendar: Any, as_of: Any) -> Any:
    """The call's arguments, checked once (not per row): the calendar it gives back, else ``InvalidInputError``."""
    cal = check_calendar(calendar)
    if not isinstance(ruleset, (Ruleset, RulesetLibrary)):
        raise InvalidInputError("invalid_value", "ruleset", type(ruleset).__name__,
                                "a govrules.Ruleset or RulesetLibrary (see govrules.load_ruleset)")
    if as_of is not None and type(as_of) is not _dt.date:
        raise InvalidInputError("invalid_value", "as_of", as_of, "a datetime.date (not a datetime)")
    return cal


def _days(day: int) -> _dt.date:
    return _EPOCH + _dt.timedelta(days=int(day))


def _select(c: Columns, ruleset: Any, live: np.ndarray) -> tuple[np.ndarray, list[tuple[Ruleset, str]]]:
    """Each live row's group (-1: row engine) and the groups' (ruleset, matter code): the version in
    force on the receipt date (``engine/select.py`` ``_version``, ``RulesetLibrary.select``), once per
    distinct (matter, receipt date, ruleset id)."""
    n = c.n
    group = np.full(n, -1, np.int64)
    groups: list[tuple[Ruleset, str]] = []
    index: dict[tuple[int, str], int] = {}

    def group_of(rs: Ruleset, code: str) -> int:
        key = (id(rs), code)
        if key not in index:
            matter = rs.matters_by_code.get(code)
            if matter is None or matter.stub:
                index[key] = -1  # unknown_matter / matter_not_applicable: the row engine says which
            else:
                index[key] = len(groups)
                groups.append((rs, code))
        return index[key]

    rows = np.flatnonzero(live)
    mc, day, rid = c.matter.codes[rows], c.day[rows], c.ruleset.codes[rows]
    if isinstance(ruleset, Ruleset):
        rs = ruleset
        ok = rid < 0
        if rid.size and (rid >= 0).any():
            ok |= c.ruleset.lut(lambda v: v == rs.id)[rows]
        ok &= day >= (rs.effective_from - _EPOCH).days
        if rs.effective_to is not None:
            ok &= day <= (rs.effective_to - _EPOCH).days
        for code_index, code in enumerate(c.matter.values):
            g = group_of(rs, code)
            if g >= 0:
                sel = ok & (mc == code_index)
                group[rows[sel]] = g
        return group, groups
    # a library: by matter and receipt date (and the ruleset id the application names)
    keys = np.stack([mc, day, rid])
    uniq, inverse = np.unique(keys, axis=1, return_inverse=True)
    inverse = inverse.reshape(-1)
    chosen = np.full(uniq.shape[1], -1, np.int64)
    for k in range(uniq.shape[1]):
        code, d, r = c.matter.values[uniq[0, k]], _days(uniq[1, k]), int(uniq[2, k])
        try:
            rs, _ = ruleset.select(code, d, c.ruleset.values[r] if r >= 0 else None)
        except GovRulesError:
            continue  # no version in force, ambiguous …: the row engine raises it
        chosen[k] = group_of(rs, code)
    group[rows] = chosen[inverse]
    return group, groups


def _elements(parent: np.ndarray, group: np.ndarray, count: int) -> list[np.ndarray | None]:
    """Per group, the numbers of the list elements whose row is in it (None: every element, in order)."""
    eg = group[parent] if len(parent) else np.zeros(0, np.int64)
    if count == 1 and (eg == 0).all():
        return [None]
    order = np.argsort(eg, kind="stable")
    bounds = np.searchsorted(eg[order], np.arange(count + 1))
    return [order[bounds[g]:bounds[g + 1]] for g in range(count)]


#: rows decided together: the rows × materials arrays of a slice stay small enough for the CPU caches
#: (one call over 1M rows was measured 2–3.5× slower than four of 250,000, and 0.6 GiB above them)
SLICE_ROWS = 250_000


def run(applications: Any, ruleset: Any, calendar: Any, as_of: _dt.date | None) -> pa.Table:
    cal = check_arguments(ruleset, calendar, as_of)
    table, unfit = as_table(applications)
    ca = dates.calendar_arrays(cal)
    n = table.num_rows
    if n <= SLICE_ROWS:
        return _run_slice(table, unfit, ruleset, cal, ca, as_of)
    parts = []
    for start in range(0, n, SLICE_ROWS):
        stop = min(n, start + SLICE_ROWS)
        part_unfit = {i - start: app for i, app in unfit.items() if start <= i < stop}
        parts.append(_run_slice(table.slice(start, stop - start), part_unfit, ruleset, cal, ca, as_of))
    return pa.concat_tables(parts)


def _run_slice(table: pa.Table, unfit: dict[int, Any], ruleset: Any, cal: Any, ca: Any,
               as_of: _dt.date | None) -> pa.Table:
    c = read(table)
    n = c.n
    to_row = c.bad | c.events
    if unfit:
        to_row[list(unfit)] = True
    group, groups = _select(c, ruleset, ~to_row)
    mats = _elements(c.materials.parent, group, len(groups))
    obt = _elements(c.obtained.parent, group, len(groups))
    ncs = _elements(c.nc_materials.parent, group, len(groups))
    local_of = np.zeros(n, np.int64)
    pieces: list[tuple[np.ndarray, pa.Table]] = []
    row_rows = [np.flatnonzero(group < 0)]
    for g, (rs, code) in enumerate(groups):
        rows = np.flatnonzero(group == g) if len(groups) > 1 else np.flatnonzero(group == 0)
        if not len(rows):
            continue
        arrays: MatterArrays = compiled(rs, code)
        local_of[rows] = np.arange(len(rows))
        res = evaluate(c, Group(rs, arrays, rows, mats[g], obt[g], ncs[g]), ca, local_of, as_of)
        keep = ~res.to_row
        row_rows.append(rows[res.to_row])
        kept = rows[keep]
        pieces.append((kept, columnar_piece(res, keep, c.ids.take(pa.array(kept)) if len(kept) != n else c.ids,
                                            ca.base, arrays)))
    slow = np.sort(np.concatenate(row_rows))
    if len(slow):
        pieces.append((slow, row_piece(_row_engine(table, unfit, slow, ruleset, cal, as_of))))
    return assemble(pieces, n)


def _row_engine(table: pa.Table, unfit: dict[int, Any], rows: np.ndarray, ruleset: Any, cal: Any,
                as_of: _dt.date | None) -> list[RowAnswer]:
    """``decide()`` for each row, from the mapping the row stands for (or the one given, kept aside)."""
    fitted = [int(i) for i in rows if int(i) not in unfit]
    rebuilt = dict(zip(fitted, row_mappings(table, fitted))) if fitted else {}
    answers = []
    for i in rows.tolist():
        app = unfit[i] if i in unfit else rebuilt[i]
        given_id = app.get("id") if isinstance(app, Mapping) else None
        given_id = given_id if type(given_id) is str else None
        try:
            answers.append(RowAnswer(given_id, decision=decide(app, ruleset=ruleset, calendar=cal, as_of=as_of)))
        except GovRulesError as exc:
            answers.append(RowAnswer(given_id, error=exc))
    return answers
