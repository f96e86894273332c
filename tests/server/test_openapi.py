"""The published OpenAPI document (docs/openapi.json) is the one the service serves: run
``python tools/generate_openapi.py`` after changing an endpoint."""

from __future__ import annotations

import importlib.util

import pytest

pytest.importorskip("fastapi", reason="the server extra is not installed (pip install '.[server]')")

from live import ROOT  # noqa: E402

_spec = importlib.util.spec_from_file_location("generate_openapi", ROOT / "tools" / "generate_openapi.py")
generate_openapi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_openapi)

ENDPOINTS = {
    ("post", "/v1/decide"), ("post", "/v1/decide/batch"), ("post", "/v1/notices"), ("post", "/v1/replay"),
    ("get", "/v1/matters"), ("get", "/v1/matters/{code}"), ("get", "/v1/calendar/add-working-days"),
    ("get", "/v1/calendar/month/{month}"), ("get", "/v1/schema/{kind}"), ("get", "/healthz"),
}


def test_published_document_is_fresh() -> None:
    on_disk = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert on_disk == generate_openapi.document(), "docs/openapi.json is stale: run python tools/generate_openapi.py"


def test_document_has_every_endpoint_of_api_md_and_only_those() -> None:
    import json

    doc = json.loads(generate_openapi.document())
    assert {(m, p) for p, ops in doc["paths"].items() for m in ops} == ENDPOINTS
    refs = {ref for ref in _refs(doc)}
    missing = {r.rsplit("/", 1)[1] for r in refs} - set(doc["components"]["schemas"])
    assert not missing, f"$refs without a schema: {missing}"
    assert "HTTPValidationError" not in doc["components"]["schemas"]  # errors are ours, documented as ErrorBody
    for path, ops in doc["paths"].items():
        for op in ops.values():
            ok = op["responses"]["200"]
            assert set(ok["headers"]) == {"Govrules-Ruleset", "Govrules-Calendar"}, path


def _refs(node):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref":
                yield v
            else:
                yield from _refs(v)
    elif isinstance(node, list):
        for v in node:
            yield from _refs(v)
