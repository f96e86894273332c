"""Load on the HTTP service, measured: concurrent clients against a started ``govrules serve`` on loopback.

    python bench/bench_server.py                       # 8 clients, 240 s warm-up, 60 s measured
    python bench/bench_server.py --clients 4 --duration 20 --json /tmp/server.json

The server is a subprocess (``python -m govrules serve`` with its default limits, the shipped rulesets,
``--log-level warning``), started on 127.0.0.1 and a free port as the tests start it
(tests/server/live.py). Each client is a process of its own with one keep-alive httpx connection, posting
the shipped example applications in rotation to ``POST /v1/decide`` as fast as the answers come back.

Reported: requests per second, p50 and p99 latency, errors (any answer but a 200 with the Decision's
bytes, or a failed connection — must be 0), and the server's resident memory after the warm-up and at the
end (flat: growth under 5 %), and every 5 s in between. Exits 1 when there are errors or the memory grew 5 % or more.

Needs the server extra, httpx and psutil (``pip install ".[bench]"``). Run on demand, never in the tests.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "server"))


def bodies() -> list[tuple[bytes, bytes]]:
    """(request body, the decision's JSON bytes) of every shipped example."""
    import govrules
    from govrules.examples import catalogue

    lib, cal = govrules.load_ruleset(govrules.SHIPPED_RULESETS), govrules.china_calendar()
    out = []
    for e in catalogue():
        app = e.application()
        out.append((json.dumps(app, ensure_ascii=False).encode(),
                    govrules.decide(app, ruleset=lib, calendar=cal).model_dump_json().encode()))
    return out


def client(url: str, start_at: float, stop_at: float, offset: int) -> tuple[list[float], int, int]:
    """Post until ``stop_at``; latencies (s) of the requests sent after ``start_at``, errors, all requests."""
    import httpx

    work = bodies()
    latencies, errors, sent, i = [], 0, 0, offset
    with httpx.Client(base_url=url, timeout=30, headers={"content-type": "application/json"}) as c:
        while (now := time.perf_counter()) < stop_at:
            body, expected = work[i % len(work)]
            i += 1
            try:
                r = c.post("/v1/decide", content=body)
                ok = r.status_code == 200 and r.content == expected
            except httpx.HTTPError:
                ok = False
            done = time.perf_counter()
            sent += 1
            if now >= start_at:
                latencies.append(done - now)
                errors += not ok
    return latencies, errors, sent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--warmup", type=float, default=240.0,
                    help="seconds before measuring (default 240: the server's memory rises over its first "
                         "~250,000 requests, then stays flat; docs/server.md)")
    ap.add_argument("--duration", type=float, default=60.0, help="seconds measured (default 60)")
    ap.add_argument("--json", help="write the results to this file")
    ap.add_argument("--serve", default="", help="more options of govrules serve, e.g. '--threads 8'")
    args = ap.parse_args(argv)

    import psutil
    from live import start_server

    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "server.log", *args.serve.split())
        try:
            rss = psutil.Process(server.process.pid).memory_info
            rss_boot = rss().rss
            t0 = time.perf_counter() + 2.0  # the clients' processes start and read the examples meanwhile
            start_at, stop_at = t0 + args.warmup, t0 + args.warmup + args.duration
            with multiprocessing.get_context("spawn").Pool(args.clients) as pool:
                jobs = [pool.apply_async(client, (server.url, start_at, stop_at, k)) for k in range(args.clients)]
                time.sleep(max(0.0, start_at - time.perf_counter()))
                rss_start = rss().rss
                series = [rss_start]  # every 5 s while measured: flat, or still growing?
                while time.perf_counter() < stop_at - 2.5:
                    time.sleep(min(5.0, stop_at - time.perf_counter()))
                    series.append(rss().rss)
                results = [j.get(timeout=args.warmup + args.duration + 120) for j in jobs]
            rss_end = rss().rss
            log = server.output()
        finally:
            server.stop()

    latencies = sorted(x for lat, _, _ in results for x in lat)
    errors = sum(e for _, e, _ in results)
    q = statistics.quantiles(latencies, n=100)
    growth = (rss_end - rss_start) / rss_start
    report = {
        "clients": args.clients, "warmup_s": args.warmup, "duration_s": args.duration,
        "requests": len(latencies), "requests_per_s": len(latencies) / args.duration,
        "p50_ms": q[49] * 1000, "p99_ms": q[98] * 1000, "errors": errors,
        "rss_boot_mib": rss_boot / 2**20, "rss_start_mib": rss_start / 2**20, "rss_end_mib": rss_end / 2**20,
        "rss_growth_pct": growth * 100, "rss_every_5s_mib": [round(x / 2**20, 1) for x in series],
        "server_log_lines": len(log.splitlines()),
    }
    print(f"POST /v1/decide, {args.clients} clients, {args.duration:g} s after a {args.warmup:g} s warm-up "
          f"({len(bodies())} shipped examples in rotation)\n")
    print("| requests/s | p50 | p99 | requests | errors | server RSS after warm-up | at the end | growth |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {report['requests_per_s']:,.0f} | {report['p50_ms']:.1f} ms | {report['p99_ms']:.1f} ms | "
          f"{report['requests']:,} | {errors} | {report['rss_start_mib']:.1f} MiB | {report['rss_end_mib']:.1f} MiB | "
          f"{report['rss_growth_pct']:+.1f} % |")
    print("\nserver RSS every 5 s (MiB): " + " ".join(f"{x / 2**20:.1f}" for x in series))
    if log.strip():
        print("\nthe server wrote:\n" + log[-2000:])
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 1 if errors or growth >= 0.05 else 0


if __name__ == "__main__":
    raise SystemExit(main())
