"""The applicant's name is printed; a resident ID number never is in full (notices, text, HTML)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import govrules
from builders import application, matter, ruleset, stub
from govrules import InvalidInputError, Ruleset
from govrules.display import applicant_zh, decision_html, masked_id, render_text
from govrules.notices import notices_for

CAL = govrules.china_calendar()
RS = Ruleset.model_validate(ruleset(matter(prerequisites=["P"], tolerance_allowed=True), stub("P")))

resident_ids = st.one_of(
    st.tuples(st.from_regex(r"\d{17}", fullmatch=True), st.sampled_from("0123456789X")).map("".join),
    st.from_regex(r"\d{15}", fullmatch=True),
)
STATUSES = st.sampled_from(["ok", "correctable_on_spot", "defective"])


def test_a_resident_id_keeps_its_first_6_and_last_4_characters() -> None:
    assert masked_id("110101199001011234", "natural_person") == "110101********1234"
    assert masked_id("11010119900101123X") == "110101********123X"
    assert masked_id("110101900101123") == "110101*****1123"  # the old 15 digits
    assert masked_id("91370100MA3C00001X", "legal_person") == "91370100MA3C00001X"  # 统一社会信用代码: public
    assert masked_id("E12345678", "natural_person") == "E1*****78"  # a passport number is personal too


def test_the_name_is_printed_with_the_kind_label() -> None:
    app = application(applicant={"id": "110101199001011234", "kind": "natural_person", "name": "张三"})
    d = govrules.decide(app, ruleset=RS, calendar=CAL)
    n = notices_for(d, ruleset=RS, application=app)[0]
    assert n.addressee == "申请人：张三（110101********1234）"
    assert n.text.splitlines()[4] == "申请人：张三（110101********1234）"
    org = application(applicant={"id": "91370100MA3C00001X", "kind": "legal_person", "name": "示例餐饮有限公司"})
    assert notices_for(govrules.decide(org, ruleset=RS, calendar=CAL), ruleset=RS, application=org)[0].addressee == \
        "申请单位：示例餐饮有限公司（91370100MA3C00001X）"
    assert applicant_zh("legal_person", "91370100MA3C00001X") == "申请单位：91370100MA3C00001X"


def test_the_name_is_validated_like_other_strings() -> None:
    with pytest.raises(InvalidInputError) as info:
        govrules.decide(application(applicant={"id": "p", "kind": "natural_person", "name": 7}), ruleset=RS, calendar=CAL)
    assert info.value.field == "application.applicant.name"


@given(resident_ids, st.sampled_from(["natural_person", "legal_person", "other_org"]),
       st.one_of(st.none(), st.just("李四")), st.dictionaries(st.sampled_from(["form", "plan", "minor"]), STATUSES),
       st.booleans())
def test_no_notice_text_or_html_shows_a_full_resident_id(rid, kind, name, materials, signed) -> None:
    applicant = {"id": rid, "kind": kind} | ({"name": name} if name else {})
    app = application(applicant=applicant, materials=[{"id": k, "status": v} for k, v in materials.items()],
                      tolerance_commitment_signed=signed, events=[{"type": "correction_notice", "on": "2025-03-04"}])
    d = govrules.decide(app, ruleset=RS, calendar=CAL)
    shown = [render_text(d, RS), render_text(d, RS, explain=True), decision_html(d, RS), d._repr_html_()]
    for n in notices_for(d, ruleset=RS, application=app):
        shown += [n.text, n.html, n.addressee]
        assert rid[:6] + "*" * (len(rid) - 10) + rid[-4:] in n.addressee
        if name:
            assert name in n.addressee
    for out in shown:
        assert rid not in out
