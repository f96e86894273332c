"""The outcome's precedence table (engine/outcome.py): the short table a file decided on the spot is
read against leaves out exactly the rows that cannot hold for it, so both give the same first row."""

from __future__ import annotations

import datetime as _dt
import itertools
from types import SimpleNamespace

from govrules.engine.outcome import ON_THE_SPOT, PRECEDENCE

DAY = _dt.date(2025, 3, 3)


def _facts(**flags: bool) -> SimpleNamespace:
    """What a row reads of a file the window decided on the spot: no forwarding, no window action."""
    notice = SimpleNamespace(completed_on=DAY if flags["completed"] else None,
                             deadline=DAY - _dt.timedelta(days=1) if flags["late"] else DAY)
    return SimpleNamespace(forwarded=False, action=None, voucher=False, as_of=DAY, notice_due=None,
                           complete=flags["complete"], on_spot=flags["on_spot"], refused=flags["refused"],
                           notice=lambda: notice)


def test_the_short_table_is_the_table_without_the_forwarded_rows() -> None:
    assert [r.name for r in ON_THE_SPOT] == [r.name for r in PRECEDENCE if not r.forwarded_only]
    assert {r.name for r in PRECEDENCE if r.forwarded_only} == {
        "pending_acceptance_decision", "deemed_accepted", "accepted_on_voucher", "correction_notice_only"}


def test_a_forwarded_row_never_holds_for_a_file_decided_on_the_spot() -> None:
    names = ("complete", "on_spot", "refused", "completed", "late")
    for values in itertools.product((False, True), repeat=len(names)):
        f = _facts(**dict(zip(names, values)))
        assert not any(row.holds(f) for row in PRECEDENCE if row.forwarded_only), values
        first = next(row.name for row in PRECEDENCE if row.holds(f))
        assert first == next(row.name for row in ON_THE_SPOT if row.holds(f)), values
