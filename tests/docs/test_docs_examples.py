"""Every ```python block and every ```sh block in docs/*.md and README.md runs: the docs cannot drift
from the code.

Python: the blocks of one file run in order, in one namespace (a later block may use names an earlier
one defined), in a fresh temporary working directory.

Shell: the blocks of one file run in order, in a fresh temporary working directory holding copies of
the repository's ``examples/`` and ``rulesets/``, each command (a line, with its ``\\`` continuations
and here-documents) in bash with ``set -o pipefail``; ``govrules`` and ``python`` are this test's
interpreter. A command must exit 0, unless its trailing comment says otherwise: ``# error: …`` expects a
failure, ``# exit N`` exit code N. A trailing comment ``# ok: …`` or ``# error: …`` is a line the doc
shows the command printing: the command's output must contain it (up to a ``…``). When the next fenced block
after a shell block (with no heading between) is a ```text block, it is the block's shown output: its
lines must appear, in order and together, in what the block's commands printed. A command whose
program is not installed (``jq``) is left out.

A block preceded by the line ``<!-- not-tested -->`` (blank lines between are allowed) is skipped: use
it only for what cannot run here — a fragment that cannot stand alone, such as README's one-screen
teaser (it uses an ``application_dict`` it never defines), an install, a server. A shell block marked
``<!-- server-example -->`` runs against a live ``govrules serve`` in the server's own tests.

A block preceded by ``<!-- requires: pyarrow matplotlib -->`` needs those (optional) modules: when one of
them is not installed, that block and every later block of the file are not run (they may use what it
defines), and the test is skipped, naming the module, after the earlier blocks ran.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
SKIP_MARKER = "<!-- not-tested -->"
SERVER_MARKER = "<!-- server-example -->"  # run by tests/server against a live server
REQUIRES_MARKER = re.compile(r"<!-- requires: (?P<modules>[\w. ]+) -->")  # optional modules a block needs
SHELL = ("sh", "shell", "bash", "console")
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\s`]*)[^`]*$")


@dataclass(frozen=True)
class Block:
    number: int  # 1-based, counting every ```python block of the file (skipped ones too)
    line: int  # 1-based line of the opening fence
    source: str
    skipped: bool
    requires: tuple[str, ...] = ()  # the modules its <!-- requires: … --> marker names


@dataclass(frozen=True)
class Fence:
    line: int  # 1-based line of the opening fence
    info: str  # the info string's first word, lower case ("python", "sh", "text", …)
    source: str
    marker: str  # the last non-blank line before it, outside any block ("<!-- not-tested -->" …)
    after_heading: bool  # a Markdown heading stands between the previous fenced block and this one


def fences(text: str) -> list[Fence]:
    """Every fenced block of a Markdown text, with its position and what precedes it."""
    lines = text.splitlines()
    out: list[Fence] = []
    previous = ""  # the last non-blank line outside a block
    heading = False
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if m is None:
            if lines[i].strip():
                previous = lines[i].strip()
                heading = heading or lines[i].startswith("#")
            i += 1
            continue
        fence, indent = m.group("fence"), m.group("indent")
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        out.append(Fence(i + 1, m.group("info").lower(), textwrap.dedent("\n".join(body)) + "\n", previous, heading))
        previous, heading = lines[i].strip(), False
        i = j + 1
    return out


def python_blocks(text: str) -> list[Block]:
    """The ```python (or ```py) fenced blocks of a Markdown text, with their position."""
    found = [f for f in fences(text) if f.info in ("python", "py", "python3")]
    return [Block(n, f.line, f.source, skipped=f.marker == SKIP_MARKER, requires=_requires(f.marker))
            for n, f in enumerate(found, 1)]


def _requires(marker: str) -> tuple[str, ...]:
    m = REQUIRES_MARKER.fullmatch(marker)
    return tuple(m.group("modules").split()) if m else ()


def skip_if_missing(rel: Path, kind: str, number: int, requires: tuple[str, ...]) -> None:
    """Skip the test when a module a block requires is not installed (the earlier blocks have run)."""
    absent = [name for name in requires if importlib.util.find_spec(name) is None]
    if absent:
        pytest.skip(f"{rel}: {kind} block {number} and the blocks after it need {', '.join(absent)}, "
                    "which is not installed")


def run_file(path: Path) -> int:
    """Execute the file's tested blocks in order in one namespace; return how many ran."""
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    namespace: dict[str, object] = {"__name__": f"__docs_{path.stem}__"}
    ran = 0
    for block in python_blocks(path.read_text(encoding="utf-8")):
        if block.skipped:
            continue
        skip_if_missing(rel, "python", block.number, block.requires)
        try:
            code = compile(block.source, f"{rel}:block{block.number}", "exec")
            exec(code, namespace)  # noqa: S102 - the project's own documentation
        except Exception as exc:  # noqa: BLE001 - any failure is the test's failure
            detail = "".join(traceback.format_exception(exc)[-6:])
            pytest.fail(f"{rel}: python block {block.number} (line {block.line}) failed with "
                        f"{type(exc).__name__}: {exc}\n{detail}", pytrace=False)
        ran += 1
    return ran


def _cases() -> list:
    files = sorted(DOCS.glob("*.md")) + ([README] if README.exists() else [])
    return [pytest.param(p, id=str(p.relative_to(ROOT))) for p in files]


@pytest.mark.parametrize("path", _cases())
def test_python_blocks_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    if run_file(path) == 0:
        pytest.skip(f"{path.relative_to(ROOT)} has no tested python block")


# ---- shell blocks -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShellBlock:
    number: int  # 1-based, counting every shell block of the file (skipped ones too)
    line: int
    source: str
    skipped: bool
    output: str | None  # the ```text block that shows what it prints, if the doc has one
    requires: tuple[str, ...] = ()


def shell_blocks(text: str) -> list[ShellBlock]:
    found = fences(text)
    out = []
    for k, f in enumerate(found):
        if f.info not in SHELL:
            continue
        after = found[k + 1] if k + 1 < len(found) else None
        shown = after.source if after is not None and after.info == "text" and not after.after_heading else None
        out.append(ShellBlock(len(out) + 1, f.line, f.source, f.marker in (SKIP_MARKER, SERVER_MARKER), shown,
                              _requires(f.marker)))
    return out


@dataclass(frozen=True)
class Command:
    text: str  # what bash runs
    comment: str  # the trailing comment of its (last) line, without the "#"


def _split_comment(line: str) -> tuple[str, str]:
    """A shell line without its trailing comment (a ``#`` outside quotes, after a blank), and the comment."""
    quote = ""
    for i, c in enumerate(line):
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip(), line[i + 1:].strip()
    return line.rstrip(), ""


def commands(source: str) -> list[Command]:
    """The commands of a shell block: one per line, with ``\\`` continuations and here-documents."""
    lines = source.splitlines()
    out = []
    i = 0
    while i < len(lines):
        code, comment = _split_comment(lines[i])
        i += 1
        if not code.strip():
            continue
        while code.endswith("\\") and i < len(lines):
            more, comment = _split_comment(lines[i])
            code, i = code + "\n" + more, i + 1  # bash reads the backslash-newline as one line
        here = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", code)
        if here:
            body = []
            while i < len(lines) and lines[i].strip() != here.group(1):
                body.append(lines[i])
                i += 1
            code = "\n".join([code, *body, here.group(1)])
            i += 1
        out.append(Command(code, comment))
    return out


def _programs(code: str) -> list[str]:
    """The programs a command line runs (the first word of each part of a pipeline)."""
    first_line = code.split("\n", 1)[0]
    names = []
    for part in re.split(r"\|\|?|&&|;", first_line):
        try:
            words = shlex.split(part.strip().lstrip("("))
        except ValueError:
            continue
        if words:
            names.append(words[0])
    return names


def _workspace(tmp_path: Path) -> dict[str, str]:
    """The temporary directory a file's shell blocks run in, and their environment."""
    for name in ("examples", "rulesets"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shims = tmp_path.parent / f"{tmp_path.name}-bin"
    shims.mkdir()
    for name, run in (("govrules", f'exec "{sys.executable}" -m govrules "$@"'),
                      ("python", f'exec "{sys.executable}" "$@"'), ("python3", f'exec "{sys.executable}" "$@"')):
        (shims / name).write_text(f"#!/bin/sh\n{run}\n", encoding="utf-8")
        (shims / name).chmod(0o755)
    return {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ.get('PATH', '')}"}


def _expected_exit(comment: str) -> int | None:
    """0, the code a ``# exit N`` comment names, or None for any failure (``# error: …``)."""
    m = re.match(r"exit (\d+)\b", comment)
    if m:
        return int(m.group(1))
    return None if comment.startswith("error:") else 0


def run_shell_file(path: Path, tmp_path: Path) -> int:
    """Run the file's tested shell blocks in order in one directory; return how many commands ran."""
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    env = _workspace(tmp_path)
    ran = 0
    for block in shell_blocks(path.read_text(encoding="utf-8")):
        if block.skipped:
            continue
        skip_if_missing(rel, "shell", block.number, block.requires)
        printed: list[str] = []
        for cmd in commands(block.source):
            missing = [p for p in _programs(cmd.text) if shutil.which(p, path=env["PATH"]) is None
                       and p not in ("cd", "echo", "printf", "test", "[", "export", "set")]
            if missing:
                continue  # e.g. jq, not installed here
            where = f"{rel}: shell block {block.number} (line {block.line}): `{cmd.text.splitlines()[0]}`"
            r = subprocess.run(["bash", "-o", "pipefail", "-c", cmd.text], cwd=tmp_path, env=env,
                               capture_output=True, text=True, timeout=180)
            ran += 1
            said = r.stdout + r.stderr
            printed += said.splitlines()
            expected = _expected_exit(cmd.comment)
            if (r.returncode != expected) if expected is not None else r.returncode == 0:
                pytest.fail(f"{where} exited {r.returncode}, expected {expected if expected is not None else 'a failure'}"
                            f"\n{said[-3000:]}", pytrace=False)
            if cmd.comment.startswith(("ok:", "error:")):
                shown = cmd.comment.split("…", 1)[0].strip()
                if shown not in said:
                    pytest.fail(f"{where}: the doc shows `{shown}`, the command printed:\n{said[-3000:]}", pytrace=False)
        if block.output is not None:
            want = [line.rstrip() for line in block.output.splitlines()]
            got = [line.rstrip() for line in printed]
            if not any(got[k:k + len(want)] == want for k in range(len(got) - len(want) + 1)):
                pytest.fail(f"{rel}: the output shown after shell block {block.number} (line {block.line}) is not what "
                            f"it prints:\n--- shown\n{block.output}--- printed\n" + "\n".join(printed[:80]),
                            pytrace=False)
    return ran


@pytest.mark.parametrize("path", _cases())
def test_shell_blocks_run(path: Path, tmp_path: Path) -> None:
    if run_shell_file(path, tmp_path) == 0:
        pytest.skip(f"{path.relative_to(ROOT)} has no tested shell block")


def test_shell_block_extraction() -> None:
    text = textwrap.dedent("""\
        ```sh
        govrules lint rulesets/   # ok: 9 ruleset version(s) …
        govrules decide a.json \\
          --ruleset shipped
        cat > f.toml <<'EOF'
        id = "x"  # not a comment of the shell
        EOF
        ```
        Its output:

        ```text
        shown
        ```
        <!-- not-tested -->
        ```sh
        pip install .
        ```
        ## Heading
        ```text
        not shown output
        ```
        """)
    blocks = shell_blocks(text)
    assert [(b.number, b.line, b.skipped, b.output) for b in blocks] == [(1, 1, False, "shown\n"), (2, 15, True, None)]
    cmds = commands(blocks[0].source)
    assert [c.comment for c in cmds] == ["ok: 9 ruleset version(s) …", "", ""]
    assert cmds[0].text == "govrules lint rulesets/"
    assert cmds[1].text == "govrules decide a.json \\\n  --ruleset shipped"
    assert cmds[2].text == "cat > f.toml <<'EOF'\nid = \"x\"  # not a comment of the shell\nEOF"
    assert _programs("(printf x; cat a) | jq .b > out") == ["printf", "cat", "jq"]
    assert [_expected_exit(c) for c in ("", "a table", "error: [x] …", "exit 3")] == [0, 0, None, 3]


def test_shell_blocks_are_checked(tmp_path: Path) -> None:
    """The runner fails on a wrong exit code, on output the doc shows but the command does not print, and
    on a ```text block that is not what the block prints."""
    doc = tmp_path / "doc.md"
    work = tmp_path / "work"

    def run(text: str) -> None:
        doc.write_text(textwrap.dedent(text), encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(tmp_path / "work-bin", ignore_errors=True)
        work.mkdir()
        run_shell_file(doc, work)

    good = """\
        ```sh
        govrules lint rulesets/                # ok: 9 ruleset version(s) …
        govrules calendar add 2026-12-28 5     # exit 3
        govrules calendar add 2025-09-26 5
        ```

        ```text
        start=2025-09-26  n=5  result=2025-10-10  unit=working_days  provisional=False
        ```
        """
    run(good)
    for wrong in (good.replace("# exit 3", ""), good.replace("ok: 9 ruleset", "ok: 7 ruleset"),
                  good.replace("provisional=False\n", "provisional=True\n")):
        with pytest.raises(pytest.fail.Exception):
            run(wrong)


def test_the_user_docs_exist_and_show_code() -> None:
    for name in ("index.md", "concepts.md", "rulesets.md", "design.md"):
        assert (DOCS / name).is_file(), f"docs/{name} is missing"
    for name in ("index.md", "concepts.md", "rulesets.md"):
        blocks = python_blocks((DOCS / name).read_text(encoding="utf-8"))
        assert any(not b.skipped for b in blocks), f"docs/{name} has no tested python example"


def test_block_extraction() -> None:
    text = textwrap.dedent("""\
        # Title
        ```python
        a = 1
        ```
        <!-- not-tested -->

        ```python
        undefined_name
        ```
        ```sh
        echo not python
        ```
        - a list item:

          ```py
          b = a + 1
          ```
        ````python
        c = '''
        ```
        '''
        ````
        """)
    blocks = python_blocks(text)
    assert [(b.number, b.line, b.skipped) for b in blocks] == [(1, 2, False), (2, 7, True), (3, 15, False),
                                                              (4, 18, False)]
    assert blocks[0].source == "a = 1\n"
    assert blocks[2].source == "b = a + 1\n"
    assert "```" in blocks[3].source
    namespace: dict[str, object] = {}
    for b in blocks:
        if not b.skipped:
            exec(b.source, namespace)  # noqa: S102
    assert namespace["b"] == 2


def test_a_block_needing_a_missing_module_skips_the_rest(tmp_path: Path) -> None:
    """``<!-- requires: … -->``: the blocks before it run (and may fail), it and the ones after do not, and
    the test is skipped naming the module; with the module installed the block runs."""
    doc = tmp_path / "doc.md"
    doc.write_text(textwrap.dedent("""\
        ```python
        import json
        ran = ["first"]
        ```
        <!-- requires: json no_such_module_of_govrules -->
        ```python
        raise AssertionError("not run")
        ```
        ```python
        raise AssertionError("not run either")
        ```
        """), encoding="utf-8")
    assert [b.requires for b in python_blocks(doc.read_text(encoding="utf-8"))] == [
        (), ("json", "no_such_module_of_govrules"), ()]
    with pytest.raises(pytest.skip.Exception, match="python block 2 and the blocks after it need no_such_module"):
        run_file(doc)
    doc.write_text("<!-- requires: json -->\n```python\nassert json\n```\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="NameError"):  # the marker imports nothing
        run_file(doc)
