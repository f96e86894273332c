#!/usr/bin/env python
"""Benchmark: the reference decision, govrules vs other rules engines (run on demand, never in tests).

    python bench/bench_engines.py [--n 20000] [--seed 20251] [--rounds 5]
        [--only NAMES] [--json FILE] [--no-rss]

Every engine decides the same ``n`` applications from ``bench/reference/workload.py`` against the matter
of ``bench/reference/ruleset.toml`` (see ``bench/README.md``):

1. **Agreement first.** Each engine's summary ``(outcome, items)`` of *every* application (its per-call
   ``decide`` and, when it has one, its batch path) is compared with govrules' ``decide()`` on the same
   dict. An engine that disagrees anywhere is reported (count and first 3) and left out of the timing.
2. **Timing.** ``--rounds`` rounds; in round ``r`` the engines run in an order rotated to start at engine
   ``r mod k``; each run decides all ``n`` applications (results kept in a list, as a caller would) timed
   with ``time.perf_counter`` after a ``gc.collect()``. The table shows the median decisions/s.
3. **Memory.** A separate pass per engine under ``tracemalloc`` (results kept): the peak of Python
   allocations, in MiB. tracemalloc does not see native (Rust/C) allocations, so unless ``--no-rss`` a
   second pass per engine runs in a fresh process and reports how far the process's resident memory
   peaked during the pass above where it stood just before (Linux: freed memory trimmed, then the
   kernel's RSS high-water mark reset; coarse, but it counts native memory too).

``--only`` takes a comma-separated list of case-insensitive substrings of engine names (e.g.
``--only zen,durable``); the govrules dict path is always run, as every ratio is relative to it.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "reference"))

import govrules  # noqa: E402
import workload  # noqa: E402

import peers  # noqa: E402

Summary = tuple[str, tuple[str, ...]]
GOV_DICT = "govrules decide() (dict)"
GOV_VALIDATED = "govrules decide() (validated)"
GOV_BATCH = "govrules decide_many() (batch)"
#: the speed goals (issue 15): each govrules path against the named peer, ≥ the ratio, same run
GOALS = ((GOV_DICT, "zen-engine (decision graph)", 1.0), (GOV_VALIDATED, "zen-engine (expressions)", 1.0))
PACKAGES = ("govrules", "pydantic", "zen-engine", "durable-rules", "business-rules", "rule-engine")


@dataclass
class Entry:
    name: str
    kind: str  # "govrules", "peer" or "limit"
    run: Callable[[], list[Any]]  # decides all n applications, returns the results (kept, as a caller would)
    summaries: Callable[[], list[Summary | str]]  # one summary per application (or an error text)
    close: Callable[[], None] = lambda: None
    rates: list[float] = field(default_factory=list)
    peak_mib: float | None = None
    rss_mib: float | None = None
    disagreements: int | None = None
    first_disagreements: list[Any] = field(default_factory=list)
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.rates) if self.rates else None


def _per_app(fn: Callable[[Any], Summary], apps: list[Any]) -> list[Summary | str]:
    out: list[Summary | str] = []
    for a in apps:
        try:
            out.append(fn(a))
        except Exception as exc:  # an engine that raises on an application disagrees on it
            out.append(f"error: {type(exc).__name__}: {exc}"[:300])
    return out


def _whole(fn: Callable[[], list[Summary]], n: int) -> list[Summary | str]:
    try:
        return list(fn())
    except Exception as exc:
        return [f"error: {type(exc).__name__}: {exc}"[:300]] * n


def _matches(name: str, only: list[str] | None) -> bool:
    return only is None or name == GOV_DICT or any(o in name.lower() for o in only)


def _json_against_deciding(objs: list[Any], rs: Any, cal: Any, rounds: int = 3) -> str:
    """Goal: ``model_dump_json()`` takes no longer than deciding (medians of ``rounds`` passes)."""
    import time

    decisions = [govrules.decide(o, ruleset=rs, calendar=cal) for o in objs]
    dump, decide = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        for d in decisions:
            d.model_dump_json()
        dump.append((time.perf_counter() - t) / len(objs) * 1e6)
        t = time.perf_counter()
        for o in objs:
            govrules.decide(o, ruleset=rs, calendar=cal)
        decide.append((time.perf_counter() - t) / len(objs) * 1e6)
    a, b = sorted(dump)[rounds // 2], sorted(decide)[rounds // 2]
    return (f"model_dump_json(): {a:.1f} µs per decision against {b:.1f} µs to decide it (validated) — "
            f"goal ≤ the decision: {'met' if a <= b else 'NOT met'}")


def make_entries(rs: Any, ref: Any, cal: Any, apps: list[dict[str, Any]], only: list[str] | None,
                 notes: list[str]) -> list[Entry]:
    """Every engine to measure, built and ready (govrules first)."""
    entries: list[Entry] = []
    decide, summary, n = govrules.decide, workload.summary, len(apps)

    def gov_dict() -> list[Any]:
        return [decide(a, ruleset=rs, calendar=cal) for a in apps]

    entries.append(Entry(GOV_DICT, "govrules", gov_dict,
                         lambda: _per_app(lambda a: summary(decide(a, ruleset=rs, calendar=cal)), apps)))
    if _matches(GOV_VALIDATED, only):
        objs = [govrules.Application.model_validate(a) for a in apps]  # before timing, by definition

        def gov_validated() -> list[Any]:
            return [decide(o, ruleset=rs, calendar=cal) for o in objs]

        entries.append(Entry(GOV_VALIDATED, "govrules", gov_validated,
                             lambda: _per_app(lambda o: summary(decide(o, ruleset=rs, calendar=cal)), objs)))
        notes.append(_json_against_deciding(objs, rs, cal))
    if _matches(GOV_BATCH, only):
        if hasattr(govrules, "decide_many"):
            def gov_batch() -> list[Any]:
                return list(govrules.decide_many(apps, ruleset=rs, calendar=cal))

            entries.append(Entry(GOV_BATCH, "govrules", gov_batch,
                                 lambda: _whole(lambda: [summary(d) for d in gov_batch()], n)))
        else:
            notes.append(f"{GOV_BATCH}: skipped, govrules has no decide_many")

    available, missing = peers.available()
    for module, reason in missing:
        notes.append(f"peers.{module}: skipped, {reason}")
    for peer in available:
        wants_call = _matches(peer.name, only)
        wants_batch = _matches(f"{peer.name} [batch]", only)
        if not (wants_call or wants_batch):
            continue
        try:
            engine = peer.build(ref)
        except Exception as exc:
            notes.append(f"{peer.name}: build failed, {type(exc).__name__}: {exc}")
            continue
        kind = "peer" if peer.is_peer else "limit"
        d = engine.decide
        if wants_call:
            entries.append(Entry(peer.name, kind, (lambda d=d: [d(a) for a in apps]),
                                 (lambda d=d: _per_app(d, apps)), engine.close))
        batch = getattr(engine, "decide_batch", None)
        if batch is not None and wants_batch:
            entries.append(Entry(f"{peer.name} [batch]", kind, (lambda b=batch: b(apps)),
                                 (lambda b=batch: _whole(lambda: b(apps), n)),
                                 engine.close if not wants_call else (lambda: None)))
    return entries


def check_agreement(entries: list[Entry], truth: list[Summary | str], apps: list[dict[str, Any]]) -> None:
    for e in entries:
        t0 = time.perf_counter()
        got = truth if e.name == GOV_DICT else e.summaries()
        bad = [i for i, (g, t) in enumerate(zip(got, truth)) if g != t]
        e.disagreements = len(bad) + abs(len(got) - len(truth))
        e.first_disagreements = [{"index": i, "id": apps[i].get("id"), "engine": got[i], "govrules": truth[i]}
                                 for i in bad[:3]]
        print(f"  agreement {e.name}: {'all' if not e.disagreements else f'{e.disagreements} disagree'}"
              f" ({time.perf_counter() - t0:.1f} s)", file=sys.stderr)


def time_rounds(entries: list[Entry], n: int, rounds: int) -> None:
    k = len(entries)
    for r in range(rounds):
        order = entries[r % k:] + entries[:r % k]
        for e in order:
            gc.collect()
            t0 = time.perf_counter()
            results = e.run()
            dt = time.perf_counter() - t0
            assert len(results) == n, (e.name, len(results))
            del results
            e.rates.append(n / dt)
        print(f"  round {r + 1}/{rounds}: " + ", ".join(f"{e.name} {e.rates[-1]:,.0f}/s" for e in order),
              file=sys.stderr)


def measure_tracemalloc(e: Entry) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        results = e.run()
        _, peak = tracemalloc.get_traced_memory()
        del results
    finally:
        tracemalloc.stop()
    return peak / 2**20


def measure_rss_subprocess(name: str, args: argparse.Namespace) -> float | None:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--n", str(args.n), "--seed", str(args.seed),
           "--rss-probe", name]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, check=True).stdout
        return json.loads(out.strip().splitlines()[-1])["rss_growth_mib"]
    except Exception as exc:  # pragma: no cover - reported, not fatal
        print(f"  rss probe {name}: failed ({exc})", file=sys.stderr)
        return None


def _proc_status_kib(*keys: str) -> dict[str, int]:
    out = {}
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in keys:
                out[k] = int(v.split()[0])
    return out


def rss_probe(name: str, args: argparse.Namespace) -> int:
    """Child process: build everything, then report the peak-RSS growth of one pass of engine ``name``.

    Linux: after ``gc.collect()`` and glibc's ``malloc_trim(0)`` (so memory freed while loading is given
    back and not silently reused by the pass), the kernel's RSS high-water mark is reset
    (``/proc/self/clear_refs`` ← 5); the growth is ``VmHWM`` after the pass minus ``VmRSS`` before it.
    Elsewhere: ``ru_maxrss`` before and after (which under-reports when loading peaked higher).
    """
    import ctypes
    import resource

    rs, ref = workload.load_reference()
    cal = govrules.china_calendar()
    apps = workload.generate(args.n, args.seed, ref)
    entries = {e.name: e for e in make_entries(rs, ref, cal, apps, [name.lower()], [])}
    e = entries[name]
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        before = _proc_status_kib("VmRSS")["VmRSS"]
        results = e.run()
        after = _proc_status_kib("VmHWM")["VmHWM"]
        method = "VmHWM"
    except OSError:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        results = e.run()
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        method = "ru_maxrss"
    del results
    print(json.dumps({"engine": name, "rss_growth_mib": (after - before) / 1024, "method": method}))  # KiB
    return 0


def versions() -> dict[str, str]:
    out = {}
    for p in PACKAGES:
        try:
            out[p] = importlib.metadata.version(p)
        except importlib.metadata.PackageNotFoundError:
            out[p] = "not installed"
    return out


def machine() -> dict[str, Any]:
    return {"platform": platform.platform(),
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "cpu_count": os.cpu_count(), "processor": platform.processor() or platform.machine()}


def _fmt(x: float | None, spec: str) -> str:
    return "—" if x is None else format(x, spec)


def report(entries: list[Entry], args: argparse.Namespace, notes: list[str]) -> dict[str, Any]:
    base = next((e.median for e in entries if e.name == GOV_DICT), None)
    m, v = machine(), versions()
    print(f"machine: {m['platform']}; {m['python']}; {m['cpu_count']} CPUs ({m['processor']})")
    print("packages: " + ", ".join(f"{k} {val}" for k, val in v.items()))
    print(f"workload: {args.n:,} applications, seed {args.seed}; {args.rounds} rounds, rotated order; "
          f"median shown")
    print()
    print("| engine | decisions/s (median) | × govrules dict | peak MiB (tracemalloc) | peak RSS growth MiB "
          "| agreement |")
    print("|---|---:|---:|---:|---:|---|")
    for e in entries:
        ratio = e.median / base if (e.median and base) else None
        agree = ("reference" if e.name == GOV_DICT else "all" if e.disagreements == 0
                 else f"{e.disagreements:,} disagree (not timed)")
        print(f"| {e.name} | {_fmt(e.median, ',.0f')} | {_fmt(ratio, '.2f')} | {_fmt(e.peak_mib, '.1f')} "
              f"| {_fmt(e.rss_mib, '.1f')} | {agree} |")
    for e in entries:
        if e.disagreements:
            print(f"\n{e.name}: {e.disagreements:,} disagreements; first {len(e.first_disagreements)}:")
            for d in e.first_disagreements:
                print(f"  #{d['index']} {d['id']}: engine {d['engine']!r} / govrules {d['govrules']!r}")
    for note in notes:
        print(f"\nnote: {note}")

    timed_peers = [e for e in entries if e.kind == "peer" and e.median]
    fastest = max(timed_peers, key=lambda e: e.median, default=None)
    goals = []
    print()
    by_name = {e.name: e for e in entries}
    print("goal ratios (same run, medians):")
    for name, peer, target in GOALS:
        e, p = by_name.get(name), by_name.get(peer)
        r = e.median / p.median if (e and e.median and p and p.median) else None
        status = "—" if r is None else ("met" if r >= target else "NOT met")
        goals.append({"govrules": name, "peer": peer, "ratio": r, "target": target, "met": None if r is None else r >= target})
        shown = "—" if r is None else f"{r:.2f}×"
        print(f"  {name} / {peer}: {shown}  (target ≥ {target}×: {status})")
    return {
        "machine": m, "packages": v, "n": args.n, "seed": args.seed, "rounds": args.rounds,
        "engines": [{"name": e.name, "kind": e.kind, "rates": e.rates, "median": e.median,
                     "ratio_to_govrules_dict": (e.median / base if (e.median and base) else None),
                     "peak_mib_tracemalloc": e.peak_mib, "peak_rss_growth_mib": e.rss_mib,
                     "disagreements": e.disagreements, "first_disagreements": e.first_disagreements}
                    for e in entries],
        "fastest_peer": fastest.name if fastest else None, "goals": goals, "notes": notes,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=20251)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default=None, help="comma-separated substrings of engine names")
    ap.add_argument("--json", default=None, metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--no-rss", action="store_true", help="skip the per-engine peak-RSS subprocess pass")
    ap.add_argument("--rss-probe", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.rss_probe:
        return rss_probe(args.rss_probe, args)
    only = [s.strip().lower() for s in args.only.split(",") if s.strip()] if args.only else None

    t0 = time.perf_counter()
    rs, ref = workload.load_reference()
    cal = govrules.china_calendar()
    apps = workload.generate(args.n, args.seed, ref)
    print(f"generated {len(apps):,} applications", file=sys.stderr)
    notes: list[str] = []
    entries = make_entries(rs, ref, cal, apps, only, notes)
    truth = _per_app(lambda a: workload.summary(govrules.decide(a, ruleset=rs, calendar=cal)), apps)
    outcomes = {t[0] for t in truth if isinstance(t, tuple)}
    if outcomes != set(workload.OUTCOMES):
        notes.append(f"the workload exercises only {sorted(outcomes)}")

    check_agreement(entries, truth, apps)
    timed = [e for e in entries if e.disagreements == 0]
    time_rounds(timed, args.n, args.rounds)
    for e in timed:
        e.peak_mib = measure_tracemalloc(e)
        if not args.no_rss:
            e.rss_mib = measure_rss_subprocess(e.name, args)
        print(f"  memory {e.name}: {e.peak_mib:.1f} MiB traced"
              + ("" if e.rss_mib is None else f", {e.rss_mib:.1f} MiB RSS growth"), file=sys.stderr)
    for e in entries:
        try:
            e.close()
        except Exception:
            pass
    result = report(entries, args, notes)
    print(f"\n(total {time.perf_counter() - t0:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
