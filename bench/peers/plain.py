"""Plain Python: the reference decision hand-written with sets — the limit, not a peer.

What a programmer would write without any rules engine: the matter's requirements become frozensets
once, and each application costs one set comprehension and a few set differences.
"""

from __future__ import annotations

from typing import Any

NAME = "plain Python (sets)"
LIBRARY = None  # nothing to import: always available


class PlainEngine:
    def __init__(self, ref: Any) -> None:
        self.authority_id = ref.authority_id
        self.main = frozenset(ref.main)
        self.secondary = frozenset(ref.secondary_tolerable)
        self.required = frozenset(ref.required)
        self.prerequisites = frozenset(ref.prerequisites)
        self.deny_if_credit = frozenset(ref.deny_if_credit)

    def decide(self, app: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
        if app["authority_id"] != self.authority_id:
            return "not_jurisdiction", ()
        missing = self.required.difference([m["id"] for m in app["materials"]])
        missing_pre = self.prerequisites.difference(app["obtained_prerequisites"])
        if not missing and not missing_pre:
            return "accepted", ()
        if (not missing_pre and missing <= self.secondary and app["tolerance_commitment_signed"]
                and app["applicant"]["credit"] not in self.deny_if_credit):
            return "accepted_with_tolerance", tuple(sorted(missing))
        return "correction_required", tuple(sorted([*missing, *("prerequisite:" + p for p in missing_pre)]))

    def close(self) -> None:
        pass


def build(ref: Any) -> PlainEngine:
    return PlainEngine(ref)
