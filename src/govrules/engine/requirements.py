"""Stage 3: requirements — what the matter asks of this application (spec §5.3 steps 4 and 6): the
effective prerequisites (removals and parallel stages applied, restricted-industry extras added) and
every required material, assessed once against what was submitted."""

from __future__ import annotations

from itertools import filterfalse

import msgspec

from ..rules import prerequisites as prereq_rules
from ..rules.materials import Assessment, assess
from .draft import Draft
from .inputs import Checked


class Requirements(msgspec.Struct, frozen=True, gc=False):
    prerequisites: tuple[str, ...]  # required of this application, each once
    ignored_prerequisites: tuple[str, ...]  # removed or parallel, and not held anyway (sorted)
    obtained: frozenset[str]  # the prerequisites the applicant holds at receipt
    assessment: Assessment  # every required material and prerequisite at receipt, before any exception


def requirements(draft: Draft, checked: Checked) -> Requirements:
    g = draft.given
    rs, app, plan = g.rs, g.app, g.plan
    obtained = checked.obtained
    for code, f in plan.ignored_findings:
        if code not in obtained:
            draft.findings.append(f)
    required = plan.prerequisites
    extras = prereq_rules.restricted_extras(rs, app) if checked.project is not None else ()
    if extras:
        required = tuple(dict.fromkeys(required + tuple(code for code, _ in extras)))
        draft.findings.extend(f for _, f in extras)
    ignored = plan.ignored_codes  # the plan's own tuple unless the applicant holds one of them anyway
    if obtained and not obtained.isdisjoint(ignored):
        ignored = tuple(filterfalse(obtained.__contains__, ignored))  # those not held, in order
    return Requirements(required, ignored, obtained, assess(plan.required_ids, checked.statuses, required, obtained))
