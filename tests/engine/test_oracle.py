"""durable-rules and the plain-Python reference evaluator decide identically (the test oracle)."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.catalogue.loader import load_catalogue_for_year
from checker.engine import facts as F
from checker.engine.durable_engine import DurableEngine
from checker.engine.reference import ReferenceEngine
from checker.scan import engine_for
from tests.support.fact_sets import random_fact_set
from tests.support.oracle import differences

LOADED = load_catalogue_for_year(2567)
REFERENCE = ReferenceEngine(LOADED.items, LOADED.year)


def _agree(facts: list[F.Fact]) -> None:
    durable = engine_for(LOADED).decide(facts)
    reference = REFERENCE.decide(facts)
    assert differences(durable, reference) == []


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_engines_agree_on_random_fact_sets(seed: int) -> None:
    _agree(random_fact_set(random.Random(seed), LOADED.items, LOADED.year))


def test_engines_agree_on_whole_catalogue_fact_sets() -> None:
    rng = random.Random(2567)
    for _ in range(40):
        _agree(random_fact_set(rng, LOADED.items, LOADED.year, max_items=35))


def test_an_item_needs_every_part() -> None:
    def about(t: str, part: str, ev: str, **f: str | int) -> F.Fact:
        return F.about(t, "O8", part, ev, **f)

    plan_only = [
        F.cand("O8", "plan", "d1", "ok"),
        F.cand("O8", "progress", "d1", "ok"),
        about("doc", "plan", "d1", kind="pdf", readable=1, chars=900),
        about("doc", "progress", "d1", kind="pdf", readable=1, chars=900),
        F.name("O8", "plan", "d1"),
        about("fy", "plan", "d1", fy=2567, via="declared"),
    ]
    engine = engine_for(LOADED)
    assert engine.decide(plan_only).item_grade("O8") == F.FAIL
    both = [
        *plan_only,
        F.cand("O8", "plan", "d2", "ok"),
        F.cand("O8", "progress", "d2", "ok"),
        about("doc", "progress", "d2", kind="pdf", readable=1, chars=900),
        F.name("O8", "progress", "d2"),
        about("half", "progress", "d2", fy=2567),
    ]
    assert engine.decide(both).item_grade("O8") == F.PASS
    _agree(both)


def test_unreachable_is_unknown_and_never_fail() -> None:
    facts = [F.cand("O9", "report", "d1", "unreachable")]
    assert engine_for(LOADED).decide(facts).item_grade("O9") == F.UNKNOWN
    gone = [F.cand("O9", "report", "d1", "gone")]
    assert engine_for(LOADED).decide(gone).item_grade("O9") == F.FAIL


def test_a_scanned_document_is_review() -> None:
    facts = [
        F.cand("O20", "code", "d1", "ok"),
        F.about("doc", "O20", "code", "d1", kind="pdf", readable=0, chars=0),
    ]
    assert engine_for(LOADED).decide(facts).item_grade("O20") == F.REVIEW
    _agree(facts)


def test_many_sites_in_one_engine_leave_no_state_behind() -> None:
    """One sid per site, deleted in finally: 1,500 sites exceed durable's 1,024 live sids."""
    engine = DurableEngine(LOADED.items[:3], LOADED.year)
    try:
        facts = [F.cand("O1", "chart", "d1", "unreachable")]
        for _ in range(1500):
            assert engine.decide(facts).item_grade("O1") == F.UNKNOWN
    finally:
        engine.close()
