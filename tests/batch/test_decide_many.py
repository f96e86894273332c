"""decide_many: the same decisions as decide(), lazily, in order, on one core or two, errors in place."""

import itertools
import pickle

import pytest
from workload import generate, iter_generate

import govrules
from govrules.errors import GovRulesError, InvalidInputError


def dumps(results):
    return [r.model_dump_json() if isinstance(r, govrules.Decision) else str(r) for r in results]


def test_same_decisions_as_decide_in_the_same_order(reference) -> None:
    rs, _, cal = reference
    apps = generate(300, seed=3)
    expected = [govrules.decide(a, ruleset=rs, calendar=cal) for a in apps]
    assert dumps(govrules.decide_many(apps, rs, cal)) == dumps(expected)


def test_two_processes_give_the_same_stream(reference) -> None:
    rs, _, cal = reference
    apps = generate(400, seed=4)
    assert dumps(govrules.decide_many(apps, rs, cal, workers=2, chunk_size=37)) == dumps(
        govrules.decide_many(apps, rs, cal))


@pytest.mark.parametrize("workers", [1, 2])
def test_lazy_over_an_endless_stream(reference, workers) -> None:
    """A generator that never ends: the first results arrive all the same (a bounded window)."""
    rs, _, cal = reference
    endless = iter_generate(10**12, seed=5)
    first = list(itertools.islice(govrules.decide_many(endless, rs, cal, workers=workers, chunk_size=10), 25))
    assert [d.application_id for d in first] == [a["id"] for a in generate(25, seed=5)]


def test_errors_returned_in_place_or_raised(reference) -> None:
    rs, _, cal = reference
    good = generate(3, seed=6)
    bad = dict(good[1], materials=[{"id": "no-such-material"}])
    results = list(govrules.decide_many([good[0], bad, good[2]], rs, cal, errors="return"))
    assert isinstance(results[0], govrules.Decision) and isinstance(results[2], govrules.Decision)
    assert isinstance(results[1], InvalidInputError) and results[1].code == "unknown_material"
    assert results[1].field == "application.materials[0].id"
    with pytest.raises(InvalidInputError, match="unknown_material"):
        list(govrules.decide_many([good[0], bad], rs, cal))


def test_errors_cross_process_boundaries_intact(reference) -> None:
    rs, _, cal = reference
    bad = dict(generate(1, seed=7)[0], submitted_on="2025-02-30")
    [err] = itertools.islice(govrules.decide_many([bad] * 3, rs, cal, errors="return", workers=2, chunk_size=1), 1)
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is type(err) and str(again) == str(err) and again.field == err.field == "application.submitted_on"


@pytest.mark.parametrize("option, value", [("errors", "ignore"), ("workers", 0), ("chunk_size", 2.5),
                                           ("workers", True)])
def test_bad_options_are_named(reference, option, value) -> None:
    rs, _, cal = reference
    with pytest.raises(InvalidInputError) as info:
        govrules.decide_many([], rs, cal, **{option: value})
    assert info.value.field == option


def test_a_bad_calendar_is_named_before_any_work(reference) -> None:
    rs, _, _ = reference
    with pytest.raises(GovRulesError, match="calendar"):
        govrules.decide_many(generate(1), rs, "china")  # at the call, before the first next()


def test_rulesets_and_libraries_survive_pickling_and_decide_alike(reference) -> None:
    rs, _, cal = reference
    library = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
    from govrules.examples import catalogue

    for ruleset, apps in ((rs, generate(50, seed=8)), (library, [e.application() for e in catalogue()])):
        list(govrules.decide_many(apps, ruleset, cal))  # fill the derived caches first
        copy = pickle.loads(pickle.dumps(ruleset))
        assert dumps(govrules.decide_many(apps, copy, pickle.loads(pickle.dumps(cal)))) == dumps(
            govrules.decide_many(apps, ruleset, cal))


def test_decisions_frame_has_a_row_per_result(reference) -> None:
    pytest.importorskip("pandas")
    rs, _, cal = reference
    apps = generate(20, seed=9) + [{"id": "broken"}]
    frame = govrules.decisions_frame(govrules.decide_many(apps, rs, cal, errors="return"))
    assert list(frame.columns) == list(govrules.batch.frames.COLUMNS)
    assert len(frame) == 21 and frame["error"].iloc[-1].startswith("[")
    assert set(frame["outcome"].iloc[:20]) <= {"accepted", "accepted_with_tolerance", "correction_required",
                                                "not_jurisdiction"}
