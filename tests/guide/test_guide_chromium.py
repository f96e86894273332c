"""The HTML guide in a real browser: headless Chromium renders it (a screenshot kept under
tests/guide/screenshots/, gitignored) and its DOM holds every element heading. Skipped where no
Chromium is installed (CI on a fresh machine): ``apt-get install chromium fonts-noto-cjk`` provides one."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from govrules.guides import render, service_guide

from cases import LIBRARY
from test_guide_shipped import HEADINGS

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((path for name in BROWSERS if (path := shutil.which(name))), None)
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
#: root in a container needs --no-sandbox; a profile directory of its own keeps runs apart
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run")

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed (looked for "
                                f"{', '.join(BROWSERS)} on PATH)")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("guide") / "CONSTR.html"
    path.write_text(render(service_guide("CONSTR", LIBRARY, "2025-03-03"), "html"), encoding="utf-8")
    return path


def test_the_page_renders_to_a_screenshot(page: Path, tmp_path: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / "CONSTR.png"
    shot.unlink(missing_ok=True)
    done = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2000", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    blank = tmp_path / "blank.html"
    blank.write_text('<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><body></body></html>', encoding="utf-8")
    empty = tmp_path / "blank.png"
    assert chromium(tmp_path, f"--screenshot={empty}", "--window-size=1200,2000", blank.as_uri()).returncode == 0
    # a page of text compresses far worse than a blank one: the guide was drawn, not an empty page
    assert shot.stat().st_size > 20 * empty.stat().st_size, (shot.stat().st_size, empty.stat().st_size)
    print(f"\nservice-guide screenshot: {shot}")


def test_the_dom_holds_every_element_heading(page: Path, tmp_path: Path) -> None:
    done = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert '<html lang="zh-CN">' in dom
    assert [html.unescape(h) for h in re.findall(r"<h2>(.*?)</h2>", dom)] == list(HEADINGS)
    assert "建筑工程施工许可证办事指南" in dom and "可容缺后补" in dom
