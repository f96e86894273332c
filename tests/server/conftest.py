"""The fixtures of the HTTP tests: live servers (``live.py``), answered over real HTTP by httpx.

The tests of this folder need the ``server`` extra (FastAPI, uvicorn) and httpx, which the ``test``
extra installs; each module skips, saying so, only when they are missing.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from live import MAX_BATCH, MAX_BODY, MISSING, Server, start_server


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The shared server: the shipped rulesets, small body and batch limits, the default time limit."""
    pytest.importorskip("fastapi", reason=MISSING)
    pytest.importorskip("uvicorn", reason=MISSING)
    s = start_server(tmp_path_factory.mktemp("server") / "server.log", "--max-body-bytes", str(MAX_BODY),
                     "--max-batch", str(MAX_BATCH))
    yield s
    s.stop()


@pytest.fixture(scope="session")
def hasty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose time limit (0.5 ms) is shorter than any batch takes to decide."""
    pytest.importorskip("fastapi", reason=MISSING)
    pytest.importorskip("uvicorn", reason=MISSING)
    s = start_server(tmp_path_factory.mktemp("hasty") / "server.log", "--time-limit", "0.0005", "--threads", "1")
    yield s
    s.stop()


@pytest.fixture(scope="session")
def client(server: Server) -> Iterator["object"]:
    import httpx

    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c
