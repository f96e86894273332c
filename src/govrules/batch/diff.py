"""``diff``: what would another ruleset have decided? — the reform office's question, over many cases.

Each application is decided under ruleset A and ruleset B (both applied as written, or, with
``what_if=True``, regardless of their effective periods — last year's cases under next year's rules).
An application *changed* when its outcome, its correction list, a due date or its status differs; the
report keeps those applications and counts the changes by kind and the outcome transitions.

Two paths: the row path decides each application twice through ``decide()`` (a stream, constant
memory, ``workers`` processes) and compares ``COMPARED``; the columnar path (a ``pyarrow.Table`` or
pandas DataFrame, or ``engine="columnar"``) decides both sides with ``decide_frame`` and compares
``FRAME_COMPARED`` with pyarrow compute (``columnar.py``).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Literal

from ..calendar import Calendar
from ..engine.decide import check_calendar
from ..errors import GovRulesError, InvalidInputError
from ..loading import RulesetLibrary
from ..models.decision import Decision
from ..models.ruleset import Ruleset
from .columnar import FRAME_COMPARED, FRAME_DATES, FRAME_LISTS, Segment, Sides, as_input, decide_slices, locate, summarise
from .progress import progress_bar, total_of
from .stream import ChunkDecider, check_options, chunks, map_chunks

#: what is compared, in report order: the outcome and its reason, what the applicant is asked for, and
#: every due date the applicant or the authority works to
COMPARED = (
    "outcome", "reason", "all_items_to_correct", "tolerated_materials", "acceptance_date", "clock_start",
    "notice_due", "correction_deadline", "supplement_deadline", "statutory_due", "promised_due",
    "certificate_due", "status",
)
DATE_FIELDS = frozenset({"acceptance_date", "clock_start", "notice_due", "correction_deadline",
                         "supplement_deadline", "statutory_due", "promised_due", "certificate_due"})


def snapshot(result: Decision | GovRulesError) -> tuple[Any, ...]:
    """The compared values of one decision, in ``COMPARED`` order; an error is the outcome ``error:<code>``."""
    if isinstance(result, GovRulesError):
        return (f"error:{getattr(result, 'code', 'govrules_error')}",) + (None,) * (len(COMPARED) - 1)
    status = result.states.status.state if result.states.status is not None else None
    return (result.outcome.value, result.reason, result.all_items_to_correct, result.tolerated_materials,
            result.acceptance_date, result.clock_start, result.notice_due, result.correction_deadline,
            result.supplement_deadline, result.statutory_due, result.promised_due, result.certificate_due, status)


@dataclass(frozen=True, slots=True)
class Change:
    """One application whose decision differs between the two rulesets."""

    application_id: str
    kinds: tuple[str, ...]  # the compared names that differ
    before: tuple[Any, ...]  # the compared values under ruleset A, in ``names`` order
    after: tuple[Any, ...]  # the same under ruleset B
    names: tuple[str, ...] = COMPARED  # what was compared: COMPARED (row path) or FRAME_COMPARED (columnar)
    row: int | None = None  # its row in the diff's input (columnar path; None on the row path)

    def value(self, name: str, side: str = "after") -> Any:
        return (self.after if side == "after" else self.before)[self.names.index(name)]

    def as_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"application_id": self.application_id, "kinds": ",".join(self.kinds)}
        for i, name in enumerate(self.names):
            for side, snap in (("a", self.before), ("b", self.after)):
                v = snap[i]
                row[f"{name}_{side}"] = " ".join(v) if isinstance(v, tuple) else v
            if name in _ALL_DATES and self.before[i] is not None and self.after[i] is not None:
                row[f"{name}_shift_days"] = (self.after[i] - self.before[i]).days
        return row


_ALL_DATES = DATE_FIELDS | FRAME_DATES


class DiffReport:
    """The changed applications, the count of each kind of change, and the outcome transitions.
    ``errors``: applications invalid under both rulesets alike (the same error code) — neither changed
    nor decided, so never counted as unchanged; an error under one side only is a change.

    A report of the columnar path (``diff`` of a table) also holds ``table`` — every row, compared —
    and its input, so ``decision(row_id, side)`` gives any row's full Decision; its ``changed`` list
    is built from ``table`` on first access (so a million-row diff builds no Python object per row).
    What it compares is ``compared``: ``COMPARED`` on the row path, ``FRAME_COMPARED`` on the columnar one."""

    def __init__(self, total: int = 0, errors: int = 0, changed: list[Change] | None = None,
                 counts: Counter[str] | None = None, transitions: Counter[tuple[str, str]] | None = None) -> None:
        self.total = total
        self.errors = errors
        self.counts: Counter[str] = Counter(counts or {})  # kind → applications with that change
        self.transitions: Counter[tuple[str, str]] = Counter(transitions or {})  # (outcome A, outcome B) → applications
        self._changed: list[Change] | None = list(changed or [])
        self._n_changed = len(self._changed)
        self._tables: list[Any] = []  # columnar: the diff table, in pieces
        self._segments: list[Segment] = []  # columnar: which input holds which rows

    # ---- what was found -------------------------------------------------------------------------
    @property
    def columnar(self) -> bool:
        """Made by the columnar path (``diff`` of a table): ``table`` and ``decision`` are there."""
        return bool(self._tables)

    @property
    def compared(self) -> tuple[str, ...]:
        return FRAME_COMPARED if self.columnar else COMPARED

    @property
    def changed(self) -> list[Change]:
        """The changed applications, in input order (columnar: built from ``table`` on first access)."""
        if self._changed is None:
            self._changed = changes_of(self.table)
        return self._changed

    @property
    def unchanged(self) -> int:
        """Applications decided, and decided alike, under both rulesets."""
        return self.total - self._n_changed - self.errors

    @property
    def table(self) -> Any:
        """Every row compared, as a ``pyarrow.Table`` (columnar path; None for a report of the row path):
        ``row``, ``application_id``, ``changed``, ``kinds`` (list<string>), ``<column>_a`` and
        ``<column>_b`` for each of ``FRAME_COMPARED``, and ``<date>_shift_days`` (B − A in days)."""
        if not self._tables:
            return None
        if len(self._tables) > 1:
            import pyarrow as pa

            self._tables = [pa.concat_tables(self._tables)]
        return self._tables[0]

    @property
    def changed_ids(self) -> list[str | None]:
        """The changed applications' ids, in input order (no ``Change`` objects built)."""
        if not self.columnar:
            return [c.application_id for c in self.changed]
        t = self.table
        ids: list[str | None] = t.filter(t["changed"])["application_id"].to_pylist()
        return ids

    def application(self, row_id: int | str) -> Any:
        """The application of one row as the mapping ``decide()`` takes (a null of the table is an omitted
        key) — e.g. to address its notice. ``row_id`` as for ``decision``; columnar path only."""
        if not self.columnar:
            raise InvalidInputError("invalid_value", "row_id", row_id,
                                    "a row of a columnar diff (diff of a pyarrow.Table or DataFrame, or engine='columnar')")
        row = self._row_of(row_id)
        seg = locate(self._segments, row)
        return seg.sides.application(row - seg.first_row)

    def decision(self, row_id: int | str, side: str = "b") -> Decision:
        """The full Decision of one row under ruleset B (``side="a"``: A) — every finding and explanation,
        ``decide()`` on the stored row. ``row_id``: the row's number (``table["row"]``) or its
        application id (the first row with it). Columnar path only: the row path keeps no input."""
        if side not in ("a", "b"):
            raise InvalidInputError("invalid_value", "side", side, "'a' or 'b'")
        if not self.columnar:
            raise InvalidInputError("invalid_value", "row_id", row_id,
                                    "a row of a columnar diff (diff of a pyarrow.Table or DataFrame, or engine='columnar')")
        row = self._row_of(row_id)
        seg = locate(self._segments, row)
        return seg.sides.decide(row - seg.first_row, side)

    def _row_of(self, row_id: int | str) -> int:
        if type(row_id) is int:
            return row_id
        if type(row_id) is str:
            import pyarrow.compute as pc

            found = int(pc.index(self.table["application_id"], row_id).as_py())
            if found >= 0:
                return found
        raise InvalidInputError("invalid_value", "row_id", row_id, "a row number or an application id of the diff")

    # ---- building -------------------------------------------------------------------------------
    def add(self, application_id: str, a: Decision | GovRulesError, b: Decision | GovRulesError) -> None:
        self._no_mixing(columnar=False)
        before, after = snapshot(a), snapshot(b)
        self.total += 1
        self.transitions[before[0], after[0]] += 1
        if before == after:
            if isinstance(a, GovRulesError):
                self.errors += 1
            return
        kinds = tuple(name for name, x, y in zip(COMPARED, before, after) if x != y)
        self.counts.update(kinds)
        self.changed.append(Change(application_id, kinds, before, after))
        self._n_changed += 1

    def add_table(self, table: Any) -> None:
        """Take in one diff table (``columnar.compare``; its ``row`` numbers this report's next rows)."""
        self._no_mixing(columnar=True)
        n_changed, errors, counts, transitions = summarise(table)
        self.total += table.num_rows
        self.errors += errors
        self._n_changed += n_changed
        self.counts.update(counts)
        self.transitions.update(transitions)
        self._tables.append(table)
        self._changed = None

    def _no_mixing(self, columnar: bool) -> None:
        if self.total and self.columnar != columnar:
            raise InvalidInputError("invalid_value", "report", "a row-path and a columnar report",
                                    "reports of one path: they compare different columns (compared)")

    def merge(self, other: "DiffReport") -> "DiffReport":
        """A new report of both parts (for partitions decided apart, e.g. on Dask): self's changes first."""
        return DiffReport().absorb(self).absorb(other)

    def absorb(self, other: "DiffReport") -> "DiffReport":
        """Add ``other`` into this report, in place (the streaming accumulator); returns self. The rows of
        a columnar ``other`` are numbered on after this report's."""
        if other.columnar:
            self._no_mixing(columnar=True)
            offset = self.total
            self._tables.extend(_renumbered(t, offset) for t in other._tables)
            self._segments.extend(Segment(s.first_row + offset, s.sides) for s in other._segments)
            self._changed = None
        elif other.total:
            self._no_mixing(columnar=False)
            self.changed.extend(other.changed)
        self.total += other.total
        self.errors += other.errors
        self._n_changed += other._n_changed
        self.counts.update(other.counts)
        self.transitions.update(other.transitions)
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DiffReport):
            return NotImplemented
        return (self.total, self.errors, self.compared, self.counts, self.transitions, self.changed) == (
            other.total, other.errors, other.compared, other.counts, other.transitions, other.changed)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        path = "columnar" if self.columnar else "row"
        return (f"DiffReport({path}: total={self.total}, changed={self._n_changed}, unchanged={self.unchanged}, "
                f"errors={self.errors})")

    # ---- showing --------------------------------------------------------------------------------
    def to_dataframe(self) -> Any:
        """One row per changed application (needs pandas: the ``bench`` or ``dask`` extra)."""
        from .frames import pandas

        pd = pandas()
        if self.columnar:
            return changed_frame(self.table)
        return pd.DataFrame.from_records([c.as_row() for c in self.changed], columns=_row_columns())

    def summary(self) -> str:
        lines = [f"{self.total} applications, {self._n_changed} changed, {self.unchanged} unchanged, "
                 f"{self.errors} errors under both rulesets"]
        lines += [f"  {kind}: {n}" for kind, n in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        moved = [(k, n) for k, n in self.transitions.items() if k[0] != k[1]]
        lines += [f"  {a} → {b}: {n}" for (a, b), n in sorted(moved, key=lambda kv: (-kv[1], kv[0]))]
        return "\n".join(lines)


def _row_columns() -> list[str]:
    cols = ["application_id", "kinds"]
    for name in COMPARED:
        cols += [f"{name}_a", f"{name}_b"] + ([f"{name}_shift_days"] if name in DATE_FIELDS else [])
    return cols


def _renumbered(table: Any, offset: int) -> Any:
    if not offset:
        return table
    import pyarrow.compute as pc

    return table.set_column(0, "row", pc.add(table["row"], offset))


def changes_of(table: Any) -> list[Change]:
    """The ``Change`` of each changed row of a diff table (Python objects: built only when asked)."""
    sub = table.filter(table["changed"])
    cols = {name: sub[name].to_pylist() for name in ("row", "application_id", "kinds")}
    sides = [[_value(v) for v in sub[f"{name}_{s}"].to_pylist()] for s in ("a", "b") for name in FRAME_COMPARED]
    k = len(FRAME_COMPARED)
    before_cols, after_cols = sides[:k], sides[k:]
    return [Change(cols["application_id"][i], tuple(cols["kinds"][i]), tuple(c[i] for c in before_cols),
                   tuple(c[i] for c in after_cols), FRAME_COMPARED, cols["row"][i]) for i in range(sub.num_rows)]


def _value(v: Any) -> Any:
    return tuple(v) if isinstance(v, list) else v


def changed_frame(table: Any) -> Any:
    """The changed rows of a diff table as a DataFrame in the row path's form: ``kinds`` joined by
    commas, lists by spaces, plus the row number."""
    import pyarrow.compute as pc

    sub = table.filter(table["changed"])
    out = {"row": sub["row"], "application_id": sub["application_id"],
           "kinds": pc.binary_join(sub["kinds"], ",")}
    for name in FRAME_COMPARED:
        for s in ("a", "b"):
            col = sub[f"{name}_{s}"]
            out[f"{name}_{s}"] = pc.binary_join(col, " ") if name in FRAME_LISTS else col
        if name in FRAME_DATES:
            out[f"{name}_shift_days"] = sub[f"{name}_shift_days"]
    import pyarrow as pa

    return pa.table(out).to_pandas()


class ChunkDiffer:
    """Picklable: a chunk of applications → its partial DiffReport."""

    def __init__(self, a: Any, b: Any, calendar: Any, as_of: Any, what_if: bool) -> None:
        self.a = ChunkDecider(a, calendar, as_of, "return", what_if)
        self.b = ChunkDecider(b, calendar, as_of, "return", what_if)

    def __call__(self, chunk: list[Any]) -> DiffReport:
        report = DiffReport()
        for app in chunk:
            report.add(_application_id(app), self.a.one(app), self.b.one(app))
        return report


def _application_id(app: Any) -> str:
    raw = app.get("id") if isinstance(app, dict) else getattr(app, "id", None)
    return raw if isinstance(raw, str) else repr(raw)


Engine = Literal["auto", "row", "columnar"]


def diff(
    ruleset_a: Ruleset | RulesetLibrary,
    ruleset_b: Ruleset | RulesetLibrary,
    applications: Iterable[Any],
    calendar: Calendar | None = None,
    *,
    as_of: _dt.date | None = None,
    what_if: bool = False,
    workers: int = 1,
    chunk_size: int = 2000,
    progress: bool = False,
    engine: Engine = "auto",
) -> DiffReport:
    """Decide every application under both rulesets and report what changed.

    ``engine="auto"``: a ``pyarrow.Table`` or pandas DataFrame takes the columnar path (``decide_frame``
    on both sides, compared column by column: ``FRAME_COMPARED``; the report has ``table`` and
    ``decision(row_id)``); any other iterable the row path (``decide()`` twice per application, a
    stream in constant memory: ``COMPARED``). ``"columnar"`` converts any iterable of mappings to a table
    once (the ``frame`` extra); ``"row"`` streams even a table through ``decide()``. ``workers`` and
    ``chunk_size`` are the row path's; the columnar path runs in this process.

    An application that is invalid under one ruleset and not the other (an unknown material, say) is
    a change of outcome to ``error:<code>``; one invalid under both is counted, not raised.
    ``progress=True`` draws a bar on stderr (the ``progress`` extra, tqdm), advanced a chunk at a time;
    nothing is written otherwise, and never to stdout.
    """
    cal = check_calendar(calendar)
    check_options("return", workers, chunk_size)
    path = _path(applications, engine)
    open_bar = progress_bar(progress, desc="diff")
    if path == "columnar":
        return _columnar(ruleset_a, ruleset_b, applications, cal, as_of, what_if, open_bar)
    if _is_table(applications):
        applications = TableRows(applications)
    differ = ChunkDiffer(ruleset_a, ruleset_b, cal, as_of, what_if)
    parts: Iterator[DiffReport]
    if workers == 1:
        parts = (differ(chunk) for chunk in chunks(applications, chunk_size))
    else:
        parts = map_chunks(differ, applications, workers=workers, chunk_size=chunk_size)
    report = DiffReport()
    bar = open_bar(total_of(applications))
    try:
        for part in parts:
            report.absorb(part)
            bar.update(part.total)
    finally:
        bar.close()
    return report


def _is_table(applications: Any) -> bool:
    """A pyarrow Table or RecordBatch, or a pandas DataFrame (known without importing either)."""
    module = type(applications).__module__
    return ((module.startswith("pyarrow") and hasattr(applications, "num_rows"))
            or (module.startswith("pandas") and hasattr(applications, "columns")))


def _path(applications: Any, engine: Any) -> str:
    if engine not in ("auto", "row", "columnar"):
        raise InvalidInputError("invalid_value", "engine", engine, "'auto', 'row' or 'columnar'")
    if engine == "auto":
        return "columnar" if _is_table(applications) else "row"
    return str(engine)


def _columnar(a: Any, b: Any, applications: Any, cal: Calendar, as_of: _dt.date | None, what_if: bool,
              open_bar: Any) -> DiffReport:
    table, unfit = as_input(applications)
    sides = Sides(table, unfit, a, b, cal, as_of, what_if)
    report = DiffReport()
    bar = open_bar(table.num_rows)
    try:
        for piece in decide_slices(sides):
            report.add_table(piece)
            bar.update(piece.num_rows)
    finally:
        bar.close()
    report._segments.append(Segment(0, sides))
    return report


class TableRows:
    """A table's rows as application mappings, for the row path (its length known: the bar's total)."""

    def __init__(self, applications: Any, step: int = 10_000) -> None:
        self.table, self.unfit = as_input(applications)
        self.step = step

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def __iter__(self) -> Iterator[Any]:
        from ..frame.table import row_mappings

        for start in range(0, len(self), self.step):
            rows = list(range(start, min(len(self), start + self.step)))
            for i, app in zip(rows, row_mappings(self.table, rows)):
                yield self.unfit.get(i, app)
