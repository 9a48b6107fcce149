"""Each benchmark figure as a function of a :class:`Context`; all of them measured in one run.

Crawls (ours and Scrapy's) run as subprocesses: peak RSS is each process's own ``ru_maxrss``
(read with ``wait4``), and nginx's access log, not the crawlers' counters, says what each one
asked for. The engine and PDF figures run in this process (``measure_local``).
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks import measure_local as local
from benchmarks.nginx import LogEntry, NginxServer
from benchmarks.report import Figure, Row
from benchmarks.run_crawl import USER_AGENT as OUR_AGENT
from benchmarks.sitegen import Manifest, generate_site

REPO = Path(__file__).resolve().parent.parent
DEPTH = 10  # link depth of both full crawls: the generated sites need at most 5
SCRAPY_AGENT = "scrapy-bench/1.0 (+benchmarks; 127.0.0.1 only)"  # passed to the spider


def scrapy_available() -> bool:
    return importlib.util.find_spec("scrapy") is not None


@dataclass
class Context:
    """What the figures share: the main site, its server, sizes, and earlier results."""

    out: Path  # reports go here
    work: Path  # generated sites, histories, crawl outputs
    pages: int = 2000
    seed: int = 2567
    smoke: bool = False
    profile: bool = True
    manifest: Manifest | None = None
    server: NginxServer | None = None
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def pdfs(self) -> int:
        return max(1, self.pages // 10)

    def site(self) -> tuple[Manifest, NginxServer]:
        assert self.manifest is not None and self.server is not None
        return self.manifest, self.server


@dataclass
class Child:
    wall: float
    peak_rss_mb: float
    returncode: int
    output: str


def run_child(cmd: list[str], log: Path, timeout: float = 7200) -> Child:
    """Run ``cmd`` and wait for it with ``wait4``: its own peak RSS, not the benchmark's."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        watchdog = threading.Timer(timeout, proc.kill)
        watchdog.start()
        try:
            _pid, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: leave no crawler running against a stopped server
            proc.kill()
            proc.wait()
            raise
        finally:
            watchdog.cancel()
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen.wait
    child = Child(wall, usage.ru_maxrss / 1024, proc.returncode, log.read_text(errors="replace"))
    if child.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])}… exited {child.returncode}:\n{child.output[-3000:]}"
        )
    return child


def our_scan(
    ctx: Context,
    server: NginxServer,
    name: str,
    *,
    mode: str = "focused",
    cap: int = 60,
    delay: float = 0.0,
    db: str | None = None,
    profile: Path | None = None,
) -> tuple[dict[str, Any], Child, list[LogEntry]]:
    """One scan by ``run_crawl`` in a subprocess: its JSON, the process, its log entries."""
    out = ctx.work / f"{name}.json"
    cmd = [sys.executable, "-m", "benchmarks.run_crawl", "--url", server.url, "--out", str(out)]
    cmd += ["--mode", mode, "--cap", str(cap), "--depth", str(DEPTH), "--delay", str(delay)]
    cmd += ["--db", db] if db else []
    cmd += ["--profile", str(profile)] if profile else []
    offset = server.log_offset()
    child = run_child(cmd, ctx.work / f"{name}.log")
    entries = [e for e in server.entries(offset) if e.user_agent == OUR_AGENT]
    return json.loads(out.read_text(encoding="utf-8")), child, entries


def _window(entries: list[LogEntry]) -> float:
    """Seconds between the first and the last request nginx logged (the server's view)."""
    return entries[-1].time - entries[0].time if len(entries) > 1 else 0.0


def _mb(value: float) -> str:
    return f"{value:.0f} MB"


# -- 1. focused scan against the minimum ---------------------------------------------------------


def focused(ctx: Context) -> Figure:
    manifest, server = ctx.site()
    data, _child, entries = our_scan(ctx, server, "focused")
    minimum = manifest.minimum
    asked = [e.uri for e in entries]
    extra = [u for u in asked if u not in minimum]
    by_area = Counter("/".join(u.split("/")[:2]) + "/" if u.count("/") > 1 else u for u in extra)
    hop = _linked_from_failing(manifest)
    why = Counter(
        "robots.txt"
        if u == "/robots.txt"
        else "one hop from a failing item's page"
        if u in hop
        else "crawl for hints"
        for u in extra
    )
    agree = sum(data["outcomes"].get(i) == want for i, want in manifest.expected.items())
    ratio = data["requests"] / len(minimum)
    no_robots = sum(u != "/robots.txt" for u in asked)
    ctx.results["focused"] = {"requests": data["requests"], "seconds": data["duration_seconds"]}
    fig = Figure("focused", "Focused scan (default discovery)")
    fig.rows = [
        Row(
            "requests",
            f"{data['requests']}",
            f"{len(minimum)} (home, ITA page, {len(minimum) - 2} evidence URLs)",
            ratio,
            "≤ 1.5× minimum",
            ratio <= 1.5,
            data["requests"],
        ),
        Row(
            "requests without robots.txt",
            f"{no_robots}",
            f"{len(minimum)}",
            no_robots / len(minimum),
        ),
        Row(
            "scan time, delay 0 (at the default 1 s delay ≈ requests × 1 s)",
            f"{data['duration_seconds']:.2f} s",
            value=data["duration_seconds"],
        ),
    ]
    fig.details = {
        "requests": data["requests"],
        "requests_in_nginx_log": len(entries),
        "minimum": minimum,
        "minimum_not_fetched": [u for u in minimum if u not in asked],
        "extra_requests_by_area": dict(by_area.most_common()),
        "extra_requests_by_reason": dict(why.most_common()),
        "extra_requests": extra,
        "outcomes_as_expected": f"{agree}/{len(manifest.expected)}",
        "outcomes": data["outcomes"],
        "hints": data["hints"],
        "notes": [
            f"{len(extra)} requests beyond the minimum: "
            + ", ".join(f"{k} {v}" for k, v in why.most_common())
            + "; by area: "
            + ", ".join(f"{k} {v}" for k, v in by_area.most_common(8)),
            "hints found: "
            + (
                "; ".join(
                    f"{i} → {', '.join(urlsplit(u).path for u in urls)}"
                    for i, urls in data["hints"].items()
                )
                or "none"
            ),
            f"item outcomes as the generator intended: {agree}/{len(manifest.expected)}",
        ],
    }
    return fig


def _linked_from_failing(manifest: Manifest) -> set[str]:
    """Site paths linked from the article of a failing item's evidence page (what the scan's
    one-hop expansion may open); the menus and sidebar are outside the article."""
    out: set[str] = set()
    for item, urls in manifest.evidence.items():
        if manifest.expected.get(item) != "fail":
            continue
        for url in urls:
            rel = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
            path = manifest.root / rel
            if path.suffix != ".html" or not path.exists():
                continue
            text = path.read_text(encoding="utf-8")
            article = text[text.find("<article>") : text.find("</article>")]
            out.update(re.findall(r'href="(/[^"]*)"', article))
    return out


# -- 2. full-site crawl, and Scrapy on the same site -----------------------------------------------


def _crawl_numbers(entries: list[LogEntry], wall: float, rss: float) -> dict[str, Any]:
    pages = [e for e in entries if e.is_page]
    return {
        "requests": len(entries),
        "pages": len(pages),
        "unique_pages": len({e.uri for e in pages}),
        "wall_seconds": round(wall, 3),
        "server_window_seconds": round(_window(entries), 3),
        "pages_per_second": len(pages) / wall if wall else 0.0,
        "pages_per_second_server_window": len(pages) / _window(entries) if len(entries) > 1 else 0,
        "peak_rss_mb": round(rss, 1),
        "bytes_on_wire": sum(e.bytes_sent for e in entries),
    }


def fullcrawl(ctx: Context) -> Figure:
    manifest, server = ctx.site()
    data, child, entries = our_scan(ctx, server, "full", mode="full", cap=manifest.pages)
    ours = _crawl_numbers(entries, child.wall, child.peak_rss_mb)
    ours["scan_seconds"] = data["duration_seconds"]
    ctx.results["fullcrawl"] = {**ours, "site_pages": manifest.pages}
    fig = Figure("fullcrawl", f"Full-site crawl, politeness off ({manifest.pages} pages)")
    fig.rows = [
        Row(
            "pages per second (process wall time)",
            f"{ours['pages_per_second']:.1f} ({ours['pages']} pages in {child.wall:.1f} s)",
            value=ours["pages_per_second"],
        ),
        Row("peak RSS", _mb(child.peak_rss_mb), value=child.peak_rss_mb),
        Row(
            "requests (pages, documents, robots.txt)", f"{ours['requests']}", value=ours["requests"]
        ),
    ]
    fig.details = {"ours": ours, "page_cap": manifest.pages, "depth_limit": DEPTH}
    return fig


def scrapy(ctx: Context) -> Figure:
    fig = Figure("scrapy", "Full-site crawl against Scrapy (same site, same run)")
    if ctx.smoke:
        fig.skipped = "smoke run: Scrapy is not installed for tests (make bench measures it)"
        return fig
    if not scrapy_available():
        fig.skipped = "Scrapy is not installed: pip install -e '.[bench]' (make bench does)"
        return fig
    if "fullcrawl" not in ctx.results:
        fullcrawl(ctx)
    manifest, server = ctx.site()
    stats_path = ctx.work / "scrapy-stats.json"
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(REPO / "benchmarks/scrapy_spider.py")]
    cmd += ["-a", f"start_url={server.url}", "-a", f"stats_out={stats_path}"]
    cmd += ["-s", f"CLOSESPIDER_PAGECOUNT={manifest.pages}", "-s", f"DEPTH_LIMIT={DEPTH}"]
    cmd += ["-s", f"USER_AGENT={SCRAPY_AGENT}"]
    offset = server.log_offset()
    child = run_child(cmd, ctx.work / "scrapy.log")
    entries = [e for e in server.entries(offset) if e.user_agent == SCRAPY_AGENT]
    theirs = _crawl_numbers(entries, child.wall, child.peak_rss_mb)
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
    ours = ctx.results["fullcrawl"]
    speed = ours["pages_per_second"] / theirs["pages_per_second"]
    window = ours["pages_per_second_server_window"] / theirs["pages_per_second_server_window"]
    fig.rows = [
        Row(
            "pages per second (process wall time)",
            f"{ours['pages_per_second']:.1f}",
            f"Scrapy {theirs['pages_per_second']:.1f}",
            speed,
            "≥ 1.0× Scrapy",
            speed >= 1.0,
            ours["pages_per_second"],
        ),
        Row(
            "pages per second (first→last request in nginx's log)",
            f"{ours['pages_per_second_server_window']:.1f}",
            f"Scrapy {theirs['pages_per_second_server_window']:.1f}",
            window,
        ),
        Row(
            "peak RSS",
            _mb(ours["peak_rss_mb"]),
            f"Scrapy {_mb(theirs['peak_rss_mb'])}",
            ours["peak_rss_mb"] / theirs["peak_rss_mb"],
            value=ours["peak_rss_mb"],
        ),
        Row("requests", f"{ours['requests']}", f"Scrapy {theirs['requests']}"),
    ]
    fig.details = {"scrapy": theirs, "ours": ours, "scrapy_stats": stats}
    return fig


# -- 3. unchanged re-scan --------------------------------------------------------------------------


def rescan(ctx: Context) -> Figure:
    _manifest, server = ctx.site()
    fig = Figure("rescan", "Unchanged re-scan (recorded scan, then the same again)")
    variants = [("politeness off", 0.0)]
    if not ctx.smoke:  # a nightly scan keeps the default 1 s delay: time is then ~requests × 1 s
        variants.append(("default delay 1 s", 1.0))
    else:
        fig.details["notes"] = ["smoke run: the re-scan at the default 1 s delay is not run"]
    for label, delay in variants:
        db_path = ctx.work / f"history-{delay:g}.sqlite"
        db_path.unlink(missing_ok=True)
        db = f"sqlite:///{db_path}"
        first, _c1, log1 = our_scan(ctx, server, f"rescan-{delay:g}-1", delay=delay, db=db)
        second, _c2, log2 = our_scan(ctx, server, f"rescan-{delay:g}-2", delay=delay, db=db)
        share = second["not_modified"] / second["requests"] if second["requests"] else 0.0
        log_share = sum(e.status == 304 for e in log2) / len(log2) if log2 else 0.0
        wire1, wire2 = sum(e.bytes_sent for e in log1), sum(e.bytes_sent for e in log2)
        # the whole recorded scan: crawl and evaluation, then the history write
        t1, t2 = first["wall_seconds"], second["wall_seconds"]
        fig.rows += [
            Row(
                f"{label}: responses answered 304",
                f"{second['not_modified']}/{second['requests']} ({share:.0%})",
                f"nginx log: {log_share:.0%}",
                share,
                "≥ 95 %",
                share >= 0.95,
                share,
            ),
            Row(
                f"{label}: bytes transferred (wire)",
                f"{wire2:,}",
                f"first scan {wire1:,}",
                wire2 / wire1 if wire1 else None,
                value=wire2,
            ),
            Row(
                f"{label}: recorded scan time (scan + history write)",
                f"{t2:.2f} s",
                f"first scan {t1:.2f} s",
                t2 / t1 if t1 else None,
                "≤ 20 % of the first",
                t2 <= 0.2 * t1,
                t2,
            ),
        ]
        not_304 = Counter(f"{e.status} {e.uri}" for e in log2 if e.status != 304)
        fig.details[label] = {"first": first, "second": second, "not_304": dict(not_304)}
        fig.details.setdefault("notes", []).append(
            f"{label}: the re-scan made {second['requests']} requests, the first "
            f"{first['requests']}: every evidence URL is asked again (conditionally) at the same "
            f"delay, to notice a document that is gone (docs/DECISIONS.md, 20); not 304: "
            + (", ".join(f"{k} ×{v}" for k, v in not_304.items()) or "none")
        )
    return fig


# -- 6. growth -------------------------------------------------------------------------------------


def growth_sizes(ctx: Context) -> list[int]:
    if ctx.smoke:  # the smoke site is already the smallest (the core): two sizes suffice
        return [ctx.pages, ctx.pages * 5 // 4]
    return [ctx.pages // 4, ctx.pages, ctx.pages * 4]


def growth(ctx: Context) -> Figure:
    runs: list[dict[str, Any]] = []
    for size in growth_sizes(ctx):
        done, seen = ctx.results.get("fullcrawl"), ctx.results.get("focused")
        if size == ctx.pages and done is not None and seen is not None:  # measured in this run
            runs.append(
                {
                    "pages": done["site_pages"],
                    "crawled_pages": done["pages"],
                    "requests": done["requests"],
                    "scan_seconds": done["scan_seconds"],
                    "wall_seconds": done["wall_seconds"],
                    "peak_rss_mb": done["peak_rss_mb"],
                    "focused_requests": seen["requests"],
                    "focused_seconds": seen["seconds"],
                }
            )
            continue
        manifest = generate_site(ctx.work / f"site-{size}", size, max(1, size // 10), ctx.seed)
        with NginxServer(manifest.root, ctx.work / f"nginx-{size}") as server:
            data, child, entries = our_scan(
                ctx, server, f"growth-{size}", mode="full", cap=manifest.pages
            )
            focused_data = {"requests": 0, "duration_seconds": 0.0}
            if not ctx.smoke:  # the focused scan hardly grows with the site: shown, not judged
                focused_data, _c, _e = our_scan(ctx, server, f"growth-{size}-focused")
        runs.append(
            {
                "pages": manifest.pages,
                "crawled_pages": sum(e.is_page for e in entries),
                "requests": len(entries),
                "scan_seconds": data["duration_seconds"],
                "wall_seconds": round(child.wall, 3),
                "peak_rss_mb": round(child.peak_rss_mb, 1),
                "focused_requests": focused_data["requests"],
                "focused_seconds": focused_data["duration_seconds"],
            }
        )
    small, large = runs[0], runs[-1]
    exponent = math.log(large["scan_seconds"] / small["scan_seconds"]) / math.log(
        large["pages"] / small["pages"]
    )
    rss_exponent = math.log(large["peak_rss_mb"] / small["peak_rss_mb"]) / math.log(
        large["pages"] / small["pages"]
    )
    middle = next((r for r in runs if r["pages"] == ctx.pages), runs[len(runs) // 2])
    fig = Figure("growth", "Growth: full-crawl scan time and peak RSS against site size")
    for r in runs:
        per_page = 1000 * r["scan_seconds"] / max(1, r["crawled_pages"])
        fig.rows.append(
            Row(
                f"{r['pages']} pages: scan time, peak RSS",
                f"{r['scan_seconds']:.1f} s ({per_page:.1f} ms/page), {_mb(r['peak_rss_mb'])}",
                f"focused: {r['focused_requests']} requests, {r['focused_seconds']:.2f} s"
                if r["focused_requests"]
                else "",
                value=r["scan_seconds"],
            )
        )
    fig.rows += [
        Row(
            f"time growth exponent ({small['pages']}→{large['pages']} pages)",
            f"{exponent:.2f}",
            "1.00 = linear",
            exponent,
            "≤ 1.0 (linear; 1.10 allowed for timing noise)",
            exponent <= 1.10,
            exponent,
        ),
        Row(
            f"peak RSS at {middle['pages']} pages",
            _mb(middle["peak_rss_mb"]),
            "300 MB",
            middle["peak_rss_mb"] / 300,
            "≤ 300 MB",
            middle["peak_rss_mb"] <= 300,
            middle["peak_rss_mb"],
        ),
        Row("RSS growth exponent", f"{rss_exponent:.2f}", "1.00 = linear", rss_exponent),
    ]
    fig.details = {"runs": runs}
    return fig


# -- profiles --------------------------------------------------------------------------------------


def profiles(ctx: Context) -> Figure:
    """pyinstrument profiles of the full crawl and the focused scan (top 15 by cumulative)."""
    manifest, server = ctx.site()
    fig = Figure("profiles", "Profiles (pyinstrument)")
    if ctx.smoke:
        fig.skipped = "smoke run: no profiles"
        return fig
    paths, appendix = {}, {}
    for name, mode, cap in (("full", "full", manifest.pages), ("focused", "focused", 60)):
        prefix = ctx.out / f"profile-{name}"
        our_scan(ctx, server, f"profile-{name}", mode=mode, cap=cap, profile=prefix)
        top = ctx.out / f"profile-{name}-top15.txt"
        paths[name] = {"html": str(prefix.with_suffix(".html")), "top15": str(top)}
        fig.rows.append(Row(f"{name} scan", f"{top.name}, {prefix.name}.html"))
        appendix[f"Profile of the {name} scan: top 15 by cumulative time"] = top.read_text()
    fig.details = {"files": paths, "appendix": appendix}
    return fig


FIGURES = {
    "focused": focused,
    "fullcrawl": fullcrawl,
    "scrapy": scrapy,
    "rescan": rescan,
    "engine": local.engine,
    "pdf": local.pdf,
    "growth": growth,
    "profiles": profiles,
}
