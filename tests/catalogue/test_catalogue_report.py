"""The report: every bad row of examples/catalogue/bad_rows*.csv is reported with its row number,
column, value and why; nothing else is dropped (rows in = imported + reported); headers of a locality
map through a mapping file; an unknown header is reported once, as a column problem."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import govrules
from govrules.catalogue import import_catalogue, load_mapping, read_rows
from govrules.errors import InvalidInputError

from catalogue_paths import BAD, BAD_MATERIALS, DAY, MATERIALS, MATTERS

#: (table, row as in the sheet, column, value, a word of the why) of every problem the bad sample has.
EXPECTED = {
    ("matters", 1, "办理进度查询", "办理进度查询", "unknown header"),
    ("matters", 3, "法定时限", "二十日内办结", "a time limit such as"),
    ("matters", 4, "事项类型", "行政处罚", "a matter type the Matter model holds"),
    ("matters", 5, "承诺时限", "30个工作日", "promised_exceeds_statutory"),
    ("matters", 6, "事项编码", "BAD-GOOD-1", "already used by row 2"),
    ("matters", 7, "法定时限", "3个月", "a period in days"),
    ("matters", 8, "行使层级", "市级、县级", "one level"),
    ("matters", 9, "行政区划代码", "3701", "6-digit"),
    ("matters", 10, "收费", "是", "payment period"),
    ("matters", 11, "容缺受理", "是", "supplement_limit_exceeds_promised"),
    ("matters", 12, "事项编码", "", "required"),
    ("matters", 13, "承诺时限", "10个自然日", "incomparable_units"),
    ("matters", 15, "事项编码", "食品-001", "ASCII"),
    ("materials", 4, "必要性", "可有可无", "必要, 非必要 or 容缺"),
    ("materials", 5, "材料类型", "主件", "cannot be 容缺"),
    ("materials", 6, "技术要件", "是", "must be a main material"),
    ("materials", 7, "材料编码", "form", "the same 材料编码 as row 2"),
    ("materials", 8, "事项编码", "NOPE-1", "no matter of the matters table"),
    ("materials", 9, "事项编码", "BAD-LIMIT", "its matter (row 3 of the matters table) was not imported"),
    ("materials", 11, "材料编码", "agent letter", "ASCII"),
}


@pytest.fixture
def bad(tmp_path: Path):
    return import_catalogue(BAD, tmp_path / "out", materials=BAD_MATERIALS, effective_from=DAY)


def test_every_bad_row_is_reported_with_row_column_value_and_why(bad) -> None:
    found = {(p.table, p.row, p.column, p.value) for p in bad.report.problems}
    assert found == {e[:4] for e in EXPECTED}
    for p in bad.report.problems:
        (why,) = [e[4] for e in EXPECTED if e[:4] == (p.table, p.row, p.column, p.value)]
        assert why in p.why, (p, why)
        assert p.source.endswith(("bad_rows.csv", "bad_rows_materials.csv"))
    assert [p.kind for p in bad.report.problems if p.row == 1 and p.table == "matters"] == ["column"]


def test_nothing_else_is_dropped(bad) -> None:
    report = bad.report
    for table, path in (("matters", BAD), ("materials", BAD_MATERIALS)):
        n = len(read_rows(path))
        assert report.rows_in[table] == n
        assert report.imported[table] + len(report.reported_rows(table)) == n
    rs = govrules.load_ruleset(bad.path)  # the rest is written, and lints
    assert sorted(rs.matters_by_code) == ["BAD-GOOD-1", "BAD-GOOD-2"]
    assert [m.id for m in rs.matters_by_code["BAD-GOOD-1"].materials] == ["form", "m-10a7b043"]
    assert [m.name_zh for m in rs.matters_by_code["BAD-GOOD-2"].materials] == ["组织机构代码申请表"]
    # the rows that were written are every row not reported
    codes = {r["事项编码"] for i, r in enumerate(read_rows(BAD), 2) if i not in report.reported_rows("matters")}
    assert codes == set(rs.matters_by_code)


def test_a_value_read_without_its_unit_is_noted(bad) -> None:
    (note,) = bad.report.notes
    assert (note.row, note.column, note.value) == (14, "法定时限", "5日") and "5个工作日" in note.note
    assert bad.ruleset.matters_by_code["BAD-GOOD-2"].statutory_limit == govrules.Period.wd(5)


def test_the_json_report(bad) -> None:
    data = bad.report.to_json()
    assert data["ok"] is False
    assert data["rows"] == {"matters": {"in": 14, "imported": 2, "reported": 12},
                            "materials": {"in": 10, "imported": 3, "reported": 7}}
    assert {(p["table"], p["row"], p["column"], p["value"]) for p in data["problems"]} == {e[:4] for e in EXPECTED}
    assert set(data["problems"][0]) == {"table", "source", "row", "column", "value", "why", "kind"}


# ---- headers and the mapping file --------------------------------------------------------------------------
LOCAL = {"事项编码": "办事项目代码", "事项名称": "服务事项", "实施主体": "主管单位", "法定时限": "法定办理期限（天）",
         "承诺时限": "承诺办理期限（天）"}


def localise(src: Path, dst: Path, rename: dict[str, str], extra: tuple[str, str] | None = None) -> Path:
    """A copy of ``src`` with some headers renamed (and a column added), as another locality keeps it."""
    with src.open(encoding="utf-8") as f:
        table = list(csv.reader(f))
    table[0] = [rename.get(h, h) for h in table[0]]
    if extra:
        table[0].append(extra[0])
        for row in table[1:]:
            row.append(extra[1])
    with dst.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(table)
    return dst


def test_a_mapping_file_maps_a_localitys_headers(tmp_path: Path) -> None:
    local = localise(MATTERS, tmp_path / "local.csv", LOCAL, extra=("咨询窗口", "3号窗口"))
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('''
[matters]
"办事项目代码" = "code"
"服务事项" = "name_zh"
"主管单位" = "authority"
"法定办理期限（天）" = "statutory_limit"
"承诺办理期限（天）" = "promised_limit"
"咨询窗口" = "ignore"
''', encoding="utf-8")
    reference = import_catalogue(MATTERS, tmp_path / "a", materials=MATERIALS, effective_from=DAY, ruleset_id="x")
    mapped = import_catalogue(local, tmp_path / "b", materials=MATERIALS, mapping=mapping, effective_from=DAY,
                              ruleset_id="x")
    assert mapped.report.ok, mapped.report.lines()
    assert mapped.ruleset.matters == reference.ruleset.matters
    assert [(n.column, n.note) for n in mapped.report.skipped_columns] == [("咨询窗口", "ignored by the mapping file")]
    # without the mapping, the renamed required columns are missing: a table problem, nothing written
    unmapped = import_catalogue(local, tmp_path / "c", materials=MATERIALS, effective_from=DAY, ruleset_id="x")
    assert unmapped.path is None and not (tmp_path / "c").exists()
    kinds = {(p.kind, p.column) for p in unmapped.report.problems}
    assert {("table", "事项编码"), ("table", "事项名称"), ("table", "实施主体")} <= kinds
    assert ("column", "咨询窗口") in kinds and ("column", "服务事项") in kinds


def test_an_unknown_header_is_reported_once_as_a_column_problem(tmp_path: Path) -> None:
    local = localise(MATTERS, tmp_path / "extra.csv", {}, extra=("办理进度查询网址", "https://example.invalid"))
    result = import_catalogue(local, tmp_path / "out", materials=MATERIALS, effective_from=DAY)
    (problem,) = result.report.problems
    assert (problem.kind, problem.row, problem.column, problem.table) == ("column", 1, "办理进度查询网址", "matters")
    assert result.report.imported["matters"] == len(read_rows(MATTERS))  # the rows themselves are imported


def test_known_columns_the_model_does_not_hold_are_listed_not_dropped(tmp_path: Path) -> None:
    local = localise(MATTERS, tmp_path / "cond.csv", {}, extra=("受理条件", "申请人为依法设立的企业"))
    result = import_catalogue(local, tmp_path / "out", materials=MATERIALS, effective_from=DAY)
    assert result.report.ok
    assert [(n.column, n.note) for n in result.report.skipped_columns] == \
        [("受理条件", "the Matter model has no field for it")]


def test_headers_are_matched_loosely_and_a_unit_in_the_header_applies(tmp_path: Path) -> None:
    path = tmp_path / "loose.csv"
    path.write_text("*实施编码,事项名称 ,事项类型,实施机关,层级,区划代码,法律依据,法定办结时限(工作日),承诺办结时限（工作日）\n"
                    "X-1,取水许可,行政许可,示例县水利局,县级,370123,《中华人民共和国水法》第四十八条,45,15\n",
                    encoding="utf-8")
    result = import_catalogue(path, tmp_path / "out", effective_from=DAY)
    assert result.report.ok, result.report.lines()
    m = result.ruleset.matters_by_code["X-1"]
    assert m.statutory_limit == govrules.Period.wd(45) and m.promised_limit == govrules.Period.wd(15)
    assert m.materials == ()


def test_defaults_in_the_mapping_file(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("事项编码,事项名称,事项类型,实施主体,设定依据,法定时限,承诺时限,收费\n"
                    "F-1,普通护照签发,行政许可,示例县公安局,《中华人民共和国护照法》第六条,15个工作日,5个工作日,120元\n",
                    encoding="utf-8")
    missing = import_catalogue(path, tmp_path / "a", effective_from=DAY)
    assert {p.column for p in missing.report.problems if p.kind == "table"} == {"行使层级", "行政区划代码"}
    mapping = tmp_path / "m.toml"
    mapping.write_text('[defaults]\nlevel = "县级"\nregion = "370123"\nfee_payment_period = "10个工作日"\n'
                       'fee_on_late = "不予批准"\n', encoding="utf-8")
    result = import_catalogue(path, tmp_path / "b", mapping=mapping, effective_from=DAY)
    assert result.report.ok, result.report.lines()
    (fee,) = result.ruleset.matters_by_code["F-1"].fees
    assert (fee.amount, fee.payment_period, fee.on_late.value) == (120, govrules.Period.wd(10), "not_approved")


@pytest.mark.parametrize("text, field", [
    ('[matters]\n"编号" = "kode"\n', "mapping.matters.编号"),
    ('[matters]\n"编号" = 3\n', "mapping.matters.编号"),
    ('[defaults]\nlevel = "市级、县级"\n', "mapping.defaults.level"),
    ('[values]\nday_unit = "days"\n', "mapping.values.day_unit"),
    ('[mattres]\n', "mapping.mattres"),
    ('[defaults]\nregoin = "370123"\n', "mapping.defaults.regoin"),
])
def test_a_bad_mapping_file_is_an_input_error_naming_the_key(tmp_path: Path, text: str, field: str) -> None:
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInputError) as info:
        load_mapping(path)
    assert info.value.field == field


def test_day_unit_in_the_mapping_reads_bare_days_as_calendar_days(tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text('[values]\nday_unit = "calendar_days"\n', encoding="utf-8")
    result = import_catalogue(BAD, tmp_path / "out", materials=BAD_MATERIALS, mapping=mapping, effective_from=DAY)
    m = result.ruleset.matters_by_code["BAD-GOOD-2"]
    assert m.statutory_limit == govrules.Period.cd(5)
    assert m.promised_limit == govrules.Period.cd(0)  # 即办 is no days, in the statutory limit's unit
    assert "5个自然日" in result.report.notes[0].note and "values.day_unit" in result.report.notes[0].note


def test_gb18030_csv_and_a_title_row(tmp_path: Path) -> None:
    text = "某县政务服务事项实施清单\n" + MATTERS.read_text(encoding="utf-8")
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    result = import_catalogue(path, tmp_path / "out", materials=MATERIALS, effective_from=DAY, ruleset_id="x")
    assert result.report.ok, result.report.lines()
    reference = import_catalogue(MATTERS, tmp_path / "ref", materials=MATERIALS, effective_from=DAY, ruleset_id="x")
    assert result.ruleset.matters == reference.ruleset.matters
