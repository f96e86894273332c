"""Guide and decide() agree on generated rulesets: the materials the guide lists as required are
exactly those whose absence decide() reports missing; 容缺 and 告知承诺 are marked exactly where decide()
tolerates or substitutes; the prerequisites it says must be held are the ones decide() asks for."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import govrules
from builders import AUTH, application, material, matter, ruleset, stub
from govrules import Ruleset
from govrules.guides import render, service_guide

CAL = govrules.china_calendar()
DAY = dt.date(2025, 3, 3)
PREREQS = ["P1", "P2", "P3"]


@st.composite
def materials(draw: st.DrawFn) -> list[dict[str, Any]]:
    """1–6 materials with any valid combination of flags (spec §2: a technical essential is main, never
    tolerable nor substitutable; only a secondary material may be tolerable)."""
    out = []
    for i in range(draw(st.integers(1, 6))):
        necessity = draw(st.sampled_from(["main", "secondary", "optional"]))
        flags: dict[str, Any] = {}
        if necessity == "main" and draw(st.booleans()):
            flags["technical_essential"] = True
        if necessity == "secondary" and draw(st.booleans()):
            flags["tolerable"] = True
        if not flags.get("technical_essential") and draw(st.booleans()):
            flags["commitment_substitutable"] = True
        out.append(material(f"m{i}", necessity, **flags))
    return out


@st.composite
def scenarios(draw: st.DrawFn) -> Ruleset:
    prereqs = draw(st.lists(st.sampled_from(PREREQS), unique=True))
    removed = draw(st.lists(st.sampled_from(prereqs), unique=True)) if prereqs else []
    m = matter(materials=draw(materials()), prerequisites=prereqs, removed_prerequisites=removed,
               tolerance_allowed=draw(st.booleans()), notification_commitment_allowed=draw(st.booleans()))
    policy = {"apply_removed_prerequisites": draw(st.booleans()),
              "tolerance": {"allow_partial": draw(st.booleans())}}
    groups = [["M", "P3"]] if draw(st.booleans()) else []
    return Ruleset.model_validate(ruleset(m, *[stub(p) for p in PREREQS], policy=policy, parallel_groups=groups))


def decide(rs: Ruleset, **extra: Any) -> Any:
    return govrules.decide(application(**extra), ruleset=rs, calendar=CAL)


def submitted(rs: Ruleset, omit: str | None = None) -> list[dict[str, str]]:
    return [{"id": x.id, "status": "ok"} for x in rs.matters_by_code["M"].materials if x.id != omit]


@given(scenarios())
def test_the_required_materials_are_exactly_what_decide_reports_missing(rs) -> None:
    g = service_guide("M", rs, DAY)
    nothing = decide(rs, materials=[], obtained_prerequisites=PREREQS)
    assert set(nothing.missing_materials) == g.required_materials
    everything = decide(rs, materials=submitted(rs), obtained_prerequisites=PREREQS)
    assert everything.missing_materials == () and everything.outcome.value == "accepted"
    for x in g.materials:  # each left out alone: missing exactly when the guide says required
        alone = decide(rs, materials=submitted(rs, x.id), obtained_prerequisites=PREREQS)
        assert alone.missing_materials == ((x.id,) if x.required else ())


@given(scenarios())
def test_tolerance_and_commitment_marks_are_decides(rs) -> None:
    g = service_guide("M", rs, DAY)
    text = render(g, "text")
    for x in g.materials:
        tolerated = decide(rs, materials=submitted(rs, x.id), obtained_prerequisites=PREREQS,
                           tolerance_commitment_signed=True)
        assert (tolerated.tolerated_materials == (x.id,)) == x.tolerable
        assert (tolerated.outcome.value == "accepted_with_tolerance") == x.tolerable
        substituted = decide(rs, materials=submitted(rs, x.id), obtained_prerequisites=PREREQS,
                             notification_commitment={"signed": True, "materials": [x.id], "signed_on": "2025-03-03"})
        assert (substituted.commitment_substituted == (x.id,)) == x.substitutable
        line = next(line for line in text.splitlines() if line.strip().startswith(f"{g.materials.index(x) + 1}. {x.name_zh}："))
        assert ("容缺" in line) == x.tolerable and ("告知承诺" in line) == x.substitutable


@given(scenarios())
def test_the_prerequisites_to_hold_are_decides(rs) -> None:
    g = service_guide("M", rs, DAY)
    none_held = decide(rs, materials=submitted(rs), obtained_prerequisites=[])
    assert set(none_held.missing_prerequisites) == set(g.prerequisites)
    assert set(none_held.ignored_prerequisites) == {code for code, _ in g.ignored_prerequisites}
    items = " ".join(g.element("conditions").items)
    for code in g.prerequisites:
        assert f"须已取得事项{code}（{code}）" in items
    for code, why in g.ignored_prerequisites:
        assert f"事项{code}（{code}）：" + ("已取消前置" if why == "removed" else "与本事项并联办理") in items
        assert f"须已取得事项{code}（" not in items
    for code in set(PREREQS) - set(rs.matters_by_code["M"].prerequisites):
        assert f"事项{code}（" not in items


@given(scenarios(), st.sampled_from(["html", "md", "text"]))
def test_every_generated_guide_renders_with_the_matters_limits(rs, fmt) -> None:
    g = service_guide("M", rs, DAY)
    out = render(g, fmt)
    m = rs.matters_by_code["M"]
    assert "20个工作日" in out and "6个工作日" in out and "延长10个工作日" in out
    assert (g.statutory_limit, g.promised_limit) == (m.statutory_limit, m.promised_limit)
    assert "test basis" not in out  # free-text legal basis: for officials only
    assert AUTH["name_zh"] in out
