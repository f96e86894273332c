"""The worked examples shipped with govrules: each application, its ruleset, and the documented answer.

``examples/catalogue.toml`` is data like a ruleset: it names the application file, the shipped ruleset
id it is decided against, what it shows, and the values ``decide()`` must give (dotted paths into the
Decision's JSON form). ``govrules demo`` and the test suite read the same catalogue, so a shipped
example can never drift from what its documentation says.
"""

from __future__ import annotations

import datetime as _dt
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._paths import shipped_examples


@dataclass(frozen=True)
class Example:
    file: str
    ruleset: str
    title_zh: str
    shows: str
    expect: dict[str, Any]
    as_of: _dt.date | None = None
    directory: Path = field(default_factory=shipped_examples)

    @property
    def path(self) -> Path:
        return self.directory / self.file

    def application(self) -> dict[str, Any]:
        return json.loads(self.path.read_text(encoding="utf-8"))


def catalogue(directory: Path | None = None) -> list[Example]:
    """Every example listed in ``catalogue.toml`` (shipped ones by default), in file order."""
    directory = directory or shipped_examples()
    data = tomllib.loads((directory / "catalogue.toml").read_text(encoding="utf-8"))
    return [Example(file=e["file"], ruleset=e["ruleset"], title_zh=e["title_zh"], shows=e["shows"],
                    expect=dict(e.get("expect", {})), as_of=e.get("as_of"), directory=directory)
            for e in data["examples"]]


def lookup(dumped: dict[str, Any], dotted: str) -> Any:
    """The value at ``a.b.c`` in a Decision's ``model_dump(mode="json")``; ``KeyError`` names the path."""
    value: Any = dumped
    for part in dotted.split("."):  # a number indexes a list: "states.internal.steps.2.due"
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif not isinstance(value, dict) or part not in value:
            raise KeyError(dotted)
        else:
            value = value[part]
    return value


def mismatches(example: Example, decision: Any) -> list[str]:
    """What differs between the documented answer and ``decision`` (empty when it decides as documented)."""
    dumped = decision.model_dump(mode="json")
    out = []
    for key, want in example.expect.items():
        if isinstance(want, _dt.date):
            want = want.isoformat()
        try:
            got = lookup(dumped, key)
        except KeyError:
            got = "<absent>"
        if isinstance(got, list) and isinstance(want, list):
            got, want = sorted(map(str, got)), sorted(map(str, want))
        if got != want:
            out.append(f"{example.file}: {key} is {got!r}, documented {want!r}")
    if decision.trace.ruleset_id != example.ruleset:
        out.append(f"{example.file}: decided by {decision.trace.ruleset_id}, documented {example.ruleset}")
    return out
