"""``govrules import-catalogue``: exit codes, the report on stderr and as JSON (--report), a random valid
table always imports to a ruleset that lints clean, and a clear error without openpyxl."""

from __future__ import annotations

import builtins
import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govrules
from govrules.catalogue import import_catalogue
from govrules.catalogue import values as v
from govrules.cli import main
from govrules.errors import MissingDependencyError
from govrules.loading import lint_ruleset

from catalogue_paths import BAD, BAD_MATERIALS, DAY, MATERIALS, MATTERS


def test_clean_import_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import-catalogue", str(MATTERS), "--materials", str(MATERIALS), "--out", str(tmp_path / "o"),
                 "--effective-from", "2025-01-01", "--ruleset-id", "cn.sample.city", "--report", str(tmp_path / "r.json")])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert "ok: " in out and "cn.sample.city.toml (32 matter(s), 136 material(s)" in out
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["ok"] is True and report["problems"] == [] and report["rows"]["matters"]["imported"] == 32
    assert main(["lint", str(tmp_path / "o" / "cn.sample.city.toml")]) == 0


def test_bad_rows_exit_2_with_the_report_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import-catalogue", str(BAD), "--materials", str(BAD_MATERIALS), "--out", str(tmp_path / "o"),
                 "--effective-from", "2025-01-01", "--report", str(tmp_path / "r.json")])
    out, err = capsys.readouterr()
    assert code == 2
    lines = [line for line in err.splitlines() if "note:" not in line]
    assert len(lines) == 21  # 20 problems, one line each, then the counts
    assert "bad_rows.csv row 3, column 法定时限: got '二十日内办结'" in err
    assert lines[-1].endswith("20 problem(s); matters: 14 row(s) in, 2 imported, 12 reported, "
                              "materials: 10 row(s) in, 3 imported, 7 reported")
    assert "written: " in out  # the rest is still written
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["ok"] is False and len(report["problems"]) == 20
    assert report["rows"]["matters"] == {"in": 14, "imported": 2, "reported": 12}
    assert govrules.load_ruleset(tmp_path / "o" / "imported.bad-rows.toml").matters_by_code.keys() == {"BAD-GOOD-1", "BAD-GOOD-2"}


@pytest.mark.parametrize("args, field", [
    (["nope.csv"], "list"),
    (["list.yaml"], "list"),
    ([str(MATTERS), "--effective-from", "2025-13-01"], "--effective-from"),
    ([str(MATTERS), "--ruleset-id", "县.清单"], "--ruleset-id"),
    ([str(MATTERS), "--extends", "cn.nowhere"], "--extends"),
])
def test_bad_arguments_exit_2_naming_the_argument(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   args: list[str], field: str) -> None:
    if args[0] == "list.yaml":
        (tmp_path / "list.yaml").write_text("x", encoding="utf-8")
        args = [str(tmp_path / "list.yaml")]
    assert main(["import-catalogue", *args, "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("govrules: error: [") and f"] {field}:" in err and "Traceback" not in err


def test_a_missing_required_column_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "no_limits.csv"
    path.write_text("事项编码,事项名称,事项类型,实施主体,行使层级,行政区划代码,设定依据\nA,甲,行政许可,乙,县级,370123,法\n",
                    encoding="utf-8")
    assert main(["import-catalogue", str(path), "--out", str(tmp_path / "o"), "--report", str(tmp_path / "r.json")]) == 2
    err = capsys.readouterr().err
    assert "column 法定时限 (table)" in err and "column 承诺时限 (table)" in err
    assert not (tmp_path / "o").exists()
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["written"] == []


def test_xlsx_without_openpyxl_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "list.xlsx"
    book.write_bytes(b"PK")  # never opened: the import fails first
    real = builtins.__import__

    def no_openpyxl(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "openpyxl" or name.startswith("openpyxl."):
            raise ImportError("No module named 'openpyxl'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    with pytest.raises(MissingDependencyError) as info:
        import_catalogue(book, tmp_path / "o")
    assert info.value.extra == "catalogue" and 'pip install ".[catalogue]"' in str(info.value)
    assert main(["import-catalogue", str(book), "--out", str(tmp_path / "o")]) == 2
    assert 'pip install ".[catalogue]"' in capsys.readouterr().err
    # a CSV list needs nothing
    assert import_catalogue(MATTERS, tmp_path / "csv", materials=MATERIALS, effective_from=DAY).report.ok


# ---- hypothesis: a random valid table always imports to a ruleset that lints clean --------------------------
TYPES = list(v.MATTER_TYPES)
LEVELS = list(v.LEVELS)
NAMES = st.text(st.sampled_from("申请表证明书材料报告图纸营业执照许可登记规划施工食品卫生药品水利环境（）·、 "),
                min_size=1, max_size=12).filter(lambda s: s.strip() != "")


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]], int]:
    n = draw(st.integers(1, 8))
    codes = draw(st.lists(st.from_regex(r"[A-Z0-9]{2,6}-[0-9]{1,4}", fullmatch=True), min_size=n, max_size=n, unique=True))
    authorities = draw(st.lists(NAMES, min_size=1, max_size=3, unique_by=v.normalise))
    matters, materials = [], []
    for code in codes:
        unit = draw(st.sampled_from(["个工作日", "个自然日"]))
        statutory = draw(st.integers(0, 200))
        promised = draw(st.integers(0, statutory))
        tolerant = draw(st.booleans()) and promised >= 5 and unit == "个工作日"
        authority = draw(st.sampled_from(authorities))
        fee = draw(st.sampled_from(["否", "是", "50元", "工本费10元/本"]))
        matters.append([
            code, draw(NAMES), draw(st.sampled_from(TYPES)), authority,
            draw(st.sampled_from(LEVELS)) if authority == authorities[0] else "县级", "370123",
            "；".join(draw(st.lists(NAMES, min_size=1, max_size=3))),
            f"{statutory}{unit}" if statutory else "即办",
            f"{promised}{unit}" if promised else draw(st.sampled_from(["即办", "即办件", f"0{unit}"])),
            draw(st.sampled_from(["", f"{draw(st.integers(0, 20))}{unit}"])),
            fee, "" if fee == "否" else "10个工作日", "" if fee == "否" else draw(st.sampled_from(["不予批准", "不予办理"])),
            "是" if tolerant else "否", draw(st.sampled_from(["", "1年", "6个月", "长期"])),
        ])
        names = draw(st.lists(NAMES, max_size=4, unique_by=v.normalise))
        for name in names:
            kind = draw(st.sampled_from(["必要", "非必要"] + (["容缺"] if tolerant else [])))
            part = draw(st.sampled_from(["主件", "辅件"])) if kind != "容缺" else "辅件"
            technical = kind == "必要" and part == "主件" and draw(st.booleans())  # 技术要件: a main material only
            materials.append([code, name, kind, part, "是" if technical else "否"])
        if tolerant:
            materials.append([code, "授权委托书（容缺）", "容缺", "辅件", "否"])
    return matters, materials, n


M_HEADER = ["事项编码", "事项名称", "事项类型", "实施主体", "行使层级", "行政区划代码", "设定依据", "法定时限", "承诺时限",
            "延长时限", "收费", "缴费期限", "逾期未缴处理", "容缺受理", "许可有效期"]
MAT_HEADER = ["事项编码", "材料名称", "必要性", "材料类型", "技术要件"]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    return path


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], max_examples=30)
@given(tables())
def test_a_random_valid_table_imports_to_a_ruleset_that_lints_clean(tmp_path_factory, table) -> None:
    matters, materials, n = table
    tmp = tmp_path_factory.mktemp("random")
    result = import_catalogue(_write(tmp / "m.csv", M_HEADER, matters), tmp / "out",
                              materials=_write(tmp / "mat.csv", MAT_HEADER, materials), effective_from=DAY)
    # an authority written with two levels is one authority (its first level); nothing else may fail
    assert result.report.ok, result.report.lines()
    assert result.report.imported == {"matters": n, "materials": len(materials)}
    rulesets, _ = lint_ruleset(result.path)
    assert len(rulesets[0].matters) == n
