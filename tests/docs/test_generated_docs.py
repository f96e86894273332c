"""The generated reference pages match the data they describe (run tools/generate_docs.py to refresh)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "tools" / "generate_docs.py")
generate_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_docs)


@pytest.mark.parametrize("name", sorted(generate_docs.PAGES))
def test_generated_page_is_fresh(name: str) -> None:
    on_disk = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert on_disk == generate_docs.PAGES[name](), f"docs/{name} is stale: run python tools/generate_docs.py"


def test_every_rule_and_citation_is_in_the_legal_mapping() -> None:
    from govrules.rules.basis import rule_ids

    page = (ROOT / "docs" / "legal-mapping.md").read_text(encoding="utf-8")
    for rule in rule_ids():
        assert f"`{rule}`" in page


def _sections(page: str) -> dict[str, str]:
    """A generated page's sections by heading (``## Name`` and ``### `event```)."""
    out: dict[str, str] = {}
    title = ""
    for line in page.splitlines():
        if line.startswith(("## ", "### ")):
            title = line.split(" ", 1)[1]
            out[title] = ""
        elif title:
            out[title] += line + "\n"
    return out


def test_the_application_reference_shows_every_field_and_every_event_with_an_example() -> None:
    import json

    from govrules.models.application import EVENT_ORDER, Application, Event
    from pydantic import TypeAdapter

    sections = _sections((ROOT / "docs" / "application-reference.md").read_text(encoding="utf-8"))
    schema = Application.model_json_schema(by_alias=True)
    for name, node in [("Application (top level)", schema)] + list(schema["$defs"].items()):
        if "properties" not in node:
            continue
        kind = node["properties"].get("type", {}).get("const")
        text = sections[f"`{kind}`" if kind else name]
        for key in node["properties"]:
            assert f"| `{key}` |" in text, (name, key)
    for kind in EVENT_ORDER:
        text = sections[f"`{kind}`"]
        example = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
        assert example["type"] == kind
        TypeAdapter(Event).validate_python(example)


def test_the_decision_reference_shows_every_field_of_every_output() -> None:
    import msgspec

    import govrules.models.decision as decision

    sections = _sections((ROOT / "docs" / "decision-reference.md").read_text(encoding="utf-8"))
    for name in ("Decision", "States", "CorrectionTrack", "ToleranceTrack", "SimulatedTrack", "FeeTrack",
                 "StatusTrack", "RenewalTrack", "Finding", "Citation", "Trace"):
        for f in msgspec.structs.fields(getattr(decision, name)):
            row = next((line for line in sections[name].splitlines() if line.startswith(f"| `{f.name}` |")), None)
            assert row is not None, (name, f.name)
            assert row.rstrip(" |").rsplit("|", 1)[1].strip(), f"{name}.{f.name} has no description"


@pytest.mark.parametrize("name", ["ruleset-reference.md", "application-reference.md", "decision-reference.md"])
def test_defaults_are_written_out(name: str) -> None:
    for line in (ROOT / "docs" / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            assert "| see " not in line, line
