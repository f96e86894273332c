"""Hypothesis properties of acceptance (spec §5.2 "never worse" order, one-time completeness)."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import govrules
from builders import material, matter, ruleset, stub
from govrules import Outcome, Ruleset
from govrules.models import OUTCOME_RANK

CAL = govrules.china_calendar()
STATUSES = ["ok", "correctable_on_spot", "corrected_on_spot", "defective"]
MATERIALS = [material("m1"), material("m2", technical_essential=True), material("s1", "secondary", tolerable=True),
             material("s2", "secondary"), material("o1", "optional")]
PREREQS = ["P1", "P2", "P3"]


@st.composite
def scenario(draw):
    removed = draw(st.lists(st.sampled_from(PREREQS), unique=True))
    parallel = draw(st.booleans())
    rs = Ruleset.model_validate(ruleset(
        matter(materials=MATERIALS, prerequisites=PREREQS, removed_prerequisites=removed),
        *[stub(p) for p in PREREQS],
        parallel_groups=[["M", "P3"]] if parallel else [],
    ))
    given_ids = draw(st.lists(st.sampled_from([m["id"] for m in MATERIALS]), unique=True))
    mats = [{"id": i, "status": draw(st.sampled_from(STATUSES))} for i in given_ids]
    app = {
        "id": "a", "matter_code": "M", "authority_id": "bureau", "region": "370199",
        "applicant": {"id": "p", "kind": "legal_person"},
        "submitted_on": draw(st.dates(dt.date(2010, 1, 1), dt.date(2025, 6, 30))).isoformat(),
        "channel": "window", "materials": mats,
        "obtained_prerequisites": draw(st.lists(st.sampled_from(PREREQS), unique=True)),
        "decided_on_spot": draw(st.booleans()),
    }
    return rs, app


def run(rs, app):
    return govrules.decide(app, ruleset=rs, calendar=CAL)


def rank(d) -> int:
    return OUTCOME_RANK[d.outcome]


@given(scenario(), st.randoms())
def test_order_of_materials_never_matters(sc, rnd) -> None:
    rs, app = sc
    shuffled = dict(app, materials=list(app["materials"]))
    rnd.shuffle(shuffled["materials"])
    shuffled["obtained_prerequisites"] = list(reversed(app["obtained_prerequisites"]))
    assert run(rs, app).model_dump_json() == run(rs, shuffled).model_dump_json()


@given(scenario(), st.sampled_from([m["id"] for m in MATERIALS]))
def test_supplying_a_material_never_makes_a_decision_worse(sc, mid) -> None:
    rs, app = sc
    before = run(rs, app)
    better = dict(app, materials=[m for m in app["materials"] if m["id"] != mid] + [{"id": mid, "status": "ok"}])
    after = run(rs, better)
    assert rank(after) >= rank(before)
    if before.outcome is Outcome.accepted:
        assert after.outcome is Outcome.accepted


@given(scenario(), st.sampled_from(PREREQS))
def test_obtaining_or_removing_a_prerequisite_never_makes_it_worse(sc, code) -> None:
    rs, app = sc
    before = run(rs, app)
    obtained = dict(app, obtained_prerequisites=sorted(set(app["obtained_prerequisites"]) | {code}))
    assert rank(run(rs, obtained)) >= rank(before)
    m = rs.matters_by_code["M"]
    removed = sorted(set(m.removed_prerequisites) | {code})
    data = rs.model_dump(mode="json")
    data["matters"][0]["removed_prerequisites"] = removed
    assert rank(run(Ruleset.model_validate(data), app)) >= rank(before)


@given(scenario())
def test_notice_lists_every_gap_compared_with_a_brute_force_recount(sc) -> None:
    rs, app = sc
    app = dict(app, decided_on_spot=True)
    d = run(rs, app)
    m = rs.matters_by_code["M"]
    status = {x["id"]: x["status"] for x in app["materials"]}
    expected = set()
    for mat in m.materials:
        if mat.necessity.value == "optional":
            continue
        s = status.get(mat.id)
        if s in (None, "defective", "correctable_on_spot"):
            expected.add(mat.id)
    removed = set(m.removed_prerequisites)
    parallel = {c for g in rs.parallel_groups if "M" in g for c in g}
    for p in m.prerequisites:
        if p not in removed and p not in parallel and p not in app["obtained_prerequisites"]:
            expected.add(f"prerequisite:{p}")
    only_on_spot = expected and all(status.get(i) == "correctable_on_spot" for i in expected)
    if not expected:
        assert d.outcome is Outcome.accepted
    elif only_on_spot:
        assert d.outcome is Outcome.correct_on_spot
        assert set(d.on_spot_correctable) == expected
    else:
        assert d.outcome is Outcome.correction_required
        assert set(d.all_items_to_correct) == expected
        assert len(d.all_items_to_correct) == len(expected)


@given(scenario())
def test_identical_inputs_give_identical_json(sc) -> None:
    rs, app = sc
    assert run(rs, app).model_dump_json() == run(Ruleset.model_validate(rs.model_dump(mode="json")), app).model_dump_json()


@given(scenario())
def test_accepted_decisions_have_ordered_working_day_deadlines(sc) -> None:
    rs, app = sc
    d = run(rs, app)
    if d.accepted:
        assert d.acceptance_date <= d.promised_due <= d.statutory_due <= d.statutory_due_if_extended
        assert CAL.is_working_day(d.statutory_due) and CAL.is_working_day(d.promised_due)
