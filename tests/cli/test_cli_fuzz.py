"""Fuzzing the command line: arbitrary files, arguments and dates in; an exit code and one line out.

The property (as for the library, tests/fuzzing.py): ``govrules`` ends with one of its documented exit
codes (0 ok, 1 ruleset errors, 2 bad input or usage, 3 outside the calendar, 4 not reproduced), a
failure prints a one-line ``govrules: …`` message on stderr that names the field, and nothing ever
prints a traceback. Run in-process through ``govrules.cli.main`` (fast enough to fuzz), plus a few
real subprocesses to prove the installed entry point behaves the same.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

import govrules
from fuzzing import FULL_APP, APP_PATHS, DATE_PATHS, FUZZED, anything, iso_dates, json_like, mutated
from govrules.cli import main

EXIT_CODES = {0, 1, 2, 3, 4}
EXAMPLE = govrules.SHIPPED_EXAMPLES / "construction_permit_correction.json"
COMMANDS = ["decide", "explain", "notice", "replay", "plan", "lint", "schema", "demo", "calendar"]
FLAGS = ["--ruleset", "--as-of", "--format", "--calendar-overlay", "--provisional", "--kind", "--output",
         "--exclude", "--calendar-days", "--overlay", "--ruleset-version-on", "-", "--help"]
TOKENS = (st.sampled_from(COMMANDS + FLAGS + ["shipped", "add", "between", "is-working-day", "month", "json",
                                              "table", "html", "text", "svg", str(EXAMPLE), "2025-02-30",
                                              "2025-13", "1e9", "-5", "99999999999999999999"])
          | iso_dates | st.integers().map(str) | st.text(max_size=12))


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    """``govrules argv`` in-process: (exit code, stdout, stderr); an escaping exception fails the test."""
    FUZZED["cli"] += 1
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # argparse: usage errors (2) and --help (0)
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def clean(code: int, stderr: str, stdout: str = "") -> None:
    """A documented exit code; no traceback; a failure says what went wrong in one message (or, for
    ``lint`` finding ruleset errors, exit 1 with its report on stdout)."""
    assert code in EXIT_CODES, code
    assert "Traceback" not in stderr + stdout
    if code == 1 and not stderr:
        assert "[" in stdout or '"errors"' in stdout, stdout  # lint's report names each code
    elif code != 0:
        assert stderr.startswith(("govrules: error: ", "govrules: not reproduced: ", "usage: govrules")), stderr
    if stderr.startswith("govrules: error: "):
        # "[code] <field>: got <value>; expected …" (bad input), "[code] <file> at <path>: …" (ruleset),
        # "[calendar_unavailable] no working-day data for year …": always a code and a place
        # — one line, or for an input with several problems one line each and then their count
        lines = stderr.splitlines()
        if len(lines) > 1:
            assert lines[-1] == f"govrules: {len(lines) - 1} problems", stderr
            lines = lines[:-1]
        for line in lines:
            m = re.match(r"govrules: error: \[([a-z0-9_]+)\] (.+)", line)
            assert m, stderr
            if ": got " in m.group(2):
                assert m.group(2).split(": got ")[0].strip(), stderr
        assert stderr.count("\n") == len(lines) + (len(lines) > 1), stderr


def as_file(directory: str, value: object, name: str = "app.json") -> str:
    try:
        text = json.dumps(value, default=str)
    except (ValueError, RecursionError):
        assume(False)
        raise
    path = Path(directory) / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return str(path)


@given(json_like | mutated(FULL_APP, APP_PATHS, DATE_PATHS), st.sampled_from(["decide", "explain", "notice"]),
       st.sampled_from(["table", "json"]))
def test_decide_explain_notice_with_arbitrary_application_files(value, command, fmt) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        fmt = "text" if command == "notice" and fmt == "table" else fmt
        code, _, err = run([command, as_file(tmp, value), "--ruleset", "shipped", "--format", fmt])
    clean(code, err)
    assert code in (0, 2, 3)


@given(st.data())
def test_decide_with_a_mutated_shipped_example(data) -> None:
    app = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    key = data.draw(st.sampled_from(sorted(app)))
    app[key] = data.draw(anything)
    as_of = data.draw(st.none() | iso_dates | st.text(max_size=12))
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["decide", as_file(tmp, app), "--ruleset", "shipped", "--format", "json"]
        code, out, err = run(argv + (["--as-of", as_of] if as_of is not None else []))
    clean(code, err)
    if code == 0:
        assert json.loads(out)["application_id"] is not None


@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
       st.sampled_from(["r.toml", "r.json", "r.yaml"]))
def test_lint_with_arbitrary_file_contents(content, name) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        code, out, err = run(["lint", str(path), "--format", "json"])
    clean(code, err, out)
    assert code in (0, 1, 2)


@given(st.text(max_size=14) | iso_dates, st.integers() | st.sampled_from([10**30, -(10**30)]),
       st.sampled_from([[], ["--calendar-days"], ["--exclude", "2025-03-01..2025-03-09"], ["--exclude", "x..y"]]))
def test_calendar_add_with_arbitrary_dates_and_counts(start, n, extra) -> None:
    code, out, err = run(["calendar", "add", start, str(n), *extra])
    clean(code, err)
    assert code in (0, 2, 3)


@given(st.text(max_size=14) | iso_dates, st.text(max_size=14) | iso_dates,
       st.sampled_from(["between", "is-working-day", "month"]))
def test_calendar_queries_with_arbitrary_dates(a, b, op) -> None:
    argv = ["calendar", op, a] + ([b] if op == "between" else [])
    code, _, err = run(argv)
    clean(code, err)


@given(json_like, st.sampled_from([str(EXAMPLE), "-"]))
def test_replay_with_an_arbitrary_recorded_file(value, app) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        code, _, err = run(["replay", as_file(tmp, value, "rec.json"), app, "--ruleset", "shipped"], stdin="{}")
    clean(code, err)
    assert code in (2, 3, 4)


@given(st.lists(TOKENS, max_size=7))
def test_arbitrary_argument_lists(argv) -> None:
    code, out, err = run(argv, stdin="{")
    clean(code, err, out)


def test_regression_an_unknown_key_with_a_newline_is_named_on_one_line() -> None:
    """Found by the thorough profile: the key was printed raw, so the message spanned two lines."""
    with tempfile.TemporaryDirectory() as tmp:
        app = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        app["a\nb"] = None
        app["备注"] = None
        code, _, err = run(["decide", as_file(tmp, app), "--ruleset", "shipped"])
    clean(code, err)
    assert code == 2 and 'application["a\\nb"]' in err


def test_the_property_bites() -> None:
    """The checks above see failures: a bad date names its argument, a bad file its field."""
    code, _, err = run(["calendar", "add", "2025-02-30", "3"])
    assert code == 2 and "2025-02-30" in err
    with tempfile.TemporaryDirectory() as tmp:
        app = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        app["materials"][0]["status"] = 7
        code, _, err = run(["decide", as_file(tmp, app), "--ruleset", "shipped"])
    assert code == 2 and "application.materials[0].status" in err


def test_real_processes_print_no_traceback(tmp_path: Path) -> None:
    """The same through the installed entry point, for a few of the nastiest inputs."""
    nasty = {"deep.json": "[" * 100_000 + "]" * 100_000, "huge.json": '{"id": ' + "9" * 5000 + "}",
             "binary.json": "\udcff\udcfe", "surrogate.json": '{"id": "\\ud800"}'}
    for name, text in nasty.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        r = subprocess.run([sys.executable, "-m", "govrules", "decide", str(path), "--ruleset", "shipped"],
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 2, (name, r.stderr)
        assert "Traceback" not in r.stderr and r.stderr.startswith("govrules: error: ["), (name, r.stderr)
