"""The command line at its edges (issue 14): lint reports every error of every file, a reversed
``calendar between`` and a missing overlay are bad input (exit 2), a layered county file lints."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1]))
from builders import AUTH, matter  # noqa: E402
from govrules.cli import main  # noqa: E402


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def county(**extra: Any) -> dict[str, Any]:
    doc = {"id": "t.county", "version": "1", "effective_from": "2025-01-01", "extends": ["cn.national"],
           "title": "county", "authorities": [AUTH], "matters": [matter("M0")]}
    doc.update(extra)
    return doc


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_lint_dir_reports_every_error(tmp_path: Path, capsys) -> None:
    a = write(tmp_path / "a.json", county(id="t.a", negativ_list={"prohibited": ["C3411"]},
                                         policy={"tolerance": {"suplement_limit": {"days": 3, "unit": "working_days"}}}))
    bad_matter = matter("M0", promised_limit={"days": 30, "unit": "working_days"})
    b = write(tmp_path / "sub" / "b.json", county(id="t.b", titel="x", matters=[bad_matter]))
    c = write(tmp_path / "c.json", {"id": "t.c", "version": "1"})  # no effective_from: a header error
    write(tmp_path / "ok.json", county(id="t.ok"))
    code, out, err = run(capsys, "lint", str(tmp_path), "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    found = {(e["code"], e["file"], e["path"]) for e in report["errors"]}
    assert found == {
        ("unknown_field", str(a), "negativ_list"),
        ("unknown_field", str(a), "policy.tolerance.suplement_limit"),
        ("unknown_field", str(b), "titel"),
        ("promised_exceeds_statutory", str(b), "matters[0].promised_limit.days"),
        ("missing_field", str(c), "effective_from"),
    }
    code, out, _ = run(capsys, "lint", str(tmp_path))
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith("error: ")]
    assert len(lines) == 5
    assert all(line.startswith("error: [") and " at " in line for line in lines)  # code, file and path


def test_lint_layered_file_reports_each_unknown_key_with_its_hint(tmp_path: Path, capsys) -> None:
    f = write(tmp_path / "county.json", county(polcy={}, negativ_list={}))
    code, out, _ = run(capsys, "lint", str(f))
    assert code == 1
    assert "did you mean 'policy'" in out and "did you mean 'negative_list'" in out
    clean = write(tmp_path / "clean" / "county.json", county())
    code, out, _ = run(capsys, "lint", str(clean.parent))
    assert code == 0 and out.strip().endswith("ok: 1 ruleset version(s), 0 warning(s)")


def test_calendar_between_reversed_is_invalid_input(capsys) -> None:
    code, out, err = run(capsys, "calendar", "between", "2025-03-10", "2025-03-01")
    assert code == 2 and out == ""
    assert err.startswith("govrules: error: [") and "2025-03-10" in err and "2025-03-01" in err
    assert err.count("\n") == 1
    code, out, _ = run(capsys, "calendar", "--format", "json", "between", "2025-03-10", "2025-03-10")
    assert code == 0 and json.loads(out)["working_days"] == 0


def test_missing_overlay_exit_2(tmp_path: Path, capsys) -> None:
    missing = str(tmp_path / "no-such-overlay.toml")
    code, _, err = run(capsys, "calendar", "--overlay", missing, "is-working-day", "2025-03-03")
    assert code == 2
    assert missing in err and err.count("\n") == 1


def test_lint_shows_an_inherited_warning_once_in_its_layer(tmp_path: Path, capsys) -> None:
    short = matter("M0", clock_start="receipt", promised_limit={"days": 2, "unit": "working_days"})
    parent = write(tmp_path / "province.json", county(id="t.province", matters=[short]))
    for year in ("2025", "2026"):  # two versions of a child that inherits the matter
        write(tmp_path / f"county-{year}.json",
              {"id": "t.county", "version": year, "effective_from": f"{year}-01-01", "extends": ["t.province"],
               "title": "county", **({"effective_to": "2025-12-31"} if year == "2025" else {})})
    code, out, err = run(capsys, "lint", str(tmp_path), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert len(report["rulesets"]) == 3
    assert report["warnings"] == [report["warnings"][0]]
    assert report["warnings"][0].startswith(f"[promised_shorter_than_notice_period] {parent} at matters[0].promised_limit.days")


def test_lint_a_shipped_layer_by_a_relative_path_reads_each_file_once(capsys, monkeypatch) -> None:
    """The file's own tree and the shipped tree can be the same folder under two names (a relative path
    in a checkout): each file is read once, so its versions do not overlap themselves."""
    import govrules

    layer = govrules.SHIPPED_RULESETS / "demo" / "district.toml"
    monkeypatch.chdir(govrules.SHIPPED_RULESETS.parent)
    code, out, err = run(capsys, "lint", str(layer.relative_to(govrules.SHIPPED_RULESETS.parent)))
    assert code == 0 and "overlapping_versions" not in out + err, out + err
    assert govrules.load_ruleset(layer).id == "cn.demo.district"
