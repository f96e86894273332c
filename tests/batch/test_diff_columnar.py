"""The columnar diff (a table in: decide_frame on both sides, compared column by column) against the
row path (decide() twice per application): the same totals, errors and transitions, and row by row
the same kinds and values on every kind both compare; its table, changed ids and full decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workload import generate

import govrules
from govrules.batch import COMPARED, DiffReport, snapshot
from govrules.batch.columnar import FRAME_COMPARED, FRAME_DATES, what_if_ruleset
from govrules.engine.decide import decide_what_if
from govrules.testing import applicable_matters, applications

pa = pytest.importorskip("pyarrow")
from govrules.frame import table_from_applications  # noqa: E402

SHARED = tuple(k for k in FRAME_COMPARED if k in COMPARED)
CAL = govrules.china_calendar()
LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
SHIPPED = [rs for rs in (LIBRARY.resolve(d, d.effective_from) for d in LIBRARY.documents) if applicable_matters(rs)]
#: (A, B): each shipped ruleset against itself, against its other versions, and against another ruleset
PAIRS = ([(a, b) for a in SHIPPED for b in SHIPPED if a.id == b.id]
         + [(a, b) for a, b in zip(SHIPPED, SHIPPED[1:]) if a.id != b.id])


def _row_snapshots(apps: list[Any], a: Any, b: Any, as_of: Any, what_if: bool) -> list[tuple[Any, Any]]:
    """The row path's compared values of each application under A and B (COMPARED order)."""
    out = []
    for app in apps:
        pair = []
        for rs in (a, b):
            try:
                pair.append(snapshot(decide_what_if(app, rs, CAL, as_of, what_if=what_if)))
            except govrules.GovRulesError as exc:
                pair.append(snapshot(exc))
        out.append(tuple(pair))
    return out


def _normal(v: Any) -> Any:
    return tuple(v) if isinstance(v, list) else v


def assert_paths_agree(apps: list[Any], a: Any, b: Any, *, what_if: bool, as_of: Any = None,
                       as_table: bool = True) -> DiffReport:
    """diff of the table of ``apps`` (``as_table=False``: of the mappings, ``engine="columnar"``) on the
    columnar path against the row path on ``apps``: totals, errors and transitions equal; row by row,
    the shared kinds and their A and B values."""
    if as_table:
        col = govrules.diff(a, b, table_from_applications(apps), CAL, as_of=as_of, what_if=what_if)
    else:
        col = govrules.diff(a, b, apps, CAL, as_of=as_of, what_if=what_if, engine="columnar")
    row = govrules.diff(a, b, apps, CAL, as_of=as_of, what_if=what_if)
    assert col.columnar and not row.columnar and col.compared == FRAME_COMPARED
    assert (col.total, col.errors, col.transitions) == (row.total, row.errors, row.transitions)
    assert {k: col.counts[k] for k in SHARED} == {k: row.counts[k] for k in SHARED}
    rows = col.table.to_pylist()
    assert [r["row"] for r in rows] == list(range(len(apps)))
    for i, (r, (before, after)) in enumerate(zip(rows, _row_snapshots(apps, a, b, as_of, what_if))):
        want_kinds = [k for k, x, y in zip(COMPARED, before, after) if x != y and k in SHARED]
        assert [k for k in r["kinds"] if k in SHARED] == want_kinds, f"row {i}: {apps[i]!r}"
        for k in SHARED:
            j = COMPARED.index(k)
            assert (_normal(r[f"{k}_a"]), _normal(r[f"{k}_b"])) == (before[j], after[j]), f"row {i} {k}"
        assert r["changed"] == bool(r["kinds"])
    return col


# ---- the reference workload against its reform -----------------------------------------------------
@pytest.fixture(scope="module")
def reference_apps() -> list[dict[str, Any]]:
    return generate(5000, seed=17)


def test_reference_5000_columnar_equals_row_diff(reference, reference_apps) -> None:
    rs, reform, _ = reference
    col = assert_paths_agree(reference_apps, rs, reform, what_if=True)
    row = govrules.diff(rs, reform, reference_apps, CAL, what_if=True)
    # on the reference every change shows in a shared column: the same rows change, with the same values
    assert col.changed_ids == row.changed_ids and len(col.changed_ids) == len(col.changed) > 1000
    for c, r in zip(col.changed, row.changed):
        assert (c.application_id, [k for k in c.kinds if k in SHARED]) == (r.application_id,
                                                                           [k for k in r.kinds if k in SHARED])
        assert all((c.value(k, "before"), c.value(k)) == (r.value(k, "before"), r.value(k)) for k in SHARED)
    assert col.counts["promised_due"] > 0 and col.transitions["correction_required", "accepted"] > 0
    assert col.unchanged == row.unchanged and col.summary().splitlines()[0] == row.summary().splitlines()[0]


def test_reference_out_of_force_reform_is_an_error_outcome(reference, reference_apps) -> None:
    rs, reform, _ = reference
    col = assert_paths_agree(reference_apps[:300], rs, reform, what_if=False)
    assert {b for _, b in col.transitions} == {"error:no_ruleset_in_force"}
    assert col.counts["error_code"] == 300


# ---- generated applications of the shipped rulesets ------------------------------------------------
def _spoilt(app: dict[str, Any]) -> list[Any]:
    mats = app.get("materials") or []
    return [{**app, "materials": mats + [{"id": "no-such-material"}]}, {**app, "submitted_on": "2025-02-29"},
            {**app, "ruleset": "some.other.ruleset"}, {**app, "id": 7}, {**app, "unknown_key": 1}, "not a mapping"]


@st.composite
def diff_cases(draw: st.DrawFn) -> tuple[Any, Any, list[Any], bool]:
    a, b = draw(st.sampled_from(PAIRS))
    apps: list[Any] = []
    for _ in range(draw(st.integers(1, 8))):
        app = draw(applications(a, events=draw(st.booleans())))
        apps.append(draw(st.sampled_from(_spoilt(app))) if draw(st.integers(0, 4)) == 0 else app)
    return a, b, apps, draw(st.booleans())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(diff_cases())
def test_shipped_rulesets_columnar_equals_row_diff(case) -> None:
    """Any mappings (engine='columnar' converts them; those a table cannot hold are decided from the
    mapping), what-if or not: both paths agree on every kind both compare."""
    a, b, apps, what_if = case
    try:
        table_from_applications(apps)
        fits = True
    except govrules.InvalidInputError:  # a mapping the table cannot hold as it is
        fits = False
    assert assert_paths_agree(apps, a, b, what_if=what_if, as_table=fits).total == len(apps)


# ---- the report's table, ids and decisions ---------------------------------------------------------
def test_table_columns_shifts_and_changed_ids(reference) -> None:
    rs, reform, _ = reference
    report = govrules.diff(rs, reform, table_from_applications(generate(400, seed=21)), CAL, what_if=True)
    t = report.table
    assert t.column_names[:4] == ["row", "application_id", "changed", "kinds"]
    assert t.schema.field("kinds").type == pa.list_(pa.string())
    for name in FRAME_COMPARED:
        assert {f"{name}_a", f"{name}_b"} <= set(t.column_names)
        assert (f"{name}_shift_days" in t.column_names) == (name in FRAME_DATES)
    rows = t.to_pylist()
    for r in rows:
        for name in FRAME_DATES:
            a, b = r[f"{name}_a"], r[f"{name}_b"]
            assert r[f"{name}_shift_days"] == ((b - a).days if a is not None and b is not None else None)
    assert report.changed_ids == [r["application_id"] for r in rows if r["changed"]]
    assert [c.row for c in report.changed] == [r["row"] for r in rows if r["changed"]]
    frame = report.to_dataframe()
    assert len(frame) == len(report.changed) and {"row", "kinds", "promised_due_shift_days"} <= set(frame.columns)


def test_decision_is_decide_of_the_row_under_either_side(reference) -> None:
    rs, reform, _ = reference
    apps = generate(300, seed=22)
    report = govrules.diff(rs, reform, table_from_applications(apps), CAL, what_if=True)
    for change in report.changed[:5] + report.changed[-2:]:
        app = apps[change.row]
        for side, ruleset in (("a", rs), ("b", reform)):
            got = report.decision(change.row, side=side)
            assert got.model_dump_json() == decide_what_if(app, ruleset, CAL, what_if=True).model_dump_json()
            assert got.findings and got.trace.what_if
            assert got.outcome.value == change.value("outcome", "before" if side == "a" else "after")
        assert report.decision(change.application_id).model_dump_json() == report.decision(change.row).model_dump_json()
        # the row given back as the mapping decide() takes: deciding it gives the same Decision
        assert decide_what_if(report.application(change.row), reform, CAL, what_if=True) == report.decision(change.row)
        assert report.application(change.application_id) == report.application(change.row)
    with pytest.raises(govrules.InvalidInputError):
        report.decision(len(apps))
    with pytest.raises(govrules.InvalidInputError):
        report.decision(0, side="c")
    with pytest.raises(govrules.InvalidInputError):
        report.decision("no-such-id")


def test_merge_renumbers_rows_and_keeps_decisions(reference) -> None:
    rs, reform, _ = reference
    apps = generate(200, seed=23)
    table = table_from_applications(apps)
    whole = govrules.diff(rs, reform, table, CAL, what_if=True)
    merged = govrules.diff(rs, reform, table.slice(0, 77), CAL, what_if=True).merge(
        govrules.diff(rs, reform, table.slice(77), CAL, what_if=True))
    assert merged.table.to_pylist() == whole.table.to_pylist()
    assert (merged.total, merged.errors, merged.counts, merged.transitions, merged.changed) == (
        whole.total, whole.errors, whole.counts, whole.transitions, whole.changed)
    last = merged.changed[-1]
    assert merged.decision(last.row).model_dump_json() == whole.decision(last.row).model_dump_json()
    with pytest.raises(govrules.InvalidInputError):
        merged.absorb(govrules.diff(rs, reform, apps[:3], CAL, what_if=True))  # a row-path report compares other columns


def test_input_forms_and_engines(reference) -> None:
    pd = pytest.importorskip("pandas")
    rs, reform, _ = reference
    apps = generate(120, seed=24)
    table = table_from_applications(apps)
    by_table = govrules.diff(rs, reform, table, CAL, what_if=True)
    assert govrules.diff(rs, reform, table.to_pandas(), CAL, what_if=True).table.equals(by_table.table)
    assert govrules.diff(rs, reform, apps, CAL, what_if=True, engine="columnar").table.equals(by_table.table)
    as_rows = govrules.diff(rs, reform, table, CAL, what_if=True, engine="row")  # a table streamed through decide()
    assert not as_rows.columnar and as_rows.table is None
    assert as_rows.changed == govrules.diff(rs, reform, apps, CAL, what_if=True).changed
    with pytest.raises(govrules.InvalidInputError):
        as_rows.decision(0)
    with pytest.raises(govrules.InvalidInputError):
        govrules.diff(rs, reform, table, CAL, engine="fast")
    assert isinstance(pd, object)


def test_what_if_ruleset_opens_the_periods_only(reference) -> None:
    _, reform, _ = reference
    copy = what_if_ruleset(reform)
    assert copy is what_if_ruleset(reform)  # compiled once, kept next to the ruleset
    assert copy.effective_from < dt.date(1900, 1, 1) and copy.effective_to is None
    assert all(m.effective_from is None and m.effective_to is None for m in copy.matters)
    assert copy.model_dump(exclude={"effective_from", "effective_to", "matters"}) == reform.model_dump(
        exclude={"effective_from", "effective_to", "matters"})
    assert reform.effective_from == dt.date(2026, 1, 1)  # the original untouched


def test_shared_kinds_are_listed_in_the_row_paths_order() -> None:
    assert [k for k in COMPARED if k in FRAME_COMPARED] == list(SHARED)
    assert set(FRAME_COMPARED) - set(SHARED) == {"missing_materials", "statutory_due_if_extended", "error_code"}
