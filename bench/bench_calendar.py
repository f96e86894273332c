#!/usr/bin/env python
"""Benchmark: n-th working day after a date, govrules vs other libraries (run on demand, never in tests).

    /work/venv/bin/python bench/bench_calendar.py [--calls 100000] [--slow-calls 3000] [--seed 7]

Workload: random (start, n) pairs, start uniform over 2010-01-01 … 2025-12-31, 1 <= n <= 60 (n = 0 is
left out because the libraries give it different meanings). Every library's answer is checked against
govrules' answer for the same pair:

* govrules ``Calendar.add_working_days`` in a plain Python loop, and ``add_working_days_many`` (batch);
* python-holidays ``holidays.China().get_nth_working_day(start, n)`` (day-by-day loop; fewer calls);
* chinese-calendar ``find_workday(delta, start)``: it counts a working start as day 0 and the first
  working day on/after a non-working start as day 0, so ``delta = n`` or ``n - 1`` (fewer calls);
* pandas ``Timestamp + CustomBusinessDay(n)`` with an all-days weekmask and every non-working day
  listed as a holiday (per call; fewer calls);
* numpy ``busday_offset`` (batch, roll="backward") with the same all-days weekmask / holiday list,
  on datetime64 arrays, with and without the conversion from/to ``datetime.date`` lists;
* the naive numpy set-up (Mon–Fri weekmask, the notices' rest days as holidays, no make-up days) is
  only checked for agreement, to show why the all-days mask is needed.

Needs numpy, pandas, holidays and chinesecalendar (the ``bench`` extra); none is used by govrules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import sys
import time
from collections.abc import Callable

import chinese_calendar
import holidays
import numpy as np
import pandas as pd

from govrules.calendar import china_calendar

D = dt.date


def best_of(repeats: int, fn: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--slow-calls", type=int, default=3_000, help="calls for the day-by-day libraries")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    cal = china_calendar()
    rng = random.Random(args.seed)
    lo, hi = D(2010, 1, 1).toordinal(), D(2025, 12, 31).toordinal()
    starts = [D.fromordinal(rng.randint(lo, hi)) for _ in range(args.calls)]
    ns = [rng.randint(1, 60) for _ in range(args.calls)]
    slow = args.slow_calls
    rows: list[tuple[str, int, float, str]] = []

    # --- govrules ------------------------------------------------------------------------------------
    def gov_loop() -> list[dt.date]:
        add = cal.add_working_days
        return [add(s, n) for s, n in zip(starts, ns)]

    def gov_plain_loop() -> None:  # a plain for-loop, result discarded (the ≥ 3.5M/s goal)
        for s, n in zip(starts, ns):
            cal.add_working_days(s, n)

    t, truth = best_of(args.repeats, gov_loop)
    t_plain, _ = best_of(args.repeats, gov_plain_loop)
    rows.append(("govrules add_working_days (plain for-loop)", args.calls, t_plain, "reference"))
    rows.append(("govrules add_working_days (list comprehension)", args.calls, t, "reference"))
    t, got = best_of(args.repeats, lambda: cal.add_working_days_many(starts, ns))
    rows.append(("govrules add_working_days_many (batch)", args.calls, t, _agree(got, truth)))

    # --- reference data for the other libraries ------------------------------------------------------
    first, last = D(2009, 1, 1), D(2026, 12, 31)
    all_days = [D.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]
    non_working = [d for d in all_days if not cal.is_working_day(d)]
    notice_rest_weekdays = [d for d in all_days if d.weekday() < 5 and not cal.is_working_day(d)]

    # --- python-holidays -----------------------------------------------------------------------------
    h = holidays.China(years=range(2008, 2028))
    h.get_nth_working_day(D(2015, 1, 1), 3)  # warm up
    t, got = best_of(1, lambda: [h.get_nth_working_day(s, n) for s, n in zip(starts[:slow], ns[:slow])])
    rows.append((f"holidays {holidays.__version__} China().get_nth_working_day", slow, t, _agree(got, truth[:slow])))

    # --- chinese-calendar ----------------------------------------------------------------------------
    def cc_calls() -> list[dt.date]:
        out = []
        for s, n in zip(starts[:slow], ns[:slow]):
            out.append(chinese_calendar.find_workday(n if chinese_calendar.is_workday(s) else n - 1, s))
        return out

    t, got = best_of(1, cc_calls)
    rows.append(("chinese_calendar find_workday", slow, t, _agree(got, truth[:slow])))

    # --- pandas ---------------------------------------------------------------------------------------
    bdc = np.busdaycalendar(weekmask="1111111", holidays=np.array(non_working, dtype="datetime64[D]"))
    offsets = {n: pd.offsets.CustomBusinessDay(n=n, calendar=bdc) for n in range(1, 61)}
    ts_starts = [pd.Timestamp(s) for s in starts[:slow]]

    def pandas_calls() -> list[dt.date]:
        return [(ts + offsets[n]).date() for ts, n in zip(ts_starts, ns[:slow])]

    t, got = best_of(1, pandas_calls)
    rows.append((f"pandas {pd.__version__} Timestamp + CustomBusinessDay(n)", slow, t, _agree(got, truth[:slow])))

    # --- numpy ----------------------------------------------------------------------------------------
    a_starts = np.array(starts, dtype="datetime64[D]")
    a_ns = np.array(ns, dtype=np.int64)
    t, got_np = best_of(args.repeats, lambda: np.busday_offset(a_starts, a_ns, roll="backward", busdaycal=bdc))
    got = got_np.astype(object).tolist()
    rows.append((f"numpy {np.__version__} busday_offset (batch, datetime64 arrays)", args.calls, t, _agree(got, truth)))

    def numpy_from_dates() -> list[dt.date]:
        r = np.busday_offset(np.array(starts, dtype="datetime64[D]"), np.array(ns), roll="backward", busdaycal=bdc)
        return r.astype(object).tolist()

    t, got = best_of(args.repeats, numpy_from_dates)
    rows.append(("numpy busday_offset (batch, incl. date-list conversion)", args.calls, t, _agree(got, truth)))

    naive = np.busdaycalendar(weekmask="1111100", holidays=np.array(notice_rest_weekdays, dtype="datetime64[D]"))
    got = np.busday_offset(a_starts, a_ns, roll="backward", busdaycal=naive).astype(object).tolist()
    naive_agree = _agree(got, truth)

    # --- report ---------------------------------------------------------------------------------------
    base_rate = args.calls / rows[0][2]
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}; "
          f"{args.calls:,} pairs (start 2010-2025, 1 <= n <= 60), best of {args.repeats} for the fast rows")
    print(f"calendar {cal.version}")
    print()
    header = f"| {'implementation':<58} | {'calls':>7} | {'calls/s':>12} | {'vs govrules loop':>16} |    agrees |"
    print(header)
    print("|" + "-" * 60 + "|" + "-" * 9 + "|" + "-" * 14 + "|" + "-" * 18 + "|-----------|")
    for name, calls, secs, agree in rows:
        rate = calls / secs
        ratio = rate / base_rate
        shown = f"{ratio:.2f}x" if ratio >= 0.01 else f"1/{base_rate / rate:,.0f}"
        print(f"| {name:<58} | {calls:>7,} | {rate:>12,.0f} | {shown:>16} | {agree:>9} |")
    print()
    print(f"naive numpy set-up (Mon-Fri weekmask, notice rest days as holidays, no make-up days): "
          f"agrees on {naive_agree} of the {args.calls:,} pairs")
    print(f"(holidays, chinese_calendar and pandas walk day by day / per call: measured on the first {slow:,} pairs)")
    return 0


def _agree(got: list[dt.date], truth: list[dt.date]) -> str:
    same = sum(a == b for a, b in zip(got, truth))
    return "all" if same == len(truth) else f"{100 * same / len(truth):.1f}%"


if __name__ == "__main__":
    sys.exit(main())
