"""The history database: tables, engine creation, and where the default SQLite file lives.

SQLite by default (``<OIT_HOME or the platform data dir>/history.sqlite``), any SQLAlchemy URL
otherwise (``postgresql+psycopg://…`` for a fleet). The scheduler's APScheduler job store uses the
same database. A scan is written in one transaction when it completes; a scan killed half-way
leaves only its ``running`` row, which the next run marks ``interrupted``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from checker.errors import OitError, UsageError
from checker.paths import oit_home

SCHEMA_VERSION = 1
metadata = MetaData()

scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_id", String(60), nullable=False),
    Column("target_name", Text, nullable=False),
    Column("status", String(12), nullable=False),  # running | complete | failed | interrupted
    Column("trigger", String(12), nullable=False),  # manual | schedule | ci
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("as_of", Date),
    Column("catalogue", String(20)),
    Column("profile", String(60)),
    Column("site_reached", Boolean),
    Column("oit_low", Float),
    Column("oit_high", Float),
    Column("ind9_low", Float),
    Column("ind9_high", Float),
    Column("ind10_low", Float),
    Column("ind10_high", Float),
    Column("zeros", Integer),
    Column("unknowns", Integer),
    Column("requests", Integer),
    Column("bytes_received", Integer),
    Column("not_modified", Integer),
    Column("error", Text),
    Column("pid", Integer),
    Column("host", String(255)),
    Column("result", LargeBinary),  # the result JSON, zlib-compressed
    Index("ix_scans_target_status", "target_id", "status", "started_at"),
)

item_results = Table(
    "item_results",
    metadata,
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", String(8), primary_key=True),
    Column("outcome", String(8), nullable=False),
    Column("score", Integer),
    Column("route", String(8)),
    Column("reason", Text),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scan_id", Integer, ForeignKey("scans.id", ondelete="CASCADE"), nullable=False),
    Column("item_id", String(8), nullable=False),
    Column("url", Text, nullable=False),
    Column("source", String(8), nullable=False),
    Column("decisive", Boolean, nullable=False),
    Column("state", String(12), nullable=False),
    Column("http_status", Integer),
    Column("fetch_outcome", String(16)),
    Column("sha256", String(64)),
    Column("etag", Text),
    Column("last_modified", Text),
    Index("ix_evidence_scan", "scan_id", "item_id"),
)

#: What the last successful fetch of each URL returned: validators for conditional requests and
#: the document read from it, reused as is when the server answers 304 Not Modified.
fetch_cache = Table(
    "fetch_cache",
    metadata,
    Column("target_id", String(60), primary_key=True),
    Column("url", String(2048), primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
    Column("record", LargeBinary, nullable=False),  # FetchRecord JSON, zlib
    Column("document", LargeBinary, nullable=False),  # Document JSON, zlib
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_id", String(60), nullable=False),
    Column("fingerprint", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("problem", Text, nullable=False),  # Problem JSON
    Column("state", String(10), nullable=False),  # pending | open | resolved
    Column("streak", Integer, nullable=False),  # consecutive scans that showed it
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("opened_at", DateTime(timezone=True)),
    Column("opened_notified_at", DateTime(timezone=True)),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolved_notified_at", DateTime(timezone=True)),
    UniqueConstraint("target_id", "fingerprint", name="uq_alert_fingerprint"),
)

schema_info = Table(
    "oit_schema",
    metadata,
    Column("version", Integer, primary_key=True),
)


def default_db_url() -> str:
    """``$OIT_DB`` when set, else a SQLite file in the data directory."""
    env = os.environ.get("OIT_DB")
    if env:
        return env
    return f"sqlite:///{oit_home() / 'history.sqlite'}"


class HistoryUnavailable(OitError):
    """The history database cannot be opened or written: a scan cannot be recorded. Exit 3."""

    exit_code = 3


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL: readers (oit history) never block the nightly writer; FULL: a committed scan survives
    # a power cut; busy_timeout: two processes (scheduler + a manual scan) wait instead of failing.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def open_engine(url: str | None = None) -> Engine:
    """Create the engine and the tables; a clear error when the database cannot be used."""
    url = url or default_db_url()
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryUnavailable(
                f"cannot create the history folder {path.parent}: {exc.strerror}"
            ) from None
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise UsageError(
            f"--db {safe_url(url)}: not a database URL SQLAlchemy can use ({exc})"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            if not inspect(connection).has_table(
                "oit_schema"
            ):  # pragma: no cover - create_all made it
                raise HistoryUnavailable("schema table missing")
            if connection.execute(schema_info.select()).first() is None:
                connection.execute(schema_info.insert().values(version=SCHEMA_VERSION))
    except OperationalError as exc:
        raise HistoryUnavailable(
            f"the history database {safe_url(url)} cannot be opened or written: "
            + describe_db_error(exc)
        ) from None
    except SQLAlchemyError as exc:
        raise HistoryUnavailable(
            f"the history database {safe_url(url)}: {describe_db_error(exc)}"
        ) from None
    return engine


#: What an SQLite error most likely means for the person reading it (by its error name;
#: "disk I/O error" on a write is what a full disk or a file size limit looks like).
_SQLITE_HINTS = (
    ("SQLITE_FULL", "the disk is full"),
    ("SQLITE_IOERR_WRITE", "writing failed: is the disk full?"),
    ("SQLITE_IOERR_SHMSIZE", "writing failed: is the disk full?"),
    ("SQLITE_IOERR_TRUNCATE", "writing failed: is the disk full?"),
    ("SQLITE_READONLY", "the file or its folder is read-only"),
    ("SQLITE_CANTOPEN", "the file cannot be created or opened: is its folder writable?"),
)


def describe_db_error(exc: BaseException) -> str:
    """The first line of a database error, with what it most likely means."""
    orig = getattr(exc, "orig", None) or exc
    text = (str(orig) or type(orig).__name__).splitlines()[0][:200]
    name = str(getattr(orig, "sqlite_errorname", ""))
    for prefix, hint in _SQLITE_HINTS:
        if name.startswith(prefix):
            return f"{text} ({hint})"
    return text


def safe_url(url: str | URL) -> str:
    """A database URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"
