"""Every ```python block in docs/*.md and README.md runs: the docs cannot drift from the code.

The blocks of one file run in order, in one namespace (a later block may use names an earlier one
defined), in a fresh temporary working directory. A block preceded by the line
``<!-- not-tested -->`` (blank lines between are allowed) is skipped: use it only for a fragment that
cannot stand alone, such as README's one-screen teaser (it uses an ``application_dict`` it never
defines).
"""

from __future__ import annotations

import re
import textwrap
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
SKIP_MARKER = "<!-- not-tested -->"
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\s`]*)[^`]*$")


@dataclass(frozen=True)
class Block:
    number: int  # 1-based, counting every ```python block of the file (skipped ones too)
    line: int  # 1-based line of the opening fence
    source: str
    skipped: bool


def python_blocks(text: str) -> list[Block]:
    """The ```python (or ```py) fenced blocks of a Markdown text, with their position."""
    lines = text.splitlines()
    blocks: list[Block] = []
    previous = ""  # the last non-blank line outside a block
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if m is None:
            if lines[i].strip():
                previous = lines[i].strip()
            i += 1
            continue
        fence, indent = m.group("fence"), m.group("indent")
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        if m.group("info").lower() in ("python", "py", "python3"):
            blocks.append(Block(len(blocks) + 1, i + 1, textwrap.dedent("\n".join(body)) + "\n",
                                skipped=previous == SKIP_MARKER))
        previous = lines[i].strip()
        i = j + 1
    return blocks


def run_file(path: Path) -> int:
    """Execute the file's tested blocks in order in one namespace; return how many ran."""
    rel = path.relative_to(ROOT)
    namespace: dict[str, object] = {"__name__": f"__docs_{path.stem}__"}
    ran = 0
    for block in python_blocks(path.read_text(encoding="utf-8")):
        if block.skipped:
            continue
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
