"""Generate an SAO-like website of a chosen size, deterministically from a seed.

Layout (a typical Thai SAO CMS): a home page; a heavy site menu, sidebar (latest news, monthly
news archive, banners) and footer on every page; an ITA 2567 page with one row per OIT item
(``site_evidence``); about/division/village pages; and paginated archives of news,
procurement announcements, council minutes, knowledge articles, photo albums and OTOP products
that take up the rest of the page budget. PDFs have a Thai text layer (fpdf2 + Sarabun) and
hang off news, announcements and minutes. File dates are fixed, so nginx's ``Last-Modified`` and
``ETag`` are the same from one generation to the next.

``generate_site(folder, pages=2000, pdfs=200)`` writes ``folder/site/`` and
``folder/manifest.json`` and returns the :class:`Manifest`: the minimum set of URLs an assessor
opens and which items should pass or fail. A folder already holding that generation is reused.
Sizes below the core (64 pages and 30 PDFs: the evidence of all 35 items, a few news and
announcements) give the core.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import shutil
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import site_content as C
from benchmarks.site_evidence import ROWS, build_evidence
from benchmarks.sitepages import (
    FIXED_PAGES,
    ITA_PAGE,
    PER_PAGE,
    SECTION_TITLES,
    Entry,
    SiteWriter,
    listing,
)
from checker.thai.fiscal import thai_month_name

GENERATOR_VERSION = 3
FY_START = dt.date(2023, 10, 1)
ARCHIVE_START = dt.date(2021, 10, 1)  # the CMS went online three fiscal years before the scan
#: Share of the filler entries per archive; OTOP products take the rest, sitemap pages the pad.
SHARES = {"news": 0.55, "procurement": 0.15, "km": 0.10, "activities": 0.08, "council": 0.07}
#: Even the smallest site posts news and announcements in the fiscal year (O5 and O15 pass on
#: them) and has the six hint news of ``_hint_news``.
MINIMUM_ENTRIES = {"news": 6, "procurement": 3}
KM_TOPICS = (
    "การคัดแยกขยะในครัวเรือน",
    "การป้องกันโรคไข้เลือดออก",
    "การยื่นชำระภาษีที่ดินและสิ่งปลูกสร้าง",
    "การปลูกผักปลอดสารพิษ",
    "การประหยัดพลังงานในสำนักงาน",
    "การป้องกันอัคคีภัยในบ้านเรือน",
)
OTOP = ("ผ้าไหมมัดหมี่", "ข้าวหอมมะลิ", "เสื่อกก", "ปลาร้าบอง", "ไม้กวาดดอกหญ้า", "ตะกร้าสาน")


@dataclass
class Manifest:
    """What was generated, and what a scan of it should find."""

    folder: str
    seed: int
    requested_pages: int
    requested_pdfs: int
    pages: int  # HTML files written (the robots-disallowed /admin/ page included)
    pdfs: int
    bytes: int
    as_of: str
    assessment_year: int
    home: str = "/"
    ita_page: str = ITA_PAGE
    evidence: dict[str, list[str]] = field(default_factory=dict)  # item → its ITA row's URLs
    expected: dict[str, str] = field(default_factory=dict)  # item → pass | fail
    hints: dict[str, list[str]] = field(default_factory=dict)  # item → a page a crawl may hint
    missing: list[str] = field(default_factory=list)  # linked on purpose, answers 404
    generator_version: int = GENERATOR_VERSION

    @property
    def root(self) -> Path:
        return Path(self.folder) / "site"

    @property
    def minimum(self) -> list[str]:
        """What an assessor opens: the home page, the ITA page, each evidence URL once."""
        urls = [self.home, self.ita_page]
        for links in self.evidence.values():
            urls.extend(u for u in links if u not in urls)
        return urls

    def save(self) -> None:
        text = json.dumps(asdict(self), ensure_ascii=False, indent=1)
        (Path(self.folder) / "manifest.json").write_text(text, encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        try:
            data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError):
            return None


def plan_sizes(pages: int, fixed: int) -> dict[str, int]:
    """Entries per section so that fixed + entries + archive pages = ``pages`` (pad included)."""

    def listing_pages(counts: dict[str, int]) -> int:
        archives = sum(math.ceil(n / PER_PAGE) or 1 for s, n in counts.items() if s != "council")
        return archives + 1 + min(counts["news"], 31)  # council: one page; news: month archives

    def split(entries: int) -> dict[str, int]:
        counts = {s: int(entries * share) for s, share in SHARES.items()}
        counts["otop"] = max(0, entries - sum(counts.values()))
        for section, least in MINIMUM_ENTRIES.items():
            counts[section] = max(counts[section], least)
        return counts

    def total(counts: dict[str, int]) -> int:
        return fixed + sum(counts.values()) + listing_pages(counts)

    entries = max(0, pages - fixed)
    while entries > 0 and total(split(entries)) > pages:
        entries -= 1
    counts = split(entries)
    counts["pad"] = max(0, pages - total(counts))
    return counts


def _entries(rng: random.Random, section: str, count: int) -> list[Entry]:
    """``count`` entries, newest first, spread evenly from the as-of day back to the archive's
    start, or over a week per entry when there are few (a small site still posts recently)."""
    span = min((C.AS_OF - ARCHIVE_START).days, 7 * count + 1)
    out: list[Entry] = []
    for i in range(count):
        day = C.AS_OF - dt.timedelta(days=1 + int((i + rng.random()) * (span - 1) / count))
        be, ident = day.year + 543, count - i
        if section == "news":
            path = f"/news/{be}/{day.month:02d}/news-{ident:05d}.html"
            title = C.topic(rng, rng.choice(C.NEWS_TOPICS))
        elif section == "procurement":
            path = f"/procurement/{be}/ann-{ident:04d}.html"
            title = rng.choice(C.ANNOUNCEMENT_KINDS) + C.topic(rng, rng.choice(C.WORKS))
        elif section == "council":
            path = f"/council/meeting-{ident:03d}.html"
            title = f"รายงานการประชุมสภา อบต. สมัยสามัญ สมัยที่ {rng.randint(1, 4)}/{be}"
        elif section == "km":
            path, title = f"/km/article-{ident:04d}.html", f"สาระน่ารู้ {rng.choice(KM_TOPICS)}"
        elif section == "activities":
            path = f"/activities/album-{ident:04d}.html"
            title = "ภาพกิจกรรม " + C.topic(rng, rng.choice(C.NEWS_TOPICS))
        else:
            path = f"/otop/product-{ident:04d}.html"
            title = f"{rng.choice(OTOP)} {C.VILLAGES[i % len(C.VILLAGES)]}"
        out.append(Entry(section, path, title, day))
    return out


def _hint_news(rng: random.Random, news: list[Entry]) -> None:
    """Dated news a hint crawl may find: village forums (O25), the later สขร.1 months (O14)."""
    this_year = [e for e in news if e.day >= FY_START]
    step = max(1, len(this_year) // 6)
    for k, entry in enumerate(this_year[::step][:6]):
        if k < 3:
            entry.title = C.topic(rng, C.PARTICIPATION_NEWS)
            continue
        month, name = ((1, "มกราคม"), (2, "กุมภาพันธ์"), (3, "มีนาคม"))[k - 3]
        entry.title = f"สรุปผลการจัดซื้อจัดจ้างประจำเดือน{name} 2567 (แบบ สขร.1)"
        entry.attachments.append(
            C.Pdf(
                f"/files/procurement/sorkor1-2567-{month:02d}.pdf",
                ("แบบ สขร.1", f"สรุปผลการดำเนินการจัดซื้อจัดจ้าง ประจำเดือน{name} 2567", C.AGENCY),
                (f"1. จัดซื้อวัสดุงานบ้านงานครัว วิธีเฉพาะเจาะจง 6,400 บาท เดือน{name} 2567",),
                dt.date(2024, month, 28),
            )
        )


def _attach_filler(rng: random.Random, hosts: list[Entry], count: int) -> None:
    """``count`` PDFs of 1–3 pages, spread over announcements, minutes and news."""
    for j in range(count):
        host = hosts[j % len(hosts)]
        lead = "" if host.section in ("procurement", "council") else "เอกสารประกอบ: "
        pages = rng.choice((1, 1, 2, 3))
        host.attachments.append(
            C.Pdf(
                f"/files/{host.section}/doc-{j + 1:04d}.pdf",
                (f"{lead}{host.title}", C.AGENCY),
                tuple(C.filler(rng, 30 * pages)),
                host.day,
            )
        )


def _write(site: SiteWriter, evidence: C.Evidence, pages: int, pdfs: int) -> None:
    rng = site.rng
    site.static_files()
    evidence_pages = sum(isinstance(f, C.Html) for f in evidence.files)
    sizes = plan_sizes(pages, FIXED_PAGES + evidence_pages)
    sections = {s: _entries(rng, s, sizes[s]) for s in SECTION_TITLES}
    news = sections["news"]
    _hint_news(rng, news)
    hosts = [e for s in ("procurement", "council", "news") for e in sections[s]]
    random.Random(len(hosts)).shuffle(hosts)  # attachments spread over the three sections
    core = sum(isinstance(f, C.Pdf) for f in evidence.files) + sum(len(e.attachments) for e in news)
    if hosts:
        _attach_filler(rng, hosts, max(0, pdfs - core))
    site.latest = news[:8]
    months = Counter((e.day.year, e.day.month) for e in news)
    # plan_sizes counted a month archive per news entry up to 31; entries may share months
    sizes["pad"] += min(len(news), 31) - len(months)
    site.archive = [(y, m, n) for (y, m), n in sorted(months.items(), reverse=True)]

    for entries in sections.values():
        for i, entry in enumerate(entries):
            site.entry(entry, entries[i + 1 : i + 4])
    for section, entries in sections.items():
        if section == "council":
            site.html("/council/", SECTION_TITLES[section], listing(entries), C.AS_OF)
            continue
        pinned = ""
        if section == "activities":
            pinned = '<p><a href="/activities/no-gift-2567.html">กิจกรรม No Gift Policy 2567</a></p>'
        site.archive_pages(f"/{section}/", SECTION_TITLES[section], entries, pinned)
    for (y, m), _n in sorted(months.items()):
        chunk = [e for e in news if (e.day.year, e.day.month) == (y, m)]
        title = f"คลังข่าว {thai_month_name(m)} {y + 543}"
        site.html(f"/news/{y + 543}/{m:02d}/", title, listing(chunk), chunk[0].day)
    site.fixed_pages(news, sections["procurement"], sizes["pad"])
    for doc in evidence.files:
        if isinstance(doc, C.Pdf):
            site.pdf(doc)
        else:
            site.html(doc.path, doc.title, doc.article, doc.modified)


def generate_site(folder: Path, pages: int = 2000, pdfs: int = 200, seed: int = 2567) -> Manifest:
    """Write the site under ``folder/site`` (reused when that generation is already there)."""
    folder = folder.resolve()
    old = Manifest.load(folder)
    if (
        old is not None
        and (old.requested_pages, old.requested_pdfs, old.seed) == (pages, pdfs, seed)
        and old.generator_version == GENERATOR_VERSION
        and old.root.is_dir()
    ):
        return old
    shutil.rmtree(folder / "site", ignore_errors=True)
    (folder / "manifest.json").unlink(missing_ok=True)
    evidence = build_evidence()
    site = SiteWriter(folder / "site", seed)
    _write(site, evidence, pages, pdfs)
    manifest = Manifest(
        folder=str(folder),
        seed=seed,
        requested_pages=pages,
        requested_pdfs=pdfs,
        pages=site.pages,
        pdfs=site.pdfs,
        bytes=site.bytes,
        as_of=C.AS_OF.isoformat(),
        assessment_year=C.YEAR,
        evidence={item: list(urls) for item, (urls, _text) in ROWS.items()},
        expected={item: "fail" if item in C.FAILING else "pass" for item in ROWS},
        hints=evidence.hints,
        missing=sorted(evidence.missing),
    )
    manifest.save()
    return manifest
