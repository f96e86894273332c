"""Versions and layers (spec §4a): pick the version in force, resolve ``extends``, hold a library.

Resolution is by data only: parents are found by id among the files already read (the file's own
directory tree, one level up, then the rulesets shipped with govrules) — nothing is imported or run.
"""

from __future__ import annotations

import datetime as _dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..errors import InvalidInputError, RulesetError, _short
from ..models.base import parse_iso_date
from ..models.ruleset import Ruleset
from .reader import read_document, ruleset_files
from .validate import validate_mapping

_LIST_KEYS = ("negative_list", "restricted_requires", "parallel_groups", "project_total_profiles", "bundles")
_OWN_KEYS = ("id", "version", "effective_from", "effective_to", "title", "title_zh", "basis")


@dataclass(frozen=True, slots=True)
class Document:
    """One ruleset file as read: its header, its raw mapping and where it came from."""

    id: str
    version: str
    effective_from: _dt.date
    effective_to: _dt.date | None
    extends: tuple[str, ...]
    raw: Mapping[str, Any]
    file: str | None

    def in_force_on(self, day: _dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _header(raw: Mapping[str, Any], file: str | None) -> Document:
    def need_str(key: str) -> str:
        v = raw.get(key)
        if not isinstance(v, str) or not v:
            raise RulesetError("invalid_value", f"{key!r} must be a non-empty string, got {v!r}", file=file, path=key)
        return v

    def date_of(key: str, required: bool) -> _dt.date | None:
        v = raw.get(key)
        if v is None and not required:
            return None
        try:
            return parse_iso_date(v)
        except ValueError as exc:
            raise RulesetError("invalid_value", f"got {v!r}; expected {exc}", file=file, path=key) from None

    ext = raw.get("extends", ())
    if not isinstance(ext, (list, tuple)) or not all(isinstance(e, str) for e in ext):
        raise RulesetError("invalid_value", f"'extends' is a list of ruleset ids, got {ext!r}", file=file, path="extends")
    return Document(need_str("id"), need_str("version"), date_of("effective_from", True),  # type: ignore[arg-type]
                    date_of("effective_to", False), tuple(ext), raw, file)


def _merge(base: dict[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """Child over parent: policy deep-merged, authorities by id, matters by code, lists replaced."""
    out = dict(base)
    for key in _OWN_KEYS:
        out.pop(key, None)
        if key in child:
            out[key] = child[key]
    out["policy"] = _deep_merge(base.get("policy", {}), child.get("policy", {}))
    out["authorities"] = _merge_by(base.get("authorities", []), child.get("authorities", []), "id")
    matters = _merge_by(base.get("matters", []), child.get("matters", []), "code")
    removed_raw = child.get("removed_matters", [])
    if not isinstance(removed_raw, list) or not all(isinstance(c, str) for c in removed_raw):
        raise RulesetError("invalid_value", f"'removed_matters' is a list of matter codes, got {_short(removed_raw)}",
                           path="removed_matters")
    removed = set(removed_raw)
    out["matters"] = [m for m in matters if not (isinstance(m, Mapping) and isinstance(m.get("code"), str)
                                                 and m["code"] in removed)]
    out["removed_matters"] = []
    for key in _LIST_KEYS:
        if key in child:
            out[key] = child[key]
    return out


def _deep_merge(a: Any, b: Any) -> Any:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        merged = dict(a)
        for k, v in b.items():
            merged[k] = _deep_merge(a.get(k), v) if k in a else v
        return merged
    return b


def _merge_by(parent: Any, child: Any, key: str) -> list[Any]:
    if not isinstance(child, list):
        raise RulesetError("invalid_value", f"'{key}'-keyed entries are a list (array of tables), got "
                           f"{_short(child)}", path="matters" if key == "code" else "authorities")
    if not isinstance(parent, list):
        return child
    order: dict[Any, Any] = {}
    for item in parent + child:
        k = item.get(key) if isinstance(item, Mapping) else None
        if not isinstance(k, str):
            k = ("unkeyed", len(order))  # shape errors are reported by validation of the merged whole
        order[k] = item  # a later (child) entry replaces the whole earlier one, keeping first position
    return list(order.values())


class RulesetLibrary:
    """Every version of every ruleset read from a directory (spec §4a); immutable once built."""

    def __init__(self, documents: Iterable[Document], *, root: str | None = None, validate: bool = True) -> None:
        self._docs: tuple[Document, ...] = tuple(documents)
        self.root = root
        self._by_id: dict[str, list[Document]] = {}
        for d in self._docs:
            self._by_id.setdefault(d.id, []).append(d)
        self._check_versions()
        self._cache: dict[tuple, Ruleset] = {}
        self._lock = threading.Lock()
        if validate:
            self._validate_all()

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without its lock and resolved-version cache (rebuilt on use): for worker processes."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_lock", "_cache")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _cache={}, _lock=threading.Lock())

    # ---- construction ---------------------------------------------------------------------------
    @classmethod
    def from_directory(cls, directory: Path) -> "RulesetLibrary":
        docs = [_header(read_document(p), str(p)) for p in ruleset_files(directory)]
        if not docs:
            raise RulesetError("empty_library", "no .toml or .json ruleset file below this directory",
                               file=str(directory))
        return cls(docs, root=str(directory))

    def _check_versions(self) -> None:
        for rid, docs in self._by_id.items():
            docs.sort(key=lambda d: d.effective_from)
            for a, b in zip(docs, docs[1:]):
                if a.effective_to is None or a.effective_to >= b.effective_from:
                    raise RulesetError("overlapping_versions", f"versions {a.version!r} and {b.version!r} of "
                                       f"{rid!r} are both in force on {b.effective_from}", file=b.file,
                                       path="effective_from", value=str(b.effective_from))

    def _validate_all(self) -> None:
        for d in self._docs:
            self.resolve(d, d.effective_from)

    # ---- queries --------------------------------------------------------------------------------
    @property
    def documents(self) -> tuple[Document, ...]:
        return self._docs

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(sorted(self._by_id))

    def leaves(self) -> list[str]:
        extended = {p for d in self._docs for p in d.extends}
        return [rid for rid in sorted(self._by_id) if rid not in extended]

    def version_on(self, rid: str, day: _dt.date) -> Document | None:
        for d in self._by_id.get(rid, ()):
            if d.in_force_on(day):
                return d
        return None

    def get(self, rid: str, day: _dt.date) -> Ruleset:
        """The ruleset ``rid`` in force on ``day``, resolved with its parents in force on that day."""
        doc = self.version_on(rid, day)
        if doc is None:
            if rid not in self._by_id:
                raise InvalidInputError("unknown_ruleset", "application.ruleset", rid,
                                        f"one of {', '.join(self.ids)}")
            raise InvalidInputError("no_ruleset_in_force", "application.submitted_on", str(day),
                                    f"a date when a version of {rid!r} is in force")
        return self.resolve(doc, day)

    def select(self, matter_code: str, day: _dt.date, rid: str | None = None) -> tuple[Ruleset, str]:
        """The ruleset for an application (spec §4a), and a sentence saying why it was chosen."""
        if rid is not None:
            return self.get(rid, day), f"application.ruleset {rid!r}, version in force on {day}"
        holding, out_of_force = [], []
        for leaf in self.leaves():
            doc = self.version_on(leaf, day)
            if doc is None:
                if any(matter_code in self.resolve(d, d.effective_from).matters_by_code for d in self._by_id[leaf]):
                    out_of_force.append(leaf)
                continue
            if matter_code in self.resolve(doc, day).matters_by_code:
                holding.append(doc)
        if len(holding) == 1:
            doc = holding[0]
            return self.resolve(doc, day), (f"the one leaf ruleset holding {matter_code!r}: {doc.id} "
                                            f"version {doc.version}, in force on {day}")
        if holding:
            raise InvalidInputError("ambiguous_ruleset", "application.ruleset", None,
                                    f"a ruleset id: {', '.join(d.id for d in holding)} all hold {matter_code!r}")
        if out_of_force:
            raise InvalidInputError("no_ruleset_in_force", "application.submitted_on", str(day),
                                    f"a date when a version of {', '.join(out_of_force)} is in force")
        raise InvalidInputError("no_ruleset_for_matter", "application.matter_code", matter_code,
                                "a matter code held by one of the library's rulesets")

    def resolve(self, doc: Document, day: _dt.date) -> Ruleset:
        chain = self._chain(doc, day, ())
        key = tuple((d.id, d.version) for d in chain)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        merged: dict[str, Any] = {}
        for d in chain:
            merged = _merge(merged, d.raw) if merged else {k: v for k, v in d.raw.items() if k != "extends"}
        merged.pop("extends", None)
        rs = validate_mapping(merged, file=doc.file, allow_extends=True)
        rs._lineage = key
        with self._lock:
            self._cache.setdefault(key, rs)
        return self._cache[key]

    def _chain(self, doc: Document, day: _dt.date, seen: tuple[str, ...]) -> list[Document]:
        """Parents first (left to right, a later parent overriding an earlier), the document last."""
        if doc.id in seen:
            raise RulesetError("extends_cycle", " → ".join(seen + (doc.id,)), file=doc.file, path="extends")
        out: list[Document] = []
        for i, pid in enumerate(doc.extends):
            if pid not in self._by_id:
                raise RulesetError("unknown_parent", f"parent ruleset {pid!r} was not found", file=doc.file,
                                   path=f"extends[{i}]", value=pid)
            parent = self.version_on(pid, day) or self.version_on(pid, doc.effective_from)
            if parent is None:
                raise RulesetError("unknown_parent", f"no version of parent {pid!r} is in force on {day}",
                                   file=doc.file, path=f"extends[{i}]", value=pid)
            for d in self._chain(parent, day, seen + (doc.id,)):
                if d not in out:
                    out.append(d)
        out.append(doc)
        return out

    def __repr__(self) -> str:
        return f"RulesetLibrary(root={self.root!r}, rulesets={list(self.ids)}, files={len(self._docs)})"


def load_file(path: Path, shipped: Path | None) -> Ruleset:
    """One file, resolved with its parents (found in its directory tree, one level up, or shipped)."""
    target = _header(read_document(path), str(path))
    if not target.extends:
        return validate_mapping(dict(target.raw), file=str(path))
    docs = {str(path): target}
    roots = [path.parent] + ([shipped] if shipped else [])
    missing = set(target.extends)
    for root in roots:
        if not missing:
            break
        for p in ruleset_files(root) if root.is_dir() else ():
            if str(p) in docs:
                continue
            try:
                doc = _header(read_document(p), str(p))
            except RulesetError:
                continue  # an unrelated broken file does not stop resolution; a needed one is reported below
            docs[str(p)] = doc
        known = {d.id for d in docs.values()}
        missing = {pid for d in docs.values() for pid in d.extends if pid not in known}
    lib = RulesetLibrary(_needed(target, list(docs.values())), root=str(path), validate=False)
    return lib.resolve(target, target.effective_from)


def _needed(target: Document, docs: list[Document]) -> list[Document]:
    """The target and every version of every ruleset its ``extends`` chain names."""
    by_id: dict[str, list[Document]] = {}
    for d in docs:
        by_id.setdefault(d.id, []).append(d)
    out, todo, seen = [target], list(target.extends), {target.id}
    while todo:
        rid = todo.pop()
        if rid in seen:
            continue
        seen.add(rid)
        for d in by_id.get(rid, ()):
            out.append(d)
            todo.extend(d.extends)
    return out
