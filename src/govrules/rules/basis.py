"""Loads ``basis.toml``: each rule id's citations and message templates (legal text as data), and the
one filter that decides what an applicant-facing document may cite (spec §13a Q7).

A ``Citation`` in a finding says where a rule comes from, for officials: a law, a policy document, a
reform report or a local practice page (the sources, ``models/sources.toml``). A notice cites only legal
sources in force on the receipt date (``applicant_basis``): a report or practice page is replaced by the
articles it applies and by the local normative documents a ruleset names for its practice, and is
otherwise left out.
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from functools import lru_cache
from operator import itemgetter
from string import Formatter
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, Sequence

import msgspec

from ..models.decision import Citation, Finding
from ..models.sources import SourceInfo, cited_source, source_of, sources


@lru_cache(maxsize=1)
def _catalogue() -> tuple[Mapping[str, tuple[Citation, ...]], Mapping[str, tuple[str, str]]]:
    raw = tomllib.loads((Path(__file__).with_name("basis.toml")).read_text(encoding="utf-8"))
    cited = sources()
    bases = {rule: tuple(cited[c].citation for c in spec["basis"]) for rule, spec in raw["rules"].items()}
    texts = {rule: (spec["zh"], spec["en"]) for rule, spec in raw["rules"].items()}
    return MappingProxyType(bases), MappingProxyType(texts)


def _compile(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A message template compiled once into its literal parts and the names between them
    (``len(parts) == len(names) + 1``): a message is its parts joined with the values, a fraction of
    ``str.format_map`` re-parsing the template for every finding."""
    parts, names, literal_run = [], [], []
    for literal, name, spec, conversion in Formatter().parse(template):
        literal_run.append(literal)
        if name is not None:
            if not name.isidentifier() or spec or conversion:
                raise ValueError(f"message template {template!r}: field {{{name}}} must be a plain name")
            parts.append("".join(literal_run))
            literal_run = []
            names.append(name)
    parts.append("".join(literal_run))
    return tuple(parts), tuple(names)


def _text(value: Any) -> str:
    """A value as a message prints it: a date in ISO form (as ``str()`` writes it), the rest by ``str``
    (the one- and two-value makers below write the same test inline: they run on most decisions)."""
    if type(value) is str:
        return value
    return iso_date(value) if type(value) is _dt.date else str(value)


Maker = Callable[[str, "str | None", tuple[Citation, ...], dict[str, Any]], Finding]
"""Builds a rule's finding: ``maker(effect, subject, extra_basis, params)`` (``finding`` calls it)."""
Template = tuple[tuple[str, ...], tuple[str, ...]]  # (literal parts, the names between them)


OneValue = Callable[[str, "str | None", Any], Finding]
"""Builds the finding of a rule whose messages print one value: ``make(effect, subject, value)``."""


def _one_value(rule: str, basis: tuple[Citation, ...], zh: Template, en: Template) -> OneValue | None:
    """The maker of a rule whose messages print one value once each (most of them: a date), called
    with that value: no mapping of values to build and read. None for any other rule."""
    (zh_parts, zh_names), (en_parts, en_names) = zh, en
    if not (len(zh_names) == 1 and zh_names == en_names):
        return None
    (z0, z1), (e0, e1) = zh_parts, en_parts

    def make(effect: str, subject: str | None, value: Any) -> Finding:
        if type(value) is not str:
            value = iso_date(value) if type(value) is _dt.date else str(value)
        return Finding(rule=rule, effect=effect, subject=subject, basis=basis, message_zh=f"{z0}{value}{z1}",
                       message_en=f"{e0}{value}{e1}")  # an f-string joins its parts in one allocation
    return make


def _maker(rule: str, basis: tuple[Citation, ...], zh: Template, en: Template) -> Maker:
    """The function that builds ``rule``'s finding from its effect, subject, extra basis and message
    values: the template's slots are known here, so a finding reads exactly the values it prints and
    writes each once, whichever language prints it."""
    (zh_parts, zh_names), (en_parts, en_names) = zh, en
    names = tuple(dict.fromkeys(zh_names + en_names))
    one = _one_value(rule, basis, zh, en)
    if one is not None:  # the usual message: one value, say a date
        name = names[0]

        def make(effect: str, subject: str | None, extra: tuple[Citation, ...], params: dict[str, Any]) -> Finding:
            made = one(effect, subject, params[name])
            return msgspec.structs.replace(made, basis=basis + extra) if extra else made
    elif not names:
        zh_text, en_text = zh_parts[0], en_parts[0]

        def make(effect: str, subject: str | None, extra: tuple[Citation, ...], params: dict[str, Any]) -> Finding:
            return Finding(rule=rule, effect=effect, subject=subject, basis=basis + extra if extra else basis,
                           message_zh=zh_text, message_en=en_text)
    elif len(names) == 2 and sorted(zh_names) == sorted(en_names) == sorted(names):
        # two values, each printed once in each language (in either order): joined by f-strings
        (z0, z1, z2), (e0, e1, e2) = zh_parts, en_parts
        first, second = names
        zh_swapped, en_swapped = zh_names[0] != first, en_names[0] != first

        def make(effect: str, subject: str | None, extra: tuple[Citation, ...], params: dict[str, Any]) -> Finding:
            a, b = params[first], params[second]
            if type(a) is not str:
                a = iso_date(a) if type(a) is _dt.date else str(a)
            if type(b) is not str:
                b = iso_date(b) if type(b) is _dt.date else str(b)
            zh = f"{z0}{b}{z1}{a}{z2}" if zh_swapped else f"{z0}{a}{z1}{b}{z2}"
            en = f"{e0}{b}{e1}{a}{e2}" if en_swapped else f"{e0}{a}{e1}{b}{e2}"
            return Finding(rule=rule, effect=effect, subject=subject, basis=basis + extra if extra else basis,
                           message_zh=zh, message_en=en)
    else:
        zh_text, zh_pick = _slots(zh_parts, zh_names, names)
        en_text, en_pick = _slots(en_parts, en_names, names)

        def make(effect: str, subject: str | None, extra: tuple[Citation, ...], params: dict[str, Any]) -> Finding:
            values = [_text(params[key]) for key in names]
            return Finding(rule=rule, effect=effect, subject=subject, basis=basis + extra if extra else basis,
                           message_zh=zh_text % zh_pick(values), message_en=en_text % en_pick(values))
    return make


def _filled(template: Template, fixed: Mapping[str, str]) -> Template:
    """The template with the ``fixed`` names written into its text."""
    parts, names = template
    out, kept = [parts[0]], []
    for name, part in zip(names, parts[1:]):
        if name in fixed:
            out[-1] += fixed[name] + part
        else:
            kept.append(name)
            out.append(part)
    return tuple(out), tuple(kept)


def prefilled_one(rule: str, **fixed: Any) -> OneValue:
    """``prefilled``, for a rule left with one value to print: its one-value maker."""
    text = {k: _text(v) for k, v in fixed.items()}
    zh, en = _TEXTS[rule]
    one = _one_value(rule, _BASES[rule], _filled(_compile(zh), text), _filled(_compile(en), text))
    if one is None:
        raise ValueError(f"{rule}: more than one value is left to print once {sorted(fixed)} are written in")
    return one


def prefilled(rule: str, **fixed: Any) -> Maker:
    """``rule``'s maker with the values that depend only on the ruleset (a matter's limit in days …)
    written into its messages once: a compiled plan keeps it, and a decision fills the rest."""
    text = {k: _text(v) for k, v in fixed.items()}
    zh, en = _TEXTS[rule]
    return _maker(rule, _BASES[rule], _filled(_compile(zh), text), _filled(_compile(en), text))


def _slots(parts: tuple[str, ...], used: tuple[str, ...],
           names: tuple[str, ...]) -> tuple[str, Callable[[Sequence[str]], tuple[str, ...]]]:
    """A template as a ``%s`` text and the picker of its values, in its order, from the values of
    ``names``."""
    text = "%s".join(p.replace("%", "%%") for p in parts)
    if not used:
        return text, lambda values: ()
    at = [names.index(n) for n in used]
    if len(at) == 1:
        return text, lambda values, i=at[0]: (values[i],)
    return text, itemgetter(*at)


def citations(rule: str) -> tuple[Citation, ...]:
    return _catalogue()[0][rule]


def rule_ids() -> frozenset[str]:
    return frozenset(_catalogue()[0])


_BASES, _TEXTS = _catalogue()  # read-only mappings, loaded once at import
_MAKERS: Mapping[str, Maker] = MappingProxyType(
    {rule: _maker(rule, _BASES[rule], _compile(zh), _compile(en)) for rule, (zh, en) in _TEXTS.items()})


def matter_basis(legal_basis: tuple[str, ...] | None, policy: Any = None) -> tuple[Citation, ...]:
    """A matter's own legal basis (ruleset data) as citations, for rules whose value the matter sets: a
    key names its cited source; other text is kept for officials as kind ``text`` (never on a notice)."""
    out = []
    for entry in legal_basis or ():
        cite = cited_source(entry, policy)
        out.append(cite if cite is not None else Citation(kind="text", source=entry))
    return tuple(out)


# ---- what an applicant-facing document cites (spec §13a Q7) ------------------------------------------
def applicant_basis(basis: Iterable[Citation], *, on: _dt.date, policy: Any = None) -> tuple[Citation, ...]:
    """The citations a notice prints for ``basis`` (a finding's or a rule's), for a receipt on ``on``.

    - A legal source (``Citation.applicant_citable``) is cited when it is in force on ``on``; before its
      ``in_force_from`` its predecessor (``earlier``) is cited instead, or nothing.
    - A report or practice page (seed, practice) is never cited: in its place come the articles it
      ``applies`` and the local normative documents ``policy.practice_basis`` names for its practice.
      With neither, the notice states the practice without a citation.
    - Free text (kind ``text``) and conventions are never cited.
    Order is kept; each source is cited once.
    """
    local = getattr(policy, "practice_basis", None) or {}
    out: list[Citation] = []
    cited = sources()
    for c in basis:
        info = source_of(c)
        if c.applicant_citable:
            out.extend(_in_force(info, on) if info is not None else (c,))
            continue
        if info is None or info.practice is None:
            continue
        for key in info.applies:
            out.extend(_in_force(cited[key], on))
        for key in local.get(info.practice, ()):
            cite = cited_source(key, policy)
            if cite is not None:
                out.append(cite)
    return tuple(dict.fromkeys(out))


def _in_force(info: SourceInfo, on: _dt.date) -> tuple[Citation, ...]:
    while info.in_force_from is not None and on < info.in_force_from:
        if info.earlier is None:
            return ()
        info = sources()[info.earlier]
    return (info.citation,)


def maker(rule: str) -> Maker:
    """``rule``'s maker, for a caller that builds its finding on every decision (one call, not two)."""
    return _MAKERS[rule]


def one_value_maker(rule: str) -> OneValue:
    """``rule``'s one-value maker (``OneValue``): for a rule whose messages print one value."""
    zh, en = _TEXTS[rule]
    one = _one_value(rule, _BASES[rule], _compile(zh), _compile(en))
    if one is None:
        raise ValueError(f"{rule}: its messages do not print exactly one value")
    return one


def finding(rule: str, effect: str, subject: str | None = None, *, extra_basis: tuple[Citation, ...] = (),
            **params: Any) -> Finding:
    """Build the finding of ``rule`` with its citations and its messages filled from ``params``."""
    return _MAKERS[rule](effect, subject, extra_basis, params)


@lru_cache(maxsize=8192)
def iso_date(d: _dt.date) -> str:
    """``d.isoformat()``, remembered for the last 8,192 dates asked: formatting a date is otherwise the
    dearest part of a finding's message. Pure text, no decision's result."""
    return d.isoformat()
