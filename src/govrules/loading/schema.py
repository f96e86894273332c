"""The JSON Schema of ruleset files, for editors (``govrules schema > ruleset.schema.json``)."""

from __future__ import annotations

from typing import Any

from ..models.ruleset import Ruleset


def ruleset_json_schema() -> dict[str, Any]:
    schema = Ruleset.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "govrules ruleset file"
    schema.setdefault("properties", {})["extends"] = {
        "type": "array", "items": {"type": "string"}, "description": "parent ruleset ids (spec §4a)"}
    return schema
