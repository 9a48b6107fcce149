from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.crawl.models import FetchOutcome
from checker.extract import read, read_document
from checker.extract.read import sniff
from tests.support.fetched import URL, fetched

DATA = Path(__file__).parent / "data"


THAI_PAGE = (
    "<html><head><title>แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567</title></head>"
    "<body><h1>แผนการดำเนินงาน</h1><p>ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ “ฉบับปรับปรุง”</p></body></html>"
)


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (b"%PDF-1.7\n...", "application/pdf", "pdf"),
        (b"%PDF-1.4\n...", "application/octet-stream", "pdf"),
        (b"\xef\xbb\xbf  \n<!DOCTYPE html><html>", "application/pdf", "html"),
        (b"<html><body>x", None, "html"),
        (b"\r\n<!-- generator --><table>", "application/pdf", "html"),
        (b'<?xml version="1.0"?><!DOCTYPE html><html>', "application/xml", "html"),
        (b'<?xml version="1.0"?><svg xmlns="...">', "image/svg+xml", "image"),
        (b"\x89PNG\r\n\x1a\n....", "application/pdf", "image"),
        (b"\xff\xd8\xff\xe0JFIF", None, "image"),
        (b"GIF89a....", "text/html", "image"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", None, "image"),
        (b"PK\x03\x04....", "application/octet-stream", "office"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "application/msword", "office"),
        (b"{\\rtf1\\ansi\\ansicpg874", "application/rtf", "rtf"),
        (b"junk before %PDF-1.4\n", None, "pdf"),
        (b"plain words", "text/plain", "text"),
        (b"plain words", "text/html", "html"),
        (b"\x00\x01\x02", "application/octet-stream", "unknown"),
        (b"\x00\x01\x02", None, "unknown"),
    ],
)
def test_sniff_trusts_bytes_over_content_type(
    body: bytes, content_type: str | None, kind: str
) -> None:
    assert sniff(body, content_type) == kind


def test_pdf_served_as_octet_stream_is_read_as_pdf() -> None:
    document = read_document(
        fetched((DATA / "thai_plain.pdf").read_bytes(), "application/octet-stream")
    )
    assert document.kind == "pdf"
    assert document.readable
    assert "ปีงบประมาณ พ.ศ. 2567" in document.text
    assert document.problems == []


def test_a_pdf_link_that_serves_html_is_read_as_html() -> None:
    body = (
        "<!DOCTYPE html><html><head><title>404 ไม่พบหน้าที่ต้องการ</title></head>"
        "<body><p>ไม่พบเอกสาร</p></body></html>"
    ).encode()
    document = read_document(fetched(body, "application/pdf"))
    assert document.kind == "html"
    assert document.title == "404 ไม่พบหน้าที่ต้องการ"
    assert document.problems == ["served as application/pdf but the content is HTML"]


def test_cp874_page_with_windows_874_charset() -> None:
    document = read_document(fetched(THAI_PAGE.encode("cp874"), "text/html", "windows-874"))
    assert document.title == "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567"
    assert "ประจำปีงบประมาณ พ.ศ. 2567 “ฉบับปรับปรุง”" in document.text
    assert document.encoding == "cp874"
    assert document.problems == []


def test_latin1_header_on_utf8_thai_page() -> None:
    document = read_document(fetched(THAI_PAGE.encode("utf-8"), "text/html", "ISO-8859-1"))
    assert document.title == "แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567"
    assert document.encoding == "utf-8"
    assert document.problems == ["declared charset iso-8859-1 was wrong; decoded as utf-8"]


def test_broken_html_with_garbage_bytes_still_yields_text() -> None:
    # Unclosed tags, a NUL and bytes that are not UTF-8 around "ปี 2567" and "ก".
    body = (
        b"<html><body><div><p>\xe0\xb8\x9b\xe0\xb8\xb5 2567 \xff\xfe\x00 "
        b"<table><tr><td>\xe0\xb8\x81"
    )
    document = read_document(fetched(body, "text/html", "utf-8"))
    assert document.kind == "html"
    assert document.readable
    assert "ปี 2567" in document.text
    assert "ก" in document.text


def test_images_are_not_read() -> None:
    document = read_document(fetched(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"))
    assert document.kind == "image"
    assert not document.readable
    assert document.title == ""


def test_scanned_pdf_is_not_readable() -> None:
    document = read_document(fetched((DATA / "scanned.pdf").read_bytes(), "application/pdf"))
    assert document.kind == "pdf"
    assert not document.readable


def test_docx_and_xlsx_are_read() -> None:
    docx = read_document(fetched((DATA / "sample.docx").read_bytes(), "application/octet-stream"))
    assert docx.kind == "office"
    assert "ประจำปีงบประมาณ พ.ศ. 2567" in docx.text
    xlsx = read_document(fetched((DATA / "sample.xlsx").read_bytes(), None))
    assert "ปีงบประมาณ 2567" in xlsx.text


def test_plain_text_is_read() -> None:
    body = "ปีงบประมาณ ๒๕๖๗\n".encode("cp874")
    document = read_document(fetched(body, "text/plain", "tis-620"))
    assert document.kind == "other"
    assert document.text == "ปีงบประมาณ 2567"
    assert document.readable


@pytest.mark.parametrize("outcome", ["gone", "server_error", "unreachable", "not_modified"])
def test_failed_fetches_are_not_read(outcome: FetchOutcome) -> None:
    document = read_document(fetched(b"<html>error page</html>", outcome=outcome))
    assert not document.readable
    assert document.problems == [f"not read: the fetch outcome was {outcome}"]


def test_empty_body() -> None:
    document = read_document(fetched(b"  \n"))
    assert not document.readable
    assert document.problems == ["empty body"]


def test_truncated_body_is_noted() -> None:
    document = read_document(fetched(THAI_PAGE.encode()[:-20], truncated=True))
    assert document.kind == "html"
    assert document.problems == ["body cut at the size cap; the content may be incomplete"]


def test_document_url_is_the_final_url() -> None:
    final = "https://www.khwaoyai.go.th/ita/o9.php"
    document = read_document(fetched('<a href="plan.pdf">แผน</a>'.encode(), final_url=final))
    assert document.url == final
    assert document.links[0].url == "https://www.khwaoyai.go.th/ita/plan.pdf"


def test_a_reader_bug_costs_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("deep")

    monkeypatch.setattr(read, "read_html", broken)
    document = read_document(fetched(b"<html>x</html>"))
    assert not document.readable
    assert document.problems == ["could not be read: internal error (RecursionError)"]


_PREFIXES = [
    b"",
    b"%PDF-1.4\n",
    b"<html>",
    b"PK\x03\x04",
    b"\x89PNG\r\n\x1a\n",
    b"<?xml ",
    b"{\\rtf",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_PREFIXES),
    st.binary(max_size=2000),
    st.sampled_from([None, "text/html", "application/pdf", "image/png", "text/plain"]),
    st.sampled_from([None, "utf-8", "windows-874", "iso-8859-1", "bogus"]),
)
def test_read_document_never_raises(
    prefix: bytes, body: bytes, content_type: str | None, charset: str | None
) -> None:
    document = read_document(fetched(prefix + body, content_type, charset))
    assert document.url == URL
    # read_document catches everything; what matters is that no reader needed the safety net.
    assert not [p for p in document.problems if "internal error" in p]
    assert document.kind in ("html", "pdf", "image", "office", "other")
    if not document.readable:
        assert document.problems or document.kind == "image"


def test_truncated_pdf_fixture_via_read_document() -> None:
    document = read_document(fetched((DATA / "truncated.pdf").read_bytes(), "application/pdf"))
    assert document.kind == "pdf"
    assert not document.readable
    assert document.problems[0].startswith("corrupt or truncated PDF")
