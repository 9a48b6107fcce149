"""Fuzz the ITA-page parser: random pages of tables, lists, accordions and tabs, raw text.

Contract (checker/discover/ita_page.py): ``parse_ita_page`` never raises on any markup; it
returns an ``IndexPage`` whose rows are keyed by catalogue item ids, whose links are absolute
http(s) URLs, and whose year section is the assessment year or None.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checker.catalogue.loader import load_catalogue_for_year
from checker.discover.ita_page import parse_ita_page
from checker.evidence.models import IndexPage, IndexRow, RowLink
from tests.fuzz.support import URLS, any_text, fuzz_settings, html_documents, ran

LOADED = load_catalogue_for_year(2567)
ITEM_IDS = {item.id for item in LOADED.items}
TITLES = [text for item in LOADED.items for text in (item.title, *item.aliases)]
PAGE_URLS = st.sampled_from(
    [
        "https://www.example.go.th/ita.php",
        "https://www.example.go.th/ita.php#top",
        "http://127.0.0.1:8567/ita/",
        "https://www.example.go.th/index.php?option=com_content&id=7",
        "https://ไทย.go.th/หน้า ita",
        *URLS,
    ]
)
YEARS = st.one_of(st.sampled_from([2566, 2567, 2568]), st.integers(2500, 2700), st.integers())


def check_page(html: str, page_url: str, year: int) -> None:
    index = parse_ita_page(html, page_url, LOADED.items, year)
    assert isinstance(index, IndexPage)
    assert index.url == page_url
    assert index.year_section in (None, year)
    assert index.years_seen == sorted(index.years_seen)
    assert all(type(y) is int for y in index.years_seen)
    for item_id, row in index.rows.items():
        assert isinstance(row, IndexRow)
        assert item_id in ITEM_IDS and row.item == item_id
        assert row.matched_by in ("code", "title")
        for link in row.links:
            assert isinstance(link, RowLink)
            assert link.url.startswith(("http://", "https://")), link
            assert "#" not in link.url, link


@fuzz_settings(examples=200)
@given(html_documents(TITLES), PAGE_URLS, YEARS)
def test_random_ita_pages(html: str, page_url: str, year: int) -> None:
    ran("ITA page parser (random HTML)")
    check_page(html, page_url, year)


@fuzz_settings(examples=200)
@given(
    st.one_of(
        any_text,
        st.text(max_size=2000),
        st.binary(max_size=2000).map(lambda b: b.decode("latin-1")),
        st.binary(max_size=2000).map(lambda b: b.decode("utf-8", "replace")),
    ),
    PAGE_URLS,
    YEARS,
)
def test_raw_text_as_ita_page(text: str, page_url: str, year: int) -> None:
    ran("ITA page parser (raw text and bytes)")
    check_page(text, page_url, year)
