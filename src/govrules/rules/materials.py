"""Step 6 of spec §5.3: classify every required material as satisfied, gap or on-the-spot item."""

from __future__ import annotations

from typing import Iterable, Mapping

import msgspec

from ..models.application import MaterialStatus

OK, SPOT, FIXED, BAD = (MaterialStatus.ok, MaterialStatus.correctable_on_spot,
                        MaterialStatus.corrected_on_spot, MaterialStatus.defective)
_ALL_OK = frozenset({OK})


class Assessment(msgspec.Struct, frozen=True, gc=False):
    """Where an application stands against a matter's requirements at one moment; each list sorted,
    and a material in one list at most."""

    missing: tuple[str, ...]
    defective: tuple[str, ...]
    on_spot: tuple[str, ...]
    on_spot_corrected: tuple[str, ...]
    missing_prerequisites: tuple[str, ...]

    @property
    def gaps(self) -> tuple[str, ...]:
        """Material gaps (missing or defective): what a correction notice must ask for."""
        return self.missing + self.defective

    @property
    def complete(self) -> bool:
        return not (self.missing or self.defective or self.on_spot or self.missing_prerequisites)

    def without(self, materials: frozenset[str] | set[str] = frozenset(),
                prerequisites: frozenset[str] | set[str] = frozenset()) -> "Assessment":
        """The same assessment once an exception satisfied ``materials`` (whatever their status) and
        ``prerequisites``: set algebra on the one assessment, never a second pass over the application."""
        if not materials and not prerequisites:
            return self
        return Assessment(_kept(self.missing, materials), _kept(self.defective, materials),
                          _kept(self.on_spot, materials), _kept(self.on_spot_corrected, materials),
                          _kept(self.missing_prerequisites, prerequisites))

    def without_gaps(self) -> "Assessment":
        """The same assessment once every gap (missing or defective material) is satisfied: what
        ``without(set(self.gaps))`` gives, a material being in one list at most."""
        if not (self.missing or self.defective):
            return self
        return Assessment((), (), self.on_spot, self.on_spot_corrected, self.missing_prerequisites)

    def all_items(self) -> tuple[str, ...]:
        """The one-time notice: every material item and every missing prerequisite, once, sorted."""
        if not (self.defective or self.on_spot or self.missing_prerequisites):
            return self.missing  # sorted, as every list of an assessment
        items = set(self.missing) | set(self.defective) | set(self.on_spot)
        items.update(f"prerequisite:{c}" for c in self.missing_prerequisites)
        return tuple(sorted(items))


def _kept(ids: tuple[str, ...], drop: frozenset[str] | set[str]) -> tuple[str, ...]:
    return tuple([i for i in ids if i not in drop]) if ids and drop else ids


def assess(
    required_ids: frozenset[str],
    statuses: Mapping[str, MaterialStatus],
    required_prerequisites: Iterable[str],
    obtained: frozenset[str] | set[str],
    satisfied_otherwise: frozenset[str] = frozenset(),
) -> Assessment:
    """``required_ids``: the main and secondary materials; ``satisfied_otherwise``: materials deemed
    satisfied by an exception (e.g. simulated approval). Set algebra, so the order given never matters."""
    need = required_ids - satisfied_otherwise if satisfied_otherwise else required_ids
    missing = tuple(sorted(need.difference(statuses)))
    prereqs = () if obtained.issuperset(required_prerequisites) else tuple(
        sorted(c for c in required_prerequisites if c not in obtained))
    if _ALL_OK.issuperset(statuses.values()):  # the usual file: every material as submitted, in order
        return Assessment(missing, (), (), (), prereqs)
    defective, spot, fixed = [], [], []
    for mid, status in statuses.items():
        if status is OK or mid not in need:
            continue
        if status is FIXED:
            fixed.append(mid)
        elif status is SPOT:
            spot.append(mid)
        else:
            defective.append(mid)
    return Assessment(missing, tuple(sorted(defective)), tuple(sorted(spot)), tuple(sorted(fixed)), prereqs)
