"""Fixtures of the catalogue import tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue_paths import MATERIALS, MATTERS, make_sample_module


@pytest.fixture
def sample_xlsx(tmp_path: Path) -> Path:
    pytest.importorskip("openpyxl", reason="the catalogue extra (openpyxl) is not installed")
    return make_sample_module().make_workbook(MATTERS, MATERIALS, tmp_path / "sample.xlsx")
