"""Fuzzing the HTTP service: whatever the body or the query, the answer is a result or the error body of
api.md with a 4xx status — never a 500, never a traceback (the property of tests/fuzzing.py, over HTTP).

The bodies are arbitrary JSON-like values, targeted mutations of a shipped example application, and
raw bytes; they go to every endpoint that reads a body, and arbitrary text to the query parameters.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

httpx = pytest.importorskip("httpx", reason="httpx is not installed (the test extra includes it)")
pytest.importorskip("fastapi", reason="the server extra is not installed (pip install '.[server]')")

from fuzzing import FUZZED, anything, iso_dates, json_like, mutated, paths_of  # noqa: E402
import govrules  # noqa: E402
from govrules.examples import catalogue  # noqa: E402
from govrules.server.schemas import ErrorBody  # noqa: E402

EXAMPLE = next(e for e in catalogue() if e.file == "construction_permit_correction.json").application()
PATHS = paths_of(EXAMPLE)
DATE_PATHS = [p for p in PATHS if p[-1] in ("submitted_on", "on")]
RECORDED = json.loads(govrules.decide(EXAMPLE, ruleset=govrules.load_ruleset(govrules.SHIPPED_RULESETS)).model_dump_json())
POSTS = ["/v1/decide", "/v1/decide/batch", "/v1/notices", "/v1/replay"]
OK = {200, 400, 404, 409, 413, 422}


def encode(value) -> bytes:
    try:
        return json.dumps(value).encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # a date object, an int over 4300 digits: not JSON
        assume(False)
        raise


def answered(r: httpx.Response, target: str) -> None:
    FUZZED[target] += 1
    assert r.status_code in OK, (r.status_code, r.text[:500])
    assert "Traceback" not in r.text
    if r.status_code != 200:
        ErrorBody.model_validate(r.json())


def body_for(path: str, value) -> object:
    """The value where the endpoint reads an application, or as the whole body (half of the time)."""
    if path == "/v1/decide/batch":
        return {"applications": [value]}
    if path == "/v1/replay":
        return {"recorded": value, "application": EXAMPLE}
    return value


@given(path=st.sampled_from(POSTS), value=anything | mutated(EXAMPLE, PATHS, DATE_PATHS), wrap=st.booleans())
def test_any_body_is_answered(client, path, value, wrap) -> None:
    body = encode(body_for(path, value) if wrap else value)
    answered(client.post(path, content=body, headers={"content-type": "application/json"}), "http " + path)


@given(path=st.sampled_from(POSTS), raw=st.binary(max_size=300))
def test_any_bytes_are_answered(client, path, raw) -> None:
    answered(client.post(path, content=raw), "http " + path + " bytes")


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@given(recorded=mutated(RECORDED, paths_of(RECORDED), [p for p in paths_of(RECORDED) if p[-1] in ("as_of", "receipt_date")])
       | json_like)
def test_any_recorded_decision_is_answered(client, recorded) -> None:
    answered(client.post("/v1/replay", content=encode({"recorded": recorded, "application": EXAMPLE})),
             "http /v1/replay recorded")


TEXT = st.text(max_size=20) | iso_dates | st.integers().map(str)


@given(start=TEXT, n=TEXT, exclude=st.lists(TEXT | st.tuples(iso_dates, iso_dates).map("..".join), max_size=2),
       month=TEXT, code=TEXT, on=TEXT, kind=TEXT)
def test_any_query_is_answered(client, start, n, exclude, month, code, on, kind) -> None:
    answered(client.get("/v1/calendar/add-working-days", params=[("start", start), ("n", n)] +
                        [("exclude", e) for e in exclude]), "http add-working-days")
    answered(client.get("/v1/calendar/month/" + quote(month, safe="")), "http month")
    answered(client.get("/v1/matters", params={"on": on}), "http matters")
    answered(client.get("/v1/matters/" + quote(code, safe=""), params={"on": on}), "http matter")
    answered(client.post("/v1/notices", params={"kind": kind, "as_of": on}, json=EXAMPLE), "http notices query")
