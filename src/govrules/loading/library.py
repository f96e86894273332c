"""Versions and layers (spec §4a): pick the version in force, resolve ``extends``, hold a library.

Resolution is by data only: parents are found by id among the files already read — the directory
tree given (a library), or the file's own directory tree (one file) — and then among the rulesets
shipped with govrules. Nothing is imported or run.

Every layer is checked as strictly as a stand-alone file: its unknown keys are errors in its own file
at its own paths (``models/validation/keys.py``), before the merge could drop them. A problem of the
resolved whole is reported in the layer that wrote the offending value (a matter in the layer that
defined it, a policy key in the last layer that set it), at that layer's path.
"""

from __future__ import annotations

import datetime as _dt
import re
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..errors import InvalidInputError, RulesetError, short_repr
from ..models.base import parse_iso_date
from ..models.ruleset import Ruleset
from ..models.validation.keys import check_keys, ruleset_path
from ..models.validation.problems import RulesetWarning, problems_of, raise_all, unique
from ..models.validation.validate import collect, validate_mapping
from .reader import read_document, ruleset_files

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
    key_problems: tuple[RulesetError, ...] = field(default=(), compare=False, repr=False)
    """The layer's unknown keys (``unknown_field``), found in the file as written."""

    def in_force_on(self, day: _dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _header(raw: Mapping[str, Any], file: str | None) -> Document:
    """The header of one layer; every header problem of the file is reported at once."""
    problems: list[RulesetError] = []

    def need_str(key: str) -> str:
        v = raw.get(key)
        if key not in raw:
            problems.append(RulesetError("missing_field", "required field missing", file=file, path=key))
        elif not isinstance(v, str) or not v:
            problems.append(RulesetError("invalid_value", f"{key!r} must be a non-empty string, got {short_repr(v)}",
                                         file=file, path=key, value=v))
        return v  # type: ignore[return-value]

    def date_of(key: str, required: bool) -> _dt.date | None:
        v = raw.get(key)
        if v is None and not required:
            return None
        if key not in raw:
            problems.append(RulesetError("missing_field", "required field missing", file=file, path=key))
            return None
        try:
            return parse_iso_date(v)
        except ValueError as exc:
            problems.append(RulesetError("invalid_value", f"got {short_repr(v)}; expected {exc}", file=file, path=key,
                                         value=v))
            return None

    rid, version = need_str("id"), need_str("version")
    start, end = date_of("effective_from", True), date_of("effective_to", False)
    ext = raw.get("extends", ())
    if not isinstance(ext, (list, tuple)) or not all(isinstance(e, str) for e in ext):
        problems.append(RulesetError("invalid_value", f"'extends' is a list of ruleset ids, got {short_repr(ext)}",
                                     file=file, path="extends", value=ext))
    raise_all(problems)
    return Document(rid, version, start, end, tuple(ext), raw, file)  # type: ignore[arg-type]


def read_layer(path: Path) -> Document:
    """Read one file as a layer: its header, and its unknown keys checked where they are written.

    A header problem raises (with the file's unknown keys among the problems); unknown keys alone are
    kept on the document, so that resolving it reports them together with the merged whole's problems."""
    raw = read_document(path)
    keys = [e for _, e in check_keys(raw, Ruleset, file=str(path), required=False)]
    try:
        doc = _header(raw, str(path))
    except RulesetError as exc:
        raise_all(keys + problems_of(exc))
        raise  # unreachable: raise_all raised
    return replace(doc, key_problems=tuple(keys))


# ---- merging layers, remembering where each value came from ---------------------------------------
@dataclass
class _Origin:
    """Which layer wrote each part of a merged mapping (to report a problem where it was written)."""

    leaf: Document
    top: dict[str, str | None] = field(default_factory=dict)
    policy: dict[str, str | None] = field(default_factory=dict)
    entries: dict[str, list[tuple[str | None, int]]] = field(default_factory=dict)  # matters, authorities

    def locate(self, path: str) -> tuple[str | None, str]:
        m = re.match(r"(matters|authorities)\[(\d+)\]", path)
        if m:
            entries = self.entries.get(m.group(1), [])
            i = int(m.group(2))
            if i < len(entries):
                file, j = entries[i]
                return file, f"{m.group(1)}[{j}]{path[m.end():]}"
        if path == "policy" or path.startswith(("policy.", "policy[")):
            best = max((p for p in self.policy if path == p or path.startswith((p + ".", p + "["))),
                       key=len, default=None)
            if best is not None:
                return self.policy[best], path
        head = re.match(r"[^.\[]*", path).group(0)  # type: ignore[union-attr]
        return self.top.get(head, self.leaf.file), path

    def relocate(self, err: RulesetError) -> RulesetError:
        file, path = self.locate(err.path) if err.path else (self.leaf.file, "")
        if (file, path) == (err.file, err.path):
            return err
        out = RulesetError(err.code, err.message, file=file, path=path, value=err.value,
                           cycle_members=err.cycle_members)
        if file != self.leaf.file:
            out.text = f"{out.text} (found resolving {self.leaf.id} {self.leaf.version}, {self.leaf.file})"
            out.args = (out.text,)
        return out

    def relocate_warning(self, w: RulesetWarning) -> RulesetWarning:
        file, path = self.locate(w.path) if w.path else (self.leaf.file, "")
        return RulesetWarning(w.code, path, w.message, file)


def _policy_paths(node: Any, loc: tuple[Any, ...]) -> Iterable[str]:
    yield ruleset_path(loc)
    if isinstance(node, Mapping):
        for k, v in node.items():
            yield from _policy_paths(v, loc + (k,))


def _start(doc: Document) -> tuple[dict[str, Any], _Origin]:
    raw = {k: v for k, v in doc.raw.items() if k != "extends"}
    origin = _Origin(doc, top={k: doc.file for k in raw})
    origin.policy = {p: doc.file for p in _policy_paths(raw.get("policy", {}), ("policy",))}
    for key in ("matters", "authorities"):
        items = raw.get(key)
        origin.entries[key] = [(doc.file, i) for i in range(len(items))] if isinstance(items, list) else []
    return raw, origin


def _merge(base: dict[str, Any], origin: _Origin, child: Document) -> dict[str, Any]:
    """Child over parent: policy deep-merged, authorities by id, matters by code, lists replaced."""
    raw, file = child.raw, child.file
    out = dict(base)
    origin.leaf = child
    for key in _OWN_KEYS:
        out.pop(key, None)
        origin.top.pop(key, None)
        if key in raw:
            out[key] = raw[key]
            origin.top[key] = file
    out["policy"] = _deep_merge(base.get("policy", {}), raw.get("policy", {}))
    if "policy" in raw:
        origin.top["policy"] = file
        origin.policy.update({p: file for p in _policy_paths(raw["policy"], ("policy",))})
    out["authorities"] = _merge_by(base.get("authorities", []), raw.get("authorities", []), "id", origin, child)
    matters = _merge_by(base.get("matters", []), raw.get("matters", []), "code", origin, child)
    removed_raw = raw.get("removed_matters", [])
    if not isinstance(removed_raw, list) or not all(isinstance(c, str) for c in removed_raw):
        raise RulesetError("invalid_value", f"'removed_matters' is a list of matter codes, got {short_repr(removed_raw)}",
                           file=file, path="removed_matters", value=removed_raw)
    removed = set(removed_raw)
    kept = [i for i, m in enumerate(matters) if not (isinstance(m, Mapping) and isinstance(m.get("code"), str)
                                                     and m["code"] in removed)]
    out["matters"] = [matters[i] for i in kept]
    origin.entries["matters"] = [origin.entries["matters"][i] for i in kept]
    out["removed_matters"] = []
    for key in _LIST_KEYS:
        if key in raw:
            out[key] = raw[key]
            origin.top[key] = file
    return out


def _deep_merge(a: Any, b: Any) -> Any:
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        merged = dict(a)
        for k, v in b.items():
            merged[k] = _deep_merge(a.get(k), v) if k in a else v
        return merged
    return b


def _merge_by(parent: Any, child: Any, key: str, origin: _Origin, doc: Document) -> list[Any]:
    what = "matters" if key == "code" else "authorities"
    if not isinstance(child, list):
        raise RulesetError("invalid_value", f"'{key}'-keyed entries are a list (array of tables), got "
                           f"{short_repr(child)}", file=doc.file, path=what, value=child)
    if child:
        origin.top[what] = doc.file
    mine = [(doc.file, i) for i in range(len(child))]
    if not isinstance(parent, list):
        origin.entries[what] = mine
        return child
    inherited = origin.entries.get(what, [])
    if len(inherited) != len(parent):  # pragma: no cover - kept in step by _start and _merge
        inherited = [(None, i) for i in range(len(parent))]
    order: dict[Any, tuple[Any, tuple[str | None, int]]] = {}
    for item, where in zip(parent + child, inherited + mine):
        k = item.get(key) if isinstance(item, Mapping) else None
        if not isinstance(k, str):
            k = ("unkeyed", len(order))  # shape errors are reported by validation of the merged whole
        # a later (child) entry replaces the whole earlier one, keeping first position
        order[k] = (item, where)
    origin.entries[what] = [where for _, where in order.values()]
    return [item for item, _ in order.values()]


class RulesetLibrary:
    """Every version of every ruleset read from a directory (spec §4a); immutable once built.

    ``parents`` are rulesets from outside the directory (the shipped ones) that its files extend: they
    resolve the files' ``extends`` but are not the library's own documents."""

    def __init__(self, documents: Iterable[Document], *, root: str | None = None, validate: bool = True,
                 parents: Iterable[Document] = ()) -> None:
        self._docs: tuple[Document, ...] = tuple(documents)
        self.root = root
        self._by_id: dict[str, list[Document]] = {}
        for d in self._docs + tuple(parents):
            self._by_id.setdefault(d.id, []).append(d)
        self._cache: dict[tuple, Ruleset] = {}
        self._located: dict[tuple, tuple[RulesetWarning, ...]] = {}
        self._lock = threading.Lock()
        problems = self._version_problems()
        if validate and not problems:
            problems = self._validation_problems()
        raise_all(problems)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without its lock and resolved-version cache (rebuilt on use): for worker processes."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_lock", "_cache", "_located")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _cache={}, _located={}, _lock=threading.Lock())

    # ---- construction ---------------------------------------------------------------------------
    @classmethod
    def from_directory(cls, directory: Path) -> "RulesetLibrary":
        """Every file below ``directory``; every problem of every file is reported (``.problems``)."""
        problems: list[RulesetError] = []
        docs: list[Document] = []
        for p in ruleset_files(directory):
            try:
                docs.append(read_layer(p))
            except RulesetError as exc:
                problems += problems_of(exc)
        if not docs and not problems:
            raise RulesetError("empty_library", "no .toml or .json ruleset file below this directory",
                               file=str(directory))
        try:
            lib = cls(docs, root=str(directory), parents=_shipped_parents(docs, directory))
        except RulesetError as exc:
            problems += problems_of(exc)
        raise_all(problems)
        return lib

    def _version_problems(self) -> list[RulesetError]:
        out = []
        for rid, docs in self._by_id.items():
            docs.sort(key=lambda d: d.effective_from)
            for a, b in zip(docs, docs[1:]):
                if a.effective_to is None or a.effective_to >= b.effective_from:
                    out.append(RulesetError("overlapping_versions", f"versions {a.version!r} and {b.version!r} of "
                                            f"{rid!r} are both in force on {b.effective_from}", file=b.file,
                                            path="effective_from", value=str(b.effective_from)))
        return out

    def _validation_problems(self) -> list[RulesetError]:
        out: list[RulesetError] = []
        for d in self._docs:
            try:
                self.resolve(d, d.effective_from)
            except RulesetError as exc:
                out += problems_of(exc)
        return unique(out)

    # ---- queries --------------------------------------------------------------------------------
    @property
    def documents(self) -> tuple[Document, ...]:
        return self._docs

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(sorted({d.id for d in self._docs}))

    def leaves(self) -> list[str]:
        extended = {p for d in self._docs for p in d.extends}
        return [rid for rid in self.ids if rid not in extended]

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

    def catalogue_of(self, authority_id: str, day: _dt.date) -> Ruleset | None:
        """Spec §13a Q9: the one leaf ruleset in force on ``day`` whose catalogue holds ``authority_id`` —
        the list an application filed there is read against when no ruleset lists its matter — or None
        (no such ruleset, or several: then nothing can be said of the list)."""
        found = []
        for leaf in self.leaves():
            doc = self.version_on(leaf, day)
            if doc is not None:
                rs = self.resolve(doc, day)
                if authority_id in rs.authorities_by_id:
                    found.append(rs)
        return found[0] if len(found) == 1 else None

    def resolve(self, doc: Document, day: _dt.date) -> Ruleset:
        chain = self._chain(doc, day, ())
        key = tuple((d.id, d.version) for d in chain)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        merged, origin = _start(chain[0])
        for d in chain[1:]:
            merged = _merge(merged, origin, d)
        merged.pop("extends", None)
        rs, errors, warnings = collect(Ruleset, merged, file=doc.file)
        raise_all([e for d in chain for e in d.key_problems] + [origin.relocate(e) for e in errors])
        assert rs is not None
        rs = rs.record_origin(doc.file, warnings, lineage=key)
        with self._lock:
            self._located.setdefault(key, tuple(origin.relocate_warning(w) for w in warnings))
            self._cache.setdefault(key, rs)
        return self._cache[key]

    def layer_warnings(self, doc: Document, day: _dt.date | None = None) -> tuple[RulesetWarning, ...]:
        """The warnings of ``doc`` resolved on ``day`` (default: its start), each in the layer that wrote
        the value (for lint: an inherited matter's warning is its parent's, shown once). The resolved
        ruleset's own ``warnings`` keep the resolved paths (a decision echoes those of its matter)."""
        day = day or doc.effective_from
        self.resolve(doc, day)
        return self._located[tuple((d.id, d.version) for d in self._chain(doc, day, ()))]

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
    """One file, resolved with its parents (found in its own directory tree, then among the shipped)."""
    target = read_layer(path)
    if not target.extends:  # a stand-alone file: its unknown keys are among the problems validation finds
        return validate_mapping(Ruleset, dict(target.raw), file=str(path))
    lib, target = file_library(path, shipped, target)
    return lib.resolve(target, target.effective_from)


def file_library(path: Path, shipped: Path | None, target: Document | None = None) -> tuple["RulesetLibrary", Document]:
    """A library of one file and the parents it needs (not validated beyond what resolving it checks)."""
    target = target or read_layer(path)
    docs = {str(path.resolve()): target}  # by resolved path: the same file is read once, however named
    missing = set(target.extends)
    for root in [path.parent] + ([shipped] if shipped else []):
        if not missing:
            break
        known = {d.id for d in docs.values()}
        found: dict[str, Document] = {p: d for p, d in docs.items()}
        _read_tree(root, found)
        # a ruleset id already found nearer the file is not taken again from a farther root (a folder's
        # own parent wins over a shipped one; the shipped tree may be this very tree, named otherwise)
        docs.update({p: d for p, d in found.items() if p not in docs and d.id not in known})
        known = {d.id for d in docs.values()}
        missing = {pid for d in docs.values() for pid in d.extends if pid not in known}
    lib = RulesetLibrary(_needed([target], target.extends, list(docs.values())), root=str(path), validate=False)
    return lib, target


def _read_tree(root: Path, docs: dict[str, Document]) -> None:
    """Add the readable rulesets below ``root`` to ``docs`` (by file); an unrelated broken file does not
    stop resolution — a needed parent that cannot be read is reported as ``unknown_parent``."""
    for p in ruleset_files(root) if root.is_dir() else ():
        key = str(p.resolve())
        if key in docs:
            continue
        try:
            docs[key] = read_layer(p)
        except RulesetError:
            continue


def _shipped_parents(docs: list[Document], directory: Path) -> list[Document]:
    """The shipped rulesets (every version) that a library's files extend and do not hold themselves."""
    from .._paths import shipped_rulesets

    known = {d.id for d in docs}
    missing = sorted({pid for d in docs for pid in d.extends if pid not in known})
    shipped = shipped_rulesets()
    if not missing or not shipped.is_dir() or directory.resolve().is_relative_to(shipped.resolve()):
        return []
    found: dict[str, Document] = {}
    _read_tree(shipped, found)
    return [d for d in _needed([], missing, list(found.values())) if d.id not in known]


def _needed(start: list[Document], ids: Iterable[str], docs: list[Document]) -> list[Document]:
    """``start`` and every version of every ruleset that the ids ``ids`` name, with their own parents."""
    by_id: dict[str, list[Document]] = {}
    for d in docs:
        by_id.setdefault(d.id, []).append(d)
    out, todo, seen = list(start), list(ids), {d.id for d in start}
    while todo:
        rid = todo.pop()
        if rid in seen:
            continue
        seen.add(rid)
        for d in by_id.get(rid, ()):
            out.append(d)
            todo.extend(d.extends)
    return out
