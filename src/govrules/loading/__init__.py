"""Reading rulesets: files → mappings → validated, layered, versioned ``Ruleset``s (spec §4a, §12)."""

from __future__ import annotations

from pathlib import Path

from ..errors import RulesetError
from ..models.ruleset import Ruleset
from ..models.validation.problems import RulesetWarning
from .library import RulesetLibrary, load_file


def load_ruleset(path: str | Path) -> Ruleset | RulesetLibrary:
    """A ``.toml``/``.json`` file → its resolved ``Ruleset``; a directory → a ``RulesetLibrary``."""
    from .._paths import shipped_rulesets

    try:
        p = Path(path)
    except TypeError:
        raise RulesetError("invalid_value", f"a path to a ruleset file or directory, got {path!r}") from None
    try:
        is_dir, exists = p.is_dir(), p.exists()
    except (OSError, ValueError) as exc:  # e.g. a name too long for the file system, a NUL byte
        raise RulesetError("file_not_found", f"not a usable path: {exc}", file=str(path)[:200]) from None
    if is_dir:
        return RulesetLibrary.from_directory(p)
    if not exists:
        raise RulesetError("file_not_found", "no such file or directory", file=str(p))
    return load_file(p, shipped_rulesets())


def lint_ruleset(path: str | Path) -> tuple[list[Ruleset], list[RulesetWarning]]:
    """``govrules lint``: every version of every ruleset at ``path`` (a file with its parents, or a
    directory), and their warnings once each, in the layer that wrote the value. Raises the first
    ``RulesetError`` with every problem of every file as ``.problems``."""
    from .._paths import shipped_rulesets
    from .library import file_library

    loaded = load_ruleset(path)
    p = Path(path)
    if isinstance(loaded, RulesetLibrary):
        lib, docs = loaded, list(loaded.documents)
    elif loaded.lineage == ((loaded.id, loaded.version),):  # a stand-alone file: nothing to relocate
        return [loaded], list(loaded.warnings)
    else:
        lib, target = file_library(p, shipped_rulesets())
        docs = [target]
    rulesets = [lib.resolve(d, d.effective_from) for d in docs]
    seen: dict[tuple, RulesetWarning] = {}
    for d in docs:
        for w in lib.layer_warnings(d):
            seen.setdefault((w.code, w.file, w.path, w.message), w)
    return rulesets, list(seen.values())


__all__ = ["RulesetLibrary", "RulesetWarning", "lint_ruleset", "load_ruleset"]
