"""Every endpoint of the HTTP service (api.md "HTTP service"), over real HTTP against ``govrules serve``;
and every class of error: the status, the error body, the headers."""

from __future__ import annotations

import copy
import datetime as dt
import json
import subprocess
import sys
import time

import pytest

httpx = pytest.importorskip("httpx", reason="httpx is not installed (the test extra includes it)")
pytest.importorskip("fastapi", reason="the server extra is not installed (pip install '.[server]')")

import govrules  # noqa: E402
from govrules.examples import catalogue  # noqa: E402
from govrules.loading.schema import SCHEMAS  # noqa: E402
from govrules.server import CALENDAR_HEADER, RULESET_HEADER  # noqa: E402
from govrules.server.schemas import ErrorBody, Health  # noqa: E402
from live import MAX_BATCH, MAX_BODY, ROOT  # noqa: E402

LIBRARY = govrules.load_ruleset(govrules.SHIPPED_RULESETS)
CALENDAR = govrules.china_calendar()
EXAMPLES = catalogue()
CORRECTION = next(e for e in EXAMPLES if e.file == "construction_permit_correction.json").application()
ACCEPTED = next(e for e in EXAMPLES if e.file == "construction_permit_accepted.json").application()


def decided(app: dict, as_of=None) -> govrules.Decision:
    return govrules.decide(app, ruleset=LIBRARY, calendar=CALENDAR, as_of=as_of)


def entry(d: govrules.Decision) -> str:
    return f"{d.trace.ruleset_id} {d.trace.ruleset_version} {d.trace.ruleset_hash}"


def failed(r: httpx.Response, status: int, code: str) -> dict:
    """The response is the error body of api.md with this status and code; returns the error object."""
    assert r.status_code == status, (r.status_code, r.text[:500])
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    ErrorBody.model_validate(body)
    error = body["error"]
    assert error["code"] == code, error
    assert set(error) >= {"code", "path", "value", "expected", "problems"}
    assert error["problems"][0] == {k: v for k, v in error.items() if k != "problems"}
    assert "Traceback" not in r.text
    assert r.headers[CALENDAR_HEADER] == CALENDAR.version
    return error


# ---- the endpoints ------------------------------------------------------------------------------------
def test_healthz_names_what_it_serves(client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    health = Health.model_validate(r.json())
    assert health.calendar == CALENDAR.version == r.headers[CALENDAR_HEADER]
    assert {(x.id, x.version) for x in health.rulesets} >= {("cn.demo.district", "2022-01"),
                                                             ("cn.demo.district", "2021-01")}
    assert health.limits.max_body_bytes == MAX_BODY and health.limits.max_batch == MAX_BATCH
    listed = r.headers[RULESET_HEADER].split(", ")
    assert listed == [f"{x.id} {x.version} {x.hash}" for x in health.rulesets]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.file)
def test_decide_is_decide_byte_for_byte(client, example) -> None:
    app = example.application()
    r = client.post("/v1/decide", json=app)
    assert r.status_code == 200, r.text[:500]
    d = decided(app)
    assert r.content == d.model_dump_json().encode("utf-8")
    assert r.headers[RULESET_HEADER] == entry(d)
    assert r.headers[CALENDAR_HEADER] == d.trace.calendar_version
    assert r.headers["content-type"] == "application/json"


def test_decide_as_of(client) -> None:
    r = client.post("/v1/decide", params={"as_of": "2025-10-01"}, json=ACCEPTED)
    assert r.content == decided(ACCEPTED, as_of=dt.date.fromisoformat("2025-10-01")).model_dump_json().encode()
    failed(client.post("/v1/decide", params={"as_of": "2025-10-1"}, json=ACCEPTED), 422, "invalid_value")


def test_batch_keeps_order_and_bytes(client) -> None:
    bad = {"id": 1}
    apps = [CORRECTION, bad, ACCEPTED]
    r = client.post("/v1/decide/batch", json={"applications": apps})
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["index"] for x in results] == [0, 1, 2]
    for i in (0, 2):
        text = decided(apps[i]).model_dump_json()
        assert text.encode() in r.content  # the decision's own bytes, embedded as they are
        assert results[i]["decision"] == json.loads(text)
    assert results[1]["error"]["code"] == "invalid_value" and results[1]["error"]["path"] == "application.id"
    assert r.headers[RULESET_HEADER] == entry(decided(CORRECTION))  # the one version used, once


def test_batch_shape(client) -> None:
    failed(client.post("/v1/decide/batch", json=[CORRECTION]), 422, "invalid_value")
    failed(client.post("/v1/decide/batch", json={"applications": [], "extra": 1}), 422, "invalid_value")
    assert client.post("/v1/decide/batch", json={"applications": []}).json() == {"results": []}


def test_notices(client) -> None:
    r = client.post("/v1/notices", json=CORRECTION)
    assert r.status_code == 200
    body = r.json()
    assert body["outcome"] == "correction_required"
    (notice,) = body["notices"]
    assert notice["kind"] == "correction" and notice["application_id"] == CORRECTION["id"]
    expected = govrules.notices.notices_for(decided(CORRECTION), ruleset=LIBRARY, application=CORRECTION)[0]
    assert notice["text"] == expected.text
    assert r.headers[RULESET_HEADER] == entry(decided(CORRECTION))
    r = client.post("/v1/notices", params={"kind": "correction"}, json=CORRECTION)
    assert r.json()["notices"][0]["kind"] == "correction"
    failed(client.post("/v1/notices", params={"kind": "acceptance"}, json=CORRECTION), 422, "notice_not_applicable")
    failed(client.post("/v1/notices", params={"kind": "memo"}, json=CORRECTION), 422, "invalid_value")


def test_replay(client) -> None:
    recorded = decided(CORRECTION).model_dump_json()
    for form in (json.loads(recorded), recorded):
        r = client.post("/v1/replay", json={"recorded": form, "application": CORRECTION})
        assert r.status_code == 200, r.text
        assert r.json()["reproduced"] is True and r.json()["outcome"] == "correction_required"
    tampered = json.loads(recorded) | {"correction_deadline": "2025-10-11"}
    error = failed(client.post("/v1/replay", json={"recorded": tampered, "application": CORRECTION}), 409,
                   "different_decision")
    assert error["fields"] == ["correction_deadline"]
    other = json.loads(recorded)
    other["trace"]["ruleset_hash"] = "sha256:0000000000000000"
    failed(client.post("/v1/replay", json={"recorded": other, "application": CORRECTION}), 409, "ruleset_hash_mismatch")
    failed(client.post("/v1/replay", json={"recorded": 5, "application": CORRECTION}), 422, "invalid_value")
    failed(client.post("/v1/replay", json={"recorded": recorded}), 422, "invalid_value")


def test_matters(client) -> None:
    r = client.get("/v1/matters")
    assert r.status_code == 200
    matters = r.json()["matters"]
    assert ("CONSTR", "cn.demo.district", "2022-01") in {(m["code"], m["ruleset"]["id"], m["ruleset"]["version"])
                                                         for m in matters}
    on = client.get("/v1/matters", params={"on": "2025-10-01"}).json()["matters"]
    assert {m["ruleset"]["version"] for m in on if m["ruleset"]["id"] == "cn.demo.district"} == {"2022-01"}
    only = client.get("/v1/matters", params={"ruleset": "cn.demo.district.instant"}).json()["matters"]
    assert only and {m["ruleset"]["id"] for m in only} == {"cn.demo.district.instant"}
    failed(client.get("/v1/matters", params={"ruleset": "cn.nowhere"}), 422, "unknown_ruleset")
    failed(client.get("/v1/matters", params={"on": "yesterday"}), 422, "invalid_value")


def test_one_matter(client) -> None:
    r = client.get("/v1/matters/CONSTR")
    assert r.status_code == 200
    body = r.json()
    rs = LIBRARY.get("cn.demo.district", dt.date.fromisoformat("2025-10-01"))
    assert body["ruleset"]["hash"] == rs.content_hash == r.headers[RULESET_HEADER].split()[-1]
    assert body["matter"] == rs.matters_by_code["CONSTR"].model_dump(mode="json")
    old = client.get("/v1/matters/CONSTR", params={"on": "2021-06-01"}).json()
    assert old["ruleset"]["version"] == "2021-01"
    error = failed(client.get("/v1/matters/NO-SUCH-MATTER"), 404, "no_ruleset_for_matter")
    assert error["value"] == "NO-SUCH-MATTER"
    failed(client.get("/v1/matters/CONSTR", params={"on": "2001-01-01"}), 422, "no_ruleset_in_force")


def test_add_working_days(client) -> None:
    r = client.get("/v1/calendar/add-working-days", params={"start": "2025-09-26", "n": "5"})
    assert r.status_code == 200
    assert r.json() == {"start": "2025-09-26", "n": 5, "result": "2025-10-10", "unit": "working_days",
                        "excluded": [], "provisional": False}
    r = client.get("/v1/calendar/add-working-days",
                   params=[("start", "2025-09-26"), ("n", "5"), ("exclude", "2025-10-09..2025-10-10")])
    d = dt.date.fromisoformat
    assert r.json()["result"] == str(CALENDAR.add_working_days(d("2025-09-26"), 5,
                                                               excluded=[(d("2025-10-09"), d("2025-10-10"))]))
    for params, code in [({"start": "2025-09-26", "n": "5.0"}, "invalid_value"),
                         ({"start": "2025-02-30", "n": "5"}, "invalid_value"),
                         ({"start": "2025-09-26", "n": "1" * 12}, "invalid_value"),
                         ({"start": "2025-09-26"}, "missing_field"),
                         ({"start": "2025-09-26", "n": "5", "exclude": "2025-10-10..2025-10-09"}, "invalid_value")]:
        failed(client.get("/v1/calendar/add-working-days", params=params), 422, code)
    error = failed(client.get("/v1/calendar/add-working-days", params={"start": "2026-12-28", "n": "5"}), 422,
                   "calendar_unavailable")
    assert error["year"] == 2027


def test_month(client) -> None:
    r = client.get("/v1/calendar/month/2025-10")
    assert r.status_code == 200
    days = r.json()["days"]
    assert len(days) == 31 and days[0] == {"date": "2025-10-01", "kind": "rest_day", "name": days[0]["name"],
                                           "source": "2025", "provisional": False}
    assert [x["date"] for x in days if x["kind"] == "makeup_working_day"] == ["2025-10-11"]
    for bad in ("2025-13", "2025-1", "25-10", "2025-10-01"):
        failed(client.get(f"/v1/calendar/month/{bad}"), 422, "invalid_value")
    assert failed(client.get("/v1/calendar/month/2027-01"), 422, "calendar_unavailable")["year"] == 2027


def test_schemas(client) -> None:
    for kind, make in SCHEMAS.items():  # what `govrules schema KIND` prints
        assert client.get(f"/v1/schema/{kind}").json() == json.loads(json.dumps(make())), kind
    failed(client.get("/v1/schema/notice"), 404, "not_found")


def test_openapi_and_docs(client) -> None:
    r = client.get("/openapi.json")
    assert r.status_code == 200
    assert r.json() == json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger" in page.text.lower()


# ---- every class of error -----------------------------------------------------------------------------
def test_malformed_json(client) -> None:
    for body in (b"not json", b'{"id": ', "{}".encode("utf-16"), b'{"id": NaN}', b"\xff\xfe", b""):
        failed(client.post("/v1/decide", content=body, headers={"content-type": "application/json"}), 400,
               "invalid_json")
    failed(client.post("/v1/decide/batch", content=b"[1,"), 400, "invalid_json")
    failed(client.post("/v1/replay", content=b"{"), 400, "invalid_json")
    failed(client.post("/v1/notices", content=b"1e99999x"), 400, "invalid_json")
    failed(client.post("/v1/decide", content=b"1" * 5000), 400, "invalid_json")  # an int over 4300 digits


def test_wrong_types_name_every_problem(client) -> None:
    app = copy.deepcopy(CORRECTION) | {"id": 7, "submitted_on": "2025-9-26"}
    app["materials"][0]["status"] = True
    error = failed(client.post("/v1/decide", json=app), 422, "invalid_value")
    assert error["path"] == "application.id" and error["value"] == 7
    assert {"application.id", "application.submitted_on"} <= {p["path"] for p in error["problems"]}
    failed(client.post("/v1/decide", json=[CORRECTION]), 422, "invalid_value")
    failed(client.post("/v1/decide", json=CORRECTION | {"colour": "blue"}), 422, "unknown_field")


def test_unknown_matter(client) -> None:
    error = failed(client.post("/v1/decide", json=CORRECTION | {"matter_code": "NO-SUCH"}), 422, "no_ruleset_for_matter")
    assert error["path"] == "application.matter_code" and error["value"] == "NO-SUCH"


def test_uncovered_year_is_422_with_the_year(client) -> None:
    app = copy.deepcopy(CORRECTION) | {"submitted_on": "2026-12-28"}
    app["events"][0]["on"] = "2026-12-28"
    error = failed(client.post("/v1/decide", json=app), 422, "calendar_unavailable")
    assert error["year"] == 2027 and error["problems"][0]["year"] == 2027
    results = client.post("/v1/decide/batch", json={"applications": [app]}).json()["results"]
    assert results[0]["error"]["year"] == 2027


def test_oversized_body_is_413(client) -> None:
    big = b" " * (MAX_BODY + 1)
    error = failed(client.post("/v1/decide", content=big), 413, "body_too_large")
    assert error["value"] == MAX_BODY + 1
    chunks = (b" " * 65536 for _ in range(MAX_BODY // 65536 + 2))  # no Content-Length: counted as it arrives
    failed(client.post("/v1/decide/batch", content=chunks), 413, "body_too_large")
    assert client.get("/healthz").status_code == 200
    at_limit = json.dumps(CORRECTION).encode().ljust(MAX_BODY)  # whitespace after the value is JSON too
    assert client.post("/v1/decide", content=at_limit).status_code == 200


def test_too_big_a_batch_is_422(client) -> None:
    error = failed(client.post("/v1/decide/batch", json={"applications": [CORRECTION] * (MAX_BATCH + 1)}), 422,
                   "batch_too_large")
    assert error["value"] == MAX_BATCH + 1
    assert client.post("/v1/decide/batch", json={"applications": [CORRECTION] * MAX_BATCH}).status_code == 200


def test_unknown_path_and_method(client) -> None:
    failed(client.get("/v1/nothing-here"), 404, "not_found")
    error = failed(client.delete("/v1/decide"), 405, "method_not_allowed")
    assert "POST" in error["expected"]


def test_time_limit_is_503_never_a_hang(hasty_server) -> None:
    with httpx.Client(base_url=hasty_server.url, timeout=30) as c:
        for _ in range(3):
            started = time.monotonic()
            r = c.post("/v1/decide/batch", json={"applications": [CORRECTION] * 200})
            assert time.monotonic() - started < 5
            error = failed(r, 503, "time_limit_exceeded")
            assert error["value"] == 0.0005 and r.headers["retry-after"] == "1"
        assert c.get("/healthz").status_code == 200  # the abandoned work does not hold the service
        assert "Traceback" not in hasty_server.output()


def test_serve_without_the_extra_says_what_to_install() -> None:
    code = ("import sys; sys.modules['fastapi'] = None\n"
            "from govrules.cli import main\n"
            "sys.exit(main(['serve', '--port', '1']))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2, p.stderr
    assert "[missing_dependency]" in p.stderr and "server" in p.stderr and "Traceback" not in p.stderr


def test_serve_refuses_bad_limits() -> None:
    p = subprocess.run([sys.executable, "-m", "govrules", "serve", "--time-limit", "0"], capture_output=True,
                       text=True, timeout=60)
    assert p.returncode == 2 and "time_limit" in p.stderr and "Traceback" not in p.stderr
