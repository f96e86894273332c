"""一件事一次办: a bundle's notice is the union of its matters' gaps, a shared material listed once."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govrules
from govrules import InvalidInputError
from govrules.notices import bundle_notice
from govrules.projects import decide_bundle

CAL = govrules.china_calendar()
LIB = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
RS = LIB.get("cn.demo.district", dt.date(2025, 6, 1))
BUNDLE = next(b for b in RS.bundles if b.id == "open-restaurant")
MATERIALS = sorted({m.id for c in BUNDLE.matters for m in RS.matters_by_code[c].materials})
STATUSES = ["ok", "defective", "correctable_on_spot", "corrected_on_spot"]


def app(materials, **extra):
    return {"id": "r1", "bundle": "open-restaurant", "authority_id": "demo-district-bureau", "region": "370199",
            "applicant": {"id": "p", "kind": "natural_person"}, "submitted_on": "2025-06-03", "channel": "window",
            "materials": materials, "events": [{"type": "correction_notice", "on": "2025-06-03"}], **extra}


def alone(code, materials):
    own = {m.id for m in RS.matters_by_code[code].materials}
    return govrules.decide({"id": "r1", "matter_code": code, "authority_id": RS.matters_by_code[code].authority_id,
                            "region": "370199", "applicant": {"id": "p", "kind": "natural_person"},
                            "submitted_on": "2025-06-03", "channel": "window",
                            "materials": [m for m in materials if m["id"] in own],
                            "events": [{"type": "correction_notice", "on": "2025-06-03"}]}, ruleset=RS, calendar=CAL)


submitted = st.lists(st.sampled_from(MATERIALS), unique=True).flatmap(
    lambda ids: st.tuples(*[st.sampled_from(STATUSES) for _ in ids]).map(
        lambda sts: [{"id": i, "status": s} for i, s in zip(ids, sts)]))


@given(submitted, st.randoms(use_true_random=False))
def test_the_bundle_notice_is_the_union_of_the_matters_gaps_each_once(materials, rnd) -> None:
    bd = decide_bundle(app(materials), ruleset=RS, calendar=CAL)
    union: dict[str, set[str]] = {}
    for code in BUNDLE.matters:
        d = alone(code, materials)
        for item in d.all_items_to_correct:
            union.setdefault(item, set()).add(code)
    assert {i.item: set(i.matters) for i in bd.all_items_to_correct} == union
    assert len({i.item for i in bd.all_items_to_correct}) == len(bd.all_items_to_correct)  # each once
    if bd.all_items_to_correct:
        text = bundle_notice(bd, ruleset=RS, application=app(materials)).text
        for item in bd.all_items_to_correct:
            assert text.count(item.name_zh + "（") == 1
    shuffled = list(materials)
    rnd.shuffle(shuffled)
    assert decide_bundle(app(shuffled), ruleset=RS, calendar=CAL).model_dump_json() == bd.model_dump_json()


def test_shared_materials_are_asked_once_and_a_complete_bundle_is_accepted() -> None:
    bd = decide_bundle(app([{"id": m} for m in MATERIALS]), ruleset=RS, calendar=CAL)
    assert bd.outcome == "accepted" and set(bd.shared_materials) == {"identity", "address_proof"}
    assert all(d.acceptance_date == dt.date(2025, 6, 3) for d in bd.decisions.values())


def test_a_complete_matter_keeps_its_receipt_acceptance_when_another_needs_correction() -> None:
    biz_only = [{"id": m} for m in ("registration_form", "articles", "identity", "address_proof")]
    bd = decide_bundle(app(biz_only), ruleset=RS, calendar=CAL)
    assert bd.decisions["BIZ"].outcome == "accepted" and bd.decisions["BIZ"].acceptance_date == dt.date(2025, 6, 3)
    assert bd.decisions["FOOD"].outcome == "correction_required" and bd.outcome == "correction_required"
    assert {i.item for i in bd.all_items_to_correct} == {"food_application_form", "premises_layout", "food_safety_rules"}


@pytest.mark.parametrize("patch, code", [
    ({"bundle": "nope"}, "unknown_bundle"),
    ({"materials": [{"id": "not-a-material"}]}, "unknown_reference"),
    ({"events": [{"type": "decision", "on": "2025-06-10", "result": "approved"}]}, "invalid_value"),
])
def test_bad_bundle_applications(patch, code) -> None:
    with pytest.raises(InvalidInputError) as e:
        decide_bundle(dict(app([]), **patch), ruleset=RS, calendar=CAL)
    assert e.value.code == code


def test_a_bundle_must_name_applicable_matters() -> None:
    from builders import matter, ruleset, stub

    with pytest.raises(govrules.RulesetError) as e:
        govrules.Ruleset.model_validate(ruleset(matter(), stub("S"), bundles=[
            {"id": "b", "name": "b", "name_zh": "b", "matters": ["M", "S"]}]))
    assert e.value.code == "invalid_value" and "stub" in str(e.value)
