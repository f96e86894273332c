"""Shared fixtures of the catalogue import tests: the sample list and an importer into a temp dir."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "catalogue"
MATTERS, MATERIALS = SAMPLE / "matters.csv", SAMPLE / "materials.csv"
BAD, BAD_MATERIALS = SAMPLE / "bad_rows.csv", SAMPLE / "bad_rows_materials.csv"
DAY = dt.date(2025, 1, 1)


def make_sample_module():
    """tools/make_sample_catalogue.py, loaded by path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_sample_catalogue", ROOT / "tools" / "make_sample_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sample_xlsx(tmp_path: Path) -> Path:
    pytest.importorskip("openpyxl", reason="the catalogue extra (openpyxl) is not installed")
    return make_sample_module().make_workbook(MATTERS, MATERIALS, tmp_path / "sample.xlsx")
