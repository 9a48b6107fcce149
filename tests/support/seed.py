"""The seed agency's official ITA 2567 result, read from the shipped target file (not retyped)."""

from __future__ import annotations

from checker.paths import bundled
from checker.target import load_target

_OFFICIAL = load_target(bundled("targets/khwao-yai.yaml")).target.official_result
assert _OFFICIAL is not None

SEED_ZEROS = frozenset(item for item, score in _OFFICIAL.items.items() if score == 0)
SEED_INDICATORS = dict(_OFFICIAL.indicators)
