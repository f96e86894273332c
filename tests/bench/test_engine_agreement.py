"""The benchmark's peer engines (bench/peers/) agree with govrules on every generated application.

A fast guard for ``bench/bench_engines.py``: ~300 applications from the reference workload, fixed seed.
A peer whose library is not installed is skipped (``pytest.importorskip``); the plain-Python peer needs
nothing and always runs. Each engine's per-call ``decide`` and, when it has one, its batch path must give
govrules' summary for every application, and building an engine must start no thread (durable-rules'
stock host starts two timer threads that can run a posted event's action behind ``post``'s back).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH / "reference"))

import workload  # noqa: E402

import peers  # noqa: E402

N, SEED = 300, 7


@pytest.fixture(scope="module")
def reference():
    import govrules

    rs, ref = workload.load_reference()
    cal = govrules.china_calendar()
    apps = workload.generate(N, SEED, ref)
    truth = [workload.summary(govrules.decide(a, ruleset=rs, calendar=cal)) for a in apps]
    return ref, apps, truth


def test_workload_exercises_all_four_outcomes(reference):
    _, apps, truth = reference
    assert len(apps) == N
    assert {outcome for outcome, _ in truth} == set(workload.OUTCOMES)
    # and the lists are non-trivial: several items, prerequisites among them
    assert any(len(items) > 1 for outcome, items in truth if outcome == "correction_required")
    assert any(i.startswith("prerequisite:") for _, items in truth for i in items)


def test_every_peer_module_is_listed():
    listed = {m for m, _ in peers.PEER_MODULES}
    on_disk = {p.stem for p in (BENCH / "peers").glob("*.py") if p.stem != "__init__"}
    assert listed == on_disk == set(peers.LIBRARIES)


@pytest.mark.parametrize("module", [m for m, _ in peers.PEER_MODULES])
def test_peer_agrees_with_govrules(module, reference):
    library = peers.LIBRARIES[module]
    if library is not None:
        pytest.importorskip(library)
    ref, apps, truth = reference
    for peer in peers.load(module):
        threads = threading.active_count()
        engine = peer.build(ref)
        try:
            assert threading.active_count() == threads, f"{peer.name}: building the engine started a thread"
            got = [engine.decide(a) for a in apps]
            bad = [(a["id"], g, t) for a, g, t in zip(apps, got, truth) if g != t]
            assert not bad, f"{peer.name}: {len(bad)} disagreements, first: {bad[:3]}"
            assert all(isinstance(items, tuple) and all(isinstance(i, str) for i in items) for _, items in got)
            batch = getattr(engine, "decide_batch", None)
            if batch is not None:
                got = batch(apps)
                bad = [(a["id"], g, t) for a, g, t in zip(apps, got, truth) if g != t]
                assert len(got) == len(apps) and not bad, f"{peer.name} [batch]: first: {bad[:3]}"
        finally:
            engine.close()
