"""The applicant: what its record bars (shared by tolerance, §6 conditions 8–9, and commitment, §7), and
what documents and displays may show of its id (spec §13a Q7: notices, the CLI, notebooks).
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Iterable

from ..models.application import Applicant


def record_bars(applicant: Applicant, deny_if_credit: Iterable[str]) -> list[str]:
    """Reasons the applicant's credit record refuses an exception that rests on its word."""
    reasons = []
    if applicant.credit in deny_if_credit:
        reasons.append("credit_dishonest")
    if applicant.prior_false_commitment:
        reasons.append("prior_false_commitment")
    return reasons


#: A resident ID number (居民身份证号码): 18 characters, 17 digits and a digit or X; or the old 15 digits.
_RESIDENT_ID = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)")
_APPLICANT_LABEL = MappingProxyType({"natural_person": "申请人", "legal_person": "申请单位", "other_org": "申请单位"})


def _mask(m: re.Match[str]) -> str:
    s = m.group()
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


def masked_id(value: str, kind: str | None = None) -> str:
    """An applicant id as documents and displays may show it: every resident ID number in it keeps its
    first 6 and last 4 characters, the middle masked (110101********1234), whoever the applicant is.
    Another id of a natural person (a passport number …) shows only its first and last 2 characters.
    An organisation's 统一社会信用代码 is public (it is printed on the business licence) and is shown whole
    — unless it is all digits and has the shape of a resident ID, which is masked like one."""
    out, n = _RESIDENT_ID.subn(_mask, value)
    if n or kind != "natural_person":
        return out
    return value[:2] + "*" * (len(value) - 4) + value[-2:] if len(value) >= 8 else "*" * len(value)


def applicant_zh(kind: str, applicant_id: str, name: str | None = None) -> str:
    """申请人：张三（110101********1234）, or 申请单位：91370100MA3C00001X without a name."""
    label = _APPLICANT_LABEL.get(str(kind), "申请人")
    shown = masked_id(applicant_id, str(kind))
    return f"{label}：{name}（{shown}）" if name else f"{label}：{shown}"
