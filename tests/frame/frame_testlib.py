"""What the frame tests share: decide()'s answer for a row, as decide_frame's output row must be."""

from __future__ import annotations

from typing import Any, Mapping

import govrules
from govrules.frame import COLUMNS

DATE_COLUMNS = ("acceptance_date", "notice_due", "statutory_due", "statutory_due_if_extended", "promised_due",
                "supplement_deadline")
LIST_COLUMNS = ("all_items_to_correct", "missing_materials", "tolerated_materials")


def expected_row(app: Any, ruleset: Any, calendar: Any, as_of: Any = None) -> dict[str, Any]:
    """The output row decide() implies (the engine column aside): its values, or the error's code."""
    try:
        d = govrules.decide(app, ruleset=ruleset, calendar=calendar, as_of=as_of)
    except govrules.GovRulesError as exc:
        given = app.get("id") if isinstance(app, Mapping) else None
        row = {name: None for name in COLUMNS if name != "engine"}
        row.update(application_id=given if type(given) is str else None, error_code=exc.code)
        return row
    row = {"application_id": d.application_id, "outcome": d.outcome.value, "error_code": None}
    row.update({name: list(getattr(d, name)) for name in LIST_COLUMNS})
    row.update({name: getattr(d, name) for name in DATE_COLUMNS})
    return row


def assert_frame_equals_decide(apps: list[Any], ruleset: Any, calendar: Any, as_of: Any = None,
                               table: Any = None) -> list[dict[str, Any]]:
    """decide_frame over ``apps`` (or ``table``, which stands for them) gives decide()'s values, every
    column of every row; returns the output rows."""
    out = govrules.decide_frame(apps if table is None else table, ruleset=ruleset, calendar=calendar, as_of=as_of)
    assert out.column_names == list(COLUMNS)
    rows = out.to_pylist()
    assert len(rows) == len(apps)
    for i, (app, row) in enumerate(zip(apps, rows)):
        got = dict(row)
        want = expected_row(app, ruleset, calendar, as_of)
        engine = got.pop("engine")
        assert engine in ("columnar", "row")
        assert got == want, f"row {i} ({engine}): {app!r}\n got  {got}\n want {want}"
        if want["error_code"] is not None or (isinstance(app, Mapping) and app.get("events")):
            assert engine == "row", f"row {i} must go to the row engine"
    return rows
