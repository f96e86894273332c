"""Project plans (spec §8, §9, §10.12): critical path against brute force, reform never lengthens a plan,
and the seed 000 before/after story recomputed from the shipped rulesets."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govrules
from builders import ruleset
from govrules import InvalidInputError, Ruleset
from govrules.projects import plan_project

CAL = govrules.china_calendar()
D = dt.date
START = D(2025, 9, 22)


def chain_matter(code, days, prereqs=(), **extra):
    return {"code": code, "name": code, "name_zh": f"事项{code}", "type": "administrative_license",
            "authority": "bureau", "level": "county", "handling_kind": "promised", "legal_basis": ["t"],
            "statutory_limit": {"days": 3 * days, "unit": "working_days"},
            "promised_limit": {"days": days, "unit": "working_days"}, "prerequisites": list(prereqs), **extra}


@st.composite
def dags(draw):
    n = draw(st.integers(1, 7))
    codes = [f"M{i}" for i in range(n)]
    durations = [draw(st.integers(0, 15)) for _ in codes]
    edges = {c: sorted(draw(st.sets(st.sampled_from(codes[:i]))) if i else []) for i, c in enumerate(codes)}
    return codes, durations, edges


def longest_path_brute_force(codes, durations, edges):
    """Enumerate every path ending anywhere: the heaviest total of durations."""
    dur = dict(zip(codes, durations))
    best = 0

    def walk(node, acc):
        nonlocal best
        best = max(best, acc)
        for succ in codes:
            if node in edges[succ]:
                walk(succ, acc + dur[succ])

    for c in codes:
        if not edges[c]:
            walk(c, dur[c])
    return best


@given(dags(), st.dates(D(2010, 1, 1), D(2024, 6, 30)))
def test_total_is_the_longest_path_of_durations(dag, start) -> None:
    codes, durations, edges = dag
    rs = Ruleset.model_validate(ruleset(*[chain_matter(c, d, edges[c]) for c, d in zip(codes, durations)]))
    plan = plan_project({"id": "p", "matters": codes, "start": start.isoformat()}, ruleset=rs, calendar=CAL)
    assert plan.total_working_days == longest_path_brute_force(codes, durations, edges)
    assert plan.finish == CAL.add_working_days(start, plan.total_working_days)
    # the critical path is a real chain whose durations add up to the total
    dur = dict(zip(codes, durations))
    path = plan.critical_path
    assert sum(dur[c] for c in path) == plan.total_working_days
    assert all(a in edges[b] for a, b in itertools.pairwise(path))
    # every matter starts no earlier than each of its prerequisites is issued
    due = {m.code: m.due for m in plan.matters}
    for m in plan.matters:
        assert all(m.ready_on >= due[p] for p in edges[m.code])


@given(dags(), st.data())
def test_removing_a_prerequisite_or_a_parallel_stage_never_lengthens_a_plan(dag, data) -> None:
    codes, durations, edges = dag
    with_edges = [(c, p) for c in codes for p in edges[c]]
    base = Ruleset.model_validate(ruleset(*[chain_matter(c, d, edges[c]) for c, d in zip(codes, durations)]))
    project = {"id": "p", "matters": codes, "start": "2025-03-03",
               "excluded": [{"kind": "expert_review", "from": "2025-03-10", "to": "2025-03-14"}]}
    before = plan_project(project, ruleset=base, calendar=CAL).total_working_days
    if with_edges:
        c, p = data.draw(st.sampled_from(with_edges))
        removed = Ruleset.model_validate(ruleset(*[chain_matter(x, d, edges[x], removed_prerequisites=[p] if x == c else [])
                                                   for x, d in zip(codes, durations)]))
        assert plan_project(project, ruleset=removed, calendar=CAL).total_working_days <= before
    group = data.draw(st.lists(st.sampled_from(codes), min_size=2, unique=True)) if len(codes) > 1 else []
    if group:
        parallel = Ruleset.model_validate(ruleset(*[chain_matter(c, d, edges[c]) for c, d in zip(codes, durations)],
                                                  parallel_groups=[group]))
        assert plan_project(project, ruleset=parallel, calendar=CAL).total_working_days <= before


def test_excluded_periods_are_not_government_time() -> None:
    rs = Ruleset.model_validate(ruleset(chain_matter("A", 10)))
    plain = plan_project({"id": "p", "matters": ["A"], "start": "2025-03-03"}, ruleset=rs, calendar=CAL)
    paused = plan_project({"id": "p", "matters": ["A"], "start": "2025-03-03",
                           "excluded": [{"kind": "expert_review", "from": "2025-03-05", "to": "2025-03-11"}]},
                          ruleset=rs, calendar=CAL)
    assert plain.total_working_days == paused.total_working_days == 10
    assert paused.excluded_working_days == 5 and paused.finish == CAL.add_working_days(plain.finish, 5)


LIB = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
BEFORE = LIB.get("cn.demo.district", D(2021, 6, 1))
AFTER = LIB.get("cn.demo.district", D(2022, 6, 1))
SEED000 = {"id": "factory", "matters": ["PROJ", "EIA", "LAND", "PLAN-LAND", "PLAN-ENG", "CONSTR"],
           "start": "2025-09-22", "category": "industrial",
           "excluded": [{"kind": "enterprise_preparation", "from": "2025-09-24", "to": "2025-09-26"},
                        {"kind": "expert_review", "from": "2025-10-13", "to": "2025-10-17"}]}


def _promised(code):
    return AFTER.matters_by_code[code].promised_limit.days


def test_seed000_story_before_and_after_the_reform() -> None:
    before = plan_project(SEED000, ruleset=BEFORE, calendar=CAL)
    after = plan_project(SEED000, ruleset=AFTER, calendar=CAL)
    chain = ["PROJ", "EIA", "LAND", "PLAN-LAND", "PLAN-ENG", "CONSTR"]
    # before: the serial chain, every promised limit one after the other
    assert before.critical_path == tuple(chain)
    assert before.total_working_days == sum(_promised(c) for c in chain)
    # after: one parallel stage, then the only prerequisite kept (seed 000), then the permit
    stage = max(_promised(c) for c in ("PROJ", "EIA", "LAND", "PLAN-LAND"))
    assert after.total_working_days == max(stage, _promised("PLAN-LAND") + _promised("PLAN-ENG") + _promised("CONSTR"))
    assert after.critical_path[-2:] == ("PLAN-ENG", "CONSTR")
    assert after.total_working_days < before.total_working_days
    for plan in (before, after):  # the enterprise's 3 days and the expert review's 5 are not government time
        assert plan.excluded_working_days == 8


def test_profile_comparison_counts_only_the_profile_exclusions() -> None:
    plan = plan_project(dict(SEED000, profile="seed000_current_industrial_14"), ruleset=AFTER, calendar=CAL)
    p = plan.profile
    assert p.days == 14 and p.due == D(2025, 10, 28)  # spec §10.12's worked example
    assert p.within == (plan.finish <= p.due)
    assert p.margin_working_days == CAL.working_days_between(plan.finish, p.due) - CAL.excluded_working_days(
        plan.finish, p.due, [(D(2025, 10, 13), D(2025, 10, 17))])


def test_simulated_approval_breaks_ground_on_the_land_day() -> None:
    land = dict(SEED000, land_obtained_on="2025-11-20")
    waiting = plan_project(land, ruleset=AFTER, calendar=CAL)
    simulated = plan_project(dict(land, simulated_approval=True), ruleset=AFTER, calendar=CAL)
    constr = {p: next(m for m in plan.matters if m.code == "CONSTR") for p, plan in (("w", waiting), ("s", simulated))}
    assert constr["w"].ready_on == D(2025, 11, 20) and constr["w"].waits_for == "land"
    assert constr["s"].simulated and constr["s"].ready_on < D(2025, 11, 20)
    assert constr["s"].effective_on == D(2025, 11, 20) == simulated.finish  # 拿地即开工
    assert simulated.finish < waiting.finish and simulated.critical_path[0] == "land"
    # before the reform no project is eligible: the same request waits for the land
    assert not next(m for m in plan_project(dict(land, simulated_approval=True), ruleset=BEFORE, calendar=CAL).matters
                    if m.code == "CONSTR").simulated


@pytest.mark.parametrize("patch, code", [
    ({"matters": ["NOPE"]}, "unknown_matter"),
    ({"matters": ["SAFETY-REVIEW"]}, "matter_without_limit"),
    ({"profile": "nope"}, "unknown_profile"),
    ({"start": "2025-02-29"}, "invalid_value"),
    ({"excluded": [{"kind": "x", "from": "2025-03-05", "to": "2025-03-01"}]}, "invalid_value"),
])
def test_bad_projects_are_input_errors(patch, code) -> None:
    with pytest.raises(InvalidInputError) as e:
        plan_project(dict(SEED000, **patch), ruleset=AFTER, calendar=CAL)
    assert e.value.code == code


def test_plan_displays_as_a_timeline() -> None:
    plan = plan_project(dict(SEED000, profile="seed000_provincial_45"), ruleset=AFTER, calendar=CAL)
    svg = plan._repr_svg_()
    assert svg.startswith("<svg") and svg.count("<rect") >= len(plan.matters) and "seed000_provincial_45" in svg
    html = plan._repr_html_()
    assert "critical path" in html and "PLAN-ENG" in html
    from govrules.display.gantt import gantt_svg

    assert gantt_svg(plan, CAL).count('fill="#eeeeee"') >= 4  # weekends shaded with a calendar


def test_png_timeline_with_the_plot_extra(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    from govrules.display.gantt import gantt_png

    out = tmp_path / "plan.png"
    gantt_png(plan_project(dict(SEED000, profile="seed000_provincial_45"), ruleset=AFTER, calendar=CAL), str(out), CAL)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 5000


# ---- spec §13a Q4: matters proceed on a simulated result (拿地即开工) ---------------------------------
def _simulated_chain(land_on, simulated=True):
    land = {"land_dependency": {"prerequisite": "LANDX", "material": "land_document"},
            "simulated_approval_allowed": True,
            "materials": [{"id": "land_document", "name": "land", "name_zh": "土地证明", "necessity": "main",
                           "land_document": True}]}
    rs = Ruleset.model_validate(ruleset(
        chain_matter("LANDX", 4), chain_matter("A", 3, ["LANDX"], **land), chain_matter("B", 6, ["A"]),
        chain_matter("C", 5, ["B"])))
    return plan_project({"id": "p", "matters": ["LANDX", "A", "B", "C"], "start": str(START),
                         "land_obtained_on": str(land_on), "simulated_approval": simulated}, ruleset=rs, calendar=CAL)


def test_simulated_result_is_proceeded_on_from_its_due_date_and_the_plan_ends_on_the_land_day() -> None:
    land_on = D(2025, 11, 20)  # long after the 3 + 6 + 5 WD chain is done
    plan = _simulated_chain(land_on)
    rows = {m.code: m for m in plan.matters}
    assert rows["A"].ready_on == START and rows["A"].simulated
    assert rows["B"].ready_on == rows["A"].due and rows["B"].waits_for == "A"  # not the land date
    assert rows["C"].ready_on == rows["B"].due
    assert CAL.working_days_between(START, rows["C"].due) == 3 + 6 + 5
    assert rows["B"].simulated and rows["C"].simulated  # handled in simulation too
    assert {rows[c].effective_on for c in "ABC"} == {land_on}  # every simulated result takes effect then
    assert plan.finish == land_on and plan.critical_path[0] == "land"


@given(st.integers(0, 60))
def test_simulated_plan_ends_on_the_later_of_the_last_due_date_and_the_land_date(offset) -> None:
    land_on = START + dt.timedelta(days=offset)
    plan = _simulated_chain(land_on)
    waiting = _simulated_chain(land_on, simulated=False)
    last_due = max(m.due for m in plan.matters)
    assert plan.finish == max(last_due, land_on)
    assert plan.finish <= waiting.finish  # simulation never lengthens a plan
