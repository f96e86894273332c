"""Readable text for people: a Decision as the window clerk would read it (CLI, demo, logs)."""

from __future__ import annotations

from types import MappingProxyType

from ..models.decision import Decision
from ..models.ruleset import Ruleset

_OUTCOME_ZH = MappingProxyType({
    "not_required": "不予受理（无需许可）",
    "not_jurisdiction": "不予受理（非本机关职权范围）",
    "rejected": "不予受理（负面清单禁止）",
    "correct_on_spot": "当场更正",
    "correction_required": "一次性告知补正",
    "accepted": "受理",
    "accepted_with_tolerance": "容缺受理",
    "simulated_acceptance": "模拟审批受理",
    "deemed_accepted": "视为受理",
    "pending_acceptance_decision": "待定（五日内告知是否受理）",
    "not_accepted_after_failed_correction": "补正期满未补正，不予受理",
})

#: The Decision's due dates in reading order, with their Chinese labels.
DATE_FIELDS = MappingProxyType({
    "acceptance_date": "受理日期", "clock_start": "时限起算日", "notice_due": "告知是否受理期限",
    "department_review_due": "部门审查期限", "correction_deadline": "补正期限",
    "non_acceptance_decision_due": "不予受理决定期限", "promised_due": "承诺办结日",
    "statutory_due": "法定办结日", "statutory_due_if_extended": "延长后法定办结日",
    "certificate_due": "证件送达期限", "supplement_deadline": "容缺材料补齐期限",
})


def outcome_zh(outcome: str) -> str:
    return _OUTCOME_ZH.get(outcome, outcome)


def item_label(rs: Ruleset | None, matter_code: str, item: str) -> str:
    """A correction item as people read it: the material's Chinese name, or the prerequisite's."""
    if rs is None:
        return item
    if item.startswith("prerequisite:"):
        m = rs.matters_by_code.get(item.split(":", 1)[1])
        return f"前置审批：{m.name_zh}" if m else item
    matter = rs.matters_by_code.get(matter_code)
    mat = matter.material(item) if matter else None
    return f"{mat.name_zh}（{item}）" if mat else item


def render_text(d: Decision, rs: Ruleset | None = None, *, explain: bool = False) -> str:
    lines = [
        f"申请 {d.application_id}  事项 {d.matter_code}  收件 {d.receipt_date}  (as of {d.trace.as_of})",
        f"结果 outcome: {d.outcome.value}  —  {outcome_zh(d.outcome.value)}",
    ]
    if d.reason:
        lines.append(f"  reason: {d.reason}")
    if d.refer_to_authority_id:
        lines.append(f"  请向 refer to: {d.refer_to_authority_id}")
    if d.all_items_to_correct:
        lines.append(f"一次性告知 — 需补正的全部内容 ({len(d.all_items_to_correct)} 项):")
        for i, item in enumerate(d.all_items_to_correct, 1):
            lines.append(f"  {i}. {item_label(rs, d.matter_code, item)}")
    if d.ignored_prerequisites:
        lines.append("不再要求的前置 ignored prerequisites: " + ", ".join(d.ignored_prerequisites))
    dates = [(k, getattr(d, k)) for k in DATE_FIELDS if getattr(d, k) is not None]
    if dates:
        lines.append("期限 dates:")
        width = max(len(k) for k, _ in dates)
        lines += [f"  {k.ljust(width)}  {v}" for k, v in dates]
        if d.excluded_working_days:
            lines.append(f"  {'excluded_working_days'.ljust(width)}  {d.excluded_working_days}")
    for name in ("correction", "status"):
        track = getattr(d.states, name)
        if track is not None:
            lines.append(f"状态 {name}: {track.state}" + (f" ({track.reason})" if track.reason else ""))
    if d.warnings:
        lines.append("warnings: " + ", ".join(d.warnings))
    if explain:
        lines.append("依据 findings:")
        for f in d.findings:
            lines.append(f"  - [{f.rule}] {f.message_zh}")
            lines.append(f"    {f.message_en}")
            for c in f.basis:
                where = f"{c.source}{' ' + c.article if c.article else ''}"
                lines.append(f"    依据: {where}" + (f" —「{c.quote}」" if c.quote else ""))
    else:
        lines.append(f"findings: {len(d.findings)} (use `govrules explain` for the legal basis of each)")
    t = d.trace
    lines.append(f"trace: {t.ruleset_id} {t.ruleset_version} {t.ruleset_hash} | calendar {t.calendar_version}"
                 + (" | PROVISIONAL: " + ", ".join(t.provisional_dates) if t.provisional else ""))
    return "\n".join(lines)
