"""``govrules guide``: the three formats, --out, --on, and the errors with their exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import govrules
from govrules.cli import main

from cases import LIBRARY


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["guide", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["html", "md", "text"])
def test_each_format_prints_the_guide(capsys, fmt) -> None:
    code, out, err = run(capsys, "CONSTR", "--ruleset", "shipped", "--on", "2025-03-03", "--format", fmt)
    assert (code, err) == (0, "")
    assert out == govrules.guide("CONSTR", LIBRARY, on="2025-03-03", format=fmt)
    assert "建筑工程施工许可证" in out


def test_the_default_is_a_standalone_html_page(capsys) -> None:
    code, out, _ = run(capsys, "CONSTR", "--ruleset", "shipped", "--on", "2025-03-03")
    assert code == 0 and out.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in out
    assert '<meta charset="utf-8">' in out and "Noto Sans CJK SC" in out and "@media print" in out


def test_out_writes_a_utf8_file_and_prints_nothing(capsys, tmp_path: Path) -> None:
    target = tmp_path / "guide.md"
    code, out, err = run(capsys, "FOOD", "--ruleset", "shipped", "--on", "2025-03-03", "--format", "md",
                         "--out", str(target))
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == govrules.guide("FOOD", LIBRARY, on="2025-03-03", format="md")


def test_a_ruleset_file_works_like_a_library(capsys) -> None:
    path = str(govrules.SHIPPED_RULESETS / "demo" / "seed004_instant.toml")
    code, out, _ = run(capsys, "DI-LEASE-FILING", "--ruleset", path, "--on", "2025-03-03", "--format", "text")
    assert code == 0 and "房屋租赁登记备案办事指南" in out and "零跑腿" in out


@pytest.mark.parametrize(("args", "code", "says"), [
    (["NO-SUCH-MATTER", "--ruleset", "shipped", "--on", "2025-03-03"], 2, "[no_ruleset_for_matter] matter_code: got 'NO-SUCH-MATTER'"),
    (["SAFETY-REVIEW", "--ruleset", "shipped", "--on", "2025-03-03"], 2, "[matter_not_applicable] matter_code: got 'SAFETY-REVIEW'"),
    (["BIZ", "--ruleset", "shipped", "--on", "2022-02-01"], 2, "[matter_not_in_force] on: got '2022-02-01'; expected a date within the matter's effective period 2022-03-01"),
    (["PL-MINING", "--ruleset", "shipped", "--on", "2025-01-01"], 2, "[no_ruleset_in_force] on: got '2025-01-01'"),
    (["CONSTR", "--ruleset", "shipped", "--on", "2025-02-29"], 2, "[invalid_value] --on: got '2025-02-29'"),
    (["CONSTR", "--ruleset", "no-such-dir"], 1, "error:"),
])
def test_errors_name_the_field_and_exit_as_elsewhere(capsys, args, code, says) -> None:
    got, out, err = run(capsys, *args)
    assert (got, out) == (code, "")
    assert says in err and "Traceback" not in err


def test_an_unknown_matter_in_a_single_ruleset_is_unknown_matter(capsys) -> None:
    path = str(govrules.SHIPPED_RULESETS / "demo" / "seed004_instant.toml")
    code, _, err = run(capsys, "CONSTR", "--ruleset", path, "--on", "2025-03-03")
    assert code == 2 and "[unknown_matter] matter_code: got 'CONSTR'" in err


def test_an_unknown_matter_is_the_error_decide_gives(capsys, tmp_path: Path) -> None:
    """The same code and exit status as ``govrules decide`` of an application naming that matter."""
    app = tmp_path / "app.json"
    app.write_text('{"id": "a", "matter_code": "NO-SUCH-MATTER", "authority_id": "x", "region": "370199", '
                   '"applicant": {"id": "p", "kind": "legal_person"}, "submitted_on": "2025-03-03", '
                   '"channel": "window", "materials": []}', encoding="utf-8")
    decided = main(["decide", str(app), "--ruleset", "shipped"])
    decide_err = capsys.readouterr().err
    guided, _, guide_err = run(capsys, "NO-SUCH-MATTER", "--ruleset", "shipped", "--on", "2025-03-03")
    assert decided == guided == 2
    assert "[no_ruleset_for_matter]" in decide_err and "[no_ruleset_for_matter]" in guide_err


def test_unwritable_out_is_bad_input(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "CONSTR", "--ruleset", "shipped", "--on", "2025-03-03",
                       "--out", str(tmp_path / "no-such-dir" / "g.html"))
    assert code == 2 and "[unwritable_file] --out" in err


def test_a_bad_format_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["guide", "CONSTR", "--ruleset", "shipped", "--format", "pdf"])
    assert exc.value.code == 2


def test_the_command_runs_as_a_module() -> None:
    done = subprocess.run([sys.executable, "-m", "govrules", "guide", "CONSTR", "--ruleset", "shipped",
                           "--on", "2025-03-03", "--format", "text"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("建筑工程施工许可证办事指南")
