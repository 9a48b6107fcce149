"""The scan pipeline: collect facts → evaluate → score → result (Scorecard's shape).

Discovery goes only as far as needed: named evidence first; then, for items still short of a
pass, one hop out of named pages; then a bounded crawl for items nobody named (which it decides)
and for failing items (where a find is only a hint: assessors read the submitted URLs).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from checker import __version__
from checker.catalogue.loader import LoadedCatalogue
from checker.crawl.fetcher import PoliteFetcher
from checker.crawl.scope import Scope
from checker.discover.collect import Collector, Fetcher, FetchListener, StoredLookup
from checker.engine.decisions import Decisions
from checker.engine.durable_engine import DurableEngine
from checker.engine.facts import PASS, Fact
from checker.evidence.models import Candidate, Evidence
from checker.evidence.observe import FactSet, Observer, build_facts
from checker.result import (
    Comparison,
    CrawlSummary,
    IndicatorComparison,
    ItemResult,
    ProfileInfo,
    ScanResult,
    TargetInfo,
)
from checker.scoring import Scores, score
from checker.settings import CrawlSettings
from checker.target import LoadedTarget
from checker.verdicts import Explainer

log = logging.getLogger("checker.scan")


_engines: dict[tuple[Path, int], DurableEngine] = {}


_engines_lock = threading.Lock()


def engine_for(loaded: LoadedCatalogue) -> DurableEngine:
    """One compiled ruleset per catalogue per process (rulesets cannot be freed cheaply)."""
    key = (loaded.root, loaded.year)
    with _engines_lock:  # scheduler threads may ask at the same time
        if key not in _engines:
            _engines[key] = DurableEngine(loaded.items, loaded.year)
        return _engines[key]


class _Round:
    """One evaluation of the evidence collected so far."""

    def __init__(
        self,
        facts: FactSet,
        decisions: Decisions,
        candidates: list[Candidate],
        by_item: dict[str, frozenset[tuple[tuple[str, str | int], ...]]],
    ) -> None:
        self.facts = facts
        self.decisions = decisions
        self.candidates = candidates
        self.by_item = by_item  # each item's facts, to tell what the next round changed

    def below_pass(self, items: Sequence[str]) -> list[str]:
        return [i for i in items if self.decisions.item_grade(i) < PASS]


class Engine(Protocol):
    def decide(self, facts: Sequence[Fact]) -> Decisions: ...


def _evaluate(
    engine: Engine,
    observer: Observer,
    evidence: Evidence,
    *,
    hints: bool = False,
    items: Sequence[str] | None = None,
    previous: _Round | None = None,
) -> _Round:
    """Decide ``items`` (all by default) on what was collected; ``hints``: on the candidates
    of the routes that do not decide (what the report suggests linking).

    Every rule concerns one item and every fact names its item, so an item whose facts are the
    same as in the ``previous`` round keeps that round's decisions: a step of discovery that
    found something for three items does not make the engine decide all 35 again.
    """
    wanted = observer.items if items is None else items
    if hints:
        candidates = [c for i in wanted for c in evidence.hint_candidates(i)]
        gaps: dict[str, int] = {}
    else:
        candidates = [c for i in wanted for c in evidence.decisive_candidates(i)]
        gaps = dict(Counter(i for gap in evidence.gaps for i in gap.items if i in wanted))
    facts = build_facts(observer, evidence, candidates, gaps)
    grouped: dict[str, set[tuple[tuple[str, str | int], ...]]] = {}
    for fact in facts.facts:
        grouped.setdefault(str(fact["item"]), set()).add(tuple(sorted(fact.items())))
    by_item = {item: frozenset(keys) for item, keys in grouped.items()}
    if previous is None:
        return _Round(facts, engine.decide(facts.facts), candidates, by_item)
    changed = {
        i
        for i in by_item.keys() | previous.by_item.keys()
        if by_item.get(i) != previous.by_item.get(i)
    }
    fresh = (
        engine.decide([f for f in facts.facts if f["item"] in changed]) if changed else Decisions()
    )
    return _Round(facts, _merged(previous.decisions, fresh, changed), candidates, by_item)


def _merged(previous: Decisions, fresh: Decisions, changed: set[str]) -> Decisions:
    """``previous`` decisions of the items not ``changed``, and ``fresh`` ones of the others."""
    out = Decisions(
        verdicts={k: g for k, g in previous.verdicts.items() if k[0] not in changed},
        candidates={k: g for k, g in previous.candidates.items() if k[0] not in changed},
        parts={k: g for k, g in previous.parts.items() if k[0] not in changed},
        items={k: g for k, g in previous.items.items() if k not in changed},
    )
    out.verdicts.update(fresh.verdicts)
    out.candidates.update(fresh.candidates)
    out.parts.update(fresh.parts)
    out.items.update(fresh.items)
    return out


@dataclass
class Scan:
    """A finished scan: the result, and the evidence behind it (for history's fetch cache)."""

    result: ScanResult
    evidence: Evidence


def scan_target(
    loaded_target: LoadedTarget,
    loaded: LoadedCatalogue,
    *,
    as_of: dt.date,
    profile_id: str | None = None,
    settings: CrawlSettings | None = None,
    on_fetch: FetchListener | None = None,
    stored: StoredLookup | None = None,
    fetcher: Fetcher | None = None,
    engine: Engine | None = None,
    cancel: threading.Event | None = None,
) -> Scan:
    """Scan one target; ``ScanCancelled`` when ``cancel`` is set before it finishes."""
    target = loaded_target.target
    base_url = loaded_target.require_base_url()
    profile = loaded.profile(profile_id or target.profile)
    settings = settings or target.crawl_settings()
    started = dt.datetime.now(dt.UTC)
    clock = time.monotonic()
    engine = engine or engine_for(loaded)
    observer = Observer(loaded.catalogue, loaded.items, as_of)
    item_ids = [i.id for i in loaded.items]
    scope = Scope(base_url, target.allowed_hosts)

    http: Fetcher = fetcher or PoliteFetcher(settings, scope)
    with http:
        collector = Collector(
            target, loaded, http, scope, settings, on_fetch=on_fetch, stored=stored, cancel=cancel
        )
        evidence = collector.evidence
        collector.discover_named()
        first = _evaluate(engine, observer, evidence)
        collector.expand(first.below_pass(item_ids), evidence.decisive.get)
        second = _evaluate(engine, observer, evidence, previous=first)
        pending = second.below_pass(item_ids)
        unnamed = [i for i in pending if evidence.decisive[i] == "crawl"]
        named = [i for i in pending if evidence.decisive[i] != "crawl"]
        if settings.discovery == "full":  # a full inventory looks for hints on every item
            named = [i for i in item_ids if evidence.decisive[i] != "crawl"]
        collector.crawl(decide=unnamed, hints=named)
        collector.expand(unnamed + named, lambda _item: "crawl")
        final = _evaluate(engine, observer, evidence, previous=second)
        # Hints are shown for items short of a pass only, and the rules decide each item from
        # its own facts: the other items' hint candidates (thousands in a full inventory) would
        # only be read and decided to be thrown away.
        short = final.below_pass(item_ids)
        hint_round = _evaluate(engine, observer, evidence, hints=True, items=short)
        stats = http.stats

    explainer = Explainer(loaded, observer)
    official = target.official_result.items if target.official_result else None
    items: list[ItemResult] = []
    for item in loaded.items:
        decisive = [c for c in final.candidates if c.item == item.id]
        hints = []
        if final.decisions.item_grade(item.id) < PASS:
            hint_candidates = [c for c in hint_round.candidates if c.item == item.id]
            hints = explainer.hint_results(
                item, hint_candidates, hint_round.facts, hint_round.decisions
            )
        items.append(
            explainer.item_result(
                item, evidence, decisive, final.facts, final.decisions, hints, official
            )
        )

    outcomes = {i.id: i.outcome for i in items}
    scores = score(profile, loaded.items, outcomes)
    home = evidence.fetches.get(base_url)
    complete = home is not None and home.outcome in ("ok", "not_modified")
    finished = dt.datetime.now(dt.UTC)
    result = ScanResult(
        tool={"name": "oit-checker", "version": __version__, "engine": "durable-rules 2.0.28"},
        target=TargetInfo(
            id=target.id,
            name=target.name,
            base_url=base_url,
            assessment_year=target.assessment_year,
        ),
        catalogue=loaded.catalogue.id,
        profile=ProfileInfo(
            id=profile.id, title=profile.title, hypothesis=profile.hypothesis, note=profile.note
        ),
        as_of=as_of,
        started_at=started,
        finished_at=finished,
        complete=complete,
        items=items,
        zeros=[i.id for i in items if i.outcome == "fail"],
        scores=scores,
        comparison=_comparison(loaded_target, loaded, profile.id, scores, items, outcomes),
        crawl=CrawlSummary(
            requests=stats.requests,
            bytes_received=stats.bytes_received,
            not_modified=stats.not_modified,
            urls_fetched=len(evidence.fetches),
            documents_read=len(evidence.documents),
            index_url=evidence.index.url if evidence.index else None,
            index_year_section=evidence.index.year_section if evidence.index else None,
            index_rows=len(evidence.index.rows) if evidence.index else 0,
            gaps=[
                f"{', '.join(g.items[:5])}{'…' if len(g.items) > 5 else ''}: {g.reason}"
                for g in evidence.gaps
            ],
            duration_seconds=round(time.monotonic() - clock, 3),
        ),
    )

    return Scan(result=result, evidence=evidence)


def _comparison(
    loaded_target: LoadedTarget,
    loaded: LoadedCatalogue,
    profile_id: str,
    scores: Scores,
    items: Sequence[ItemResult],
    outcomes: Mapping[str, str],
) -> Comparison | None:
    official = loaded_target.target.official_result
    if official is None:
        return None
    profile = loaded.profile(profile_id)
    indicators: dict[str, IndicatorComparison] = {}
    for key, value in official.indicators.items():
        predicted = scores.indicators.get(key)
        if predicted is None:
            continue
        note = profile.indicator_notes.get(key)
        differs = abs(predicted.low - value) > 0.005 or abs(predicted.high - value) > 0.005
        indicators[key] = IndicatorComparison(
            predicted=predicted,
            official=value,
            difference=round(value - predicted.low, 2) if predicted.certain else None,
            note_en=note.en if note and differs else None,
            note_th=note.th if note and differs else None,
        )
    differing = [
        i.id
        for i in items
        if i.id in official.items and i.score is not None and i.score != official.items[i.id]
    ]
    alternatives = {
        p.id: score(p, loaded.items, outcomes)
        for p in loaded.profiles.values()
        if p.id != profile_id
    }
    return Comparison(
        official_year=official.year,
        source=official.source,
        indicators=indicators,
        items_differing=differing,
        alternative_profiles=alternatives,
    )
