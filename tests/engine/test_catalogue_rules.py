"""Catalogue rules (issue 18 item 4; spec §13a Q9): 清单之外无审批, matters suspended from a date, the
approval level by the project's nature and scale, and compression targets as lint checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govrules
from govrules import InvalidInputError, Outcome, Ruleset, RulesetError
from govrules.models.application import ProjectCategory
from govrules.rules.basis import applicant_basis
from tests.builders import application, matter, ruleset

ON_LIST = {"unlisted_matter": "not_required"}


def _rs(*matters, **extra) -> Ruleset:
    return Ruleset.model_validate(ruleset(*matters, **extra))


def _sources(finding) -> set[str]:
    return {c.source for c in finding.basis}


# ---- 清单之外无审批 (Q9) -----------------------------------------------------------------------------
def test_an_unlisted_matter_is_an_input_error_by_default() -> None:
    with pytest.raises(InvalidInputError) as e:
        govrules.decide(application(matter_code="NOT-LISTED"), ruleset=_rs())
    assert e.value.code == "unknown_matter"


def test_an_unlisted_matter_needs_no_licence_when_the_list_says_so() -> None:
    rs = _rs(policy=ON_LIST)
    d = govrules.decide(application(matter_code="NOT-LISTED", materials=[{"id": "whatever"}]), ruleset=rs)
    assert (d.outcome, d.reason) == (Outcome.not_required, "not_on_catalogue")
    assert d.matter_code == "NOT-LISTED" and d.acceptance_date is None and d.all_items_to_correct == ()
    (f,) = d.findings
    assert f.rule == "acceptance.not_on_catalogue" and "NOT-LISTED" in f.message_zh and "清单之外无审批" in f.message_zh
    assert "003_a8efb97bb3bf57b5.txt" in _sources(f)  # provenance for officials: the seed's practice
    cited = applicant_basis(f.basis, on=d.receipt_date, policy=rs.policy)
    assert cited and all(c.applicant_citable for c in cited)  # the notice cites ALL Art. 32(1), not the report
    assert "not on it" in d.trace.ruleset_selection
    assert govrules.replay(d, application(matter_code="NOT-LISTED", materials=[{"id": "whatever"}]), ruleset=rs) is not None


def test_a_listed_matter_is_decided_as_before_when_the_switch_is_on() -> None:
    off, on = _rs(), _rs(policy=ON_LIST)
    assert govrules.decide(application(), ruleset=on).outcome == govrules.decide(application(), ruleset=off).outcome


def test_the_authority_is_still_checked_for_an_unlisted_matter() -> None:
    with pytest.raises(InvalidInputError) as e:
        govrules.decide(application(matter_code="NOT-LISTED", authority_id="nowhere"), ruleset=_rs(policy=ON_LIST))
    assert e.value.code == "unknown_authority"


def _library(tmp_path: Path, switch: bool) -> govrules.RulesetLibrary:
    county = ruleset(id="t.county", policy=ON_LIST if switch else {})
    other = ruleset(matter("OTHER", authority="city"), id="t.city",
                    authorities=[{"id": "city", "name": "City", "name_zh": "市局", "level": "municipal",
                                  "region": "370100"}])
    for rs in (county, other):
        (tmp_path / f"{rs['id']}.json").write_text(json.dumps(rs), encoding="utf-8")
    lib = govrules.load_ruleset(tmp_path)
    assert isinstance(lib, govrules.RulesetLibrary)
    return lib


@pytest.mark.parametrize("switch", [True, False])
def test_a_library_reads_the_list_of_the_authority_filed_with(tmp_path: Path, switch: bool) -> None:
    lib = _library(tmp_path, switch)
    app = application(matter_code="NOT-LISTED")
    if switch:
        d = govrules.decide(app, ruleset=lib)
        assert (d.outcome, d.reason, d.trace.ruleset_id) == (Outcome.not_required, "not_on_catalogue", "t.county")
    else:
        with pytest.raises(InvalidInputError) as e:
            govrules.decide(app, ruleset=lib)
        assert e.value.code == "no_ruleset_for_matter"
    assert govrules.decide(application(), ruleset=lib).trace.ruleset_id == "t.county"  # listed: as before


# ---- 暂停实施 -----------------------------------------------------------------------------------------
SUSPENDED = matter(suspended_from="2025-03-01", suspended_to="2025-06-30", suspension_basis=["县政府暂停实施决定"])


@pytest.mark.parametrize("day, suspended", [("2025-02-28", False), ("2025-03-01", True), ("2025-06-30", True),
                                            ("2025-07-01", False)])
def test_a_suspended_matter_is_not_required_while_suspended(day: str, suspended: bool) -> None:
    d = govrules.decide(application(submitted_on=day), ruleset=_rs(SUSPENDED))
    if suspended:
        assert (d.outcome, d.reason) == (Outcome.not_required, "matter_suspended")
        f = d.findings[0]
        assert f.rule == "acceptance.matter_suspended" and "2025-03-01" in f.message_zh and "2025-06-30" in f.message_zh
        assert "县政府暂停实施决定" in _sources(f)  # the matter's own suspension decision, for officials
    else:
        assert d.outcome is Outcome.accepted


def test_a_suspension_until_further_notice() -> None:
    d = govrules.decide(application(submitted_on="2030-01-02"), ruleset=_rs(matter(suspended_from="2025-03-01")))
    assert d.reason == "matter_suspended" and "至" not in d.findings[0].message_zh.split("暂停实施")[1].split("，")[0]


def test_a_suspension_ending_before_it_starts_is_a_ruleset_error() -> None:
    with pytest.raises(RulesetError) as e:
        _rs(matter(suspended_from="2025-03-01", suspended_to="2025-02-01"))
    assert e.value.path == "matters[0].suspended_to"


# ---- 审批权限清单 by nature and scale ---------------------------------------------------------------------
AUTHORITIES = [{"id": k, "name": k, "name_zh": f"{k}局", "level": lvl, "region": "370199"}
               for k, lvl in (("bureau", "county"), ("city", "municipal"), ("province", "provincial"))]
ROWS = [
    {"categories": ["industrial"], "max_investment_cny": 100_000_000, "authority_id": "bureau"},
    {"categories": ["industrial"], "authority_id": "city"},
    {"categories": ["real_estate", "service"], "max_investment_cny": 20_000_000, "authority_id": "city"},
    {"max_investment_cny": 50_000_000, "authority_id": "bureau"},
    {"authority_id": "province"},
]


def _oracle(category: str, investment: int) -> str:
    if category == "industrial":
        return "bureau" if investment <= 100_000_000 else "city"
    if category in ("real_estate", "service") and investment <= 20_000_000:
        return "city"
    return "bureau" if investment <= 50_000_000 else "province"


@settings(max_examples=150, deadline=None)
@given(category=st.sampled_from([c.value for c in ProjectCategory]), investment=st.integers(0, 400_000_000),
       filed=st.sampled_from(["bureau", "city", "province"]))
def test_the_competent_authority_follows_nature_and_scale(category: str, investment: int, filed: str) -> None:
    rs = _rs(matter(jurisdiction_by_investment=ROWS), authorities=AUTHORITIES)
    app = application(authority_id=filed, project={"category": category, "investment_cny": investment})
    d = govrules.decide(app, ruleset=rs)
    competent = _oracle(category, investment)
    if filed == competent:
        assert d.outcome is not Outcome.not_jurisdiction
    else:
        assert (d.outcome, d.refer_to_authority_id) == (Outcome.not_jurisdiction, competent)


def test_an_unknown_category_in_the_list_is_a_ruleset_error() -> None:
    with pytest.raises(RulesetError) as e:
        _rs(matter(jurisdiction_by_investment=[{"categories": ["mining"], "authority_id": "bureau"}]))
    assert "categories" in e.value.path


# ---- compression targets --------------------------------------------------------------------------------
def _targets(*targets) -> dict:
    # the seed-002 1/3 policy off, so that only the targets speak
    return {"promised_ratio_policy": {"severity": "off"}, "compression_targets": list(targets)}


def _limits(code: str, level: str, promised: int) -> dict:
    return matter(code, level=level, promised_limit={"days": promised, "unit": "working_days"})


def test_a_compression_target_warns_for_the_levels_it_names() -> None:
    rs = _rs(_limits("P", "provincial", 12), _limits("C", "county", 12), _limits("Q", "provincial", 10),
             policy=_targets({"max_ratio": "1/2", "levels": ["provincial"], "basis": "省政府压缩时限通知"}))
    hits = [w for w in rs.warnings if w.code == "promised_above_compression_target"]
    assert [w.path for w in hits] == ["matters[0].promised_limit.days"]  # 12/20 > 1/2; 10/20 is on the target
    assert "1/2" in hits[0].message and "省政府压缩时限通知" in hits[0].message


def test_a_compression_target_for_every_level_and_as_an_error() -> None:
    policy = _targets({"max_ratio": "7/10", "basis": "市级70%", "severity": "error"})
    _rs(_limits("A", "county", 14), policy=policy)  # 14/20 = 70%: allowed
    with pytest.raises(RulesetError) as e:
        _rs(_limits("A", "county", 15), policy=policy)
    assert (e.value.code, e.value.path) == ("promised_above_compression_target", "matters[0].promised_limit.days")


@settings(max_examples=80, deadline=None)
@given(statutory=st.integers(1, 60), data=st.data(), num=st.integers(1, 9), den=st.integers(1, 10))
def test_a_compression_target_warns_exactly_above_its_ratio(statutory: int, data, num: int, den: int) -> None:
    promised = data.draw(st.integers(0, statutory))
    m = matter(statutory_limit={"days": statutory, "unit": "working_days"}, extension=None,
               promised_limit={"days": promised, "unit": "working_days"})
    rs = _rs(m, policy=_targets({"max_ratio": f"{num}/{den}", "basis": "x"}))
    warned = any(w.code == "promised_above_compression_target" for w in rs.warnings)
    assert warned == (promised * den > num * statutory)


def test_the_switches_default_to_the_national_reading() -> None:
    p = govrules.Policy()
    assert p.unlisted_matter.value == "error" and p.compression_targets == ()
