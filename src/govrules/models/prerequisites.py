"""Which prerequisites of a matter count under a ruleset (spec §5.3 step 4, §8): one function, shared by
the ruleset's cycle check (``validation/checks.py``), the engine's per-matter plan and project plans, so
that they can never disagree.
"""

from __future__ import annotations

from typing import Any

from .matter import Matter


def effective_prerequisites(rs: Any, m: Matter) -> tuple[list[str], list[tuple[str, str]]]:
    """The prerequisites required of ``m`` under ruleset ``rs``, and the ignored ones with why:
    ``removed`` (取消前置, when the policy applies removals) or ``parallel`` (并联审批: a member of one of
    ``m``'s parallel groups).

    Restricted-industry extras depend on the application and are added by the engine.
    """
    required, ignored = [], []
    removed = set(m.removed_prerequisites) if rs.policy.apply_removed_prerequisites else set()
    same_stage = set()
    for group in rs.parallel_groups:
        if m.code in group:
            same_stage.update(group)
    for code in m.prerequisites:
        if code in removed:
            ignored.append((code, "removed"))
        elif code in same_stage:
            ignored.append((code, "parallel"))
        else:
            required.append(code)
    return required, ignored
