"""Spec §13a Q7: an applicant-facing document cites legal sources only — laws, regulations, rules and
normative documents in force on the receipt date, in simplified Chinese — never a reform report, a
practice page or a web address. Reports stay in the Decision's findings for officials."""

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govrules
from builders import application, material, matter, ruleset
from govrules import Ruleset
from govrules.examples import catalogue
from govrules.notices import NoticeKind, bundle_notice, notice, notices_for
from govrules.projects import decide_bundle
from govrules.rules.basis import applicant_basis, citations
from govrules.testing import applicable_matters, applications

CAL = govrules.china_calendar()
LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
SHIPPED = [rs for rs in (LIBRARY.resolve(d, d.effective_from) for d in LIBRARY.documents) if applicable_matters(rs)]

#: Traditional-only characters and their simplified forms (the ones the reform reports use, and more):
#: simplified text is unchanged by this mapping.
TRAD_TO_SIMP = str.maketrans(
    "條廳審請與為時辦應當準證機關齊補內屬範圍門項業處決規許執發務國華區縣書據費個號廣東後從對經營開設產"
    "資價權徵繳違劃計記錄單聯職責會議報實際團體戶間長這們來說讓還進過選達運動頭題員場無數樣現點熱農鄉鎮"
    "續變舊歷稅紀組織細終結給統網線總編級約紙練護譯識試該詳調談論訴評讀課諾負貨購貸賣買質車軍轉輸邊遠適"
    "遷遲錯鐵銀錢閱陳陸隊陽險雜雖雙離難電靜響頁順須領頻額風館馬驗齡規礦採換",
    "条厅审请与为时办应当准证机关齐补内属范围门项业处决规许执发务国华区县书据费个号广东后从对经营开设产"
    "资价权征缴违划计记录单联职责会议报实际团体户间长这们来说让还进过选达运动头题员场无数样现点热农乡镇"
    "续变旧历税纪组织细终结给统网线总编级约纸练护译识试该详调谈论诉评读课诺负货购贷卖买质车军转输边远适"
    "迁迟错铁银钱阅陈陆队阳险杂虽双离难电静响页顺须领频额风馆马验龄规矿采换",
)
DOMAIN = re.compile(r"[A-Za-z0-9-]+\.(?:com|cn|net|org|gov|html?)\b")


def assert_applicant_citable(n) -> None:
    for c in n.basis:
        assert c.kind in ("law", "policy"), (n.kind, c)
        assert c.applicant_citable
    text = n.text
    basis_part = text[text.find("依据："):] if "依据：" in text else ""
    for piece in (basis_part, n.html):
        assert ".txt" not in piece and "http" not in piece and "gov.cn" not in piece, piece
        assert not DOMAIN.search(piece), DOMAIN.search(piece)
    assert text.translate(TRAD_TO_SIMP) == text, [ch for ch in text if ch.translate(TRAD_TO_SIMP) != ch]


def test_the_traditional_check_bites() -> None:
    assert "002_fc1fbafbf9b43ee7.txt 第六條（二）".translate(TRAD_TO_SIMP) != "002_fc1fbafbf9b43ee7.txt 第六條（二）"
    assert DOMAIN.search("西安市容缺受理说明（xzspj.xa.gov.cn）")


@pytest.mark.parametrize("example", catalogue(), ids=lambda e: e.file)
def test_every_notice_of_every_shipped_example_cites_legal_sources_only(example) -> None:
    app = example.application()
    d = govrules.decide(app, ruleset=LIBRARY, calendar=CAL, as_of=example.as_of)
    for n in notices_for(d, ruleset=LIBRARY, application=app):
        assert_applicant_citable(n)


def test_the_reports_stay_in_the_findings_for_officials() -> None:
    example = next(e for e in catalogue() if e.file == "construction_permit_correction.json")
    app = example.application()
    d = govrules.decide(app, ruleset=LIBRARY, calendar=CAL, as_of=example.as_of)
    kinds = {c.kind for f in d.findings for c in f.basis}
    assert "seed" in kinds  # provenance kept (002 第六條（二）) …
    n = notice(d, ruleset=LIBRARY, application=app)
    assert {c.kind for c in n.basis} == {"law"}  # … and never printed for the applicant
    assert "第三十二条第一款第（四）项" in n.text


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], max_examples=40)
@given(st.data())
def test_every_notice_of_generated_decisions_cites_legal_sources_only(data) -> None:
    rs = data.draw(st.sampled_from(SHIPPED))
    app = data.draw(applications(rs))
    d = govrules.decide(app, ruleset=rs, calendar=CAL)
    for n in notices_for(d, ruleset=rs, application=app):
        assert_applicant_citable(n)


def test_a_report_is_replaced_by_the_article_it_applies() -> None:
    basis = citations("acceptance.accepted")  # ALL Art. 32(5) and seed 002 第六條（一）
    assert {c.kind for c in basis} == {"law", "seed"}
    out = applicant_basis(basis, on=dt.date(2025, 3, 3))
    assert [c.article for c in out] == ["第三十二条第一款第（五）项"]
    # tolerated-gap acceptance has no national article: the notice states the practice uncited …
    assert applicant_basis(citations("tolerance.accepted"), on=dt.date(2025, 3, 3)) == ()
    # … and the certificate after the supplement cites ALL Art. 44
    assert [c.article for c in applicant_basis(citations("notice.tolerance"), on=dt.date(2025, 3, 3))] == ["第四十四条"]


def test_a_source_not_yet_in_force_gives_way_to_its_predecessor() -> None:
    clock = citations("clock.statutory")
    assert "中华人民共和国民法典" in {c.source for c in applicant_basis(clock, on=dt.date(2021, 1, 1))}
    before = {c.source for c in applicant_basis(clock, on=dt.date(2013, 5, 6))}
    assert "中华人民共和国民法典" not in before and "中华人民共和国民法通则" in before
    remedies = applicant_basis(citations("notice.remedies"), on=dt.date(2013, 5, 6))
    assert [(c.source, c.article) for c in remedies] == [("中华人民共和国行政复议法", "第九条"),
                                                        ("中华人民共和国行政诉讼法", "第三十九条")]


LOCAL_DOC = {"title": "示例区容缺受理实施办法", "kind": "policy", "number": "示例政办发〔2024〕1号",
             "article": "第五条", "in_force_from": "2024-01-01"}


def _tolerance_case(**policy):
    rs = Ruleset.model_validate(ruleset(matter(tolerance_allowed=True), effective_from="2024-01-01", policy=policy))
    app = application(materials=[{"id": "form", "status": "ok"}, {"id": "plan", "status": "ok"}],
                      tolerance_commitment_signed=True)
    d = govrules.decide(app, ruleset=rs, calendar=CAL)
    assert d.outcome == "accepted_with_tolerance"
    return {n.kind: n for n in notices_for(d, ruleset=rs, application=app)}


def test_a_ruleset_names_the_local_normative_document_of_a_practice() -> None:
    uncited = _tolerance_case()
    assert all(c.source != "示例区容缺受理实施办法（示例政办发〔2024〕1号）" for n in uncited.values() for c in n.basis)
    docs = _tolerance_case(cited={"demo_tolerance_measures": LOCAL_DOC},
                           practice_basis={"tolerance": ["demo_tolerance_measures"]})
    for kind in (NoticeKind.acceptance, NoticeKind.tolerance):
        n = docs[kind]
        assert_applicant_citable(n)
        assert any(c.source == "示例区容缺受理实施办法（示例政办发〔2024〕1号）" and c.article == "第五条" for c in n.basis)
        assert "《示例区容缺受理实施办法》（示例政办发〔2024〕1号）第五条" in n.text


def test_the_acceptance_notice_cites_the_law_that_sets_the_matters_limit() -> None:
    cited = {"construction_law_8": {"title": "中华人民共和国建筑法", "article": "第八条", "in_force_from": "2019-04-23"}}
    m = matter(statutory_limit={"days": 7, "unit": "working_days"}, promised_limit={"days": 2, "unit": "working_days"},
               extension=None, limit_basis=["construction_law_8"])
    rs = Ruleset.model_validate(ruleset(m, effective_from="2020-01-01", policy={"cited": cited}))
    d = govrules.decide(application(), ruleset=rs, calendar=CAL)
    n = notice(d, ruleset=rs, application=application())
    articles = [(c.source, c.article) for c in n.basis]
    assert ("中华人民共和国建筑法", "第八条") in articles
    assert ("中华人民共和国行政许可法", "第四十二条") not in articles  # 20 days is not this matter's limit
    plain = Ruleset.model_validate(ruleset(matter()))
    d = govrules.decide(application(), ruleset=plain, calendar=CAL)
    assert ("中华人民共和国行政许可法", "第四十二条") in [(c.source, c.article) for c in
                                                notice(d, ruleset=plain, application=application()).basis]


def test_a_bundle_notice_cites_legal_sources_only() -> None:
    rs = LIBRARY.get("cn.demo.district", dt.date(2025, 6, 3))
    app = {"id": "b-1", "bundle": "open-restaurant", "authority_id": "demo-district-bureau", "region": "370199",
           "applicant": {"id": "110101199001011234", "kind": "natural_person", "name": "张三"},
           "submitted_on": "2025-06-03", "channel": "window", "materials": [{"id": "registration_form"}],
           "events": [{"type": "correction_notice", "on": "2025-06-03"}]}
    bd = decide_bundle(app, ruleset=rs, calendar=CAL)
    n = bundle_notice(bd, ruleset=rs, application=app)
    assert_applicant_citable(n)
    assert n.addressee == "申请人：张三（110101********1234）"
    assert "110101199001011234" not in n.text + n.html


def test_a_title_that_is_a_file_or_an_address_is_refused() -> None:
    for title in ("002_fc1fbafbf9b43ee7.txt", "西安市容缺受理说明（xzspj.xa.gov.cn）", "report"):
        with pytest.raises(govrules.RulesetError) as info:
            Ruleset.model_validate(ruleset(matter(), policy={"cited": {"x": dict(LOCAL_DOC, title=title)}}))
        assert info.value.path.startswith("policy.cited.x.title")


def test_material_names_with_traditional_characters_would_be_caught() -> None:
    m = matter(materials=[material("form", name_zh="申請書"), material("plan"), material("minor", "secondary")])
    rs = Ruleset.model_validate(ruleset(m))
    app = application(materials=[{"id": "plan", "status": "ok"}])
    d = govrules.decide(app, ruleset=rs, calendar=CAL)
    with pytest.raises(AssertionError):
        assert_applicant_citable(notice(d, ruleset=rs, application=app))
