"""docs/server.md's curl examples run against a live server: every ```sh block marked
``<!-- server-example -->`` runs in bash (``set -euo pipefail``) with ``http://127.0.0.1:8000`` replaced by
the test server's address, in a temporary folder whose ``examples/`` holds the shipped example
applications. When the next fenced block is marked ``<!-- server-output -->``, every line of it that
has no ``…`` must appear in what the block printed. (tests/docs/test_docs_examples.py leaves these
blocks to this test.)"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from live import ROOT

PAGE = ROOT / "docs" / "server.md"
EXAMPLE, OUTPUT = "<!-- server-example -->", "<!-- server-output -->"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.DOTALL | re.MULTILINE)


def examples(text: str) -> list[tuple[int, str, str | None]]:
    """(line, commands, shown output or None) of every marked block."""
    out: list[tuple[int, str, str | None]] = []
    pending = None
    for m in FENCE.finditer(text):
        before = text[: m.start()].rstrip().splitlines()
        marker = before[-1].strip() if before else ""
        if marker == EXAMPLE and m.group(1) == "sh":
            pending = (text.count("\n", 0, m.start()) + 1, m.group(2))
            out.append((*pending, None))
        elif marker == OUTPUT and pending is not None and out and out[-1][:2] == pending:
            out[-1] = (*pending, m.group(2))
            pending = None
        else:
            pending = None
    return out


BLOCKS = examples(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples() -> None:
    assert len(BLOCKS) >= 5 and all(shown is not None for _, _, shown in BLOCKS)


@pytest.mark.parametrize("line,commands,shown", BLOCKS, ids=[f"line{b[0]}" for b in BLOCKS])
def test_example_runs_against_a_live_server(server, tmp_path, line, commands, shown) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    script = "set -euo pipefail\n" + commands.replace("http://127.0.0.1:8000", server.url)
    p = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, f"docs/server.md line {line}: exit {p.returncode}\n{p.stdout}\n{p.stderr}"
    printed = p.stdout.replace("\r\n", "\n")
    for want in (shown or "").splitlines():
        if "…" not in want and want.strip():
            assert want in printed, f"docs/server.md line {line}: {want!r} not printed; got:\n{printed}"
