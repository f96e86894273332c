"""``govrules schema``: the JSON Schema of ruleset files, for editors."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..loading.schema import ruleset_json_schema
from .shared import EXIT_OK


def arguments(sub: Any) -> None:
    sub.add_parser("schema", help="print the JSON Schema of ruleset files").set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(ruleset_json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK
