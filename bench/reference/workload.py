"""The benchmark's reference decision: the matter, the generated applications, and the common answer.

Every engine in ``bench/bench_engines.py`` decides the same applications and must return the same
*summary* as govrules before its speed counts: ``(outcome, items)`` where ``items`` is the sorted
one-time correction list (材料 ids and ``prerequisite:<code>``) for ``correction_required``, the sorted
tolerated materials for ``accepted_with_tolerance``, and ``()`` otherwise.

The peers get their requirements from :class:`Reference`, read from the same ruleset file govrules
loads, so no engine is given the answers: each must apply the rules (jurisdiction → materials and
prerequisites, with the removed one ignored → tolerance conditions) itself.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

RULESET_PATH = Path(__file__).with_name("ruleset.toml")
MATTER = "REF"
OUTCOMES = ("not_jurisdiction", "correction_required", "accepted_with_tolerance", "accepted")

Summary = tuple[str, tuple[str, ...]]


@dataclass(frozen=True)
class Reference:
    """What a peer engine needs to know about the matter, taken from the ruleset."""

    authority_id: str
    main: tuple[str, ...]
    secondary_tolerable: tuple[str, ...]
    optional: tuple[str, ...]
    prerequisites: tuple[str, ...]  # effective: the removed one is not here
    removed_prerequisites: tuple[str, ...]
    deny_if_credit: tuple[str, ...]

    @property
    def required(self) -> tuple[str, ...]:
        return self.main + self.secondary_tolerable


def load_reference():
    """``(ruleset, Reference)`` from ``ruleset.toml``."""
    import govrules

    rs = govrules.load_ruleset(RULESET_PATH)
    m = rs.matters_by_code[MATTER]
    by = {n: tuple(x.id for x in m.materials if x.necessity.value == n) for n in ("main", "secondary", "optional")}
    assert all(x.tolerable for x in m.materials if x.necessity.value == "secondary")
    removed = tuple(m.removed_prerequisites)
    ref = Reference(
        authority_id=m.authority_id, main=by["main"], secondary_tolerable=by["secondary"], optional=by["optional"],
        prerequisites=tuple(p for p in m.prerequisites if p not in removed), removed_prerequisites=removed,
        deny_if_credit=tuple(c.value for c in rs.policy.tolerance.deny_if_credit),
    )
    return rs, ref


def generate(n: int, seed: int = 20251, ref: Reference | None = None) -> list[dict[str, Any]]:
    """``n`` application mappings (as parsed from JSON), reproducible from ``seed``."""
    return list(iter_generate(n, seed, ref))


def iter_generate(n: int, seed: int = 20251, ref: Reference | None = None) -> Iterator[dict[str, Any]]:
    """Streaming form of :func:`generate` (same applications, one at a time)."""
    if ref is None:
        ref = load_reference()[1]
    rnd = random.Random(seed)
    first, span = dt.date(2016, 1, 1).toordinal(), (dt.date(2025, 12, 31) - dt.date(2016, 1, 1)).days
    prereqs = ref.prerequisites + ref.removed_prerequisites
    for i in range(n):
        scenario = rnd.random()
        main, secondary = list(ref.main), list(ref.secondary_tolerable)
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
        optional = [x for x in ref.optional if rnd.random() < 0.5]
        materials = main + secondary + optional
        rnd.shuffle(materials)
        obtained = [p for p in prereqs if rnd.random() < (0.5 if p in ref.removed_prerequisites else 0.95)]
        yield {
            "id": f"REF-{seed}-{i:07d}",
            "matter_code": MATTER,
            "authority_id": ref.authority_id if rnd.random() < 0.9 else "ref-city-bureau",
            "region": "370199",
            "applicant": {"id": f"9137{i:014d}", "kind": "legal_person",
                          "credit": "dishonest" if rnd.random() < 0.15 else "good"},
            "submitted_on": dt.date.fromordinal(first + rnd.randint(0, span)).isoformat(),
            "channel": "window" if rnd.random() < 0.6 else "online",
            "materials": [{"id": x} for x in materials],
            "tolerance_commitment_signed": rnd.random() < 0.5,
            "obtained_prerequisites": obtained,
        }


def summary(decision: Any) -> Summary:
    """The part of a govrules ``Decision`` every peer must reproduce."""
    outcome = decision.outcome.value
    if outcome == "correction_required":
        return outcome, tuple(decision.all_items_to_correct)
    if outcome == "accepted_with_tolerance":
        return outcome, tuple(decision.tolerated_materials)
    return outcome, ()
