"""The fact vocabulary asserted into the engine: flat dicts of strings and integers.

Facts are observations, not verdicts: "document d7 declares fiscal year 2566", "the label of d7
matches a name of O9's report part", "d7 shows 3 images". Rules turn them into verdicts. Every
fact has a type ``t``; ``ev`` keys a document (an evidence candidate); every fact about a document
is stated for the item part it is a candidate of (``item``, ``part``), so check rules match one
fact and need no joins. (Joining document-wide facts to candidates by reference overflowed
durable's 64-entry alpha-network stack: every rule's reference node sits under the same prefix.)

    cand   item part ev state        candidate of an item part: ok|offsite|unreachable|gone|broken
    doc    item part ev kind readable chars   what the document is (readable 0/1, own text length)
    name   item part ev              the document's own label carries one of the part's names
    kw     item part check ev n      n distinct keywords of the check found in the text
    pat    item part check ev n      n matches of the check's pattern
    fy     item part ev fy via       it is for fiscal year fy (BE); via declared|label|date
    half   item part ev fy           it reports on the first six months of fiscal year fy
    span   item part ev lo hi        it covers the years lo..hi (BE)
    month  item part ev ym           it covers month ym (CE, e.g. 202310)
    img    item part ev n            it shows n images (an image document counts 1)
    chan   item part ev kind         the page offers a channel: form|web_board|chat|form_service

Derived facts the rules assert (engine internals, also produced by the reference evaluator):

    v      item part check ev g      check verdict on one candidate (ev "*" for part-wide checks)
    pg     item part g               the part reached grade g through some candidate

Grades: 3 pass, 2 review (found, content unreadable or off-site), 1 unknown (unreachable),
0 fail (absent from the decisions).
"""

from __future__ import annotations

from typing import Final, Literal

Fact = dict[str, str | int]

PASS: Final = 3
REVIEW: Final = 2
UNKNOWN: Final = 1
FAIL: Final = 0
Grade = Literal[0, 1, 2, 3]

#: ``broken``: fetched, but nobody can open it (corrupt, encrypted, empty); judged like ``gone``.
CandidateState = Literal["ok", "offsite", "unreachable", "gone", "broken"]
PART_WIDE: Final = "*"  # the ``ev`` of a verdict judged over all candidates of a part

OUTCOME_OF_GRADE: Final[dict[int, str]] = {
    PASS: "pass",
    REVIEW: "review",
    UNKNOWN: "unknown",
    FAIL: "fail",
}


def cand(item: str, part: str, ev: str, state: CandidateState) -> Fact:
    return {"t": "cand", "item": item, "part": part, "ev": ev, "state": state}


def about(t: str, item: str, part: str, ev: str, **fields: str | int) -> Fact:
    """A fact about document ``ev`` as a candidate of ``item``'s ``part``."""
    return {"t": t, "item": item, "part": part, "ev": ev, **fields}


def name(item: str, part: str, ev: str) -> Fact:
    return about("name", item, part, ev)


def keywords(item: str, part: str, check: str, ev: str, n: int) -> Fact:
    return about("kw", item, part, ev, check=check, n=n)


def pattern(item: str, part: str, check: str, ev: str, n: int) -> Fact:
    return about("pat", item, part, ev, check=check, n=n)


def sort_key(fact: Fact) -> tuple[str, ...]:
    """A stable order for asserting facts (observations first, candidates last)."""
    order = {"doc": "0", "cand": "9"}
    return (order.get(str(fact["t"]), "5"), *(f"{k}={fact[k]}" for k in sorted(fact)))
