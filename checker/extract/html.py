"""HTML → ``Document``: the page's own text, its headings, links, forms and content images.

One parse (BeautifulSoup with lxml) and two walks over the tree, both iterative:

1. the whole document: title, ``<base>``, links (menus included: nothing linked is lost),
   forms, and the candidates for the content root;
2. the content root (``main``, ``[role=main]``, ``#content``, ``#main``, ``.content``, a sole
   ``article``; else ``body``): text, h1–h3 and images, skipping navigation chrome and the anchor
   text of links to documents and images (a page must not "contain" the PDFs it merely lists).

Text is gathered with a separator at every block boundary and only then normalised, so the
cells of a row do not glue together while ``<b>ปี</b>งบประมาณ`` stays one word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from checker.extract.links import absolute_url, host_of, resolve_link
from checker.extract.models import Document, Form, Image, Link
from checker.thai.text import normalise

__all__ = ["parse_html", "read_html"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Not text: code, templates, inline graphics, and the options of a <select> (a year picker
# "2565 2566 2567" would otherwise put every year on the page).
_JUNK = _words("script style noscript template svg math head select datalist")
_BLOCK = _words(
    """address article aside blockquote br button caption center dd details dialog div dl dt
    fieldset figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hr iframe img label
    legend li main nav ol option p pre section select summary table tbody td textarea tfoot th
    thead tr ul"""
)
_HEADINGS = frozenset({"h1", "h2", "h3"})
_MAX_HEADINGS = 30
_CONTEXT_CAP = 300
_LINK_TAGS = {
    "a": "href",
    "area": "href",
    "iframe": "src",
    "frame": "src",
    "embed": "src",
    "object": "data",
}

# Navigation chrome. Tags and roles first; then words of class/id tokens ("main-menu",
# "sidebar-left", "breadcrumbs"). Header/footer words only as whole site-level tokens, because
# "card-header", "accordion-header" and "entry-header" hold the titles of ITA items and posts.
_CHROME_TAGS = frozenset({"nav", "aside"})
_SECTIONING = frozenset({"article", "main", "section"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "menu", "menubar", "search"})
_CHROME_WORD = re.compile(
    r"menu|sidebar|breadcrumb|^nav(?:bar|igation|menu|list|s)?$"
    r"|^(?:top|sub|main|side|mobile|primary|secondary|site|global)nav$"
)
_HEADER_FOOTER_TOKEN = re.compile(
    r"^(?:(?:site|main|global|top|bottom|page-top)[-_]?)?(?:header|footer)"
    r"(?:[-_]?(?:wrap|wrapper|area|container|inner|outer|top|bottom|main|bar|section|region))?$"
)
# A token such as "has-sidebar" or "content-with-sidebar" describes a layout, not chrome;
# Bootstrap tabs and accordions ("nav nav-tabs") hold the year labels of ITA pages.
_NOT_CHROME_TOKEN = re.compile(r"^(?:has|no|with|is)[-_]|content|layout")
_NOT_CHROME_ELEMENT = re.compile(r"^(?:nav-)?(?:tabs?|pills?)$|^tab-|accordion")
_WORD_SPLIT = re.compile(r"[-_\s]+")

_ONCLICK_URL = re.compile(
    r"""(?:window\.open|location(?:\.href)?\s*=|location\.assign)\s*\(?\s*['"]([^'"]+)['"]"""
)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"\s;]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"<\?xml\b[^>]*>?", re.IGNORECASE)  # unclosed: to the end
_SURROGATE = re.compile("[\ud800-\udfff]")

_TEXT_INPUT_TYPES = frozenset({"", "text", "email", "tel", "search", "number", "url"})
_NON_TEXT_INPUT_TYPES = _words(
    """hidden submit button checkbox radio password file image reset color range date
    datetime-local month week time"""
)
_SEARCH_NAMES = _words(
    "q s search keyword keywords query ค้นหา searchword search_query txtsearch kw k"
)
_DECORATION = re.compile(
    r"/icons?/|icon[^/]*$|spacer|blank\.gif|pixel\.gif|transparent\.gif", re.IGNORECASE
)


def _attr(tag: Tag, name: str) -> str:
    value = tag.attrs.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(value)
    return str(value)


def _tokens(tag: Tag) -> list[str]:
    tokens = _attr(tag, "class").lower().split()
    ident = _attr(tag, "id").strip().lower()
    if ident:
        tokens.append(ident)
    return tokens


def _is_chrome(tag: Tag, in_section: bool) -> bool:
    name = tag.name
    if name in _CHROME_TAGS:
        return True
    if name in ("header", "footer") and not in_section:
        return True
    if _attr(tag, "role").strip().lower() in _CHROME_ROLES:
        return True
    tokens = _tokens(tag)
    if not tokens or any(_NOT_CHROME_ELEMENT.search(t) for t in tokens):
        return False
    for token in tokens:
        if _NOT_CHROME_TOKEN.search(token):
            continue
        if not in_section and _HEADER_FOOTER_TOKEN.match(token):
            return True
        if any(_CHROME_WORD.search(word) for word in _WORD_SPLIT.split(token) if word):
            return True
    return False


@dataclass
class _Walk:
    """What a walk over a subtree collects."""

    parts: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    images: list[Tag] = field(default_factory=list)


def _walk(
    root: Tag,
    *,
    skip_chrome: bool = False,
    silent: frozenset[int] = frozenset(),
    collect: bool = False,
) -> _Walk:
    """Gather the text under ``root`` with block separators; optionally headings and images.

    ``silent`` holds ``id()``s of elements whose text is left out (links to documents); their
    images are still collected.
    """
    out = _Walk()
    parts = out.parts
    # Stack items: (node, text_on, in_section), or a separator string to emit on the way out.
    stack: list[tuple[object, bool, bool] | str] = [(root, True, False)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        node, text_on, in_section = item
        if isinstance(node, NavigableString):
            if text_on and not isinstance(node, PreformattedString):
                parts.append(node)
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name in _JUNK:
            continue
        if skip_chrome and node is not root and _is_chrome(node, in_section):
            continue
        if silent and id(node) in silent:
            text_on = False
        if collect:
            if name == "img":
                out.images.append(node)
            elif text_on and name in _HEADINGS and len(out.headings) < _MAX_HEADINGS:
                heading = normalise(
                    "".join(_walk(node, skip_chrome=skip_chrome, silent=silent).parts)
                )
                if heading:
                    out.headings.append(heading)
        in_section = in_section or name in _SECTIONING
        if name in _BLOCK:
            parts.append("\n")
            stack.append("\n")
        children = node.contents
        for child in reversed(children):
            stack.append((child, text_on, in_section))
    return out


def _text_of(tag: Tag) -> str:
    """``_walk(tag)``'s text, by a walk that only gathers text (the context of every link
    is the text of its row or list item: thousands of small walks per site)."""
    parts: list[str] = []
    stack: list[object] = [tag]
    while stack:
        node = stack.pop()
        if type(node) is str:  # a separator to emit on the way out (NavigableStrings are not)
            parts.append(node)
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):
                parts.append(node)
        elif isinstance(node, Tag):
            name = node.name
            if name in _JUNK:
                continue
            if name in _BLOCK:
                parts.append("\n")
                stack.append("\n")
            stack.extend(reversed(node.contents))
    return normalise("".join(parts))


@dataclass
class _Scan:
    """What the first walk over the whole document finds."""

    title: Tag | None = None
    og_title: str = ""
    first_h1: Tag | None = None
    base: str | None = None
    refresh: str | None = None
    link_tags: list[Tag] = field(default_factory=list)
    forms: list[Tag] = field(default_factory=list)
    roots: dict[str, Tag] = field(default_factory=dict)
    articles: list[Tag] = field(default_factory=list)
    body: Tag | None = None
    chrome_links: set[int] = field(default_factory=set)  # ids of links inside chrome
    site_blocks: list[Tag] = field(default_factory=list)  # header and footer blocks


_SCAN_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math"})
_DOCUMENT_LEVEL = frozenset({"[document]", "html", "body"})


def _scan(soup: BeautifulSoup) -> _Scan:
    scan = _Scan()
    stack: list[tuple[Tag, bool, bool]] = [(soup, False, False)]  # (tag, in_chrome, in_section)
    while stack:
        tag, in_chrome, in_section = stack.pop()
        name = tag.name
        if name in _SCAN_SKIP:
            continue
        if name == "title":
            if scan.title is None:
                scan.title = tag
            continue
        elif name == "meta":
            prop = (_attr(tag, "property") or _attr(tag, "name")).lower()
            if prop == "og:title" and not scan.og_title:
                scan.og_title = _attr(tag, "content")
            elif _attr(tag, "http-equiv").lower() == "refresh" and scan.refresh is None:
                match = _REFRESH_URL.search(_attr(tag, "content"))
                scan.refresh = match.group(1) if match else None
            continue
        elif name == "base":
            if scan.base is None and tag.attrs.get("href") is not None:
                scan.base = _attr(tag, "href")
            continue
        elif name == "body" and scan.body is None:
            scan.body = tag
        site_block = name in ("header", "footer", "address") or any(
            word in token for token in _tokens(tag) for word in ("footer", "header", "contact")
        )
        outermost = name not in _DOCUMENT_LEVEL and not in_chrome
        if site_block and outermost and _is_chrome(tag, in_section):
            scan.site_blocks.append(tag)
        if name in _LINK_TAGS:
            scan.link_tags.append(tag)
            if in_chrome or (name not in _DOCUMENT_LEVEL and _is_chrome(tag, in_section)):
                scan.chrome_links.add(id(tag))
        elif name == "form":
            scan.forms.append(tag)
        elif name == "h1" and scan.first_h1 is None:
            scan.first_h1 = tag
        if name not in _DOCUMENT_LEVEL:
            # Classes on <html>/<body> ("navbar-fixed", "has-sidebar") describe the layout.
            in_chrome = in_chrome or _is_chrome(tag, in_section)
            if not in_chrome:
                _note_root_candidate(scan, tag)
        in_section = in_section or name in _SECTIONING
        for child in reversed(tag.contents):
            if isinstance(child, Tag):
                stack.append((child, in_chrome, in_section))
    return scan


def _note_root_candidate(scan: _Scan, tag: Tag) -> None:
    roots = scan.roots
    name = tag.name
    if name == "main":
        roots.setdefault("main", tag)
    elif name == "article":
        scan.articles.append(tag)
    if _attr(tag, "role").strip().lower() == "main":
        roots.setdefault("[role=main]", tag)
    ident = _attr(tag, "id").strip().lower()
    if ident in ("content", "main"):
        roots.setdefault("#" + ident, tag)
    if "content" in _attr(tag, "class").lower().split():
        roots.setdefault(".content", tag)


_ROOT_ORDER = ("main", "[role=main]", "#content", "#main", ".content")


def _content_root(scan: _Scan) -> Tag | None:
    for key in _ROOT_ORDER:
        tag = scan.roots.get(key)
        if tag is not None:
            return tag
    # Several articles make a listing: the listing as a whole is the content.
    if len(scan.articles) == 1:
        return scan.articles[0]
    return None


def _link_text(tag: Tag) -> str:
    text = ""
    if tag.name == "a":
        contents = tag.contents
        if len(contents) == 1 and type(contents[0]) is NavigableString:
            text = normalise(contents[0])  # the usual <a>text</a>: no walk needed
        else:
            text = _text_of(tag)
    if not text:
        for img in tag.find_all("img"):
            text = normalise(_attr(img, "alt") or _attr(img, "title"))
            if text:
                break
    if not text:
        text = normalise(_attr(tag, "title") or _attr(tag, "aria-label") or _attr(tag, "alt"))
    return text


_CHROME_TEXT_CAP = 3_000  # header and footer text kept aside (contact details)
_CONTEXT_ITEMS = frozenset({"tr", "li", "p", "dd", "dt", "blockquote", "figure", "article"})
_CONTEXT_WRAPPERS = _words("div section span header footer h1 h2 h3 h4 h5 h6 strong b font center")


class _Contexts:
    """Context text of links, with each container's text computed once."""

    def __init__(self) -> None:
        self._cache: dict[int, str] = {}

    def _text(self, tag: Tag) -> str:
        key = id(tag)
        text = self._cache.get(key)
        if text is None:
            text = _text_of(tag)
            self._cache[key] = text
        return text

    def of(self, link: Tag, link_text: str) -> str:
        # Rows, list items and paragraphs are where listings put dates; a table cell gives way
        # to its row (the ITA table's code and title sit in the other cells). Plain wrappers are
        # climbed only while they add nothing to the link's own text.
        fallback = ""
        wrappers = 0
        node = link.parent
        while node is not None and node.name not in ("body", "html", "[document]"):
            name = node.name
            if name in _CONTEXT_ITEMS:
                return _window(self._text(node), link_text)
            if name in _CONTEXT_WRAPPERS:
                text = self._text(node)
                if len(text) > len(link_text) + 3:
                    return _window(text, link_text)
                fallback = fallback or text
                wrappers += 1
                if wrappers >= 4:
                    break
            node = node.parent
        return _window(fallback, link_text)


def _window(text: str, around: str) -> str:
    if len(text) <= _CONTEXT_CAP:
        return text
    pos = text.find(around) if around else -1
    start = 0 if pos < 0 else max(0, pos - _CONTEXT_CAP // 3)
    return text[start : start + _CONTEXT_CAP].strip()


def _links(scan: _Scan, base: str) -> tuple[list[Link], frozenset[int]]:
    """All links, deduplicated by URL, and the ids of anchors whose text leaves ``text``."""
    by_url: dict[str, Link] = {}
    silent: set[int] = set()
    contexts = _Contexts()
    raw: list[tuple[Tag | None, str]] = [(t, _attr(t, _LINK_TAGS[t.name])) for t in scan.link_tags]
    if scan.refresh:
        raw.insert(0, (None, scan.refresh))
    for tag, href in raw:
        href = href.strip()
        if tag is not None and (
            not href or href.startswith("#") or href.lower().startswith("javascript:")
        ):
            # "javascript:window.open('/files/a.pdf')" and onclick handlers still name a file.
            match = _ONCLICK_URL.search(href + " " + _attr(tag, "onclick"))
            if match is None:
                continue
            href = match.group(1)
        resolved = resolve_link(base, href)
        if resolved is None:
            continue
        url, kind, wrapper = resolved
        if tag is not None and kind in ("document", "image"):
            silent.add(id(tag))
        existing = by_url.get(url)
        in_chrome = tag is not None and id(tag) in scan.chrome_links
        if existing is not None:
            if existing.chrome and not in_chrome:  # also linked from the content
                existing = by_url[url] = existing.model_copy(update={"chrome": False})
            # A URL met again (a menu link repeated in the content): fill in a missing text,
            # and a context that says no more than the link itself ("เมนู" in a menu <li>).
            if tag is None or (existing.text and existing.context not in ("", existing.text)):
                continue
            text = existing.text or _link_text(tag)
            context = existing.context
            richer = contexts.of(tag, text)
            if len(richer) > len(context):
                context = richer
            if (text, context) != (existing.text, existing.context):
                by_url[url] = existing.model_copy(update={"text": text, "context": context})
            continue
        text = _link_text(tag) if tag is not None else ""
        context = contexts.of(tag, text) if tag is not None else ""
        by_url[url] = Link(
            url=url,
            text=text,
            kind=kind,
            host=host_of(url),
            wrapped_by=wrapper,
            context=context,
            chrome=in_chrome,
        )
    return list(by_url.values()), frozenset(silent)


def _form(tag: Tag, base: str) -> Form:
    method = _attr(tag, "method").strip().lower()
    method = "post" if method == "post" else "get"
    action_attr = _attr(tag, "action").strip()
    action = absolute_url(base, action_attr) if action_attr else None
    text_inputs = textareas = file_inputs = selects = 0
    text_names: list[str] = []
    has_search_type = False
    for field_tag in tag.find_all(["input", "textarea", "select"]):
        name = field_tag.name
        if name == "textarea":
            textareas += 1
        elif name == "select":
            selects += 1
        else:
            kind = _attr(field_tag, "type").strip().lower()
            if kind == "file":
                file_inputs += 1
            elif kind in _TEXT_INPUT_TYPES or kind not in _NON_TEXT_INPUT_TYPES:
                text_inputs += 1
                text_names.append(_attr(field_tag, "name").strip().lower())
                has_search_type = has_search_type or kind == "search"
    return Form(
        action=action,
        method=method,
        text_inputs=text_inputs,
        textareas=textareas,
        file_inputs=file_inputs,
        selects=selects,
        is_search=_is_search(
            tag, method, action_attr, text_names, has_search_type, textareas + file_inputs
        ),
    )


def _is_search(
    tag: Tag, method: str, action: str, names: list[str], search_type: bool, big_fields: int
) -> bool:
    node: Tag | None = tag
    for _ in range(6):
        if node is None:
            break
        if node.name == "search" or _attr(node, "role").strip().lower() == "search":
            return True
        node = node.parent
    if method != "get" or len(names) != 1 or big_fields:
        return False
    marked = any("search" in t for t in _tokens(tag)) or "search" in action.lower()
    return names[0] in _SEARCH_NAMES or search_type or marked


def _images(tags: list[Tag], base: str) -> list[Image]:
    images: dict[str, Image] = {}
    for tag in tags:
        src = _attr(tag, "src").strip()
        if not src or src.startswith("data:"):
            # Lazy loaders keep the real address in a data attribute.
            src = (
                _attr(tag, "data-src") or _attr(tag, "data-lazy-src") or _attr(tag, "data-original")
            ).strip()
        if not src:
            continue
        if _tiny(_attr(tag, "width")) or _tiny(_attr(tag, "height")):
            continue
        url = absolute_url(base, src)
        if url is None or (_DECORATION.search(url) and "logo" not in url.lower()):
            continue
        alt = normalise(_attr(tag, "alt"))
        if url not in images or (alt and not images[url].alt):
            images[url] = Image(src=url, alt=alt)
    return list(images.values())


def _tiny(value: str) -> bool:
    digits = value.strip().lower().removesuffix("px").strip()
    # ASCII digits as browsers read sizes (int() refuses "²"); a long number is no tiny size.
    return digits.isascii() and digits.isdigit() and len(digits) <= 10 and int(digits) <= 2


def parse_html(text: str) -> BeautifulSoup:
    """Parse decoded HTML with lxml, quietly, whatever the text (also for ``discover``)."""
    # A leading XML declaration only makes BeautifulSoup warn; a trailing newline stops its
    # "this looks like a URL/file name" warning on tiny bodies. NULs are dropped as browsers do.
    markup = _XML_DECLARATION.sub("", text.replace("\x00", "")) + "\n"
    if _SURROGATE.search(markup):  # only from a caller's str: lxml cannot encode them
        markup = _SURROGATE.sub("\ufffd", markup)
    return BeautifulSoup(markup, "lxml")


def read_html(
    url: str, text: str, *, encoding: str | None = None, problems: list[str] | None = None
) -> Document:
    """Read an HTML page (already decoded) fetched from ``url``."""
    soup = parse_html(text)
    scan = _scan(soup)
    base = url
    if scan.base is not None:
        base = absolute_url(url, scan.base) or url

    title = normalise(scan.title.get_text()) if scan.title is not None else ""
    title = title or normalise(scan.og_title)
    if not title and scan.first_h1 is not None:
        title = _text_of(scan.first_h1)

    links, silent = _links(scan, base)
    body = scan.body or soup
    root = _content_root(scan)
    walk = _walk(root or body, skip_chrome=True, silent=silent, collect=True)
    page_text = normalise("".join(walk.parts))
    if root is not None and len(page_text) < 20:
        # A "content" element that holds almost nothing is not the content root.
        fallback = _walk(body, skip_chrome=True, silent=silent, collect=True)
        fallback_text = normalise("".join(fallback.parts))
        if len(fallback_text) > len(page_text):
            walk, page_text = fallback, fallback_text
    headings = walk.headings
    if not headings:
        headings = [h for h in (_text_of(t) for t in soup.find_all(["h1", "h2", "h3"])) if h]
        headings = headings[:_MAX_HEADINGS]

    return Document(
        url=url,
        kind="html",
        title=title,
        headings=headings,
        text=page_text,
        links=links,
        forms=[_form(f, base) for f in scan.forms],
        images=_images(walk.images, base),
        chrome_text=normalise(" ".join(_text_of(b) for b in scan.site_blocks))[:_CHROME_TEXT_CAP],
        readable=True,
        encoding=encoding,
        problems=list(problems or []),
    )
