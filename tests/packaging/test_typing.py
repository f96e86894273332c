"""govrules is typed for its users: ``py.typed`` is shipped, and mypy --strict reads the public API as
typed values — ``govrules.decide(...)`` is a ``Decision``, not ``Any`` (typing_snippet.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import govrules

SNIPPET = Path(__file__).with_name("typing_snippet.py")
REVEALED = re.compile(r'^typing_snippet\.py:(\d+): note: Revealed type is "(.*)"$')


def expected_reveals() -> dict[int, str]:
    """line → the type written after ``reveal_type(...)  #`` on that line of the snippet."""
    out = {}
    for n, line in enumerate(SNIPPET.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("reveal_type("):
            out[n] = line.split("  # ", 1)[1].strip()
    return out


def test_py_typed_marks_the_package() -> None:
    assert (Path(govrules.__file__).parent / "py.typed").is_file()


@pytest.fixture(scope="module")
def mypy_output(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy")
    work = tmp_path_factory.mktemp("typing")
    shutil.copy(SNIPPET, work / SNIPPET.name)  # checked outside the checkout: govrules as installed
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(work / ".mypy_cache"),
         SNIPPET.name],
        cwd=work, capture_output=True, text=True, timeout=600)


def test_the_snippet_type_checks_under_strict(mypy_output: subprocess.CompletedProcess[str]) -> None:
    errors = [line for line in mypy_output.stdout.splitlines() if ": error:" in line]
    assert errors == [] and mypy_output.returncode == 0, mypy_output.stdout + mypy_output.stderr


def test_public_api_reveals_its_types_not_any(mypy_output: subprocess.CompletedProcess[str]) -> None:
    revealed = {int(m[1]): m[2].replace("builtins.", "") for line in mypy_output.stdout.splitlines()
                if (m := REVEALED.match(line))}
    assert revealed == expected_reveals(), mypy_output.stdout
    assert revealed[line_of("reveal_type(decision)  #")] == "govrules.models.decision.Decision"
    assert not [t for t in revealed.values() if re.search(r"\bAny\b", t)]


def line_of(text: str) -> int:
    lines = SNIPPET.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if line.startswith(text))
