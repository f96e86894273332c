"""A live ``govrules serve`` (uvicorn) in a subprocess on 127.0.0.1 and a free port, for the tests of
this folder (``conftest.py`` holds the fixtures) and for bench/bench_server.py."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MISSING = "the server extra is not installed (pip install '.[server]'; the test extra includes it)"

#: the limits of the shared server: small enough that a test reaches them cheaply
MAX_BODY, MAX_BATCH = 262_144, 20


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
            self.process.wait(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ready(url: str) -> bool:
    import httpx

    try:
        return httpx.get(url + "/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def start_server(log: Path, *args: str, timeout: float = 60) -> Server:
    """``python -m govrules serve ARGS`` on a free port; returns once /healthz answers."""
    for _attempt in range(3):  # the free port may be taken between choosing and binding it
        port = _free_port()
        out = log.open("w", encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "govrules", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning", *args],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=os.environ | {"PYTHONUNBUFFERED": "1"})
        out.close()
        server = Server(f"http://127.0.0.1:{port}", process, log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if _ready(server.url):
                return server
            time.sleep(0.1)
        if process.poll() is None:
            server.stop()
            raise AssertionError(f"govrules serve did not answer within {timeout} s:\n{server.output()}")
        if "address already in use" not in server.output().lower():
            raise AssertionError(f"govrules serve exited with {process.returncode}:\n{server.output()}")
    raise AssertionError("no free port for govrules serve")  # pragma: no cover
