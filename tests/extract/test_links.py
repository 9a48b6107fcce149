from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.extract.links import absolute_url, host_of, link_kind, resolve_link, unwrap_viewer

BASE = "https://www.example.go.th/ita/index.php"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("plan.pdf", "https://www.example.go.th/ita/plan.pdf"),
        ("/files/plan.pdf#page=2", "https://www.example.go.th/files/plan.pdf"),
        ("../files/a.pdf", "https://www.example.go.th/files/a.pdf"),
        ("  /files/a.pdf \n", "https://www.example.go.th/files/a.pdf"),
        ("files\\2567\\a.pdf", "https://www.example.go.th/ita/files/2567/a.pdf"),
        (
            "/files/แผน 2567.pdf",
            "https://www.example.go.th/files/%E0%B9%81%E0%B8%9C%E0%B8%99%202567.pdf",
        ),
        ("/files/a%20b.pdf", "https://www.example.go.th/files/a%20b.pdf"),
        ("?page=2", "https://www.example.go.th/ita/index.php?page=2"),
        ("//cdn.example.go.th/a.png", "https://cdn.example.go.th/a.png"),
        ("HTTP://WWW.Example.GO.TH:80/A.pdf", "http://www.example.go.th/A.pdf"),
        ("https://www.example.go.th:443", "https://www.example.go.th/"),
        ("https://www.example.go.th:8443/x", "https://www.example.go.th:8443/x"),
        ("https://user:secret@www.example.go.th/x", "https://www.example.go.th/x"),
        ("https://www.example.go.th/a/../b/./c.pdf", "https://www.example.go.th/b/c.pdf"),
        ("http://ทดสอบ.ไทย/", "http://xn--l3cfk7dp.xn--o3cw4h/"),
    ],
)
def test_absolute_url_resolves_and_normalises(href: str, expected: str) -> None:
    assert absolute_url(BASE, href) == expected


@pytest.mark.parametrize(
    "href",
    [
        "javascript:void(0)",
        " JavaScript:openWin('a.pdf')",
        "mailto:saraban@example.go.th",
        "tel:044123456",
        "data:image/png;base64,AAAA",
        "ftp://example.go.th/a.pdf",
        "http://[::1",
        "http://example.go.th:99999/",
        "https://",
    ],
)
def test_absolute_url_refuses_what_is_not_http(href: str) -> None:
    assert absolute_url(BASE, href) is None


@given(st.text(max_size=80), st.text(max_size=80))
def test_absolute_url_never_raises(base: str, href: str) -> None:
    result = absolute_url(base, href)
    assert result is None or result.startswith(("http://", "https://"))
    assert result is None or "#" not in result


@pytest.mark.parametrize(
    ("url", "document"),
    [
        ("https://x.go.th/viewer.php?pdf=%2Ffiles%2Fplan.pdf", "https://x.go.th/files/plan.pdf"),
        (
            "https://flowpaper.com/flipbook/?pdf=https://x.go.th/wp-content/uploads/2024/01/a.pdf",
            "https://x.go.th/wp-content/uploads/2024/01/a.pdf",
        ),
        (
            "https://x.go.th/pdfjs/web/viewer.html?file=%2Fuploads%2Fa.pdf",
            "https://x.go.th/uploads/a.pdf",
        ),
        # PDF.js resolves a relative file against the viewer itself.
        ("https://x.go.th/pdfjs/web/viewer.html?file=a.pdf", "https://x.go.th/pdfjs/web/a.pdf"),
        (
            "https://docs.google.com/viewer?url=https%3A%2F%2Fx.go.th%2Fdl.php%3Fid%3D5&embedded=true",
            "https://x.go.th/dl.php?id=5",
        ),
        ("https://x.go.th/show.php?FILE=/files/o9.PDF", "https://x.go.th/files/o9.PDF"),
        ("https://x.go.th/show.php?doc=%252Ffiles%252Fo9.pdf", "https://x.go.th/files/o9.pdf"),
        (
            "https://x.go.th/read.php?src=/wp-content/uploads/o9",
            "https://x.go.th/wp-content/uploads/o9",
        ),
    ],
)
def test_unwrap_viewer_finds_the_document(url: str, document: str) -> None:
    assert unwrap_viewer(url) == (document, url)


@pytest.mark.parametrize(
    "url",
    [
        "https://x.go.th/files/plan.pdf",
        "https://x.go.th/news.php?id=5",
        # A bare name on an unknown script would be resolved against the script's folder and
        # invent a URL: leave it wrapped (link_kind still calls it a document).
        "https://x.go.th/download.php?file=plan.pdf",
        # Redirect helpers to pages are not viewers.
        "https://x.go.th/go.php?url=https://www.nacc.go.th/",
        "https://x.go.th/viewer.php?pdf=javascript:alert(1)",
    ],
)
def test_unwrap_viewer_leaves_other_urls(url: str) -> None:
    assert unwrap_viewer(url) == (url, None)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://x.go.th/files/plan.pdf", "document"),
        ("https://x.go.th/files/PLAN.PDF", "document"),
        ("https://x.go.th/files/a.docx", "document"),
        ("https://x.go.th/files/a.xlsx", "document"),
        ("https://x.go.th/files/a.csv", "document"),
        ("https://x.go.th/files/a.rar", "document"),
        ("https://x.go.th/files/%E0%B9%81%E0%B8%9C%E0%B8%99.pdf", "document"),
        ("https://x.go.th/download.php?file=plan.pdf", "document"),
        ("https://drive.google.com/file/d/1AbC/view?usp=sharing", "document"),
        ("https://drive.google.com/open?id=1AbC", "document"),
        ("https://docs.google.com/spreadsheets/d/1AbC/edit", "document"),
        ("https://docs.google.com/document/d/1AbC/edit", "document"),
        ("https://drive.google.com/drive/folders/1AbC", "page"),
        ("https://docs.google.com/forms/d/e/1AbC/viewform", "page"),
        ("https://x.go.th/img/info.JPG", "image"),
        ("https://x.go.th/img/a.webp", "image"),
        ("https://x.go.th/img/a.svg", "image"),
        ("https://x.go.th/video/a.mp4", "other"),
        ("https://x.go.th/ita.php?year=2567", "page"),
        ("https://x.go.th/", "page"),
    ],
)
def test_link_kind(url: str, kind: str) -> None:
    assert link_kind(url) == kind


def test_resolve_link_marks_viewer_targets_as_documents() -> None:
    viewer = "https://docs.google.com/viewer?url=https%3A%2F%2Fx.go.th%2Fdl.php%3Fid%3D5"
    assert resolve_link(BASE, viewer) == ("https://x.go.th/dl.php?id=5", "document", viewer)
    assert resolve_link(BASE, "/viewer.php?pdf=%2Ffiles%2Fplan.pdf") == (
        "https://www.example.go.th/files/plan.pdf",
        "document",
        "https://www.example.go.th/viewer.php?pdf=%2Ffiles%2Fplan.pdf",
    )
    assert resolve_link(BASE, "mailto:a@example.go.th") is None


def test_host_of() -> None:
    assert host_of("https://WWW.Example.GO.TH:8443/x") == "www.example.go.th"
    assert host_of("not a url") == ""
    assert host_of("http://[::1") == ""
