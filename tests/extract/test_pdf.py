from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from checker.extract import pdf as pdf_module
from checker.extract.pdf import is_junk_title, read_pdf

DATA = Path(__file__).parent / "data"
URL = "https://www.khwaoyai.go.th/files/plan2567.pdf"


def load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_thai_text_layer_is_read() -> None:
    document = read_pdf(URL, load("thai_plain.pdf"))
    assert document.kind == "pdf"
    assert document.readable
    assert document.pages == 2
    assert document.problems == []
    assert document.title == "แผนการดำเนินงานและการใช้งบประมาณ ประจำปีงบประมาณ พ.ศ. 2567"
    assert "ประจำปีงบประมาณ พ.ศ. 2567" in document.text
    assert "ระยะเวลาดำเนินการ 1 ตุลาคม 2566 ถึง 30 กันยายน 2567" in document.text
    assert "รอบ 6 เดือน (ต.ค. 66 - มี.ค. 67)" in document.text
    assert "ปีงบประมาณ 2567 ดำเนินการแล้วเสร็จ 15 โครงการ" in document.text  # Thai digits folded
    assert document.headings == [
        "แผนการดำเนินงานและการใช้งบประมาณประจำปี",
        "ประจำปีงบประมาณ พ.ศ. 2567",
        "องค์การบริหารส่วนตำบลขวาวใหญ่ อำเภอเมือง จังหวัดทดสอบ",
        "ระยะเวลาดำเนินการ 1 ตุลาคม 2566 ถึง 30 กันยายน 2567",
        "ยุทธศาสตร์ที่ 1 การพัฒนาโครงสร้างพื้นฐาน จำนวน 12 โครงการ งบประมาณ 4,500,000 บาท",
    ]


def test_shaped_text_layer_is_repaired_enough_to_match() -> None:
    # HarfBuzz-shaped Thai comes back as "ดำ\tเนิน" and "ท่ี": the tab inside the word goes,
    # and normalise puts the tone mark after the vowel.
    document = read_pdf(URL, load("thai_shaped.pdf"))
    assert document.readable
    assert "แผนการดำเนินงานและการใช้งบประมาณประจำปี" in document.text
    assert "ประจำปีงบประมาณ พ.ศ. 2567" in document.text
    assert "ยุทธศาสตร์ที่ 1" in document.text
    assert "ผู้รับผิดชอบ กองคลัง และสำนักปลัด" in document.text
    assert "\t" not in document.text
    assert document.headings[1] == "ประจำปีงบประมาณ พ.ศ. 2567"


def test_scanned_pdf_is_not_readable() -> None:
    document = read_pdf(URL, load("scanned.pdf"))
    assert document.pages == 1
    assert not document.readable
    assert document.text == ""
    assert document.problems == ["no text layer (a scanned PDF?)"]
    assert document.unreadable == "no_text"  # a person can read it: the checker says review


def test_encrypted_pdf_needs_a_password() -> None:
    document = read_pdf(URL, load("encrypted.pdf"))
    assert not document.readable
    assert document.problems == ["encrypted: the PDF needs a password to open"]
    assert document.unreadable == "encrypted"  # nobody can open it: the evidence is not there


def test_pdf_with_only_an_owner_password_opens() -> None:
    document = read_pdf(URL, load("owner_only.pdf"))
    assert document.readable
    assert "ประจำปีงบประมาณ พ.ศ. 2567" in document.text


@pytest.mark.parametrize("body", [b"", b"%PDF-1.7\n", b"%PDF-1.4\n%garbage\n" * 50])
def test_corrupt_pdfs_are_not_readable(body: bytes) -> None:
    document = read_pdf(URL, body)
    assert not document.readable
    assert document.problems[0].startswith("corrupt or truncated PDF")


def test_truncated_pdf_is_not_readable() -> None:
    document = read_pdf(URL, load("truncated.pdf"))
    assert document.unreadable == "corrupt"
    assert not document.readable
    assert document.problems == [
        "corrupt or truncated PDF: Failed to load document (PDFium: Data format error)."
    ]


def test_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 1)
    document = read_pdf(URL, load("thai_plain.pdf"))
    assert document.pages == 2
    assert "ประจำปีงบประมาณ พ.ศ. 2567" in document.text
    assert "รอบ 6 เดือน" not in document.text
    assert document.problems == ["only the first 1 of 2 pages were read"]


def test_character_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_CHARS", 60)
    document = read_pdf(URL, load("thai_plain.pdf"))
    assert len(document.text) <= 60
    assert document.problems == ["text cut at 60 characters (on page 1 of 2)"]


def test_too_little_text_is_not_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    # A 2-page PDF whose text layer holds only a stamp: 20 characters are needed in all.
    monkeypatch.setattr(pdf_module, "MAX_CHARS", 12)
    document = read_pdf(URL, load("thai_plain.pdf"))
    assert not document.readable
    assert document.problems[-1] == "too little text for 1 page(s): 12 characters"


@pytest.mark.parametrize(
    ("title", "junk"),
    [
        ("Microsoft Word - แผน 2567.docx", True),
        ("Microsoft PowerPoint - Presentation1", True),
        ("untitled", True),
        ("Untitled-1", True),
        ("Document1", True),
        ("scan0001.pdf", True),
        ("", True),
        ("12345", True),
        ("แผนการดำเนินงาน 2567", False),
        ("ITA 2567", False),
    ],
)
def test_junk_titles(title: str, junk: bool) -> None:
    assert is_junk_title(title) is junk


def test_many_reads_do_not_leak() -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")

    def rss_mb() -> float:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * 4096 / 2**20

    bodies = [
        load(name) for name in ("thai_plain.pdf", "scanned.pdf", "truncated.pdf", "encrypted.pdf")
    ]
    for body in bodies:
        read_pdf(URL, body)
    before = rss_mb()
    for _ in range(150):
        for body in bodies:
            read_pdf(URL, body)
    assert rss_mb() - before < 15


def test_threads_share_pdfium_safely() -> None:
    body = load("thai_plain.pdf")
    expected = read_pdf(URL, body).text
    results: list[str] = []

    def work() -> None:
        for _ in range(10):
            results.append(read_pdf(URL, body).text)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 40
