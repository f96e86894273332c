"""The command line driven end to end with subprocess: exit codes, JSON shape, errors without traceback."""

import json
import subprocess
import sys
from pathlib import Path

import govrules

EXAMPLE = govrules.SHIPPED_EXAMPLES / "construction_permit_correction.json"


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govrules", *args], capture_output=True, text=True, input=stdin,
                          timeout=60)


def test_demo_prints_a_readable_decision() -> None:
    r = cli("demo")
    assert r.returncode == 0, r.stderr
    assert "一次性告知" in r.stdout and "correction_required" in r.stdout
    assert "施工合同" in r.stdout


def test_decide_json_is_a_decision() -> None:
    r = cli("decide", str(EXAMPLE), "--ruleset", "shipped", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["outcome"] == "correction_required"
    assert "prerequisite:PLAN-ENG" in data["all_items_to_correct"]
    assert data["trace"]["ruleset_id"] == "cn.demo.district"


def test_explain_shows_the_legal_basis() -> None:
    r = cli("explain", str(EXAMPLE), "--ruleset", "shipped")
    assert r.returncode == 0, r.stderr
    assert "中华人民共和国行政许可法" in r.stdout and "第三十二条" in r.stdout


def test_bad_application_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    bad["submitted_on"] = "2025-02-30"
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(bad), encoding="utf-8")
    r = cli("decide", str(f), "--ruleset", "shipped")
    assert r.returncode == 2
    assert "application.submitted_on" in r.stderr and "Traceback" not in r.stderr
    r = cli("decide", "-", "--ruleset", "shipped", stdin="{not json")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_lint_shipped_is_clean_and_a_bad_file_exits_1() -> None:
    r = cli("lint", str(govrules.SHIPPED_RULESETS))
    assert r.returncode == 0, r.stdout + r.stderr
    bad = Path(__file__).parents[1] / "loading" / "bad" / "prerequisite_cycle.toml"
    r = cli("lint", str(bad), "--format", "json")
    assert r.returncode == 1
    report = json.loads(r.stdout)
    assert report["ok"] is False and report["errors"][0]["code"] == "prerequisite_cycle"


def test_calendar_commands() -> None:
    r = cli("calendar", "--format", "json", "add", "2025-03-03", "20", "--exclude", "2025-03-17..2025-04-11")
    assert json.loads(r.stdout)["result"] == "2025-04-27"
    r = cli("calendar", "--format", "json", "is-working-day", "2025-04-27")
    assert json.loads(r.stdout)["working_day"] is True
    r = cli("calendar", "month", "2025-10")
    assert r.returncode == 0 and "班" in r.stdout and "休" in r.stdout
    r = cli("calendar", "add", "2026-12-20", "30")
    assert r.returncode == 3 and "2027" in r.stderr


def test_schema_is_json() -> None:
    r = cli("schema")
    assert json.loads(r.stdout)["title"] == "govrules ruleset file"


def test_notice_prints_the_one_time_correction_notice() -> None:
    r = cli("notice", str(EXAMPLE), "--ruleset", "shipped")
    assert r.returncode == 0, r.stderr
    assert "补正材料通知书" in r.stdout and "施工合同" in r.stdout and "建设工程规划许可证" in r.stdout
    assert "2025年10月10日" in r.stdout


def test_notice_json_and_html_and_a_kind_that_does_not_fit() -> None:
    r = cli("notice", str(EXAMPLE), "--ruleset", "shipped", "--format", "json")
    assert r.returncode == 0, r.stderr
    docs = json.loads(r.stdout)
    assert [d["kind"] for d in docs] == ["correction"] and docs[0]["issued_on"] == "2025-09-26"
    r = cli("notice", str(EXAMPLE), "--ruleset", "shipped", "--format", "html")
    assert r.returncode == 0 and r.stdout.startswith("<!doctype html>") and "govrules-notice" in r.stdout
    r = cli("notice", str(EXAMPLE), "--ruleset", "shipped", "--kind", "acceptance")
    assert r.returncode == 2 and "notice_not_applicable" in r.stderr and "Traceback" not in r.stderr


def test_decide_html_for_a_browser() -> None:
    r = cli("decide", str(EXAMPLE), "--ruleset", "shipped", "--format", "html")
    assert r.returncode == 0, r.stderr
    assert "govrules-decision" in r.stdout and "施工合同" in r.stdout


def test_calendar_month_names_the_holidays() -> None:
    r = cli("calendar", "month", "2025-10")
    assert r.returncode == 0 and " 11 班" in r.stdout and "国庆节" in r.stdout
    r = cli("calendar", "--format", "json", "month", "2025-10")
    days = json.loads(r.stdout)
    assert days[0] == {"date": "2025-10-01", "kind": "rest_day", "name": "国庆节、中秋节", "provisional": False}


def test_plan_command_table_json_and_svg() -> None:
    project = str(govrules.SHIPPED_EXAMPLES / "projects" / "factory_seed000.json")
    r = cli("plan", project, "--ruleset", "shipped")
    assert r.returncode == 0, r.stderr
    assert "critical path: PLAN-LAND → PLAN-ENG → CONSTR" in r.stdout and "seed000_provincial_45" in r.stdout
    before = json.loads(cli("plan", project, "--ruleset", "shipped", "--ruleset-version-on", "2021-06-01",
                            "--format", "json").stdout)
    after = json.loads(cli("plan", project, "--ruleset", "shipped", "--format", "json").stdout)
    assert before["ruleset_version"] == "2021-01" and after["ruleset_version"] == "2022-01"
    assert after["total_working_days"] < before["total_working_days"]
    assert before["excluded"][0]["from"] == "2025-09-24"
    r = cli("plan", project, "--ruleset", "shipped", "--format", "svg")
    assert r.returncode == 0 and r.stdout.startswith("<svg")


def test_replay_reproduces_a_recorded_decision_and_exits_4_when_it_differs(tmp_path: Path) -> None:
    r = cli("decide", str(EXAMPLE), "--ruleset", "shipped", "--format", "json")
    recorded = tmp_path / "decision.json"
    recorded.write_text(r.stdout, encoding="utf-8")
    r = cli("replay", str(recorded), str(EXAMPLE), "--ruleset", "shipped")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("reproduced: cn.demo.district")
    doc = json.loads(recorded.read_text(encoding="utf-8"))
    doc["correction_deadline"] = "2099-01-01"
    recorded.write_text(json.dumps(doc), encoding="utf-8")
    r = cli("replay", str(recorded), str(EXAMPLE), "--ruleset", "shipped")
    assert r.returncode == 4
    assert "[different_decision]" in r.stderr and "correction_deadline" in r.stderr and "Traceback" not in r.stderr
