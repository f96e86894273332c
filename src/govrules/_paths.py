"""Where the data shipped with govrules lives, in a wheel install or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = _HERE / "_shipped" / name
    if installed.is_dir():
        return installed
    return _HERE.parent.parent / name  # editable install / source checkout: <repo>/src/govrules → <repo>/name


def shipped_rulesets() -> Path:
    return _shipped("rulesets")


def shipped_examples() -> Path:
    return _shipped("examples")
