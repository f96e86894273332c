"""The HTTP JSON API of api.md ("HTTP service") on FastAPI: ``create_app`` builds it around one loaded
ruleset library and calendar (``service.Service``).

How a request is answered (docs/server.md):

- the body is read by the handler, counted as it arrives: past ``max_body_bytes`` (or a Content-Length
  saying so) it is a 413 before anything is parsed;
- the work — parsing, validating, deciding, writing the JSON — runs in a bounded pool of worker threads,
  never on the event loop, so ``/healthz`` and the other connections stay answered;
- the whole request runs under ``time_limit``: past it the handler answers 503 and abandons the work. A
  queued job is cancelled; a running one cannot be stopped (Python has no safe way to kill a thread), so
  it finishes in its worker — bounded by the body limit — and its result is dropped;
- every failure is the error body of ``problems.py``, with the status of its kind; nothing answers a
  traceback. Every response names the ruleset versions and the calendar version in its headers.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from types import MappingProxyType
from typing import Any, AsyncIterator, Callable

import msgspec
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.encoders import jsonable_encoder
from fastapi.openapi.models import OpenAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .._paths import shipped_rulesets
from ..calendar import Calendar, china_calendar
from ..errors import GovRulesError, InvalidInputError, expected_of, json_path
from ..loading import RulesetLibrary, load_ruleset
from ..models.application import Application
from ..models.decision import Decision
from ..models.ruleset import Ruleset
from . import schemas
from .problems import HTTPProblem, dumps, error_object, status_of
from .service import Limits, Reply, Service

log = logging.getLogger("govrules.server")

RULESET_HEADER, CALENDAR_HEADER = "Govrules-Ruleset", "Govrules-Calendar"
_JSON = "application/json"
_DESCRIPTION = """Decide Chinese administrative-approval (行政审批) applications over HTTP: the decision
(受理, 一次性告知, 不予受理), its due dates over China's working-day calendar, the applicant-facing
notices, and a replay of a recorded decision. A decision's body is exactly `govrules.decide()`'s JSON.
Every response names the ruleset versions (`Govrules-Ruleset`) and the calendar data
(`Govrules-Calendar`) it used. See docs/server.md."""


def create_app(ruleset: Ruleset | RulesetLibrary | str | Path | None = None, calendar: Calendar | None = None, *,
               max_body_bytes: int = Limits.max_body_bytes, max_batch: int = Limits.max_batch,
               time_limit: float = Limits.time_limit, threads: int = Limits.threads) -> FastAPI:
    """The service's ASGI app. ``ruleset``: a Ruleset, a RulesetLibrary or a path to load (default: the
    shipped rulesets); ``calendar``: default ``china_calendar()``. Both are loaded here, once."""
    if ruleset is None or isinstance(ruleset, (str, Path)):
        ruleset = load_ruleset(shipped_rulesets() if ruleset is None else ruleset)
    limits = Limits(max_body_bytes=max_body_bytes, max_batch=max_batch, time_limit=time_limit, threads=threads)
    service = Service(ruleset, china_calendar() if calendar is None else calendar, limits)
    pool = ThreadPoolExecutor(max_workers=limits.threads, thread_name_prefix="govrules-decide")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.shutdown(wait=False, cancel_futures=True)

    app = FastAPI(title="govrules", version=_api_version(), description=_DESCRIPTION,
                  lifespan=lifespan, openapi_url="/openapi.json", docs_url="/docs", redoc_url=None,
                  redirect_slashes=False)
    app.state.service = service

    def headers(reply: Reply | None = None) -> dict[str, str]:
        return {RULESET_HEADER: ", ".join((reply.rulesets if reply else None) or service.loaded),
                CALENDAR_HEADER: service.calendar.version}

    def failure(exc: BaseException, status: int | None = None, problems: list[BaseException] | None = None) -> Response:
        status = status or status_of(exc)
        extra = exc.headers if isinstance(exc, HTTPProblem) else {}
        if status >= 500 and not isinstance(exc, HTTPProblem):
            log.error("internal error answering a request", exc_info=exc)
        return Response(dumps({"error": error_object(exc, problems)}), status_code=status, media_type=_JSON,
                        headers=headers() | extra)

    async def answer(request: Request, work: Callable[..., Reply], *, body: bool = False) -> Response:
        try:
            if body:
                _check_length(request, limits.max_body_bytes)
            async with asyncio.timeout(limits.time_limit):
                args = (await _read_body(request, limits.max_body_bytes),) if body else ()
                reply = await asyncio.wrap_future(pool.submit(work, *args))
        except TimeoutError:
            return failure(HTTPProblem(503, "time_limit_exceeded", None, limits.time_limit,
                                       f"a request the service answers within {limits.time_limit:g} s "
                                       "(send a smaller batch, or try again)", {"Retry-After": "1"}))
        except (GovRulesError, HTTPProblem) as exc:
            return failure(exc)
        except Exception as exc:  # noqa: BLE001 - a defect: answered as JSON, logged, never a traceback
            return failure(exc, 500)
        return Response(reply.body, media_type=_JSON, headers=headers(reply))

    # ---- errors raised outside a handler: routing, FastAPI's own parameter checks ------------------
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        allow = {k.lower(): v for k, v in (exc.headers or {}).items()}.get("allow", "")
        expected = {404: "a path of the API (GET /openapi.json lists them)",
                    405: f"a method this path answers: {allow}"}
        problem = HTTPProblem(exc.status_code, code, request.url.path, request.method,
                              expected.get(exc.status_code, str(exc.detail)))
        response = failure(problem)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors():
            code = {"missing": "missing_field", "extra_forbidden": "unknown_field"}.get(err.get("type", ""),
                                                                                         "invalid_value")
            problems.append(InvalidInputError(code, json_path("", err.get("loc", ())), err.get("input"),
                                              expected_of(err)))
        problems = problems or [InvalidInputError("invalid_value", "request", None, "a valid request")]
        return failure(problems[0], 422, problems)

    @app.exception_handler(Exception)
    async def defect(request: Request, exc: Exception) -> Response:  # pragma: no cover - a defect
        return failure(exc, 500)

    # ---- the endpoints -------------------------------------------------------------------------------
    as_of_q = Query(None, description="decide as of this date (YYYY-MM-DD); default: the application's "
                    "latest event, else its receipt date", examples=["2025-10-01"])

    @app.post("/v1/decide", summary="Decide an application", tags=["decisions"], response_class=Response,
              responses=_responses(_ok_ref("Decision", "the Decision: exactly govrules.decide()'s JSON, "
                                                       "model_dump_json()"), 400, 413, 422, 503),
              openapi_extra=_body("Application", "an application (spec §3), as govrules.decide() takes it"))
    async def decide(request: Request, as_of: str | None = as_of_q) -> Response:
        return await answer(request, lambda b: service.decide(b, as_of), body=True)

    @app.post("/v1/decide/batch", summary="Decide many applications", tags=["decisions"], response_class=Response,
              responses=_responses(_ok(schemas.BatchResult, "one result per application, in order: its "
                                       "Decision (byte for byte decide()'s JSON) or its error"), 400, 413, 422, 503),
              openapi_extra=_body_schema({"type": "object", "additionalProperties": False, "required": ["applications"],
                                          "properties": {"applications": {"type": "array", "items": {
                                              "$ref": "#/components/schemas/Application"}}}},
                                         "the applications; at most max_batch of them (GET /healthz)"))
    async def decide_batch(request: Request, as_of: str | None = as_of_q) -> Response:
        return await answer(request, lambda b: service.decide_batch(b, as_of), body=True)

    @app.post("/v1/notices", summary="The applicant-facing documents of a decision", tags=["decisions"],
              response_class=Response, responses=_responses(_ok(schemas.NoticeList, "the documents, in Chinese"),
                                                             400, 413, 422, 503),
              openapi_extra=_body("Application", "the application to decide and write the documents for"))
    async def notices(request: Request, as_of: str | None = as_of_q,
                      kind: str | None = Query(None, description="one document: acceptance, correction, "
                                               "non_acceptance or tolerance (default: every document the "
                                               "decision calls for)")) -> Response:
        return await answer(request, lambda b: service.notices(b, as_of, kind), body=True)

    @app.post("/v1/replay", summary="Decide a recorded decision again from its trace", tags=["decisions"],
              response_class=Response,
              responses=_responses(_ok(schemas.ReplayResult, "the same decision, reproduced"), 400, 409, 413, 422, 503),
              openapi_extra=_body_schema({"type": "object", "additionalProperties": False,
                                          "required": ["recorded", "application"], "properties": {
                                              "recorded": {"anyOf": [{"$ref": "#/components/schemas/Decision"},
                                                                     {"type": "string"}]},
                                              "application": {"$ref": "#/components/schemas/Application"}}},
                                         "the recorded Decision (its JSON, or that JSON as a string) and the "
                                         "application it decided"))
    async def replay(request: Request) -> Response:
        return await answer(request, service.replay, body=True)

    on_q = Query(None, description="the receipt date (YYYY-MM-DD) whose ruleset versions apply", examples=["2025-10-01"])
    rid_q = Query(None, description="one ruleset id")

    @app.get("/v1/matters", summary="The matters of every ruleset version", tags=["catalogue"],
             response_class=Response, responses=_responses(_ok(schemas.MatterList, "the matters"), 422, 503))
    async def matters(request: Request, on: str | None = on_q, ruleset: str | None = rid_q) -> Response:
        return await answer(request, lambda: service.matters(on, ruleset))

    @app.get("/v1/matters/{code}", summary="One matter, as an application for it is decided", tags=["catalogue"],
             response_class=Response, responses=_responses(_ok(schemas.MatterDetail, "the matter and its ruleset"),
                                                           404, 422, 503))
    async def matter(request: Request, code: str, on: str | None = on_q, ruleset: str | None = rid_q) -> Response:
        return await answer(request, lambda: service.matter(code, on, ruleset))

    @app.get("/v1/calendar/add-working-days", summary="START + N working days", tags=["calendar"],
             response_class=Response,
             responses=_responses(_ok(schemas.WorkingDaysResult, "the date (the start day is not counted)"), 422, 503))
    async def add_working_days(
        request: Request,
        start: str = Query(description="the start date, YYYY-MM-DD (not counted)", examples=["2025-09-26"]),
        n: str = Query(description="the number of working days (an integer)", examples=["5"]),
        exclude: list[str] = Query([], description="FROM..TO (inclusive) periods not counted; repeatable",
                                   examples=[["2025-10-09..2025-10-10"]]),
    ) -> Response:
        return await answer(request, lambda: service.add_working_days(start, n, exclude))

    @app.get("/v1/calendar/month/{month}", summary="A month of the working-day calendar", tags=["calendar"],
             response_class=Response, responses=_responses(_ok(schemas.MonthResult, "every day of the month"), 422, 503))
    async def month(request: Request, month: str) -> Response:
        return await answer(request, lambda: service.month(month))

    @app.get("/v1/schema/{kind}", summary="The JSON Schema of an application, a ruleset file or a decision",
             tags=["schemas"], response_class=Response,
             responses=_responses({200: {"description": "the JSON Schema (draft 2020-12)", "headers": dict(_HEADERS),
                                         "content": {_JSON: {"schema": {"type": "object"}}}}}, 404, 422, 503))
    async def schema(request: Request, kind: str) -> Response:
        return await answer(request, lambda: service.schema(kind))

    @app.get("/healthz", summary="Alive, and what it serves", tags=["service"], response_class=Response,
             responses=_responses(_ok(schemas.Health, "the service is up")))
    async def healthz() -> Response:  # answered on the event loop: it stays up when the workers are busy
        return Response(service.health().body, media_type=_JSON, headers=headers())

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


async def _read_body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _check_length(request: Request, limit: int) -> None:
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        raise _too_large(int(length), limit)


def _too_large(size: int, limit: int) -> HTTPProblem:
    return HTTPProblem(413, "body_too_large", "body", size, f"a request body of at most {limit} bytes "
                       "(split a batch; the limit is in GET /healthz)")


# ---- the OpenAPI document ---------------------------------------------------------------------------
_HEADERS = MappingProxyType({
    RULESET_HEADER: {"description": "the ruleset versions that made the answer, `id version hash`, comma-"
                     "separated (all the service decides with, where no ruleset was used)",
                     "schema": {"type": "string"}, "example": "cn.demo.district 2022-01 sha256:f0d485a00747d1f0"},
    CALENDAR_HEADER: {"description": "the calendar data version", "schema": {"type": "string"},
                      "example": "cn-2004..2026:sha256:a1ec88df5c3ec686"},
})
_ERRORS = MappingProxyType({
    400: "malformed JSON (invalid_json)",
    404: "no such matter, schema or path",
    409: "the recorded decision is not reproduced (ruleset_hash_mismatch, calendar_version_mismatch, "
         "different_decision)",
    413: "the request body is larger than max_body_bytes (body_too_large)",
    422: "invalid input: the codes of InvalidInputError; calendar_unavailable with the year; batch_too_large",
    503: "the request took longer than the time limit (time_limit_exceeded)",
})


def _ok(model: type, description: str) -> dict[int, Any]:
    return {200: {"model": model, "description": description, "headers": dict(_HEADERS)}}


def _ok_ref(name: str, description: str) -> dict[int, Any]:
    return {200: {"description": description, "headers": dict(_HEADERS),
                  "content": {_JSON: {"schema": {"$ref": f"#/components/schemas/{name}"}}}}}


def _responses(ok: dict[int, Any] | None = None, *errors: int) -> dict[int | str, Any]:
    out: dict[int | str, Any] = dict(ok or {})
    for status in errors:
        out[status] = {"model": schemas.ErrorBody, "description": _ERRORS[status], "headers": dict(_HEADERS)}
    return out


def _body_schema(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description, "content": {_JSON: {"schema": schema}}}}


def _body(name: str, description: str) -> dict[str, Any]:
    return _body_schema({"$ref": f"#/components/schemas/{name}"}, description)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document of the routes, with the schemas the request bodies and decisions refer to: the
    Application's (pydantic, validation mode) and the Decision's (msgspec)."""
    doc = get_openapi(title=app.title, version=_api_version(), description=app.description, routes=app.routes,
                      separate_input_output_schemas=False)
    components = doc.setdefault("components", {}).setdefault("schemas", {})
    application = Application.model_json_schema(ref_template="#/components/schemas/{model}")
    extra = dict(application.pop("$defs", {}), Application=application)
    _, decision = msgspec.json.schema_components([Decision], ref_template="#/components/schemas/{name}")
    for name, schema in list(extra.items()) + list(decision.items()):
        if name in components and components[name].get("title") != schema.get("title"):
            raise AssertionError(f"two schemas named {name!r} in the OpenAPI document")  # pragma: no cover
        components.setdefault(name, schema)  # a model FastAPI already wrote (Period, of a Matter) is the same
    doc["components"]["schemas"] = dict(sorted(components.items()))
    # written the way FastAPI writes its own part (no null defaults, numbers as its model has them)
    return jsonable_encoder(OpenAPI.model_validate(doc), by_alias=True, exclude_none=True)


def _api_version() -> str:
    """The API's version in the document: its major version, /v1 — not the package's, so that the
    published document (docs/openapi.json) changes only when the API does."""
    return "1"


__all__ = ["CALENDAR_HEADER", "RULESET_HEADER", "create_app"]
