"""Where the sample implementation list is, and the tool that makes its workbook (shared by the catalogue
tests; a module of its own name, since every test folder has a conftest)."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

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
