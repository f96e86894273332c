"""The documents' fixed wording (``wording.toml``, data), and how their dates and periods read in Chinese."""

from __future__ import annotations

import datetime as _dt
import tomllib
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..models.period import Period


def _read_wording() -> Mapping[str, Mapping[str, str]]:
    raw = tomllib.loads(Path(__file__).with_name("wording.toml").read_text(encoding="utf-8"))
    return MappingProxyType({section: MappingProxyType(texts) for section, texts in raw.items()})


_WORDING = _read_wording()  # read once at import, as basis.toml is: rendering a notice opens no file


def wording() -> Mapping[str, Mapping[str, str]]:
    """The documents' fixed wording (data, in ``wording.toml``), read-only."""
    return _WORDING


def date_zh(d: _dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def period_zh(p: Period) -> str:
    return p.zh
