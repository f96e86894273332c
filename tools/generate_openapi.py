"""Write docs/openapi.json, the OpenAPI document of `govrules serve` (tests/server/test_openapi.py checks
it is fresh). Needs the server extra: python tools/generate_openapi.py"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def document() -> str:
    from govrules.server import create_app

    return json.dumps(create_app().openapi(), ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    (DOCS / "openapi.json").write_text(document(), encoding="utf-8")
    print("wrote docs/openapi.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
