"""An engine that runs durable-rules and the reference evaluator and insists they agree."""

from __future__ import annotations

from collections.abc import Sequence

from checker.catalogue.loader import LoadedCatalogue
from checker.engine.decisions import Decisions
from checker.engine.facts import Fact
from checker.engine.reference import ReferenceEngine
from checker.scan import engine_for


class Disagreement(AssertionError):
    pass


def differences(a: Decisions, b: Decisions) -> list[str]:
    out = []
    for table in ("verdicts", "candidates", "parts", "items"):
        left, right = getattr(a, table), getattr(b, table)
        for key in sorted(set(left) | set(right), key=str):
            if left.get(key) != right.get(key):
                out.append(f"{table} {key}: durable={left.get(key)} reference={right.get(key)}")
    return out


class CheckedEngine:
    def __init__(self, loaded: LoadedCatalogue) -> None:
        self.durable = engine_for(loaded)
        self.reference = ReferenceEngine(loaded.items, loaded.year)
        self.runs = 0

    def decide(self, facts: Sequence[Fact]) -> Decisions:
        self.runs += 1
        durable = self.durable.decide(facts)
        reference = self.reference.decide(facts)
        diff = differences(durable, reference)
        if diff:
            raise Disagreement("\n".join(diff[:20]))
        return durable
