import sys
from pathlib import Path

import pytest

import govrules

BENCH_REFERENCE = Path(__file__).parents[2] / "bench" / "reference"
sys.path.insert(0, str(BENCH_REFERENCE))


@pytest.fixture(scope="session")
def reference():
    """(ruleset, reformed ruleset, calendar) of the benchmark's reference matter."""
    return (govrules.load_ruleset(BENCH_REFERENCE / "ruleset.toml"),
            govrules.load_ruleset(BENCH_REFERENCE / "reform.toml"),
            govrules.china_calendar())


@pytest.fixture(scope="module")
def client():
    """A real Dask cluster: two worker processes on loopback (the dask extra; skipped without it)."""
    distributed = pytest.importorskip("dask.distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    with cluster, distributed.Client(cluster) as c:
        yield c
