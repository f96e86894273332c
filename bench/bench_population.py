#!/usr/bin/env python
"""Benchmark: a whole population of applications at once — decide_frame and the columnar diff on a
million reference applications (run on demand, never in tests).

    python bench/bench_population.py [--n 1000000] [--seed 20251] [--sample 50000] [--agree 20000]
        [--json FILE]

One process, one run, in this order (see bench/README.md, "bench_population.py"):

1. **Input.** ``--n`` applications from ``workload.iter_generate``, generated a chunk at a time (not
   timed) and converted to one ``pyarrow.Table`` by ``table_from_applications`` (timed: "dicts → table").
   The first ``--sample`` dicts are kept for the slow peers; the plain-Python function decides every
   chunk while it is there (timed alone: all ``n`` rows). A Parquet write and read of the table
   (``pyarrow.parquet``, a temporary file) are timed apart.
2. **Deciding.** ``decide_frame`` on the whole in-memory table (after a 1,000-row warm-up); zen-engine's
   ``evaluate_batch`` (bench/peers/zen.py, the decision graph) and ``decide_many`` on the sample; the
   ratios. The sample's zen summaries are checked against decide_frame's rows.
3. **The diff.** ``govrules.diff`` of the reference ruleset against bench/reference/reform.toml on the
   table (``what_if=True``: the reform is in force from 2026), timed with its counts, transitions and
   the changed row ids; then, outside the timing, three changed rows' full Decisions
   (``report.decision``) are built and checked against ``decide()``.
4. **Agreement.** ``decide_frame`` on the first ``--agree`` rows against ``decide()`` on each, every
   column; how many rows went to the row engine.
5. **Memory.** The process's resident high-water mark per phase (Linux ``VmHWM``, reset through
   ``/proc/self/clear_refs`` before each phase) and overall (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import gc
import itertools
import json
import os
import platform
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "reference"))

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

import govrules  # noqa: E402
import workload  # noqa: E402
from govrules.engine.decide import decide_what_if  # noqa: E402
from govrules.batch.columnar import SLICE  # noqa: E402
from govrules.frame import COLUMNS, table_from_applications  # noqa: E402
from peers import plain  # noqa: E402

GIB = 1024 ** 3
GOALS = {"frame_vs_zen_batch": 20.0, "frame_vs_plain": 1.0, "diff_seconds": 10.0, "peak_rss_gib": 2.0}
DATES = ("acceptance_date", "notice_due", "statutory_due", "statutory_due_if_extended", "promised_due",
         "supplement_deadline")
LISTS = ("all_items_to_correct", "missing_materials", "tolerated_materials")


def _status_kib(key: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


@contextmanager
def phase(memory: dict[str, float], name: str) -> Iterator[None]:
    """The resident high-water mark during the block (GiB): VmHWM after a reset, else ru_maxrss."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        pass
    start = _status_kib("VmRSS")
    yield
    hwm = _status_kib("VmHWM")
    kib = hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    memory[name] = kib * 1024 / GIB
    if start is not None:
        memory[name + " (at start)"] = start * 1024 / GIB


def timed(fn: Any) -> tuple[Any, float]:
    gc.collect()
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def frame_summary(row: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """workload.summary of a decide_frame row."""
    if row["outcome"] == "correction_required":
        return row["outcome"], tuple(row["all_items_to_correct"])
    if row["outcome"] == "accepted_with_tolerance":
        return row["outcome"], tuple(row["tolerated_materials"])
    return row["outcome"], ()


def expected(app: dict[str, Any], rs: Any, cal: Any) -> dict[str, Any]:
    try:
        d = govrules.decide(app, ruleset=rs, calendar=cal)
    except govrules.GovRulesError as exc:
        return {**{c: None for c in COLUMNS if c != "engine"}, "application_id": app.get("id"), "error_code": exc.code}
    return {"application_id": d.application_id, "outcome": d.outcome.value, "error_code": None,
            **{c: list(getattr(d, c)) for c in LISTS}, **{c: getattr(d, c) for c in DATES}}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=20251)
    p.add_argument("--sample", type=int, default=50_000, help="rows for zen's evaluate_batch and decide_many")
    p.add_argument("--agree", type=int, default=20_000, help="rows of the decide_frame = decide() pass")
    p.add_argument("--chunk", type=int, default=50_000, help="rows generated and converted at a time")
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)

    rs, ref = workload.load_reference()
    reform = govrules.load_ruleset(HERE / "reference" / "reform.toml")
    cal = govrules.china_calendar()
    mem: dict[str, float] = {}
    res: dict[str, Any] = {"n": args.n, "sample": min(args.sample, args.n), "seed": args.seed}
    plain_engine = plain.build(ref)

    # 1. input: dicts → table (timed), plain Python on every chunk (timed alone), the sample kept
    sample: list[dict[str, Any]] = []
    tables, t_convert, t_plain, plain_out = [], 0.0, 0.0, 0
    stream = workload.iter_generate(args.n, args.seed, ref)
    with phase(mem, "dicts → table"):
        while chunk := list(itertools.islice(stream, args.chunk)):
            if len(sample) < args.sample:
                sample.extend(chunk[: args.sample - len(sample)])
            t, dt_ = timed(lambda: table_from_applications(chunk))
            tables.append(t)
            t_convert += dt_
            out, dt_ = timed(lambda: [plain_engine.decide(a) for a in chunk])
            t_plain += dt_
            plain_out += len(out)
            del chunk, out
        table = pa.concat_tables(tables).combine_chunks()
        del tables
    res["convert_s"], res["plain_s"] = t_convert, t_plain
    res["table_mib"] = table.nbytes / 2**20
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "applications.parquet")
        _, res["parquet_write_s"] = timed(lambda: pq.write_table(table, path))
        res["parquet_mib"] = os.path.getsize(path) / 2**20
        back, res["parquet_read_s"] = timed(lambda: pq.read_table(path))
        res["parquet_round_trip_equal"] = back.equals(table)
        del back

    # 2. deciding
    govrules.decide_frame(table.slice(0, 1000), ruleset=rs, calendar=cal)  # warm-up: plans, calendar arrays
    with phase(mem, "decide_frame"):
        out, res["frame_s"] = timed(lambda: govrules.decide_frame(table, ruleset=rs, calendar=cal))
    res["frame_row_engine_rows"] = int(pc.sum(pc.equal(out["engine"], "row")).as_py() or 0)
    with phase(mem, "decide_frame in slices"):  # the same rows in calls of SLICE rows (as the diff does)
        _, res["frame_sliced_s"] = timed(lambda: [govrules.decide_frame(table.slice(k, SLICE), ruleset=rs, calendar=cal)
                                                  for k in range(0, args.n, SLICE)])
    sample_rows = out.slice(0, len(sample)).select(["outcome", *LISTS]).to_pylist()
    del out
    try:
        from peers import zen as zen_peer

        graph = zen_peer.build_graph(ref)
        graph.decide_batch(sample[:1000])  # warm-up
        with phase(mem, "zen evaluate_batch (sample)"):
            zen_out, res["zen_batch_s"] = timed(lambda: graph.decide_batch(sample))
        res["zen_disagreements"] = sum(z != frame_summary(r) for z, r in zip(zen_out, sample_rows))
        del zen_out
        graph.close()
    except ImportError as exc:
        res["zen_batch_s"], res["zen_error"] = None, str(exc)
    many, res["decide_many_s"] = timed(lambda: list(govrules.decide_many(sample, rs, cal)))
    res["decide_many_disagreements"] = sum(workload.summary(d) != frame_summary(r) for d, r in zip(many, sample_rows))
    del many, sample_rows

    # 3. the diff: every row's transition, in the timing; full Decisions of changed rows after it
    def run_diff() -> tuple[Any, list[Any]]:
        report = govrules.diff(rs, reform, table, cal, what_if=True)
        return report, report.changed_ids

    with phase(mem, "diff (1 table, 2 sides)"):
        (report, changed_ids), res["diff_s"] = timed(run_diff)
    res["diff_total"], res["diff_changed"], res["diff_unchanged"] = report.total, len(changed_ids), report.unchanged
    res["diff_counts"] = dict(report.counts)
    res["diff_transitions"] = {f"{a} → {b}": k for (a, b), k in report.transitions.items() if a != b}
    t = report.table
    picked = pc.indices_nonzero(t["changed"]).to_pylist()
    picked = [picked[0], picked[len(picked) // 2], picked[-1]] if picked else []
    checked = []
    for row in picked:
        app = table.slice(row, 1).to_pylist()[0]
        app = {k: v for k, v in app.items() if v is not None}
        app["applicant"] = {k: v for k, v in app["applicant"].items() if v is not None}
        app["materials"] = [{k: v for k, v in m.items() if v is not None} for m in app["materials"]]
        for side, ruleset in (("a", rs), ("b", reform)):
            d = report.decision(row, side)
            want = decide_what_if(app, ruleset, cal, what_if=True)
            values = t.slice(row, 1).to_pylist()[0]
            complete = (d.model_dump_json() == want.model_dump_json() and bool(d.findings)
                        and d.outcome.value == values[f"outcome_{side}"]
                        and d.promised_due == values[f"promised_due_{side}"])
            checked.append({"row": row, "side": side, "outcome": d.outcome.value, "findings": len(d.findings),
                            "complete": complete})
    res["diff_decisions_checked"] = checked
    del report, t, changed_ids

    # 4. agreement: decide_frame = decide() on every column of the first rows
    k = min(args.agree, args.n)
    rows = govrules.decide_frame(table.slice(0, k), ruleset=rs, calendar=cal).to_pylist()
    mismatches = 0
    for app, row in zip(sample if k <= len(sample) else workload.iter_generate(k, args.seed, ref), rows):
        row = dict(row)
        row.pop("engine")
        mismatches += row != expected(app, rs, cal)
    res["agree_rows"], res["agree_mismatches"] = k, mismatches
    res["agree_row_engine_rows"] = sum(r["engine"] == "row" for r in rows)
    # ru_maxrss reads the high-water mark the phases reset: the overall peak is the highest of them all
    res["peak_rss_gib"] = max([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB, *mem.values()])
    res["phase_peak_rss_gib"] = mem
    res["machine"] = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count(),
                      "pyarrow": pa.__version__, "govrules": govrules.__version__ if hasattr(govrules, "__version__") else "?",
                      "date": dt.date.today().isoformat()}
    report_table(res)
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    return 0


def report_table(r: dict[str, Any]) -> None:
    n, s = r["n"], r["sample"]
    rate = lambda rows, secs: rows / secs if secs else float("nan")  # noqa: E731
    frame = rate(n, r["frame_s"])
    zen = rate(s, r["zen_batch_s"]) if r.get("zen_batch_s") else None
    plain_rate = rate(n, r["plain_s"])
    lines = [
        f"{'step':<46} {'rows':>10} {'seconds':>9} {'rows/s':>12}",
        f"{'dicts → pyarrow.Table (table_from_applications)':<46} {n:>10,} {r['convert_s']:>9.2f} {rate(n, r['convert_s']):>12,.0f}",
        f"{'Parquet write (' + format(r['parquet_mib'], '.0f') + ' MiB)':<46} {n:>10,} {r['parquet_write_s']:>9.2f} {rate(n, r['parquet_write_s']):>12,.0f}",
        f"{'Parquet read':<46} {n:>10,} {r['parquet_read_s']:>9.2f} {rate(n, r['parquet_read_s']):>12,.0f}",
        f"{'decide_frame (in-memory table, one call)':<46} {n:>10,} {r['frame_s']:>9.2f} {frame:>12,.0f}",
        f"{'decide_frame (calls of ' + format(SLICE, ',') + ' rows)':<46} {n:>10,} {r['frame_sliced_s']:>9.2f} "
        f"{rate(n, r['frame_sliced_s']):>12,.0f}",
    ]
    if zen is not None:
        lines.append(f"{'zen-engine evaluate_batch (sample)':<46} {s:>10,} {r['zen_batch_s']:>9.2f} {zen:>12,.0f}")
    lines += [
        f"{'decide_many (sample)':<46} {s:>10,} {r['decide_many_s']:>9.2f} {rate(s, r['decide_many_s']):>12,.0f}",
        f"{'plain Python (sets), all rows':<46} {n:>10,} {r['plain_s']:>9.2f} {plain_rate:>12,.0f}",
        f"{'diff ruleset → reform (columnar, every row)':<46} {n:>10,} {r['diff_s']:>9.2f} {rate(n, r['diff_s']):>12,.0f}",
        "",
        f"decide_frame / zen evaluate_batch: {frame / zen:.1f}× (goal ≥ {GOALS['frame_vs_zen_batch']:.0f}×)" if zen else
        f"zen-engine not run: {r.get('zen_error')}",
        f"decide_frame / plain Python: {frame / plain_rate:.2f}× one call, "
        f"{rate(n, r['frame_sliced_s']) / plain_rate:.2f}× in calls of {SLICE:,} rows (goal > 1×); "
        f"in slices / zen: {rate(n, r['frame_sliced_s']) / zen:.1f}×" if zen else "",
        f"diff: {r['diff_s']:.2f} s (goal < {GOALS['diff_seconds']:.0f} s); {r['diff_changed']:,} changed, "
        f"{r['diff_unchanged']:,} unchanged; counts {r['diff_counts']}",
        f"  transitions {r['diff_transitions']}",
        f"  full Decisions of changed rows (after the timing): "
        + ", ".join(f"row {c['row']}/{c['side']} {c['outcome']} ({c['findings']} findings) "
                    f"{'complete' if c['complete'] else 'INCOMPLETE'}" for c in r["diff_decisions_checked"]),
        f"agreement: decide_frame = decide() on {r['agree_rows']:,} rows, every column: {r['agree_mismatches']} "
        f"mismatches, {r['agree_row_engine_rows']} rows on the row engine; decide_frame on all rows: "
        f"{r['frame_row_engine_rows']} on the row engine; zen disagreements {r.get('zen_disagreements')}, "
        f"decide_many {r['decide_many_disagreements']}; Parquet round trip equal: {r['parquet_round_trip_equal']}",
        f"peak RSS: {r['peak_rss_gib']:.2f} GiB overall (goal < {GOALS['peak_rss_gib']:.0f} GiB); per phase: "
        + ", ".join(f"{k} {v:.2f}" for k, v in r["phase_peak_rss_gib"].items())
        + f"; the table {r['table_mib']:.0f} MiB in Arrow",
        f"machine: {r['machine']}",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
