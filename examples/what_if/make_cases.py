"""Last year's cases for docs/what-if.md: generated applications of the matter REF of ruleset.toml, as Parquet.

The same mix as the benchmark's reference workload (bench/reference/workload.py): about a third complete,
a third missing only tolerable secondary materials, a fifth missing main materials, the rest anything;
prerequisite C (already removed) held by half the applicants, A and B by 95 %; one in ten filed with the
city bureau instead of the county's; one applicant in seven with a dishonest credit record. Every
receipt date falls in one year (2025 by default). The same ``seed`` always gives the same rows.

    python examples/what_if/make_cases.py --rows 100000 --out cases.parquet [--seed 2025] [--year 2025]

From Python: ``write_cases(path, rows=100_000)`` (or ``cases(rows)`` for the mappings ``decide()``
takes). The requirements are read from ruleset.toml beside this file, so the cases follow the ruleset.
Needs pyarrow (the ``frame`` extra) for the Parquet file; the mappings need nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any, Iterator

HERE = Path(__file__).resolve().parent
RULESET = HERE / "ruleset.toml"
REFORM = HERE / "reform.toml"
MATTER = "REF"
SEED = 2025


def cases(rows: int, seed: int = SEED, year: int = 2025) -> Iterator[dict[str, Any]]:
    """``rows`` application mappings (as parsed from JSON) of the matter REF, received in ``year``."""
    import govrules

    matter = govrules.load_ruleset(RULESET).matters_by_code[MATTER]
    by = {n: [m.id for m in matter.materials if m.necessity.value == n] for n in ("main", "secondary", "optional")}
    prerequisites = list(matter.prerequisites)
    removed = set(matter.removed_prerequisites)
    first = dt.date(year, 1, 1).toordinal()
    span = dt.date(year, 12, 31).toordinal() - first
    rnd = random.Random(seed)
    for i in range(rows):
        scenario = rnd.random()
        main, secondary = list(by["main"]), list(by["secondary"])
        if scenario < 0.35:  # complete
            pass
        elif scenario < 0.70:  # only tolerable secondary gaps
            for x in rnd.sample(secondary, rnd.randint(1, 3)):
                secondary.remove(x)
        elif scenario < 0.90:  # main gaps, perhaps secondary ones too
            for x in rnd.sample(main, rnd.randint(1, 3)):
                main.remove(x)
            for x in rnd.sample(secondary, rnd.randint(0, 2)):
                secondary.remove(x)
        else:  # anything
            main = [x for x in main if rnd.random() < 0.8]
            secondary = [x for x in secondary if rnd.random() < 0.8]
        optional = [x for x in by["optional"] if rnd.random() < 0.5]
        materials = main + secondary + optional
        rnd.shuffle(materials)
        yield {
            "id": f"{year}-REF-{i:06d}",
            "matter_code": MATTER,
            "authority_id": matter.authority_id if rnd.random() < 0.9 else "ref-city-bureau",
            "region": "370199",
            "applicant": {"id": f"9137{i:014d}", "kind": "legal_person",
                          "credit": "dishonest" if rnd.random() < 0.15 else "good"},
            "submitted_on": dt.date.fromordinal(first + rnd.randint(0, span)).isoformat(),
            "channel": "window" if rnd.random() < 0.6 else "online",
            "materials": [{"id": x} for x in materials],
            "tolerance_commitment_signed": rnd.random() < 0.5,
            "obtained_prerequisites": [p for p in prerequisites if rnd.random() < (0.5 if p in removed else 0.95)],
        }


def write_cases(path: str | Path, rows: int = 100_000, seed: int = SEED, year: int = 2025) -> Path:
    """Write ``rows`` cases to the Parquet file ``path`` (one row per application, the columns of
    ``govrules.frame.table_from_applications``); returns the path."""
    import pyarrow.parquet as pq
    from govrules.frame import table_from_applications

    path = Path(path)
    pq.write_table(table_from_applications(cases(rows, seed, year)), path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--out", type=Path, default=Path("cases.parquet"))
    args = parser.parse_args(argv)
    if args.rows < 0:
        parser.error("--rows must be 0 or more")
    out = write_cases(args.out, args.rows, args.seed, args.year)
    print(f"wrote {args.rows} cases to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
