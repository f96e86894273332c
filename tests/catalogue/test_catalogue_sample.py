"""The sample list (examples/catalogue/): imported, the written ruleset lints clean and holds every row
as written; exported back it gives the same rows; decide() works on an imported matter; the .xlsx of
the same list gives the same ruleset."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import govrules
from govrules.catalogue import export_catalogue, import_catalogue, read_rows
from govrules.catalogue import values as v
from govrules.catalogue.build import authority_id, material_id
from govrules.loading import lint_ruleset

from catalogue_paths import DAY, MATERIALS, MATTERS


@pytest.fixture
def imported(tmp_path: Path):
    return import_catalogue(MATTERS, tmp_path / "out", materials=MATERIALS, effective_from=DAY,
                            ruleset_id="cn.sample.city")


def rows(path: Path) -> list[dict[str, str]]:
    return read_rows(path)


def test_the_sample_is_a_list_of_at_least_30_matters() -> None:
    assert len(rows(MATTERS)) >= 30
    assert len({r["事项编码"] for r in rows(MATTERS)}) == len(rows(MATTERS))


def test_imports_clean_and_lints(imported) -> None:
    report = imported.report
    assert report.ok, report.lines()
    assert report.rows_in == {"matters": len(rows(MATTERS)), "materials": len(rows(MATERIALS))}
    assert report.imported == report.rows_in
    assert imported.path == imported.path.parent / "cn.sample.city.toml"
    rulesets, _ = lint_ruleset(imported.path)  # raises on any error
    assert [r.id for r in rulesets] == ["cn.sample.city"]
    loaded = govrules.load_ruleset(imported.path)
    assert loaded.lineage == (("cn.national", "2019-04"), ("cn.sample.city", "2025-01-01"))
    assert loaded.content_hash == imported.ruleset.content_hash


def test_every_row_is_in_the_ruleset_as_written(imported) -> None:
    rs = govrules.load_ruleset(imported.path)
    by_code = rs.matters_by_code
    assert len(rs.matters) == len(rows(MATTERS))
    for row in rows(MATTERS):
        m = by_code[row["事项编码"]]
        authority = rs.authorities_by_id[m.authority_id]
        assert m.name_zh == row["事项名称"] and m.name == row["事项名称"]
        assert m.type is v.parse_type(row["事项类型"], "")
        assert authority.name_zh == row["实施主体"] and authority.region == row["行政区划代码"]
        assert authority.id == authority_id(row["实施主体"])  # no 实施主体编码 in the sample: generated
        assert m.level is v.parse_level(row["行使层级"], "") and authority.level is m.level
        assert list(m.legal_basis) == row["设定依据"].split("；")
        assert m.statutory_limit == v.parse_period(row["法定时限"], "")
        assert m.promised_limit == v.parse_period(row["承诺时限"], "")
        assert m.extension == (v.parse_period(row["延长时限"], "") if row["延长时限"] else None)
        assert m.handling_kind is v.parse_handling_kind(row["办件类型"], "")
        assert m.tolerance_allowed is (row["容缺受理"] == "是")
        assert m.notification_commitment_allowed is (row["告知承诺"] == "是")
        assert m.max_visits == int(row["到办事现场次数"])
        assert m.validity == (v.parse_period(row["许可有效期"], "") if row["许可有效期"] else None)
        assert m.note == row["备注"]
        if row["收费"] == "否":
            assert m.fees == ()
        else:
            (fee,) = m.fees
            assert fee.amount == v.parse_fee(row["收费"], "").amount and fee.basis == row["收费依据"]
            assert fee.payment_period == v.parse_period(row["缴费期限"], "")
            assert fee.on_late.value == v.parse_on_late(row["逾期未缴处理"], "")
    materials: dict[str, list[dict[str, str]]] = {}
    for row in rows(MATERIALS):
        materials.setdefault(row["事项编码"], []).append(row)
    for code, mats in materials.items():
        m = by_code[code]
        assert [x.name_zh for x in m.materials] == [r["材料名称"] for r in mats]
        for mat, r in zip(m.materials, mats):
            assert mat.id == (r["材料编码"] or material_id(r["材料名称"]))
            expected = {"非必要": "optional", "容缺": "secondary"}.get(r["必要性"]) or \
                ("main" if r["材料类型"] == "主件" else "secondary")
            assert mat.necessity.value == expected
            assert mat.tolerable is (r["必要性"] == "容缺")
            assert mat.technical_essential is (r["技术要件"] == "是")
            assert mat.commitment_substitutable is (r["可告知承诺"] == "是")


def test_material_ids_are_stable_across_runs(tmp_path: Path) -> None:
    a = import_catalogue(MATTERS, tmp_path / "a", materials=MATERIALS, effective_from=DAY)
    b = import_catalogue(MATTERS, tmp_path / "b", materials=MATERIALS, effective_from=DAY)
    assert a.path.read_text(encoding="utf-8") == b.path.read_text(encoding="utf-8")
    assert material_id("法定代表人身份证明") == "m-8e9ed3ad"  # pinned: a change would break stored applications
    assert authority_id("示例市公安局") == "authority-b1ddabd7"


def test_export_gives_the_same_rows(imported, tmp_path: Path) -> None:
    rs = govrules.load_ruleset(imported.path)
    lost = export_catalogue(rs, tmp_path / "m.csv", tmp_path / "mat.csv")
    assert lost == {}
    assert (tmp_path / "m.csv").read_text(encoding="utf-8") == MATTERS.read_text(encoding="utf-8")
    assert (tmp_path / "mat.csv").read_text(encoding="utf-8") == MATERIALS.read_text(encoding="utf-8")


def test_export_says_what_the_columns_cannot_hold(tmp_path: Path) -> None:
    lib = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
    rs = lib.get("cn.demo.district", DAY.replace(year=2025))
    lost = export_catalogue(rs, tmp_path / "m.csv", tmp_path / "mat.csv")
    assert "prerequisites" in lost["CONSTR"]  # the demo's construction permit keeps its prerequisite
    with (tmp_path / "m.csv").open(encoding="utf-8") as f:
        assert len(list(csv.reader(f))) == 1 + sum(not m.stub for m in rs.matters)


def _application(rs, code: str, materials: list[str]) -> dict:
    m = rs.matters_by_code[code]
    return {"id": "A-1", "matter_code": code, "authority_id": m.authority_id,
            "region": rs.authorities_by_id[m.authority_id].region,
            "applicant": {"id": "p-1", "kind": "legal_person"}, "submitted_on": "2025-06-03", "channel": "window",
            "materials": [{"id": i} for i in materials]}


def test_decide_on_an_imported_matter(imported) -> None:
    rs = govrules.load_ruleset(imported.path)
    code = "37010200SP-XK-0005"  # 建筑工程施工许可证核发: 7 WD statutory, 2 WD promised
    m = rs.matters_by_code[code]
    required = [x.id for x in m.materials if x.necessity.value != "optional"]
    accepted = govrules.decide(_application(rs, code, required), ruleset=rs)
    assert accepted.outcome.value == "accepted"
    assert str(accepted.promised_due) == "2025-06-05" and str(accepted.statutory_due) == "2025-06-12"
    missing = required[-1]
    corrected = govrules.decide(_application(rs, code, required[:-1]), ruleset=rs)
    assert corrected.outcome.value == "correction_required"
    assert missing in corrected.all_items_to_correct


def test_decide_through_a_library_of_the_output_directory(imported) -> None:
    lib = govrules.load_ruleset(imported.path.parent)
    rs = lib.get("cn.sample.city", DAY)
    code = "37010200SP-XK-0022"  # 营业执照: immediate
    m = rs.matters_by_code[code]
    d = govrules.decide(_application(rs, code, [x.id for x in m.materials]), ruleset=lib)
    assert d.outcome.value == "accepted" and str(d.promised_due) == "2025-06-03"


def test_xlsx_and_csv_give_the_same_ruleset(sample_xlsx: Path, imported, tmp_path: Path) -> None:
    from_xlsx = import_catalogue(sample_xlsx, tmp_path / "x", effective_from=DAY, ruleset_id="cn.sample.city")
    assert from_xlsx.report.ok, from_xlsx.report.lines()
    a, b = imported.ruleset, from_xlsx.ruleset
    assert a.matters == b.matters and a.authorities == b.authorities
    assert a.model_dump(exclude={"title", "title_zh", "basis"}) == b.model_dump(exclude={"title", "title_zh", "basis"})


def test_xlsx_materials_as_a_separate_workbook(sample_xlsx: Path, imported, tmp_path: Path) -> None:
    from catalogue_paths import make_sample_module
    tool = make_sample_module()
    mats = tmp_path / "materials.xlsx"
    from openpyxl import Workbook
    book = Workbook()
    for row in tool.read_csv(MATERIALS):
        book.active.append(row)
    book.save(mats)
    result = import_catalogue(MATTERS, tmp_path / "y", materials=mats, effective_from=DAY, ruleset_id="cn.sample.city")
    assert result.report.ok and result.ruleset.matters == imported.ruleset.matters
