"""How ``sitegen`` writes files: the site's chrome (menu, sidebar, footer) and its page types."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import site_content as C
from benchmarks.site_evidence import ROWS
from checker.thai.fiscal import thai_month_name

ITA_PAGE = "/ita/ita-2567.html"
PER_PAGE = 20  # entries per archive page
SECTION_TITLES = {
    "news": "ข่าวประชาสัมพันธ์",
    "procurement": "ประกาศจัดซื้อจัดจ้าง",
    "km": "คลังความรู้",
    "activities": "ภาพกิจกรรม",
    "council": "รายงานการประชุมสภา",
    "otop": "ผลิตภัณฑ์ OTOP",
}
_DIVISIONS = (
    ("palad", "สำนักปลัด"),
    ("finance", "กองคลัง"),
    ("engineering", "กองช่าง"),
    ("education", "กองการศึกษา ศาสนาและวัฒนธรรม"),
    ("health", "กองสาธารณสุขและสิ่งแวดล้อม"),
)
_ABOUT = (
    ("ประวัติความเป็นมา", "/about/history.html"),
    ("โครงสร้างองค์กร", "/about/structure.html"),
    ("ทำเนียบผู้บริหาร", "/about/executives.html"),
    ("สมาชิกสภา อบต.", "/about/council.html"),
    ("อำนาจหน้าที่", "/about/authority.html"),
    ("กฎหมายที่เกี่ยวข้อง", "/about/laws.html"),
    ("ข้อมูลหมู่บ้าน", "/about/villages/"),
    ("ติดต่อเรา", "/contact.html"),
)
_NEWS = (
    ("ข่าวประชาสัมพันธ์", "/news/"),
    ("ประกาศจัดซื้อจัดจ้าง", "/procurement/"),
    ("ผลการจัดซื้อจัดจ้างรายเดือน", "/procurement/monthly.html"),
    ("ภาพกิจกรรม", "/activities/"),
    ("รายงานการประชุมสภา", "/council/"),
    ("คลังความรู้", "/km/"),
)
_SERVICES = (
    ("E-Service", "/services/eservice.html"),
    ("คู่มือสำหรับประชาชน", "/services/citizen-manuals.html"),
    ("สถิติการให้บริการ", "/services/statistics.html"),
    ("ร้องเรียน/ร้องทุกข์", "/complaint.html"),
    ("การมีส่วนร่วมของประชาชน", "/participation.html"),
)
_INTEGRITY = (
    ("แจ้งเรื่องร้องเรียนการทุจริต", "/anti-corruption/complaint.html"),
    ("ศูนย์ปฏิบัติการต่อต้านการทุจริต", "/anti-corruption/"),
    ("การขับเคลื่อนจริยธรรม", "/ethics/ethics-2567.html"),
)
NAV: tuple[tuple[str, str, Sequence[tuple[str, str]]], ...] = (
    ("หน้าแรก", "/", ()),
    ("ข้อมูลพื้นฐาน", "/about/history.html", _ABOUT),
    ("หน่วยงานภายใน", "/divisions/palad.html", [(n, f"/divisions/{s}.html") for s, n in _DIVISIONS]),
    ("ข่าวสาร", "/news/", _NEWS),
    ("แผนงาน", "/plans.html", ()),
    ("บริการประชาชน", "/services/eservice.html", _SERVICES),
    ("ต่อต้านการทุจริต", "/anti-corruption/", _INTEGRITY),
    ("ผลิตภัณฑ์ OTOP", "/otop/", ()),
    ("Q&amp;A", "/qa.html", ()),
    ("การประเมินคุณธรรมและความโปร่งใส (ITA)", ITA_PAGE, ()),
)


@dataclass
class Entry:
    """One archive entry: a page with a title, a date and perhaps PDFs attached."""

    section: str
    path: str
    title: str
    day: dt.date
    attachments: list[C.Pdf] = field(default_factory=list)


def png(rgb: tuple[int, int, int], size: int = 16) -> bytes:
    """A small solid PNG (the crawlers never decode images; they only need to exist)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = zlib.compress((b"\x00" + bytes(rgb) * size) * size)
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def _ul(links: Sequence[tuple[str, str]]) -> str:
    return "<ul>" + "".join(f'<li><a href="{u}">{t}</a></li>' for t, u in links) + "</ul>"


def listing(entries: Sequence[Entry], style: int = 0) -> str:
    items = "".join(
        f'<li><a href="{e.path}">{e.title}</a> <span class="date">'
        f"{C.thai_date(e.day, (style + i) % 4)}</span></li>"
        for i, e in enumerate(entries)
    )
    return f'<ul class="list">{items}</ul>'


def _pager(base: str, page: int, last: int) -> str:
    def href(n: int) -> str:
        return base if n == 1 else f"{base}page-{n}.html"

    # a window around the current page and every tenth page, as many CMSs do: any archive
    # page is a few clicks from the first (a crawler's depth limit reaches the whole site)
    window = range(max(1, page - 3), min(last, page + 3) + 1)
    shown = sorted({1, last, *window, *range(10, last, 10)})
    links = [f'<a href="{href(n)}">{n}</a>' if n != page else f"<b>{n}</b>" for n in shown]
    if page < last:
        links.append(f'<a href="{href(page + 1)}">ถัดไป &raquo;</a>')
    return f'<div class="pagination">{" ".join(links)}</div>'


class SiteWriter:
    """Writes files under ``root`` with fixed modification times, counting what it wrote."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.pages = 0
        self.pdfs = 0
        self.bytes = 0
        self.latest: list[Entry] = []  # the sidebar's latest news
        self.archive: list[tuple[int, int, int]] = []  # (year, month, count) of news
        self._pdf_writer = C.PdfWriter()
        self._nav = _nav_html()

    def write(self, path: str, data: bytes, day: dt.date = dt.date(2024, 4, 1)) -> None:
        rel = path.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        # nginx derives Last-Modified and the ETag from mtime and size: fixed dates keep both
        # stable across generations, and give news pages their publication day.
        stamp = calendar.timegm(dt.datetime.combine(day, dt.time(3, 0)).timetuple())
        os.utime(target, (stamp, stamp))
        self.bytes += len(data)

    def pdf(self, doc: C.Pdf) -> None:
        self.write(doc.path, self._pdf_writer.render(doc), doc.created)
        self.pdfs += 1

    def html(self, path: str, title: str, article: str, day: dt.date | None = None) -> None:
        crumb = f'<p class="breadcrumb"><a href="/">หน้าแรก</a> &rsaquo; {title}</p>'
        main = f"{crumb}\n<article>\n<h1>{title}</h1>\n{article}\n</article>"
        self.write(path, self._layout(title, main).encode(), day or dt.date(2024, 4, 1))
        self.pages += 1

    def _layout(self, title: str, main: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="th">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title} | {C.AGENCY}</title>\n"
            '<link rel="stylesheet" href="/css/style.css">\n</head>\n<body>\n'
            '<header class="site-header"><a class="brand" href="/"><img src="/images/logo.png" '
            f'alt="ตราสัญลักษณ์"></a><span class="brand-name">{C.AGENCY}</span>'
            '<form class="site-search" action="/sitemap.html" method="get" role="search">'
            '<input type="search" name="q"></form></header>\n'
            f'{self._nav}\n<main class="container">\n{main}\n</main>\n{self._aside()}\n'
            f"{_FOOTER}\n</body>\n</html>\n"
        )

    def _aside(self) -> str:
        months = [
            (f"{thai_month_name(m)} {y + 543} ({n})", f"/news/{y + 543}/{m:02d}/")
            for y, m, n in self.archive
        ]
        return (
            '<aside class="sidebar"><h3>ข่าวล่าสุด</h3>'
            + _ul([(e.title, e.path) for e in self.latest])
            + "<h3>คลังข่าว</h3>"
            + _ul(months)
            + f'<a href="{ITA_PAGE}"><img src="/images/banner-ita.png" alt="ITA"> ITA 2567</a>'
            '<a href="/services/eservice.html"><img src="/images/banner-eservice.png" '
            'alt="E-Service"> E-Service</a></aside>'
        )

    # -- page types ----------------------------------------------------------------------------

    def entry(self, entry: Entry, related: Sequence[Entry]) -> None:
        rng = self.rng
        body = [
            f'<p class="date"><time datetime="{entry.day.isoformat()}">'
            f"{C.thai_date(entry.day, rng.randrange(4))}</time></p>",
            *(f"<p>{p}</p>" for p in C.filler(rng, rng.randint(4, 12))),
        ]
        if entry.section in ("news", "activities"):
            picture = f"/images/albums/{rng.randrange(6)}.png"
            body.append(f'<p><img src="{picture}" alt="{entry.title}"></p>')
        if entry.attachments:
            docs = [(d.title[0], d.path) for d in entry.attachments]
            body.append('<div class="attachments">' + _ul(docs) + "</div>")
        if related:
            body.append('<div class="related"><h3>เรื่องอื่น ๆ</h3>' + listing(related) + "</div>")
        self.html(entry.path, entry.title, "\n".join(body), entry.day)
        for doc in entry.attachments:
            self.pdf(doc)

    def archive_pages(self, base: str, title: str, entries: Sequence[Entry], pinned: str) -> None:
        """Listing ``base`` then ``base``page-N.html; ``pinned`` tops the first page."""
        chunks = [entries[i : i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)] or [[]]
        for n, chunk in enumerate(chunks, 1):
            path = base if n == 1 else f"{base}page-{n}.html"
            content = (pinned if n == 1 else "") + listing(chunk, n) + _pager(base, n, len(chunks))
            self.html(path, title if n == 1 else f"{title} (หน้า {n})", content, C.AS_OF)

    def ita_pages(self) -> None:
        from checker.catalogue.loader import load_catalogue_for_year  # item titles (read only)

        rows, group = [], ""
        for item in load_catalogue_for_year(C.YEAR).items:
            if item.subindicator.split(".")[0] != group:
                group = item.subindicator.split(".")[0]
                name = "การเปิดเผยข้อมูล" if group == "9" else "การป้องกันการทุจริต"
                rows.append(f'<tr><th colspan="4">ตัวชี้วัดที่ {group} {name}</th></tr>')
            urls, text = ROWS[item.id]
            links = "<br>".join(f'<a href="{u}">{text}</a>' for u in urls)
            rows.append(
                f"<tr><td>{item.id}</td><td>{item.title}</td><td>{links}</td><td>-</td></tr>"
            )
        head = "<table><tr><th>ข้อ</th><th>ข้อมูล</th><th>URL</th><th>คำอธิบาย</th></tr>"
        self.html(
            ITA_PAGE,
            "การประเมินคุณธรรมและความโปร่งใส (ITA)",
            '<p><a href="/ita/ita-2566.html">ITA 2566</a></p><section id="ita-2567"><h2>'
            "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            f"ประจำปีงบประมาณ พ.ศ. 2567</h2>{head}{''.join(rows)}</table></section>",
            dt.date(2024, 4, 26),
        )
        old = (
            ("O12", "รายงานผลการดำเนินงาน", "/files/plan/annual-report-2565.pdf"),
            ("O42", "มาตรการส่งเสริมคุณธรรม", "/files/integrity/integrity-measures-2566.pdf"),
        )
        self.html(
            "/ita/ita-2566.html",
            "ITA 2566",
            '<section id="ita-2566"><h2>การประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2566'
            f"</h2>{head}"
            + "".join(
                f'<tr><td>{i}</td><td>{t}</td><td><a href="{u}">{t}</a></td></tr>'
                for i, t, u in old
            )
            + "</table></section>",
            dt.date(2023, 4, 20),
        )

    def fixed_pages(self, news: Sequence[Entry], procurement: Sequence[Entry], pad: int) -> None:
        """Home, ITA, about, divisions, villages, hubs, sitemap (FIXED_PAGES of them) + pad."""
        rng = self.rng

        def prose(n: int = 6) -> str:
            return "".join(f"<p>{p}</p>" for p in C.filler(rng, n))

        self.html(
            "/",
            "หน้าแรก",
            f"<p>ยินดีต้อนรับสู่เว็บไซต์{C.AGENCY}</p>"
            f'<p><a href="{ITA_PAGE}">ITA 2567 การประเมินคุณธรรมและความโปร่งใส</a></p>'
            f"<h2>ข่าวประชาสัมพันธ์</h2>{listing(news[:10])}"
            f"<h2>ประกาศจัดซื้อจัดจ้าง</h2>{listing(procurement[:5])}",
            C.AS_OF,
        )
        self.ita_pages()
        prose_pages = [
            (t, u) for t, u in _ABOUT if u in ("/about/history.html", "/about/laws.html")
        ]
        prose_pages += [("สมาชิกสภา อบต.", "/about/council.html")]
        prose_pages += [("นโยบายความเป็นส่วนตัว", "/privacy.html")]
        prose_pages += [(n, f"/divisions/{s}.html") for s, n in _DIVISIONS]
        for title, path in prose_pages:
            self.html(path, title, prose())
        villages = [
            (v, f"/about/villages/village-{i:02d}.html") for i, v in enumerate(C.VILLAGES, 1)
        ]
        self.html("/about/villages/", "ข้อมูลหมู่บ้าน", _ul(villages))
        for i, (village, path) in enumerate(villages, 1):
            self.html(path, f"{village} หมู่ที่ {i}", prose(4))
        plans = (
            ("แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)", "/files/plan/local-development-plan-2566-2570.pdf"),
            ("แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567", "/files/plan/operating-plan-2567.pdf"),
            ("รายงานผลการดำเนินงานประจำปี 2566", "/files/plan/annual-report-2566.pdf"),
        )
        self.html("/plans.html", "แผนงาน", _ul(plans))
        form = '<form method="post"><input name="name"><textarea name="text"></textarea></form>'
        self.html("/complaint.html", "ร้องเรียน/ร้องทุกข์", prose(3) + form)
        hub = (
            ("แจ้งเรื่องร้องเรียนการทุจริต", "/anti-corruption/complaint.html"),
            ("คู่มือการจัดการเรื่องร้องเรียน", "/files/complaint/corruption-complaint-manual.pdf"),
            ("แผนปฏิบัติการป้องกันการทุจริต", "/files/integrity/anti-corruption-plan-2566-2570.pdf"),
            ("กิจกรรม No Gift Policy", "/activities/no-gift-2567.html"),
        )
        self.html("/anti-corruption/", "ศูนย์ปฏิบัติการต่อต้านการทุจริต", _ul(hub))
        self.html("/admin/", "เข้าสู่ระบบ", '<form method="post"><input name="u"><input name="p">')
        extra = [(f"ข้อมูลทั่วไป เรื่องที่ {i}", f"/about/info-{i:03d}.html") for i in range(1, pad + 1)]
        for title, path in extra:
            self.html(path, title, prose(3))
        sections = [(t, f"/{s}/") for s, t in SECTION_TITLES.items()]
        self.html("/sitemap.html", "แผนผังเว็บไซต์", _ul([*sections, *_ABOUT, *extra]))

    def static_files(self) -> None:
        files = {
            "/robots.txt": b"User-agent: *\nDisallow: /admin/\n",
            "/css/style.css": b"body{font-family:Sarabun,sans-serif}.sidebar{float:right}\n",
            "/images/logo.png": png((27, 94, 32)),
            "/images/banner-ita.png": png((21, 101, 192)),
            "/images/banner-eservice.png": png((46, 125, 50)),
            "/images/org-chart.png": png((250, 250, 250)),
            "/images/activities/no-gift-1.png": png((198, 40, 40)),
            "/images/activities/no-gift-2.png": png((142, 24, 24)),
        }
        people = (
            "nayok",
            "deputy-1",
            "deputy-2",
            "palad",
            "deputy-palad",
            "finance",
            "engineering",
        )
        files.update({f"/images/people/{p}.png": png((200, 180, 160)) for p in people})
        files.update({f"/images/albums/{n}.png": png((120 + 20 * n, 160, 90)) for n in range(6)})
        for path, data in files.items():
            self.write(path, data)


#: Pages ``fixed_pages`` writes besides the pad: home, 2 ITA, 9 prose, 13 village, plans,
#: complaint, integrity hub, admin, sitemap (the evidence pages come on top).
FIXED_PAGES = 1 + 2 + 9 + 13 + 4 + 1


def _nav_html() -> str:
    items = []
    for text, href, sub in NAV:
        inner = f'<ul class="sub">{"".join(f"<li><a href={h!r}>{t}</a></li>" for t, h in sub)}</ul>'
        items.append(f'<li><a href="{href}">{text}</a>{inner if sub else ""}</li>')
    return f'<nav class="main-nav"><ul class="menu-root">{"".join(items)}</ul></nav>'


_FOOTER = (
    f'<footer class="site-footer"><p><strong>{C.AGENCY}</strong><br>{C.ADDRESS}<br>'
    f"โทรศัพท์ {C.PHONE} อีเมล {C.EMAIL}</p><p>"
    '<a href="/sitemap.html">แผนผังเว็บไซต์</a> · <a href="/privacy.html">นโยบายความเป็นส่วนตัว</a>'
    ' · <a href="https://www.facebook.com/nongbuathong.sao">Facebook</a>'
    ' · <a href="/admin/">ผู้ดูแลระบบ</a></p></footer>'
)
