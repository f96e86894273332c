"""Applicant-facing notices: every item to correct, the right dates, reasons, basis and remedies."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govrules
from builders import AUTH, CITY, application, material, matter, ruleset, stub
from govrules import InvalidInputError, Ruleset
from govrules.notices import NoticeKind, date_zh, notice, notices_for

CAL = govrules.china_calendar()


def _decide(rs_dict, app):
    rs = Ruleset.model_validate(rs_dict)
    return rs, govrules.decide(app, ruleset=rs, calendar=CAL)


def test_chinese_dates() -> None:
    assert date_zh(dt.date(2025, 10, 9)) == "2025年10月9日"


def test_correction_notice_lists_every_item_once_with_the_deadline() -> None:
    rs, d = _decide(ruleset(matter(prerequisites=["P"], tolerance_allowed=True), stub("P")), application(
        materials=[{"id": "form", "status": "defective"}, {"id": "plan", "status": "correctable_on_spot"}],
        events=[{"type": "correction_notice", "on": "2025-03-04"}]))
    n = notice(d, ruleset=rs, application=application(id="app-1"))
    assert n.kind is NoticeKind.correction and n.title.startswith("补正材料通知书")
    body = n.text
    # every item: defective form, on-spot plan, missing tolerable minor, the prerequisite
    for label in ("材料form", "材料plan", "材料minor", "事项P（P）"):
        assert body.count(label) == 1, label
    assert "共4项" in body
    assert "2025年3月11日" in body  # 2025-03-04 + 5 working days
    assert n.issued_on == dt.date(2025, 3, 4)
    assert "第三十二条第一款第（四）项" in body
    assert "不适用容缺受理" in body and "主要材料不齐全" in body


def test_on_spot_notice_asks_for_correction_at_the_window() -> None:
    rs, d = _decide(ruleset(matter()), application(materials=[
        {"id": "form", "status": "correctable_on_spot"}, {"id": "plan", "status": "ok"}, {"id": "minor", "status": "ok"}]))
    assert d.outcome == "correct_on_spot"
    text = notice(d, ruleset=rs, application=application()).text
    assert "当场更正" in text and "材料form" in text and "第三十二条第一款第（三）项" in text


def test_acceptance_notice_states_the_promised_and_statutory_due_dates() -> None:
    rs, d = _decide(ruleset(matter()), application())
    n = notice(d, ruleset=rs, application=application())
    assert n.kind is NoticeKind.acceptance and n.title == "受理通知书"
    assert f"承诺于{date_zh(d.promised_due)}前办结" in n.text
    assert date_zh(d.statutory_due) in n.text and "20个工作日" in n.text and "6个工作日" in n.text
    assert n.issued_on == d.acceptance_date == dt.date(2025, 3, 3)
    assert any(c.article == "第四十二条" for c in n.basis)


def test_deemed_acceptance_notice_cites_the_missed_notice_period() -> None:
    app = application(decided_on_spot=False, materials=[{"id": "form", "status": "ok"}],
                      events=[{"type": "correction_notice", "on": "2025-03-20"}])
    rs, d = _decide(ruleset(matter()), app)
    assert d.outcome == "deemed_accepted"
    text = notice(d, ruleset=rs, application=app).text
    assert "即为受理" in text and date_zh(d.notice_due) in text and "2025年3月3日" in text


def test_tolerance_gives_two_documents_with_the_supplement_deadline() -> None:
    app = application(materials=[{"id": "form", "status": "ok"}, {"id": "plan", "status": "ok"}],
                      tolerance_commitment_signed=True)
    rs, d = _decide(ruleset(matter(tolerance_allowed=True)), app)
    assert d.outcome == "accepted_with_tolerance"
    docs = notices_for(d, ruleset=rs, application=app)
    assert [x.kind for x in docs] == [NoticeKind.acceptance, NoticeKind.tolerance]
    for doc in docs:
        assert "材料minor" in doc.text and date_zh(d.supplement_deadline) in doc.text
    assert "不予颁发、送达许可证件" in docs[1].text and "尚待补齐" in docs[1].text


def test_tolerance_summary_follows_the_supplement() -> None:
    app = application(materials=[{"id": "form", "status": "ok"}, {"id": "plan", "status": "ok"}],
                      tolerance_commitment_signed=True,
                      events=[{"type": "supplement", "on": "2025-03-05", "materials": ["minor"]}])
    rs, d = _decide(ruleset(matter(tolerance_allowed=True)), app)
    text = notice(d, ruleset=rs, application=app, kind="tolerance").text
    assert "已于2025年3月5日补齐" in text


def test_not_jurisdiction_names_the_competent_authority_and_the_remedies() -> None:
    app = application(authority_id="city")
    rs, d = _decide(ruleset(matter()), app)
    n = notice(d, ruleset=rs, application=app)
    assert n.kind is NoticeKind.non_acceptance and n.title == "不予受理决定书"
    assert n.authority == CITY["name_zh"] and f"请向{AUTH['name_zh']}申请" in n.text
    assert "60日内" in n.text and "6个月内" in n.text
    assert "有管辖权的行政复议机关" in n.text and "有管辖权的人民法院" in n.text
    sources = {c.source for c in n.basis}
    assert {"中华人民共和国行政复议法（2023年修订）", "中华人民共和国行政诉讼法"} <= sources
    assert n.issued_on == d.receipt_date


def test_remedies_name_the_review_body_and_court_of_the_filing_authority() -> None:
    city = dict(CITY, review_body_zh="示例市人民政府", court_zh="示例市某区人民法院")
    app = application(authority_id="city")
    rs, d = _decide(ruleset(matter(), authorities=[AUTH, city],
                            policy={"remedies": {"review_period": {"days": 60, "unit": "calendar_days"},
                                                 "litigation_period": {"months": 6}}}), app)
    text = notice(d, ruleset=rs, application=app).text
    assert "向示例市人民政府申请行政复议" in text and "向示例市某区人民法院提起行政诉讼" in text


def test_prohibited_industry_refusal_quotes_the_list() -> None:
    app = application(project={"category": "industrial", "industry_code": "C9", "investment_cny": 1})
    rs, d = _decide(ruleset(matter(), negative_list={"prohibited": ["C9"], "labels_zh": {"C9": "高污染冶炼"}}), app)
    text = notice(d, ruleset=rs, application=app).text
    assert d.outcome == "rejected" and "C9，高污染冶炼" in text and "禁止类" in text


def test_failed_correction_refusal_lists_what_is_still_missing() -> None:
    app = application(materials=[{"id": "plan", "status": "ok"}, {"id": "minor", "status": "ok"}],
                      events=[{"type": "correction_notice", "on": "2025-03-03"},
                              {"type": "supplement", "on": "2025-03-20", "materials": ["form"]}])
    rs, d = _decide(ruleset(matter()), app)
    assert d.outcome == "not_accepted_after_failed_correction"
    n = notice(d, ruleset=rs, application=app)
    assert "材料form" in n.text and date_zh(d.correction_deadline) in n.text and "行政复议" in n.text
    assert n.issued_on <= d.non_acceptance_decision_due


def test_not_required_refusal() -> None:
    rs, d = _decide(ruleset(matter(licence_required=False)), application())
    assert "依法不需要取得行政许可" in notice(d, ruleset=rs, application=application()).text


def test_html_escapes_ruleset_and_application_text() -> None:
    hostile = "<script>alert(1)</script>"
    m = matter(materials=[material("form", name_zh=hostile), material("plan")])
    app = application(id="a<b>", materials=[{"id": "plan", "status": "ok"}])
    rs, d = _decide(ruleset(m), app)
    html = notice(d, ruleset=rs, application=app).html
    assert "<script>" not in html and "&lt;script&gt;" in html and "a&lt;b&gt;" in html


def test_wrong_kind_pending_outcome_and_other_ruleset_are_refused() -> None:
    rs, d = _decide(ruleset(matter()), application())
    with pytest.raises(InvalidInputError) as e:
        notice(d, ruleset=rs, application=application(), kind="correction")
    assert e.value.code == "notice_not_applicable"
    with pytest.raises(InvalidInputError) as e:
        notice(d, ruleset=rs, application=application(), kind="nonsense")
    assert e.value.code == "invalid_value"
    other = Ruleset.model_validate(ruleset(matter(promised_limit={"days": 5, "unit": "working_days"})))
    with pytest.raises(InvalidInputError) as e:
        notice(d, ruleset=other, application=application())
    assert e.value.code == "ruleset_mismatch"
    with pytest.raises(InvalidInputError) as e:
        notice(d, ruleset=rs, application=application(id="someone-else"))
    assert e.value.code == "application_mismatch"
    pending_app = application(decided_on_spot=False)
    rs2, pending = _decide(ruleset(matter()), pending_app)
    assert pending.outcome == "pending_acceptance_decision"
    assert notices_for(pending, ruleset=rs2, application=pending_app) == []
    with pytest.raises(InvalidInputError) as e:
        notice(pending, ruleset=rs2, application=pending_app)
    assert e.value.code == "no_notice_for_outcome"


STATUSES = st.sampled_from(["ok", "correctable_on_spot", "corrected_on_spot", "defective"])
IDS = ["form", "plan", "minor", "extra"]


@given(st.dictionaries(st.sampled_from(IDS), STATUSES), st.lists(st.sampled_from(["P", "Q"]), unique=True))
def test_the_one_time_notice_names_every_item_to_correct(given_materials, obtained) -> None:
    rs = Ruleset.model_validate(ruleset(matter(prerequisites=["P", "Q"]), stub("P"), stub("Q")))
    app = application(materials=[{"id": k, "status": v} for k, v in given_materials.items()],
                      obtained_prerequisites=obtained)
    d = govrules.decide(app, ruleset=rs, calendar=CAL)
    docs = notices_for(d, ruleset=rs, application=app)
    assert len(docs) >= (d.outcome != "pending_acceptance_decision")
    if d.outcome == "correction_required":
        listed = [i for s in docs[0].sections for i in s.items]
        expected = sorted(f"事项{x.split(':')[1]}（{x.split(':')[1]}）" if x.startswith("prerequisite:")
                          else f"材料{x}" for x in d.all_items_to_correct)
        assert sorted(listed) == expected
