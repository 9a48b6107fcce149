"""PDF → ``Document`` with pypdfium2: text layer, metadata title, first lines, page count.

PDFium holds C memory per document, page and text page; every object is closed in ``finally``
blocks (children before parents) so thousands of PDFs can be read in one process. PDFium is not
thread-safe, so all calls go through one lock: a crawler may fetch in threads, and PDF text
extraction is fast enough that serialising it costs little.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from checker.extract.models import Document, UnreadableReason
from checker.thai.text import normalise

__all__ = ["MAX_CHARS", "MAX_PAGES", "is_junk_title", "read_pdf"]

MAX_PAGES = 300
MAX_CHARS = 3_000_000
_HEADING_LINES = 5
# "Readable" means a real text layer: on average 4 non-space characters a page, and 20 in all.
# A scanned PDF has none; a scan with an OCR'd page number or stamp still falls short.
_MIN_CHARS_PER_PAGE = 4
_MIN_CHARS = 20

_LOCK = threading.Lock()

# Text layers written with HarfBuzz-shaped Thai come back with tabs or vertical tabs inside
# words ("ดำ\tเนิน"); between two Thai letters such a control is never a real separator.
_CONTROL_IN_THAI = re.compile(r"(?<=[\u0e01-\u0e5b])[\t\x0b\x0c]+(?=[\u0e01-\u0e5b])")
# Other C0 controls (PDFium marks hyphenation with \x02) and non-characters carry no text.
_JUNK_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|excel|powerpoint)\s*-|untitled\b|document\d*$|book\d*$"
    r"|presentation\d*$|ไม่มีชื่อ|\S+\.(?:docx?|xlsx?|pptx?|pdf|odt|rtf|indd|psd|ai)$)",
    re.IGNORECASE,
)


def _clean(raw: str) -> str:
    text = _CONTROL_IN_THAI.sub("", raw)
    return _JUNK_CONTROLS.sub(" ", text)


def _title(pdf: Any) -> str:
    try:
        title = normalise(_clean(pdf.get_metadata_value("Title")))
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        return ""
    return "" if is_junk_title(title) else title


def is_junk_title(title: str) -> bool:
    """Whether a metadata title says nothing ("Microsoft Word - x.docx", "untitled", "")."""
    title = title.strip()
    return not title or bool(_JUNK_TITLE.search(title)) or not any(ch.isalpha() for ch in title)


def _page_text(pdf: Any, index: int) -> str:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()


def read_pdf(url: str, body: bytes) -> Document:
    """Read a PDF body. Never raises: an unreadable PDF gives ``readable=False`` and a problem."""
    with _LOCK:
        return _read_locked(url, body)


def _read_locked(url: str, body: bytes) -> Document:
    problems: list[str] = []
    try:
        # PDFium treats no password as the empty one: PDFs encrypted with only an owner
        # password (to forbid printing or copying) open and read normally.
        pdf = pdfium.PdfDocument(body)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        reason: UnreadableReason = "encrypted"
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            problem = "encrypted: the PDF needs a password to open"
        elif code == pdfium_c.FPDF_ERR_SECURITY:
            problem = "encrypted with an unsupported security handler"
        else:
            problem, reason = f"corrupt or truncated PDF: {exc}", "corrupt"
        return Document(url=url, kind="pdf", readable=False, unreadable=reason, problems=[problem])

    try:
        page_count = len(pdf)
        title = _title(pdf)
        texts: list[str] = []
        chars = 0
        last = min(page_count, MAX_PAGES)
        for index in range(last):
            try:
                text = _clean(_page_text(pdf, index))
            except pdfium.PdfiumError:
                problems.append(f"page {index + 1} could not be read")
                text = ""
            if chars + len(text) > MAX_CHARS:
                texts.append(text[: MAX_CHARS - chars])
                problems.append(
                    f"text cut at {MAX_CHARS:,} characters (on page {index + 1} of {page_count})"
                )
                last = index + 1
                break
            texts.append(text)
            chars += len(text)
        else:
            if page_count > MAX_PAGES:
                problems.append(f"only the first {MAX_PAGES} of {page_count} pages were read")
    finally:
        pdf.close()

    headings: list[str] = []
    if texts:
        for line in texts[0].splitlines():
            line = normalise(line)
            if line:
                headings.append(line)
                if len(headings) == _HEADING_LINES:
                    break
    full = normalise("\n".join(texts))
    visible = len(full) - full.count(" ")
    readable = visible >= _MIN_CHARS and visible >= _MIN_CHARS_PER_PAGE * max(last, 1)
    if not readable:
        problems.append(
            "no text layer (a scanned PDF?)"
            if visible == 0
            else f"too little text for {last} page(s): {visible} characters"
        )
    return Document(
        url=url,
        kind="pdf",
        title=title,
        headings=headings,
        text=full,
        readable=readable,
        unreadable=None if readable else "no_text",
        pages=page_count,
        problems=problems,
    )
