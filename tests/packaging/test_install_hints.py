"""Install hints say one thing everywhere (README, "Install"): ``pip install ".[extra]"`` in the govrules
checkout, or the wheel's path in place of ``.`` — never ``govrules[extra]`` from a package index, which
has no govrules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govrules.errors import MissingDependencyError, install_hint

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").rglob("*.md")),
         *sorted((ROOT / "src" / "govrules").rglob("*.py"))]
FROM_AN_INDEX = re.compile(r"""pip install\s+(?:-\S+\s+)*["']?govrules\b""")
CHECKOUT_HINT = re.compile(r"""pip install\s+(?:-\S+\s+)*(["']?)\.\[""")


@pytest.mark.parametrize("extra", ["testing", "dask", "durable", "plot", "progress"])
def test_the_error_gives_the_one_hint(extra: str) -> None:
    message = str(MissingDependencyError("a feature", "a package", extra))
    assert install_hint(extra) in message
    assert f'pip install ".[{extra}]" in the govrules checkout' in message
    assert f'path/to/govrules-<version>-py3-none-any.whl[{extra}]"' in message
    assert not FROM_AN_INDEX.search(message)


def test_no_page_or_message_installs_govrules_from_an_index() -> None:
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in PAGES if p.is_file()
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if FROM_AN_INDEX.search(line)]
    assert found == []


def test_checkout_hints_are_worded_alike() -> None:
    """Always double quotes (the same on POSIX shells, PowerShell and cmd): ``pip install ".[x]"``."""
    odd = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in PAGES if p.is_file()
           for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
           for m in CHECKOUT_HINT.finditer(line) if m[1] != '"']
    assert odd == []


def test_readme_explains_the_wording_once() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    assert 'pip install ".[progress]"' in install and '-py3-none-any.whl[progress]"' in install
