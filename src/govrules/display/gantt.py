"""A project plan as a timeline (Gantt): one bar per matter from filing to due date, the critical path
in red, excluded periods and non-working days shaded, the land date and the profile's due date marked.

Plain SVG written here (no plotting dependency): it displays in notebooks (``_repr_svg_``), in browsers,
and converts to PNG with any SVG tool. The calendar is only consulted to shade rest days.
"""

from __future__ import annotations

import datetime as _dt
from html import escape
from typing import Any

from .html import BOX, table

_ROW, _LABEL, _DAY, _TOP = 22, 190, 9, 34


def gantt_svg(plan: Any, calendar: Any = None) -> str:
    """The plan's timeline; with ``calendar``, weekends and holidays are shaded as well."""
    start = plan.start
    end = max([plan.finish] + ([plan.profile.due] if plan.profile else []))
    days = (end - start).days + 2
    width = _LABEL + days * _DAY + 20
    height = _TOP + _ROW * len(plan.matters) + 30

    def x(d: _dt.date) -> float:
        return _LABEL + (d - start).days * _DAY

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11" class="govrules-gantt">',
           f'<text x="4" y="14" font-weight="bold">{escape(plan.project_id)} — {escape(plan.ruleset_id)} '
           f'{escape(plan.ruleset_version)}: {plan.total_working_days} WD, {start} → {plan.finish}</text>']
    body_top, body_h = _TOP - 6, _ROW * len(plan.matters) + 4
    if calendar is not None:
        d = start
        while d <= end:
            if not calendar.is_working_day(d):
                out.append(f'<rect x="{x(d)}" y="{body_top}" width="{_DAY}" height="{body_h}" fill="#eeeeee"/>')
            d += _dt.timedelta(days=1)
    for p in plan.excluded:
        a, b = max(p.from_, start), min(p.to, end)
        if a <= b:
            out.append(f'<rect x="{x(a)}" y="{body_top}" width="{((b - a).days + 1) * _DAY}" height="{body_h}" '
                       f'fill="#fff3c4"><title>{escape(p.kind)} {p.from_}…{p.to} (not government time)</title></rect>')
    for i, m in enumerate(plan.matters):
        y = _TOP + i * _ROW
        colour = "#c62828" if m.critical else "#4a78b5"
        out.append(f'<text x="4" y="{y + 12}">{escape(m.code)} {escape(m.name_zh)[:12]}</text>')
        bar_w = max(((m.due - m.ready_on).days) * _DAY, 2)
        out.append(f'<rect x="{x(m.ready_on) + _DAY}" y="{y + 2}" width="{bar_w}" height="{_ROW - 8}" fill="{colour}" '
                   f'rx="2"><title>{escape(m.explanation)}</title></rect>')
        if m.effective_on > m.due:
            out.append(f'<line x1="{x(m.due) + _DAY}" x2="{x(m.effective_on) + _DAY}" y1="{y + _ROW / 2 - 1}" '
                       f'y2="{y + _ROW / 2 - 1}" stroke="{colour}" stroke-dasharray="3,2"/>')
    base = _TOP + _ROW * len(plan.matters) + 14
    marks = [(plan.finish, "#c62828", f"finish {plan.finish}")]
    if plan.land_obtained_on:
        marks.append((plan.land_obtained_on, "#2e7d32", f"land {plan.land_obtained_on}"))
    if plan.profile:
        marks.append((plan.profile.due, "#6a1b9a", f"{plan.profile.profile} {plan.profile.due}"))
    for n, (d, colour, label) in enumerate(marks):
        out.append(f'<line x1="{x(d) + _DAY}" x2="{x(d) + _DAY}" y1="{body_top}" y2="{base - 10}" stroke="{colour}"/>')
        out.append(f'<text x="{x(d) + _DAY + 2}" y="{base + 12 * n}" fill="{colour}">{escape(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def plan_html(plan: Any) -> str:
    """The timeline and a table of the matters with why each starts when it does."""
    rows = [(("★ " if m.critical else "") + m.code, m.name_zh, m.ready_on, m.due,
             m.effective_on if m.effective_on != m.due else "", m.explanation) for m in plan.matters]
    profile = ""
    if plan.profile:
        p = plan.profile
        verdict = "within" if p.within else "beyond"
        profile = (f"<div>profile <code>{escape(p.profile)}</code> ({p.days} WD): due {p.due}, plan {verdict} "
                   f"by {abs(p.margin_working_days)} WD — {escape(p.basis)}</div>")
    return (f'<div class="govrules-plan" style="{BOX}">{gantt_svg(plan)}'
            f"<div>total {plan.total_working_days} working days of government time "
            f"({plan.excluded_working_days} excluded); critical path: {escape(' → '.join(plan.critical_path))}</div>"
            f"{profile}{table(rows, ('matter', '名称', 'filed', 'due', 'effective', 'why'))}</div>")


def gantt_png(plan: Any, path: str, calendar: Any = None) -> None:
    """The same timeline as a PNG file, drawn with matplotlib (the optional ``plot`` extra:
    ``pip install ".[plot]"`` in the govrules checkout); the SVG needs no extra at all."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the extra
        from ..errors import MissingDependencyError

        raise MissingDependencyError("PNG output", "matplotlib", "plot") from None
    end = max([plan.finish] + ([plan.profile.due] if plan.profile else []))
    fig, ax = plt.subplots(figsize=(10, 0.45 * len(plan.matters) + 1.5))
    n = len(plan.matters)
    if calendar is not None:
        d = plan.start
        while d <= end:
            if not calendar.is_working_day(d):
                ax.axvspan(d, d + _dt.timedelta(days=1), color="#eeeeee", zorder=0)
            d += _dt.timedelta(days=1)
    for p in plan.excluded:
        ax.axvspan(p.from_, p.to + _dt.timedelta(days=1), color="#fff3c4", zorder=0)
    for i, m in enumerate(plan.matters):
        y = n - 1 - i
        ax.barh(y, max((m.due - m.ready_on).days, 0.2), left=m.ready_on + _dt.timedelta(days=1),
                color="#c62828" if m.critical else "#4a78b5", zorder=2)
        if m.effective_on > m.due:
            ax.plot([m.due + _dt.timedelta(days=1), m.effective_on + _dt.timedelta(days=1)], [y, y], "--",
                    color="#c62828" if m.critical else "#4a78b5", zorder=2)
    ax.set_yticks(range(n), [m.code for m in reversed(plan.matters)])
    ax.axvline(plan.finish + _dt.timedelta(days=1), color="#c62828")
    if plan.land_obtained_on:
        ax.axvline(plan.land_obtained_on + _dt.timedelta(days=1), color="#2e7d32")
    if plan.profile:
        ax.axvline(plan.profile.due + _dt.timedelta(days=1), color="#6a1b9a")
    ax.set_title(f"{plan.project_id} — {plan.ruleset_id} {plan.ruleset_version}: {plan.total_working_days} WD")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
