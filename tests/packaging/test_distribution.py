"""What a user installs: the Apache-2.0 licence text (in the wheel's and the sdist's metadata), the
``py.typed`` marker in the wheel, and a version that the command line reads from the installed metadata."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import govrules
from govrules.cli import main

ROOT = Path(__file__).resolve().parents[2]
LICENSE = ROOT / "LICENSE"
#: md5 of https://www.apache.org/licenses/LICENSE-2.0.txt, the canonical text (byte for byte)
APACHE_2_0_MD5 = "3b83ef96387f14655fc854ddc3c6bd57"


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_is_the_full_apache_2_0_text() -> None:
    text = LICENSE.read_bytes()
    assert hashlib.md5(text).hexdigest() == APACHE_2_0_MD5
    assert b"Apache License\n                           Version 2.0, January 2004" in text
    assert b"END OF TERMS AND CONDITIONS" in text


def test_pyproject_declares_the_license_and_ships_its_file() -> None:
    project = pyproject()["project"]
    assert project["license"] == "Apache-2.0"
    assert project["license-files"] == ["LICENSE"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel and an sdist built from this checkout by its build backend (hatchling, in the test extra)."""
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("dist")
    r = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-t", "sdist", "-d", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def test_wheel_ships_license_and_py_typed(built: Path) -> None:
    [wheel] = built.glob("govrules-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        dist_info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        assert "govrules/py.typed" in names
        assert z.read(f"{dist_info}/licenses/LICENSE") == LICENSE.read_bytes()
        meta = z.read(f"{dist_info}/METADATA").decode("utf-8").splitlines()
    assert "License-Expression: Apache-2.0" in meta and "License-File: LICENSE" in meta


def test_sdist_ships_license_and_py_typed(built: Path) -> None:
    [sdist] = built.glob("govrules-*.tar.gz")
    with tarfile.open(sdist) as t:
        top = t.getnames()[0].split("/")[0]
        names = set(t.getnames())
        assert f"{top}/LICENSE" in names and f"{top}/src/govrules/py.typed" in names
        pkg_info = t.extractfile(f"{top}/PKG-INFO").read().decode("utf-8").splitlines()
    assert "License-Expression: Apache-2.0" in pkg_info and "License-File: LICENSE" in pkg_info


def test_version_is_the_installed_one() -> None:
    installed = metadata.version("govrules")
    assert installed == govrules.__version__ == pyproject()["project"]["version"]


def test_cli_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    out, err = capsys.readouterr()
    assert out == f"govrules {metadata.version('govrules')}\n" and err == ""


def test_cli_version_in_a_real_process() -> None:
    r = subprocess.run([sys.executable, "-m", "govrules", "--version"], capture_output=True, text=True, timeout=120)
    assert (r.returncode, r.stdout, r.stderr) == (0, f"govrules {metadata.version('govrules')}\n", "")
