"""Reading and writing scan history: scans, item outcomes, evidence, the fetch cache.

A scan is begun (a ``running`` row, committed at once) and completed in a single transaction
that writes its figures, items, evidence, the fetch cache and — through ``then`` — the alert
state. Whatever kills the process before that commit leaves the earlier scans untouched and this
one ``running``; ``recover_interrupted`` later marks it ``interrupted``. Listings show complete
scans only unless asked.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, and_, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from checker.closing import Closing
from checker.evidence.models import Evidence, FetchRecord
from checker.extract.models import Document
from checker.history.db import (
    HistoryUnavailable,
    describe_db_error,
    fetch_cache,
    item_results,
    open_engine,
    safe_url,
    scans,
)
from checker.history.db import (
    evidence as evidence_table,
)
from checker.result import ScanResult
from checker.target import Target

T = TypeVar("T")
STALE_RUNNING = dt.timedelta(hours=24)  # a running row older than this is dead whatever its host


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScanRow:
    id: int
    target_id: str
    target_name: str
    status: str
    trigger: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    as_of: dt.date | None
    site_reached: bool | None
    oit_low: float | None
    oit_high: float | None
    ind9_low: float | None
    ind9_high: float | None
    ind10_low: float | None
    ind10_high: float | None
    zeros: int | None
    unknowns: int | None
    requests: int | None
    bytes_received: int | None
    not_modified: int | None
    error: str | None


class StoredFetch:
    """The last successful fetch of a URL: validators to revalidate, the document to reuse.

    Kept compressed and read on use: a scan asks for every URL it fetches, but reuses a
    document only when the server answers 304, and a full inventory caches thousands of pages
    (read all at once, their link lists alone took 150 MB before the scan began). The document
    is decoded on each use, so the only copy kept is the one the scan holds.
    """

    __slots__ = ("_document", "_record")

    def __init__(self, record: bytes, document: bytes) -> None:
        self._record = record
        self._document = document

    def open(self) -> tuple[FetchRecord, Document] | None:
        """The record and the document, decoded afresh; None when the stored entry is damaged
        (the URL is then fetched without validators, as if it had never been fetched)."""
        try:
            return (
                FetchRecord.model_validate_json(_unpack(self._record)),
                Document.model_validate_json(_unpack(self._document)),
            )
        except (zlib.error, UnicodeDecodeError, ValidationError) as exc:
            logger.warning("a damaged fetch-cache entry is ignored: %s", str(exc).splitlines()[0])
            return None


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def _unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes for timezone-aware columns: they were stored as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def _row(row: Any) -> ScanRow:
    data = {name: getattr(row, name) for name in ScanRow.__dataclass_fields__}
    data["started_at"] = _utc(data["started_at"])
    data["finished_at"] = _utc(data["finished_at"])
    return ScanRow(**data)


_SCAN_COLUMNS = [scans.c[name] for name in ScanRow.__dataclass_fields__]


class HistoryStore(Closing):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str | None = None) -> HistoryStore:
        return cls(open_engine(url))

    def close(self) -> None:
        """Close the pooled connections (a long-running scheduler opens a store per run)."""
        self.engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except SQLAlchemyError as exc:
            raise HistoryUnavailable(
                f"could not write the scan history to {safe_url(self.engine.url)}: "
                + describe_db_error(exc)
            ) from None

    # -- scans ---------------------------------------------------------------------------------

    def begin_scan(self, target: Target, trigger: str, started_at: dt.datetime) -> int:
        with self._transaction() as connection:
            inserted = connection.execute(
                insert(scans).values(
                    target_id=target.id,
                    target_name=target.name,
                    status="running",
                    trigger=trigger,
                    started_at=started_at,
                    pid=os.getpid(),
                    host=socket.gethostname()[:255],
                )
            )
            key = inserted.inserted_primary_key
            assert key is not None
            return int(key[0])

    def complete_scan(
        self,
        scan_id: int,
        result: ScanResult,
        evidence: Evidence | None,
        then: Callable[[Connection], T] | None = None,
    ) -> T | None:
        """Write everything of a finished scan in one transaction (and ``then``, e.g. alerts)."""
        scores = result.scores
        with self._transaction() as connection:
            connection.execute(
                update(scans)
                .where(scans.c.id == scan_id)
                .values(
                    status="complete",
                    finished_at=result.finished_at,
                    as_of=result.as_of,
                    catalogue=result.catalogue,
                    profile=result.profile.id,
                    site_reached=result.complete,
                    oit_low=scores.oit.low,
                    oit_high=scores.oit.high,
                    ind9_low=scores.indicators["9"].low,
                    ind9_high=scores.indicators["9"].high,
                    ind10_low=scores.indicators["10"].low,
                    ind10_high=scores.indicators["10"].high,
                    zeros=len(result.zeros),
                    unknowns=sum(1 for i in result.items if i.outcome == "unknown"),
                    requests=result.crawl.requests,
                    bytes_received=result.crawl.bytes_received,
                    not_modified=result.crawl.not_modified,
                    result=_pack(result.model_dump_json()),
                )
            )
            connection.execute(
                insert(item_results),
                [
                    {
                        "scan_id": scan_id,
                        "item_id": i.id,
                        "outcome": i.outcome,
                        "score": i.score,
                        "route": i.route,
                        "reason": i.reason,
                    }
                    for i in result.items
                ],
            )
            rows = [
                {
                    "scan_id": scan_id,
                    "item_id": i.id,
                    "url": e.url,
                    "source": e.source,
                    "decisive": e.decisive,
                    "state": e.state,
                    "http_status": e.http_status,
                    "fetch_outcome": e.fetch_outcome,
                    "sha256": e.sha256,
                }
                for i in result.items
                for e in i.evidence
            ]
            if rows:
                connection.execute(insert(evidence_table), rows)
            if evidence is not None:
                self._update_fetch_cache(connection, result.target.id, evidence)
            return then(connection) if then is not None else None

    def end_scan(self, scan_id: int, status: str, error: str) -> None:
        """Record a scan that did not complete (``failed`` or ``interrupted``)."""
        with self._transaction() as connection:
            connection.execute(
                update(scans)
                .where(scans.c.id == scan_id)
                .values(status=status, error=error[:2000], finished_at=dt.datetime.now(dt.UTC))
            )

    def recover_interrupted(self, now: dt.datetime | None = None) -> int:
        """Mark ``running`` rows whose process is gone as ``interrupted``; returns how many."""
        now = now or dt.datetime.now(dt.UTC)
        host = socket.gethostname()[:255]
        with self._transaction() as connection:
            running = connection.execute(
                select(scans.c.id, scans.c.pid, scans.c.host, scans.c.started_at).where(
                    scans.c.status == "running"
                )
            ).all()
            dead = []
            for row in running:
                started = _utc(row.started_at)
                too_old = started is not None and now - started > STALE_RUNNING
                gone = row.host == host and row.pid is not None and not _alive(row.pid)
                if gone or too_old:
                    dead.append(row.id)
            if dead:
                connection.execute(
                    update(scans)
                    .where(scans.c.id.in_(dead))
                    .values(
                        status="interrupted", error="the scan process stopped before it completed"
                    )
                )
            return len(dead)

    def scans(self, target_id: str, *, limit: int = 50, everything: bool = False) -> list[ScanRow]:
        query = select(*_SCAN_COLUMNS).where(scans.c.target_id == target_id)
        if not everything:
            query = query.where(scans.c.status == "complete")
        query = query.order_by(scans.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [_row(r) for r in connection.execute(query)]

    def last_started(self, target_id: str, trigger: str) -> dt.datetime | None:
        """When the newest scan of a trigger began, whatever became of it."""
        query = (
            select(scans.c.started_at)
            .where(and_(scans.c.target_id == target_id, scans.c.trigger == trigger))
            .order_by(scans.c.id.desc())
            .limit(1)
        )
        with self.engine.connect() as connection:
            return _utc(connection.execute(query).scalar())

    def last_complete_any(self) -> ScanRow | None:
        """The newest complete scan of any target."""
        query = (
            select(*_SCAN_COLUMNS).where(scans.c.status == "complete").order_by(scans.c.id.desc())
        )
        with self.engine.connect() as connection:
            row = connection.execute(query.limit(1)).first()
        return _row(row) if row is not None else None

    def scan(self, scan_id: int) -> ScanRow | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(*_SCAN_COLUMNS).where(scans.c.id == scan_id)).first()
        return _row(row) if row is not None else None

    def last_complete(
        self, target_id: str, *, before: int | None = None, trigger: str | None = None
    ) -> ScanRow | None:
        conditions = [scans.c.target_id == target_id, scans.c.status == "complete"]
        if before is not None:
            conditions.append(scans.c.id < before)
        if trigger is not None:
            conditions.append(scans.c.trigger == trigger)
        query = select(*_SCAN_COLUMNS).where(and_(*conditions)).order_by(scans.c.id.desc()).limit(1)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return _row(row) if row is not None else None

    def result(self, scan_id: int) -> ScanResult:
        with self.engine.connect() as connection:
            blob = connection.execute(select(scans.c.result).where(scans.c.id == scan_id)).scalar()
        if blob is None:
            raise KeyError(scan_id)
        return ScanResult.model_validate_json(_unpack(blob))

    def item_timeline(
        self, target_id: str, *, limit: int = 120
    ) -> list[tuple[dt.datetime, dict[str, str]]]:
        """Item outcomes of the complete scans of a target, newest first (for task dates)."""
        recent = (
            select(scans.c.id, scans.c.started_at)
            .where(and_(scans.c.target_id == target_id, scans.c.status == "complete"))
            .order_by(scans.c.id.desc())
            .limit(limit)
            .subquery()
        )
        query = (
            select(recent.c.id, recent.c.started_at, item_results.c.item_id, item_results.c.outcome)
            .join(item_results, item_results.c.scan_id == recent.c.id)
            .order_by(recent.c.id.desc())
        )
        timeline: dict[int, tuple[dt.datetime, dict[str, str]]] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                started = _utc(row.started_at)
                assert started is not None
                timeline.setdefault(row.id, (started, {}))[1][row.item_id] = row.outcome
        return [timeline[key] for key in sorted(timeline, reverse=True)]

    def target_ids(self) -> list[str]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(scans.c.target_id).distinct()).scalars()
            return sorted(rows)

    # -- the fetch cache -----------------------------------------------------------------------

    def stored_fetches(self, target_id: str) -> dict[str, StoredFetch]:
        """Everything cached for a target, loaded once per scan (one query)."""
        query = select(fetch_cache.c.url, fetch_cache.c.record, fetch_cache.c.document).where(
            fetch_cache.c.target_id == target_id
        )
        out: dict[str, StoredFetch] = {}
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                out[row.url] = StoredFetch(row.record, row.document)
        return out

    def _update_fetch_cache(self, connection: Connection, target_id: str, ev: Evidence) -> None:
        for url, record in ev.fetches.items():
            key = and_(fetch_cache.c.target_id == target_id, fetch_cache.c.url == url)
            if record.outcome == "gone":
                connection.execute(delete(fetch_cache).where(key))
            elif record.outcome == "not_modified":
                connection.execute(
                    update(fetch_cache).where(key).values(fetched_at=record.fetched_at)
                )
            elif (
                record.outcome == "ok"
                and url in ev.documents
                and (record.etag or record.last_modified)
            ):
                connection.execute(delete(fetch_cache).where(key))
                connection.execute(
                    insert(fetch_cache).values(
                        target_id=target_id,
                        url=url[:2048],
                        etag=record.etag,
                        last_modified=record.last_modified,
                        fetched_at=record.fetched_at,
                        record=_pack(record.model_dump_json()),
                        document=_pack(ev.documents[url].model_dump_json()),
                    )
                )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
