"""A fixed workload for the determinism tests, rebuilt identically in any process.

Every shipped example decided as of its receipt date, each of its event dates and its documented
as-of date (so timelines, fees, tolerance and simulated approval are all replayed), plus generated
applications of the benchmark's reference matter (seeded). Run as a script, it prints one line per
decision: ``key<TAB>sha256 of model_dump_json()`` — what a second process is compared on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import govrules  # noqa: E402
from govrules.examples import catalogue  # noqa: E402

N_GENERATED = 300


def cases(n_generated: int = N_GENERATED) -> Iterator[tuple[str, str, dict[str, Any], dt.date | None]]:
    """``(key, ruleset name, application, as_of)``; the ruleset name is ``shipped`` or ``reference``."""
    from reference.workload import generate

    for e in catalogue():
        app = e.application()
        days = {None, e.as_of, dt.date.fromisoformat(app["submitted_on"])}
        days |= {dt.date.fromisoformat(ev.get("on") or ev["from"]) for ev in app.get("events", [])}
        for day in sorted(days, key=lambda d: (d is not None, d)):
            yield f"{e.file}@{day}", "shipped", app, day
    for i, app in enumerate(generate(n_generated, seed=20260)):
        yield f"reference-{i}", "reference", app, None


def rulesets() -> dict[str, Any]:
    from reference.workload import load_reference

    return {"shipped": govrules.load_ruleset(govrules.SHIPPED_RULESETS), "reference": load_reference()[0]}


def decide_all(rs: dict[str, Any] | None = None, calendar: Any = None) -> dict[str, str]:
    """Every case's decision JSON, by key."""
    rs = rs or rulesets()
    cal = calendar or govrules.china_calendar()
    return {key: govrules.decide(app, ruleset=rs[name], calendar=cal, as_of=day).model_dump_json()
            for key, name, app, day in cases()}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


if __name__ == "__main__":
    for key, text in decide_all().items():
        print(f"{key}\t{digest(text)}")
