"""The HTML report as a manager and a security reviewer would check it: one self-contained Thai
file, the demo's zeros, tasks and official comparison, honest ranges, and inert website text."""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from checker.cli import cli
from checker.report.charts import range_bar, trend_chart
from checker.report.data import ReportData, TrendPoint, report_data
from checker.report.html import CSP, is_http_url, render_html
from checker.result import ScanResult
from checker.scoring import score
from checker.target import adhoc_target
from checker.tasks.models import labels
from tests.report.conftest import (
    HOSTILE_URLS,
    LOADED,
    LONG_LATIN,
    LONG_THAI,
    PAYLOADS,
    DemoHistory,
    hostile_data,
)
from tests.support.seed import SEED_ZEROS

pytestmark = pytest.mark.integration

# The seed agency's measures (targets/measures/khwao-yai-2567.yaml) and the demo's zeros.
EXPECTED_GROUPS = {
    1: {"O8", "O9"},
    2: {"O12", "O25"},
    5: {"O14", "O16", "O17"},
    7: {"O24", "O28", "O30", "O31", "O33", "O34", "O35"},
}


def soup_of(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def text_of(node: Tag | BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", node.get_text(" "))


def test_one_self_contained_file(demo_html: str) -> None:
    soup = soup_of(demo_html)
    assert soup.find("script") is None
    assert soup.find("link") is None and soup.find("iframe") is None and soup.find("img") is None
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name in ("src", "srcset", "action", "formaction", "poster", "data"):
                pytest.fail(f"<{element.name} {name}={value!r}> would load something")
            if name in ("href", "xlink:href"):
                assert element.name == "a", f"href on <{element.name}>"
                assert re.match(r"https?://", value), value
                assert element.get("rel") == ["noopener", "noreferrer"]
            assert not name.startswith("on"), f"event handler {name} on <{element.name}>"
    css = "\n".join(style.get_text() for style in soup.find_all("style"))
    assert "@import" not in css
    urls = re.findall(r"url\(\s*['\"]?([^'\")]{0,30})", css)
    assert urls and all(u.startswith("data:font/woff;base64,") for u in urls), urls
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert isinstance(meta, Tag) and meta["content"] == CSP
    assert "default-src 'none'" in CSP and "script-src" not in CSP


def test_thai_page_with_an_embedded_sarabun_subset(demo_html: str) -> None:
    soup = soup_of(demo_html)
    html_tag = soup.find("html")
    assert isinstance(html_tag, Tag) and html_tag["lang"] == "th"
    css = soup.find("style")
    assert css is not None
    fonts = re.findall(r"base64,([A-Za-z0-9+/=]+)", css.get_text())
    assert len(fonts) == 2  # regular and bold
    body_text = text_of(soup.body)  # type: ignore[arg-type]
    for data in fonts:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font.flavor == "woff"
        cmap = font.getBestCmap()
        missing = {ch for ch in body_text if "\u0e01" <= ch <= "\u0e5b" and ord(ch) not in cmap}
        assert not missing, f"Thai characters missing from the embedded font: {missing}"
    assert '"Sarabun", "Noto Sans Thai"' in css.get_text()
    assert len(demo_html.encode()) < 600_000, f"{len(demo_html.encode())} bytes"


def test_zero_items_with_their_thai_titles(demo_html: str, demo_data: ReportData) -> None:
    result = demo_data.result
    assert set(result.zeros) == SEED_ZEROS and len(SEED_ZEROS) == 14
    section = soup_of(demo_html).select_one("section.zeros")
    assert section is not None
    heading = section.find("h2")
    assert heading is not None and "14 ข้อ" in heading.get_text()
    rows = section.select("tbody tr")
    assert {row.select_one("td.id").get_text(strip=True) for row in rows} == SEED_ZEROS  # type: ignore[union-attr]
    text = text_of(section)
    for item_id in SEED_ZEROS:
        item = result.item(item_id)
        assert item.title in text and item.reason in text


def test_tasks_grouped_by_measure_and_owner(demo_html: str) -> None:
    soup = soup_of(demo_html)
    groups = soup.select("section.tasks .group")
    found: dict[int, set[str]] = {}
    for group in groups:
        head = group.select_one(".group-head h4")
        assert head is not None
        number = int(re.search(r"มาตรการที่ (\d+)", head.get_text()).group(1))  # type: ignore[union-attr]
        found[number] = {
            t.get_text(strip=True).split()[0] for t in group.select(".task .task-title")
        }
        if number == 5:
            assert "กองคลัง" in text_of(group.select_one(".group-head"))  # type: ignore[arg-type]
            for card in group.select(".task"):
                assert "กองคลัง" in text_of(card)
    assert found == EXPECTED_GROUPS
    owners = soup.select_one("table.owners")
    assert owners is not None
    owner_rows = {
        row.select("td")[0].get_text(strip=True): row.select("td")[2].get_text(strip=True)
        for row in owners.select("tbody tr")
    }
    assert owner_rows["กองคลัง"] == "O14, O16, O17"
    assert set(owner_rows["ทุกส่วนงาน"].split(", ")) == set().union(
        EXPECTED_GROUPS[1], EXPECTED_GROUPS[2], EXPECTED_GROUPS[7]
    )
    for card in soup.select(".task"):  # the same fields on every card
        text = text_of(card)
        for label in ("สิ่งที่ต้องเผยแพร่", "ช่วงเวลาของข้อมูล", "ผู้รับผิดชอบ", "กำหนดเสร็จ"):
            assert label in text
        assert "30 เมษายน 2567" in text and "คะแนน OIT" in text


def test_dates_official_result_and_the_explained_difference(
    demo_html: str, demo_data: ReportData
) -> None:
    soup = soup_of(demo_html)
    header = text_of(soup.header)  # type: ignore[arg-type]
    assert "ข้อมูล ณ วันที่ 30 เมษายน 2567" in header
    assert re.search(r"วันที่ตรวจ \d{1,2} \S+ 25\d\d เวลา \d\d\.\d\d น\.", header)
    summary = text_of(soup.select_one("section.summary"))  # type: ignore[arg-type]
    assert "51.96" in summary and "66.43" in summary and "37.50" in summary
    assert "ผลทางการปี 2567: 35.00" in summary and "ผลทางการปี 2567: 66.43 ตรงกัน" in summary
    comparison = demo_data.result.comparison
    assert comparison is not None
    note = comparison.indicators["10"].note_th
    assert note and note in summary
    assert "weighted-40-60" in summary and "35.00" in summary  # the other hypothesis, labelled


def test_every_item_with_outcome_evidence_and_confidence_note(
    demo_html: str, demo_data: ReportData
) -> None:
    section = soup_of(demo_html).select_one("section.items")
    assert section is not None
    rows = section.select("table.itemtable tbody tr")
    assert len(rows) == len(demo_data.result.items) == 35
    links = {a["href"] for a in section.select("a[href]")}
    for item, row in zip(demo_data.result.items, rows, strict=True):
        text = text_of(row)
        assert row.select_one("td.id").get_text(strip=True) == item.id  # type: ignore[union-attr]
        assert item.title in text and item.reason in text
        assert demo_data.labels.outcomes[item.outcome] in text
        if item.uncertainty:
            assert item.uncertainty in text
        for ev in item.evidence:
            assert ev.url in links
            if ev.http_status:
                assert f"HTTP {ev.http_status}" in text
    o16 = text_of(rows[15])
    assert "HTTP 404" in o16


def test_trend_chart_from_two_scans(demo_html: str, demo_data: ReportData) -> None:
    assert len(demo_data.trend) == 2
    section = soup_of(demo_html).select_one("section.trend")
    assert section is not None
    svg = section.select_one("svg.trend")
    assert svg is not None and svg.get("viewbox") == "0 0 720 270"  # scales to its column
    assert len(svg.select("polyline")) == 3  # type: ignore[union-attr]
    assert "ครั้งที่ 1" in svg.get_text() and "ครั้งที่ 2" in svg.get_text()  # type: ignore[union-attr]


def test_a_first_scan_says_the_history_starts_here(demo_data: ReportData) -> None:
    html = render_html(demo_data.model_copy(update={"trend": demo_data.trend[-1:]}))
    section = soup_of(html).select_one("section.trend")
    assert section is not None and section.select_one("svg") is None
    assert "ประวัติการตรวจเริ่มจากการตรวจครั้งนี้" in text_of(section)


def test_undecided_items_make_ranges_with_their_notes(demo_history: DemoHistory) -> None:
    base = demo_history.result
    outcomes = {i.id: i.outcome for i in base.items} | {"O1": "review", "O8": "unknown"}
    items = [
        i.model_copy(
            update={"outcome": outcomes[i.id], "score": None, "uncertainty": "ยังไม่แน่ใจ ทดสอบ"}
        )
        if i.id in ("O1", "O8")
        else i
        for i in base.items
    ]
    scores = score(LOADED.profile("default"), LOADED.items, outcomes)
    result = ScanResult.model_validate(
        base.model_dump()
        | {"items": items, "scores": scores, "zeros": [z for z in base.zeros if z != "O8"]}
    )
    data = demo_history.data(result)
    html = render_html(data)
    summary = text_of(soup_of(html).select_one("section.summary"))  # type: ignore[arg-type]
    assert not scores.oit.certain
    assert scores.oit.text() in summary and "–" in scores.oit.text()
    assert "ช่วงคะแนน" in summary and "ต้องตรวจด้วยตนเอง 1 ข้อ" in summary
    undecided = text_of(soup_of(html).select_one("section.zeros"))  # type: ignore[arg-type]
    assert "ข้อที่ยังสรุปไม่ได้ (2 ข้อ)" in undecided
    assert "ต้องตรวจด้วยตนเอง" in undecided and "ตรวจไม่ได้" in undecided
    assert html.count("ยังไม่แน่ใจ ทดสอบ") >= 2


def test_a_hypothesis_profile_says_so(demo_data: ReportData) -> None:
    profile = LOADED.profile("weighted-40-60")
    assert profile.hypothesis
    html = render_html(demo_data.model_copy(update={"profile": profile}))
    header = text_of(soup_of(html).header)  # type: ignore[arg-type]
    assert "เกณฑ์การคำนวณนี้เป็นสมมติฐาน" in header and profile.title in header


def test_a_bare_target_an_unreachable_site_and_task_history(demo_history: DemoHistory) -> None:
    """No measures, no official result, no history, an incomplete scan: still a full report."""
    base = demo_history.result
    result = base.model_copy(update={"comparison": None, "complete": False})
    data = report_data(result, adhoc_target(base.target.base_url, 2567), LOADED, None)
    assert data.measures is None and data.tasks.grouped_by == "subindicator" and data.trend == []
    first = data.tasks.tasks[0]
    moment = dt.datetime(2024, 4, 1, 3, 0, tzinfo=dt.UTC)
    data = data.model_copy(
        update={
            "tasks": data.tasks.model_copy(
                update={
                    "tasks": [first.model_copy(update={"overdue": True})],
                    "fixed": [first.model_copy(update={"status": "fixed", "fixed_at": moment})],
                }
            )
        }
    )
    soup = soup_of(render_html(data))
    text = text_of(soup)
    assert "เข้าถึงเว็บไซต์ไม่ได้ ผลการตรวจครั้งนี้ไม่สมบูรณ์" in text
    assert "งานแยกตามตัวชี้วัดย่อย" in text and soup.select_one("section.measures") is None
    assert "ผลทางการ" not in text_of(soup.select_one("section.summary"))  # type: ignore[arg-type]
    assert "ประวัติการตรวจเริ่มจากการตรวจครั้งนี้" in text
    assert "เกินกำหนด" in text_of(soup.select_one(".task"))  # type: ignore[arg-type]
    assert "ผ่านเกณฑ์ตั้งแต่ 1 เมษายน 2567" in text  # 03:00 UTC is 10:00 in Bangkok


def test_hostile_website_text_stays_text(demo_data: ReportData) -> None:
    html = render_html(hostile_data(demo_data))
    soup = soup_of(html)
    assert soup.find("script") is None
    assert soup.find("img") is None and soup.find("iframe") is None
    assert not soup.select("body svg[onload]")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), f"<{element.name} {name}>"
            if name.lower() in ("href", "src", "xlink:href"):
                assert not str(value).strip().lower().startswith(("javascript:", "data:")), value
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs and all(re.match(r"https?://", h) for h in hrefs)
    assert HOSTILE_URLS[4] in hrefs  # an http URL with markup in it: a link, attribute-escaped
    text = soup.get_text()
    for payload in PAYLOADS:
        assert payload in text  # shown to the reader, as text
    assert "javascript:window.__pwned=1;alert(1)" in text  # a non-http URL is shown, not linked
    # a 10,000-character "word" is shown cut, and a 10,000-character URL is not linked
    assert LONG_LATIN[:900] in text and LONG_THAI[:900] in text
    assert LONG_LATIN not in text and LONG_THAI not in text and "…" in text
    assert not any(h.startswith(HOSTILE_URLS[5][:30]) for h in hrefs)
    assert "&lt;script&gt;" in html and "<script>" not in html


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("http://127.0.0.1:8567/ita.html", True),
        ("HTTPS://www.example.go.th/a?b=1&c=<d>", True),
        ("https://www.example.go.th/ไฟล์.pdf", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example/", False),
        ("http://a b", False),
        ("http://a\nb", False),
        (" http://example.go.th/", False),
        ("ftp://example.go.th/", False),
        ("", False),
    ],
)
def test_only_plain_http_urls_become_links(url: str, ok: bool) -> None:
    assert is_http_url(url) is ok


def test_svg_text_is_escaped() -> None:
    bar = str(range_bar(10, 20, marker=15, label='<script>alert(1)</script>"'))
    assert "<script>" not in bar and "&lt;script&gt;" in bar
    assert 'width="10"' in bar  # solid to low
    assert 'x="10" y="0" width="10"' in bar  # lighter from low to high


def test_trend_chart_shows_ranges_and_thins_labels(demo_data: ReportData) -> None:
    first = demo_data.trend[0]
    points = [
        TrendPoint(
            **(
                first.model_dump()
                | {"scan_id": n, "oit_high": first.oit_low + (10 if n % 3 else 0)}
            )
        )
        for n in range(1, 31)
    ]
    svg = str(trend_chart(points, labels().report))
    assert svg.count("<polygon") == 1  # the OIT band; indicators 9 and 10 stay certain
    assert 4 <= svg.count("ครั้งที่") <= 9 and "ครั้งที่ 30" in svg


def test_oit_report_command(demo_history: DemoHistory, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", "demo", "--db", demo_history.db_url, "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "report.html" in result.output
    assert "องค์การบริหารส่วนตำบลโนนสะอาดงาม" in html and "มาตรการที่ 5" in html
    assert not (out / "report.pdf").exists()
    help_text = runner.invoke(cli, ["report", "--help"]).output
    assert "Example" in help_text and "--pdf" in help_text


def test_oit_report_without_a_scan_or_a_browser(
    demo_history: DemoHistory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "khwao-yai", "--db", demo_history.db_url])
    assert result.exit_code == 2 and "no recorded scan" in result.output
    monkeypatch.setenv("OIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    result = runner.invoke(
        cli, ["report", "demo", "--db", demo_history.db_url, "--out", str(tmp_path), "--pdf"]
    )
    assert result.exit_code == 2
    assert "apt install chromium" in result.output and "OIT_CHROMIUM" in result.output
    assert (tmp_path / "report.html").exists()  # the HTML is written before the PDF fails
