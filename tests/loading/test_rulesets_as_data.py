"""Rulesets from mappings: validation, warnings, cycles untied by reform, layers and versions."""

from pathlib import Path

import pytest

import govrules
from builders import matter, material, ruleset, stub
from govrules import Ruleset, RulesetError, RulesetLibrary


def codes_of(exc: RulesetError) -> set[str]:
    return {p.code for p in getattr(exc, "problems", [exc])}


def test_valid_mapping_loads_with_hash_and_no_warnings() -> None:
    rs = Ruleset.model_validate(ruleset())
    assert rs.content_hash.startswith("sha256:")
    assert rs.warnings == ()
    assert Ruleset.model_validate(ruleset()).content_hash == rs.content_hash


def test_promised_above_a_third_is_a_warning_not_an_error() -> None:
    rs = Ruleset.model_validate(ruleset(matter(promised_limit={"days": 7, "unit": "working_days"})))
    assert [w.code for w in rs.warnings] == ["promised_exceeds_one_third_of_statutory"]
    assert rs.warnings[0].path == "matters[0].promised_limit.days"
    exactly_third = Ruleset.model_validate(ruleset(matter(promised_limit={"days": 6, "unit": "working_days"})))
    assert exactly_third.warnings == ()


def test_ratio_severity_error_and_off() -> None:
    m = matter(promised_limit={"days": 7, "unit": "working_days"})
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(m, policy={"promised_ratio_policy": {"severity": "error"}}))
    assert codes_of(info.value) == {"promised_exceeds_one_third_of_statutory"}
    off = Ruleset.model_validate(ruleset(m, policy={"promised_ratio_policy": {"severity": "off"}}))
    assert off.warnings == ()


def test_cycle_untied_by_removal_is_not_an_error() -> None:
    a = matter("A", prerequisites=["B"], removed_prerequisites=["B"])
    b = matter("B", prerequisites=["A"])
    Ruleset.model_validate(ruleset(a, b))
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(a, b, policy={"apply_removed_prerequisites": False}))
    assert info.value.code == "prerequisite_cycle"
    assert info.value.cycle_members == ["A", "B"]


def test_self_loop_and_cycle_through_stubs() -> None:
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(matter("A", prerequisites=["A"])))
    assert info.value.cycle_members == ["A"]
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(matter("A", prerequisites=["S"]), stub("S", prerequisites=["A"])))
    assert info.value.cycle_members == ["A", "S"]


def test_parallel_stage_edges_are_not_cycles() -> None:
    a, b = matter("A", prerequisites=["B"]), matter("B", prerequisites=["A"])
    Ruleset.model_validate(ruleset(a, b, parallel_groups=[["A", "B"]]))


def test_long_chain_needs_no_recursion() -> None:
    chain = [matter(f"M{i}", prerequisites=[f"M{i+1}"]) for i in range(3000)] + [matter("M3000")]
    rs = Ruleset.model_validate(ruleset(*chain))
    assert len(rs.matters) == 3001


@pytest.mark.parametrize(
    "bad_material, code",
    [
        (material("x", "secondary", technical_essential=True), "invalid_material_flags"),
        (material("x", "main", tolerable=True), "invalid_material_flags"),
        (material("x", "main", technical_essential=True, commitment_substitutable=True), "invalid_material_flags"),
    ],
)
def test_flag_combinations(bad_material, code) -> None:
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(matter(materials=[bad_material])))
    assert code in codes_of(info.value)


def test_model_validate_never_raises_anything_else() -> None:
    for junk in (None, 3, "x", [], {"id": 1}, {"matters": [{"code": None}]}):
        with pytest.raises(RulesetError):
            Ruleset.model_validate(junk)


def test_extends_needs_load_ruleset() -> None:
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(ruleset(extends=["cn.national"]))
    assert info.value.code == "unresolved_extends"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


AUTHORITY = '''
[[authorities]]
id = "bureau"
name = "B"
name_zh = "局"
level = "county"
region = "370199"
'''

PARENT = '''
id = "p"
version = "{v}"
effective_from = {f}
{to}
title = "parent"
[policy]
warning_working_days = {w}
[policy.tolerance]
allow_partial = true
{authority}[[matters]]
code = "INHERITED"
name = "I"
name_zh = "继承"
type = "administrative_license"
authority = "bureau"
stub = true
[[matters]]
code = "DROPPED"
name = "D"
name_zh = "删"
type = "administrative_license"
authority = "bureau"
stub = true
'''

CHILD = '''
id = "c"
version = "1"
effective_from = 2020-01-01
extends = ["p"]
title = "child"
removed_matters = ["DROPPED"]
[policy.tolerance]
deny_if_credit = []
[[matters]]
code = "OWN"
name = "O"
name_zh = "自有"
type = "administrative_license"
authority = "bureau"
stub = true
'''


def _library(tmp_path: Path) -> Path:
    _write(tmp_path / "parents" / "p1.toml", PARENT.format(v="old", f="2019-01-01", to="effective_to = 2022-12-31", w=3, authority=AUTHORITY))
    _write(tmp_path / "parents" / "p2.toml", PARENT.format(v="new", f="2023-01-01", to="", w=4, authority=AUTHORITY))
    _write(tmp_path / "c.toml", CHILD)
    return tmp_path


def test_layering_merges_policy_and_catalogue(tmp_path: Path) -> None:
    child = govrules.load_ruleset(_library(tmp_path) / "c.toml")
    assert isinstance(child, Ruleset)
    assert set(child.matters_by_code) == {"INHERITED", "OWN"}
    assert child.policy.tolerance.allow_partial is True  # inherited, deep-merged
    assert child.policy.tolerance.deny_if_credit == ()  # the child's key wins
    assert child.lineage == (("p", "old"), ("c", "1"))  # parent in force on the child's start


def test_library_picks_versions_by_date(tmp_path: Path) -> None:
    lib = govrules.load_ruleset(_library(tmp_path))
    assert isinstance(lib, RulesetLibrary)
    import datetime as dt

    assert lib.get("c", dt.date(2021, 5, 1)).policy.warning_working_days == 3
    assert lib.get("c", dt.date(2024, 5, 1)).policy.warning_working_days == 4
    assert lib.leaves() == ["c"]


def test_parents_are_looked_up_only_in_the_files_tree_and_shipped(tmp_path: Path) -> None:
    _library(tmp_path)
    _write(tmp_path / "sub" / "c2.toml", CHILD.replace('id = "c"', 'id = "c2"'))
    with pytest.raises(RulesetError) as info:  # its parent lies outside its own directory tree
        govrules.load_ruleset(tmp_path / "sub" / "c2.toml")
    assert info.value.code == "unknown_parent"


def test_overlapping_versions(tmp_path: Path) -> None:
    _write(tmp_path / "a.toml", PARENT.format(v="a", f="2019-01-01", to="", w=3, authority=AUTHORITY))
    _write(tmp_path / "b.toml", PARENT.format(v="b", f="2020-01-01", to="", w=3, authority=AUTHORITY))
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(tmp_path)
    assert info.value.code == "overlapping_versions"


def test_extends_cycle_between_files(tmp_path: Path) -> None:
    _write(tmp_path / "x.toml", CHILD.replace('id = "c"', 'id = "x"').replace('["p"]', '["y"]'))
    _write(tmp_path / "y.toml", CHILD.replace('id = "c"', 'id = "y"').replace('["p"]', '["x"]'))
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(tmp_path / "x.toml")
    assert info.value.code == "extends_cycle"


def test_json_and_toml_give_the_same_ruleset(tmp_path: Path) -> None:
    import json

    data = ruleset()
    f = _write(tmp_path / "r.json", json.dumps(data))
    assert govrules.load_ruleset(f).content_hash == Ruleset.model_validate(data).content_hash


def test_a_user_file_can_extend_the_shipped_national_defaults(tmp_path: Path) -> None:
    f = _write(tmp_path / "county.toml", CHILD.replace('extends = ["p"]', 'extends = ["cn.national"]')
               .replace('removed_matters = ["DROPPED"]', '') + AUTHORITY)
    rs = govrules.load_ruleset(f)
    assert rs.lineage[0][0] == "cn.national"
    assert rs.policy.certificate_issue_limit.days == 10


def test_shipped_rulesets_load_and_lint_clean() -> None:
    """No errors; the one warning is spec §13a Q5's: the demo construction permit promises 2 WD from
    receipt (建筑法 Art. 8 "自收到申请之日起"), shorter than the 5-WD acceptance-notice period."""
    lib = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
    assert "cn.national" in lib.ids
    for doc in lib.documents:
        rs = lib.resolve(doc, doc.effective_from)
        expected = [("promised_shorter_than_notice_period", "CONSTR")] if "CONSTR" in rs.matters_by_code else []
        assert [(w.code, rs.matters[int(w.path.split("[")[1].split("]")[0])].code) for w in rs.warnings] == expected
