"""Fuzz ``read_document`` (the HTML, PDF and Office extractors behind it) with bad bodies.

Contract (checker/extract/read.py, models.py): never raises, whatever the bytes, the declared
Content-Type or charset; a body nobody can read is a ``Document`` with ``readable=False`` and
its reason in ``unreadable``. ``read_document`` has a safety net that turns a reader's exception
into "internal error": a case that needs it is a bug too, so it fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from checker.crawl.models import FetchOutcome, FetchResult
from checker.extract import read_document
from checker.extract.models import Document
from checker.paths import demo_site_dir
from tests.fuzz.support import any_text, fuzz_settings, html_documents, ran
from tests.support.fetched import URL, fetched

KINDS = {"html", "pdf", "image", "office", "other"}
REASONS = {"image", "no_text", "unsupported", "encrypted", "corrupt", "empty"}
DATA = Path(__file__).resolve().parents[1] / "extract" / "data"
PDFS = {
    p.name: p.read_bytes()
    for p in [*sorted(demo_site_dir().rglob("*.pdf")), *sorted(DATA.glob("*.pdf"))]
}
OFFICE = {p.name: p.read_bytes() for p in sorted(DATA.glob("*.docx")) + sorted(DATA.glob("*.xlsx"))}
assert len(PDFS) >= 30 and OFFICE

CONTENT_TYPES = st.sampled_from(
    [
        None,
        "text/html",
        "application/xhtml+xml",
        "application/pdf",
        "application/octet-stream",
        "image/png",
        "image/bmp",
        "text/plain",
        "application/json",
        "application/xml",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/x-foo",
        "",
        "text/html; charset=utf-8",
        "APPLICATION/PDF",
    ]
)
CHARSETS = st.one_of(
    st.sampled_from(
        [
            None,
            "",
            "utf-8",
            "UTF-8",
            "utf8mb4",
            "windows-874",
            "tis-620",
            "TIS620",
            "iso-8859-11",
            "iso-8859-1",
            "us-ascii",
            "utf-16",
            "utf-16be",
            "utf-32",
            "utf-7",
            "x-foo",
            "rot13",
            "idna",
            "unicode_escape",
            "base64",
            "hz",
            "iso2022_jp",
            "shift_jis",
            "cp1252",
            '"utf-8"',
            "utf-8;",
            "\x00",
            " ",
        ]
    ),
    any_text,
)
ENCODINGS = st.sampled_from(
    ["utf-8", "cp874", "tis-620", "utf-16", "utf-16-be", "latin-1", "cp1252", "gb18030", "utf-7"]
)
OUTCOMES: list[FetchOutcome] = ["ok"] * 8 + ["not_modified", "gone", "budget"]


def check_read(result: FetchResult) -> Document:
    document = read_document(result)
    assert isinstance(document, Document)
    internal = [p for p in document.problems if "internal error" in p]
    assert not internal, internal  # the safety net caught a reader's exception: a bug
    assert document.url == URL
    assert document.kind in KINDS
    assert document.content_type == result.content_type
    assert document.readable == (document.unreadable is None), document
    if not document.readable:
        assert document.unreadable in REASONS
        assert document.problems or document.kind == "image", document
    if document.kind == "pdf" and document.pages is not None:
        assert document.pages >= 0
    assert isinstance(document.text, str)
    for link in document.links:
        assert link.url.startswith(("http://", "https://")), link
    for image in document.images:
        assert image.src.startswith(("http://", "https://")), image
    return document


# ---------------------------------------------------------------------------------------------
# Random bytes and random pages


@fuzz_settings(examples=250)
@given(
    st.sampled_from([b"", b"%PDF-1.7\n", b"<html>", b"PK\x03\x04", b"\xef\xbb\xbf", b"{\\rtf1"]),
    st.binary(max_size=3000),
    CONTENT_TYPES,
    CHARSETS,
    st.sampled_from(OUTCOMES),
    st.booleans(),
)
def test_random_bytes(
    prefix: bytes,
    body: bytes,
    content_type: str | None,
    charset: str | None,
    outcome: FetchOutcome,
    truncated: bool,
) -> None:
    ran("read_document (random bytes)")
    check_read(fetched(prefix + body, content_type, charset, outcome=outcome, truncated=truncated))


@st.composite
def encoded_pages(draw: st.DrawFn) -> bytes:
    """A random page, with or without a (right, wrong or unknown) meta charset, in some
    encoding, sometimes behind a BOM or with invalid bytes spliced in."""
    html = draw(html_documents())
    meta = draw(st.sampled_from(["", "utf-8", "windows-874", "tis-620", "x-foo", "utf-16", "¿"]))
    if meta:
        html = f'<meta charset="{meta}">' + html
    if draw(st.booleans()):
        html = (
            '<?xml version="1.0" encoding="' + draw(st.sampled_from(["utf-8", "x"])) + '"?>' + html
        )
    body = html.encode(draw(ENCODINGS), "replace")
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(body)))
        body = body[:at] + draw(st.binary(min_size=1, max_size=8)) + body[at:]
    if draw(st.integers(0, 5)) == 0:
        body = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])) + body
    return body


@fuzz_settings(examples=150)
@given(encoded_pages(), CONTENT_TYPES, CHARSETS, st.booleans())
def test_random_html_pages(
    body: bytes, content_type: str | None, charset: str | None, truncated: bool
) -> None:
    ran("read_document (random HTML, any charset)")
    check_read(fetched(body, content_type, charset, truncated=truncated))


# ---------------------------------------------------------------------------------------------
# Mutated real PDFs (the demo site's and the test fixtures) and Office files

_NUMBER = re.compile(rb"\d+")
_PDF_TOKENS = [
    b"/Length", b"/Filter /FlateDecode", b"/Encrypt", b"/Type /Page", b"/Count 999999999",
    b"obj", b"endobj", b"stream\n", b"endstream", b"xref\n0 1\n", b"trailer", b"startxref\n0\n",
    b"%%EOF", b"<<", b">>", b"[", b"]", b"(", b")", b"/Kids [1 0 R]", b"1 0 R", b"/Root 1 0 R",
    b"/Font", b"/ToUnicode", b"/W [0 [500]]", b"/Title (\xfe\xff\xd8\x00)", b"\x00" * 16,
]  # fmt: skip


@st.composite
def _mutate(draw: st.DrawFn, data: bytes, others: list[bytes]) -> bytes:
    op = draw(
        st.sampled_from(
            ["flip", "truncate", "insert", "delete", "duplicate", "splice", "number", "token"]
        )
    )
    at = draw(st.integers(0, len(data)))
    if op == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    if op == "truncate":
        return data[:at]
    if op == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    if op == "delete":
        return data[:at] + data[at + draw(st.integers(1, 512)) :]
    if op == "duplicate":
        return data[:at] + data[at : at + draw(st.integers(1, 2048))] + data[at:]
    if op == "splice":  # the head of one file, the tail of another
        other = draw(st.sampled_from(others))
        return data[:at] + other[draw(st.integers(0, len(other))) :]
    if op == "number":  # object numbers, lengths, offsets, counts
        numbers = list(_NUMBER.finditer(data))
        if not numbers:
            return data
        found = draw(st.sampled_from(numbers))
        value = (
            draw(st.sampled_from([0, 1, 2**31 - 1, 2**31, 2**63, 10**30]))
            if draw(st.booleans())
            else draw(st.integers(0, 10**6))
        )
        return data[: found.start()] + str(value).encode() + data[found.end() :]
    return data[:at] + draw(st.sampled_from(_PDF_TOKENS)) + data[at:]


@st.composite
def mutated_pdfs(draw: st.DrawFn) -> bytes:
    data = PDFS[draw(st.sampled_from(sorted(PDFS)))]
    others = list(PDFS.values())
    for _ in range(draw(st.integers(1, 6))):
        data = draw(_mutate(data, others))
    return data


@fuzz_settings(examples=300)
@given(mutated_pdfs(), CONTENT_TYPES, st.booleans())
def test_mutated_pdfs(body: bytes, content_type: str | None, truncated: bool) -> None:
    ran("read_document (mutated real PDFs)")
    document = check_read(fetched(body, content_type, None, truncated=truncated))
    if document.kind == "pdf" and not document.readable:
        assert document.unreadable in ("no_text", "encrypted", "corrupt"), document


@fuzz_settings(examples=100)
@given(st.sampled_from(sorted(OFFICE)), st.data(), CONTENT_TYPES)
def test_mutated_office_files(name: str, data: st.DataObject, content_type: str | None) -> None:
    ran("read_document (mutated Office files)")
    body = OFFICE[name]
    for _ in range(data.draw(st.integers(1, 4))):
        body = data.draw(_mutate(body, list(OFFICE.values())))
    check_read(fetched(body, content_type, None))


@fuzz_settings(examples=100)
@given(st.sampled_from(sorted(PDFS)), st.sampled_from(["pdf-as-html", "html-as-pdf"]), CHARSETS)
def test_content_type_mismatched_to_body(name: str, how: str, charset: str | None) -> None:
    ran("read_document (Content-Type mismatched to body)")
    if how == "pdf-as-html":
        check_read(fetched(PDFS[name], "text/html", charset))
    else:
        page = b"<html><head><title>404</title></head><body>Not found " + PDFS[name][:200]
        check_read(fetched(page, "application/pdf", charset))
