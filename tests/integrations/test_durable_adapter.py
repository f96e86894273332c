"""The durable-rules adapter decides exactly as decide(): differential, on generated applications."""

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import govrules

pytest.importorskip("durable")
from govrules.integrations.durable import DECISION, ERROR, DurableAdapter  # noqa: E402

sys.path.insert(0, str(Path(__file__).parents[2] / "bench" / "reference"))
from workload import MATTER, load_reference  # noqa: E402

RS, REF = load_reference()
CAL = govrules.china_calendar()
MATERIALS = REF.required + REF.optional
PREREQS = REF.prerequisites + REF.removed_prerequisites


@st.composite
def applications(draw):
    """Any valid application of the reference matter, and some invalid ones (unknown material)."""
    mats = draw(st.lists(st.sampled_from(MATERIALS), unique=True))
    statuses = st.sampled_from(["ok", "ok", "defective", "correctable_on_spot", "corrected_on_spot"])
    app = {
        "id": draw(st.text("ABC-0123456789", min_size=1, max_size=12)), "matter_code": MATTER,
        "authority_id": draw(st.sampled_from([REF.authority_id, REF.authority_id, "ref-city-bureau"])),
        "region": "370199",
        "applicant": {"id": "p", "kind": draw(st.sampled_from(["legal_person", "natural_person"])),
                      "credit": draw(st.sampled_from(["good", "dishonest"])),
                      "prior_false_commitment": draw(st.booleans())},
        "submitted_on": draw(st.dates(dt.date(2016, 1, 1), dt.date(2025, 12, 31))).isoformat(),
        "channel": draw(st.sampled_from(["window", "online", "mail"])),
        "materials": [{"id": m, "status": draw(statuses)} for m in mats],
        "tolerance_commitment_signed": draw(st.booleans()),
        "obtained_prerequisites": draw(st.lists(st.sampled_from(PREREQS), unique=True)),
        "decided_on_spot": draw(st.booleans()),
    }
    if draw(st.integers(0, 9)) == 0:
        app["materials"] = app["materials"] + [{"id": "not-a-material"}]
    return app


@pytest.fixture(scope="module")
def adapter():
    seen = []

    def collect(lang):  # a host rule that looks at every fact the adapter asserts
        @lang.when_all(+lang.m.kind)
        def observe(c):
            seen.append(dict(c.m._d))

    a = DurableAdapter(RS, CAL, extra_rules=collect)
    a.seen = seen
    return a


@settings(max_examples=150, deadline=None)
@given(applications())
def test_decides_exactly_as_decide(adapter, app) -> None:
    try:
        expected = govrules.decide(app, ruleset=RS, calendar=CAL)
    except govrules.GovRulesError as exc:
        with pytest.raises(type(exc)) as info:
            adapter.post(app)
        assert str(info.value) == str(exc)
        fact = adapter.seen[-1]
        assert fact["kind"] == ERROR and fact["code"] == exc.code and fact["field"] == exc.field
        return
    got = adapter.post(app)
    assert got.model_dump_json() == expected.model_dump_json()
    fact = adapter.seen[-1]  # the decision was asserted as a fact the host's rules can match
    assert fact["kind"] == DECISION and fact["outcome"] == expected.outcome.value
    assert govrules.Decision.model_validate(fact["decision"]) == expected


def test_shipped_examples_with_their_events() -> None:
    library = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
    from govrules.examples import catalogue

    for example in catalogue():
        adapter = DurableAdapter(library, CAL, as_of=example.as_of)
        expected = govrules.decide(example.application(), ruleset=library, calendar=CAL, as_of=example.as_of)
        assert adapter.post(example.application()).model_dump_json() == expected.model_dump_json()


def test_host_rules_react_to_decisions() -> None:
    accepted = []

    def notify(lang):
        @lang.when_all((lang.m.kind == DECISION) & (lang.m.outcome == "accepted"))
        def on_accepted(c):
            accepted.append(c.m.application_id)

    adapter = DurableAdapter(RS, CAL, extra_rules=notify)
    complete = {"id": "A1", "matter_code": MATTER, "authority_id": REF.authority_id, "region": "370199",
                "applicant": {"id": "p", "kind": "legal_person"}, "submitted_on": "2025-03-03",
                "channel": "window", "materials": [{"id": m} for m in REF.required],
                "obtained_prerequisites": list(REF.prerequisites)}
    assert adapter.post(complete).outcome == "accepted"
    assert adapter.post(dict(complete, id="A2", materials=[])).outcome == "correction_required"
    assert accepted == ["A1"]
    adapter.clear()


def test_two_adapters_do_not_collide_in_durables_global_registry() -> None:
    a, b = DurableAdapter(RS, CAL), DurableAdapter(RS, CAL)
    assert a.name != b.name


def test_non_mapping_input_is_named() -> None:
    with pytest.raises(govrules.InvalidInputError, match="application"):
        DurableAdapter(RS, CAL).post(["not", "a", "mapping"])
