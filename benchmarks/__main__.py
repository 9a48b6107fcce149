"""``python -m benchmarks``: generate the site, serve it with nginx, measure, write the report.

python -m benchmarks                      # everything: reports/bench/bench-<date>.json/.md
python -m benchmarks --only focused rescan
python -m benchmarks --smoke --out /tmp/b # a few dozen pages, no Scrapy, no profiles
python -m benchmarks --pages 500          # a smaller main site (growth: N/4, N, 4N)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from datetime import date
from pathlib import Path

from benchmarks.measure import FIGURES, Context
from benchmarks.nginx import NginxServer
from benchmarks.report import Figure, write
from benchmarks.sitegen import generate_site

SMOKE_PAGES = 64  # the smallest site: the evidence of all 35 items, some news (30 PDFs)


def run(ctx: Context, only: list[str]) -> tuple[list[Figure], dict[str, object]]:
    """Measure the figures named in ``only`` (all when empty) against one served site."""
    started = time.perf_counter()
    load_start = [round(x, 2) for x in os.getloadavg()]
    names = only or list(FIGURES)
    print(f"generating a {ctx.pages}-page site in {ctx.work} …", flush=True)
    ctx.manifest = generate_site(ctx.work / f"site-{ctx.pages}", ctx.pages, ctx.pdfs, ctx.seed)
    figures: list[Figure] = []
    with NginxServer(ctx.manifest.root, ctx.work / "nginx-main") as server:
        ctx.server = server
        print(f"nginx serving it at {server.url}", flush=True)
        for name in names:
            print(f"measuring {name} …", flush=True)
            clock = time.perf_counter()
            try:
                figure = FIGURES[name](ctx)
            except Exception as exc:  # one broken figure must not lose the others
                traceback.print_exc()
                figure = Figure(name, name, error=f"{type(exc).__name__}: {exc}"[:500])
            figure.details["seconds"] = round(time.perf_counter() - clock, 1)
            figures.append(figure)
            if figure.skipped:
                print(f"  skipped {name}: {figure.skipped}", flush=True)
    ctx.server = None
    m = ctx.manifest
    meta: dict[str, object] = {
        "mode": "smoke" if ctx.smoke else "full",
        "site": f"{m.pages} HTML pages, {m.pdfs} PDFs, {m.bytes / 1e6:.1f} MB (seed {m.seed})",
        "figures": names,
        "seconds": round(time.perf_counter() - started, 1),
        "minimum_urls": len(m.minimum),
        "load_start": load_start,
    }
    return figures, meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--smoke", action="store_true", help="tiny run that keeps the harness working"
    )
    parser.add_argument("--out", type=Path, default=Path("reports/bench"), help="report folder")
    parser.add_argument("--work", type=Path, help="sites and scratch files (default OUT/work)")
    parser.add_argument("--pages", type=int, help="HTML pages of the main site (default 2000)")
    parser.add_argument("--seed", type=int, default=2567)
    parser.add_argument("--only", nargs="+", choices=sorted(FIGURES), default=[], metavar="NAME")
    parser.add_argument("--no-profile", action="store_true", help="skip the pyinstrument runs")
    args = parser.parse_args(argv)
    pages = args.pages or (SMOKE_PAGES if args.smoke else 2000)
    ctx = Context(
        out=args.out.resolve(),
        work=(args.work or args.out / "work").resolve(),
        pages=pages,
        seed=args.seed,
        smoke=args.smoke,
        profile=not args.no_profile,
    )
    ctx.work.mkdir(parents=True, exist_ok=True)
    only = list(args.only)
    if not ctx.profile and not only:
        only = [n for n in FIGURES if n != "profiles"]
    figures, meta = run(ctx, only)
    # a partial run (--only) must not overwrite the day's full report
    stem = None if not args.only else "bench-{}-{}".format(date.today(), "-".join(args.only))
    json_path, md_path = write(ctx.out, figures, meta, stem)
    print(md_path.read_text(encoding="utf-8"))
    print(f"wrote {json_path} and {md_path}")
    return 1 if any(f.error for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
