"""What a scan keeps of the pages it reads, and what it evaluates again.

Every page of a site repeats its menus, header and search form. Kept per page, those links were
most of a full crawl's memory (446 MB at 2000 pages on the benchmark site); a scan now keeps one
object per distinct link, form and image. Evaluation rounds re-decide only the items whose
facts changed, the hint round only the items short of a pass, and the history's fetch cache
decodes a stored document only when the scan reuses it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from checker.catalogue.loader import load_catalogue_for_year
from checker.engine.decisions import Decisions
from checker.engine.facts import Fact
from checker.evidence.models import Candidate, FetchRecord
from checker.evidence.observe import Observer
from checker.extract.models import Document, Link
from checker.history.store import StoredFetch, _pack
from checker.scan import Engine, Scan, _evaluate, engine_for, scan_target
from checker.settings import CrawlSettings
from checker.target import LoadedTarget, Target
from tests.support.directory_fetcher import BASE_URL, DirectoryFetcher

LOADED = load_catalogue_for_year(2567)
AS_OF = dt.date(2024, 4, 30)
PAGES = 12
CONTACT = (
    "ที่อยู่: เลขที่ 99 หมู่ที่ 4 ตำบลหนองบัวงาม อำเภอบ้านไผ่ จังหวัดขอนแก่น 40110 "
    "โทรศัพท์: 043-272-115 อีเมล: saraban@nongbuangam.go.th"
)


def _page(title: str, body: str) -> str:
    menu = "".join(f'<li><a href="/p{i}.html">เมนู {i}</a></li>' for i in range(PAGES))
    return (
        f"<html><head><title>{title}</title></head><body>"
        f'<header><nav><ul>{menu}</ul></nav><form role="search" action="/search">'
        f'<input name="q"></form></header>'
        f'<main><h1>{title}</h1><img src="/logo.png" alt="ตราอบต."><p>{body}</p></main>'
        "<footer>โทรศัพท์ 044-000000</footer></body></html>"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "index.html").write_text(_page("หน้าแรก", "ยินดีต้อนรับ"), encoding="utf-8")
    (root / "p0.html").write_text(_page("ติดต่อเรา", CONTACT), encoding="utf-8")  # O4 passes
    for i in range(1, PAGES):
        (root / f"p{i}.html").write_text(_page(f"ข่าว {i}", "ข่าวประชาสัมพันธ์"), encoding="utf-8")
    return root


def _scan(root: Path) -> Scan:
    target = LoadedTarget(target=Target(id="t", name="อบต.ทดสอบ", base_url=BASE_URL))
    settings = CrawlSettings(delay_seconds=0, discovery="full", max_crawl_pages=50)
    return scan_target(
        target, LOADED, as_of=AS_OF, settings=settings, fetcher=DirectoryFetcher(root)
    )


@pytest.fixture(scope="module")
def scan(site: Path) -> Scan:
    return _scan(site)


def test_pages_share_the_links_forms_and_images_they_repeat(scan: Scan) -> None:
    pages = [d for d in scan.evidence.documents.values() if d.kind == "html"]
    assert len(pages) == PAGES + 1
    links = [link for page in pages for link in page.links]
    assert len(links) == PAGES * (PAGES + 1)  # every page lists the whole menu
    # one object per distinct link: the menu is kept once, not once per page
    assert len({id(link) for link in links}) == len(set(links)) == PAGES
    forms = [form for page in pages for form in page.forms]
    assert len(forms) == PAGES + 1 and len({id(form) for form in forms}) == 1
    images = [image for page in pages for image in page.images]
    assert len(images) == PAGES + 1 and len({id(image) for image in images}) == 1


class _Recording:
    """The real engine, noting which items each call was asked to decide."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.calls: list[set[str]] = []

    def decide(self, facts: Sequence[Fact]) -> Decisions:
        self.calls.append({str(f["item"]) for f in facts})
        return self.engine.decide(facts)


def test_a_round_decides_again_only_the_items_whose_facts_changed(scan: Scan) -> None:
    evidence = scan.evidence.model_copy(deep=True)
    observer = Observer(LOADED.catalogue, LOADED.items, AS_OF)
    engine = _Recording(engine_for(LOADED))
    first = _evaluate(engine, observer, evidence)
    same = _evaluate(engine, observer, evidence, previous=first)
    assert len(engine.calls) == 1  # nothing changed: the engine is not asked again
    assert same.decisions == first.decisions

    page = next(u for u, d in evidence.documents.items() if d.kind == "html" and u != BASE_URL)
    item = next(i for i in first.below_pass([i.id for i in LOADED.items]))
    evidence.decisive[item] = "crawl"
    evidence.candidates.append(Candidate(item=item, url=page, route="crawl"))
    second = _evaluate(engine, observer, evidence, previous=first)
    assert engine.calls[-1] == {item}
    assert second.decisions == _evaluate(engine, observer, evidence).decisions


def test_the_hint_round_reads_only_items_short_of_a_pass(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import checker.scan as scan_module

    hint_rounds: list[list[str]] = []
    evaluate = scan_module._evaluate

    def noting(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("hints"):
            hint_rounds.append(list(kwargs["items"]))
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(scan_module, "_evaluate", noting)
    result = _scan(site).result
    short = [i.id for i in result.items if i.outcome != "pass"]
    assert short and len(short) < len(result.items)
    assert hint_rounds == [short]


def test_a_stored_fetch_is_decoded_on_use_and_not_kept() -> None:
    document = Document(
        url="https://www.example.go.th/",
        kind="html",
        title="หน้าแรก",
        links=[Link(url="https://www.example.go.th/a", text="ก", kind="page", host="example")],
    )
    record = FetchRecord(
        url=document.url,
        final_url=document.url,
        outcome="ok",
        etag='"1"',
        fetched_at=dt.datetime(2024, 4, 30, tzinfo=dt.UTC),
    )
    stored = StoredFetch(_pack(record.model_dump_json()), _pack(document.model_dump_json()))
    opened, again = stored.open(), stored.open()
    assert opened == (record, document)
    assert again is not None and again[1] is not opened[1]  # the scan's copy is the only one kept


def test_a_damaged_stored_fetch_is_ignored_not_fatal() -> None:
    """A corrupt cache row (a disk error, a hand edit) means fetching afresh, not a failed scan."""
    good = _pack('{"url": "https://www.example.go.th/"}')
    assert StoredFetch(b"not zlib", good).open() is None
    assert StoredFetch(_pack("{broken json"), good).open() is None
