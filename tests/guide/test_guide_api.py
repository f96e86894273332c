"""``govrules.guide``: the public function, its errors, and escaping of what a ruleset says."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

import govrules
from builders import application, matter, material, ruleset, stub
from govrules import InvalidInputError, Ruleset
from govrules.guides import guide_markdown, render, service_guide
from govrules.guides.render import md_escape

from cases import LIBRARY

HOSTILE = "<script>alert('x')</script> & \"quoted\" | *star* _under_ [link](http://x) `tick` # 名称"


def test_guide_is_public() -> None:
    assert "guide" in govrules.__all__ and callable(govrules.guide)
    page = govrules.guide("CONSTR", LIBRARY, on=dt.date(2025, 3, 3))
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_on_defaults_to_today() -> None:
    today = dt.date.today()
    if LIBRARY.version_on("cn.demo.district", today) is None:
        pytest.skip("the shipped district ruleset is not in force today")
    assert service_guide("CONSTR", LIBRARY).on == today
    assert govrules.guide("CONSTR", LIBRARY) == govrules.guide("CONSTR", LIBRARY, on=today)


def test_the_page_names_its_fonts_and_prints() -> None:
    page = govrules.guide("FOOD", LIBRARY, on="2025-03-03")
    fonts = re.search(r"font-family:\s*([^;]+);", page).group(1)
    for font in ('"Noto Sans CJK SC"', '"Source Han Sans SC"', '"PingFang SC"', '"Microsoft YaHei"', "sans-serif"):
        assert font in fonts
    assert "<!-- Fonts:" in page and "中文需要简体中文字体" in page
    assert "@media print" in page and "@page" in page and '<meta charset="utf-8">' in page


@pytest.mark.parametrize(("call", "code", "field"), [
    (lambda: service_guide("NOPE", LIBRARY, "2025-03-03"), "no_ruleset_for_matter", "matter_code"),
    (lambda: service_guide("SAFETY-REVIEW", LIBRARY, "2025-03-03"), "matter_not_applicable", "matter_code"),
    (lambda: service_guide("BIZ", LIBRARY, "2022-01-15"), "matter_not_in_force", "on"),
    (lambda: service_guide("PL-MINING", LIBRARY, "2025-01-01"), "no_ruleset_in_force", "on"),
    (lambda: service_guide("CONSTR", LIBRARY, "next tuesday"), "invalid_value", "on"),
    (lambda: service_guide("CONSTR", LIBRARY, "2025-03-03", ruleset_id="cn.nowhere"), "unknown_ruleset", "ruleset_id"),
    (lambda: service_guide("CONSTR", "shipped", "2025-03-03"), "invalid_value", "ruleset"),
    (lambda: govrules.guide("CONSTR", LIBRARY, on="2025-03-03", format="pdf"), "invalid_value", "format"),
])
def test_errors_name_the_field_the_value_and_what_was_expected(call, code, field) -> None:
    with pytest.raises(InvalidInputError) as exc:
        call()
    assert (exc.value.code, exc.value.field) == (code, field)
    assert "expected" in str(exc.value)


def test_a_single_ruleset_stub_and_out_of_force() -> None:
    rs = Ruleset.model_validate(ruleset(matter(prerequisites=["S"], effective_from="2020-01-01"), stub("S")))
    with pytest.raises(InvalidInputError, match=r"\[matter_not_applicable\] matter_code: got 'S'"):
        service_guide("S", rs, "2025-03-03")
    with pytest.raises(InvalidInputError, match=r"\[matter_not_in_force\] on: got '2019-12-31'"):
        service_guide("M", rs, "2019-12-31")
    with pytest.raises(InvalidInputError, match=r"\[unknown_matter\] matter_code: got 'X'; expected a matter code of ruleset t.rs"):
        service_guide("X", rs, "2025-03-03")
    with pytest.raises(InvalidInputError, match=r"\[no_ruleset_in_force\] on: got '2003-12-31'"):
        service_guide("M", rs, "2003-12-31")


def _hostile() -> Ruleset:
    return Ruleset.model_validate(ruleset(matter(name_zh=HOSTILE, materials=[material("a", name_zh=HOSTILE)])))


def test_html_escapes_every_ruleset_value() -> None:
    page = render(service_guide("M", _hostile(), "2025-03-03"), "html")
    assert "<script>" not in page and html.escape(HOSTILE, quote=True) in page


def test_markdown_escapes_its_markup() -> None:
    md = guide_markdown(service_guide("M", _hostile(), "2025-03-03"))
    assert "<script>" not in md and "[link](http" not in md and "*star*" not in md
    assert md_escape(HOSTILE) in md
    row = next(line for line in md.splitlines() if line.startswith("| 1 |"))
    assert row.count(" | ") == 5  # the | in the name does not split the cell
    assert md_escape("1. item\nnext") == "1\\. item next" and md_escape("- x") == "\\- x"


def test_what_the_model_does_not_hold_is_said_not_invented() -> None:
    g = service_guide("M", Ruleset.model_validate(ruleset(matter())), "2025-03-03")
    for key in ("location", "channels", "visits"):
        assert g.element(key).paragraphs == ("未规定",)
    assert g.element("fees").paragraphs[0].startswith("未规定")
    assert g.element("legal_basis").paragraphs == ("未规定",)  # "test basis" is free text, never cited


def test_visits_delegation_fees_validity_and_deemed_approval_when_the_model_holds_them() -> None:
    m = matter(max_visits=1, delegated_service=True, validity={"years": 3},
               fees=[{"id": "f", "name": "f", "name_zh": "规费", "amount": 2000, "on_late": "not_approved",
                      "payment_period": {"days": 30, "unit": "calendar_days"},
                      "certificate_after_payment": {"days": 3, "unit": "working_days"}}])
    rs = Ruleset.model_validate(ruleset(m, policy={"deemed_approval_on_promised_expiry": True}))
    text = govrules.guide("M", rs, on="2025-03-03", format="text")
    assert "最多跑一次" in text and "全程代办" in text
    assert "规费：2000元；自收到缴费通知之日起30日（自然日）内缴清，逾期不缴纳的，不予批准；缴清后3个工作日内送达证件" in text
    assert "有效期：3年" in text and "视作同意" in text


def test_a_suspension_is_said_as_decide_answers_it() -> None:
    m = matter(suspended_from="2025-03-01", suspended_to="2025-06-30")
    rs = Ruleset.model_validate(ruleset(m))
    during = " ".join(service_guide("M", rs, "2025-03-03").element("conditions").items)
    before = " ".join(service_guide("M", rs, "2025-01-02").element("conditions").items)
    after = " ".join(service_guide("M", rs, "2025-07-01").element("conditions").items)
    said = "本事项自2025年3月1日起暂停实施至2025年6月30日，期间无需办理，不予受理。"
    assert said in during and said in before and "暂停" not in after
    d = govrules.decide(application(), ruleset=rs, calendar=govrules.china_calendar())
    assert (d.outcome.value, d.reason) == ("not_required", "matter_suspended")
