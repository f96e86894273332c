"""Every matter of every shipped ruleset: its guide renders in the three formats with every element,
every material and its necessity, the matter's own limits, 容缺 and 告知承诺 exactly where decide()
grants them, and no citation an applicant may not be given (spec §13a Q7)."""

from __future__ import annotations

import html
import re

import pytest

import govrules
from govrules.guides import ServiceGuide, render, service_guide
from govrules.guides.elements import NECESSITY_ZH, period_zh
from govrules.models.decision import Outcome
from govrules.models.sources import cited_source, sources
from govrules.rules.basis import applicant_basis, matter_basis

from cases import CASES, DOMAIN, LIBRARY, SEED_FILE, case_id, decide, probe

#: the elements every guide carries, in this order (seed 003: "办事指南要素由6项扩充至24项")
HEADINGS = ("事项名称", "事项编码", "事项类型", "设定依据", "实施主体", "行使层级", "办件类型", "受理条件", "申请材料",
            "办理流程", "法定时限", "承诺时限", "特别程序", "收费", "审批结果", "办理地点", "到办事现场次数", "办理渠道",
            "救济途径")
TEXT_HEADING = re.compile(r"^[一二三四五六七八九十]+、(.+)$", re.M)


def headings(text: str, fmt: str) -> list[str]:
    if fmt == "html":
        return [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", text)]
    if fmt == "md":
        return [line[3:] for line in text.splitlines() if line.startswith("## ")]
    return TEXT_HEADING.findall(text)


def test_there_are_cases_of_every_shipped_file() -> None:
    assert len(CASES) >= 15
    assert {rs.id for rs, _, _ in CASES} >= {"cn.demo.district", "cn.demo.district.instant", "cn.demo.province.land"}
    mats = [x for rs, code, day in CASES for x in service_guide(code, rs, day).materials]
    # the marks the tests compare with decide() occur both ways: the comparison is not vacuous
    assert {x.tolerable for x in mats} == {x.substitutable for x in mats} == {True, False}
    assert any(x.deemed_by_simulation for x in mats) and {x.required for x in mats} == {True, False}


@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("fmt", ["html", "md", "text"])
def test_every_element_in_order_in_every_format(case, fmt) -> None:
    rs, code, day = case
    g = service_guide(code, rs, day)
    assert g.headings == HEADINGS
    out = render(g, fmt)
    assert headings(out, fmt) == list(HEADINGS)
    assert out == govrules.guide(code, rs, on=day, format=fmt)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_material_with_its_necessity(case) -> None:
    rs, code, day = case
    m = rs.matters_by_code[code]
    g = service_guide(code, rs, day)
    assert [x.id for x in g.materials] == [x.id for x in m.materials]
    out_html, out_md, out_text = (render(g, f) for f in ("html", "md", "text"))
    for x in m.materials:
        label = NECESSITY_ZH[x.necessity.value]
        assert f"<td>{html.escape(x.name_zh)}</td><td>{label}</td>" in out_html
        assert f"| {x.name_zh} | {label} |" in out_md.replace("\\", "") or "\\" in x.name_zh
        assert any(line.strip().split(". ", 1)[-1].startswith(f"{x.name_zh}：{label}") for line in out_text.splitlines())
    required = {x.id for x in m.materials if x.necessity.value != "optional"}
    assert g.required_materials == required


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_limits_are_the_matters(case) -> None:
    rs, code, day = case
    m = rs.matters_by_code[code]
    g = service_guide(code, rs, day)
    assert (g.statutory_limit, g.promised_limit, g.extension) == (m.statutory_limit, m.promised_limit, m.extension)
    assert g.correction_period == (m.correction_period or rs.policy.correction_period)
    assert g.certificate_limit == (m.certificate_issue_limit or rs.policy.certificate_issue_limit)
    assert g.acceptance_notice_limit == rs.policy.acceptance_notice_limit
    statutory, promised = g.element("statutory_limit"), g.element("promised_limit")
    assert statutory.paragraphs[0].startswith(period_zh(m.statutory_limit))
    assert promised.paragraphs[0].startswith(period_zh(m.promised_limit))
    for p in (m.statutory_limit, m.promised_limit):
        if p.days is not None:
            assert ("工作日" if p.unit.value == "working_days" else "自然日") in period_zh(p)
    procedure = " ".join(g.element("procedure").items)
    assert f"在{period_zh(rs.policy.acceptance_notice_limit)}内一次性告知" in procedure
    assert period_zh(g.correction_period) in procedure and period_zh(m.statutory_limit) in procedure
    if m.extension is not None and m.extension.days:
        assert f"延长{period_zh(m.extension)}" in " ".join(statutory.paragraphs)
    fees = g.element("fees")
    for f in m.fees:
        assert any(f.name_zh in i and period_zh(f.payment_period) in i for i in fees.items)
    if not m.fees:
        assert fees.paragraphs[0].startswith("未规定")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_tolerance_and_commitment_exactly_where_decide_grants_them(case) -> None:
    """The guide's 容缺 / 告知承诺 marks against decide() itself: each material left out alone, with the
    tolerance commitment signed (tolerated?), or with a notification-commitment listing it (substituted?)."""
    rs, code, day = case
    m = rs.matters_by_code[code]
    if not m.licence_required or m.suspended_on(day):
        pytest.skip("no licence needed (or suspended): decide() never looks at the materials")
    g = service_guide(code, rs, day)
    text = render(g, "text")
    lines = {x.id: next(line for line in text.splitlines() if f". {x.name_zh}：" in line) for x in m.materials}
    for x in g.materials:
        tolerated = decide(rs, probe(rs, code, day, omit=x.id, tolerance_signed=True))
        assert (x.id in tolerated.tolerated_materials) == x.tolerable, (x.id, tolerated.outcome)
        if x.required and not x.tolerable:
            assert tolerated.missing_materials == (x.id,)
        substituted = decide(rs, probe(rs, code, day, omit=x.id, commitment=(x.id,)))
        assert (x.id in substituted.commitment_substituted) == x.substitutable, (x.id, substituted.outcome)
        assert ("容缺" in lines[x.id]) == x.tolerable
        assert ("告知承诺" in lines[x.id]) == x.substitutable


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_required_materials_are_what_decide_reports_missing(case) -> None:
    rs, code, day = case
    m = rs.matters_by_code[code]
    if not m.licence_required or m.suspended_on(day):
        pytest.skip("no licence needed (or suspended)")
    g = service_guide(code, rs, day)
    empty = decide(rs, probe(rs, code, day, submit=False))
    assert set(empty.missing_materials) == g.required_materials
    assert decide(rs, probe(rs, code, day)).missing_materials == ()
    held_none = decide(rs, dict(probe(rs, code, day), obtained_prerequisites=[]))
    assert set(held_none.missing_prerequisites) == set(g.prerequisites)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_only_applicant_citable_sources_are_ever_shown(case) -> None:
    rs, code, day = case
    m = rs.matters_by_code[code]
    g = service_guide(code, rs, day)
    expected = applicant_basis(matter_basis(m.legal_basis, rs.policy), on=day, policy=rs.policy)
    assert len(g.element("legal_basis").items) == len(expected)
    for e in g.elements:
        for c in e.basis:
            assert c.applicant_citable and c.kind in ("law", "policy"), (e.key, c)
    reports = {i.citation.source for i in sources().values() if not i.citation.applicant_citable}
    free_text = {x for x in m.legal_basis or () if cited_source(x, rs.policy) is None}
    never = reports | free_text | {f.basis for f in m.fees if f.basis} | {m.note or "\0"} | set(rs.basis)
    for fmt in ("html", "md", "text"):
        out = render(g, fmt)
        assert not SEED_FILE.search(out), SEED_FILE.search(out)
        assert not DOMAIN.search(out), DOMAIN.search(out)
        for text in never:
            assert text not in out, (fmt, text)


def test_the_citation_check_would_catch_a_report() -> None:
    assert SEED_FILE.search("依据：002_fc1fbafbf9b43ee7.txt 第十九條")
    assert DOMAIN.search("西安市容缺受理说明（xzspj.xa.gov.cn）")


def test_a_free_text_basis_and_a_report_are_left_out_but_a_key_is_cited() -> None:
    rs, code, day = next(c for c in CASES if c[1] == "PL-BUILDLAND")
    m = rs.matters_by_code[code]
    assert any(".txt" in x for x in m.legal_basis)  # the ruleset does name the report …
    items = service_guide(code, rs, day).element("legal_basis").items
    assert items and all(".txt" not in i for i in items)  # … the guide never
    assert any("行政许可法" in i and "第四十二条" in i for i in items)


def test_a_ruleset_version_shows_the_sources_in_force_on_the_day() -> None:
    """BIZ: the 公司登记管理条例 in the 2021 version, the 市场主体登记管理条例 from 2022-03-01."""
    before = service_guide("BIZ", LIBRARY, "2021-06-01").element("legal_basis").items
    after = service_guide("BIZ", LIBRARY, "2022-03-01").element("legal_basis").items
    assert any("公司登记管理条例" in i for i in before) and not any("市场主体" in i for i in before)
    assert any("市场主体登记管理条例" in i for i in after) and not any("公司登记" in i for i in after)


def test_a_library_picks_the_version_decide_would() -> None:
    g = service_guide("CONSTR", LIBRARY, "2025-03-03")
    assert isinstance(g, ServiceGuide) and (g.ruleset_id, g.ruleset_version) == ("cn.demo.district", "2022-01")
    old = service_guide("CONSTR", LIBRARY, "2021-06-01")
    assert old.ruleset_version == "2021-01" and old.ignored_prerequisites == () and len(old.prerequisites) == 5
    rs = LIBRARY.get("cn.demo.district", g.on)
    d = decide(rs, probe(rs, "CONSTR", g.on, submit=False))
    assert d.outcome is Outcome.correction_required and set(d.missing_materials) == g.required_materials
