"""Find the agency's ITA page and read which links it gives for each item.

ITA pages come as tables, lists, accordions and tabs, with item codes written ``O1``, ``o1``,
``O.1``, ``O 1``, ``OIT1``, ``O01`` — or no code, just the item's title — and often with several
years on one page. The parser flattens the page into a stream of headings, texts and links in
document order; a code or a title starts an item's row, the links that follow belong to it, a
year heading (or a tab panel whose id carries a year) starts a section. Only the assessment
year's section is read; a page without any year marker counts as the current year.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bs4.element import NavigableString, Tag

from checker.catalogue.models import Item
from checker.evidence.models import IndexPage, IndexRow, RowLink
from checker.extract.html import parse_html
from checker.extract.links import absolute_url, unwrap_viewer
from checker.extract.models import Link
from checker.thai.fiscal import ce_to_be
from checker.thai.text import NameMatcher, match_key, normalise

_CODE = re.compile(r"^\s*(?:ข้อ\s*)?(?:OIT|O)\s*[.:\-]?\s*0*([1-9][0-9]?)(?![0-9])", re.IGNORECASE)
_YEAR = re.compile(r"(?<![0-9])(25[6-9][0-9]|20[2-4][0-9])(?![0-9])")
_ID_YEAR = re.compile(r"(25[6-9][0-9])")
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "select", "option"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6", "summary", "legend", "caption", "button", "th"}
_HEADING_CLASSES = (
    "accordion-header",
    "accordion-button",
    "card-header",
    "panel-heading",
    "panel-title",
    "collapse-title",
    "tab-title",
    "elementor-tab-title",
)
_BLOCKS = {
    "p",
    "div",
    "li",
    "tr",
    "td",
    "dd",
    "dt",
    "table",
    "tbody",
    "thead",
    "ul",
    "ol",
    "section",
    "article",
    "br",
    "hr",
    "main",
    "body",
    "details",
    "figure",
}
_MAX_TITLE_EXTRA = 40  # characters a title-only row may add after the title (a year, "ฉบับ…")


@dataclass
class _Event:
    kind: str  # text | heading | link | section_start | section_end
    text: str = ""
    url: str = ""
    wrapped_by: str | None = None
    year: int | None = None


def _year_in_attributes(tag: Tag) -> int | None:
    for value in (tag.get("id"), *(tag.get("class") or [])):
        if isinstance(value, str):
            match = _ID_YEAR.search(value)
            if match:
                return int(match.group(1))
    return None


def _is_heading(tag: Tag) -> bool:
    if tag.name in _HEADINGS:
        return True
    classes = " ".join(tag.get("class") or []).lower()
    if any(c in classes for c in _HEADING_CLASSES):
        return True
    return tag.name == "a" and (
        tag.has_attr("data-toggle")
        or tag.has_attr("data-bs-toggle")
        or str(tag.get("href", "")).startswith("#")
    )


class _Flattener:
    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        self.events: list[_Event] = []
        self._buffer: list[str] = []

    def flush(self) -> None:
        text = normalise(" ".join(self._buffer))
        self._buffer.clear()
        if text:
            self.events.append(_Event("text", text))

    def link(self, tag: Tag, attribute: str) -> None:
        href = tag.get(attribute)
        url = absolute_url(self.page_url, href) if isinstance(href, str) else None
        if url is None:
            return
        url, wrapper = unwrap_viewer(url)
        text = normalise(tag.get_text(" ")) or normalise(
            " ".join(str(img.get("alt", "")) for img in tag.find_all("img"))
            or str(tag.get("title", ""))
        )
        self.flush()
        self.events.append(_Event("link", text, url, wrapper))

    def walk(self, root: Tag) -> None:
        """Visit ``root``'s descendants in document order.

        Iterative, with an explicit stack: a page of unclosed ``<li>`` or ``<font>`` tags nests
        thousands deep, past Python's recursion limit.
        """
        stack: list[object] = list(reversed(root.contents))
        while stack:
            node = stack.pop()
            if isinstance(node, _End):
                if node.block:
                    self.flush()
                self._end_section(node.year)
            elif isinstance(node, NavigableString):
                if type(node) is NavigableString:  # not a Comment or CData
                    self._buffer.append(str(node))
            elif isinstance(node, Tag) and node.name not in _SKIP:
                children = self.visit(node)
                if children is not None:
                    stack.extend(children)

    def visit(self, tag: Tag) -> list[object] | None:
        """Start visiting ``tag``; what to push on the walk's stack for its children, if any."""
        year = _year_in_attributes(tag) if tag.name not in ("a", "img") else None
        if year is not None:
            self.flush()
            self.events.append(_Event("section_start", year=year))
        if tag.name in ("a", "area") and tag.has_attr("href") and not _is_heading(tag):
            self.link(tag, "href")
        elif tag.name in ("iframe", "embed") and tag.has_attr("src"):
            self.link(tag, "src")
        elif tag.name == "object" and tag.has_attr("data"):
            self.link(tag, "data")
        elif _is_heading(tag):
            self.flush()
            self.events.append(_Event("heading", normalise(tag.get_text(" "))))
            for anchor in tag.find_all(["a", "area"], href=True):
                if not _is_heading(anchor):
                    self.link(anchor, "href")
        else:
            block = tag.name in _BLOCKS
            if block:
                self.flush()
            # The children in reverse (the stack pops them in order), after them the end.
            return [_End(block, year), *reversed(tag.contents)]
        self._end_section(year)
        return None

    def _end_section(self, year: int | None) -> None:
        if year is not None:
            self.flush()
            self.events.append(_Event("section_end", year=year))


@dataclass(frozen=True)
class _End:
    """On the walk's stack: the end of a tag whose children were pushed before it."""

    block: bool
    year: int | None


def flatten(html: str, page_url: str) -> list[_Event]:
    soup = parse_html(html)  # as the extractor parses pages: no warnings, NULs dropped
    flattener = _Flattener(page_url)
    root = soup.body or soup
    flattener.walk(root)
    flattener.flush()
    return flattener.events


class ItemRecogniser:
    """Recognises an item from a code ("O.3") or from its title written alone."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.numbers = {item.number: item.id for item in items}
        self._titles: list[tuple[str, str]] = []  # (key, item id), longest first
        for item in items:
            for title in (item.title, *item.aliases):
                self._titles.append((match_key(title), item.id))
        self._titles.sort(key=lambda pair: -len(pair[0]))

    def by_code(self, text: str) -> str | None:
        match = _CODE.match(text)
        if match is None:
            return None
        return self.numbers.get(int(match.group(1)))

    def by_title(self, text: str) -> str | None:
        key = match_key(text)
        for title_key, item_id in self._titles:
            if key.startswith(title_key) and len(key) <= len(title_key) + _MAX_TITLE_EXTRA:
                return item_id
        return None


def _looks_like_section(text: str) -> bool:
    """A plain paragraph that titles a section, such as "<p><b>ITA 2566</b></p>"."""
    key = match_key(text)
    return (
        len(text) <= 150
        and (key.startswith(("ita", "oit")) or "ประเมินคุณธรรมและความโปร่งใส" in key)
        and _section_year(text) is not None
    )


def _section_year(text: str) -> int | None:
    if len(text) > 150:
        return None
    years = []
    for raw in _YEAR.findall(text):
        value = int(raw)
        years.append(value if value > 2500 else ce_to_be(value))
    return max(years) if years else None


def _rows(
    events: Sequence[_Event], recogniser: ItemRecogniser, page_url: str
) -> Iterator[tuple[int | None, IndexRow]]:
    year: int | None = None
    stack: list[int | None] = []
    row: IndexRow | None = None
    row_year: int | None = None

    def start(item_id: str, label: str, how: str) -> IndexRow:
        return IndexRow(item=item_id, label=label, matched_by=how)

    for event in events:
        if event.kind == "section_start":
            stack.append(year)
            year = event.year
            continue
        if event.kind == "section_end":
            year = stack.pop() if stack else None
            continue
        if event.kind == "link" and event.url.split("#")[0] == page_url.split("#")[0]:
            continue
        # A code always starts a row. A title alone starts one in a heading, or where rows are
        # recognised by title anyway: inside a coded row, a title-like text is that row's
        # description or link text ("the O26 announcement", linked again for O28).
        item_id, how = recogniser.by_code(event.text), "code"
        titles_allowed = event.kind == "heading" or row is None or row.matched_by == "title"
        if item_id is None and titles_allowed:
            item_id, how = recogniser.by_title(event.text), "title"
        if item_id is not None and (row is None or row.item != item_id or event.kind != "link"):
            if row is not None:
                yield row_year, row
            row, row_year = start(item_id, event.text, how), year
            if event.kind != "link":
                continue
        elif event.kind == "heading" or (event.kind == "text" and _looks_like_section(event.text)):
            marker = _section_year(event.text)
            if marker is not None:
                year = marker
            if row is not None:
                yield row_year, row
            row = None
            continue
        if row is None:
            continue
        if event.kind == "link":
            row.links.append(RowLink(url=event.url, text=event.text, wrapped_by=event.wrapped_by))
        elif len(row.text) < 500:
            row.text = f"{row.text} {event.text}".strip()
    if row is not None:
        yield row_year, row


def parse_ita_page(
    html: str, page_url: str, items: Sequence[Item], assessment_year: int
) -> IndexPage:
    recogniser = ItemRecogniser(items)
    events = flatten(html, page_url)
    by_year: dict[int | None, dict[str, IndexRow]] = {}
    for year, row in _rows(events, recogniser, page_url):
        rows = by_year.setdefault(year, {})
        if row.item in rows:  # an item split over two blocks: keep one row, all links
            rows[row.item].links.extend(row.links)
            rows[row.item].text = f"{rows[row.item].text} {row.text}".strip()
        else:
            rows[row.item] = row
    years_seen = sorted(y for y in by_year if y is not None)
    if assessment_year in by_year:
        chosen: int | None = assessment_year
    elif None in by_year:
        chosen = None  # rows outside any year section: the page's current content
    else:
        chosen = -1  # only other years' sections: nothing for this assessment year
    rows = by_year.get(chosen, {}) if chosen != -1 else {}
    return IndexPage(
        url=page_url,
        year_section=chosen if chosen not in (None, -1) else None,
        years_seen=years_seen,
        rows=rows,
    )


def ita_link_score(link: Link, words: NameMatcher, assessment_year: int) -> int | None:
    """How likely a home-page link leads to this year's ITA page (None: not at all)."""
    label = f"{link.text} {link.url}"
    if not words.find(link.text) and "ita" not in link.url.lower():
        return None
    score = 1
    years = {int(y) if int(y) > 2500 else ce_to_be(int(y)) for y in _YEAR.findall(label)}
    if assessment_year in years:
        score += 10
    elif years:
        score -= 5
    if "ita" in link.text.lower():
        score += 3
    if "ita" in link.url.lower():
        score += 2
    return score
