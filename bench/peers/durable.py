"""durable-rules (``pip install durable-rules``, ``from durable.lang import *``).

The application is *posted as an event* to a ruleset; exactly one rule fires on it and its action records
the summary (by the event's ``id``), which ``decide`` reads back once ``post`` has returned. The rules
are written with the ``durable.lang`` DSL (``with ruleset(...)``, ``@when_all(...)``, ``m.x == ...``,
``m.list.anyItem(item.id == ...)``, ``pri(n)``), one per outcome, in salience order (lower ``pri`` first;
an event is consumed by the first rule that fires on it):

1. ``pri(1)`` not jurisdiction: ``m.authority_id != <authority>``;
2. ``pri(2)`` accepted: every required material and every effective prerequisite is there
   (``anyItem`` per id);
3. ``pri(3)`` accepted with tolerance: every main material and prerequisite is there (so only tolerable
   secondary ones can be missing), the commitment is signed and the credit is not a denying one;
4. ``pri(4)`` correction required: in jurisdiction (anything else).

The *which items* part is the actions' Python code (sets over the posted message), as durable-rules'
condition language has no way to compute a list: its conditions only match. The batch path is
``post_batch`` (all the events asserted in one call; every action runs before it returns, in salience
order rather than event order, hence the summaries are collected by event id — the applications of one
batch must have distinct ids). Recording into the session state instead (``c.s.outcome = ...``, read
from what ``post`` returns) measured the same speed.

Caveats found (durable-rules 2.0.28):

* **Background timer threads.** ``durable.lang.get_host()`` (what ``post``/``assert_fact`` at module level
  use) creates ``durable.engine.Host``, whose ``__init__`` calls ``Host._run()``: it starts two
  self-re-arming ``threading.Timer`` chains, ``dispatch_ruleset`` (every 0.2 s calls
  ``Ruleset.dispatch()`` → ``durable_rules_engine.start_action`` and runs *any* pending action on the
  timer thread) and ``dispatch_timers`` (rule timers). A synchronous ``post`` asserts the event and then
  asks ``start_action_for_state`` for the action to run; when the background dispatcher has already
  taken that action, ``post`` finds none and returns ``None`` while the action runs (later) on the timer
  thread — the decision is dropped from the caller's point of view. Measured on this peer with the stock
  ``Host``: 0 of 100,000 posts at Python's default GIL switch interval (the window is a few bytecodes
  per post), but 27 of 60,000 with ``sys.setswitchinterval(1e-6)``; with the host below, 0 of 60,000
  either way. The timer threads also take the GIL 10 times a second, which is noise in a benchmark.
  Nothing here uses rule timers, so the peer makes its own host from a subclass whose ``_run`` does
  nothing (no thread is started; every action runs inside ``post`` on the caller's thread) instead of
  ``get_host()``. The ruleset is defined
  with the usual DSL and taken out of ``durable.lang``'s global registry (``_rulesets``) before
  ``get_host()`` could pick it up.
* **Global registry, unique names.** ``with ruleset(name)`` registers into a module-global dict, and a
  host refuses a second ruleset of the same name: each built engine uses a fresh name.
* **``allItems`` on an empty list never matches** (no vacuous truth), so "X is missing" cannot be written
  ``m.materials.allItems(item.id != X)`` — an application with no materials or no prerequisites would
  match no rule and ``post`` raises ``MessageNotHandledException``. The rules are therefore written
  positively (``anyItem``) with salience, and the last rule is a catch-all.
* Every ``post`` round-trips the message, the matched message and the session state through JSON
  (``json.dumps`` → Rust → ``json.loads``), which is most of its cost.
"""

from __future__ import annotations

import itertools
from typing import Any

from durable import engine as _engine
from durable import lang as _lang
from durable.lang import item, m, pri, ruleset, when_all

LIBRARY = "durable"
NAME = "durable-rules"

Summary = tuple[str, tuple[str, ...]]
_names = itertools.count()


class _QuietHost(_engine.Host):
    """A ``durable.engine.Host`` that starts no background timer threads (see the module docstring)."""

    def _run(self) -> None:  # Host.__init__ calls this to start dispatch_ruleset / dispatch_timers
        pass


def _all_present(field, ids, attr=None):
    """``m.<field>.anyItem(item[.attr] == id)`` for every id, and-ed (True-ish when ids is empty)."""
    conds = [getattr(m, field).anyItem((getattr(item, attr) if attr else item) == x) for x in ids]
    out = conds[0]
    for c in conds[1:]:
        out = out & c
    return out


class DurableEngine:
    def __init__(self, ref: Any) -> None:
        self.ruleset_name = name = f"govrules_bench_reference_{next(_names)}"
        required, secondary = frozenset(ref.required), frozenset(ref.secondary_tolerable)
        prerequisites = tuple(ref.prerequisites)
        in_jurisdiction = m.authority_id == ref.authority_id
        materials_there = _all_present("materials", ref.required, "id")
        main_there = _all_present("materials", ref.main, "id")
        prereqs = _all_present("obtained_prerequisites", prerequisites) if prerequisites else None

        def also(cond, *more):
            for x in more:
                if x is not None:
                    cond = cond & x
            return cond

        tolerance = also(in_jurisdiction, main_there, prereqs, m.tolerance_commitment_signed == True)  # noqa: E712
        for credit in ref.deny_if_credit:
            tolerance = tolerance & (m.applicant.credit != credit)

        results = self._results = {}

        def record(c, outcome, items):  # the actions' common tail: the summary, by the event's id
            results[c.m._d["id"]] = (outcome, items)

        with ruleset(name):
            @when_all(pri(1), m.authority_id != ref.authority_id)
            def not_jurisdiction(c):
                record(c, "not_jurisdiction", ())

            @when_all(pri(2), also(in_jurisdiction, materials_there, prereqs))
            def accepted(c):
                record(c, "accepted", ())

            @when_all(pri(3), tolerance)
            def accepted_with_tolerance(c):
                missing = secondary.difference([x["id"] for x in c.m._d["materials"]])
                record(c, "accepted_with_tolerance", tuple(sorted(missing)))

            @when_all(pri(4), in_jurisdiction)
            def correction_required(c):
                app = c.m._d
                missing = required.difference([x["id"] for x in app["materials"]])
                obtained = app["obtained_prerequisites"]
                items = [*missing, *("prerequisite:" + p for p in prerequisites if p not in obtained)]
                record(c, "correction_required", tuple(sorted(items)))

        # take the definition out of durable.lang's global registry and register it on our own host
        full_name, definition = _lang._rulesets.pop(name).define()
        self.host = _QuietHost()
        self.host.register_rulesets({full_name: definition})

    def decide(self, app: dict[str, Any]) -> Summary:
        self.host.post(self.ruleset_name, app)
        return self._results.pop(app["id"])  # KeyError: no rule fired inside post (see the docstring)

    def decide_batch(self, apps: list[dict[str, Any]]) -> list[Summary]:
        # post_batch asserts every event at once and runs all the actions before it returns, in salience
        # order rather than event order: the summaries are collected by event id
        self.host.post_batch(self.ruleset_name, apps)
        pop = self._results.pop
        return [pop(a["id"]) for a in apps]

    def close(self) -> None:
        try:
            self.host.delete_state(self.ruleset_name, None)
        except Exception:
            pass
        self.host = None


def build(ref: Any) -> DurableEngine:
    return DurableEngine(ref)
