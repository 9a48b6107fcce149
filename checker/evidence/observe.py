"""Turn collected evidence into engine facts: what each document declares, shows and offers.

Observations are made once per document (its fiscal years, date spans, months, images, channels)
and once per item part (does its label carry the part's names, which keywords and patterns are
in it). The engine, not this module, decides what passes.

How a document's fiscal year is read ("declared", recorded as a design decision in
docs/DECISIONS.md): explicit fiscal-year labels ("ปีงบประมาณ พ.ศ. 2567") in its title, headings or
first lines; else such labels anywhere; else years written in its title or first lines
("ประจำปี พ.ศ. 2567"); else the fiscal years of its dates. A document's own label outranks the
dates printed in it: last year's annual report is *dated* this fiscal year but *is for* last year.
Dates later than the as-of day are not evidence that something happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote, urlsplit

from checker.catalogue.models import (
    AnyOfCheck,
    Catalogue,
    Check,
    Item,
    KeywordsCheck,
    Part,
    PatternCheck,
)
from checker.engine import facts as F
from checker.evidence.models import Candidate, Evidence
from checker.extract.models import BROKEN_REASONS, Document
from checker.thai.dates import DateMention, find_date_mentions
from checker.thai.fiscal import ce_to_be, fiscal_year_of, month_key, months_in
from checker.thai.text import NameMatcher, PreparedText

LEAD_CHARS = 300  # the opening text that, with title and headings, forms a document's label
#: A page with less own text than this but with images keeps its substance in the images (a
#: poster of the executives): a person can read it, the checker cannot — "review".
IMAGE_PAGE_TEXT = 120
CITATION_REACH = 80  # characters between a law's name and the year that cites it
_DECORATION = re.compile(r"logo|icon|banner|spacer|bullet")


@dataclass
class DocumentObservation:
    """What one document shows, independent of any item."""

    kind: str
    readable: bool
    chars: int
    label: str  # title, headings and file name: what the document calls itself
    head: str  # the label plus the opening text: where a document says what it is
    body: str  # the content searched for keywords and patterns (title, headings, text)
    page: str  # body plus the site's header and footer (checks with ``where: page``)
    own: str  # body without the texts of the links it lists: dates and periods are read here
    label_keys: PreparedText = field(init=False)
    head_keys: PreparedText = field(init=False)
    body_keys: PreparedText = field(init=False)
    fiscal_years: dict[str, set[int]] = field(default_factory=dict)  # via → FYs (BE)
    halves: set[int] = field(default_factory=set)
    spans: set[tuple[int, int]] = field(default_factory=set)
    months: set[int] = field(default_factory=set)
    images: int = 0
    channels: set[str] = field(default_factory=set)
    _page_keys: PreparedText | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.label_keys = PreparedText(self.label)
        self.head_keys = PreparedText(self.head)
        self.body_keys = PreparedText(self.body)

    def keys(self, where: str) -> PreparedText:
        if where == "content":
            return self.body_keys
        if self._page_keys is None:
            self._page_keys = PreparedText(self.page)
        return self._page_keys

    def text(self, where: str) -> str:
        return self.body if where == "content" else self.page


@cache
def _matcher(names: tuple[str, ...]) -> NameMatcher:
    return NameMatcher(names)


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def file_label(url: str) -> str:
    """``/files/แผน-พัฒนา_2567.pdf`` → ``แผน พัฒนา 2567``: file names often say what a file is."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return re.sub(r"[-_+.]+", " ", stem)


def _without_link_texts(text: str, doc: Document) -> str:
    """A listing names other documents in its links ("สขร.1 เดือนตุลาคม 2566"); what a page *is*
    for must come from its own words, so link texts are cut out before reading dates."""
    # Only the texts that occur here can match: the others (a site's menus, mostly) would only
    # make one pattern of a hundred alternatives to compile for every document. Longest first,
    # as the alternation tries them in order.
    texts = sorted(
        {link.text for link in doc.links if len(link.text) >= 4 and link.text in text},
        key=len,
        reverse=True,
    )
    if not texts:
        return text
    return re.sub("|".join(map(re.escape, texts)), " ", text)


def _is_image_page(doc: Document) -> bool:
    """A page whose substance is a picture: little own text, a content image, no form."""
    if doc.kind != "html" or doc.forms:
        return False
    visible = len(doc.text) - doc.text.count(" ")
    pictures = [i for i in doc.images if not _DECORATION.search(f"{i.src} {i.alt}".lower())]
    return bool(pictures) and visible < IMAGE_PAGE_TEXT


def _months(mentions: Iterable[DateMention], as_of: dt.date, kinds: tuple[str, ...]) -> set[int]:
    out: set[int] = set()
    for m in mentions:
        if m.kind in kinds and m.start <= as_of:
            out.update(month_key(y, mo) for y, mo in months_in(m.start, min(m.end, as_of)))
    return out


def _fiscal_years_of_dates(mentions: Iterable[DateMention], as_of: dt.date) -> set[int]:
    """The fiscal years of the dates mentioned, up to the as-of day."""
    return {
        fiscal_year_of(day)
        for m in mentions
        if m.kind in ("day", "month", "range")
        for day in (m.start, m.end)
        if day <= as_of
    }


def _labels(mentions: Iterable[DateMention]) -> set[int]:
    return {
        m.fiscal_year
        for m in mentions
        if m.kind in ("fiscal_year", "fiscal_half") and m.fiscal_year is not None
    }


class Observer:
    """Observations and facts for one scan (catalogue settings and the as-of day fixed)."""

    def __init__(self, catalogue: Catalogue, items: Sequence[Item], as_of: dt.date) -> None:
        self.catalogue = catalogue
        self.items = {item.id: item for item in items}
        self.as_of = as_of
        self._six_months = _matcher(tuple(catalogue.six_month_words))
        self._web_board = _matcher(tuple(catalogue.channels.web_board_words))
        self._citation = (
            re.compile("(?:" + "|".join(re.escape(w) for w in catalogue.citation_words) + ")")
            if catalogue.citation_words
            else None
        )
        self._documents: dict[str, DocumentObservation] = {}
        self._link_kinds: dict[tuple[str, str], tuple[str, ...]] = {}
        self._ev: dict[str, str] = {}

    def ev(self, url: str) -> str:
        """The key of a document in facts: one per URL for the whole scan, so that an item's
        facts read the same in every round of evaluation."""
        key = self._ev.get(url)
        if key is None:
            key = self._ev[url] = f"d{len(self._ev) + 1}"
        return key

    # -- one document --------------------------------------------------------------------------

    def document(self, doc: Document, link_texts: Sequence[str] = ()) -> DocumentObservation:
        cached = self._documents.get(doc.url)
        if cached is not None:
            return cached
        readable = doc.readable and not _is_image_page(doc)
        label_parts = [doc.title, *doc.headings, file_label(doc.url)]
        if not doc.readable:
            label_parts.extend(link_texts)  # an image or a scan says nothing else about itself
        label = " ".join(p for p in label_parts if p)
        head = " ".join(p for p in (label, doc.text[:LEAD_CHARS]) if p)
        body = " ".join(p for p in (doc.title, *doc.headings, doc.text) if p)
        obs = DocumentObservation(
            kind=doc.kind,
            readable=readable,
            chars=len(doc.text),
            label=label,
            head=head,
            body=body,
            page=f"{body} {doc.chrome_text}" if doc.chrome_text else body,
            own=_without_link_texts(body, doc) if doc.links else body,
        )
        if doc.readable:
            self._observe_dates(obs, doc)
        if doc.kind == "html":
            obs.images = len(doc.images)
            obs.channels = self._channels(doc)
        elif doc.kind == "image" or doc.unreadable == "no_text":
            obs.images = 1  # a picture, or a scan: it shows something, a chart for instance
        self._documents[doc.url] = obs
        return obs

    def _cited(self, text: str, mention: DateMention) -> bool:
        if self._citation is None:
            return False
        before = text[max(0, mention.position - CITATION_REACH) : mention.position]
        return self._citation.search(before) is not None

    def _observe_dates(self, obs: DocumentObservation, doc: Document) -> None:
        as_of = self.as_of
        own_head = _without_link_texts(obs.head, doc) if doc.links else obs.head
        head_mentions = find_date_mentions(own_head)
        own_mentions = find_date_mentions(obs.own)
        # Dated entries of a listing (news, announcements) count with their link texts.
        listed = find_date_mentions(obs.body) if obs.own is not obs.body else own_mentions

        dated = _fiscal_years_of_dates(listed, as_of)
        own_dated = _fiscal_years_of_dates(own_mentions, as_of)
        labels = _labels(own_mentions)
        head_years = {
            ce_to_be(m.start.year)
            for m in head_mentions
            if m.kind == "year" and not self._cited(own_head, m)
        }
        declared = _labels(head_mentions) or labels or head_years or own_dated
        obs.fiscal_years = {"declared": declared, "label": labels, "date": dated}

        # A plan's period is what it states: a year range, or its fiscal year (not a posting date).
        obs.spans = {
            (ce_to_be(m.start.year), ce_to_be(m.end.year))
            for m in own_mentions
            if m.kind == "year_range" and not self._cited(obs.own, m)
        } | {(fy, fy) for fy in labels}

        if self._six_months.find(obs.body_keys):
            obs.halves.update(declared | labels)
        for m in own_mentions:
            october_to_march = m.start.month == 10 and m.end.month == 3
            one_year_apart = m.end.year == m.start.year + 1
            if m.kind in ("range", "fiscal_half") and october_to_march and one_year_apart:
                obs.halves.add(fiscal_year_of(m.end))

        # Months a document covers: the months it names (a table of monthly rows, a report
        # "ประจำเดือนตุลาคม 2566"); only when it names none, the months of its dates.
        obs.months = _months(own_mentions, as_of, ("month", "range")) or _months(
            own_mentions, as_of, ("day",)
        )

    def _channels(self, doc: Document) -> set[str]:
        found: set[str] = set()
        for form in doc.forms:
            if not form.is_search and (
                form.textareas >= 1 or form.text_inputs + form.textareas >= 2
            ):
                found.add("form")
        if self._web_board.find(" ".join([doc.title, *doc.headings])):
            found.add("web_board")
        for link in doc.links:
            found.update(self._link_channels(link.host, link.url))
        return found

    def _link_channels(self, host: str, url: str) -> tuple[str, ...]:
        """The channels a link leads to; once per distinct link (menus repeat on every page)."""
        key = (host, url)
        kinds = self._link_kinds.get(key)
        if kinds is None:
            channels = self.catalogue.channels
            host = host.removeprefix("www.")
            chat = any(
                host == h.removeprefix("www.") or host.endswith("." + h)
                for h in channels.chat_hosts
            )
            where = host + urlsplit(url).path
            form_service = any(
                where.startswith(p.removeprefix("www.")) for p in channels.form_service_prefixes
            )
            kinds = ("chat",) * chat + ("form_service",) * form_service
            self._link_kinds[key] = kinds
        return kinds

    # -- one item part -------------------------------------------------------------------------

    def names_match(self, part: Part, obs: DocumentObservation) -> list[str]:
        found = _matcher(tuple(part.names)).find(obs.head_keys)
        # not_names look at what the document calls itself, not at its first sentences
        if found and part.not_names and _matcher(tuple(part.not_names)).find(obs.label_keys):
            return []
        return found

    def keywords_found(self, check: KeywordsCheck, obs: DocumentObservation) -> list[str]:
        return _matcher(tuple(check.words)).find(obs.keys(check.where))

    def pattern_found(self, check: PatternCheck, obs: DocumentObservation) -> list[str]:
        return sorted({m.group(0) for m in _regex(check.pattern).finditer(obs.text(check.where))})

    # -- facts ---------------------------------------------------------------------------------

    def document_facts(
        self, item: str, part: str, ev: str, obs: DocumentObservation
    ) -> list[F.Fact]:
        """What the document shows, stated for one item part it is a candidate of."""

        def about(t: str, **fields: str | int) -> F.Fact:
            return F.about(t, item, part, ev, **fields)

        out = [about("doc", kind=obs.kind, readable=int(obs.readable), chars=obs.chars)]
        for via, years in obs.fiscal_years.items():
            out.extend(about("fy", fy=fy, via=via) for fy in sorted(years))
        out.extend(about("half", fy=fy) for fy in sorted(obs.halves))
        out.extend(about("span", lo=lo, hi=hi) for lo, hi in sorted(obs.spans))
        out.extend(about("month", ym=ym) for ym in sorted(obs.months))
        if obs.images:
            out.append(about("img", n=obs.images))
        out.extend(about("chan", kind=kind) for kind in sorted(obs.channels))
        return out

    def part_facts(self, item: str, part: Part, ev: str, obs: DocumentObservation) -> list[F.Fact]:
        out: list[F.Fact] = []
        if self.names_match(part, obs):
            out.append(F.name(item, part.id, ev))
        for check in _leaf_checks(part.checks):
            if isinstance(check, KeywordsCheck):
                n = len(self.keywords_found(check, obs))
                if n:
                    out.append(F.keywords(item, part.id, check.id, ev, n))
            elif isinstance(check, PatternCheck):
                n = len(self.pattern_found(check, obs))
                if n:
                    out.append(F.pattern(item, part.id, check.id, ev, n))
        return out


def _leaf_checks(checks: Sequence[Check]) -> Iterable[Check]:
    for check in checks:
        if isinstance(check, AnyOfCheck):
            yield from check.checks
        else:
            yield check


@dataclass
class FactSet:
    """Facts for one engine run, and how documents were keyed."""

    facts: list[F.Fact]
    ev_of: dict[str, str]  # url → ev
    states: dict[str, str]  # url → candidate state

    def url_of(self, ev: str) -> str | None:
        for url, key in self.ev_of.items():
            if key == ev:
                return url
        return None


def candidate_state(evidence: Evidence, url: str) -> str:
    if url in evidence.offsite:
        return "offsite"
    record = evidence.fetches.get(url)
    if record is None:
        return "unreachable"
    if record.outcome in ("ok", "not_modified") and url in evidence.documents:
        document = evidence.documents[url]
        return "broken" if document.unreadable in BROKEN_REASONS else "ok"
    if record.outcome == "gone":
        return "gone"
    return "unreachable"


def build_facts(
    observer: Observer,
    evidence: Evidence,
    candidates: Sequence[Candidate],
    gap_items: dict[str, int] | None = None,
) -> FactSet:
    """Facts for ``candidates``; ``gap_items`` maps items to the number of discovery gaps."""
    facts: list[F.Fact] = []
    ev_of: dict[str, str] = {}
    states: dict[str, str] = {}
    link_texts: dict[str, list[str]] = {}
    for c in candidates:
        link_texts.setdefault(c.url, []).append(c.link_text)
    for c in candidates:
        item = observer.items[c.item]
        ev = ev_of.setdefault(c.url, observer.ev(c.url))
        state = states.setdefault(c.url, candidate_state(evidence, c.url))
        for part in item.parts:
            facts.append(F.cand(item.id, part.id, ev, state))  # type: ignore[arg-type]
        if state != "ok":
            continue
        obs = observer.document(evidence.documents[c.url], link_texts[c.url])
        for part in item.parts:
            facts.extend(observer.document_facts(item.id, part.id, ev, obs))
            facts.extend(observer.part_facts(item.id, part, ev, obs))
    for item_id, count in (gap_items or {}).items():
        item = observer.items[item_id]
        for n in range(1, count + 1):
            for part in item.parts:
                facts.append(F.cand(item_id, part.id, f"gap{n}", "unreachable"))
    unique: dict[tuple[tuple[str, str | int], ...], F.Fact] = {}
    for fact in facts:
        unique.setdefault(tuple(sorted(fact.items())), fact)
    return FactSet(facts=list(unique.values()), ev_of=ev_of, states=states)
