"""Applications as one Arrow table, and back (api.md "Many applications at once").

One row per application; its columns are the application's keys (spec §3). A null is an omitted key
— at the top level and inside the struct columns — so that a row stands for exactly one mapping, the
one ``row_mappings`` rebuilds for the row engine:

=========================== ==========================================================================
column                      type
=========================== ==========================================================================
``id``, ``matter_code``,    string
``authority_id``,
``region``, ``channel``,
``ruleset``
``applicant``               struct<id, kind, name, credit: string, prior_false_commitment: bool>
``submitted_on``            date32, or string (ISO ``YYYY-MM-DD``, checked as ``decide()`` checks it)
``materials``               list<struct<id: string, status: string>> (a null status is ``ok``)
``basic_conditions_met``,   bool
``tolerance_commitment_
signed``,
``decided_on_spot``
``notification_commitment`` struct<signed: bool, materials: list<string>, signed_on: string>
``obtained_prerequisites``  list<string>
``project``                 struct<category, project_type: string, low_risk: bool, investment_cny:
                            int64, industry_code: string, land_status: string, future_holder_clear:
                            bool, intended_holder_id: string, simulated_approval_requested: bool>
``events``                  list<string>: each event as a JSON object (dates as ISO strings)
=========================== ==========================================================================

A column of another type, or a column that is no key of an application, is not refused: a row with a
value there is decided by the row engine from the value as it is (so it gets ``decide()``'s error).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import pyarrow as pa

from ..errors import InvalidInputError

STRING_KEYS = ("id", "matter_code", "authority_id", "region", "channel", "ruleset")
BOOL_KEYS = ("basic_conditions_met", "tolerance_commitment_signed", "decided_on_spot")
APPLICANT = pa.struct([("id", pa.string()), ("kind", pa.string()), ("name", pa.string()),
                       ("credit", pa.string()), ("prior_false_commitment", pa.bool_())])
MATERIAL = pa.struct([("id", pa.string()), ("status", pa.string())])
COMMITMENT = pa.struct([("signed", pa.bool_()), ("materials", pa.list_(pa.string())), ("signed_on", pa.string())])
PROJECT_STRINGS = ("category", "project_type", "industry_code", "land_status", "intended_holder_id")
PROJECT_BOOLS = ("low_risk", "future_holder_clear", "simulated_approval_requested")
PROJECT = pa.struct([("category", pa.string()), ("project_type", pa.string()), ("low_risk", pa.bool_()),
                     ("investment_cny", pa.int64()), ("industry_code", pa.string()), ("land_status", pa.string()),
                     ("future_holder_clear", pa.bool_()), ("intended_holder_id", pa.string()),
                     ("simulated_approval_requested", pa.bool_())])
TYPES: Mapping[str, pa.DataType] = MappingProxyType({
    "id": pa.string(), "matter_code": pa.string(), "authority_id": pa.string(), "region": pa.string(),
    "applicant": APPLICANT, "submitted_on": pa.date32(), "channel": pa.string(),
    "materials": pa.list_(MATERIAL), "basic_conditions_met": pa.bool_(), "tolerance_commitment_signed": pa.bool_(),
    "notification_commitment": COMMITMENT, "obtained_prerequisites": pa.list_(pa.string()), "project": PROJECT,
    "decided_on_spot": pa.bool_(), "ruleset": pa.string(), "events": pa.list_(pa.string()),
})
KEYS = tuple(TYPES)
#: keys whose explicit null means what omitting them means (their default is None)
_NULLABLE = frozenset({"notification_commitment", "project", "ruleset"})
_PROJECT_NULLABLE = frozenset({"project_type", "investment_cny", "industry_code", "intended_holder_id"})
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT64 = 2**63 - 1


class _Unfit(Exception):
    """The mapping has a value the table cannot hold as it is (decided from the mapping itself)."""


def _text(v: Any) -> str:
    if type(v) is not str:
        raise _Unfit
    if not v.isascii():
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: no Arrow string can hold it
            raise _Unfit from None
    return v


def _flag(v: Any) -> bool:
    if type(v) is not bool:
        raise _Unfit
    return v


def _day(v: Any) -> Any:
    if type(v) is _dt.date:
        return v
    return _text(v)


def _strings(v: Any) -> list[str]:
    if not isinstance(v, (list, tuple)):
        raise _Unfit
    return [_text(x) for x in v]


def _struct(v: Any, fields: Mapping[str, Any], nullable: frozenset[str] = frozenset()) -> dict[str, Any]:
    if not isinstance(v, Mapping) or not fields.keys() >= v.keys():
        raise _Unfit
    out = {}
    for k, x in v.items():
        if x is None:
            if k not in nullable:
                raise _Unfit
            continue
        out[k] = fields[k](x)
    return out


def _int64(v: Any) -> int:
    if type(v) is not int or not -_INT64 - 1 <= v <= _INT64:
        raise _Unfit
    return v


def _json_ready(v: Any) -> Any:
    """An event as JSON holds exactly: text, numbers, booleans, null, lists, text-keyed objects, dates."""
    if v is None or type(v) in (bool, int, float):
        return v
    if type(v) is str:
        return v
    if type(v) is _dt.date:
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_json_ready(x) for x in v]
    if isinstance(v, Mapping) and all(type(k) is str for k in v):
        return {k: _json_ready(x) for k, x in v.items()}
    raise _Unfit


_APPLICANT_FIELDS = MappingProxyType({"id": _text, "kind": _text, "name": _text, "credit": _text,
                                      "prior_false_commitment": _flag})
_MATERIAL_FIELDS = MappingProxyType({"id": _text, "status": _text})
_COMMITMENT_FIELDS = MappingProxyType({"signed": _flag, "materials": _strings,
                                       "signed_on": lambda v: v.isoformat() if type(v) is _dt.date else _text(v)})
_PROJECT_FIELDS = MappingProxyType({**{k: _text for k in PROJECT_STRINGS}, **{k: _flag for k in PROJECT_BOOLS},
                                    "investment_cny": _int64})


def _row(app: Any) -> dict[str, Any]:
    """The table's values of one mapping; raises ``_Unfit`` when it cannot hold them as they are."""
    if not isinstance(app, Mapping) or not TYPES.keys() >= app.keys():
        raise _Unfit
    out: dict[str, Any] = {}
    for k, v in app.items():
        if v is None:
            if k not in _NULLABLE:
                raise _Unfit
            continue
        if k in STRING_KEYS:
            out[k] = _text(v)
        elif k in BOOL_KEYS:
            out[k] = _flag(v)
        elif k == "submitted_on":
            out[k] = _day(v)
        elif k == "applicant":
            out[k] = _struct(v, _APPLICANT_FIELDS)
        elif k == "materials":
            if not isinstance(v, (list, tuple)):
                raise _Unfit
            out[k] = [_struct(x, _MATERIAL_FIELDS) for x in v]
        elif k == "notification_commitment":
            out[k] = _struct(v, _COMMITMENT_FIELDS, frozenset({"signed_on"}))
        elif k == "obtained_prerequisites":
            out[k] = _strings(v)
        elif k == "project":
            out[k] = _struct(v, _PROJECT_FIELDS, _PROJECT_NULLABLE)
        elif k == "events":
            if not isinstance(v, (list, tuple)):
                raise _Unfit
            out[k] = [json.dumps(_json_ready(e), ensure_ascii=True) for e in v]
    return out


def is_iso_day(v: Any) -> bool:
    if type(v) is _dt.date:
        return True
    if not _ISO.fullmatch(v):
        return False
    try:
        _dt.date.fromisoformat(v)
    except ValueError:
        return False
    return True


def convert(applications: Iterable[Any]) -> tuple[pa.Table, dict[int, Any]]:
    """The table of ``applications`` and, by row number, each mapping it could not hold as it is (its
    row is all null; ``decide_frame`` decides it from the mapping)."""
    rows: list[dict[str, Any]] = []
    unfit: dict[int, Any] = {}
    for i, app in enumerate(applications):
        try:
            rows.append(_row(app))
        except (_Unfit, RecursionError):
            rows.append({})
            unfit[i] = app
    days = [r.get("submitted_on") for r in rows]
    if all(d is None or is_iso_day(d) for d in days):  # a real ISO date is the date itself to decide()
        days = [_dt.date.fromisoformat(d) if type(d) is str else d for d in days]
        day_type = pa.date32()
    else:
        days = [d.isoformat() if type(d) is _dt.date else d for d in days]
        day_type = pa.string()
    columns = {}
    for key, typ in TYPES.items():
        if key == "submitted_on":
            columns[key] = pa.array(days, day_type)
        else:
            columns[key] = pa.array([r.get(key) for r in rows], typ)
    return pa.table(columns), unfit


def table_from_applications(applications: Iterable[Mapping[str, Any]]) -> pa.Table:
    """The Arrow table of application mappings (the dicts ``decide()`` takes), for ``decide_frame``.

    A mapping the table cannot hold as it is (a key that is no application key, a value of another
    type than its column's, such as a number for a text) raises ``InvalidInputError`` naming its row:
    give such mappings to ``decide_frame`` directly, which decides them one by one."""
    table, unfit = convert(applications)
    if unfit:
        i = min(unfit)
        raise InvalidInputError("invalid_value", f"applications[{i}]", unfit[i],
                                "an application mapping whose keys and value types fit the table "
                                "(govrules.frame.table docs); decide_frame(mappings) takes any")
    return table


def _strip(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _strip(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_strip(x) for x in v]
    return v


def _event(text: Any) -> Any:
    if type(text) is not str:
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text  # not JSON: decide() is given the text, and refuses it as an event


def row_mappings(table: pa.Table, rows: Any) -> list[dict[str, Any]]:
    """The application mapping of each of ``rows`` of ``table`` (nulls left out, events parsed)."""
    out = []
    for rec in table.take(pa.array(rows, pa.int64())).to_pylist():
        app = _strip(rec)
        if isinstance(app.get("events"), list):
            app["events"] = [_event(e) for e in app["events"]]
        out.append(app)
    return out
