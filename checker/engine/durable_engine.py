"""The durable-rules adapter: the only module that imports ``durable``.

It follows reference/durable-rules.md: a quiet Host (no background dispatch threads, which race
with synchronous calls), the JSON ruleset form (never ``durable.lang`` or its global host), a fresh
ruleset name per engine (names cannot be re-registered), one sid per site, one fact per assert,
``delete_state`` in ``finally`` (at most 1024 live sids per ruleset), and action errors — which
durable stores in ``state["exception"]`` instead of raising — raised as ``EngineError``.

One more pitfall found here (2.0.28, CPython 3.11): ``delete_state`` segfaults for a sid whose
facts only partially matched multi-pattern rules and for which no action ever ran (no state
object exists yet). Every run therefore opens its sid with a fact that fires a no-op rule.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable, Sequence
from typing import Any

import durable_rules_engine
from durable import engine as durable
from durable.engine import MessageNotHandledException, MessageObservedException

from checker.catalogue.models import Item
from checker.engine.decisions import Decisions
from checker.engine.durable_compile import Action, Rule, compile_rules
from checker.engine.facts import PART_WIDE, Fact, sort_key

_ruleset_numbers = itertools.count(1)
#: One lock for every engine: the C extension keeps global state and never releases the GIL,
#: so scheduler threads gain nothing by deciding at once and could corrupt it.
_ENGINE_LOCK = threading.Lock()
_OPEN_RULE = "_open_sid"
_OPEN_FACT: Fact = {"t": "_open"}


class EngineError(RuntimeError):
    """A rule action failed inside the engine: a bug in rules or adapter, never the site."""


def _noop(c: Any) -> None:
    return None


class _QuietHost(durable.Host):  # type: ignore[misc]
    def _run(self) -> None:
        # durable's Host starts two re-arming timer threads here that dispatch queued actions
        # for any sid; they race with our synchronous asserts (wrong verdicts, error 307).
        # We use no timers and run every action synchronously, so we start nothing.
        return None


class _Run:
    """What the actions of one site's evaluation collect."""

    def __init__(self) -> None:
        self.decisions = Decisions()
        self.asserted: set[tuple[Any, ...]] = set()


class DurableEngine:
    """Decides items from facts with durable-rules. One instance per process is enough."""

    def __init__(self, items: Sequence[Item], assessment_year: int) -> None:
        self.items = tuple(items)
        self.assessment_year = assessment_year
        self.rules = compile_rules(self.items, assessment_year)
        self.name = f"oit_{assessment_year}_{next(_ruleset_numbers)}"
        self._runs: dict[str, _Run] = {}
        self._sids = itertools.count(1)
        self._host = _QuietHost()
        # set_rulesets deletes the "run" keys of what it is given (durable PR #254): the dict is
        # built here for this call only and never reused.
        rules = {r.name: self._durable_rule(r) for r in self.rules}
        rules[_OPEN_RULE] = {"all": [{"m": {"t": "_open"}}], "run": _noop}
        self._host.set_rulesets({self.name: rules})
        self._handle = self._host.get_ruleset(self.name)._handle

    def _durable_rule(self, rule: Rule) -> dict[str, Any]:
        return {
            "all": [{alias: condition} for alias, condition in rule.patterns],
            "run": self._callback(rule.action),
        }

    def _callback(self, action: Action) -> Callable[[Any], None]:
        def run(c: Any) -> None:
            state = self._runs[c.s.sid]
            ev = PART_WIDE if action.ev_alias is None else str(getattr(c, action.ev_alias).ev)
            derived: Fact | None = None
            if action.kind == "verdict":
                state.decisions.record_verdict(
                    (action.item, action.part, action.check, ev), action.grade
                )
                derived = {
                    "t": "v",
                    "item": action.item,
                    "part": action.part,
                    "check": action.check,
                    "ev": ev,
                    "g": action.grade,
                }
            elif action.kind == "candidate":
                state.decisions.record_candidate((action.item, action.part, ev), action.grade)
                state.decisions.record_part((action.item, action.part), action.grade)
                derived = {"t": "pg", "item": action.item, "part": action.part, "g": action.grade}
            else:
                state.decisions.record_item(action.item, action.grade)
            if derived is not None:
                key = tuple(sorted(derived.items()))
                if key not in state.asserted:  # re-asserting equal content raises in durable
                    state.asserted.add(key)
                    c.assert_fact(derived)

        return run

    def decide(self, facts: Sequence[Fact]) -> Decisions:
        with _ENGINE_LOCK:
            sid = f"site{next(self._sids)}"
            run = self._runs[sid] = _Run()
            try:
                self._host.assert_fact(self.name, dict(_OPEN_FACT, sid=sid))  # creates the state
                for fact in sorted(facts, key=sort_key):  # one fact per call: batches are unsafe
                    try:
                        state = self._host.assert_fact(self.name, dict(fact, sid=sid))
                    except MessageNotHandledException:
                        continue  # no rule can ever use this fact; durable does not store it
                    except MessageObservedException:
                        continue  # the same fact twice (durable compares content)
                    if state and state.get("exception"):
                        raise EngineError(f"rule action failed: {str(state['exception'])[:300]}")
            finally:
                with contextlib.suppress(durable_rules_engine.error):  # nothing stored for the sid
                    self._host.delete_state(self.name, sid)
                del self._runs[sid]
        return run.decisions

    def close(self) -> None:
        """Free the C ruleset (about 2 MB); the engine cannot be used afterwards."""
        if self._handle is not None:
            durable_rules_engine.delete_ruleset(self._handle)
            self._handle = None
