"""docs/legal-mapping.md's verified table: every shipped citation has its row, equal to the data, marked
verified (with where) or unverified (with why) — an unverified citation is never presented as verified."""

import importlib.util
import tomllib
from pathlib import Path

import pytest

import govrules
from govrules.loading.reader import read_document, ruleset_files
from govrules.models.sources import PRACTICES, sources

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
_spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "tools" / "generate_docs.py")
generate_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_docs)
BASIS = tomllib.loads((ROOT / "src" / "govrules" / "models" / "sources.toml").read_text(encoding="utf-8"))["citations"]


def table_rows() -> list[dict[str, str]]:
    """The verified table as printed in docs/legal-mapping.md (cells un-escaped)."""
    page = (ROOT / "docs" / "legal-mapping.md").read_text(encoding="utf-8")
    section = page.split(generate_docs.VERIFIED_HEADING, 1)[1]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    split = lambda line: [c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")]  # noqa: E731
    head = split(lines[0])
    return [dict(zip(head, split(line))) for line in lines[2:]]


ROWS = table_rows()
BY_KEY = {r["key"]: r for r in ROWS if r["key"] != "(free text)"}


def _shipped_cited():
    for path in ruleset_files(govrules.SHIPPED_RULESETS):
        raw = read_document(path)
        for key, c in raw.get("policy", {}).get("cited", {}).items():
            yield path, key, c
        for m in raw.get("matters", []):
            for entry in m.get("legal_basis", ()) or ():
                yield path, entry, None


def test_every_basis_citation_equals_its_row() -> None:
    for key, c in BASIS.items():
        row = BY_KEY[f"`{key}`"]
        assert row["kind"] == c["kind"]
        assert row["source"] == c["source"] + (f"（{c['number']}）" if c.get("number") else "")
        assert row["article"] == c.get("article", "")
        assert row["in force from"] == str(c.get("in_force_from", ""))
        assert row["verified"] == ("yes" if c.get("verified") else "no")
        assert row["where verified / why not"] == c.get("checked", "")


def test_every_shipped_ruleset_citation_equals_its_row() -> None:
    free = {r["source"] for r in ROWS if r["key"] == "(free text)"}
    seen = 0
    for path, key, c in _shipped_cited():
        if c is None:  # a legal_basis entry: a key of a cited source, or free text with its own row
            assert key in BASIS or f"`policy.cited.{key}`" in BY_KEY or key in free, (path, key)
            continue
        row = BY_KEY[f"`policy.cited.{key}`"]
        assert row["source"] == c["title"] + (f"（{c['number']}）" if c.get("number") else "")
        assert row["article"] == c.get("article", "") and row["in force from"] == str(c["in_force_from"])
        assert row["verified"] == ("yes" if c.get("verified") else "no"), (path, key)
        assert row["where verified / why not"] == c.get("checked", ""), (path, key)
        assert f"`rulesets/{path.relative_to(govrules.SHIPPED_RULESETS).as_posix()}`" in row["cited by"]
        seen += 1
    assert seen >= 20


def test_every_row_is_marked_verified_with_where_or_unverified_with_why() -> None:
    assert len(ROWS) >= len(BASIS)
    for r in ROWS:
        assert r["verified"] in ("yes", "no"), r
        assert r["where verified / why not"].strip(), f"{r['key']} says neither where it was verified nor why not"
        if r["verified"] == "yes":
            assert "from knowledge" not in r["where verified / why not"].split(";")[0], r


def test_legal_sources_carry_their_in_force_date_and_reports_their_practice() -> None:
    for key, info in sources().items():
        if info.citation.applicant_citable:
            assert info.in_force_from is not None, key
            assert info.earlier is None or info.earlier in BASIS, key
        else:
            assert info.practice in PRACTICES, key
            assert all(sources()[a].citation.applicant_citable for a in info.applies), key


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed reports are not beside this checkout")
def test_every_seed_quote_is_verbatim_in_its_report() -> None:
    for key, c in BASIS.items():
        if c["kind"] == "seed":
            assert c["quote"] in (SEEDS / c["source"]).read_text(encoding="utf-8"), key
