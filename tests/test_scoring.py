"""Scoring as the NACC does, checked against the seed agency's official ITA 2567 table."""

from __future__ import annotations

from checker.catalogue.loader import load_catalogue_for_year
from checker.scoring import score
from tests.support.seed import SEED_ZEROS

LOADED = load_catalogue_for_year(2567)


def _seed_outcomes() -> dict[str, str]:
    return {item.id: ("fail" if item.id in SEED_ZEROS else "pass") for item in LOADED.items}


def test_seed_indicator_9_and_equal_weight_indicator_10() -> None:
    scores = score(LOADED.profile("default"), LOADED.items, _seed_outcomes())
    assert scores.subindicators["9.1"].low == 100.0
    assert scores.subindicators["9.2"].low == 57.14
    assert scores.subindicators["9.3"].low == 25.0
    assert scores.subindicators["9.4"].low == 100.0
    assert scores.subindicators["9.5"].low == 50.0
    assert scores.indicators["9"].low == scores.indicators["9"].high == 66.43
    assert scores.subindicators["10.1"].low == 50.0 and scores.subindicators["10.2"].low == 25.0
    assert scores.indicators["10"].low == 37.5


def test_hypothetical_40_60_profile_gives_the_official_35() -> None:
    profile = LOADED.profile("weighted-40-60")
    assert profile.hypothesis
    scores = score(profile, LOADED.items, _seed_outcomes())
    assert scores.indicators["10"].low == 35.0
    assert scores.indicators["9"].low == 66.43  # indicator 9 untouched by the hypothesis


def test_review_and_unknown_make_ranges() -> None:
    outcomes = _seed_outcomes() | {"O8": "review", "O9": "unknown"}
    scores = score(LOADED.profile("default"), LOADED.items, outcomes)
    sub = scores.subindicators["9.2"]
    assert (sub.low, sub.high) == (57.14, 85.71)
    assert not scores.indicators["9"].certain
    assert scores.oit.low < scores.oit.high
    assert scores.indicators["10"].certain


def test_everything_passing_is_100() -> None:
    scores = score(LOADED.profile("default"), LOADED.items, {i.id: "pass" for i in LOADED.items})
    assert scores.oit.low == scores.oit.high == 100.0
