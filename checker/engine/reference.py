"""A plain-Python evaluator with the same semantics as the compiled durable rules: the test oracle.

It is written from the catalogue's meaning, not from the compiled rules, so a test that finds both
agree on every fixture and on random fact sets checks the compiler and the adapter together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from checker.catalogue.models import (
    PART_CHECK_KINDS,
    AnyOfCheck,
    ChannelCheck,
    Check,
    ContentCheck,
    CoversCheck,
    FirstHalfCheck,
    ImagesCheck,
    Item,
    KeywordsCheck,
    MonthsCheck,
    NamesCheck,
    PatternCheck,
    PeriodCheck,
)
from checker.engine.decisions import Decisions
from checker.engine.durable_compile import needs_text, window_months
from checker.engine.facts import PART_WIDE, PASS, REVIEW, UNKNOWN, Fact


class _Facts:
    def __init__(self, facts: Sequence[Fact]) -> None:
        self.by_type: dict[str, list[Fact]] = defaultdict(list)
        self.about: dict[tuple[str, str, str], list[Fact]] = defaultdict(list)  # (t, item, part)
        for fact in facts:
            t = str(fact["t"])
            self.by_type[t].append(fact)
            if "item" in fact and "part" in fact:
                self.about[(t, str(fact["item"]), str(fact["part"]))].append(fact)

    def of(self, t: str, item: str, part: str) -> list[Fact]:
        return self.about.get((t, item, part), [])

    def candidates(self, item: str, part: str, state: str) -> list[str]:
        return sorted(
            {
                str(f["ev"])
                for f in self.by_type.get("cand", [])
                if f["item"] == item and f["part"] == part and f["state"] == state
            }
        )


def _int(value: str | int) -> int:
    return value if isinstance(value, int) else int(value)


class ReferenceEngine:
    def __init__(self, items: Sequence[Item], assessment_year: int) -> None:
        self.items = tuple(items)
        self.year = assessment_year

    def decide(self, facts: Sequence[Fact]) -> Decisions:
        index = _Facts(facts)
        decisions = Decisions()
        for item in self.items:
            for part in item.parts:
                self._decide_part(index, decisions, item.id, part.id, part.checks)
            self._decide_item(decisions, item)
        return decisions

    # -- checks --------------------------------------------------------------------------------

    def _passing_evs(self, index: _Facts, item: str, part: str, check: Check) -> set[str]:
        """Candidates (by ev) for which one fact proves a document check."""
        y = self.year

        def evs(t: str, holds: Callable[[Fact], bool]) -> set[str]:
            return {str(f["ev"]) for f in index.of(t, item, part) if holds(f)}

        match check:
            case NamesCheck():
                return evs("name", lambda f: True)
            case KeywordsCheck(min=minimum):
                return evs("kw", lambda f: f["check"] == check.id and _int(f["n"]) >= minimum)
            case PatternCheck(min=minimum):
                return evs("pat", lambda f: f["check"] == check.id and _int(f["n"]) >= minimum)
            case PeriodCheck(period=period, via=via):
                years = {
                    "current_fy": {y},
                    "previous_fy": {y - 1},
                    "current_or_previous_fy": {y - 1, y},
                }
                return evs("fy", lambda f: _int(f["fy"]) in years[period] and f["via"] == via)
            case FirstHalfCheck():
                return evs("half", lambda f: _int(f["fy"]) == y)
            case CoversCheck():
                return evs("span", lambda f: _int(f["lo"]) <= y <= _int(f["hi"]))
            case ImagesCheck(min=minimum):
                return evs("img", lambda f: _int(f["n"]) >= minimum)
            case ChannelCheck(accept=accept):
                return evs("chan", lambda f: f["kind"] in accept)
            case ContentCheck(min_chars=minimum):
                return evs("doc", lambda f: _int(f["chars"]) >= minimum)
            case AnyOfCheck(checks=subchecks):
                return set().union(
                    *(self._passing_evs(index, item, part, sub) for sub in subchecks)
                )
        return set()  # pragma: no cover - months is part-wide

    def _check_verdicts(self, index: _Facts, item: str, part: str, check: Check) -> dict[str, int]:
        """Grade per candidate ev (``*`` for part-wide checks); absent = fail."""
        grades: dict[str, int] = {}
        unreadable = {str(f["ev"]) for f in index.of("doc", item, part) if _int(f["readable"]) == 0}
        if isinstance(check, MonthsCheck):
            covered = {_int(f["ym"]) for f in index.of("month", item, part)}
            if all(ym in covered for ym in window_months(check, self.year)):
                grades[PART_WIDE] = PASS
            elif needs_text(check) and unreadable:
                grades[PART_WIDE] = REVIEW
            return grades
        for ev in self._passing_evs(index, item, part, check):
            grades[ev] = PASS
        if needs_text(check):
            for ev in unreadable:
                grades[ev] = max(grades.get(ev, 0), REVIEW)
        return grades

    # -- parts and items -----------------------------------------------------------------------

    def _decide_part(
        self, index: _Facts, decisions: Decisions, item: str, part: str, checks: Sequence[Check]
    ) -> None:
        ok = index.candidates(item, part, "ok")
        per_document: list[dict[str, int]] = []
        part_wide: list[int] = []
        for check in checks:
            grades = self._check_verdicts(index, item, part, check)
            for ev, g in grades.items():
                decisions.record_verdict((item, part, check.id, ev), g)
            if check.kind in PART_CHECK_KINDS:
                part_wide.append(grades.get(PART_WIDE, 0))
            else:
                per_document.append(grades)
        wide = min(part_wide, default=PASS)
        for ev in ok:
            g = min([wide, *(grades.get(ev, 0) for grades in per_document)])
            if g >= REVIEW:
                decisions.record_candidate((item, part, ev), g)
                decisions.record_part((item, part), g)
        for state, g in (("offsite", REVIEW), ("unreachable", UNKNOWN)):
            for ev in index.candidates(item, part, state):
                decisions.record_candidate((item, part, ev), g)
                decisions.record_part((item, part), g)

    def _decide_item(self, decisions: Decisions, item: Item) -> None:
        grades = [decisions.part_grade(item.id, part.id) for part in item.parts]
        g = min(grades)
        if g >= UNKNOWN:
            decisions.record_item(item.id, g)
