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
