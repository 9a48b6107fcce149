"""One scan of the benchmark site by oit-checker, in a process of its own; results as JSON.

The benchmarks run every scan of ours through this module in a subprocess, like Scrapy's, so
that peak RSS is the scan's own (read by the parent with ``wait4``) and every scan starts as a
nightly job does: a fresh process. The durable-rules engine is compiled before the clock starts
(a scheduler compiles it once per process), and reported apart.

    python -m benchmarks.run_crawl --url http://127.0.0.1:8080/ --out scan.json \\
        [--mode focused|full] [--cap PAGES] [--depth N] [--delay S] [--db sqlite:///h.sqlite] \\
        [--profile reports/bench/profile-full]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from checker.catalogue.loader import load_catalogue_for_year
from checker.scan import engine_for, scan_target
from checker.settings import CrawlSettings
from checker.target import LoadedTarget, Target

USER_AGENT = "oit-checker-bench/1.0 (+benchmarks; 127.0.0.1 only)"
AS_OF = dt.date(2024, 4, 30)


def settings_for(mode: str, delay: float, cap: int, depth: int) -> CrawlSettings:
    """Focused: the product's defaults (bar the delay). Full: every page up to ``cap``."""
    if mode == "focused":
        return CrawlSettings(user_agent=USER_AGENT, delay_seconds=delay)
    return CrawlSettings(
        user_agent=USER_AGENT,
        delay_seconds=delay,
        discovery="full",
        max_crawl_pages=cap,
        max_depth=depth,
        max_requests=100_000,
        max_seconds=86_400,
    )


def _target(url: str) -> LoadedTarget:
    target = Target(id="bench", name="องค์การบริหารส่วนตำบลหนองบัวทอง", base_url=url)
    return LoadedTarget(target=target)


def run(args: argparse.Namespace) -> dict[str, Any]:
    loaded = load_catalogue_for_year(2567)
    clock = time.perf_counter()
    engine_for(loaded)  # compiled once per process, as in the scheduler; not part of the scan
    engine_seconds = time.perf_counter() - clock
    settings = settings_for(args.mode, args.delay, args.cap, args.depth)
    target = _target(args.url)
    if args.db:
        # imported before the clock starts, like the engine above: a scheduler imports the
        # history (SQLAlchemy, ~0.3 s) once per process, not once per scan
        from checker.history.store import HistoryStore
        from checker.monitor.run import recorded_scan
    profiler = None
    if args.profile:
        from pyinstrument import Profiler  # the bench extra

        profiler = Profiler(interval=0.001)
        profiler.start()
    clock = time.perf_counter()
    if args.db:
        with HistoryStore.open(args.db) as store:
            outcome = recorded_scan(
                target, loaded, store, trigger="schedule", as_of=AS_OF, settings=settings
            )
        result, fetches = outcome.result, None
    else:
        scan = scan_target(target, loaded, as_of=AS_OF, settings=settings)
        result, fetches = scan.result, scan.evidence.fetches
    wall = time.perf_counter() - clock
    if profiler is not None:
        profiler.stop()
        _save_profile(profiler, Path(args.profile))
    crawl = result.crawl
    out: dict[str, Any] = {
        "mode": args.mode,
        "recorded": bool(args.db),
        "requests": crawl.requests,
        "bytes_received": crawl.bytes_received,
        "not_modified": crawl.not_modified,
        "urls_fetched": crawl.urls_fetched,
        "documents_read": crawl.documents_read,
        "duration_seconds": crawl.duration_seconds,
        "wall_seconds": round(wall, 4),
        "engine_compile_seconds": round(engine_seconds, 4),
        "peak_rss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "index_url": crawl.index_url,
        "index_rows": crawl.index_rows,
        "outcomes": {item.id: item.outcome for item in result.items},
        "hints": {item.id: [h.url for h in item.hints] for item in result.items if item.hints},
    }
    if fetches is not None:
        out["fetch_outcomes"] = dict(Counter(r.outcome for r in fetches.values()))
        out["fetched"] = sorted(u for u, r in fetches.items() if r.attempts)
    return out


def _save_profile(profiler: Any, prefix: Path) -> None:
    prefix.parent.mkdir(parents=True, exist_ok=True)
    prefix.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
    prefix.with_suffix(".txt").write_text(
        profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
    )
    profiler.last_session.save(str(prefix.with_suffix(".pyisession")))  # re-render later
    rows = top_functions(profiler.last_session, 15)
    lines = [f"{'cumulative s':>12}  {'self s':>8}  function"]
    lines += [f"{cum:12.3f}  {own:8.3f}  {name}" for name, cum, own in rows]
    total = profiler.last_session.duration
    lines.append(f"(profiled wall time {total:.2f} s; pyinstrument, 1 ms sampling)")
    (prefix.parent / f"{prefix.name}-top15.txt").write_text("\n".join(lines) + "\n")


def top_functions(session: Any, count: int) -> list[tuple[str, float, float]]:
    """Functions by cumulative time (a recursive call counted once per stack), with self time.

    pyinstrument's synthetic frames ([self], [await]…) are folded into their parent's self
    time, and this module's own frames (the harness around the scan) are left out.
    """
    cumulative: Counter[str] = Counter()
    own: Counter[str] = Counter()
    root = session.root_frame()
    stack: list[tuple[Any, frozenset[str]]] = [(root, frozenset())] if root is not None else []
    while stack:
        frame, above = stack.pop()
        name = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        counted = not frame.is_synthetic and "benchmarks" not in (frame.file_path_short or "")
        if counted:
            if name not in above:
                cumulative[name] += frame.time
            own[name] += frame.total_self_time
            above = above | {name}
        stack.extend((child, above) for child in frame.children)
    return [(n, t, own[n]) for n, t in cumulative.most_common(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--url", required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--mode", choices=("focused", "full"), default="focused")
    parser.add_argument("--cap", type=int, default=60, help="page cap of a full crawl")
    parser.add_argument("--depth", type=int, default=5, help="link depth of a full crawl")
    parser.add_argument("--delay", type=float, default=0.0, help="politeness delay, seconds")
    parser.add_argument("--db", help="record the scan in this history (conditional re-scans)")
    parser.add_argument("--profile", help="write a pyinstrument profile to PREFIX.html/.txt")
    args = parser.parse_args(argv)
    out = run(args)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
