"""Assessment algebra (rules/materials.py): the shortcuts equal the general operations they stand for."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govrules.rules.materials import Assessment, assess
from govrules.models.application import MaterialStatus

IDS = [f"m{i}" for i in range(8)]


@given(st.sets(st.sampled_from(IDS)), st.dictionaries(st.sampled_from(IDS), st.sampled_from(list(MaterialStatus))),
       st.lists(st.sampled_from(["P1", "P2"]), unique=True), st.sets(st.sampled_from(["P1", "P2"])))
def test_the_shortcuts_equal_the_set_algebra(required, statuses, prereqs, obtained) -> None:
    a = assess(frozenset(required), statuses, prereqs, frozenset(obtained))
    assert a.without_gaps() == a.without(frozenset(a.gaps))
    items = set(a.missing) | set(a.defective) | set(a.on_spot) | {f"prerequisite:{c}" for c in a.missing_prerequisites}
    assert a.all_items() == tuple(sorted(items))
    assert all(list(x) == sorted(x) for x in (a.missing, a.defective, a.on_spot, a.on_spot_corrected,
                                               a.missing_prerequisites))
    lists = a.missing + a.defective + a.on_spot + a.on_spot_corrected
    assert len(lists) == len(set(lists))  # a material in one list at most
    assert isinstance(a, Assessment)
