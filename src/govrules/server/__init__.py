"""``govrules serve``: the HTTP JSON API of api.md ("HTTP service"), behind the ``server`` extra
(FastAPI + uvicorn; docs/server.md).

    from govrules.server import create_app
    app = create_app(ruleset=govrules.load_ruleset(govrules.SHIPPED_RULESETS), calendar=govrules.china_calendar())

``service.py`` answers each endpoint without HTTP (pure functions of the loaded ruleset and calendar);
``app.py`` is the FastAPI app around it (body and time limits, errors, headers, the OpenAPI document);
``problems.py`` the error bodies; ``schemas.py`` the answers' shapes.
"""

from __future__ import annotations

from ..errors import MissingDependencyError

try:
    import fastapi  # noqa: F401
except ImportError:  # pragma: no cover - the extra is installed with the test extra
    raise MissingDependencyError("the HTTP service (govrules serve)", "fastapi", "server") from None

from .app import CALENDAR_HEADER, RULESET_HEADER, create_app  # noqa: E402
from .service import Limits, Service  # noqa: E402

__all__ = ["CALENDAR_HEADER", "Limits", "RULESET_HEADER", "Service", "create_app"]
