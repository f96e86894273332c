#!/usr/bin/env python
"""Benchmark: start-up and scale (run on demand, never in the tests).

    python bench/bench_scale.py [--decisions 1000000] [--diff 1000000] [--workers 2]

Measures, on the benchmark's reference matter (bench/reference):

* import time of ``govrules`` in a fresh interpreter (median of 5);
* load + validation of every shipped ruleset version (``load_ruleset(SHIPPED_RULESETS)`` validates every
  version of every ruleset), in a fresh interpreter (median of 5);
* memory over a long ``decide_many`` stream whose results are consumed and dropped: resident set size
  sampled every 10 % of the run (it must stay flat: a stream holds one chunk at a time);
* ``diff`` of the reference ruleset against its reform over generated applications, on one core and
  on ``--workers`` processes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "reference"))


def fresh(code: str, rounds: int = 5) -> float:
    """Median wall time of ``code`` in a fresh interpreter, minus an empty interpreter's start."""
    def run(src: str) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", src], check=True)
        return time.perf_counter() - t

    base = statistics.median(run("pass") for _ in range(rounds))
    return statistics.median(run(code) for _ in range(rounds)) - base


#: every version of every shipped ruleset, resolved and validated (a library validates them all)
LOAD = "import govrules; t = time.perf_counter(); govrules.load_ruleset(govrules.SHIPPED_RULESETS)"


def timed_in_fresh(code: str, rounds: int = 5) -> float:
    """Median of the time ``code`` measures itself (from its ``t`` to the end) in fresh interpreters."""
    src = f"import time\n{code}\nprint(time.perf_counter() - t)"
    runs = [float(subprocess.run([sys.executable, "-c", src], check=True, capture_output=True, text=True).stdout)
            for _ in range(rounds)]
    return statistics.median(runs)


def rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--decisions", type=int, default=1_000_000)
    ap.add_argument("--diff", type=int, default=1_000_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()

    import govrules
    from workload import iter_generate, load_reference

    print(f"machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores")
    print(f"import govrules:                {fresh('import govrules') * 1000:8.0f} ms (fresh interpreter)")
    print(f"load + validate shipped rulesets: {timed_in_fresh(LOAD) * 1000:6.1f} ms (fresh interpreter, after the import)")

    rs, ref = load_reference()
    cal = govrules.china_calendar()
    n = args.decisions
    marks = {max(1, n * k // 10) for k in range(1, 11)}
    print(f"\ndecide_many over {n:,} generated applications (results dropped as they come):")
    t0, start_rss, seen = time.perf_counter(), rss_mib(), 0
    for seen, _ in enumerate(govrules.decide_many(iter_generate(n, seed=1, ref=ref), rs, cal), start=1):
        if seen in marks:
            print(f"  {seen:>10,} decisions  {time.perf_counter() - t0:7.1f} s  RSS {rss_mib():7.1f} MiB")
    rate = seen / (time.perf_counter() - t0)
    print(f"  RSS at start {start_rss:.1f} MiB; {rate:,.0f} decisions/s including generation")

    reform = govrules.load_ruleset(HERE / "reference" / "reform.toml")
    for workers in sorted({1, args.workers}):
        m = args.diff if workers > 1 else min(args.diff, 100_000)
        t = time.perf_counter()
        report = govrules.diff(rs, reform, iter_generate(m, seed=2, ref=ref), cal, what_if=True, workers=workers)
        took = time.perf_counter() - t
        print(f"\ndiff, {workers} worker(s), {m:,} applications: {took:.1f} s ({m / took:,.0f} applications/s)")
        print("  " + report.summary().replace("\n", "\n  "))


if __name__ == "__main__":
    main()
