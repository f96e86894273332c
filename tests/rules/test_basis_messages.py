"""Every rule's compiled maker (rules/basis.py) writes the same messages as formatting its templates
from basis.toml with ``str.format_map`` would, whatever the values: text (with ``%`` and braces),
numbers and dates (ISO, as ``str()`` writes them); and a prefilled maker equals the full one."""

from __future__ import annotations

import datetime as _dt
from string import Formatter

from hypothesis import given, settings
from hypothesis import strategies as st

import pytest

from govrules.rules.basis import _TEXTS, citations, finding, one_value_maker, prefilled, prefilled_one, rule_ids

RULES = sorted(rule_ids())
VALUES = st.text(max_size=8) | st.integers(-10**6, 10**6) | st.dates(_dt.date(1990, 1, 1), _dt.date(2060, 12, 31))


def _names(rule: str) -> list[str]:
    zh, en = _TEXTS[rule]
    return sorted({n for text in (zh, en) for _, n, _, _ in Formatter().parse(text) if n is not None})


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RULES), st.data())
def test_a_finding_says_what_its_templates_say(rule: str, data: st.DataObject) -> None:
    params = {n: data.draw(VALUES, label=n) for n in _names(rule)}
    made = finding(rule, "effect", "subject", **params)
    zh, en = _TEXTS[rule]
    assert (made.message_zh, made.message_en) == (zh.format_map(params), en.format_map(params))
    assert (made.rule, made.effect, made.subject, made.basis) == (rule, "effect", "subject", citations(rule))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([r for r in RULES if _names(r)]), st.data())
def test_a_prefilled_maker_is_the_full_one(rule: str, data: st.DataObject) -> None:
    names = _names(rule)
    params = {n: data.draw(VALUES, label=n) for n in names}
    fixed = set(data.draw(st.lists(st.sampled_from(names), unique=True), label="fixed"))
    make = prefilled(rule, **{n: v for n, v in params.items() if n in fixed})
    rest = {n: v for n, v in params.items() if n not in fixed}
    assert make("effect", None, (), rest) == finding(rule, "effect", **params)


ONE_VALUE = [r for r in RULES if len(_names(r)) == 1 and all(
    sum(1 for _, n, _, _ in Formatter().parse(t) if n is not None) == 1 for t in _TEXTS[r])]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ONE_VALUE), VALUES, st.none() | st.text(max_size=4))
def test_a_one_value_maker_is_the_full_one(rule: str, value, subject) -> None:
    (name,) = _names(rule)
    assert one_value_maker(rule)("effect", subject, value) == finding(rule, "effect", subject, **{name: value})


def test_the_one_value_makers_refuse_other_rules() -> None:
    assert ONE_VALUE and set(ONE_VALUE) < set(RULES)
    with pytest.raises(ValueError):
        one_value_maker(next(r for r in RULES if r not in ONE_VALUE))
    assert prefilled_one("clock.promised", days=5)("deadline", None, _dt.date(2025, 3, 3)) == finding(
        "clock.promised", "deadline", days=5, date=_dt.date(2025, 3, 3))
    with pytest.raises(ValueError):
        prefilled_one("clock.statutory", days=20)  # start and date are left
