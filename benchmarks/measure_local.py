"""The figures measured in this process: the rule engines and PDF text extraction."""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.report import Figure, Row

if TYPE_CHECKING:
    from benchmarks.measure import Context

REPO = Path(__file__).resolve().parent.parent


# -- 4. the rule engines ---------------------------------------------------------------------------


def engine(ctx: Context) -> Figure:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # tests.support.fact_sets: the oracle tests' generator
    from checker.catalogue.loader import load_catalogue_for_year
    from checker.engine.reference import ReferenceEngine
    from checker.scan import engine_for
    from tests.support.fact_sets import random_fact_set
    from tests.support.oracle import differences

    loaded = load_catalogue_for_year(2567)
    count = 30 if ctx.smoke else 1000
    rng = random.Random(ctx.seed)
    sets = [random_fact_set(rng, loaded.items, loaded.year, max_items=35) for _ in range(count)]
    durable, reference = engine_for(loaded), ReferenceEngine(loaded.items, loaded.year)
    durable.decide(sets[0])  # first call warms caches in the C extension
    timings: dict[str, list[float]] = {"durable": [], "reference": []}
    disagree = 0
    for fact_set in sets:
        t0 = time.perf_counter()
        a = durable.decide(fact_set)
        t1 = time.perf_counter()
        b = reference.decide(fact_set)
        t2 = time.perf_counter()
        timings["durable"].append((t1 - t0) * 1000)
        timings["reference"].append((t2 - t1) * 1000)
        disagree += bool(differences(a, b))
    mean = {k: statistics.fmean(v) for k, v in timings.items()}
    p95 = {k: sorted(v)[int(0.95 * (len(v) - 1))] for k, v in timings.items()}
    facts = statistics.fmean(len(fact_set) for fact_set in sets)
    fig = Figure("engine", f"Engine: decide 35 items from stored facts ({count} fact sets)")
    fig.rows = [
        Row(
            "durable-rules, ms per site (mean)",
            f"{mean['durable']:.2f} ms (p95 {p95['durable']:.2f})",
            f"reference {mean['reference']:.2f} ms",
            mean["durable"] / mean["reference"],
            "≤ 10 ms per site",
            mean["durable"] <= 10,
            mean["durable"],
        ),
        Row(
            "reference evaluator, ms per site (mean)",
            f"{mean['reference']:.2f} ms (p95 {p95['reference']:.2f})",
            value=mean["reference"],
        ),
    ]
    fig.details = {
        "fact_sets": count,
        "mean_facts_per_set": round(facts, 1),
        "engines_disagree_on": disagree,
        "notes": [f"{facts:.0f} facts per set on average; engines disagreed on {disagree} sets"],
    }
    return fig


# -- 5. PDF text -----------------------------------------------------------------------------------


def _extract_times(files: list[Path], tool: str, rounds: int) -> tuple[float, float]:
    """Median seconds for our ``read_pdf`` (bodies in memory) and for ``pdftotext``, one
    process per file, as the tool is used."""
    from checker.extract.pdf import read_pdf

    bodies = [(f"http://bench/{p.name}", p.read_bytes()) for p in files]
    ours, poppler = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for url, body in bodies:
            read_pdf(url, body)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        for path in files:
            cmd = [tool, "-q", "-enc", "UTF-8", str(path), "-"]
            subprocess.run(cmd, capture_output=True, check=False)
        poppler.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(poppler)


def _merged(files: list[Path], pages: dict[Path, int], folder: Path) -> list[Path]:
    """The same PDFs joined by ``pdfunite`` into files of at most 250 pages (read_pdf reads
    300): pdftotext's process start is then spread over many pages."""
    tool = shutil.which("pdfunite")
    if tool is None:
        return []
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    groups: list[list[Path]] = [[]]
    count = 0
    for path in files:
        if count + pages[path] > 250 and groups[-1]:
            groups.append([])
            count = 0
        groups[-1].append(path)
        count += pages[path]
    out = []
    for i, group in enumerate(groups):
        target = folder / f"merged-{i:02d}.pdf"
        if len(group) == 1:
            shutil.copyfile(group[0], target)
        else:
            subprocess.run([tool, *map(str, group), str(target)], check=True)
        out.append(target)
    return out


def pdf(ctx: Context) -> Figure:
    from checker.extract.pdf import read_pdf

    manifest, _server = ctx.site()
    fig = Figure("pdf", "PDF text: the product's extraction against pdftotext")
    tool = shutil.which("pdftotext")
    if tool is None:
        fig.skipped = "pdftotext is not installed (apt-get install poppler-utils)"
        return fig
    files = sorted(manifest.root.rglob("*.pdf"))
    pages = {p: read_pdf(p.name, p.read_bytes()).pages or 0 for p in files}
    total = sum(pages.values())
    rounds = 1 if ctx.smoke else 3
    ours, poppler = _extract_times(files, tool, rounds)
    ratio = poppler / ours  # same pages: the rate ratio is the inverse time ratio
    fig.rows = [
        Row(
            "pages per second, file by file",
            f"{total / ours:.0f} ({total} pages, {len(files)} PDFs)",
            f"pdftotext {total / poppler:.0f}",
            ratio,
            "≥ 0.5× pdftotext",
            ratio >= 0.5,
            total / ours,
        )
    ]
    merged = _merged(files, pages, ctx.work / "pdf-merged")
    if merged:
        ours_m, poppler_m = _extract_times(merged, tool, rounds)
        fig.rows.append(
            Row(
                f"pages per second, joined into {len(merged)} files (pdftotext's start amortised)",
                f"{total / ours_m:.0f}",
                f"pdftotext {total / poppler_m:.0f}",
                poppler_m / ours_m,
                value=total / ours_m,
            )
        )
        fig.details["joined_seconds"] = {"ours": ours_m, "pdftotext": poppler_m}
    fig.details.update(
        {
            "files": len(files),
            "pages": total,
            "extract_seconds": {"ours": ours, "pdftotext": poppler},
            "notes": [
                "ours: read_pdf (pypdfium2 + Thai normalisation) in this process on bodies "
                "in memory; pdftotext: one process per file, as the tool is used; median of "
                f"{rounds} round(s)"
            ],
        }
    )
    return fig
