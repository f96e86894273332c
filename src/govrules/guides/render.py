"""A service guide written out: a standalone, printable HTML page, Markdown, or plain text — the same
elements in the same order in each.

Every value is ruleset text (names, codes), so each format escapes it: HTML with ``html.escape``,
Markdown by backslash-escaping its markup characters, text needs none. The HTML page names the CJK
fonts it needs in its ``font-family`` and says so on the page: without one of them (or another CJK
font the system substitutes) a browser draws the Chinese as empty boxes.
"""

from __future__ import annotations

import datetime as _dt
import re
from html import escape
from typing import Any

from ..errors import InvalidInputError
from .elements import Element, ServiceGuide, cite_zh, service_guide

FORMATS = ("html", "md", "text")

#: The CJK fonts the page asks for, in order: Noto / Source Han (Linux, the same design), PingFang
#: (macOS), Microsoft YaHei (Windows); then the system's sans-serif.
FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
FONT_NOTE = ("本页中文需要简体中文字体（Noto Sans CJK SC、思源黑体 Source Han Sans SC、苹方 PingFang SC 或微软雅黑 "
             "Microsoft YaHei）；系统没有这些字体时，中文可能显示为方框。")

_CSS = f"""
  body {{ font-family: {FONT_STACK}; font-size: 15px; line-height: 1.7; color: #111; background: #fff;
         max-width: 50em; margin: 2em auto; padding: 0 1em; }}
  h1 {{ font-size: 1.6em; text-align: center; margin: 0.2em 0 0.6em; }}
  h2 {{ font-size: 1.15em; border-bottom: 1px solid #999; margin: 1.2em 0 0.4em; padding-bottom: 0.1em; }}
  p {{ margin: 0.3em 0; }}
  ol {{ margin: 0.3em 0 0.3em 1.8em; padding: 0; }}
  table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0; font-size: 0.95em; }}
  th, td {{ border: 1px solid #666; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }}
  th {{ background: #eee; }}
  .meta, .basis, .fonts {{ color: #444; font-size: 0.9em; }}
  @page {{ size: A4; margin: 18mm 16mm; }}
  @media print {{
    body {{ margin: 0; max-width: none; font-size: 11pt; }}
    h2 {{ break-after: avoid; page-break-after: avoid; }}
    table, tr, li {{ break-inside: avoid; page-break-inside: avoid; }}
    th {{ background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  }}
"""


def guide(matter_code: str, ruleset: Any, on: _dt.date | str | None = None, format: str = "html", *,
          ruleset_id: str | None = None) -> str:
    """The service guide (办事指南) of ``matter_code`` as ``format`` (html, md or text): every element
    the ruleset holds, read from what ``decide()`` reads, as an application received ``on`` (default:
    today) would be decided. ``ruleset``: a Ruleset, or a RulesetLibrary (the one ruleset holding the
    matter, or ``ruleset_id``)."""
    if format not in FORMATS:
        raise InvalidInputError("invalid_value", "format", format, f"one of {', '.join(FORMATS)}")
    return render(service_guide(matter_code, ruleset, on, ruleset_id=ruleset_id), format)


def render(g: ServiceGuide, format: str = "html") -> str:
    """``g`` written as html, md or text."""
    if format == "html":
        return guide_html(g)
    if format == "md":
        return guide_markdown(g)
    if format == "text":
        return guide_text(g)
    raise InvalidInputError("invalid_value", "format", format, f"one of {', '.join(FORMATS)}")


def _meta(g: ServiceGuide) -> str:
    return f"适用日期：{g.on.year}年{g.on.month}月{g.on.day}日　　规则集：{g.ruleset_id}（版本 {g.ruleset_version}）"


def _basis_line(e: Element) -> str:
    return "依据：" + "；".join(cite_zh(c) for c in e.basis)


# ---- HTML -----------------------------------------------------------------------------------------
def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def guide_html(g: ServiceGuide) -> str:
    """A complete standalone page: UTF-8, lang zh-CN, every element an h2 with its Chinese name."""
    body = []
    for e in g.elements:
        part = [f'<section class="element" id="{_e(e.key)}">', f"<h2>{_e(e.heading)}</h2>"]
        part += [f"<p>{_e(p)}</p>" for p in e.paragraphs]
        if e.items:
            part.append("<ol>" + "".join(f"<li>{_e(i)}</li>" for i in e.items) + "</ol>")
        if e.table:
            head = "".join(f"<th>{_e(h)}</th>" for h in e.table_head)
            rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in e.table)
            part.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        if e.basis:
            part.append(f'<p class="basis">{_e(_basis_line(e))}</p>')
        part.append("</section>")
        body.append("\n".join(part))
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="govrules">',
        f"<title>{_e(g.title)}</title>",
        f"<!-- Fonts: the Chinese text needs a CJK font; font-family names {_e(FONT_STACK)}. -->",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<main class="govrules-guide">',
        f"<h1>{_e(g.title)}</h1>",
        f'<p class="meta">{_e(_meta(g))}</p>',
        *body,
        f'<footer><p class="fonts">{_e(FONT_NOTE)}</p></footer>',
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


# ---- Markdown -------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_MD_LINE_START = re.compile(r"^(\s*)(\d+(?=[.)])|(?=[-+=]))(.)")  # "1." "1)" "-" "+" "=": a list or a rule


def md_escape(text: str) -> str:
    """Ruleset text as literal Markdown: its markup characters backslash-escaped, ``&`` as an entity,
    a line break as a space (a table cell is one line), and a leading list or heading marker escaped."""
    out = _MD_SPECIAL.sub(r"\\\1", str(text).replace("&", "&amp;").replace("\r", " ").replace("\n", " "))
    return _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), out)


def guide_markdown(g: ServiceGuide) -> str:
    lines = [f"# {md_escape(g.title)}", "", md_escape(_meta(g)), ""]
    for e in g.elements:
        lines += [f"## {md_escape(e.heading)}", ""]
        for p in e.paragraphs:
            lines += [md_escape(p), ""]
        if e.items:
            lines += [f"{i}. {md_escape(item)}" for i, item in enumerate(e.items, 1)] + [""]
        if e.table:
            lines.append("| " + " | ".join(md_escape(h) for h in e.table_head) + " |")
            lines.append("|" + "|".join("---" for _ in e.table_head) + "|")
            lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in e.table]
            lines.append("")
        if e.basis:
            lines += [md_escape(_basis_line(e)), ""]
    return "\n".join(lines)


# ---- text -----------------------------------------------------------------------------------------
_NUMERALS = "一二三四五六七八九"


def numeral_zh(n: int) -> str:
    """1 → 一, 10 → 十, 19 → 十九, 24 → 二十四 (the guide's element numbers)."""
    if n < 10:
        return _NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[ones - 1] if ones else "")


def text_heading(n: int, heading: str) -> str:
    return f"{numeral_zh(n)}、{heading}"


def guide_text(g: ServiceGuide) -> str:
    lines = [g.title, _meta(g), ""]
    for n, e in enumerate(g.elements, 1):
        lines.append(text_heading(n, e.heading))
        lines += [f"    {p}" for p in e.paragraphs]
        lines += [f"    {i}. {item}" for i, item in enumerate(e.items, 1)]
        if e.key == "materials":  # one line a material: its necessity, then only the marks that apply
            lines += [f"    {i}. {m.name_zh}：{'；'.join((m.necessity_zh,) + m.marks)}"
                      for i, m in enumerate(g.materials, 1)]
        elif e.table:
            lines += ["    " + "；".join(f"{h}：{c}" for h, c in zip(e.table_head, row)) for row in e.table]
        if e.basis:
            lines.append(f"    {_basis_line(e)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
