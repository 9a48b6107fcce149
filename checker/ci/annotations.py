"""GitHub Actions workflow commands (``::error``/``::warning``) for ``oit ci`` under Actions.

The runner reads stdout line by line and executes any line that starts with ``::``. Titles,
reasons and URLs come from the scanned website, so a page titled ``x\\n::add-mask::…`` must not be
able to start a line of its own: each annotation is built as exactly one line, with GitHub's own
escaping (``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``; in properties also ``:`` and ``,``), and
other characters that some viewers treat as line breaks (VT, FF, NEL, U+2028/9 …) are replaced by
spaces before escaping. GitHub shows at most a few dozen annotations per job, so the list is capped
and ends with one notice saying how many were left out.
"""

from __future__ import annotations

from checker.ci.models import CiReport, Finding
from checker.output.oneline import flat
from checker.result import ItemResult

MAX_ANNOTATIONS = 50
TITLE_LIMIT = 200
MESSAGE_LIMIT = 1000


def escape_data(text: str) -> str:
    """As ``escapeData`` in @actions/core: the message after ``::``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """As ``escapeProperty`` in @actions/core: a ``key=value`` property before ``::``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, title: str, message: str) -> str:
    return f"::{name} title={escape_property(title)}::{escape_data(message)}"


def github_annotations(report: CiReport) -> list[str]:
    """One ``::error`` per breaching finding, one ``::warning`` per other zero/unknown item."""
    errors: list[str] = []
    warnings: list[str] = []
    for item in report.result.items:
        findings = [f for f in report.findings if f.item == item.id]
        breaching = [f for f in findings if f.breaches]
        if breaching:
            errors += [_error(report, item, f) for f in breaching]
        elif findings or item.outcome in ("fail", "unknown"):
            warnings.append(_warning(report, item, findings))
    lines = errors + warnings
    if len(lines) <= MAX_ANNOTATIONS:
        return lines
    left_out = lines[MAX_ANNOTATIONS:]
    n_errors = sum(1 for line in left_out if line.startswith("::error"))
    summary = (
        f"{len(left_out)} more annotation(s) not shown ({n_errors} error(s),"
        f" {len(left_out) - n_errors} warning(s)); see the job summary or the JUnit report"
    )
    title = f"OIT {flat(report.result.target.id, 100)}"
    return [*lines[:MAX_ANNOTATIONS], command("notice", title, summary)]


def _error(report: CiReport, item: ItemResult, finding: Finding) -> str:
    title = f"OIT {finding.item} {finding.kind}: {flat(finding.title, TITLE_LIMIT)}"
    message = flat(finding.message, MESSAGE_LIMIT)
    if finding.url:
        message += f" — {flat(finding.url, MESSAGE_LIMIT)}"
    if any(w.item == item.id and w.expired for w in report.waivers):
        message += " (its waiver has expired)"
    return command("error", title, message)


def _warning(report: CiReport, item: ItemResult, findings: list[Finding]) -> str:
    kinds = [f.kind for f in findings] or ["zero" if item.outcome == "fail" else "unknown"]
    kind = ", ".join(dict.fromkeys(kinds))
    title = f"OIT {item.id} {kind}: {flat(item.title, TITLE_LIMIT)}"
    first = findings[0] if findings else None
    message = flat(first.message if first else item.reason, MESSAGE_LIMIT)
    url = first.url if first and first.url else _decisive_url(item)
    if url:
        message += f" — {flat(url, MESSAGE_LIMIT)}"
    waiver = report.waived(item.id)
    if waiver is not None:
        message += f" (waived until {waiver.expires.isoformat()})"
    message += " — does not break the build"
    return command("warning", title, message)


def _decisive_url(item: ItemResult) -> str | None:
    for evidence in item.evidence:
        if evidence.decisive:
            return evidence.url
    return item.evidence[0].url if item.evidence else None
