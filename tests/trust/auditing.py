"""Watch what the interpreter does while govrules loads and decides, through PEP 578 audit hooks.

An audit hook sees every import, ``exec``/``compile``, file open, directory scan, socket, subprocess,
unpickling and ``ctypes`` load, whoever asks for it, C code included. A hook cannot be removed once
added, so one hook is installed for the test session and records only inside ``watching()``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

#: Events that mean "running code or reaching outside": any of these during load/decide is a failure.
FORBIDDEN_PREFIXES = (
    "import", "exec", "compile", "code.__new__", "function.__new__", "builtins.input",
    "socket.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.kill",
    "os.startfile", "pickle.", "marshal.", "ctypes.", "urllib.", "http.", "ftplib.", "smtplib.",
    "webbrowser.", "shutil.", "os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.symlink", "os.chmod",
    "os.putenv", "os.unsetenv", "sys.addaudithook", "sys.settrace", "sys.setprofile",
)
#: Events that touch the file system: allowed only below the permitted roots.
PATH_EVENTS = {"open": 0, "os.scandir": 0, "os.listdir": 0, "pathlib.Path.glob": 0, "pathlib.Path.rglob": 0}


@dataclass
class Watch:
    roots: tuple[Path, ...]
    events: list[tuple[str, str]] = field(default_factory=list)

    def violations(self) -> list[str]:
        """Every forbidden event, and every path event outside the roots."""
        out = []
        for name, arg in self.events:
            if name in PATH_EVENTS:
                if not any(_below(arg, root) for root in self.roots):
                    out.append(f"{name} {arg}")
            elif name.startswith(FORBIDDEN_PREFIXES):
                out.append(f"{name} {arg}")
        return out

    def paths(self) -> list[str]:
        return [arg for name, arg in self.events if name in PATH_EVENTS]


def _below(path: str, root: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(root.resolve())
    except (TypeError, ValueError):
        return False


_current: list[Watch] = []  # the active watch (test-side state; the library has none)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _current:
        return
    if event in PATH_EVENTS:
        arg = args[PATH_EVENTS[event]] if args else ""
        _current[-1].events.append((event, os.fsdecode(arg) if isinstance(arg, (str, bytes, os.PathLike)) else repr(arg)))
    elif event.startswith(FORBIDDEN_PREFIXES):
        _current[-1].events.append((event, repr(args)[:200]))


sys.addaudithook(_hook)


@contextlib.contextmanager
def watching(*roots: Path) -> Iterator[Watch]:
    """Record the audit events raised inside the block; paths are allowed below ``roots``."""
    watch = Watch(tuple(roots))
    _current.append(watch)
    try:
        yield watch
    finally:
        _current.pop()
