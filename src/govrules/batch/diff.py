"""``diff``: what would another ruleset have decided? — the reform office's question, over many cases.

Each application is decided under ruleset A and ruleset B (both applied as written, or, with
``what_if=True``, regardless of their effective periods — last year's cases under next year's rules).
An application *changed* when its outcome, its correction list, a due date or its status differs; the
report keeps those applications and counts the changes by kind and the outcome transitions.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from ..calendar import Calendar
from ..engine.decide import check_calendar
from ..errors import GovRulesError
from ..loading import RulesetLibrary
from ..models.decision import Decision
from ..models.ruleset import Ruleset
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
    kinds: tuple[str, ...]  # the COMPARED names that differ
    before: tuple[Any, ...]  # snapshot under ruleset A
    after: tuple[Any, ...]  # snapshot under ruleset B

    def value(self, name: str, side: str = "after") -> Any:
        return (self.after if side == "after" else self.before)[COMPARED.index(name)]

    def as_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"application_id": self.application_id, "kinds": ",".join(self.kinds)}
        for i, name in enumerate(COMPARED):
            for side, snap in (("a", self.before), ("b", self.after)):
                v = snap[i]
                row[f"{name}_{side}"] = " ".join(v) if isinstance(v, tuple) else v
            if name in DATE_FIELDS and self.before[i] is not None and self.after[i] is not None:
                row[f"{name}_shift_days"] = (self.after[i] - self.before[i]).days
        return row


@dataclass
class DiffReport:
    """The changed applications, the count of each kind of change, and the outcome transitions.
    ``errors``: applications invalid under both rulesets alike (the same error code) — neither changed
    nor decided, so never counted as unchanged; an error under one side only is a change."""

    total: int = 0
    errors: int = 0
    changed: list[Change] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # kind → applications with that change
    transitions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (outcome A, outcome B) → applications

    @property
    def unchanged(self) -> int:
        """Applications decided, and decided alike, under both rulesets."""
        return self.total - len(self.changed) - self.errors

    def add(self, application_id: str, a: Decision | GovRulesError, b: Decision | GovRulesError) -> None:
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

    def merge(self, other: "DiffReport") -> "DiffReport":
        """A new report of both parts (for partitions decided apart, e.g. on Dask): self's changes first."""
        return DiffReport().absorb(self).absorb(other)

    def absorb(self, other: "DiffReport") -> "DiffReport":
        """Add ``other`` into this report, in place (the streaming accumulator); returns self."""
        self.total += other.total
        self.errors += other.errors
        self.changed.extend(other.changed)
        self.counts.update(other.counts)
        self.transitions.update(other.transitions)
        return self

    def to_dataframe(self) -> Any:
        """One row per changed application (needs pandas: the ``bench`` or ``dask`` extra)."""
        from .frames import pandas

        return pandas().DataFrame.from_records([c.as_row() for c in self.changed],
                                               columns=_row_columns())

    def summary(self) -> str:
        lines = [f"{self.total} applications, {len(self.changed)} changed, {self.unchanged} unchanged, "
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
) -> DiffReport:
    """Decide every application under both rulesets and report what changed (streaming input).

    An application that is invalid under one ruleset and not the other (an unknown material, say) is
    a change of outcome to ``error:<code>``; one invalid under both is counted, not raised.
    ``progress=True`` draws a bar on stderr (the ``progress`` extra, tqdm), advanced a chunk at a time;
    nothing is written otherwise, and never to stdout.
    """
    cal = check_calendar(calendar)
    check_options("return", workers, chunk_size)
    open_bar = progress_bar(progress, desc="diff")
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
