"""Website text and URLs made inert for Markdown (GitHub and GitLab also render raw HTML in it).

Markdown punctuation gets a backslash and ``< > &`` become entities, so a site's ``<img onerror=…>``
stays text and its ``&#106;avascript:`` is never decoded; URLs are code spans, never links, with
the characters a URL cannot contain percent-encoded (they could close the span or split a cell).
Used by the CI summary and the task list.
"""

from __future__ import annotations

import re

from checker.output.oneline import flat

CELL_LIMIT = 300  # characters of website text per table cell
URL_LIMIT = 300

_ESCAPES = {ord(c): "\\" + c for c in "\\`*_[]()#+-!|~"} | {
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord("&"): "&amp;",
    ord("@"): "@\u200b",  # a zero-width space after @ keeps "@someone" from notifying a user
}
# What a URL may not contain as such (RFC 3986 excludes all of these); percent-encoded.
_URL_UNSAFE = re.compile(
    '[\x00-\x20\x7f-\x9f"<>\\\\^`{|}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]'
)


def md(text: str | None, limit: int = CELL_LIMIT) -> str:
    """Website text as one line of inert Markdown: no markup, no HTML, no line breaks."""
    return flat(text, limit).translate(_ESCAPES)


def code_url(url: str | None, limit: int = URL_LIMIT) -> str:
    """A URL as a code span: visible and copyable, never a link."""
    if not url:
        return "—"
    if len(url) > limit:
        url = url[:limit] + "…"
    encoded = _URL_UNSAFE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")), url
    )
    return f"`{encoded}`"
