"""Notebook display: Decision, Ruleset, Calendar and a month grid render themselves as escaped HTML."""

import datetime as dt
from html.parser import HTMLParser

import govrules
from builders import application, material, matter, ruleset, stub
from govrules import Ruleset
from govrules.display import decision_html

CAL = govrules.china_calendar()


class _Checker(HTMLParser):
    """Fails on unbalanced tags: the HTML must nest properly to display in a notebook."""

    VOID = {"br", "meta", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def _text(html: str) -> str:
    c = _Checker()
    c.feed(html)
    c.close()
    assert c.stack == []
    return "".join(c.text)


def test_decision_shows_outcome_items_dates_and_citations() -> None:
    rs = Ruleset.model_validate(ruleset(matter(prerequisites=["P"]), stub("P")))
    d = govrules.decide(application(materials=[{"id": "form", "status": "defective"}],
                                    events=[{"type": "correction_notice", "on": "2025-03-03"}]), ruleset=rs, calendar=CAL)
    text = _text(d._repr_html_())
    assert "一次性告知补正" in text and "correction_required" in text
    for item in d.all_items_to_correct:
        assert item in text
    assert "2025-03-10" in text  # correction deadline
    assert "中华人民共和国行政许可法" in text and "第三十二条第一款第（四）项" in text
    named = _text(decision_html(d, rs))
    assert "材料plan" in named and "前置审批：事项P" in named


def test_accepted_decision_shows_due_dates_and_states() -> None:
    rs = Ruleset.model_validate(ruleset(matter()))
    d = govrules.decide(application(), ruleset=rs, calendar=CAL, as_of=dt.date(2025, 3, 5))
    text = _text(d._repr_html_())
    assert "承诺办结日" in text and str(d.promised_due) in text and str(d.statutory_due) in text
    assert "status" in text and d.states.status.state in text


def test_values_from_data_are_escaped() -> None:
    rs = Ruleset.model_validate(ruleset(matter(materials=[material("form", name_zh="<img src=x onerror=1>")])))
    d = govrules.decide(application(id="<b>x</b>", materials=[]), ruleset=rs, calendar=CAL)
    html = decision_html(d, rs)
    assert "<img" not in html and "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<img" not in rs._repr_html_()


def test_ruleset_lists_its_matters_and_layers() -> None:
    lib = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
    rs = lib.get("cn.demo.district", dt.date(2025, 1, 1))
    text = _text(rs._repr_html_())
    assert "建筑工程施工许可证" in text and "容缺" in text and "cn.national" in text and rs.content_hash in text


def test_month_grid_marks_rest_and_make_up_days() -> None:
    month = CAL.month(2025, 10)
    assert month[0] == (dt.date(2025, 10, 1), govrules.calendar.DayKind.REST_DAY)  # still a list of pairs
    html = month._repr_html_()
    text = _text(html)
    assert "2025年10月" in text and "国庆节" in text
    assert text.count("休") >= 8 and "11班" in text  # 10-01…10-08 rest, 10-11 (Sat) make-up working day
    grid = str(month)
    assert " 11 班" in grid and "  8 休" in grid


def test_calendar_shows_its_data_version() -> None:
    text = _text(CAL._repr_html_())
    assert CAL.version in text and "2004" in text
