"""The night's target files: one per site, all on one cron, with a small politeness delay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from benchmarks.night.sites import Site
from checker.paths import bundled

#: All targets fire at the same minute: the realistic worst case of a folder nobody staggered.
CRON = "0 2 * * *"
#: The politeness delay written into every target's ``crawl:`` (seconds). Small, so that a night
#: of 200 fits in minutes, but not zero, so that the spacing check means something. The default
#: (CrawlSettings().delay_seconds, 1 s) is what a real night uses; see ``estimate_default_night``.
DEFAULT_DELAY = 0.05
#: The time zone of the targets' cron (they name none: a schedule's default).
BANGKOK = ZoneInfo("Asia/Bangkok")


def write_targets(
    folder: Path, sites: Sequence[Site], *, delay: float, cron: str = CRON
) -> list[Path]:
    """One target file per site: the shipped demo target (its official result, its O4 URL) with
    the site's id, name and address, the night's cron and the politeness delay."""
    demo = yaml.safe_load(bundled("targets/demo.yaml").read_text(encoding="utf-8"))
    demo.pop("measures_file", None)  # relative to targets/; scans do not read it
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for site in sites:
        data = dict(demo)
        data.update(
            id=site.target_id,
            name=f"องค์การบริหารส่วนตำบลทดสอบที่ {site.index + 1} ({site.variant.name})",
            base_url=site.url,
            crawl={"delay_seconds": delay, "max_seconds": 900},
            schedule={"cron": cron},
        )
        path = folder / f"{site.target_id}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        paths.append(path)
    return paths


def next_minute_cron(margin: float) -> tuple[str, dt.datetime]:
    """A daily cron firing at the first whole minute at least ``margin`` seconds from now."""
    fire = dt.datetime.now(BANGKOK) + dt.timedelta(seconds=margin)
    fire = fire.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    return f"{fire.minute} {fire.hour} * * *", fire
