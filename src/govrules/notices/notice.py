"""A Notice, and how it reads: as plain text (to print or paste into an e-mail) and as HTML (to print
from a browser; a notebook displays it).

The HTML escapes every value: names come from ruleset files and ids from applications.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from ..models.decision import Citation
from .wording import date_zh, wording


class NoticeKind(StrEnum):
    acceptance = "acceptance"  # 受理通知书
    correction = "correction"  # 补正材料通知书 / 一次性告知书
    non_acceptance = "non_acceptance"  # 不予受理决定书
    tolerance = "tolerance"  # 容缺受理承诺事项告知单


@dataclass(frozen=True)
class Section:
    """A paragraph, optionally followed by numbered items (one per line of the document)."""

    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Notice:
    kind: NoticeKind
    title: str
    authority: str
    addressee: str
    issued_on: _dt.date
    application_id: str
    sections: tuple[Section, ...]
    basis: tuple[Citation, ...]

    @property
    def text(self) -> str:
        return notice_text(self)

    @property
    def html(self) -> str:
        return notice_html(self)

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.text


#: a title's trailing parenthesis — the issuing number (国办发〔2020〕42号) or the revision (2023年修订) —
#: goes after the 《》: 《中华人民共和国行政复议法》（2023年修订）
_NUMBERED = re.compile(r"^(?P<title>.+?)(?P<number>（[^（）]+）)?$")


def _cite(c: Citation) -> str:
    """《title》（number）article：「quote」 — a legal source as an applicant reads it (spec §13a Q7)."""
    m = _NUMBERED.match(c.source)
    title = f"《{m.group('title')}》{m.group('number') or ''}" if m else c.source
    return f"{title}{c.article or ''}" + (f"：「{c.quote}」" if c.quote else "")


def notice_text(n: Notice) -> str:
    lines = [n.authority.center(30), n.title.center(30), f"编号：{n.application_id}", "", n.addressee]
    for s in n.sections:
        lines.append("    " + s.text)
        lines += [f"        {i}. {item}" for i, item in enumerate(s.items, 1)]
    lines += ["", f"{wording()['common']['seal'].format(authority=n.authority):>40}", f"{date_zh(n.issued_on):>40}"]
    if n.basis:
        lines += ["", wording()["common"]["basis_heading"]] + [f"  - {_cite(c)}" for c in n.basis]
    return "\n".join(lines)


def notice_html(n: Notice) -> str:
    e = escape
    body = []
    for s in n.sections:
        body.append(f"<p style='text-indent:2em;margin:4px 0'>{e(s.text)}</p>")
        if s.items:
            body.append("<ol style='margin:2px 0 2px 3em'>" + "".join(f"<li>{e(i)}</li>" for i in s.items) + "</ol>")
    basis = "".join(f"<li>{e(_cite(c))}</li>" for c in n.basis)
    seal = wording()["common"]["seal"].format(authority=n.authority)
    return (
        f"<div class='govrules-notice govrules-notice-{e(n.kind.value)}' style=\"font-family:'SimSun','Songti SC',serif;"
        f"max-width:42em;font-size:14px;line-height:1.7\">"
        f"<div style='text-align:center'>{e(n.authority)}</div>"
        f"<h3 style='text-align:center;margin:4px 0'>{e(n.title)}</h3>"
        f"<div style='text-align:right'>编号：{e(n.application_id)}</div>"
        f"<p style='margin:4px 0'>{e(n.addressee)}</p>{''.join(body)}"
        f"<p style='text-align:right;margin-top:1.5em'>{e(seal)}<br>{e(date_zh(n.issued_on))}</p>"
        f"<details><summary>{e(wording()['common']['basis_heading'])}</summary><ul style='font-size:12px'>{basis}</ul>"
        f"</details></div>"
    )
