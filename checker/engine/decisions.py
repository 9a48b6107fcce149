"""What the engine decided, in a form both evaluators produce and tests can compare."""

from __future__ import annotations

from dataclasses import dataclass, field

#: (item, part, check, ev) → grade of that check's verdict on that candidate
VerdictKey = tuple[str, str, str, str]
#: (item, part, ev) → grade the candidate reached for the part
CandidateKey = tuple[str, str, str]
#: (item, part) → best grade of the part
PartKey = tuple[str, str]


@dataclass
class Decisions:
    verdicts: dict[VerdictKey, int] = field(default_factory=dict)
    candidates: dict[CandidateKey, int] = field(default_factory=dict)
    parts: dict[PartKey, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _raise(table: dict[tuple[str, ...] | str, int], key: tuple[str, ...] | str, g: int) -> None:
        if g > table.get(key, -1):
            table[key] = g

    def record_verdict(self, key: VerdictKey, g: int) -> None:
        self._raise(self.verdicts, key, g)  # type: ignore[arg-type]

    def record_candidate(self, key: CandidateKey, g: int) -> None:
        self._raise(self.candidates, key, g)  # type: ignore[arg-type]

    def record_part(self, key: PartKey, g: int) -> None:
        self._raise(self.parts, key, g)  # type: ignore[arg-type]

    def record_item(self, item: str, g: int) -> None:
        self._raise(self.items, item, g)  # type: ignore[arg-type]

    def item_grade(self, item: str) -> int:
        return self.items.get(item, 0)

    def part_grade(self, item: str, part: str) -> int:
        return self.parts.get((item, part), 0)

    def verdict(self, item: str, part: str, check: str, ev: str) -> int:
        return self.verdicts.get((item, part, check, ev), 0)
