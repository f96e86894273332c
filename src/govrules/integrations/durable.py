"""A govrules ruleset inside a durable-rules host, for systems already built on durable-rules
(the ``durable`` extra: ``pip install ".[durable]"`` in the govrules checkout).

An application is *posted as an event* ``{"kind": "govrules.application", "application": {...}}``; the
adapter's rule decides it with ``govrules.decide`` and *asserts the decision as a fact*
``{"kind": "govrules.decision", "application_id", "outcome", "decision": <Decision JSON>}`` (or a
``govrules.error`` fact naming the code and the field), so the host's own rules in the same ruleset can
react to it (``m.kind == "govrules.decision"`` and ``m.outcome == "accepted"`` …). ``post`` returns the
typed ``Decision`` as well. As everywhere in durable-rules, a fact that no rule of the ruleset can match
is not kept (its Rete network has nowhere to put it), so ``facts()`` lists only what the host's rules
look at.

Why optional and not the core (docs/integrations.md): durable-rules keeps rulesets in a process-global
registry, its matcher is a native extension built from source on install, its last release (2.0.28) is
from 2020, and its default host runs timer threads that can take an action away from the ``post`` that
triggered it. govrules' own pipeline is plain Python with no global state; this adapter only wraps it.
The host made here starts no timer thread (every action runs inside ``post``, on the caller's thread);
pass ``host=`` to register on a host of your own instead.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import json
from typing import Any, Callable

from ..engine.decide import check_calendar, decide
from ..errors import GovRulesError, InvalidInputError, MissingDependencyError
from ..models.decision import Decision

APPLICATION, DECISION, ERROR = "govrules.application", "govrules.decision", "govrules.error"


def _durable() -> tuple[Any, Any]:
    try:
        from durable import engine, lang
    except ImportError:
        raise MissingDependencyError("the durable-rules adapter", "durable-rules", "durable") from None
    return engine, lang


class DurableAdapter:
    """One govrules ruleset registered as one durable-rules ruleset.

    ``extra_rules(lang)`` may declare more rules inside the same ``with ruleset(...)`` block (they see
    the decision facts); ``as_of`` is passed to every decision.
    """

    _names = itertools.count()  # durable's registry is global: every adapter gets a fresh ruleset name

    def __init__(self, ruleset: Any, calendar: Any = None, *, name: str | None = None, host: Any = None,
                 as_of: _dt.date | None = None, extra_rules: Callable[[Any], None] | None = None) -> None:
        engine, lang = _durable()
        self.ruleset, self.calendar, self.as_of = ruleset, check_calendar(calendar), as_of
        self.name = name or f"govrules_{next(self._names)}"
        self._decided: dict[str, Decision | GovRulesError] = {}
        self._posts = itertools.count()

        with lang.ruleset(self.name):
            @lang.when_all(lang.m.kind == APPLICATION)
            def decide_application(c: Any) -> None:
                self._decide_in_host(c)

            if extra_rules is not None:
                extra_rules(lang)
        full_name, definition = lang._rulesets.pop(self.name).define()  # out of the global registry
        self.host = host if host is not None else _quiet_host(engine)
        self.host.register_rulesets({full_name: definition})

    # ---- inside the host ------------------------------------------------------------------------
    def _decide_in_host(self, c: Any) -> None:
        message = c.m._d
        app = message["application"]
        app_id = app.get("id") if isinstance(app, dict) else None
        try:
            result: Decision | GovRulesError = decide(app, ruleset=self.ruleset, calendar=self.calendar,
                                                      as_of=self.as_of)
        except GovRulesError as exc:
            result = exc
        self._decided[message["id"]] = result
        c.assert_fact(_fact(message["id"], app_id, result))

    # ---- the caller's side ----------------------------------------------------------------------
    def post(self, application: Any) -> Decision:
        """Post one application as an event; returns its Decision (raises its ``GovRulesError``)."""
        if not isinstance(application, dict):
            raise InvalidInputError("invalid_value", "application", type(application).__name__,
                                    "a mapping (a durable-rules event is JSON)")
        event_id = f"{self.name}:{next(self._posts)}"
        self.host.post(self.name, {"id": event_id, "kind": APPLICATION, "application": application})
        result = self._decided.pop(event_id)  # the action ran inside post: no timer thread took it
        if isinstance(result, GovRulesError):
            raise result
        return result

    def facts(self) -> list[dict[str, Any]]:
        """The decision and error facts asserted so far (and any the host's own rules asserted)."""
        return self.host.get_facts(self.name)

    def clear(self) -> None:
        """Forget every fact of the session (durable keeps facts until they are retracted)."""
        self.host.delete_state(self.name, None)


def _fact(event_id: str, app_id: Any, result: Decision | GovRulesError) -> dict[str, Any]:
    if isinstance(result, GovRulesError):
        return {"id": f"{event_id}:error", "kind": ERROR, "application_id": app_id, "code": result.code,
                "field": getattr(result, "field", None), "message": str(result)}
    return {"id": f"{event_id}:decision", "kind": DECISION, "application_id": result.application_id,
            "outcome": result.outcome.value, "decision": json.loads(result.model_dump_json())}


def _quiet_host(engine: Any) -> Any:
    class QuietHost(engine.Host):
        """durable's Host without its two self-re-arming timer threads (``Host._run``): with them, the
        0.2 s dispatcher can run an action on its own thread, and ``post`` then returns without it."""

        def _run(self) -> None:
            pass

    return QuietHost()


__all__ = ["APPLICATION", "DECISION", "ERROR", "DurableAdapter"]
