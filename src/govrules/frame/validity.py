"""A conservative validity screen over whole columns: which rows are *plainly* valid applications
(spec §3, models/application.py and models/base.py), read into numpy arrays once for every rule.

Anything not plainly valid is not judged here: such a row is handed to the row engine, which raises
``decide()``'s own ``InvalidInputError`` (its code goes into ``error_code``). So the screen may refuse
a valid row (it then costs one ``decide()`` call), never accept an invalid one. It mirrors the models'
rules, stricter where they are subtle: text is ``Strict`` str of 1..200 characters for ids (``Id``),
at most 100,000 for other text (``Str``); the region is six ASCII digits (the model's ``^\\d{6}$``);
a date is ``date32`` or ``YYYY-MM-DD`` in ASCII digits that ``date.fromisoformat`` reads
(``parse_iso_date``); enumerations take their values only; booleans are booleans; a null is an
omitted key (so a required one is refused). The references (matter, authority, materials,
prerequisites) depend on the ruleset and are checked per matter group, in ``evaluate``.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..models.application import ApplicantKind, Channel, LandStatus, MaterialStatus, ProjectCategory
from ..models.base import MAX_TEXT
from ..models.policy import Credit
from .table import KEYS, PROJECT, is_iso_day

EPOCH = _dt.date(1970, 1, 1)
MAX_ID = 200
#: material statuses as small codes (``rules/materials.py``: OK, SPOT, FIXED, BAD); MISSING is "not listed"
MISSING, OK, SPOT, FIXED, BAD = 0, 1, 2, 3, 4
STATUS_CODE: Mapping[str, int] = MappingProxyType({
    MaterialStatus.ok.value: OK, MaterialStatus.correctable_on_spot.value: SPOT,
    MaterialStatus.corrected_on_spot.value: FIXED, MaterialStatus.defective.value: BAD})


@dataclass(slots=True)
class Text:
    """A text column dictionary-encoded: ``codes[i]`` indexes ``values`` (-1: null)."""

    codes: np.ndarray
    values: list[Any]

    def lut(self, test, codes: np.ndarray | None = None) -> np.ndarray:
        """``test`` per distinct value, looked up per row (False for null); ``codes``: of some rows only."""
        table = np.fromiter((bool(test(v)) for v in self.values), bool, len(self.values))
        return np.concatenate((table, [False]))[self.codes if codes is None else codes]

    def mapped(self, mapping: Mapping[Any, int], codes: np.ndarray | None = None, default: int = -1) -> np.ndarray:
        """``mapping`` per distinct value (``default`` when absent or null), looked up per row."""
        table = np.array([mapping.get(v, default) for v in self.values] + [default], dtype=np.int32)
        return table[self.codes if codes is None else codes]

    @property
    def present(self) -> np.ndarray:
        return self.codes >= 0


@dataclass(slots=True)
class Flat:
    """A list column's elements: ``parent[j]`` is the row of element ``j``."""

    parent: np.ndarray
    text: Text


@dataclass(slots=True)
class Columns:
    n: int
    bad: np.ndarray  # not plainly valid (row engine)
    events: np.ndarray  # has at least one event (row engine)
    ids: pa.Array  # the id column (output application_id), string
    matter: Text
    authority: Text
    ruleset: Text
    day: np.ndarray  # receipt date, days since 1970-01-01 (valid where not bad)
    credit: Text
    prior_false: np.ndarray
    basic: np.ndarray
    tolerance_signed: np.ndarray
    on_spot: np.ndarray
    materials: Flat
    status: np.ndarray  # per material element: OK / SPOT / FIXED / BAD
    obtained: Flat
    nc: np.ndarray  # has a notification_commitment
    nc_signed: np.ndarray
    nc_materials: Flat
    project: np.ndarray
    category: Text
    project_type: Text
    low_risk: np.ndarray
    investment: np.ndarray  # int64, valid where has_investment
    has_investment: np.ndarray
    industry: Text
    land_not_obtained: np.ndarray
    holder_clear: np.ndarray
    holder_named: np.ndarray  # intended_holder_id is a non-empty text
    simulated_requested: np.ndarray


def _np_bool(arr: pa.Array) -> np.ndarray:
    return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=bool)


def _valid(arr: pa.Array | None, n: int) -> np.ndarray:
    if arr is None:
        return np.zeros(n, bool)
    return _np_bool(arr.is_valid())


def _is_text(arr: pa.Array) -> bool:
    return pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)


class _Reader:
    """Reads columns and struct fields, marking a row bad where a value is there but of a wrong type."""

    def __init__(self, table: pa.Table) -> None:
        self.n = table.num_rows
        self.table = table
        self.bad = np.zeros(self.n, bool)

    def column(self, name: str) -> pa.Array | None:
        if name not in self.table.column_names:
            return None
        col = self.table.column(name)
        return col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)

    def field(self, parent: pa.Array | None, name: str, where: np.ndarray | None = None) -> pa.Array | None:
        """A struct field (null where the struct is null). A struct of unknown fields marks its rows bad;
        a non-struct value too."""
        if parent is None:
            return None
        if not pa.types.is_struct(parent.type):
            return None
        names = [parent.type.field(i).name for i in range(parent.type.num_fields)]
        if name not in names:
            return None
        child = parent.field(names.index(name))
        if parent.null_count:
            child = pc.if_else(parent.is_valid(), child, pa.nulls(len(child), child.type))
        return child

    def struct(self, parent: pa.Array | None, known: tuple[str, ...], where: np.ndarray | None = None) -> None:
        """Rows where ``parent`` is not a struct of ``known`` fields only (or a value there is not null)."""
        if parent is None:
            return
        present = _valid(parent, len(parent))
        if not pa.types.is_struct(parent.type):
            self._mark(present, where)
            return
        for i in range(parent.type.num_fields):
            f = parent.type.field(i)
            if f.name not in known:
                self._mark(present & _valid(parent.field(i), len(parent)), where)

    def _mark(self, mask: np.ndarray, where: np.ndarray | None) -> None:
        if where is None:
            self.bad |= mask
        else:  # ``mask`` is per list element: mark the rows holding it
            self.bad[where[mask]] = True

    def text(self, arr: pa.Array | None, where: np.ndarray | None = None, size: int | None = None) -> Text:
        size = self.n if size is None else size
        if arr is None:
            return Text(np.full(size, -1, np.int32), [])
        if not _is_text(arr):
            self._mark(_valid(arr, size), where)
            return Text(np.full(size, -1, np.int32), [])
        if pa.types.is_large_string(arr.type):
            arr = arr.cast(pa.string())
        d = pc.dictionary_encode(arr)
        codes = np.asarray(d.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int32)
        return Text(codes, d.dictionary.to_pylist())

    def flag(self, arr: pa.Array | None, default: bool, where: np.ndarray | None = None, size: int | None = None) -> np.ndarray:
        size = self.n if size is None else size
        if arr is None:
            return np.full(size, default)
        if not pa.types.is_boolean(arr.type):
            self._mark(_valid(arr, size), where)
            return np.full(size, default)
        return _np_bool(arr.fill_null(default))

    def length_ok(self, arr: pa.Array | None, lo: int, hi: int, required: bool) -> np.ndarray:
        """Per row: a text of ``lo..hi`` characters (or null, when not ``required``); marks others bad."""
        if arr is None:
            ok = np.full(self.n, not required)
            self.bad |= ~ok
            return ok
        if not _is_text(arr):
            ok = np.zeros(self.n, bool) if required else ~_valid(arr, self.n)
            self.bad |= ~ok
            return ok
        length = np.asarray(pc.utf8_length(arr).fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
        ok = (length >= lo) & (length <= hi)
        if not required:
            ok |= length < 0
        self.bad |= ~ok
        return ok

    def enum(self, t: Text, allowed: Any, required: bool) -> None:
        values = {v.value for v in allowed}
        ok = t.lut(lambda v: v in values)
        if not required:
            ok |= ~t.present
        self.bad |= ~ok

    def flat(self, arr: pa.Array | None) -> tuple[np.ndarray, pa.Array | None]:
        """``(parent row of each element, the elements)`` of a list column; a non-list value is bad, a
        null element too (an entry must be a mapping or a text)."""
        if arr is None:
            return np.zeros(0, np.int64), None
        if not (pa.types.is_list(arr.type) or pa.types.is_large_list(arr.type)):
            self.bad |= _valid(arr, self.n)
            return np.zeros(0, np.int64), None
        parent = np.asarray(pc.list_parent_indices(arr).to_numpy(zero_copy_only=False), dtype=np.int64)
        values = pc.list_flatten(arr)
        self.bad[parent[~_valid(values, len(values))]] = True
        return parent, values


def _days_of(r: _Reader, arr: pa.Array | None, required: bool, where: np.ndarray | None = None,
             size: int | None = None) -> np.ndarray:
    """Days since 1970 of a date column (``date32`` or ISO text, as ``parse_iso_date``); -1 and bad
    where it is not a real date (or null, when ``required``)."""
    size = r.n if size is None else size
    if arr is None:
        if required:
            r._mark(np.ones(size, bool), where)
        return np.full(size, -1, np.int64)
    if pa.types.is_date32(arr.type) or pa.types.is_date64(arr.type):
        days = np.asarray(arr.cast(pa.date32()).cast(pa.int32()).fill_null(-(2**31)).to_numpy(zero_copy_only=False),
                          dtype=np.int64)
        missing = days == -(2**31)
        if required:
            r._mark(missing, where)
        return np.where(missing, -1, days)
    t = r.text(arr, where, size)
    table = np.array([(_dt.date.fromisoformat(v) - EPOCH).days if is_iso_day(v) else -(2**40) for v in t.values]
                     + [-1], dtype=np.int64)
    days = table[t.codes]
    r._mark((days == -(2**40)) | ((days == -1) & required), where)
    return np.where(days < 0, -1, days)


def read(table: pa.Table) -> Columns:
    r = _Reader(table)
    n = r.n
    present_cols = set(table.column_names)
    for name in present_cols - set(KEYS):  # no key of an application: a value there is refused
        r.bad |= _valid(r.column(name), n)

    ids = r.column("id")
    r.length_ok(ids, 1, MAX_ID, required=True)
    matter = r.text(r.column("matter_code"))
    authority = r.text(r.column("authority_id"))
    ruleset = r.text(r.column("ruleset"))
    r.bad |= ~matter.present | ~authority.present  # known codes are checked per group (ids of 1..200)
    region = r.column("region")
    if region is None or not _is_text(region):
        r.bad |= np.ones(n, bool)
    else:
        r.bad |= ~_np_bool(pc.fill_null(pc.match_substring_regex(region, r"^[0-9]{6}$"), False))
    channel = r.text(r.column("channel"))
    r.enum(channel, Channel, required=True)

    applicant = r.column("applicant")
    r.bad |= ~_valid(applicant, n)
    r.struct(applicant, ("id", "kind", "name", "credit", "prior_false_commitment"))
    r.length_ok(r.field(applicant, "id"), 1, MAX_ID, required=True)
    r.enum(r.text(r.field(applicant, "kind")), ApplicantKind, required=True)
    r.length_ok(r.field(applicant, "name"), 0, MAX_TEXT, required=False)
    credit = r.text(r.field(applicant, "credit"))
    r.enum(credit, Credit, required=False)
    prior_false = r.flag(r.field(applicant, "prior_false_commitment"), False)

    day = _days_of(r, r.column("submitted_on"), required=True)

    m_arr = r.column("materials")
    r.bad |= ~_valid(m_arr, n)
    m_parent, m_values = r.flat(m_arr)
    size = len(m_parent)
    r.struct(m_values, ("id", "status"), where=m_parent)
    m_ids = r.text(r.field(m_values, "id"), m_parent, size)
    r._mark(~m_ids.present, m_parent)
    m_status = r.text(r.field(m_values, "status"), m_parent, size)
    status = m_status.mapped(STATUS_CODE)
    status = np.where(m_status.present, status, OK)
    r._mark(status < 0, m_parent)

    basic = r.flag(r.column("basic_conditions_met"), True)
    tolerance_signed = r.flag(r.column("tolerance_commitment_signed"), False)
    on_spot = r.flag(r.column("decided_on_spot"), True)

    nc_arr = r.column("notification_commitment")
    nc = _valid(nc_arr, n)
    r.struct(nc_arr, ("signed", "materials", "signed_on"))
    signed_arr = r.field(nc_arr, "signed")
    r.bad |= nc & ~_valid(signed_arr, n)
    nc_signed = r.flag(signed_arr, False)
    _days_of(r, r.field(nc_arr, "signed_on"), required=False)
    nc_parent, nc_values = r.flat(r.field(nc_arr, "materials"))
    nc_text = r.text(nc_values, nc_parent, len(nc_parent))

    o_parent, o_values = r.flat(r.column("obtained_prerequisites"))
    obtained = r.text(o_values, o_parent, len(o_parent))

    p_arr = r.column("project")
    project = _valid(p_arr, n)
    r.struct(p_arr, tuple(PROJECT.field(i).name for i in range(PROJECT.num_fields)))
    category = r.text(r.field(p_arr, "category"))
    r.bad |= project & ~category.present
    r.enum(category, ProjectCategory, required=False)
    project_type = r.text(r.field(p_arr, "project_type"))
    r.bad |= project_type.lut(lambda v: len(v) > MAX_TEXT)
    industry = r.text(r.field(p_arr, "industry_code"))
    r.bad |= industry.lut(lambda v: len(v) > MAX_TEXT)
    land = r.text(r.field(p_arr, "land_status"))
    r.enum(land, LandStatus, required=False)
    holder = r.field(p_arr, "intended_holder_id")
    r.length_ok(holder, 0, MAX_TEXT, required=False)
    holder_named = (np.asarray(pc.utf8_length(holder).fill_null(0).to_numpy(zero_copy_only=False)) > 0
                    if holder is not None and _is_text(holder) else np.zeros(n, bool))
    inv = r.field(p_arr, "investment_cny")
    if inv is None:
        investment, has_investment = np.zeros(n, np.int64), np.zeros(n, bool)
    elif pa.types.is_integer(inv.type) and inv.type.bit_width <= 64 and not pa.types.is_uint64(inv.type):
        has_investment = _valid(inv, n)
        investment = np.asarray(inv.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64)
        r.bad |= has_investment & (investment < 0)
    else:
        r.bad |= _valid(inv, n)
        investment, has_investment = np.zeros(n, np.int64), np.zeros(n, bool)

    events = r.column("events")
    if events is None:
        has_events = np.zeros(n, bool)
    elif pa.types.is_list(events.type) or pa.types.is_large_list(events.type):
        has_events = np.asarray(pc.list_value_length(events).fill_null(0).to_numpy(zero_copy_only=False)) > 0
    else:
        has_events = _valid(events, n)

    if ids is None or not _is_text(ids):
        ids = pa.nulls(n, pa.string())
    elif pa.types.is_large_string(ids.type):
        ids = ids.cast(pa.string())
    return Columns(
        n=n, bad=r.bad, events=has_events, ids=ids, matter=matter, authority=authority, ruleset=ruleset, day=day,
        credit=credit, prior_false=prior_false, basic=basic, tolerance_signed=tolerance_signed, on_spot=on_spot,
        materials=Flat(m_parent, m_ids), status=status, obtained=Flat(o_parent, obtained), nc=nc,
        nc_signed=nc_signed, nc_materials=Flat(nc_parent, nc_text), project=project, category=category,
        project_type=project_type, low_risk=r.flag(r.field(p_arr, "low_risk"), False), investment=investment,
        has_investment=has_investment, industry=industry, land_not_obtained=land.lut(lambda v: v == "not_obtained"),
        holder_clear=r.flag(r.field(p_arr, "future_holder_clear"), False), holder_named=holder_named,
        simulated_requested=r.flag(r.field(p_arr, "simulated_approval_requested"), False),
    )

