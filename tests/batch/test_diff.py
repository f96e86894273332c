"""diff: what another ruleset would have decided, counted by kind of change; local, parallel and on Dask."""


import pytest
from hypothesis import given, settings, strategies as st
from workload import generate

import govrules
from govrules.batch import COMPARED, DiffReport
from govrules.models.decision import OUTCOME_RANK, Outcome


def test_a_ruleset_against_itself_changes_nothing(reference) -> None:
    rs, _, cal = reference
    report = govrules.diff(rs, rs, generate(200, seed=1), cal)
    assert report.total == 200 and report.changed == [] and not report.counts
    assert sum(report.transitions.values()) == 200 and all(a == b for a, b in report.transitions)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31))
def test_removing_a_prerequisite_and_shortening_the_promise_never_hurts(reference, seed) -> None:
    """The reform removes prerequisite B and cuts the promised limit from 5 to 3 WD: no outcome gets
    worse, no promised date later, and every change is one the reform can explain."""
    rs, reform, cal = reference
    report = govrules.diff(rs, reform, generate(40, seed=seed), cal, what_if=True)
    for change in report.changed:
        before, after = change.value("outcome", "before"), change.value("outcome")
        assert OUTCOME_RANK[Outcome(after)] >= OUTCOME_RANK[Outcome(before)]
        if "promised_due" in change.kinds and change.value("outcome") == change.value("outcome", "before"):
            assert change.value("promised_due") < change.value("promised_due", "before")
        if "all_items_to_correct" in change.kinds and after == before == "correction_required":
            assert set(change.value("all_items_to_correct")) == (
                set(change.value("all_items_to_correct", "before")) - {"prerequisite:PRE-B"})
    assert sum(report.counts.values()) == sum(len(c.kinds) for c in report.changed)


def test_counts_and_transitions_add_up(reference) -> None:
    rs, reform, cal = reference
    report = govrules.diff(rs, reform, generate(500, seed=2), cal, what_if=True)
    assert report.counts["promised_due"] > 0 and report.counts["outcome"] > 0
    assert report.transitions["correction_required", "accepted"] > 0
    moved = sum(n for (a, b), n in report.transitions.items() if a != b)
    assert moved == report.counts["outcome"]
    assert report.total == 500 == report.unchanged + len(report.changed) + report.errors
    assert "500 applications" in report.summary()


def test_without_what_if_a_ruleset_out_of_force_is_an_error_outcome(reference) -> None:
    rs, reform, cal = reference  # the reform is in force from 2026; the cases are from 2016–2025
    report = govrules.diff(rs, reform, generate(30, seed=3), cal)
    assert {b for _, b in report.transitions} == {"error:no_ruleset_in_force"}
    assert all(c.kinds[0] == "outcome" for c in report.changed)


def test_diff_counts_errors_under_both_rulesets_apart_from_unchanged(reference) -> None:
    rs, reform, cal = reference
    apps = generate(13, seed=7)
    broken = [dict(a, materials=[{"id": "no-such-material", "status": "ok"}]) for a in apps[1:]]
    report = govrules.diff(rs, reform, [apps[0]] + broken, cal, what_if=True)
    assert report.errors == 12 and report.total == 13
    assert report.unchanged + len(report.changed) == 1
    assert "12 errors under both rulesets" in report.summary()
    assert f"{report.unchanged} unchanged" in report.summary()
    halves = govrules.diff(rs, reform, broken[:5], cal, what_if=True).merge(
        govrules.diff(rs, reform, broken[5:], cal, what_if=True))
    assert halves.errors == 12 and halves.unchanged == 0


def test_two_processes_give_the_same_report(reference) -> None:
    rs, reform, cal = reference
    apps = generate(300, seed=4)
    one = govrules.diff(rs, reform, apps, cal, what_if=True)
    two = govrules.diff(rs, reform, iter(apps), cal, what_if=True, workers=2, chunk_size=41)
    assert (one.total, one.errors, one.changed, one.counts, one.transitions) == (
        two.total, two.errors, two.changed, two.counts, two.transitions)


def test_merge_keeps_both_parts_in_order(reference) -> None:
    rs, reform, cal = reference
    apps = generate(100, seed=5)
    whole = govrules.diff(rs, reform, apps, cal, what_if=True)
    merged = govrules.diff(rs, reform, apps[:37], cal, what_if=True).merge(
        govrules.diff(rs, reform, apps[37:], cal, what_if=True))
    assert merged.changed == whole.changed and merged.counts == whole.counts and merged.total == 100
    assert DiffReport().merge(whole).changed is not whole.changed  # merge builds a new report


def test_what_if_is_recorded_in_the_trace(reference) -> None:
    rs, reform, cal = reference
    d = next(govrules.decide_many(generate(1, seed=6), reform, cal, what_if=True))
    assert d.trace.ruleset_selection.startswith("what-if: bench.reference.reform version 2026-01")
    assert d.trace.what_if is True  # a field of the trace, read by replay (not a prefix parsed back)
    assert next(govrules.decide_many(generate(1, seed=6), rs, cal)).trace.what_if is False
    assert d.trace.ruleset_hash == reform.content_hash


def test_dataframe_rows_carry_both_sides_and_the_shift(reference) -> None:
    pytest.importorskip("pandas")
    rs, reform, cal = reference
    frame = govrules.diff(rs, reform, generate(200, seed=7), cal, what_if=True).to_dataframe()
    assert {"application_id", "kinds", "outcome_a", "outcome_b", "promised_due_shift_days"} <= set(frame.columns)
    shifted = frame[frame["kinds"].str.contains("promised_due") & (frame["outcome_a"] == frame["outcome_b"])]
    assert len(shifted) > 0 and (shifted["promised_due_shift_days"] < 0).all()
    assert len(COMPARED) * 2 + 2 < len(frame.columns)
