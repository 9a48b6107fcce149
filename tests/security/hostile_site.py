"""A compromised agency website: the demo site with attacks planted where a CMS lets an intruder
(or a careless editor) write — page titles, link texts on the ITA page, file names and URLs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from checker.paths import demo_site_dir

#: What the attacker writes, as the browser would read it (HTML entities decoded).
SCRIPT = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=1;alert(1)">'
SVG = '"><svg onload="window.__pwned=1;alert(1)">'
MARKUP = "[bold red]MARKUP[/bold red] **bold** [click](javascript:alert(1)) | cell |"
TERMINAL = "\x1b[31mRED\x1b[0m \x1b]8;;http://evil.invalid/\x1b\\CLICK\x1b]8;;\x1b\\"
BIDI = "\u202eFDP.exe"
#: A file on the site whose very name is an attack (Linux allows all of it).
HOSTILE_FILE = 'files/manual/a"><img src=x onerror=alert(1)>.pdf'


def _entities(text: str) -> str:
    """``text`` written into HTML source so that a parser reads it back as ``text``."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace('"', "&quot;")
    return "".join(f"&#{ord(c)};" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in out)


def _replace_once(text: str, old: str, new: str) -> str:
    assert old in text, f"the demo site changed: {old!r} is gone"
    return text.replace(old, new, 1)


def plant(root: Path) -> None:
    """Copy the demo site to ``root`` and plant the attacks (items keep their outcomes)."""
    shutil.copytree(demo_site_dir(), root)
    ita = root / "ita.html"
    html = ita.read_text(encoding="utf-8")
    # O8 (a zero): the plan's link text carries script, event handler and markup.
    html = _replace_once(
        html,
        ">แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567</a>",
        f">แผนการดำเนินงาน ประจำปีงบประมาณ พ.ศ. 2567 {_entities(SCRIPT + IMG + MARKUP)}</a>",
    )
    # O10 (passes): a third manual whose file name, URL and link text are attacks, plus
    # terminal escapes and a bidi override in another link text.
    html = _replace_once(
        html,
        ">คู่มือการปฏิบัติงาน งานพัสดุ</a>",
        f">คู่มือการปฏิบัติงาน งานพัสดุ {_entities(TERMINAL + BIDI)}</a>"
        f"<br><a href='/{_entities(HOSTILE_FILE)}'>คู่มือการปฏิบัติงาน งานธุรการ "
        f"{_entities(SVG)}</a>",
    )
    # O12 (a zero): a javascript: link and a dead link whose URL breaks out of attributes.
    html = _replace_once(
        html,
        '<span class="muted">อยู่ระหว่างจัดทำ</span>',
        f'<a href="javascript:window.__pwned=1;alert(1)">ข้อมูลสถิติ {_entities(SCRIPT)}</a> '
        f"<a href='/files/x{_entities(SVG)}.pdf'>สถิติการให้บริการ {_entities(IMG)}</a>",
    )
    ita.write_text(html, encoding="utf-8")
    shutil.copy(root / "files/manual/staff-manual-procurement.pdf", root / HOSTILE_FILE)
    # O1's page: a script in <title> is text to a parser (RCDATA) and lands in evidence titles.
    structure = root / "structure.html"
    page = structure.read_text(encoding="utf-8")
    structure.write_text(
        _replace_once(page, "<title>โครงสร้างองค์กร", f"<title>{SCRIPT}โครงสร้างองค์กร"),
        encoding="utf-8",
    )


def write_target(path: Path, target_id: str, base_url: str, **extra: Any) -> Path:
    """A target file for the served site: no politeness delay, no retries (tests run fast)."""
    data = {
        "id": target_id,
        "name": "องค์การบริหารส่วนตำบลทดสอบความปลอดภัย",
        "base_url": base_url,
        "assessment_year": 2567,
        "crawl": {"delay_seconds": 0, "retries": 0},
        **extra,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path
