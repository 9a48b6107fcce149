"""Problems a scan shows, on its own (unreachable) and against the previous scan (disappeared).

Disappearances are judged against the previous complete scan: evidence the item relied on there
(decisive, readable) that now answers 404/410 (``gone``), or that the ITA page no longer links
while the item no longer passes (``unlinked`` — an agency replacing last year's document with
this year's is not a problem). An item that passed and no longer does, with no disappearance to
explain it, is a ``regression``. Unknown items are grouped by the URL that could not be fetched,
so one dead server is one problem, not thirty-five.
"""

from __future__ import annotations

from collections import defaultdict

from checker.alerts.models import Problem
from checker.result import ItemResult, ScanResult


def _index_links(item: ItemResult) -> set[str]:
    return {e.url for e in item.evidence if e.source == "index"}


def disappearances(previous: ScanResult, current: ScanResult) -> list[Problem]:
    """Evidence present in ``previous`` that is gone or unlinked in ``current``."""
    target = current.target.id
    before = {i.id: i for i in previous.items}
    out: list[Problem] = []
    index_read = current.crawl.index_url is not None
    for item in current.items:
        old = before.get(item.id)
        if old is None:
            continue
        now_by_url = {e.url: e for e in item.evidence}
        linked_now = _index_links(item)
        for e in old.evidence:
            if not e.decisive or e.state != "ok":
                continue
            now = now_by_url.get(e.url)
            if now is not None and now.state == "gone":
                out.append(
                    Problem(
                        kind="gone",
                        target_id=target,
                        item=item.id,
                        item_title=item.title,
                        url=e.url,
                        detail=f"HTTP {now.http_status or 404}",
                    )
                )
            elif (
                e.source == "index"
                and e.hop == 0
                and index_read
                and e.url not in linked_now
                and item.outcome != "pass"
            ):
                out.append(
                    Problem(
                        kind="unlinked",
                        target_id=target,
                        item=item.id,
                        item_title=item.title,
                        url=e.url,
                        detail=current.crawl.index_url,
                    )
                )
    return out


def regressions(previous: ScanResult, current: ScanResult, explained: set[str]) -> list[Problem]:
    """Items that passed and now fail or need review, unless a disappearance explains them."""
    before = {i.id: i.outcome for i in previous.items}
    return [
        Problem(
            kind="regression",
            target_id=current.target.id,
            item=i.id,
            item_title=i.title,
            detail=i.reason,
        )
        for i in current.items
        if before.get(i.id) == "pass" and i.outcome in ("fail", "review") and i.id not in explained
    ]


def unreachable(current: ScanResult) -> list[Problem]:
    target = current.target.id
    if not current.complete:
        return [Problem(kind="site_unreachable", target_id=target, url=current.target.base_url)]
    causes: dict[str, list[ItemResult]] = defaultdict(list)
    for item in current.items:
        if item.outcome != "unknown":
            continue
        failing = [e for e in item.evidence if e.state == "unreachable"]
        cause = failing[0].url if failing else (current.crawl.index_url or current.target.base_url)
        causes[cause].append(item)
    out = []
    for url, items in causes.items():
        first = items[0]
        reason = next(
            (e.fetch_reason for e in first.evidence if e.url == url and e.fetch_reason), None
        )
        if len(items) == 1:
            out.append(
                Problem(
                    kind="unreachable",
                    target_id=target,
                    item=first.id,
                    item_title=first.title,
                    url=url,
                    detail=reason,
                )
            )
        else:
            ids = ", ".join(i.id for i in items)
            out.append(
                Problem(
                    kind="unreachable",
                    target_id=target,
                    url=url,
                    detail=f"{ids}: {reason}" if reason else ids,
                )
            )
    return out


def still_holds(problem: Problem, current: ScanResult) -> bool:
    """Whether an open problem is still true in this scan (it was new against an older one)."""
    if problem.item is None or problem.kind not in ("gone", "unlinked", "regression"):
        return False
    item = next((i for i in current.items if i.id == problem.item), None)
    if item is None:
        return False
    if problem.kind == "regression":
        return item.outcome in ("fail", "review")
    evidence = {e.url: e for e in item.evidence}
    if problem.kind == "gone":
        now = evidence.get(problem.url or "")
        if now is not None:
            return now.state == "gone"
        return item.outcome != "pass"  # the dead link was removed, but nothing replaced it
    return problem.url not in _index_links(item) and item.outcome != "pass"


def carried_over(open_problems: list[Problem], current: ScanResult) -> list[Problem]:
    """Open disappearances and regressions that this scan still shows."""
    if not current.complete:
        return []
    return [p for p in open_problems if still_holds(p, current)]


def find_problems(previous: ScanResult | None, current: ScanResult) -> list[Problem]:
    problems = unreachable(current)
    if previous is None or not current.complete:
        return problems
    if previous.target.base_url != current.target.base_url:
        return problems  # the site moved: its old URLs say nothing about the new ones
    gone_or_unlinked = disappearances(previous, current)
    explained = {p.item for p in gone_or_unlinked if p.item}
    return problems + gone_or_unlinked + regressions(previous, current, explained)
