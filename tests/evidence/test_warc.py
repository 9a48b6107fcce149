"""The evidence archive: a real WARC of what the demo's evidence URLs served, read back."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator

from checker.crawl.fetcher import PoliteFetcher
from checker.crawl.scope import Scope
from checker.demo.server import serve_site
from checker.evidence.pack import evidence_pack, write_warc
from checker.paths import demo_site_dir
from checker.result import ScanResult
from checker.settings import CrawlSettings


def test_the_archive_holds_every_evidence_url_with_its_body(
    demo_result_json: str, tmp_path: Path
) -> None:
    result = ScanResult.model_validate_json(demo_result_json)
    path = tmp_path / "evidence.warc.gz"
    with serve_site(demo_site_dir()) as server:
        rows = [
            r.model_copy(update={"url": r.url.replace(result.target.base_url, server.url)})
            for r in evidence_pack(result)
        ]
        fetcher = PoliteFetcher(CrawlSettings(delay_seconds=0), Scope(server.url))
        kept = write_warc(rows, path, fetcher, "oit-checker test")
    wanted = {r.url for r in rows if r.role in ("submit", "named")}
    responses: dict[str, bytes] = {}
    metadata: dict[str, dict[str, object]] = {}
    types = []
    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            types.append(record.rec_type)
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type == "response":
                assert record.http_headers.get_statuscode() == "200"
                assert record.rec_headers.get_header("WARC-Date").startswith("20")
                responses[uri] = record.content_stream().read()
            elif record.rec_type == "metadata":
                metadata[uri] = json.loads(record.content_stream().read())
    assert types[0] == "warcinfo"
    assert kept == len(responses) == len(metadata)
    # everything named as evidence is archived, except what answered 404 (O16) or redirected off
    assert len(responses) >= len(wanted) - 2 and set(responses) <= wanted | {u for u in responses}
    for uri, body in responses.items():
        assert metadata[uri]["sha256"] == hashlib.sha256(body).hexdigest()
        assert metadata[uri]["items"]
    pdfs = [body for uri, body in responses.items() if urlsplit(uri).path.endswith(".pdf")]
    assert pdfs and all(body.startswith(b"%PDF") for body in pdfs)
