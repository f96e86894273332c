"""By construction: the source of govrules holds nothing that could run a ruleset's text as code,
reach the network or a process, or keep module-level mutable state (api.md: decide() is pure).

These scan the syntax tree of every module, so a new ``eval`` or a module-level ``dict`` fails here
at review time rather than in production.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import govrules

SRC = Path(govrules.__file__).parent
MODULES = sorted(SRC.rglob("*.py"))

#: Builtins that turn text into running code or into arbitrary imports.
CODE_BUILTINS = {"eval", "exec", "compile", "__import__", "breakpoint", "input"}
#: Modules that deserialise objects, start processes, reach the network or load native code.
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "yaml", "subprocess", "socket", "ssl",
                     "urllib", "http", "ftplib", "smtplib", "requests", "httpx", "ctypes", "cffi", "importlib",
                     "runpy", "code", "codeop", "pty", "webbrowser", "multiprocessing.connection"}
#: Reviewed exceptions to FORBIDDEN_MODULES, one by one: ``importlib.metadata`` reads the installed
#: distribution's metadata (``govrules --version``) and imports nothing.
ALLOWED_MODULES = {"importlib.metadata": "cli/__init__.py"}
#: Calls whose result is a mutable container (module level only).
MUTABLE_FACTORIES = {"dict", "list", "set", "bytearray", "defaultdict", "OrderedDict", "Counter", "deque"}
#: Module-level caches, each of one immutable value read from the package's own data files (never
#: from a ruleset), so that every thread sees the same value: reviewed one by one.
READ_ONCE_CACHES = {
    ("calendar/factory.py", "_national_calendar"): "an immutable Calendar of the shipped years",
    ("calendar/data.py", "load_national_years"): "a tuple of frozen YearData",
    ("calendar/data.py", "load_lunar_table"): "a tuple of frozen LunarYear and a str",
    ("rules/basis.py", "_catalogue"): "MappingProxyType of tuples of frozen Citations and of str pairs",
    ("rules/basis.py", "iso_date"): "a str: the ISO text of a date (bounded: the last 8,192 dates)",
    ("models/sources.py", "_catalogue"): "MappingProxyType of frozen SourceInfo, by key and by Citation",
}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _rel(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_code_from_text_and_no_reach_outside(path: Path) -> None:
    bad = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CODE_BUILTINS:
            bad.append(f"line {node.lineno}: {node.func.id}()")
        if isinstance(node, ast.Attribute) and node.attr in {"system", "popen", "spawnv", "execv", "fork", "loads"} \
                and isinstance(node.value, ast.Name) and node.value.id in {"os", "pickle", "marshal"}:
            bad.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            if ALLOWED_MODULES.get(name) == _rel(path):
                continue
            if name in FORBIDDEN_MODULES or name.split(".")[0] in FORBIDDEN_MODULES:
                bad.append(f"line {node.lineno}: import {name}")
    assert bad == []


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_no_module_level_mutable_state(path: Path) -> None:
    bad = []
    tree = _tree(path)
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                continue  # the export list, read by import machinery only
            v = node.value
            if isinstance(v, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)) or (
                    isinstance(v, ast.Call) and isinstance(v.func, ast.Name) and v.func.id in MUTABLE_FACTORIES):
                bad.append(f"line {node.lineno}: {ast.unparse(targets[0])} is a mutable container")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            bad.append(f"line {node.lineno}: global {', '.join(node.names)}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node in tree.body:
            cached = [d for d in node.decorator_list if "cache" in ast.unparse(d)]
            if cached and (_rel(path), node.name) not in READ_ONCE_CACHES:
                bad.append(f"line {node.lineno}: {node.name} is a module-level cache not reviewed in READ_ONCE_CACHES")
    assert bad == []


def test_the_reviewed_caches_still_exist() -> None:
    for (rel, name) in READ_ONCE_CACHES:
        assert any(isinstance(n, ast.FunctionDef) and n.name == name for n in _tree(SRC / rel).body), (rel, name)


def test_the_scans_would_catch_what_they_look_for(tmp_path: Path) -> None:
    """Run the same checks on a module that breaks every rule: each must be reported."""
    sample = tmp_path / "sample.py"
    sample.write_text("import pickle\nfrom subprocess import run\nSTATE = {}\nCACHE = list()\n"
                      "def f(s):\n    global STATE\n    return eval(s)\n", encoding="utf-8")
    tree = ast.parse(sample.read_text())
    calls = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    assert "eval" in calls and CODE_BUILTINS & set(calls)
    imports = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imports += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert set(imports) <= FORBIDDEN_MODULES
    original = SRC
    try:
        globals()["SRC"] = tmp_path
        for check in (test_no_code_from_text_and_no_reach_outside, test_no_module_level_mutable_state):
            with pytest.raises(AssertionError):
                check(sample)
    finally:
        globals()["SRC"] = original
