"""The command line prints every problem of a bad application (issue 16): one line each, then their
count, with the exit code of bad input (2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import govrules
from govrules.cli import main

EXAMPLE = govrules.SHIPPED_EXAMPLES / "construction_permit_correction.json"


def write(tmp_path: Path, **changes: object) -> str:
    app = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    app.update(changes)
    path = tmp_path / "app.json"
    path.write_text(json.dumps(app, ensure_ascii=False), encoding="utf-8")
    return str(path)


def bad_application(tmp_path: Path) -> str:
    app = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    app["channel"] = "fax"
    app["materials"][0]["status"] = "lost"
    app["materials"].append({"id": "no-such-material"})
    return write(tmp_path, **app)


@pytest.mark.parametrize("command", ["decide", "explain", "notice"])
def test_every_problem_on_its_own_line_then_the_count(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      command: str) -> None:
    path = bad_application(tmp_path)
    assert main([command, path, "--ruleset", "shipped"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    n = len(json.loads(Path(path).read_text(encoding="utf-8"))["materials"]) - 1
    assert err.splitlines() == [
        "govrules: error: [invalid_value] application.channel: got 'fax'; expected one of 'window', 'online' or 'mail'",
        "govrules: error: [invalid_value] application.materials[0].status: got 'lost'; expected one of 'ok', "
        "'correctable_on_spot', 'corrected_on_spot' or 'defective'",
        f"govrules: error: [unknown_material] application.materials[{n}].id: got 'no-such-material'; expected a "
        f"material id of matter CONSTR: " + err.splitlines()[2].split("of matter CONSTR: ", 1)[1],
        "govrules: 3 problems",
    ]


def test_one_problem_is_one_line_as_before(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decide", write(tmp_path, channel="fax"), "--ruleset", "shipped"]) == 2
    _, err = capsys.readouterr()
    assert err == ("govrules: error: [invalid_value] application.channel: got 'fax'; expected one of 'window', "
                   "'online' or 'mail'\n")


def test_the_problems_from_a_real_process(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "govrules", "decide", bad_application(tmp_path), "--ruleset",
                        "shipped", "--format", "json"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 4 and lines[-1] == "govrules: 3 problems"
    assert all(line.startswith("govrules: error: [") for line in lines[:-1])
    assert "Traceback" not in r.stderr
