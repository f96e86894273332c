"""``govrules schema [application|ruleset|decision]``: a published JSON Schema (draft 2020-12) — of
ruleset files (the default, for editors), of applications, or of the Decision."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..loading.schema import SCHEMAS, json_schema
from .shared import EXIT_OK


def arguments(sub: Any) -> None:
    sp = sub.add_parser("schema", help="print a JSON Schema: of ruleset files (default), applications or decisions")
    sp.add_argument("kind", nargs="?", default="ruleset", choices=sorted(SCHEMAS),
                    help="which document: ruleset (a ruleset file, the default), application or decision")
    sp.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2))
    return EXIT_OK
