"""The legal sources govrules cites (``sources.toml``), and a key's source among them and a ruleset's own.

A key names a source: one of govrules' (``all_42``, ``civil_201`` …) or one a ruleset cites itself
(``policy.cited``). Rules cite sources by key (``rules/basis.toml``), matters name them in
``legal_basis`` and ``limit_basis``, and a ruleset's catalogue checks that every key names one in force
(``validation/citations.py``). Legal text is data: nothing here is a template.
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .decision import Citation


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What sources.toml says about one citation beyond the Citation itself."""

    key: str
    citation: Citation
    in_force_from: _dt.date | None = None
    earlier: str | None = None  # the predecessor cited before ``in_force_from``
    practice: str | None = None  # for a report or practice page: the practice it describes
    applies: tuple[str, ...] = ()  # … and the legal sources (keys) it applies
    number: str | None = None
    verified: bool = False
    checked: str = ""


def _source(key: str, value: Mapping[str, Any]) -> SourceInfo:
    source = value["source"] + (f"（{value['number']}）" if value.get("number") else "")
    cite = Citation(kind=value["kind"], source=source, article=value.get("article"), quote=value.get("quote"))
    return SourceInfo(key, cite, value.get("in_force_from"), value.get("earlier"), value.get("practice"),
                      tuple(value.get("applies", ())), value.get("number"), bool(value.get("verified", False)),
                      value.get("checked", ""))


@lru_cache(maxsize=1)
def _catalogue() -> tuple[Mapping[str, SourceInfo], Mapping[Citation, SourceInfo]]:
    raw = tomllib.loads(Path(__file__).with_name("sources.toml").read_text(encoding="utf-8"))
    by_key = {key: _source(key, value) for key, value in raw["citations"].items()}
    return MappingProxyType(by_key), MappingProxyType({i.citation: i for i in by_key.values()})


def sources() -> Mapping[str, SourceInfo]:
    """Every citation of sources.toml by key, with its in-force date, verification and practice."""
    return _catalogue()[0]


def source_of(citation: Citation) -> SourceInfo | None:
    """What sources.toml says about ``citation``; None for a citation it does not hold (a ruleset's own)."""
    return _catalogue()[1].get(citation)


#: The practices sources.toml's reports and practice pages describe: the keys of ``policy.practice_basis``.
PRACTICES: frozenset[str] = frozenset(i.practice for i in sources().values() if i.practice)


def cited_source(key: str, policy: Any = None) -> Citation | None:
    """The legal source named ``key``: a ruleset's ``policy.cited`` entry, or a law/policy citation of
    sources.toml (``all_42`` …). None when ``key`` names neither (free text)."""
    own = getattr(policy, "cited", None) or {}
    if key in own:
        return own[key].citation()
    info = sources().get(key)
    return info.citation if info is not None and info.citation.applicant_citable else None


def in_force_from(key: str, policy: Any = None) -> _dt.date | None:
    own = getattr(policy, "cited", None) or {}
    if key in own:
        return own[key].in_force_from
    info = sources().get(key)
    return info.in_force_from if info is not None else None
