"""HTML for notebooks: a Decision, a Ruleset, a Calendar and a month grid display themselves.

Every value that comes from an application or a ruleset is escaped: ruleset text is data and an
application id may hold anything, so nothing reaches the page as markup. The markup is plain tables
with inline styles, so it renders the same in Jupyter, VS Code and a saved HTML file.
"""

from __future__ import annotations

from html import escape
from types import MappingProxyType
from typing import Any, Iterable

from .text import DATE_FIELDS, item_label, outcome_zh

#: The style of every box a notebook shows (a decision, a ruleset, a calendar, a month, a plan).
BOX = "font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;font-size:13px;line-height:1.45"
_TABLE = "border-collapse:collapse;margin:4px 0"
_CELL = "border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top"
_GOOD = frozenset({"accepted", "deemed_accepted", "accepted_with_tolerance", "simulated_acceptance", "correct_on_spot"})


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def table(rows: Iterable[Iterable[Any]], head: Iterable[str] = (), *, raw: bool = False) -> str:
    """A small table; cells are escaped unless ``raw`` (for cells this module built itself)."""
    cell = (lambda v: str(v)) if raw else _e
    out = [f'<table style="{_TABLE}">']
    head = list(head)
    if head:
        out.append("<tr>" + "".join(f'<th style="{_CELL};background:#f3f3f3">{_e(h)}</th>' for h in head) + "</tr>")
    for row in rows:
        out.append("<tr>" + "".join(f'<td style="{_CELL}">{cell(v)}</td>' for v in row) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _section(title: str, body: str) -> str:
    return f'<div style="margin-top:6px"><b>{_e(title)}</b>{body}</div>'


def decision_html(d: Any, rs: Any = None) -> str:
    """The outcome, the items to correct, the due dates, the states and the findings with citations."""
    colour = "#1a7f37" if d.outcome.value in _GOOD else "#b35900" if d.outcome.value.startswith("pending") else "#c62828"
    parts = [
        f'<div class="govrules-decision" style="{BOX}">',
        f'<div><span style="font-size:15px;font-weight:600;color:{colour}">{_e(outcome_zh(d.outcome.value))}</span>'
        f' <code>{_e(d.outcome.value)}</code></div>',
        f"<div>申请 <code>{_e(d.application_id)}</code> · 事项 <code>{_e(d.matter_code)}</code> · "
        f"收件 {_e(d.receipt_date)} · as of {_e(d.trace.as_of)}</div>",
    ]
    if d.reason or d.refer_to_authority_id:
        refer = f" → 请向 <code>{_e(d.refer_to_authority_id)}</code> 申请" if d.refer_to_authority_id else ""
        parts.append(f"<div>reason: <code>{_e(d.reason)}</code>{refer}</div>")
    if d.all_items_to_correct:
        items = "".join(f"<li>{_e(item_label(rs, d.matter_code, i))}</li>" for i in d.all_items_to_correct)
        parts.append(_section(f"一次性告知：需补正的全部内容（{len(d.all_items_to_correct)} 项）",
                              f"<ol style='margin:2px 0'>{items}</ol>"))
    exceptions = [(label, getattr(d, key)) for key, label in (
        ("tolerated_materials", "容缺材料"), ("commitment_substituted", "告知承诺替代"),
        ("ignored_prerequisites", "不再要求的前置"), ("deemed_satisfied_prerequisites", "模拟审批视为具备的前置"),
        ("deemed_satisfied_materials", "模拟审批视为具备的材料"), ("tolerance_denied_reasons", "不适用容缺的原因"),
        ("commitment_denied_reasons", "不适用告知承诺的原因"), ("simulated_denied_reasons", "不适用模拟审批的原因"),
    ) if getattr(d, key)]
    if exceptions:
        parts.append(_section("例外规则", table((label, ", ".join(v)) for label, v in exceptions)))
    dates = [(label, getattr(d, key), key) for key, label in DATE_FIELDS.items() if getattr(d, key) is not None]
    if dates:
        if d.excluded_working_days:
            dates.append(("不计算在期限内的工作日", d.excluded_working_days, "excluded_working_days"))
        parts.append(_section("期限", table(dates, ("", "date", "field"))))
    tracks = [(name, t.state, t.reason or "") for name, t in (
        ("correction", d.states.correction), ("tolerance", d.states.tolerance), ("simulated", d.states.simulated),
        ("status", d.states.status), ("renewal", d.states.renewal)) if t is not None]
    tracks += [(f"fees[{fid}]", t.state, t.reason or "") for fid, t in d.states.fees.items()]
    if tracks:
        parts.append(_section("状态", table(tracks, ("track", "state", "reason"))))
    if d.warnings:
        parts.append(_section("提示 warnings", table((w,) for w in d.warnings)))
    if d.findings:
        rows = []
        for f in d.findings:
            basis = "<br>".join(
                _e(f"{c.source}{' ' + c.article if c.article else ''}") + (f"<br><i>「{_e(c.quote)}」</i>" if c.quote else "")
                for c in f.basis)
            rows.append((f"<code>{_e(f.rule)}</code>", f"{_e(f.message_zh)}<br><span style='color:#666'>"
                         f"{_e(f.message_en)}</span>", basis))
        parts.append(f'<details style="margin-top:6px"><summary><b>依据 findings ({len(d.findings)})</b></summary>'
                     f"{table(rows, ('rule', 'message', 'legal basis'), raw=True)}</details>")
    t = d.trace
    prov = f" · <b style='color:#c62828'>PROVISIONAL</b> {_e(', '.join(t.provisional_dates))}" if t.provisional else ""
    parts.append(f"<div style='color:#666;margin-top:4px'>{_e(t.ruleset_id)} {_e(t.ruleset_version)} "
                 f"<code>{_e(t.ruleset_hash)}</code> · calendar <code>{_e(t.calendar_version)}</code>{prov}</div></div>")
    return "".join(parts)


def _limit(p: Any) -> str:
    return "" if p is None else str(p)


def ruleset_html(rs: Any) -> str:
    """What a ruleset is, where it comes from, its matters with their limits and flags, and its warnings."""
    flags = (("tolerance_allowed", "容缺"), ("notification_commitment_allowed", "告知承诺"),
             ("simulated_approval_allowed", "模拟审批"), ("instant_approval", "秒批"), ("joint_handling", "联办"))
    rows = []
    for m in rs.matters:
        if m.stub:
            rows.append((m.code, m.name_zh, "stub", "", "", ""))
            continue
        rows.append((m.code, m.name_zh, m.handling_kind.value if m.handling_kind else "", _limit(m.statutory_limit),
                     _limit(m.promised_limit), " ".join(label for key, label in flags if getattr(m, key))))
    lineage = " ← ".join(f"{i} {v}" for i, v in rs.lineage) if rs.lineage else ""
    parts = [
        f'<div class="govrules-ruleset" style="{BOX}">',
        f"<div style='font-size:15px;font-weight:600'>{_e(rs.title_zh or rs.title or rs.id)}</div>",
        f"<div><code>{_e(rs.id)}</code> version {_e(rs.version)} · in force {_e(rs.effective_from)} … "
        f"{_e(rs.effective_to or '')} · hash <code>{_e(rs.content_hash)}</code></div>",
    ]
    if lineage:
        parts.append(f"<div>layers: {_e(lineage)}</div>")
    if rs.basis:
        parts.append(_section("依据 basis", "<ul style='margin:2px 0'>" + "".join(f"<li>{_e(b)}</li>" for b in rs.basis) + "</ul>"))
    parts.append(_section(f"事项 matters ({len(rs.matters)})", table(
        rows, ("code", "名称", "办件类型", "法定时限", "承诺时限", "改革规则"))))
    if rs.warnings:
        parts.append(_section("warnings", table((w.code, w.path, w.message) for w in rs.warnings)))
    parts.append("</div>")
    return "".join(parts)


_KIND_STYLE = MappingProxyType({
    "working": ("", ""), "weekend": ("color:#999", ""), "rest_day": ("background:#fde2e2;color:#c62828", "休"),
    "makeup_working_day": ("background:#e3f0ff;color:#1a4f9c", "班"),
})


def month_html(view: Any) -> str:
    """A month grid, Monday first: rest days (休) and make-up working days (班) marked and named."""
    cells = ["<td></td>"] * view.infos[0].date.weekday()
    rows = []
    for info in view.infos:
        style, mark = _KIND_STYLE.get(str(info.kind), ("", "?"))
        if info.provisional:
            style += ";outline:1px dashed #c62828"
        title = f' title="{_e(info.name)}"' if info.name else ""
        cells.append(f'<td style="{_CELL};{style};text-align:right;width:2.4em"{title}>{info.date.day}'
                     f"<sup>{mark}</sup></td>")
        if info.date.weekday() == 6:
            rows.append("<tr>" + "".join(cells) + "</tr>")
            cells = []
    if cells:
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "".join(f'<th style="{_CELL};text-align:center">{d}</th>' for d in "一二三四五六日")
    named = sorted({(i.name, str(i.kind)) for i in view.infos if i.name})
    legend = "；".join(f"{_e(n)}" for n, _ in named)
    return (f'<div class="govrules-month" style="{BOX}"><b>{view.year}年{view.month}月</b>'
            f'<table style="{_TABLE}"><tr>{head}</tr>{"".join(rows)}</table>'
            f"<div style='color:#666'>休 rest day · 班 make-up working day{'；' + legend if legend else ''}</div></div>")


def calendar_html(cal: Any) -> str:
    """The data a calendar holds: covered and official years, projection, overlays, version."""
    rows = [("version", f"<code>{_e(cal.version)}</code>"),
            ("covered", _e(f"{cal.first_date} … {cal.last_date}")),
            ("official notices", _e(f"{cal.official_years.start}–{cal.official_years.stop - 1}"))]
    if len(cal.provisional_years):
        rows.append(("provisional projection", _e(f"{cal.provisional_years.start}–{cal.provisional_years.stop - 1}"
                                                  " (statutory holidays only; every dependent date flagged)")))
    for overlay in cal.overlays:
        rows.append(("overlay", _e(" ".join(x for x in overlay if x))))
    return (f'<div class="govrules-calendar" style="{BOX}"><b>China working-day calendar</b>'
            f"{table(rows, raw=True)}<div style='color:#666'>calendar.month(year, month) shows a month grid</div></div>")
