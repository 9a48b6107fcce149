"""The Markdown summary, read the way GitHub shows it: rendered, with raw HTML allowed."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from checker.ci.models import CiReport
from checker.ci.summary import markdown_summary
from checker.output.markdown import code_url, md
from checker.result import ScanResult
from checker.scoring import ScoreRange

# What the summary itself produces once rendered; anything else came from a website.
OWN_TAGS = {
    "h2", "h3", "p", "strong", "code", "table", "thead", "tbody", "tr", "th", "td",
    "details", "summary",
}  # fmt: skip


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def render(markdown: str) -> str:
    """Roughly GitHub's renderer: CommonMark + tables, raw HTML passed through."""
    html: str = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    return html


def elements(markdown: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Elements()
    parser.feed(render(markdown))
    return parser.tags


def table_rows(markdown: str, header: str) -> list[str]:
    lines = markdown.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def test_heading_says_target_and_verdict_and_why(
    demo_report: CiReport, clean_report: CiReport
) -> None:
    text = markdown_summary(demo_report)
    assert text.startswith("## ❌ OIT CI: demo — policy breached\n")
    assert (
        "**2 finding(s) break the build** under `--fail-on regression`: 1 regression, 1 disappeared."
        in text
    )

    text = markdown_summary(clean_report)
    assert text.startswith("## ✅ OIT CI: demo — no breach\n")
    assert (
        "No finding breaks the build under `--fail-on regression`. 14 item(s) are predicted to score 0"
        in text
    )


def test_breaching_findings_table_has_item_title_what_and_url(demo_report: CiReport) -> None:
    text = markdown_summary(demo_report)
    rows = table_rows(text, "| Item | Title | What | URL |")

    assert [row.split(" | ")[0] for row in rows] == ["| O9", "| O16"]
    o16 = rows[1]
    assert "ความก้าวหน้าการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ" in o16
    assert "disappeared (evidence is gone or no longer linked)" in o16
    assert o16.endswith(
        "| `http://127.0.0.1:8000/files/procurement/procurement-progress-2567.pdf` |"
    )
    rendered = render(text)
    assert '<a href="http://127.0.0.1:8000' not in rendered  # URLs are shown, not linked


def test_findings_that_do_not_breach_are_folded_away(demo_report: CiReport) -> None:
    text = markdown_summary(demo_report)
    folded = text[text.index("<details>") : text.index("</details>")]

    # the 12 older zeros, plus O8 (waived regression, and a zero) and O20 (unknown)
    assert "<summary>14 finding(s) that do not break the build</summary>" in folded
    assert "| O12 |" in folded and "| O20 |" in folded
    assert "| O9 |" not in folded and "| O16 |" not in folded  # already listed as breaking
    assert "waived until 2024-09-30" in folded  # O8
    assert "its waiver has expired" in folded  # O14


def test_predicted_scores_profile_and_counts(demo_report: CiReport) -> None:
    text = markdown_summary(demo_report)

    assert "| **OIT** | **51.96** | |" in text
    assert "| Indicator 9 | 66.43 | 66.43 |" in text
    assert "| Indicator 10 | 37.50 | 35.00 |" in text
    assert (
        "Under the alternative profile weighted\\-40\\-60: indicator 9 66.43, indicator 10 35.00, OIT 50.71."
        in text
    )
    assert "hypothesis**" not in text  # the default profile is not one
    for row in ("| pass | 20 |", "| fail | 14 |", "| review | 0 |", "| unknown | 1 |"):
        assert row in text
    assert "| regression | 2 | 1 |" in text and "| zero | 14 | 0 |" in text


def test_a_hypothesis_profile_and_uncertain_scores_are_flagged(demo_report: CiReport) -> None:
    result = demo_report.result
    profile = result.profile.model_copy(
        update={"id": "weighted-40-60", "hypothesis": True, "note": "10.1 : 10.2 = 40 : 60"}
    )
    scores = result.scores.model_copy(update={"oit": ScoreRange(low=50.71, high=55.0)})
    report = demo_report.model_copy(
        update={"result": result.model_copy(update={"profile": profile, "scores": scores})}
    )
    text = markdown_summary(report)

    assert "⚠️ **This profile is a hypothesis**: 10.1 : 10.2 = 40 : 60" in text
    assert "| **OIT** | **50.71–55.00** |" in text
    assert "Figures are ranges" in text


def test_waivers_active_and_expired(demo_report: CiReport) -> None:
    rows = table_rows(
        markdown_summary(demo_report), "| Item | Status | Expires | Approved by | Reason | Note |"
    )

    assert rows[0].startswith("| O8 | active | 2024-09-30 | ปลัด อบต. |")
    assert rows[1].startswith("| O14 | **expired, no longer applies** | 2024-03-31 |")


def test_no_baseline_and_an_unreachable_site_are_said(demo_report: CiReport) -> None:
    result = demo_report.result.model_copy(update={"complete": False})
    report = demo_report.model_copy(
        update={"baseline": None, "findings": [], "breached": False, "result": result}
    )
    text = markdown_summary(report)

    assert "Baseline: none." in text
    assert "No baseline: regressions and disappeared evidence cannot be detected." in text
    assert "The site could not be reached" in text


def test_a_hostile_site_cannot_inject_markdown_or_html(hostile_report: CiReport) -> None:
    text = markdown_summary(hostile_report)
    text.encode("utf-8")  # no lone surrogate left

    assert "<script" not in text and "<img" not in text and "<a " not in text and "<b>" not in text
    assert re.search(r"(?<!\\)\]\(", text) is None  # no [text](link) or ![img](src) syntax
    assert "@octocat" not in text  # would notify a GitHub user from a merge-request note
    assert re.search("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\u202e]", text) is None
    found = elements(text)
    assert {tag for tag, _ in found} <= OWN_TAGS
    for tag, attrs in found:
        for name, value in attrs:
            assert (name, value) in {("style", "text-align:right")}, (tag, name, value)
    assert "a" not in {tag for tag, _ in found}  # so no javascript: link can be clicked


def test_a_hostile_site_cannot_break_the_tables(hostile_report: CiReport) -> None:
    text = markdown_summary(hostile_report)
    rendered = render(text)

    for table in re.findall(r"<table>.*?</table>", rendered, flags=re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        widths = {len(re.findall(r"<t[hd][ >]", row)) for row in rows}
        assert len(widths) == 1, widths  # a "|" or newline from a site never adds a cell or a row
    breaking = table_rows(text, "| Item | Title | What | URL |")
    assert [row.split(" | ")[0] for row in breaking] == ["| O9", "| O16"]


def test_website_strings_are_capped(hostile_report: CiReport) -> None:
    text = markdown_summary(hostile_report)

    assert "ก" * 400 not in text
    assert len(text) < 100_000


def test_urls_are_inert_code_spans() -> None:
    assert code_url("javascript:alert(1)") == "`javascript:alert(1)`"
    assert code_url("http://x/a`b|c d<e>") == "`http://x/a%60b%7Cc%20d%3Ce%3E`"
    assert code_url("http://x/\n::set") == "`http://x/%0A::set`"
    assert code_url("http://x/ข่าว") == "`http://x/ข่าว`"  # Thai stays readable
    assert code_url(None) == "—"
    assert md("[a](javascript:x) <b>&") == "\\[a\\]\\(javascript:x\\) &lt;b&gt;&amp;"
    assert md("line\nbreak\r\n| cell") == "line break \\| cell"


@settings(max_examples=60, deadline=None)
@given(title=st.text(st.characters(exclude_categories=()), max_size=60), url=st.text(max_size=60))
def test_any_text_from_a_site_stays_text(
    demo_result: ScanResult, make_report: Callable[..., CiReport], title: str, url: str
) -> None:
    report = make_report(demo_result)
    findings = [
        f.model_copy(update={"title": title, "message": title, "url": url}) if f.item == "O9" else f
        for f in report.findings
    ]
    text = markdown_summary(report.model_copy(update={"findings": findings}))

    text.encode("utf-8")
    assert {tag for tag, _ in elements(text)} <= OWN_TAGS
    assert len(table_rows(text, "| Item | Title | What | URL |")) == 2
