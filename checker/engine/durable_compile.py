"""Compile catalogue items into durable-rules JSON rulesets (pure data; no engine import).

One rule per check outcome, chained through derived facts so that the engine decides the items:

    check rules      one fact about a candidate  → v(item, part, check, ev, g)  3 pass, 2 review
    candidate rules  all checks of a part ≥ g     → pg(item, part, g)  (offsite 2, unreachable 1)
    item rules       every part reached ≥ g       → item grade g

Rule names carry item, part and check ids so engine errors point back to the rule files.
Conditions use durable's JSON operators ($and, $or, $gte, $lte, and ``{field: {alias: field}}``
references to facts matched earlier in the same rule); see reference/durable-rules.md.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from checker.catalogue.models import (
    PART_CHECK_KINDS,
    TEXT_CHECK_KINDS,
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
    Part,
    PatternCheck,
    PeriodCheck,
)
from checker.engine.facts import PART_WIDE, PASS, REVIEW, UNKNOWN
from checker.thai.fiscal import first_half, month_key, months_in

Condition = dict[str, Any]
Pattern = tuple[str, Condition]  # (alias, condition)


@dataclass(frozen=True)
class Action:
    """What a rule does when it fires; the engine adapter turns it into a callable."""

    kind: Literal["verdict", "candidate", "item"]
    item: str
    grade: int
    part: str = ""
    check: str = ""
    ev_alias: str | None = None  # the alias whose ``ev`` names the candidate; None = part-wide


@dataclass(frozen=True)
class Rule:
    name: str
    patterns: tuple[Pattern, ...]
    action: Action


# -- condition helpers ---------------------------------------------------------------------------


def _and(*conditions: Condition) -> Condition:
    flat: list[Condition] = []
    for c in conditions:
        flat.extend(c["$and"] if set(c) == {"$and"} else [c])
    return flat[0] if len(flat) == 1 else {"$and": flat}


def _or(*conditions: Condition) -> Condition:
    return conditions[0] if len(conditions) == 1 else {"$or": list(conditions)}


def _is(**fields: str | int) -> Condition:
    return _and(*({k: v} for k, v in fields.items()))


def _gte(field: str, value: int) -> Condition:
    return {"$gte": {field: value}}


def _lte(field: str, value: int) -> Condition:
    return {"$lte": {field: value}}


def _same_ev(alias: str) -> Condition:
    return {"ev": {alias: "ev"}}


def _candidate(item: str, part: str, state: str = "ok") -> Condition:
    return _is(t="cand", item=item, part=part, state=state)


# -- compiling one check -------------------------------------------------------------------------


def _document_alternatives(item: str, part: Part, check: Check, year: int) -> list[Condition]:
    """Conditions on one fact about a candidate, any of which proves ``check`` on it."""

    def about(t: str, *more: Condition, **fields: str | int) -> Condition:
        return _and(_is(t=t, item=item, part=part.id, **fields), *more)

    match check:
        case NamesCheck():
            return [about("name")]
        case KeywordsCheck(min=minimum):
            return [about("kw", _gte("n", minimum), check=check.id)]
        case PatternCheck(min=minimum):
            return [about("pat", _gte("n", minimum), check=check.id)]
        case PeriodCheck(period=period, via=via):
            years = {
                "current_fy": [year],
                "previous_fy": [year - 1],
                "current_or_previous_fy": [year - 1, year],
            }[period]
            return [about("fy", fy=fy, via=via) for fy in years]
        case FirstHalfCheck():
            return [about("half", fy=year)]
        case CoversCheck():
            return [about("span", _lte("lo", year), _gte("hi", year))]
        case ImagesCheck(min=minimum):
            return [about("img", _gte("n", minimum))]
        case ChannelCheck(accept=accept):
            return [about("chan", kind=kind) for kind in accept]
        case ContentCheck(min_chars=minimum):
            return [about("doc", _gte("chars", minimum))]
        case AnyOfCheck(checks=subchecks):
            return [
                alt for sub in subchecks for alt in _document_alternatives(item, part, sub, year)
            ]
        case MonthsCheck():  # pragma: no cover - part-wide checks are compiled separately
            raise ValueError("months is a part-wide check")
    raise ValueError(f"no compiler for check kind {check.kind!r}")  # pragma: no cover


def needs_text(check: Check) -> bool:
    """True when an unreadable document leaves this check undecided (review, not fail)."""
    if isinstance(check, AnyOfCheck):
        return any(needs_text(sub) for sub in check.checks)
    return check.kind in TEXT_CHECK_KINDS


def window_months(check: MonthsCheck, year: int) -> list[int]:
    start, end = first_half(year)
    return [month_key(y, m) for y, m in months_in(start, end)]


def _check_rules(item: str, part: Part, check: Check, year: int) -> Iterator[Rule]:
    base = f"{item}.{part.id}.{check.id}"
    if isinstance(check, MonthsCheck):
        # each month of the window covered by some candidate (not necessarily the same one)
        patterns = tuple(
            (f"m{index}", _is(t="month", item=item, part=part.id, ym=ym))
            for index, ym in enumerate(window_months(check, year))
        )
        yield Rule(f"{base}#pass", patterns, Action("verdict", item, PASS, part.id, check.id))
    else:
        for index, condition in enumerate(_document_alternatives(item, part, check, year)):
            action = Action("verdict", item, PASS, part.id, check.id, ev_alias="f")
            yield Rule(f"{base}#pass{index}", (("f", condition),), action)
    if needs_text(check):
        unreadable = _is(t="doc", item=item, part=part.id, readable=0)
        ev_alias = None if check.kind in PART_CHECK_KINDS else "d"
        action = Action("verdict", item, REVIEW, part.id, check.id, ev_alias=ev_alias)
        yield Rule(f"{base}#review", (("d", unreadable),), action)


def _part_rules(item: str, part: Part) -> Iterator[Rule]:
    base = f"{item}.{part.id}"
    per_document = [c for c in part.checks if c.kind not in PART_CHECK_KINDS]
    part_wide = [c for c in part.checks if c.kind in PART_CHECK_KINDS]
    for grade in (PASS, REVIEW):
        patterns: list[Pattern] = [("c", _candidate(item, part.id))]
        for index, check in enumerate(per_document):
            verdict = _and(
                _is(t="v", item=item, part=part.id, check=check.id),
                _same_ev("c"),
                _gte("g", grade),
            )
            patterns.append((f"v{index}", verdict))
        for index, check in enumerate(part_wide):
            verdict = _and(
                _is(t="v", item=item, part=part.id, check=check.id, ev=PART_WIDE), _gte("g", grade)
            )
            patterns.append((f"w{index}", verdict))
        yield Rule(
            f"{base}#grade{grade}",
            tuple(patterns),
            Action("candidate", item, grade, part.id, ev_alias="c"),
        )
    offsite = (("c", _candidate(item, part.id, "offsite")),)
    yield Rule(f"{base}#offsite", offsite, Action("candidate", item, REVIEW, part.id, ev_alias="c"))
    unreachable = (("c", _candidate(item, part.id, "unreachable")),)
    yield Rule(
        f"{base}#unreachable",
        unreachable,
        Action("candidate", item, UNKNOWN, part.id, ev_alias="c"),
    )


def _item_rules(item: Item) -> Iterator[Rule]:
    for grade in (PASS, REVIEW, UNKNOWN):
        patterns = tuple(
            (f"p{index}", _and(_is(t="pg", item=item.id, part=part.id), _gte("g", grade)))
            for index, part in enumerate(item.parts)
        )
        yield Rule(f"{item.id}#grade{grade}", patterns, Action("item", item.id, grade))


def compile_rules(items: Sequence[Item], year: int) -> list[Rule]:
    rules: list[Rule] = []
    for item in items:
        for part in item.parts:
            for check in part.checks:
                rules.extend(_check_rules(item.id, part, check, year))
            rules.extend(_part_rules(item.id, part))
        rules.extend(_item_rules(item))
    names = [r.name for r in rules]
    if len(set(names)) != len(names):  # pragma: no cover - ids are validated unique on load
        raise ValueError("duplicate rule names")
    return rules
