"""Loads ``basis.toml``: each rule id's citations and message templates (legal text as data)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from ..models.decision import Citation, Finding


@lru_cache(maxsize=1)
def _catalogue() -> tuple[Mapping[str, tuple[Citation, ...]], Mapping[str, tuple[str, str]]]:
    raw = tomllib.loads((Path(__file__).with_name("basis.toml")).read_text(encoding="utf-8"))
    cites = {key: Citation(**value) for key, value in raw["citations"].items()}
    bases = {rule: tuple(cites[c] for c in spec["basis"]) for rule, spec in raw["rules"].items()}
    texts = {rule: (spec["zh"], spec["en"]) for rule, spec in raw["rules"].items()}
    return MappingProxyType(bases), MappingProxyType(texts)


def citations(rule: str) -> tuple[Citation, ...]:
    return _catalogue()[0][rule]


def rule_ids() -> frozenset[str]:
    return frozenset(_catalogue()[0])


def matter_basis(legal_basis: tuple[str, ...] | None) -> tuple[Citation, ...]:
    """A matter's own legal basis (ruleset data) as citations, for rules whose value the matter sets."""
    return tuple(Citation(kind="law", source=text) for text in legal_basis or ())


_BASES, _TEXTS = _catalogue()  # read-only mappings, loaded once at import
_build = Finding.built_whole


def finding(rule: str, effect: str, subject: str | None = None, *, extra_basis: tuple[Citation, ...] = (),
            **params: Any) -> Finding:
    """Build the finding of ``rule`` with its citations and its messages filled from ``params``."""
    zh, en = _TEXTS[rule]
    basis = _BASES[rule] + extra_basis if extra_basis else _BASES[rule]
    return _build({"rule": rule, "effect": effect, "subject": subject, "basis": basis,
                   "message_zh": zh.format_map(params), "message_en": en.format_map(params)})
