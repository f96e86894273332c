"""Shared test set-up: hypothesis profiles.

``ci`` (the default, chosen by ``HYPOTHESIS_PROFILE``): bounded examples and no deadline, so that a
shared, noisy 2-core machine never fails a test for being slow. ``thorough``: run by hand for depth.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """How many fuzzed inputs each public entry point received in this run (tests/fuzzing.py); an
    escaped exception would have failed its test. ``GOVRULES_FUZZ_REPORT=file.json`` keeps the counts."""
    import json
    import sys

    fuzzing = sys.modules.get("fuzzing")
    if fuzzing is None or not fuzzing.FUZZED:
        return
    counts = dict(sorted(fuzzing.FUZZED.items()))
    terminalreporter.write_sep("-", "fuzzed inputs per target")
    for target, n in counts.items():
        terminalreporter.write_line(f"{target:<28} {n:>8,}")
    report = os.environ.get("GOVRULES_FUZZ_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as f:
            json.dump({"profile": os.environ.get("HYPOTHESIS_PROFILE", "ci"), "counts": counts, "exit_status": int(exitstatus)}, f, indent=2)


def pytest_addoption(parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="re-record tests/golden/snapshots from the current code (then review `git diff`)")


@pytest.fixture
def update_golden(request) -> bool:
    return bool(request.config.getoption("--update-golden"))
