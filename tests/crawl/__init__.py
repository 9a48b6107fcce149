"""Tests of the polite fetcher, its scope and robots.txt handling.

Shared helpers live here (not in a conftest) so each test module states what it uses.
"""

from __future__ import annotations


class FakeClock:
    """An injectable monotonic clock whose ``sleep`` only moves time forward (and remembers)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds
