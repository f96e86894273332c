"""A resolved ruleset: one catalogue plus its policy, with its identity and content hash (spec §4, §4a).

``Ruleset.model_validate`` runs the whole load-time validation (spec §2, §12: ``validation/``) and raises
only ``RulesetError``; a file-backed ruleset gets its file name in every error through ``loading``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Any

from pydantic import ConfigDict, Field, PrivateAttr

from .base import Date, Frozen, Id, Str
from .matter import Authority, Bundle, Matter
from .policy import NegativeList, Policy, ProjectProfile
from .validation.validate import validate_mapping


class Ruleset(Frozen):
    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, ignored_types=(cached_property,),
        use_attribute_docstrings=True,
    )

    id: Id
    """Stable id, e.g. cn.national or cn.sd.jinan.licheng; versions of one ruleset share it."""
    version: Id
    """A label for this version, e.g. 2024-07."""
    effective_from: Date
    """In force from this date (inclusive); the version in force on the receipt date applies."""
    effective_to: Date | None = None
    """In force until this date (inclusive); omitted = open-ended."""
    extends: tuple[Id, ...] = ()
    title: Str
    title_zh: Str | None = None
    """The title in Chinese, shown in notices and notebooks."""
    basis: tuple[Str, ...] = ()
    """Where the ruleset comes from: laws, policy documents, seed reports."""
    policy: Policy = Policy()
    """The switches of spec §4 and §13; a child layer deep-merges its own over its parents'."""
    authorities: tuple[Authority, ...] = ()
    """The authority catalogue (for matters and referrals)."""
    matters: tuple[Matter, ...] = ()
    """The catalogue of matters; a child's matter replaces its parent's of the same code."""
    removed_matters: tuple[Id, ...] = ()
    """Codes of inherited matters this layer drops."""
    negative_list: NegativeList = NegativeList()
    """市场准入清单: prohibited industry codes are rejected, restricted ones need restricted_requires."""
    restricted_requires: dict[Id, Id] = Field(default_factory=dict)
    """Restricted industry code → the extra prerequisite matter it requires."""
    parallel_groups: tuple[tuple[Id, ...], ...] = ()
    """并联审批: groups of matter codes of one stage; prerequisite edges inside a group are ignored."""
    project_total_profiles: dict[Id, ProjectProfile] = Field(default_factory=dict)
    """Project-level totals (spec §10.12), e.g. seed 000's 45 working days."""
    bundles: tuple[Bundle, ...] = ()
    """一件事一次办: matters applied for together with one form (seed 000 多事一流程)."""

    _warnings: tuple[Any, ...] = PrivateAttr(default=())
    _source: str | None = PrivateAttr(default=None)
    _lineage: tuple[tuple[str, str], ...] = PrivateAttr(default=())

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> "Ruleset":  # type: ignore[override]
        """Validate a mapping into a ruleset, checking every rule of spec §2/§12 (RulesetError only)."""
        return validate_mapping(cls, obj, file=None)

    def record_origin(self, source: str | None, warnings: Any, lineage: tuple[tuple[str, str], ...] = ()) -> "Ruleset":
        """Record where this ruleset was read (its file), its warnings and the layers it was resolved
        from: once, by the validation that made it, before anyone else sees it. Returns itself."""
        self._source, self._warnings = source, tuple(warnings)
        if lineage:
            self._lineage = lineage
        return self

    # ---- identity -------------------------------------------------------------------------------
    @cached_property
    def content_hash(self) -> str:
        """sha256 of the canonical JSON of the resolved ruleset: what a decision was made under."""
        canon = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(canon.encode("utf-8")).hexdigest()[:16]

    @property
    def warnings(self) -> tuple[Any, ...]:
        return self._warnings

    @property
    def source(self) -> str | None:
        return self._source

    @property
    def lineage(self) -> tuple[tuple[str, str], ...]:
        """(id, version) of every layer this ruleset was resolved from, parents first."""
        return self._lineage or ((self.id, self.version),)

    @cached_property
    def compiled_plans(self) -> dict[str, Any]:
        """The engine's per-matter plans, compiled on first use (``engine.plan``): derived from this
        immutable ruleset only, never holding a decision's results. A plain attribute after the first
        access, so the engine's lookup costs a dict read."""
        return {}

    @cached_property
    def matters_by_code(self) -> dict[str, Matter]:
        return {m.code: m for m in self.matters}

    @cached_property
    def authorities_by_id(self) -> dict[str, Authority]:
        out = {a.id: a for a in self.authorities}
        for m in self.matters:
            if isinstance(m.authority, Authority):
                out.setdefault(m.authority.id, m.authority)
        return out

    def in_force_on(self, day: Any) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def _repr_html_(self) -> str:
        from ..display.html import ruleset_html

        return ruleset_html(self)

    def __repr__(self) -> str:
        return f"Ruleset(id={self.id!r}, version={self.version!r}, matters={len(self.matters)})"
