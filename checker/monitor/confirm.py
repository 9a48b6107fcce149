"""Confirm disappearances with a second fetch in the same run before anything is sent.

A 404 from an overloaded CMS or an ITA page caught mid-deploy should not wake anybody: each
``gone`` URL is fetched again, and for each ``unlinked`` one the ITA page is read again. Only what
is still gone or still unlinked stays a problem. The second look uses the same polite fetcher
settings and never a conditional request.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.alerts.models import Problem
from checker.catalogue.loader import LoadedCatalogue
from checker.crawl.fetcher import PoliteFetcher
from checker.crawl.scope import Scope
from checker.discover.collect import Fetcher
from checker.discover.ita_page import parse_ita_page
from checker.extract.encoding import decode_text
from checker.settings import CrawlSettings
from checker.target import Target


def confirm(
    problems: Sequence[Problem],
    target: Target,
    loaded: LoadedCatalogue,
    settings: CrawlSettings,
    fetcher: Fetcher | None = None,
) -> list[Problem]:
    to_check = [p for p in problems if p.kind in ("gone", "unlinked")]
    if not to_check:
        return list(problems)
    assert target.base_url is not None
    http: Fetcher = fetcher or PoliteFetcher(settings, Scope(target.base_url, target.allowed_hosts))
    confirmed: set[str] = set()
    index_links: dict[str, dict[str, set[str]] | None] = {}
    with http:
        for problem in to_check:
            assert problem.url is not None
            if problem.kind == "gone":
                if http.fetch(problem.url).outcome == "gone":
                    confirmed.add(problem.fingerprint)
                continue
            page = problem.detail or ""
            if page not in index_links:
                index_links[page] = _rows(http, page, loaded) if page else None
            rows = index_links[page]
            if rows is not None and problem.url not in rows.get(problem.item or "", set()):
                confirmed.add(problem.fingerprint)
    return [p for p in problems if p.kind not in ("gone", "unlinked") or p.fingerprint in confirmed]


def _rows(http: Fetcher, page_url: str, loaded: LoadedCatalogue) -> dict[str, set[str]] | None:
    """The ITA page's links per item, read again; None when it cannot be read now."""
    result = http.fetch(page_url)
    if result.outcome != "ok":
        return None
    html = decode_text(result.body, result.charset).text
    index = parse_ita_page(html, result.final_url, loaded.items, loaded.year)
    return {item: {link.url for link in row.links} for item, row in index.rows.items()}
