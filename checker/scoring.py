"""Scores as the NACC computes them: items 100 or 0, sub-indicator and indicator means, OIT.

An item that is ``review`` or ``unknown`` cannot be scored with certainty; it counts 0 in the low
(pessimistic) score and 100 in the high (optimistic) one, so every figure is a range that
collapses to one number when nothing is in doubt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from checker.catalogue.models import Item, Profile

ITEM_RANGE: dict[str, tuple[float, float]] = {
    "pass": (100.0, 100.0),
    "fail": (0.0, 0.0),
    "review": (0.0, 100.0),
    "unknown": (0.0, 100.0),
}


class ScoreRange(BaseModel):
    model_config = ConfigDict(frozen=True)

    low: float
    high: float

    @property
    def certain(self) -> bool:
        return self.low == self.high

    def text(self) -> str:
        return f"{self.low:.2f}" if self.certain else f"{self.low:.2f}–{self.high:.2f}"


class Scores(BaseModel):
    model_config = ConfigDict(frozen=True)

    profile: str
    subindicators: dict[str, ScoreRange]
    indicators: dict[str, ScoreRange]
    oit: ScoreRange


def _weighted_mean(values: Sequence[tuple[float, float]]) -> float:
    total = sum(w for _, w in values)
    return sum(v * w for v, w in values) / total


def _round(value: float) -> float:
    return round(value + 1e-9, 2)  # 66.428571 → 66.43; the epsilon keeps x.xx5 from rounding down


def score(profile: Profile, items: Sequence[Item], outcomes: Mapping[str, str]) -> Scores:
    """``outcomes`` maps every item id to pass|fail|review|unknown."""
    by_sub: dict[str, list[tuple[float, float]]] = {}
    for item in items:
        by_sub.setdefault(item.subindicator, []).append(ITEM_RANGE[outcomes[item.id]])

    subs: dict[str, tuple[float, float]] = {}
    indicators: dict[str, tuple[float, float]] = {}
    for indicator in profile.indicators:
        for sub in indicator.subindicators:
            ranges = by_sub[sub.id]
            subs[sub.id] = (
                sum(lo for lo, _ in ranges) / len(ranges),
                sum(hi for _, hi in ranges) / len(ranges),
            )
        indicators[indicator.id] = (
            _weighted_mean([(subs[s.id][0], s.weight) for s in indicator.subindicators]),
            _weighted_mean([(subs[s.id][1], s.weight) for s in indicator.subindicators]),
        )
    oit = (
        _weighted_mean([(indicators[i.id][0], i.weight) for i in profile.indicators]),
        _weighted_mean([(indicators[i.id][1], i.weight) for i in profile.indicators]),
    )

    def as_range(pair: tuple[float, float]) -> ScoreRange:
        return ScoreRange(low=_round(pair[0]), high=_round(pair[1]))

    return Scores(
        profile=profile.id,
        subindicators={k: as_range(v) for k, v in subs.items()},
        indicators={k: as_range(v) for k, v in indicators.items()},
        oit=as_range(oit),
    )
