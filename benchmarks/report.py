"""Benchmark results: the figures' data model, the machine and versions, JSON and Markdown."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.nginx import nginx_version


@dataclass
class Row:
    """One line of the results table: a measured value against its baseline and goal."""

    metric: str
    measured: str
    baseline: str = ""
    ratio: float | None = None  # measured ÷ baseline, in the unit the goal states
    goal: str = ""  # empty: shown for information
    met: bool | None = None  # None: no goal
    value: float | None = None  # the measured number, for machines


@dataclass
class Figure:
    name: str
    title: str
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    skipped: str | None = None  # why the figure was not measured
    error: str | None = None  # the figure crashed: the rest of the run still reports


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        # other work on the machine skews every timing: the load when the report was written
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _dist(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _poppler() -> str:
    if shutil.which("pdftotext") is None:
        return "not installed"
    out = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False)
    first = (out.stderr or out.stdout).strip().splitlines()
    return first[0].removeprefix("pdftotext version ") if first else "unknown"


def versions() -> dict[str, str]:
    names = ("oit-checker", "durable-rules", "scrapy", "pypdfium2", "requests", "urllib3", "lxml")
    out = {name: _dist(name) for name in names}
    out.update({name: _dist(name) for name in ("fpdf2", "psutil", "pyinstrument")})
    out["nginx"] = nginx_version()
    out["poppler (pdftotext)"] = _poppler()
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _result(row: Row) -> str:
    if row.met is None:
        return ""
    return "**met**" if row.met else "**missed**"


def markdown(data: dict[str, Any], figures: list[Figure]) -> str:
    m = data["machine"]
    lines = [
        f"# oit-checker benchmarks — {data['date']}",
        "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; "
        f"load average at the end {' / '.join(map(str, m['load_average']))}"
        + (
            f", at the start {' / '.join(map(str, data['run']['load_start']))}"
            if "load_start" in data["run"]
            else ""
        ),
        f"- Python {m['python']}; " + "; ".join(f"{k} {v}" for k, v in data["versions"].items()),
        f"- Run: {data['run']['mode']} — site {data['run']['site']}; "
        f"{data['run']['seconds']:.0f} s in all",
        "",
        "| Figure | Metric | Measured | Baseline | Ratio | Goal | Result |",
        "|---|---|---|---|---|---|---|",
    ]
    for fig in figures:
        if fig.skipped or fig.error:
            why = f"skipped: {fig.skipped}" if fig.skipped else f"error: {fig.error}"
            lines.append(f"| {_cell(fig.title)} | — | {_cell(why)} | | | | |")
            continue
        for i, row in enumerate(fig.rows):
            ratio = "" if row.ratio is None else f"{row.ratio:.2f}"
            title = _cell(fig.title) if i == 0 else ""
            lines.append(
                f"| {title} | {_cell(row.metric)} | {_cell(row.measured)} | "
                f"{_cell(row.baseline)} | {ratio} | {_cell(row.goal)} | {_result(row)} |"
            )
    notes = [f"- **{f.title}**: {n}" for f in figures for n in f.details.get("notes", [])]
    if notes:
        lines += ["", "## Notes", "", *notes]
    for fig in figures:
        for title, text in fig.details.get("appendix", {}).items():
            lines += ["", f"## {title}", "", "```", text.rstrip(), "```"]
    return "\n".join(lines) + "\n"


def write(
    out: Path, figures: list[Figure], run: dict[str, Any], stem: str | None = None
) -> tuple[Path, Path]:
    """Write ``bench-<date>.json`` and ``.md`` into ``out``; returns both paths."""
    today = dt.date.today().isoformat()
    data = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "versions": versions(),
        "run": run,
        "figures": [asdict(f) for f in figures],
    }
    out.mkdir(parents=True, exist_ok=True)
    stem = stem or f"bench-{today}"
    json_path, md_path = out / f"{stem}.json", out / f"{stem}.md"
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    md_path.write_text(markdown(data, figures), encoding="utf-8")
    return json_path, md_path
