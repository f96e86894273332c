"""``govrules serve``: the HTTP JSON API (docs/server.md), on uvicorn; needs the ``server`` extra."""

from __future__ import annotations

import argparse
from typing import Any

from ..errors import MissingDependencyError
from .shared import EXIT_OK, calendar_arg, ruleset_arg


def arguments(sub: Any) -> None:
    s = sub.add_parser("serve", help="serve the HTTP JSON API (the server extra: FastAPI + uvicorn)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--ruleset", default="shipped", help="ruleset file or directory (default: the shipped ones)")
    s.add_argument("--overlay", action="append", default=[], help="calendar overlay file; repeatable")
    s.add_argument("--max-body-bytes", type=int, default=4 * 1024 * 1024,
                   help="larger request bodies are refused with 413 (default 4 MiB)")
    s.add_argument("--max-batch", type=int, default=1000,
                   help="more applications in one batch are refused with 422 (default 1000)")
    s.add_argument("--time-limit", type=float, default=10.0,
                   help="seconds a request may take; past it, 503 (default 10)")
    s.add_argument("--threads", type=int, default=4, help="worker threads that decide (default 4)")
    s.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info")
    s.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..server import create_app  # MissingDependencyError without the extra

    try:
        import uvicorn
    except ImportError:
        raise MissingDependencyError("the HTTP service (govrules serve)", "uvicorn", "server") from None
    app = create_app(ruleset_arg(args.ruleset), calendar_arg(args.overlay, False),
                     max_body_bytes=args.max_body_bytes, max_batch=args.max_batch, time_limit=args.time_limit,
                     threads=args.threads)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, server_header=False)
    return EXIT_OK
