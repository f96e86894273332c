"""``decide_many``: decide a stream of applications in constant memory, on one core or several.

Why a function of its own rather than a loop over ``decide()``: the checks that do not depend on the
application (the calendar, the options) run once; results can come back as errors instead of
exceptions, so that one bad record does not stop a night's batch; and the work can be spread over the
machine's cores without the caller writing a process pool. For more than one machine, see
``govrules.batch.dask`` (the same chunk function, run by Dask).
"""

from __future__ import annotations

import datetime as _dt
import itertools
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, Iterable, Iterator, Literal, TypeVar

from ..calendar import Calendar
from ..engine.decide import check_calendar, decide_what_if
from ..errors import GovRulesError, InvalidInputError
from ..loading import RulesetLibrary
from ..models.decision import Decision
from ..models.ruleset import Ruleset
from .progress import Bar, progress_bar, total_of

T = TypeVar("T")
R = TypeVar("R")
ErrorMode = Literal["raise", "return"]
DEFAULT_CHUNK = 1000


def decide_many(
    applications: Iterable[Any],
    ruleset: Ruleset | RulesetLibrary,
    calendar: Calendar | None = None,
    *,
    as_of: _dt.date | None = None,
    errors: ErrorMode = "raise",
    what_if: bool = False,
    workers: int = 1,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
) -> Iterator[Decision | GovRulesError]:
    """Decide each application in order, lazily: one Decision per application, exactly as ``decide()``.

    ``errors="return"`` yields a bad application's ``GovRulesError`` in its place instead of raising.
    ``what_if=True`` applies a single ``Ruleset`` whatever its effective period (see ``diff``).
    ``workers > 1`` decides chunks of ``chunk_size`` in that many processes; order is kept and at most
    ``2 × workers`` chunks are in flight, so memory stays flat however long the stream.
    ``progress=True`` draws a bar on stderr (the ``progress`` extra, tqdm) as decisions are yielded —
    one by one, or a chunk at a time with ``workers > 1``; its total is known when ``applications`` has
    a length. Nothing is written otherwise, and never to stdout.
    """
    cal = check_calendar(calendar)  # checked now, not at the first ``next()``
    check_options(errors, workers, chunk_size)
    open_bar = progress_bar(progress, desc="decide_many")  # a missing tqdm is reported now, too
    return _stream(ChunkDecider(ruleset, cal, as_of, errors, what_if), applications, workers, chunk_size,
                   lambda: open_bar(total_of(applications)))


def _stream(work: "ChunkDecider", applications: Iterable[Any], workers: int, chunk_size: int,
            open_bar: Callable[[], Bar]) -> Iterator[Decision | GovRulesError]:
    bar = open_bar()  # at the first ``next()``: a stream never iterated draws no bar
    try:
        if workers == 1:
            for app in applications:
                result = work.one(app)
                bar.update(1)
                yield result
            return
        for decided in map_chunks(work, applications, workers=workers, chunk_size=chunk_size):
            bar.update(len(decided))
            yield from decided
    finally:
        bar.close()


class ChunkDecider:
    """The picklable unit of work: a chunk of applications → their decisions (or errors)."""

    def __init__(self, ruleset: Any, calendar: Any, as_of: Any, errors: ErrorMode, what_if: bool) -> None:
        self.ruleset, self.calendar, self.as_of, self.errors, self.what_if = ruleset, calendar, as_of, errors, what_if

    def one(self, app: Any) -> Decision | GovRulesError:
        try:
            return decide_what_if(app, self.ruleset, self.calendar, self.as_of, what_if=self.what_if)
        except GovRulesError as exc:
            if self.errors == "raise":
                raise
            return exc

    def __call__(self, chunk: list[Any]) -> list[Decision | GovRulesError]:
        return [self.one(app) for app in chunk]


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def map_chunks(func: Callable[[list[T]], R], items: Iterable[T], *, workers: int, chunk_size: int) -> Iterator[R]:
    """``func`` over chunks of ``items`` in ``workers`` processes, results in input order, at most
    ``2 × workers`` chunks pending (a bounded window: the input may be a generator of millions)."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[R]] = []
        for chunk in chunks(items, chunk_size):
            pending.append(pool.submit(func, chunk))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).result()
        for fut in pending:
            yield fut.result()


def check_options(errors: Any, workers: Any, chunk_size: Any) -> None:
    """The options of ``decide_many``, ``diff`` and the Dask bags, checked before any work starts."""
    if errors not in ("raise", "return"):
        raise InvalidInputError("invalid_value", "errors", errors, "'raise' or 'return'")
    for name, value in (("workers", workers), ("chunk_size", chunk_size)):
        if type(value) is not int or value < 1:
            raise InvalidInputError("invalid_value", name, value, "a whole number ≥ 1")
