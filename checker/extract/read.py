"""``read_document``: sniff what a fetched body really is, then hand it to the right reader.

The bytes decide, not the Content-Type: Thai CMSs serve PDFs as ``application/octet-stream``
and serve their HTML error or login pages under a ``.pdf`` URL as ``application/pdf``. A body
that starts like HTML is HTML; ``%PDF-`` is a PDF; image and ZIP signatures are images and
Office files. The Content-Type is only consulted when the bytes say nothing.
"""

from __future__ import annotations

import logging
from typing import Literal

from checker.crawl.models import FetchResult
from checker.extract.encoding import decode_text
from checker.extract.html import read_html
from checker.extract.models import Document
from checker.extract.office import OLE2_MAGIC, read_office
from checker.extract.pdf import read_pdf
from checker.thai.text import normalise

__all__ = ["Sniffed", "read_document", "sniff"]

log = logging.getLogger(__name__)

Sniffed = Literal["html", "pdf", "image", "office", "rtf", "text", "unknown"]

_WHITESPACE = b" \t\r\n\x0c"
_HTML_STARTS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<meta",
    b"<title",
    b"<script",
    b"<link",
    b"<style",
    b"<div",
    b"<table",
    b"<!--",
    b"<p>",
    b"<p ",
    b"<h1",
    b"<br",
    b"<center",
    b"<frameset",
)
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_OFFICE_TYPES = (
    "application/vnd.openxmlformats",
    "application/vnd.oasis.opendocument",
    "application/msword",
    "application/vnd.ms-",
)


def sniff(body: bytes, content_type: str | None = None) -> Sniffed:
    """What ``body`` is, from its first bytes; ``content_type`` breaks ties."""
    head = body[:1024]
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip(_WHITESPACE)
    lower = start[:256].lower()
    if start.startswith(b"%PDF-"):
        return "pdf"
    if lower.startswith(_HTML_STARTS):
        return "html"
    if lower.startswith(b"<?xml"):
        if b"<svg" in lower:
            return "image"
        if b"<html" in body[:4096].lower() or b"<!doctype html" in lower:
            return "html"
    if lower.startswith(b"<svg"):
        return "image"
    if body.startswith(_IMAGE_MAGIC) or (body[:4] == b"RIFF" and body[8:12] == b"WEBP"):
        return "image"
    if body.startswith((b"PK\x03\x04", b"PK\x05\x06", OLE2_MAGIC)):
        return "office"
    if start.startswith(b"{\\rtf"):
        return "rtf"
    if b"%PDF-" in head:  # the PDF standard tolerates junk before the header; PDFium does too
        return "pdf"
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == "image/bmp" and body.startswith(b"BM"):
        return "image"
    if media in _HTML_TYPES or b"<html" in body[:4096].lower():
        return "html"
    if media == "application/pdf":
        return "pdf"  # not a PDF signature: PDFium will say what is wrong with it
    if media.startswith(_OFFICE_TYPES):
        return "office"
    if media.startswith("image/"):
        return "image"
    if media.startswith("text/") or media in ("application/json", "application/xml"):
        return "text"
    return "unknown"


def _declared_kind(content_type: str | None) -> str | None:
    media = (content_type or "").lower()
    if media == "application/pdf":
        return "pdf"
    if media in _HTML_TYPES:
        return "html"
    return None


def read_document(result: FetchResult) -> Document:
    """Turn a fetch result into a ``Document``. Never raises, whatever the bytes."""
    url = result.final_url or result.url
    try:
        return _read(result, url).model_copy(update={"content_type": result.content_type})
    except Exception as exc:  # a reader bug must cost one document, not the scan
        log.warning("could not read %s", url, exc_info=True)
        return Document(
            url=url,
            kind="other",
            readable=False,
            unreadable="corrupt",
            problems=[f"could not be read: internal error ({type(exc).__name__})"],
        )


def _read(result: FetchResult, url: str) -> Document:
    if result.outcome != "ok":
        return Document(
            url=url,
            kind="other",
            readable=False,
            unreadable="empty",
            problems=[f"not read: the fetch outcome was {result.outcome}"],
        )
    body = result.body
    if not body.strip():
        return Document(
            url=url, kind="other", readable=False, unreadable="empty", problems=["empty body"]
        )

    kind = sniff(body, result.content_type)
    notes: list[str] = []
    declared = _declared_kind(result.content_type)
    if declared is not None and kind in ("html", "pdf") and declared != kind:
        notes.append(f"served as {result.content_type} but the content is {kind.upper()}")
    if result.truncated:
        notes.append("body cut at the size cap; the content may be incomplete")

    document = _dispatch(kind, url, body, result.charset)
    if notes:
        document = document.model_copy(update={"problems": [*notes, *document.problems]})
    return document


def _dispatch(kind: Sniffed, url: str, body: bytes, charset: str | None) -> Document:
    if kind == "html":
        decoded = decode_text(body, charset)
        return read_html(url, decoded.text, encoding=decoded.encoding, problems=decoded.problems)
    if kind == "pdf":
        return read_pdf(url, body)
    if kind == "office":
        return read_office(url, body)
    if kind == "image":
        return Document(url=url, kind="image", readable=False, unreadable="image")
    if kind == "rtf":
        return Document(
            url=url,
            kind="office",
            readable=False,
            unreadable="unsupported",
            problems=["RTF not read"],
        )
    if kind == "text":
        decoded = decode_text(body, charset)
        text = normalise(decoded.text)
        return Document(
            url=url,
            kind="other",
            text=text,
            readable=bool(text),
            unreadable=None if text else "empty",
            encoding=decoded.encoding,
            problems=decoded.problems if text else [*decoded.problems, "no text"],
        )
    return Document(
        url=url,
        kind="other",
        readable=False,
        unreadable="unsupported",
        problems=["unrecognised content"],
    )
