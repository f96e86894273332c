"""Identical inputs give byte-identical decision JSON: across runs, processes, threads, and replays.

api.md: decide() is pure — no module-level mutable state (scanned in test_by_construction.py), no I/O,
safe from many threads; a decision is reproducible from its input, the ruleset version and the
calendar version (spec). The workload (``workload.py``) covers every shipped example at each of its
event dates and seeded applications of the benchmark's reference matter.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import govrules
import fixed_workload as workload
from govrules import InvalidInputError, ReplayError

HERE = Path(__file__).parent
THREADS = 8


@pytest.fixture(scope="module")
def baseline() -> dict[str, str]:
    return workload.decide_all()


def test_the_workload_is_broad(baseline: dict[str, str]) -> None:
    docs = [json.loads(t) for t in baseline.values()]
    assert len(docs) > 300 and len({d["outcome"] for d in docs}) >= 7
    assert sum(d["trace"]["events_replayed"] > 0 for d in docs) >= 20  # timelines, not only receipt


def test_repeated_runs_with_fresh_objects_are_identical(baseline: dict[str, str]) -> None:
    fresh = workload.rulesets()  # rulesets re-read from disk: new objects, empty caches
    assert workload.decide_all(fresh, govrules.china_calendar()) == baseline


@pytest.mark.parametrize("hash_seed", ["0", "4242"])
def test_other_processes_with_other_hash_seeds_give_the_same_bytes(baseline: dict[str, str], hash_seed: str) -> None:
    """A set's iteration order changes with PYTHONHASHSEED: no output may depend on it."""
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    out = subprocess.run([sys.executable, str(HERE / "fixed_workload.py")], env=env, capture_output=True, text=True,
                         check=True, timeout=600).stdout
    theirs = dict(line.split("\t") for line in out.splitlines())
    assert theirs == {k: workload.digest(v) for k, v in baseline.items()}


def test_eight_threads_sharing_fresh_rulesets_and_a_calendar(baseline: dict[str, str]) -> None:
    """Eight threads start together on shared, never-used ruleset objects (so the compiled-plan and
    version caches fill under contention), each in its own order, with thread switches forced often."""
    shared, cal = workload.rulesets(), govrules.china_calendar()
    cases = list(workload.cases())
    start = threading.Barrier(THREADS)

    def worker(seed: int) -> dict[str, str]:
        order = cases[:]
        random.Random(seed).shuffle(order)
        start.wait()
        return {key: govrules.decide(app, ruleset=shared[name], calendar=cal, as_of=day).model_dump_json()
                for key, name, app, day in order}

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(worker, range(THREADS)))
    finally:
        sys.setswitchinterval(interval)
    assert len(results) == THREADS
    for result in results:
        assert result == baseline


def test_every_decision_replays_from_its_trace(baseline: dict[str, str]) -> None:
    fresh, cal = workload.rulesets(), govrules.china_calendar()
    for key, name, app, _ in workload.cases():
        again = govrules.replay(baseline[key], app, ruleset=fresh[name], calendar=cal)
        assert again.model_dump_json() == baseline[key]


def _one() -> tuple[dict, str, govrules.RulesetLibrary]:
    key, name, app, day = next(c for c in workload.cases() if c[0].startswith("water_intake"))
    lib = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
    return app, govrules.decide(app, ruleset=lib, as_of=day).model_dump_json(), lib


def test_replay_refuses_another_calendar() -> None:
    app, recorded, lib = _one()
    other = govrules.china_calendar(overlays=[HERE.parent / "calendar" / "overlays" / "cn-2027-example.json"])
    with pytest.raises(ReplayError) as info:
        govrules.replay(recorded, app, ruleset=lib, calendar=other)
    assert info.value.code == "calendar_version_mismatch"
    assert info.value.expected == json.loads(recorded)["trace"]["calendar_version"] != info.value.found


def test_replay_refuses_another_ruleset() -> None:
    app, recorded, lib = _one()
    rs = lib.get(json.loads(recorded)["trace"]["ruleset_id"], govrules.Application.model_validate(app).submitted_on)
    data = rs.model_dump(mode="json", by_alias=True)
    data["title"] = data["title"] + " (edited)"
    edited = govrules.Ruleset.model_validate(data)
    with pytest.raises(ReplayError) as info:
        govrules.replay(recorded, app, ruleset=edited)
    assert info.value.code == "ruleset_hash_mismatch"
    assert info.value.found == edited.content_hash != info.value.expected


def test_replay_names_the_fields_of_a_tampered_record() -> None:
    app, recorded, lib = _one()
    doc = json.loads(recorded)
    doc["outcome"] = "correction_required"
    doc["findings"] = doc["findings"][:-1]
    with pytest.raises(ReplayError) as info:
        govrules.replay(json.dumps(doc), app, ruleset=lib)
    assert info.value.code == "different_decision"
    assert info.value.fields == ("findings", "outcome")


@pytest.mark.parametrize("bad", ["{", "[]", '{"outcome": "accepted"}', b"\xff", 42, None])
def test_replay_of_something_that_is_not_a_decision(bad) -> None:
    app, _, lib = _one()
    with pytest.raises(InvalidInputError) as info:
        govrules.replay(bad, app, ruleset=lib)
    assert info.value.field.startswith("recorded")
