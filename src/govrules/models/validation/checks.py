"""Whole-catalogue checks of a resolved ruleset (spec §2, §6, §8.2, §9, §12).

Each check yields ``RulesetError``s (problems) or ``RulesetWarning``s; all are collected, so that
``govrules lint`` can show every problem at once and ``load_ruleset`` raises the first with the rest
attached. ``rs`` is a ``Ruleset``, typed ``Any`` here: ``models/ruleset.py`` runs these checks, so this
package cannot import it back.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Iterator

from ...errors import RulesetError
from ..matter import Authority, ClockStart, HandlingKind, Matter, Necessity
from ..period import Period, Unit
from ..policy import Severity
from ..prerequisites import effective_prerequisites
from .citations import check_citations
from .problems import Problem, RulesetWarning


def check_ruleset(rs: Any, file: str | None) -> tuple[list[RulesetError], list[RulesetWarning]]:
    errors: list[RulesetError] = []
    warnings: list[RulesetWarning] = []
    for p in _all_checks(rs, file):
        (errors if isinstance(p, RulesetError) else warnings).append(p)
    return errors, warnings


def _err(code: str, msg: str, file: str | None, path: str, **kw) -> RulesetError:
    return RulesetError(code, msg, file=file, path=path, **kw)


def _all_checks(rs: Any, file: str | None) -> Iterator[Problem]:
    if rs.effective_to is not None and rs.effective_to < rs.effective_from:
        yield _err("invalid_value", f"effective_to {rs.effective_to} is before effective_from "
                   f"{rs.effective_from}", file, "effective_to", value=str(rs.effective_to))
    authority_ids = yield from _authorities(rs, file)
    codes: dict[str, int] = {}
    for i, m in enumerate(rs.matters):
        if m.code in codes:
            yield _err("duplicate_matter", f"matter code {m.code!r} already used at matters[{codes[m.code]}]",
                       file, f"matters[{i}].code", value=m.code)
        else:
            codes[m.code] = i
    for i, m in enumerate(rs.matters):
        yield from _matter(rs, m, f"matters[{i}]", codes, authority_ids, file)
    yield from _lists(rs, codes, file)
    yield from _cycles(rs, file)
    yield from check_citations(rs, file)


def _authorities(rs: Any, file: str | None):
    seen: set[str] = set()
    for i, a in enumerate(rs.authorities):
        if a.id in seen:
            yield _err("duplicate_authority", f"authority id {a.id!r} listed twice", file,
                       f"authorities[{i}].id", value=a.id)
        seen.add(a.id)
    for m in rs.matters:
        if isinstance(m.authority, Authority):
            seen.add(m.authority.id)
    return seen


def _matter(rs: Any, m: Matter, at: str, codes, authority_ids, file) -> Iterator[Problem]:
    if m.authority_id not in authority_ids:
        yield _err("unknown_authority", f"authority {m.authority_id!r} is not in the ruleset's authorities",
                   file, f"{at}.authority", value=m.authority_id)
    for j, row in enumerate(m.jurisdiction_by_investment):
        if row.authority_id not in authority_ids:
            yield _err("unknown_authority", f"authority {row.authority_id!r} is not in the ruleset's "
                       "authorities", file, f"{at}.jurisdiction_by_investment[{j}].authority_id",
                       value=row.authority_id)
    for j, code in enumerate(m.prerequisites):
        if code not in codes:
            yield _err("unknown_matter", f"prerequisite {code!r} is not a matter of the ruleset",
                       file, f"{at}.prerequisites[{j}]", value=code)
    for j, code in enumerate(m.removed_prerequisites):
        if code not in m.prerequisites:
            yield _err("removed_not_a_prerequisite", f"{code!r} is removed but is not among the "
                       "prerequisites", file, f"{at}.removed_prerequisites[{j}]", value=code)
    if m.effective_from and m.effective_to and m.effective_to < m.effective_from:
        yield _err("invalid_value", "effective_to is before effective_from", file, f"{at}.effective_to")
    if m.reported_to is not None:
        if m.reported_to not in authority_ids:
            yield _err("unknown_authority", f"authority {m.reported_to!r} is not in the ruleset's authorities",
                       file, f"{at}.reported_to", value=m.reported_to)
        if m.handling_kind is not HandlingKind.reported:
            yield _err("invalid_value", "reported_to is for a 上报件 (handling_kind = \"reported\")", file,
                       f"{at}.reported_to", value=m.reported_to)
    if m.suspended_to is not None and (m.suspended_from is None or m.suspended_to < m.suspended_from):
        yield _err("invalid_value", "suspended_to needs a suspended_from on or before it", file, f"{at}.suspended_to",
                   value=str(m.suspended_to))
    if m.stub:
        return
    yield from _materials(m, at, file)
    yield from _limits(rs, m, at, file)
    yield from _exceptions(rs, m, at, file)
    if m.renewal_lead is not None and m.renewal_lead.unit is Unit.working_days:
        yield _err("invalid_value", "renewal_lead counts calendar days, months or years (ALL Art. 50 "
                   "\"三十日前\"), not working days", file, f"{at}.renewal_lead.unit", value="working_days")
    yield from _duplicate_ids(m.fees, "duplicate_fee", "fee", f"{at}.fees", file)
    for j, fee in enumerate(m.fees):
        if not fee.payment_period.is_days:
            yield _err("invalid_value", "a fee's payment period is counted in days", file,
                       f"{at}.fees[{j}].payment_period")


def _materials(m: Matter, at: str, file) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for j, mat in enumerate(m.materials):
        path = f"{at}.materials[{j}]"
        if mat.id in seen:
            yield _err("duplicate_material", f"material id {mat.id!r} already used at materials[{seen[mat.id]}]",
                       file, f"{path}.id", value=mat.id)
        seen.setdefault(mat.id, j)
        if mat.technical_essential and mat.necessity is not Necessity.main:
            yield _err("invalid_material_flags", "a technical essential (技术要件) must be a main material",
                       file, f"{path}.necessity", value=str(mat.necessity))
        if mat.tolerable and mat.technical_essential:
            yield _err("invalid_material_flags", "a technical essential (技术要件) is never tolerable "
                       "(seed 002 垦利县)", file, f"{path}.tolerable", value=True)
        elif mat.tolerable and mat.necessity is not Necessity.secondary:
            yield _err("invalid_material_flags", f"only a secondary material may be tolerable, this one is "
                       f"{mat.necessity}", file, f"{path}.tolerable", value=True)
        if mat.commitment_substitutable and mat.technical_essential:
            yield _err("invalid_material_flags", "a technical essential cannot be replaced by a commitment",
                       file, f"{path}.commitment_substitutable", value=True)


def _day_period(p: Period | None, what: str, at: str, file) -> Iterator[Problem]:
    if p is not None and not p.is_days:
        yield _err("invalid_value", f"{what} is counted in days ({{days, unit}}), not {p}", file, at)


def _limits(rs: Any, m: Matter, at: str, file) -> Iterator[Problem]:
    st, pr = m.statutory_limit, m.promised_limit
    for key in ("statutory_limit", "promised_limit", "extension", "certificate_issue_limit", "correction_period"):
        yield from _day_period(getattr(m, key), key, f"{at}.{key}", file)
    if not (st and pr and st.is_days and pr.is_days):
        return
    yield from _receipt_clock(rs, m, at, file)
    if st.unit is not pr.unit:
        yield _err("incomparable_units", f"the promised limit is in {pr.unit} but {at}.statutory_limit is "
                   f"{st} ({st.unit}): they cannot be compared", file, f"{at}.promised_limit.unit",
                   value=str(pr.unit))
        return
    if m.handling_kind is HandlingKind.immediate and pr.days != 0:
        yield RulesetWarning("immediate_not_same_day", f"{at}.promised_limit.days",
                             f"a 即办件 is decided on the day (直接办理, seed 002 county 第十四條): promised limit {pr} "
                             "instead of 0", file)
    if pr.days > st.days:
        yield _err("promised_exceeds_statutory", f"promised limit {pr} exceeds {at}.statutory_limit = {st}",
                   file, f"{at}.promised_limit.days", value=pr.days)
        return
    ratio = rs.policy.promised_ratio_policy
    limit = Fraction(ratio.max_ratio)
    if ratio.severity is not Severity.off and st.days and Fraction(pr.days, st.days) > limit:
        msg = f"promised limit {pr} is above {ratio.max_ratio} of the statutory {st} (seed 002 1/3 policy)"
        path = f"{at}.promised_limit.days"
        if ratio.severity is Severity.error:
            yield _err("promised_exceeds_one_third_of_statutory", msg, file, path, value=pr.days)
        else:
            yield RulesetWarning("promised_exceeds_one_third_of_statutory", path, msg, file)
    for target in rs.policy.compression_targets:
        if target.severity is Severity.off or (target.levels and m.level not in target.levels):
            continue
        if st.days and Fraction(pr.days, st.days) > Fraction(target.max_ratio):
            msg = (f"promised limit {pr} is above the compression target of {target.max_ratio} of the statutory "
                   f"{st} ({target.basis})")
            path = f"{at}.promised_limit.days"
            if target.severity is Severity.error:
                yield _err("promised_above_compression_target", msg, file, path, value=pr.days)
            else:
                yield RulesetWarning("promised_above_compression_target", path, msg, file)
    if m.joint_handling and (st.days != 45 or (m.extension and m.extension.days != 15)):
        yield RulesetWarning("joint_limits_not_45_15", f"{at}.statutory_limit",
                             "joint handling (ALL Art. 26/42) normally declares 45 + 15 working days", file)


def _receipt_clock(rs: Any, m: Matter, at: str, file) -> Iterator[Problem]:
    """Spec §13a Q5: a promised limit counted from receipt that ends before the acceptance-notice period
    can fall due while the window may still be deciding whether to accept (a lint warning, not an error)."""
    if m.clock_start is not None:
        clock, source = m.clock_start, f"{at}.clock_start"
    else:
        clock, source = rs.policy.clock_start_default, "policy.clock_start_default"
    pr, notice = m.promised_limit, rs.policy.acceptance_notice_limit
    if clock != ClockStart.receipt or pr is None or not (pr.is_days and notice.is_days):
        return
    # n calendar days end before m working days whenever n < m; other mixed units cannot be compared
    comparable = pr.unit is notice.unit or (pr.unit is Unit.calendar_days and notice.unit is Unit.working_days)
    if comparable and pr.days < notice.days:
        yield RulesetWarning("promised_shorter_than_notice_period", f"{at}.promised_limit.days",
                             f"the promised limit {pr} runs from receipt ({source} = receipt) and is shorter than "
                             f"policy.acceptance_notice_limit = {notice}: it can fall due before the window must "
                             "say whether it accepts (spec §13a Q5)", file)


def _exceptions(rs: Any, m: Matter, at: str, file) -> Iterator[Problem]:
    """Tolerance, commitment and simulation are exceptions to completeness; they must be able to apply."""
    if m.tolerance_allowed:
        # spec §13a Q8: the supplement limit is the value that breaks the bound; the message names the matter
        sup, pr = rs.policy.tolerance.supplement_limit, m.promised_limit
        if pr is not None and pr.is_days:
            other = f"the promised limit of tolerant matter {m.code!r} ({at}.promised_limit = {pr})"
            if not sup.is_days or sup.unit is not pr.unit:
                yield _err("incomparable_units", f"the tolerance supplement limit is {sup} but {other} is in "
                           f"{pr.unit}: the bound cannot be checked", file,
                           "policy.tolerance.supplement_limit" + (".unit" if sup.is_days else ""),
                           value=str(sup.unit) if sup.is_days else str(sup))
            elif sup.days > pr.days:
                yield _err("supplement_limit_exceeds_promised", f"tolerance supplement limit {sup} exceeds {other}",
                           file, "policy.tolerance.supplement_limit.days", value=sup.days)
        if not any(mat.tolerable for mat in m.materials):
            yield RulesetWarning("tolerance_without_tolerable_material", f"{at}.tolerance_allowed",
                                 "the matter is on the tolerance list but no material is tolerable", file)
    if m.notification_commitment_allowed and not any(mat.commitment_substitutable for mat in m.materials):
        yield RulesetWarning("commitment_without_substitutable_material", f"{at}.notification_commitment_allowed",
                             "the matter is on the commitment list but no material can be replaced", file)
    if m.instant_approval and not (m.handling_kind is HandlingKind.immediate and m.promised_limit is not None
                                   and m.promised_limit.is_days and m.promised_limit.days == 0):
        yield _err("invalid_instant_approval", "instant approval (秒批) is decided at acceptance: it needs "
                   "handling_kind = \"immediate\" and promised_limit = {days = 0, unit = ...}", file,
                   f"{at}.instant_approval", value=True)
    if m.simulated_approval_allowed and m.land_dependency is None:
        yield _err("missing_land_dependency", "simulated approval needs a land_dependency "
                   "{prerequisite, material}", file, f"{at}.land_dependency")
    if m.land_dependency is not None:
        ld = m.land_dependency
        if ld.prerequisite not in m.prerequisites:
            yield _err("unknown_matter", f"land prerequisite {ld.prerequisite!r} is not among the prerequisites",
                       file, f"{at}.land_dependency.prerequisite", value=ld.prerequisite)
        mat = m.material(ld.material)
        if mat is None:
            yield _err("unknown_material", f"land document {ld.material!r} is not a material of the matter",
                       file, f"{at}.land_dependency.material", value=ld.material)
        elif not mat.land_document:
            yield RulesetWarning("land_material_not_flagged", f"{at}.land_dependency.material",
                                 f"material {ld.material!r} is not flagged land_document", file)


def _duplicate_ids(items, code: str, what: str, at: str, file) -> Iterator[Problem]:
    seen: set[str] = set()
    for j, item in enumerate(items):
        if item.id in seen:
            yield _err(code, f"{what} id {item.id!r} listed twice", file, f"{at}[{j}].id", value=item.id)
        seen.add(item.id)


def _lists(rs: Any, codes, file) -> Iterator[Problem]:
    yield from _duplicate_ids(rs.bundles, "duplicate_bundle", "bundle", "bundles", file)
    for b, bundle in enumerate(rs.bundles):
        for j, code in enumerate(bundle.matters):
            m = rs.matters_by_code.get(code)
            if m is None:
                yield _err("unknown_matter", f"bundle {bundle.id!r} names unknown matter {code!r}", file,
                           f"bundles[{b}].matters[{j}]", value=code)
            elif m.stub:
                yield _err("invalid_value", f"bundle {bundle.id!r} names {code!r}, a stub that cannot be applied for",
                           file, f"bundles[{b}].matters[{j}]", value=code)
    for j, code in enumerate(rs.removed_matters):
        if code in codes:
            yield _err("invalid_value", f"{code!r} is both removed and defined by this ruleset", file,
                       f"removed_matters[{j}]", value=code)
    for g, group in enumerate(rs.parallel_groups):
        for j, code in enumerate(group):
            if code not in codes:
                yield _err("unknown_parallel_member", f"{code!r} is not a matter of the ruleset", file,
                           f"parallel_groups[{g}][{j}]", value=code)
    both = set(rs.negative_list.prohibited) & set(rs.negative_list.restricted)
    for code in sorted(both):
        yield _err("invalid_value", f"industry {code!r} is both prohibited and restricted", file,
                   "negative_list", value=code)
    listed = set(rs.negative_list.prohibited) | set(rs.negative_list.restricted)
    for code in sorted(set(rs.negative_list.labels_zh) - listed):
        yield _err("invalid_value", f"label for industry {code!r}, which is neither prohibited nor restricted",
                   file, f"negative_list.labels_zh.{code}", value=code)
    for key, code in rs.restricted_requires.items():
        if code not in codes:
            yield _err("unknown_matter", f"restricted industry {key!r} requires unknown matter {code!r}",
                       file, f"restricted_requires.{key}", value=code)


def _cycles(rs: Any, file) -> Iterator[Problem]:
    """Circular proof (循环证明): a cycle in matter → effective prerequisite, found by Tarjan's SCC."""
    graph = {m.code: effective_prerequisites(rs, m)[0] for m in rs.matters}
    for members in strongly_connected(graph):
        code = members[0]
        if len(members) > 1 or code in graph.get(code, ()):
            idx = next(i for i, m in enumerate(rs.matters) if m.code == code)
            yield _err("prerequisite_cycle", "circular proof (循环证明) among " + " → ".join(members + [code]),
                       file, f"matters[{idx}].prerequisites", value=members, cycle_members=list(members))


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on long chains); deterministic order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                out.append(sorted(comp))
    return out
