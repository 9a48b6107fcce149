"""Collect evidence, in order of trust: the target's item URLs, the ITA page, then a bounded crawl.

The collector fetches every URL at most once per scan, reads each into a ``Document``, and
records a ``Candidate`` (with its route) for every URL considered for an item. It never decides:
the scan asks the engine after each step and only looks further for items still short of a pass
(``expand`` follows links out of named pages; ``crawl`` explores the site), which keeps a scan
close to the requests an assessor would make.
"""

from __future__ import annotations

import datetime as dt
import heapq
import ipaddress
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Protocol, TypeVar, cast

from pydantic import BaseModel

from checker.catalogue.loader import LoadedCatalogue
from checker.crawl.fetcher import FetchStats
from checker.crawl.models import FetchResult, Validators
from checker.crawl.scope import Scope, address_category
from checker.discover.ita_page import ita_link_score, parse_ita_page
from checker.evidence.models import Candidate, Evidence, FetchRecord, Gap, IndexPage, Route
from checker.evidence.observe import file_label
from checker.extract import read_document
from checker.extract.encoding import decode_text
from checker.extract.links import host_of
from checker.extract.models import BROKEN_REASONS, Document, Link
from checker.settings import CrawlSettings
from checker.target import Target
from checker.thai.text import NameMatcher, PreparedText

log = logging.getLogger("checker.discover")

MIN_INDEX_ROWS = 5  # fewer recognised rows: not the ITA page (a news item mentioning ITA)
MAX_ITA_PAGES_TRIED = 4
MAX_EXPANDED_LINKS = 30  # links followed out of one named page
FETCHED_OUTCOMES_THAT_COUNT = ("ok", "not_modified")
_ITA_PAGE_UNREAD = "the ITA page could not be read"
_CRAWL_LIMIT_REASON = "the crawl stopped at its page limit before every relevant link"


class Fetcher(Protocol):
    """What the collector needs of a fetcher (``PoliteFetcher``; a directory in tests)."""

    def fetch(self, url: str, *, validators: Validators | None = None) -> FetchResult: ...

    @property
    def stats(self) -> FetchStats: ...

    def __enter__(self) -> Fetcher: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


#: Called after every fetch with the URL and its outcome (progress bars, logs).
FetchListener = Callable[[str, str], None]
#: Returns the last stored fetch of a URL: its validators make the request conditional and its
#: document is reused when the server answers 304 (``checker.history.store.StoredFetch``).
StoredLookup = Callable[[str], "StoredFetch | None"]


class StoredFetch(Protocol):
    def open(self) -> tuple[FetchRecord, Document] | None: ...


class ScanCancelled(Exception):
    """The scan was asked to stop (SIGTERM to the scheduler); nothing of it is recorded."""


_Part = TypeVar("_Part", bound=BaseModel)  # Link, Form, Image: frozen, plain fields


class _Shared:
    """One instance of each distinct link, form and image of a scan, shared by its documents.

    Every page of a site repeats its menus, header, footer and search form: kept per page, the
    same few dozen links were stored once for every page the scan read (on the 2000-page
    benchmark site, 156,000 ``Link`` objects for 7,000 distinct links: three quarters of the
    scan's memory). They are immutable, so equal ones can be one object.
    """

    def __init__(self) -> None:
        self._parts: dict[tuple[object, ...], BaseModel] = {}

    def document(self, document: Document) -> Document:
        if not (document.links or document.forms or document.images):
            return document
        return document.model_copy(
            update={
                "links": self._each(document.links),
                "forms": self._each(document.forms),
                "images": self._each(document.images),
            }
        )

    def _each(self, values: list[_Part]) -> list[_Part]:
        out: list[_Part] = []
        for value in values:
            # keyed by the field values (plain strings, numbers, flags): a tuple compares in C,
            # a model's __eq__ in Python
            key = (type(value), *vars(value).values())
            out.append(cast(_Part, self._parts.setdefault(key, value)))
        return out


@dataclass(order=True)
class _Queued:
    priority: tuple[int, int, int]
    url: str = field(compare=False)
    depth: int = field(compare=False)
    text: str = field(compare=False)


class Collector:
    def __init__(
        self,
        target: Target,
        loaded: LoadedCatalogue,
        fetcher: Fetcher,
        scope: Scope,
        settings: CrawlSettings,
        *,
        on_fetch: FetchListener | None = None,
        stored: StoredLookup | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        assert target.base_url is not None
        self.target = target
        self.loaded = loaded
        self.items = loaded.items
        self.fetcher = fetcher
        self.scope = scope
        self.settings = settings
        self.on_fetch = on_fetch
        self.stored = stored
        self.cancel = cancel
        self.evidence = Evidence(base_url=target.base_url)
        self._crawl_pages = 0  # pages opened by the crawl and one hop out of its finds
        self._candidates: set[Candidate] = set()  # ev.candidates as a set: O(1) "seen before?"
        self._shared = _Shared()
        self._refusals: dict[str, str | None] = {}  # scope.allows_url of each URL met
        #: Why the fetcher refused a fetch for the scan's time or request budget: every later
        #: fetch is refused too, so the crawl stops there.
        self._budget_spent: str | None = None
        self._part_names = {
            item.id: NameMatcher([n for part in item.parts for n in (*part.names,)] + [item.title])
            for item in self.items
        }

    # -- fetching ------------------------------------------------------------------------------

    def get(self, url: str, *, keep_html: bool = False) -> Document | None:
        """Fetch and read ``url`` once per scan; None when it could not be read."""
        url = url.split("#", 1)[0]
        ev = self.evidence
        if url in ev.fetches:
            return ev.documents.get(url)
        if self.cancel is not None and self.cancel.is_set():
            raise ScanCancelled(url)
        refusal = self._refusal(url)
        if refusal is not None:
            if not _internal_address(url):
                ev.offsite[url] = host_of(url)
            ev.fetches[url] = FetchRecord(
                url=url,
                final_url=url,
                outcome="out_of_scope",
                reason=refusal,
                fetched_at=dt.datetime.now(dt.UTC),
            )
            return None
        stored = self.stored(url) if self.stored else None
        opened = stored.open() if stored is not None else None
        if opened is not None and keep_html and opened[1].html is None:
            opened = None  # parsed again: a 304 would leave nothing to parse
        validators = None
        if opened is not None:
            validators = Validators(etag=opened[0].etag, last_modified=opened[0].last_modified)
        result = self.fetcher.fetch(url, validators=validators)
        if result.outcome == "budget":
            self._budget_spent = result.reason or "the scan's budget ran out"
        if result.outcome == "not_modified" and opened is not None:
            # unchanged since the last scan: its document is reused, nothing is downloaded
            stored_record, stored_document = opened
            ev.fetches[url] = stored_record.model_copy(
                update={
                    "outcome": "not_modified",
                    "status": result.status,
                    "fetched_at": result.fetched_at,
                    "attempts": result.attempts,
                    "elapsed": result.elapsed,
                }
            )
            reused = self._shared.document(stored_document)
            ev.documents[url] = reused
            document: Document | None = reused
        else:
            ev.fetches[url] = FetchRecord.of(result)
            document = None
            if result.outcome == "ok":
                document = read_document(result)
                if result.truncated and document.unreadable in BROKEN_REASONS:
                    # Cut at the scan's own size cap (max_bytes), the part read cannot be
                    # opened (a PDF's index sits at its end). That says nothing about the
                    # document — 40 MB scanned plans are common — so it is not "nobody can open
                    # it" (fail) but a fetch the scan's budget stopped short of (unknown).
                    ev.fetches[url] = ev.fetches[url].model_copy(
                        update={"outcome": "budget", "reason": _cut_reason(result, document)}
                    )
                    document = None
                else:
                    if keep_html and document.kind == "html":
                        html = decode_text(result.body, result.charset).text
                        document = document.model_copy(update={"html": html})
                    document = self._shared.document(document)
                    ev.documents[url] = document
            elif result.outcome == "out_of_scope":
                for hop in (*result.redirects, result.final_url):
                    if self._refusal(hop) is not None:
                        if not _internal_address(hop):
                            ev.offsite[url] = host_of(hop)  # redirected off the site: off-site
                        break
        if self.on_fetch:
            self.on_fetch(url, ev.fetches[url].outcome)
        return document

    def _refusal(self, url: str) -> str | None:
        """``scope.allows_url``, once per URL: every page repeats the site's menus."""
        try:
            return self._refusals[url]
        except KeyError:
            refusal = self._refusals[url] = self.scope.allows_url(url)
            return refusal

    def _failed_unreachably(self, url: str) -> bool:
        record = self.evidence.fetches.get(url)
        return record is not None and record.outcome not in ("ok", "not_modified", "gone")

    # -- 1. named evidence: target URLs and the ITA page ----------------------------------------

    def discover_named(self) -> None:
        ev = self.evidence
        home_url = ev.base_url
        home = self.get(home_url)
        without_target = [i.id for i in self.items if i.id not in self.target.item_urls]
        for item_id, urls in self.target.item_urls.items():
            for url in urls:
                self._add(Candidate(item=item_id, url=self.target.absolute(url), route="target"))
        if home is None:
            record = ev.fetches[home_url]
            ev.gaps.append(
                Gap(
                    items=without_target,
                    url=home_url,
                    reason=f"home page not read: {record.reason or record.outcome}",
                )
            )
        index = self._find_index(home)
        if index is not None:
            ev.index = index
            for row in index.rows.values():
                for link in row.links:
                    self._add(
                        Candidate(
                            item=row.item,
                            url=link.url,
                            route="index",
                            via=index.url,
                            link_text=link.text,
                        )
                    )
        ita_page_unread = index is None and any(g.reason == _ITA_PAGE_UNREAD for g in ev.gaps)
        for item in self.items:
            route: Route = "crawl"
            if item.id in self.target.item_urls:
                route = "target"
            elif index is not None and item.id in index.rows:
                route = "index"
            elif ita_page_unread:
                # The page that names each item's evidence exists but could not be read: what
                # the crawl finds may not be what the agency submitted, so it is a hint and the
                # item stays unknown (docs/DECISIONS.md).
                route = "index"
            ev.decisive[item.id] = route
        self._fetch_candidates(c for c in ev.candidates if c.route == ev.decisive[c.item])

    def _find_index(self, home: Document | None) -> IndexPage | None:
        year = self.loaded.year
        if self.target.ita_page:
            queue = [self.target.absolute(self.target.ita_page)]
        elif home is not None:
            queue = self._ranked_ita_links(home.links)
        else:
            return None
        unreachable: list[str] = []
        tried: list[str] = []
        while queue and len(tried) < MAX_ITA_PAGES_TRIED:
            url = queue.pop(0)
            if url in tried:
                continue
            tried.append(url)
            page = self.get(url, keep_html=True)
            if page is None:
                if self._failed_unreachably(url):
                    unreachable.append(url)
                continue
            if page.html is None:
                continue
            index = parse_ita_page(page.html, url, self.items, year)
            if len(index.rows) >= MIN_INDEX_ROWS:
                self.evidence.index_tried = tried
                return index
            # an index of years ("ITA 2566 | ITA 2567"): follow this year's link first
            queue = [u for u in self._ranked_ita_links(page.links) if u not in tried] + queue
        self.evidence.index_tried = tried
        if unreachable:
            items = [i.id for i in self.items if i.id not in self.target.item_urls]
            self.evidence.gaps.append(Gap(items=items, url=unreachable[0], reason=_ITA_PAGE_UNREAD))
        return None

    def _ranked_ita_links(self, links: Iterable[Link]) -> list[str]:
        words = NameMatcher(self.loaded.catalogue.ita_page.link_words)
        scored: dict[str, int] = {}
        for link in links:
            if link.kind != "page" or self._refusal(link.url) is not None:
                continue
            score = ita_link_score(link, words, self.loaded.year)
            if score is not None and score > scored.get(link.url, -100):
                scored[link.url] = score
        return [u for u, _ in sorted(scored.items(), key=lambda kv: -kv[1])][:MAX_ITA_PAGES_TRIED]

    def _fetch_candidates(self, candidates: Iterable[Candidate]) -> None:
        for c in list(candidates):
            self.get(c.url)

    # -- 2. one step further for items still short of a pass ------------------------------------

    def expand(self, items: Iterable[str], route_of: Callable[[str], Route | None]) -> None:
        """Add what named pages link to (documents, and pages named like the item), one hop."""
        ev = self.evidence
        added: list[Candidate] = []
        # Pages found by the crawl are opened one hop out of within what is left of the crawl's
        # page budget. Without that bound, a trap the crawl found (an endless calendar whose
        # every page names the item) cost MAX_EXPANDED_LINKS fetches per trap page, up to the
        # scan's whole request budget, while the crawl itself stopped at max_crawl_pages.
        crawl_left = self.settings.max_crawl_pages - self._crawl_pages
        planned: set[str] = set()
        starved: set[str] = set()
        for item_id in sorted(set(items)):
            route = route_of(item_id)
            names = self._part_names[item_id]
            for c in [
                c for c in ev.candidates if c.item == item_id and c.route == route and c.hop == 0
            ]:
                page = ev.documents.get(c.url)
                if page is None or page.kind != "html" or item_id in starved:
                    continue
                count = 0
                for link in page.links:
                    if link.chrome:
                        continue  # the site menu on every page is not what this page lists
                    wanted = link.kind in ("document", "image") or bool(
                        names.find(f"{link.text} {file_label(link.url)}")
                    )
                    if not wanted or link.url == c.url:
                        continue
                    candidate = Candidate(
                        item=item_id,
                        url=link.url,
                        route=c.route,
                        via=c.url,
                        link_text=link.text,
                        hop=1,
                    )
                    if candidate not in self._candidates:
                        opens = (
                            link.url not in ev.fetches
                            and link.url not in planned
                            and self._refusal(link.url) is None
                        )
                        if c.route == "crawl" and opens:
                            if crawl_left <= 0:
                                starved.add(item_id)
                                break
                            crawl_left -= 1
                            planned.add(link.url)
                        self._add(candidate)
                        added.append(candidate)
                    count += 1
                    if count >= MAX_EXPANDED_LINKS:
                        break
        self._crawl_pages += len(planned)
        for item_id in sorted(starved):
            gap = Gap(items=[item_id], url=None, reason=_CRAWL_LIMIT_REASON)
            if ev.decisive.get(item_id) == "crawl" and gap not in ev.gaps:
                ev.gaps.append(gap)
        self._fetch_candidates(added)

    # -- 3. the bounded crawl -----------------------------------------------------------------

    def crawl(self, decide: Sequence[str], hints: Sequence[str]) -> None:
        """Explore the site for ``decide`` items (no named evidence) and ``hints`` (failing)."""
        wanted = sorted(set(decide) | set(hints))
        full = self.settings.discovery == "full"
        if not wanted and not full:
            return
        ev = self.evidence
        matchers = {item_id: self._part_names[item_id] for item_id in wanted}

        known: dict[str, list[str]] = {}

        def relevant(text: str) -> list[str]:
            # Menus repeat on every page: each distinct label is matched once, and normalised
            # once for all the items' matchers.
            hits = known.get(text)
            if hits is None:
                prepared = PreparedText(text)
                hits = [i for i, m in matchers.items() if m.first(prepared) is not None]
                known[text] = hits
            return hits

        queue: list[_Queued] = []
        seen: set[str] = set()
        order = 0

        def push(url: str, depth: int, text: str, score: int) -> None:
            nonlocal order
            if url in seen:
                return
            seen.add(url)
            order += 1
            heapq.heappush(queue, _Queued((-score, depth, order), url, depth, text))

        push(ev.base_url, 0, "", 1)
        pages = 0
        while queue and pages < self.settings.max_crawl_pages:
            entry = heapq.heappop(queue)
            page = ev.documents.get(entry.url)
            if entry.url not in ev.fetches:
                pages += 1
                page = self.get(entry.url)
            if self._budget_spent is not None:
                # The scan's time or request budget ran out: the rest of the site was never
                # searched, so an item the crawl decides cannot be called missing (DECISIONS
                # 8). Without this gap a slow server turned crawl-decided items into "fail".
                if decide:
                    reason = f"the crawl stopped early: {self._budget_spent}"
                    ev.gaps.append(Gap(items=list(decide), url=None, reason=reason))
                break
            if page is None:
                for item_id in relevant(entry.text):
                    if item_id in decide and self._failed_unreachably(entry.url):
                        ev.gaps.append(
                            Gap(
                                items=[item_id],
                                url=entry.url,
                                reason="a page that may hold this item could not be read",
                            )
                        )
                continue
            self._classify(page, entry.text, relevant)
            if page.kind != "html":
                continue
            for link in page.links:
                refused = self._refusal(link.url) is not None
                if not refused and link.url in seen:
                    continue  # queued or opened already (the menus on every page)
                hits = relevant(f"{link.text} {file_label(link.url)}")
                if refused:
                    for item_id in hits:  # an off-site document named like the item: note it
                        self._add(
                            Candidate(
                                item=item_id,
                                url=link.url,
                                route="crawl",
                                via=page.url,
                                link_text=link.text,
                            )
                        )
                        ev.offsite.setdefault(link.url, link.host)
                    continue
                if (
                    link.kind == "page"
                    and (full or hits or (entry.depth == 0 and decide))
                    and entry.depth < self.settings.max_depth
                ):
                    push(link.url, entry.depth + 1, link.text, len(hits))
                elif link.kind in ("document", "image") and hits:
                    push(link.url, entry.depth + 1, link.text, len(hits) + 1)
        self._crawl_pages += pages
        left = [q for q in queue if q.url not in ev.fetches]
        if left and self._budget_spent is None:
            for item_id in decide:
                if any(item_id in relevant(q.text) for q in left):
                    ev.gaps.append(Gap(items=[item_id], url=None, reason=_CRAWL_LIMIT_REASON))

    def _classify(
        self, page: Document, link_text: str, relevant: Callable[[str], list[str]]
    ) -> None:
        label = " ".join(
            [link_text, page.title, *page.headings[:3], page.text[:300], file_label(page.url)]
        )
        for item_id in relevant(label):
            self._add(Candidate(item=item_id, url=page.url, route="crawl", link_text=link_text))

    def _add(self, candidate: Candidate) -> bool:
        """Record ``candidate`` once; whether it was new."""
        if candidate in self._candidates:
            return False
        self._candidates.add(candidate)
        self.evidence.candidates.append(candidate)
        return True


def _internal_address(url: str) -> bool:
    """Whether ``url``'s host is a non-public IP address (10.x, 192.168.x, 169.254.169.254,
    loopback…) or ``localhost``. Nobody outside the agency can open evidence there, so such a
    link or redirect is not off-site evidence (``review``, counted 100 in the optimistic score):
    it stays a refused fetch, which makes the item ``unknown``."""
    host = host_of(url)
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return address_category(ip) is not None


def _cut_reason(result: FetchResult, document: Document) -> str:
    why = document.problems[-1] if document.problems else "it could not be opened"
    return (
        f"{result.reason or 'body cut at the size cap'}; the part read could not be opened "
        f"({why}); raise crawl.max_bytes to read it whole"
    )
