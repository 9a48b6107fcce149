"""The terminal view of a scan: items grouped by sub-indicator, zeros highlighted, score ranges."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from checker.catalogue.loader import LoadedCatalogue
from checker.result import ItemResult, ScanResult

OUTCOME_STYLE = {"pass": "green", "fail": "bold red", "review": "yellow", "unknown": "magenta"}
OUTCOME_MARK = {"pass": "✔ pass", "fail": "✘ ZERO", "review": "? review", "unknown": "… unknown"}


def render_scan(result: ScanResult, loaded: LoadedCatalogue, console: Console) -> None:
    profile = loaded.profile(result.profile.id)
    console.print(
        f"[bold]{escape(result.target.name)}[/] — {escape(result.target.base_url)}  "
        f"(ITA {result.target.assessment_year}, as of {result.as_of.isoformat()})"
    )
    if result.profile.hypothesis:
        note = result.profile.note or ""
        console.print(f"[yellow]Scoring profile '{result.profile.id}' is a HYPOTHESIS: {note}[/]")
    if not result.complete:
        console.print(
            "[bold magenta]The site could not be scanned "
            f"({escape(result.incomplete_because)}): every item is unknown.[/]"
        )
    by_sub: dict[str, list[ItemResult]] = {}
    for item in result.items:
        by_sub.setdefault(item.subindicator, []).append(item)
    for indicator in profile.indicators:
        for sub in indicator.subindicators:
            rng = result.scores.subindicators[sub.id]
            table = Table(
                title=f"{sub.id} {sub.title} — {rng.text()}",
                title_justify="left",
                show_header=True,
                header_style="bold",
                expand=True,
            )
            # Thai has no spaces to wrap on: fold long titles and reasons instead of cutting them
            table.add_column("Item", no_wrap=True)
            table.add_column("Title", overflow="fold", ratio=2)
            table.add_column("Outcome", no_wrap=True)
            table.add_column("Reason", overflow="fold", ratio=3)
            for item in by_sub.get(sub.id, []):
                style = OUTCOME_STYLE[item.outcome]
                reason = item.reason
                if item.hints:
                    reason += f"\n→ {item.hints[0].url}"
                table.add_row(  # Text(), not markup: reasons quote what websites say
                    Text(item.id, style=style),
                    Text(item.title),
                    Text(OUTCOME_MARK[item.outcome], style=style),
                    Text(reason),
                )
            console.print(table)
    _render_scores(result, loaded, console)


def _render_scores(result: ScanResult, loaded: LoadedCatalogue, console: Console) -> None:
    profile = loaded.profile(result.profile.id)
    table = Table(title=f"Scores (profile: {result.profile.id})", title_justify="left")
    table.add_column("Indicator")
    table.add_column("Predicted", justify="right")
    table.add_column("Official", justify="right")
    comparison = result.comparison
    for indicator in profile.indicators:
        predicted = result.scores.indicators[indicator.id]
        official = ""
        if comparison and indicator.id in comparison.indicators:
            official = f"{comparison.indicators[indicator.id].official:.2f}"
        table.add_row(f"{indicator.id} {indicator.title}", predicted.text(), official)
    table.add_row(Text("OIT", style="bold"), Text(result.scores.oit.text(), style="bold"), "")
    console.print(table)
    zeros = ", ".join(result.zeros) or "none"
    console.print(f"[bold red]Zeros ({len(result.zeros)}):[/] {zeros}")
    counts = {o: sum(1 for i in result.items if i.outcome == o) for o in OUTCOME_MARK}
    console.print(
        "Outcomes: "
        + ", ".join(f"{n} {o}" for o, n in counts.items() if n)
        + (
            "  (scores are ranges while items are review/unknown)"
            if counts["review"] + counts["unknown"]
            else ""
        )
    )
    if comparison:
        for key, comp in comparison.indicators.items():
            if comp.note_en:
                console.print(
                    f"[yellow]Indicator {key}: predicted {comp.predicted.text()}, official "
                    f"{comp.official:.2f}.[/] {comp.note_en}"
                )
        for pid, alt in comparison.alternative_profiles.items():
            alt_profile = loaded.profile(pid)
            label = "hypothesis" if alt_profile.hypothesis else "alternative"
            figures = ", ".join(f"indicator {k} = {v.text()}" for k, v in alt.indicators.items())
            console.print(f"  Under the {label} profile '{pid}': {figures}, OIT = {alt.oit.text()}")
        if comparison.items_differing:
            console.print(
                f"Items predicted differently from the official {comparison.official_year} result: "
                + ", ".join(comparison.items_differing)
            )
    crawl = result.crawl
    console.print(
        f"[dim]{crawl.requests} requests, {crawl.bytes_received / 1024:.0f} KiB, "
        f"{crawl.urls_fetched} URLs, ITA page: {escape(crawl.index_url or 'not found')}"
        f"{f' (section {crawl.index_year_section})' if crawl.index_year_section else ''}, "
        f"{crawl.duration_seconds:.1f} s[/]"
    )
