"""Progress bars for long batch work (``decide_many``, ``diff``, ``govrules demo --progress``).

Off unless asked for (``progress=True``). When asked, the bar is drawn by tqdm (the ``progress`` extra)
on standard error, never standard output, so a pipeline reading decisions or JSON from stdout sees
exactly what it would without the bar. It is drawn even when stderr is not a terminal (a log file shows
the last line): the caller asked for it. Without tqdm, asking raises ``MissingDependencyError`` naming
the extra — when the work is set up, not half way through it.
"""

from __future__ import annotations

import sys
from collections.abc import Sized
from typing import Any, Callable, Iterable, Protocol

from ..errors import InvalidInputError, MissingDependencyError

__all__ = ["Bar", "check_progress", "progress_bar", "total_of"]


class Bar(Protocol):
    """What the batch code needs of a bar: count work done, then close."""

    def update(self, n: int = 1) -> Any: ...

    def close(self) -> None: ...


class _Silent:
    """The bar when no progress was asked for: counts nothing, writes nothing."""

    __slots__ = ()

    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


SILENT: Bar = _Silent()


def check_progress(progress: Any) -> None:
    """``progress`` is True or False (not 1, not "yes": the options are checked like ``errors``)."""
    if type(progress) is not bool:
        raise InvalidInputError("invalid_value", "progress", progress, "True or False")


def progress_bar(progress: bool, *, desc: str, unit: str = "application") -> Callable[[int | None], Bar]:
    """A factory of bars: ``progress_bar(True, desc=…)(total)`` opens a tqdm bar on stderr; with
    ``progress=False`` every bar is silent. tqdm is imported here, so that a missing extra is reported
    when the batch is set up; the bar itself opens when the work starts (a lazy stream's first ``next``).
    """
    check_progress(progress)
    if not progress:
        return lambda total: SILENT
    try:
        from tqdm import tqdm
    except ImportError:
        raise MissingDependencyError("a progress bar", "tqdm", "progress") from None

    def open_bar(total: int | None) -> Bar:
        bar: Bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=False, dynamic_ncols=True)
        return bar

    return open_bar


def total_of(items: Iterable[Any]) -> int | None:
    """How many items there will be, when the iterable knows (a list, a tuple); None for a stream."""
    return len(items) if isinstance(items, Sized) else None
