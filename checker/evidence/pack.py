"""The evidence pack: per item, the URLs to paste into the NACC's ITAS, and (optionally) a WARC.

For a passing item the pack lists the URLs that satisfied each part; for an item short of a pass,
the URLs the agency named (so it sees what assessors would open) and the pages that would do
(hints). Each row has the title, when it was fetched, the HTTP status and the content hash.
``--archive`` fetches the listed URLs once more and stores request and response as WARC records
(ISO 28500, warcio), with the pack's items in a metadata record: proof of what was online, and
when.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from checker.crawl.models import FetchResult
from checker.discover.collect import Fetcher
from checker.result import ItemResult, ScanResult

Role = Literal["submit", "named", "hint"]


class PackRow(BaseModel):
    item: str
    title: str  # the item's Thai title
    outcome: str
    role: Role  # submit: satisfied a part · named: named but not enough · hint: would do if linked
    part: str | None  # for submit rows: the part this URL satisfies
    url: str
    document_title: str | None
    http_status: int | None
    fetched_at: dt.datetime | None
    sha256: str | None


def _best_urls(item: ItemResult) -> list[tuple[str, str]]:
    """(part, url) of the evidence that passed each part."""
    out: list[tuple[str, str]] = []
    for part in dict.fromkeys(c.part for c in item.checks):
        for ev in item.evidence:
            checks = [c for c in ev.checks if c.part == part]
            if ev.decisive and checks and all(c.outcome == "pass" for c in checks):
                out.append((part, ev.url))
                break
    return out


def evidence_pack(result: ScanResult) -> list[PackRow]:
    rows: list[PackRow] = []
    for item in result.items:
        by_url = {ev.url: ev for ev in item.evidence}
        listed: list[tuple[Role, str | None, str]] = []
        if item.outcome == "pass":
            listed = [("submit", part, url) for part, url in _best_urls(item)]
        else:
            listed = [
                ("named", None, ev.url) for ev in item.evidence if ev.decisive and ev.hop == 0
            ]
            listed += [("hint", None, hint.url) for hint in item.hints]
        for role, part, url in listed:
            ev = by_url.get(url)
            rows.append(
                PackRow(
                    item=item.id,
                    title=item.title,
                    outcome=item.outcome,
                    role=role,
                    part=part,
                    url=url,
                    document_title=ev.title if ev else None,
                    http_status=ev.http_status if ev else None,
                    fetched_at=ev.fetched_at if ev else None,
                    sha256=ev.sha256 if ev else None,
                )
            )
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # a spreadsheet would run it as a formula (CSV injection)
    return value


def pack_csv(rows: Sequence[PackRow]) -> bytes:
    """UTF-8 with a byte-order mark (Excel); cells that would run as formulas are defused."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    fields = list(PackRow.model_fields)
    writer.writerow(fields)
    for row in rows:
        values = row.model_dump(mode="json")
        writer.writerow([_cell(values[f]) for f in fields])
    return buffer.getvalue().encode("utf-8-sig")


def pack_json(rows: Sequence[PackRow]) -> str:
    return json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=2)


def write_warc(rows: Sequence[PackRow], path: Path, fetcher: Fetcher, software: str) -> int:
    """Fetch each distinct URL once more and write it to a gzipped WARC; returns the URLs kept."""
    urls = list(dict.fromkeys(r.url for r in rows if r.role in ("submit", "named")))
    kept = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle, fetcher:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(
            writer.create_warcinfo_record(
                path.name,
                {
                    "software": software,
                    "format": "WARC File Format 1.1",
                    "description": "oit-checker evidence pack: what the ITA evidence URLs served",
                },
            )
        )
        for url in urls:
            result = fetcher.fetch(url)
            if result.outcome != "ok":
                continue
            writer.write_record(_response_record(writer, result))
            items = sorted({r.item for r in rows if r.url == url})
            meta = {
                "items": items,
                "requested": url,  # the record's URI is where the server's answer came from
                "sha256": hashlib.sha256(result.body).hexdigest(),
            }
            body = json.dumps(meta).encode()
            writer.write_record(
                writer.create_warc_record(
                    result.final_url,
                    "metadata",
                    payload=io.BytesIO(body),
                    length=len(body),  # known length: warcio need not spool to a temporary file
                    warc_content_type="application/json",
                )
            )
            kept += 1
    return kept


def _response_record(writer: WARCWriter, result: FetchResult) -> ArcWarcRecord:
    headers = [("Content-Type", result.content_type or "application/octet-stream")]
    if result.etag:
        headers.append(("ETag", result.etag))
    if result.last_modified:
        headers.append(("Last-Modified", result.last_modified))
    headers.append(("Content-Length", str(len(result.body))))
    http_headers = StatusAndHeaders(f"{result.status or 200} OK", headers, protocol="HTTP/1.1")
    date = result.fetched_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return writer.create_warc_record(
        result.final_url,
        "response",
        payload=io.BytesIO(result.body),
        length=len(result.body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date},
    )
