"""The peer engines of ``bench/bench_engines.py``: the reference decision written for other rules engines.

Each module exposes ``NAME``, ``LIBRARY`` (the import name of the engine it needs, ``None`` for none) and
``build(ref) -> engine``; an engine has ``decide(app) -> (outcome, items)``, ``close()`` and, when the
library has a native batch path, ``decide_batch(apps) -> [summary, ...]``. A module that provides more
than one engine (zen) also lists them in ``VARIANTS``: ``((name, build), ...)``.

The peers read the matter's requirements from ``workload.Reference`` only, never from govrules, and take
the application dict exactly as generated. See ``bench/README.md`` for what each one is and its caveats.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import Any, Callable

# (module, is a peer engine): plain Python is the limit, not a peer
PEER_MODULES: tuple[tuple[str, bool], ...] = (
    ("plain", False),
    ("zen", True),
    ("durable", True),
    ("business_rules_peer", True),
    ("rule_engine_peer", True),
)

# the import name each module needs (kept here too so a missing library is known without importing it)
LIBRARIES: dict[str, str | None] = {
    "plain": None,
    "zen": "zen",
    "durable": "durable",
    "business_rules_peer": "business_rules",
    "rule_engine_peer": "rule_engine",
}


@dataclass(frozen=True)
class Peer:
    name: str  # the engine's display name
    module: str  # peers.<module>
    build: Callable[[Any], Any]
    is_peer: bool  # False for the plain-Python limit


def library_available(module: str) -> bool:
    lib = LIBRARIES[module]
    return lib is None or importlib.util.find_spec(lib) is not None


def load(module: str) -> list[Peer]:
    """The engines of one peer module (imports it, and so its library)."""
    mod = importlib.import_module(f"{__name__}.{module}")
    is_peer = dict(PEER_MODULES)[module]
    variants = getattr(mod, "VARIANTS", ((mod.NAME, mod.build),))
    return [Peer(name, module, build, is_peer) for name, build in variants]


def available() -> tuple[list[Peer], list[tuple[str, str]]]:
    """``(engines whose library imports, [(module, reason), ...] for the others)``."""
    peers, missing = [], []
    for module, _ in PEER_MODULES:
        if not library_available(module):
            missing.append((module, f"library {LIBRARIES[module]!r} is not installed"))
            continue
        try:
            peers.extend(load(module))
        except Exception as exc:  # an installed library that fails to import on this Python
            missing.append((module, f"{type(exc).__name__}: {exc}"))
    return peers, missing
