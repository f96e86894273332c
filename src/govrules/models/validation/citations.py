"""Load-time checks of what a ruleset cites (spec §13a Q7).

A cited source (``policy.cited``, or a law/policy citation of govrules' catalogue such as ``all_42``)
carries ``in_force_from``. A ruleset version in force earlier than that date may not cite it: an
applicant received on the version's first day would be cited a regulation not yet in force
(``cited_before_in_force``). Keys that name no cited source in ``limit_basis`` or ``practice_basis``
(``unknown_cited_source``) and practices govrules does not know (``unknown_practice``) are errors too.
Free text in ``legal_basis`` is allowed (shown to officials, never cited to an applicant); an entry that
looks like a key but names nothing is a warning (``uncited_legal_basis``).
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ...errors import RulesetError
from ..sources import PRACTICES, cited_source, in_force_from, sources
from .problems import RulesetWarning

#: A legal_basis entry written like a key (``construction_law_8``) must name a cited source.
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def check_citations(rs: Any, file: str | None) -> Iterator[Any]:
    policy = rs.policy
    catalogue = sources()
    for key in policy.cited:
        if key in catalogue:
            yield RulesetError("duplicate_cited_source", f"cited source {key!r} is already govrules' own "
                               f"citation of {catalogue[key].citation.source}; choose another key",
                               file=file, path=f"policy.cited.{key}", value=key)
    for i, m in enumerate(rs.matters):
        since = max(rs.effective_from, m.effective_from) if m.effective_from else rs.effective_from
        for field in ("legal_basis", "limit_basis", "suspension_basis"):
            for j, entry in enumerate(getattr(m, field) or ()):
                path = f"matters[{i}].{field}[{j}]"
                if cited_source(entry, policy) is None:
                    if field == "limit_basis":
                        yield _unknown(entry, file, path)
                    elif _KEY.match(entry):  # free text that looks like a mistyped key: said, not refused
                        yield RulesetWarning("uncited_legal_basis", path, f"{entry!r} looks like a key but names no "
                                             "cited source; it is kept as free text, never cited to an applicant", file)
                    continue
                yield from _in_force(rs, entry, since, f"matter {m.code!r}", file, path)
    for practice, keys in policy.practice_basis.items():
        if practice not in PRACTICES:
            yield RulesetError("unknown_practice", f"practice {practice!r} is not one govrules knows; "
                               f"expected one of {', '.join(sorted(PRACTICES))}", file=file,
                               path=f"policy.practice_basis.{practice}", value=practice)
        for j, key in enumerate(keys):
            path = f"policy.practice_basis.{practice}[{j}]"
            if cited_source(key, policy) is None:
                yield _unknown(key, file, path)
            else:
                yield from _in_force(rs, key, rs.effective_from, f"practice {practice!r}", file, path)


def _unknown(key: str, file: str | None, path: str) -> RulesetError:
    return RulesetError("unknown_cited_source", f"{key!r} is not a key of policy.cited nor a law or policy "
                        "citation of govrules (models/sources.toml)", file=file, path=path, value=key)


def _in_force(rs: Any, key: str, since, who: str, file: str | None, path: str) -> Iterator[RulesetError]:
    start = in_force_from(key, rs.policy)
    if start is not None and since < start:
        err = RulesetError("cited_before_in_force", f"{who} cites {key!r} ({cited_source(key, rs.policy).source}), "
                           f"in force only from {start}, but ruleset {rs.id} {rs.version} is in force from "
                           f"{since}: an application received before {start} would be cited it",
                           file=file, path=path, value=key)
        err.in_force_from, err.effective_from = start, since  # type: ignore[attr-defined]
        yield err
