"""The engine reads the application once (engine/inputs.py ``Checked``, engine/draft.py ``Given``) and
the ruleset's constants from the plan (engine/plan.py): the compiled way gives what the rule gives read
from the matter and the policy, and no stage goes back to the pydantic model for a field it already read."""

from __future__ import annotations

import collections
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import govrules
from builders import application, material, matter, ruleset
from govrules import Application, Ruleset
from govrules.engine.plan import plan_for
from govrules.rules.tolerance import refusal_reasons, refusals

CAL = govrules.china_calendar()
MATERIALS = [material("form"), material("plan", technical_essential=True),
             material("minor", "secondary", tolerable=True), material("other", "secondary"),
             material("extra", "optional")]


@settings(max_examples=150, deadline=None)
@given(allowed=st.booleans(), deny=st.sets(st.sampled_from(["good", "dishonest"])),
       credit=st.sampled_from(["good", "dishonest"]), prior=st.booleans(), basic=st.booleans(),
       signed=st.booleans(), gaps=st.sets(st.sampled_from(["form", "plan", "minor", "other"])),
       missing=st.sampled_from([(), ("P1",)]))
def test_the_compiled_refusals_are_the_rule_read_from_the_matter(allowed, deny, credit, prior, basic, signed,
                                                                  gaps, missing) -> None:
    rs = Ruleset.model_validate(ruleset(matter(materials=MATERIALS, tolerance_allowed=allowed),
                                        policy={"tolerance": {"deny_if_credit": sorted(deny)}}))
    m = rs.matters_by_code["M"]
    plan = plan_for(rs, m)
    app = Application.model_validate(application(
        applicant={"id": "p1", "kind": "legal_person", "credit": credit, "prior_false_commitment": prior},
        basic_conditions_met=basic, tolerance_commitment_signed=signed))
    ordered = tuple(sorted(gaps))
    assert (refusals(plan.tolerance_allowed, plan.deny_if_credit, app, ordered, missing, plan.gap_refusals)
            == refusal_reasons(m, rs.policy, app, ordered, missing))
    expect_credit = credit in deny
    assert ("credit_dishonest" in refusal_reasons(m, rs.policy, app, ordered, missing)) is expect_credit


def _reads(apps: list[Application], rs: Ruleset) -> collections.Counter[str]:
    """How often each field of an Application is read while deciding ``apps`` (summed)."""
    counts: collections.Counter[str] = collections.Counter()
    original = BaseModel.__getattribute__

    def counting(self: BaseModel, name: str):  # type: ignore[no-untyped-def]
        if type(self) is Application and name in Application.model_fields:
            counts[name] += 1
        return original(self, name)

    BaseModel.__getattribute__ = counting  # type: ignore[method-assign]
    try:
        for app in apps:
            govrules.decide(app, ruleset=rs, calendar=CAL)
    finally:
        BaseModel.__getattribute__ = original  # type: ignore[method-assign]
    return counts


PLAIN = [  # no project, no commitment: every field is read once at most
    application(),  # complete
    application(materials=[{"id": "form"}]),  # gaps: a correction
    application(materials=[{"id": "form"}, {"id": "plan"}, {"id": "other"}], tolerance_commitment_signed=True),
    application(obtained_prerequisites=["M"]),
]
#: a commitment and a project are read again by the rules that judge them (rules/commitment.py, rules/simulated.py)
MORE = [application(notification_commitment={"signed": True, "materials": ["minor"]}),
        application(project={"category": "industrial", "investment_cny": 1000})]


def _too_often(variants: list[dict], most: int) -> dict[str, float]:
    rs = Ruleset.model_validate(ruleset(matter(materials=MATERIALS, tolerance_allowed=True)))
    apps = [Application.model_validate(v) for v in variants]
    for app in apps:
        govrules.decide(app, ruleset=rs, calendar=CAL)  # the plan compiled first
    counts = _reads(apps, rs)
    return {name: n / len(apps) for name, n in counts.items() if n > most * len(apps)}


def test_a_decision_reads_each_field_of_the_application_once() -> None:
    """Reading a pydantic field costs about thirty struct reads (no attribute specialisation for a class
    with ``__getattr__``): a stage that needs a field select already read takes it from ``Given`` or
    ``Checked``."""
    assert _too_often(PLAIN, 1) == {}
    assert _too_often(PLAIN + MORE, 2) == {}


def test_the_count_would_see_a_second_read() -> None:
    rs = Ruleset.model_validate(ruleset(matter(materials=MATERIALS)))
    app = Application.model_validate(application())
    govrules.decide(app, ruleset=rs, calendar=CAL)  # the plan compiled first
    before = _reads([app], rs)["submitted_on"]
    module = sys.modules["govrules.engine.decide"]
    original = module.assemble

    def rereading(*args, **kwargs):  # type: ignore[no-untyped-def]
        args[0].given.app.submitted_on  # noqa: B018 - the read under test
        return original(*args, **kwargs)

    module.assemble = rereading  # type: ignore[attr-defined]
    try:
        assert _reads([app], rs)["submitted_on"] == before + 1
    finally:
        module.assemble = original  # type: ignore[attr-defined]
