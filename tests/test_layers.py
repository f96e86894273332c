"""The import contract of ``src/govrules`` (docs/design.md, "Layers"): each room imports only rooms of the
layers below its own, no module imports another module's underscore names, and no modules import
each other in a circle.

Read from the source with ``ast`` (nothing is imported), so an import inside a function counts as much
as one at the top of a module: a lazy import is a dependency all the same, only a hidden one.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "govrules"

#: The layers, bottom to top. A room is a module or sub-package directly under govrules (``""`` is
#: govrules/__init__.py); it may import the rooms of lower layers only. Rooms of one layer are
#: siblings: none imports another.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "_paths"),                      # the exceptions govrules raises; where its shipped data lies
    ("models",),                               # what a ruleset, an application, a decision is; a ruleset's validation
    ("calendar",),                             # the working-day calendar and its data
    ("loading", "rules", "clock"),             # ruleset files and layers; the rule families; due dates
    ("engine",),                               # decide(), replay()
    ("frame",),                                # decide_frame: the columnar engine (the frame extra)
    ("notices", "display", "projects", "batch", "testing", "integrations", "examples", "guides", "catalogue"),  # built on decisions
    ("",),                                     # govrules/__init__.py: the public API, re-exported
    ("server",),                               # the HTTP service (the server extra)
    ("cli",),                                  # the command line
    ("__main__",),                             # ``python -m govrules``
)
LAYER_OF = {room: i for i, rooms in enumerate(LAYERS) for room in rooms}

#: The one exception: a notebook hook (a method ``_repr_html_`` or ``_repr_svg_``) imports display/ inside
#: itself, so that a model, a calendar or a plan shows itself in a notebook. It runs only when a notebook
#: asks, never at import.
HOOKS = frozenset({"_repr_html_", "_repr_svg_"})
HOOK_ROOM = "display"


@dataclass(frozen=True)
class Import:
    file: str                  # path under src/
    line: int
    source: str                # the importing module, e.g. govrules.loading.library
    target: str                # the imported module, e.g. govrules.models.ruleset
    names: tuple[str, ...]     # the names taken from it (``from target import names``)
    hook: bool = False         # inside a notebook hook (HOOKS)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted((SRC / ROOT).rglob("*.py"))}


def _resolve(source: str, level: int, module: str | None) -> str:
    """The absolute name of ``from <level dots><module> import …`` written in module ``source``."""
    if level == 0:
        return module or ""
    package = source.split(".") if MODULES.get(source, Path()).name == "__init__.py" else source.split(".")[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def imports_in(source: str, text: str, file: str) -> list[Import]:
    """Every import of a govrules module in ``text``, the code of module ``source``. ``from p import m``
    of a submodule ``m`` is an import of ``p.m``."""
    out: list[Import] = []

    def visit(node: ast.AST, hook: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = hook or (isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and child.name in HOOKS)
            if isinstance(child, ast.Import):
                out.extend(Import(file, child.lineno, source, a.name, (), inside) for a in child.names
                           if a.name == ROOT or a.name.startswith(ROOT + "."))
            elif isinstance(child, ast.ImportFrom):
                target = _resolve(source, child.level, child.module)
                if target == ROOT or target.startswith(ROOT + "."):
                    names = [a.name for a in child.names]
                    subs = [n for n in names if f"{target}.{n}" in MODULES]
                    out.extend(Import(file, child.lineno, source, f"{target}.{n}", (), inside) for n in subs)
                    rest = tuple(n for n in names if n not in subs)
                    if rest:
                        out.append(Import(file, child.lineno, source, target, rest, inside))
            visit(child, inside)

    visit(ast.parse(text, filename=file), False)
    return out


IMPORTS = [imp for module, path in MODULES.items()
           for imp in imports_in(module, path.read_text(encoding="utf-8"), path.relative_to(SRC).as_posix())]


def room_of(module: str) -> str:
    """``govrules.loading.library`` → ``loading``; ``govrules`` (govrules/__init__.py) → ``""``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _named(room: str) -> str:
    return f"{room or 'govrules/__init__'} (layer {LAYER_OF[room]})"


def against_the_layers(imports: list[Import]) -> list[str]:
    wrong = []
    for imp in imports:
        low, high = room_of(imp.target), room_of(imp.source)
        if low == high or (imp.hook and low == HOOK_ROOM) or LAYER_OF[low] < LAYER_OF[high]:
            continue
        kind = "sibling" if LAYER_OF[low] == LAYER_OF[high] else "upward"
        wrong.append(f"{imp.file}:{imp.line}: {kind} import of {imp.target}: {_named(high)} imports {_named(low)}")
    return wrong


def private_names(imports: list[Import]) -> list[str]:
    return [f"{imp.file}:{imp.line}: imports {name} from {imp.target}" for imp in imports for name in imp.names
            if name.startswith("_") and not (name.startswith("__") and name.endswith("__"))]


def circles(imports: list[Import]) -> list[str]:
    """Modules that import each other, with the imports that tie them. Importing ``a.b.c`` runs the
    packages on its way too (``a/b/__init__.py``), unless they are the importer's own."""
    graph: dict[str, dict[str, Import]] = {}
    for imp in imports:
        if imp.hook and room_of(imp.target) == HOOK_ROOM:
            continue  # runs when a notebook shows an object, never at import
        own = {".".join(imp.source.split(".")[:i]) for i in range(1, imp.source.count(".") + 2)}
        parts = imp.target.split(".")
        for i in range(2, len(parts) + 1):
            node = ".".join(parts[:i])
            if node != imp.source and (node == imp.target or node not in own):
                graph.setdefault(imp.source, {}).setdefault(node, imp)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[str] = []

    def strong(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, {})):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = {stack.pop()}
            while v not in comp:
                comp.add(stack.pop())
            if len(comp) > 1:
                ties = [f"    {imp.file}:{imp.line}: {a} -> {b}" for a in sorted(comp)
                        for b, imp in sorted(graph.get(a, {}).items()) if b in comp]
                out.append("circle of " + ", ".join(sorted(comp)) + ":\n" + "\n".join(ties))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_every_room_has_a_layer() -> None:
    rooms = {room_of(m) for m in MODULES}
    assert sorted(rooms - set(LAYER_OF)) == [], "a new room under src/govrules: give it a layer in LAYERS"
    assert sorted(set(LAYER_OF) - rooms) == [], "LAYERS names a room that no longer exists"


def test_imports_only_go_down() -> None:
    wrong = against_the_layers(IMPORTS)
    assert wrong == [], "imports against the layers:\n" + "\n".join(wrong)


def test_no_module_imports_another_modules_underscore_names() -> None:
    wrong = private_names(IMPORTS)
    assert wrong == [], "private names imported from another module:\n" + "\n".join(wrong)


def test_no_import_cycles() -> None:
    found = circles(IMPORTS)
    assert found == [], "modules that import each other:\n" + "\n".join(found)


# ---- the checks catch what they look for -------------------------------------------------------------
def _imports(module: str, code: str) -> list[Import]:
    return imports_in(module, code, module.replace(".", "/") + ".py")


@pytest.mark.parametrize("module, code, target", [
    ("govrules.loading.library", "import govrules.models.ruleset", "govrules.models.ruleset"),
    ("govrules.loading.library", "from ..models import ruleset", "govrules.models.ruleset"),
    ("govrules.loading.library", "from ..errors import RulesetError", "govrules.errors"),
    ("govrules.loading.library", "from . import reader", "govrules.loading.reader"),
    ("govrules.loading.library", "from .reader import read_document", "govrules.loading.reader"),
    ("govrules.loading", "from .library import RulesetLibrary", "govrules.loading.library"),
    ("govrules.models.validation.keys", "from ...errors import json_path", "govrules.errors"),
])
def test_imports_are_read_as_python_resolves_them(module: str, code: str, target: str) -> None:
    assert [imp.target for imp in _imports(module, code)] == [target]


def test_each_check_bites() -> None:
    upward = _imports("govrules.models.ruleset", "def f():\n    from ..loading.library import load_file\n")
    sibling = _imports("govrules.loading.citations", "from ..rules.basis import sources")
    hook = _imports("govrules.models.ruleset", "class R:\n    def _repr_html_(self):\n        from ..display.html import x\n")
    assert [w.split(": ", 1)[1] for w in against_the_layers(upward + sibling + hook)] == [
        "upward import of govrules.loading.library: models (layer 1) imports loading (layer 3)",
        "sibling import of govrules.rules.basis: loading (layer 3) imports rules (layer 3)",
    ]
    assert len(private_names(_imports("govrules.loading.library", "from ..errors import _short, __all__"))) == 1
    a = _imports("govrules.notices.build", "from .render import notice_text")
    b = _imports("govrules.notices.render", "def f():\n    from .build import Notice\n")
    assert len(circles(a + b)) == 1 and circles(a) == []
    package = _imports("govrules.calendar", "from .index import DayIndex")  # a package importing its own module
    assert circles(package + _imports("govrules.calendar.index", "from ..errors import CalendarDataError")) == []
