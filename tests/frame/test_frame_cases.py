"""decide_frame on the shipped examples, the bench reference workload, chosen corner cases, the calendar
arrays, and without its extra."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import govrules
from builders import application, material, matter, ruleset, stub
from frame_testlib import assert_frame_equals_decide
from govrules import Ruleset
from govrules.examples import catalogue
from govrules.frame import dates as frame_dates
from govrules.frame import table_from_applications

CAL = govrules.china_calendar()
LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
ROOT = Path(__file__).resolve().parents[2]


def test_shipped_examples_equal_decide() -> None:
    examples = catalogue()
    for ex in examples:  # each as of its documented date
        assert_frame_equals_decide([ex.application()], LIBRARY, CAL, ex.as_of)
    rows = assert_frame_equals_decide([ex.application() for ex in examples], LIBRARY, CAL)
    assert {r["engine"] for r in rows} == {"columnar", "row"}  # examples with and without events


def test_reference_workload_is_all_columnar_and_equals_decide() -> None:
    sys.path.insert(0, str(ROOT / "bench" / "reference"))
    try:
        import workload
    finally:
        sys.path.pop(0)
    rs = govrules.load_ruleset(workload.RULESET_PATH)
    apps = workload.generate(2000)
    rows = assert_frame_equals_decide(apps, rs, CAL, table=table_from_applications(apps))
    assert sum(r["engine"] == "row" for r in rows) == 0
    assert {r["outcome"] for r in rows} >= set(workload.OUTCOMES)


def _rs(*matters, **extra) -> Ruleset:
    return Ruleset.model_validate(ruleset(*matters, **extra))


def test_exceptions_and_partial_tolerance_on_the_columnar_path() -> None:
    sim = matter("S", materials=[material("form"), material("deed", land_document=True),
                                 material("minor", "secondary", tolerable=True),
                                 material("proof", commitment_substitutable=True)],
                 prerequisites=["LAND"], simulated_approval_allowed=True,
                 land_dependency={"prerequisite": "LAND", "material": "deed"}, tolerance_allowed=True,
                 notification_commitment_allowed=True)
    rs = _rs(sim, matter(tolerance_allowed=True), stub("LAND"),
             policy={"tolerance": {"allow_partial": True}})
    project = {"category": "industrial", "land_status": "not_obtained", "future_holder_clear": True,
               "intended_holder_id": "h", "simulated_approval_requested": True}
    apps = [
        application(matter_code="S", project=project, materials=[{"id": "form"}, {"id": "minor"}, {"id": "proof"}]),
        application(matter_code="S", project=project, materials=[{"id": "form"}], tolerance_commitment_signed=True,
                    notification_commitment={"signed": True, "materials": ["proof"]}),
        application(materials=[{"id": "form"}, {"id": "plan"}], tolerance_commitment_signed=True),
        application(materials=[{"id": "plan"}], tolerance_commitment_signed=True),  # partial: minor set aside
        application(materials=[{"id": "form", "status": "correctable_on_spot"}, {"id": "plan"}],
                    tolerance_commitment_signed=True),
        application(materials=[{"id": "plan", "status": "defective"}], decided_on_spot=False),
    ]
    rows = assert_frame_equals_decide(apps, rs, CAL)
    assert [r["outcome"] for r in rows] == [
        "simulated_acceptance", "simulated_acceptance", "accepted_with_tolerance", "correction_required",
        "correct_on_spot", "pending_acceptance_decision"]
    assert {r["engine"] for r in rows} == {"columnar"}
    assert rows[3]["all_items_to_correct"] == ["form"] and rows[3]["missing_materials"] == ["form"]
    later = assert_frame_equals_decide(apps, rs, CAL, dt.date(2025, 4, 30))
    assert [r["outcome"] for r in later][3:] == ["not_accepted_after_failed_correction", "correct_on_spot",
                                                 "deemed_accepted"]


def test_rows_past_the_calendars_data_get_decides_error() -> None:
    last = CAL.last_date
    rs = _rs(matter())
    apps = [application(submitted_on=(last - dt.timedelta(days=3)).isoformat()),
            application(submitted_on=(last - dt.timedelta(days=3)).isoformat(), decided_on_spot=False,
                        materials=[]),
            application(submitted_on="2025-03-03")]
    rows = assert_frame_equals_decide(apps, rs, CAL)
    # the second's notice period (5 WD) runs past the data too
    assert [r["error_code"] for r in rows] == ["calendar_unavailable", "calendar_unavailable", None]
    assert [r["engine"] for r in rows] == ["row", "row", "columnar"]


def test_calendar_arrays_agree_with_the_calendar() -> None:
    import numpy as np

    ca = frame_dates.calendar_arrays(CAL)
    first = CAL.first_date
    offs = np.arange(0, ca.ndays, 37)
    for n in (0, 1, 5, 20, 45):
        got, ok = frame_dates.add_working_days(ca, offs, n)
        for o, g, k in zip(offs.tolist(), got.tolist(), ok.tolist()):
            d = first + dt.timedelta(days=o)
            try:
                want = CAL.add_working_days(d, n)
            except govrules.CalendarUnavailableError:
                assert not k
                continue
            assert k and first + dt.timedelta(days=g) == want
    for mode in ("next_working_day", "after_statutory_holiday_only", "none"):
        got, ok = frame_dates.roll(ca, offs, mode)
        for o, g, k in zip(offs.tolist(), got.tolist(), ok.tolist()):
            want = CAL.add_calendar_days(first + dt.timedelta(days=o), 0, rollover=mode)
            assert k and first + dt.timedelta(days=g) == want


def test_without_pyarrow_decide_frame_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # ``import pyarrow`` now raises ImportError
    with pytest.raises(govrules.MissingDependencyError) as err:
        govrules.decide_frame([application()], ruleset=_rs(matter()), calendar=CAL)
    assert err.value.extra == "frame" and 'pip install ".[frame]"' in str(err.value)


def test_arguments_are_checked_once_for_the_call() -> None:
    with pytest.raises(govrules.InvalidInputError):
        govrules.decide_frame([application()], ruleset="cn.national", calendar=CAL)
    with pytest.raises(govrules.InvalidInputError):
        govrules.decide_frame([application()], ruleset=_rs(matter()), calendar=CAL, as_of="2025-03-03")
    with pytest.raises(govrules.InvalidInputError):
        govrules.decide_frame(application(), ruleset=_rs(matter()), calendar=CAL)
    empty = govrules.decide_frame([], ruleset=_rs(matter()), calendar=CAL)
    assert empty.num_rows == 0 and empty.column_names == list(govrules.frame.COLUMNS)


def test_a_table_decided_in_slices_equals_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    """Big tables are decided SLICE_ROWS at a time (speed and memory): the slices' rows, the row engine's
    (events, invalid, mappings the table cannot hold) and their order are what one call gives."""
    from govrules.frame import run as frame_run

    examples = [ex.application() for ex in catalogue()]
    odd = [{**examples[0], "id": 17}, {**examples[1], "surprise": True}]  # the table cannot hold these
    apps = (examples + odd) * 3
    whole = govrules.decide_frame(apps, ruleset=LIBRARY, calendar=CAL)
    monkeypatch.setattr(frame_run, "SLICE_ROWS", 5)
    sliced = govrules.decide_frame(apps, ruleset=LIBRARY, calendar=CAL)
    assert sliced.num_rows == len(apps) and sliced.to_pylist() == whole.to_pylist()
    assert {r["engine"] for r in sliced.to_pylist()} == {"columnar", "row"}
    assert sum(r["error_code"] is not None for r in sliced.to_pylist()) >= 3
