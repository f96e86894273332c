"""The shapes of the service's JSON answers other than a Decision, as pydantic models: the service builds
its answers with them, and FastAPI publishes their JSON Schema in the OpenAPI document — one source for
both. (A Decision is the engine's msgspec value; its schema comes from ``Decision.model_json_schema``.)
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..models.matter import Matter


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Problem(_Out):
    code: str = Field(description="a stable code: those of InvalidInputError (spec §12, §3a, §4a), "
                      "calendar_unavailable, or the service's own (invalid_json, body_too_large, …)")
    path: str | None = Field(description="the JSON path of the field, e.g. application.materials[7].id")
    value: Any = Field(description="the value found there (a bounded repr when it is large)")
    expected: str = Field(description="what was expected, in words")
    year: int | None = Field(None, description="calendar_unavailable: the year that has no data")
    file: str | None = Field(None, description="a ruleset error: the file")
    fields: list[str] | None = Field(None, description="a replay that differs: the Decision's fields that differ")


class ErrorDetail(Problem):
    problems: list[Problem] = Field(description="every problem found; the first is the error itself")


class ErrorBody(_Out):
    error: ErrorDetail


class RulesetRef(_Out):
    id: str
    version: str
    hash: str = Field(description="the content hash of the resolved ruleset, as in a Decision's trace")
    effective_from: _dt.date
    effective_to: _dt.date | None
    title: str


class MatterSummary(_Out):
    code: str
    name: str
    name_zh: str
    type: str
    authority_id: str
    stub: bool = Field(description="only a prerequisite target: cannot be applied for")
    ruleset: RulesetRef


class MatterList(_Out):
    matters: list[MatterSummary]


class MatterDetail(_Out):
    ruleset: RulesetRef = Field(description="the ruleset version an application for this matter is decided with")
    matter: Matter


class BatchItem(_Out):
    """Exactly one of ``decision`` (what ``decide()`` gives, byte for byte) and ``error``."""

    index: int
    decision: dict[str, Any] | None = None
    error: ErrorDetail | None = None


class BatchResult(_Out):
    results: list[BatchItem] = Field(description="one per application, in order")


class Section(_Out):
    text: str
    items: list[str]


class Citation(_Out):
    kind: str = Field(description="law, policy, seed, practice, convention or text")
    source: str
    article: str | None = None
    quote: str | None = None


class NoticeOut(_Out):
    kind: str = Field(description="acceptance, correction, non_acceptance or tolerance")
    title: str
    authority: str
    addressee: str
    issued_on: _dt.date
    application_id: str
    sections: list[Section]
    basis: list[Citation] = Field(description="the legal sources cited, as in a Decision's findings")
    text: str = Field(description="the document as plain text")


class NoticeList(_Out):
    application_id: str
    outcome: str
    notices: list[NoticeOut]


class ReplayResult(_Out):
    reproduced: bool = Field(description="always true: a decision that is not reproduced answers 409")
    ruleset_id: str
    ruleset_version: str
    ruleset_hash: str
    calendar_version: str
    as_of: _dt.date
    outcome: str


class WorkingDaysResult(_Out):
    start: _dt.date
    n: int
    result: _dt.date = Field(description="start + n working days (the start day is not counted)")
    unit: str = "working_days"
    excluded: list[tuple[_dt.date, _dt.date]]
    provisional: bool = Field(description="true only when the date comes from an opt-in projection")


class Day(_Out):
    date: _dt.date
    kind: str = Field(description="working, weekend, rest_day or makeup_working_day")
    name: str | None = Field(description="the rest block's or make-up day's name, e.g. 春节")
    source: str | None = Field(description="the notice of the year file, overlay:<id> or provisional")
    provisional: bool


class MonthResult(_Out):
    month: str
    days: list[Day]


class Limits(_Out):
    max_body_bytes: int
    max_batch: int
    time_limit_seconds: float
    threads: int


class Health(_Out):
    status: str = "ok"
    govrules: str
    rulesets: list[RulesetRef] = Field(description="every ruleset version the service decides with")
    calendar: str
    limits: Limits
