"""The JSON Schemas govrules publishes (``govrules schema application|ruleset|decision``): of ruleset files
and applications, for editors and for the platforms that send applications, and of the Decision that
comes back (``docs/decision.schema.json``). Each is generated from the types that validate or build
the document, so it cannot drift from them; every field's docstring is its description."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable, Mapping

from ..models.application import Application
from ..models.decision import Decision
from ..models.ruleset import Ruleset

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def ruleset_json_schema() -> dict[str, Any]:
    schema = Ruleset.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = DRAFT
    schema["title"] = "govrules ruleset file"
    schema.setdefault("properties", {})["extends"] = {
        "type": "array", "items": {"type": "string"}, "description": "parent ruleset ids (spec §4a)"}
    return schema


def application_json_schema() -> dict[str, Any]:
    """An application as ``decide()`` reads it (spec §3, §3a), each event type with an example."""
    schema = Application.model_json_schema(by_alias=True, mode="validation")
    return {"$schema": DRAFT, **schema, "title": "govrules application"}


def decision_json_schema() -> dict[str, Any]:
    """The Decision's JSON, as ``Decision.model_json_schema()`` gives it (``docs/decision.schema.json``)."""
    return Decision.model_json_schema()


#: The published schemas by name, the ruleset's first (``govrules schema`` alone prints it).
SCHEMAS: Mapping[str, Callable[[], dict[str, Any]]] = MappingProxyType({
    "ruleset": ruleset_json_schema, "application": application_json_schema, "decision": decision_json_schema,
})


def json_schema(kind: str) -> dict[str, Any]:
    """The schema named ``kind``: ``application``, ``ruleset`` or ``decision``."""
    return SCHEMAS[kind]()
