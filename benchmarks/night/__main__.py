"""``python -m benchmarks.night``: the scheduler over N sites on loopback, measured and reported.

See the package's docstring for what is measured.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from benchmarks.night.harness import night, say
from benchmarks.night.scheduler_run import Mode
from benchmarks.night.targets import DEFAULT_DELAY


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.night",
        description="Run the scheduler over N agency sites served on loopback and measure it.",
    )
    parser.add_argument("--targets", type=int, default=200, help="sites and targets (200)")
    parser.add_argument("--nights", type=int, default=2, help="nights in a row (2)")
    parser.add_argument(
        "--delay",
        type=float,
        default=DEFAULT_DELAY,
        help=f"politeness delay in every target's crawl settings ({DEFAULT_DELAY} s)",
    )
    parser.add_argument(
        "--mode",
        choices=("once", "daemon"),
        default="once",
        help="once: `oit schedule DIR --once` (default); daemon: the service and its workers",
    )
    parser.add_argument(
        "--sites-per-host", type=int, default=1, help="sites sharing one address (1)"
    )
    parser.add_argument("--out", type=Path, default=Path("reports/bench"), help="report folder")
    parser.add_argument("--keep", type=Path, help="keep the targets, history and logs here")
    parser.add_argument("--timeout", type=float, default=3600.0, help="per night (3600 s)")
    args = parser.parse_args(argv)
    if args.targets < 1 or args.nights < 1 or args.sites_per_host < 1:
        parser.error("--targets, --nights and --sites-per-host must be at least 1")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    report = night(
        args.targets,
        nights=args.nights,
        delay=args.delay,
        mode=cast(Mode, args.mode),
        sites_per_host=args.sites_per_host,
        workdir=args.keep,
        timeout=args.timeout,
    )
    text = report.markdown()
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "night" if args.mode == "once" else "night-daemon"
    (args.out / f"{stem}.md").write_text(text, encoding="utf-8")
    (args.out / f"{stem}.json").write_text(report.as_json() + "\n", encoding="utf-8")
    say(f"written: {args.out / f'{stem}.md'}, {args.out / f'{stem}.json'}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
