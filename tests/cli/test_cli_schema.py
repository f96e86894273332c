"""``govrules schema application|ruleset|decision`` (issue 16): the published JSON Schemas; ``govrules
schema`` alone is the ruleset's, as before."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import govrules
from govrules.cli import main
from govrules.examples import catalogue

ROOT = Path(__file__).resolve().parents[2]


def schema(capsys: pytest.CaptureFixture[str], *kind: str) -> dict:
    assert main(["schema", *kind]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def test_no_argument_is_the_ruleset_schema_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    alone = schema(capsys)
    assert alone == schema(capsys, "ruleset")
    assert alone["title"] == "govrules ruleset file" and "matters" in alone["properties"]


def test_the_decision_schema_is_the_published_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "decision"]) == 0
    out, _ = capsys.readouterr()
    assert out == (ROOT / "docs" / "decision.schema.json").read_text(encoding="utf-8")
    assert json.loads(out) == json.loads(json.dumps(govrules.Decision.model_json_schema()))


def test_the_application_schema_accepts_every_shipped_example_and_refuses_a_bad_one(
        capsys: pytest.CaptureFixture[str]) -> None:
    doc = schema(capsys, "application")
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["title"] == "govrules application"
    check = jsonschema.Draft202012Validator(doc)
    for example in catalogue():
        check.validate(example.application())
    bad = catalogue()[0].application()
    bad["channel"] = "fax"
    bad["surprise"] = 1
    assert len(list(check.iter_errors(bad))) == 2


def test_every_field_of_the_application_schema_is_described(capsys: pytest.CaptureFixture[str]) -> None:
    doc = schema(capsys, "application")
    for name, node in [("Application", doc)] + list(doc["$defs"].items()):
        for key, prop in node.get("properties", {}).items():
            assert prop.get("description") or "const" in prop, f"{name}.{key}"
    events = doc["properties"]["events"]["items"]["discriminator"]["mapping"]
    for ref in events.values():
        assert doc["$defs"][ref.rsplit("/", 1)[1]].get("examples"), ref


def test_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["schema", "notice"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
