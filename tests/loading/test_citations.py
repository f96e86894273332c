"""Spec §13a Q7 lint: a ruleset version may not cite a source before it is in force; keys name sources."""

import datetime as dt
import json
from pathlib import Path

import pytest

import govrules
from builders import matter, ruleset
from govrules import Ruleset, RulesetError

MARKET_REG = {"title": "中华人民共和国市场主体登记管理条例", "article": "第十九条", "in_force_from": "2022-03-01"}


def _codes(rs_dict) -> list[RulesetError]:
    with pytest.raises(RulesetError) as info:
        Ruleset.model_validate(rs_dict)
    return getattr(info.value, "problems", [info.value])


def test_a_version_in_force_before_its_cited_source_is_refused_naming_file_path_and_both_dates(tmp_path: Path) -> None:
    rs = ruleset(matter(legal_basis=["market_reg_19"]), effective_from="2021-01-01",
                 policy={"cited": {"market_reg_19": MARKET_REG}})
    path = tmp_path / "county.json"
    path.write_text(json.dumps(rs, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        govrules.load_ruleset(path)
    err = info.value
    assert err.code == "cited_before_in_force"
    assert err.file == str(path) and err.path == "matters[0].legal_basis[0]"
    assert "2022-03-01" in str(err) and "2021-01-01" in str(err)
    assert (err.in_force_from, err.effective_from) == (dt.date(2022, 3, 1), dt.date(2021, 1, 1))


def test_the_same_source_is_accepted_from_its_in_force_date() -> None:
    for extra in ({"effective_from": "2022-03-01"}, {}):
        m = matter(legal_basis=["market_reg_19"], limit_basis=["market_reg_19"],
                   **({} if extra else {"effective_from": "2022-03-01"}))
        rs = Ruleset.model_validate(ruleset(m, **(extra or {"effective_from": "2021-01-01"}),
                                            policy={"cited": {"market_reg_19": MARKET_REG}}))
        assert rs.matters[0].limit_basis == ("market_reg_19",)


def test_limit_basis_and_practice_basis_are_checked_too() -> None:
    rs = ruleset(matter(limit_basis=["market_reg_19"]), effective_from="2021-06-01",
                 policy={"cited": {"market_reg_19": MARKET_REG}, "practice_basis": {"tolerance": ["market_reg_19"]}})
    paths = {(p.code, p.path) for p in _codes(rs)}
    assert paths == {("cited_before_in_force", "matters[0].limit_basis[0]"),
                     ("cited_before_in_force", "policy.practice_basis.tolerance[0]")}


def test_govrules_own_citations_carry_their_dates_too() -> None:
    problems = _codes(ruleset(matter(legal_basis=["all_42"]), effective_from="2004-01-01"))
    assert [(p.code, p.path) for p in problems] == [("cited_before_in_force", "matters[0].legal_basis[0]")]
    assert Ruleset.model_validate(ruleset(matter(legal_basis=["all_42"]), effective_from="2004-07-01"))


def test_unknown_keys_practices_and_clashing_keys_are_errors() -> None:
    rs = ruleset(matter(limit_basis=["nowhere"]),
                 policy={"cited": {"all_42": dict(MARKET_REG, in_force_from="2000-01-01")},
                         "practice_basis": {"karaoke": ["all_42"]}})
    codes = {(p.code, p.path) for p in _codes(rs)}
    assert ("unknown_cited_source", "matters[0].limit_basis[0]") in codes
    assert ("unknown_practice", "policy.practice_basis.karaoke") in codes
    assert ("duplicate_cited_source", "policy.cited.all_42") in codes


def test_free_text_legal_basis_stays_allowed_and_a_mistyped_key_is_a_warning() -> None:
    rs = Ruleset.model_validate(ruleset(matter(legal_basis=["某某管理办法 第三条", "constructon_law_8"])))
    assert [(w.code, w.path) for w in rs.warnings] == [("uncited_legal_basis", "matters[0].legal_basis[1]")]


def test_a_cited_source_needs_its_in_force_date() -> None:
    problems = _codes(ruleset(matter(), policy={"cited": {"x": {"title": "某某管理办法"}}}))
    assert any(p.path == "policy.cited.x.in_force_from" for p in problems)


def test_the_shipped_business_licence_cites_what_is_in_force_in_each_version() -> None:
    lib = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
    before = lib.get("cn.demo.district", dt.date(2021, 6, 1)).matters_by_code["BIZ"]
    after = lib.get("cn.demo.district", dt.date(2025, 6, 1)).matters_by_code["BIZ"]
    assert "market_entity_reg_19" not in before.legal_basis and before.effective_to == dt.date(2022, 2, 28)
    assert after.legal_basis == ("market_entity_reg_19",) and after.effective_from == dt.date(2022, 3, 1)
    constr = lib.get("cn.demo.district", dt.date(2025, 6, 1)).matters_by_code["CONSTR"]
    assert constr.extension is None and "construction_permit_measures_5" in constr.limit_basis
