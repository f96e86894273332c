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
