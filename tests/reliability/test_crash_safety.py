"""Crash safety of the scan history (issue 6, item 2), with ``oit scan`` as a real process.

* ``SIGKILL`` at 20 seeded random moments of a scan (some very early, some near the end, the
  rest anywhere), plus a few aimed at the final commit: each time the database passes
  ``PRAGMA integrity_check``, the complete scans are exactly the earlier ones (same ids, same rows,
  same items, evidence and result blob), nothing of the killed scan is stored but its ``running``
  row, and the next scan completes and marks the killed ones ``interrupted``.
* A history folder the process cannot write, and a full disk (``RLIMIT_FSIZE``: writes past N
  bytes fail with EFBIG, as they would with ENOSPC): exit 3, one clear ``error:`` line that names
  the database, no traceback, nothing corrupted, and the next unhindered scan succeeds.

The demo site is served on 127.0.0.1 from this process; the history is a SQLite file in WAL mode.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import pwd
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from checker.demo.server import DemoServer, serve_site
from checker.paths import demo_site_dir
from checker.result import ScanResult

pytestmark = pytest.mark.integration

KILLS = 20  # SIGKILLs at random moments
AIMED_KILLS = 3  # more SIGKILLs, each as the final commit begins
RECOVER_EVERY = 5  # a complete scan after every 5th kill checks that the next scan succeeds
SEED = 20240430
RUN_TIMEOUT = 120


# -- running `oit scan` ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Iterator[DemoServer]:
    with serve_site(demo_site_dir()) as server:
        yield server


def scan_command(server: DemoServer, db: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "checker",
        "scan",
        "--url",
        server.url,
        "--year",
        "2567",
        "--as-of",
        "2024-04-30",
        "--delay",
        "0",
        "--no-progress",
        "--db",
        f"sqlite:///{db}",
    ]


def child_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OIT_DB", "OIT_DEBUG")}
    env["OIT_HOME"] = str(home)
    return env


def run_scan(
    server: DemoServer, db: Path, home: Path, **kwargs: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        scan_command(server, db),
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
        **kwargs,
    )


def recorded_id(run: subprocess.CompletedProcess[str]) -> int:
    assert run.returncode == 0, run.stderr
    found = re.search(r"recorded as scan #(\d+)", run.stderr)
    assert found, run.stderr
    return int(found.group(1))


@dataclass(frozen=True)
class Seed:
    """A history with two complete scans of the demo site, and how long a re-scan took."""

    db: Path
    rescan_seconds: float


@pytest.fixture(scope="module")
def seed(site: DemoServer, tmp_path_factory: pytest.TempPathFactory) -> Seed:
    folder = tmp_path_factory.mktemp("seed")
    db = folder / "history.sqlite"
    durations = []
    for _ in range(2):
        started = time.monotonic()
        recorded_id(run_scan(site, db, folder))
        durations.append(time.monotonic() - started)
    assert not Path(f"{db}-wal").exists()  # closed cleanly: the file alone is the history
    return Seed(db, durations[-1])  # the second one answered with 304s, like every later scan


def fresh_copy(seed: Seed, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "history.sqlite"
    shutil.copyfile(seed.db, db)
    return db


# -- what the history holds ------------------------------------------------------------------

Rows = tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class History:
    integrity: str
    status: dict[int, str]
    complete: dict[int, tuple[Any, ...]]  # id -> (scan row, result sha256, items, evidence)
    stray_rows: int  # item_results / evidence of scans that are not complete
    side_tables: str  # digest of the fetch cache and the alerts (written with a complete scan)


def _digest(rows: Rows) -> str:
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def read_history(db: Path, scratch: Path) -> History:
    """Read a copy of the database and its WAL, so the next run meets the files untouched."""
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / "snapshot.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    for suffix in ("", "-wal"):
        if Path(f"{db}{suffix}").exists():
            shutil.copyfile(f"{db}{suffix}", f"{copy}{suffix}")
    connection = sqlite3.connect(copy)
    try:
        return _history(connection)
    finally:
        connection.close()


def _history(connection: sqlite3.Connection) -> History:
    integrity = "; ".join(r[0] for r in connection.execute("PRAGMA integrity_check"))
    cursor = connection.execute("SELECT * FROM scans ORDER BY id")
    columns = [c[0] for c in cursor.description]
    status: dict[int, str] = {}
    complete: dict[int, tuple[Any, ...]] = {}
    for row in cursor.fetchall():
        data = dict(zip(columns, row, strict=True))
        status[data["id"]] = data["status"]
        if data["status"] != "complete":
            continue
        blob = data.pop("result")
        items = connection.execute(
            "SELECT * FROM item_results WHERE scan_id = ? ORDER BY item_id", (data["id"],)
        ).fetchall()
        evidence = connection.execute(
            "SELECT * FROM evidence WHERE scan_id = ? ORDER BY id", (data["id"],)
        ).fetchall()
        complete[data["id"]] = (
            tuple(data.items()),
            hashlib.sha256(blob).hexdigest() if blob is not None else None,
            tuple(items),
            tuple(evidence),
        )
    stray = connection.execute(
        "SELECT (SELECT count(*) FROM item_results WHERE scan_id NOT IN"
        " (SELECT id FROM scans WHERE status = 'complete'))"
        " + (SELECT count(*) FROM evidence WHERE scan_id NOT IN"
        " (SELECT id FROM scans WHERE status = 'complete'))"
    ).fetchone()[0]
    side = tuple(
        tuple(connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall())
        for table in ("fetch_cache", "alerts")
    )
    return History(integrity, status, complete, stray, _digest(side))


def check_new_complete_scan(db: Path, scan_id: int, items: int) -> None:
    """A scan that completed is whole: every item, and a result that reads back."""
    connection = sqlite3.connect(db)
    try:
        blob = connection.execute("SELECT result FROM scans WHERE id = ?", (scan_id,)).fetchone()
        stored = connection.execute(
            "SELECT count(*) FROM item_results WHERE scan_id = ?", (scan_id,)
        ).fetchone()[0]
    finally:
        connection.close()
    result = ScanResult.model_validate_json(zlib.decompress(blob[0]).decode("utf-8"))
    assert len(result.items) == stored == items


# -- SIGKILL at random moments -----------------------------------------------------------------


def kill_fractions(rng: random.Random) -> list[float]:
    """When to kill, as fractions of a whole scan: uniform, with some forced into its first
    tenth and some into its last 15 %."""
    early = [rng.uniform(0, 0.1) for _ in range(4)]
    late = [rng.uniform(0.85, 1.0) for _ in range(4)]
    fractions = early + late + [rng.random() for _ in range(KILLS - 8)]
    rng.shuffle(fractions)
    return fractions


@dataclass(frozen=True)
class Attempt:
    moment: float  # seconds after the start
    killed: bool  # False: the scan ended before the moment came
    log: str


def start(server: DemoServer, db: Path, home: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as stderr:
        return subprocess.Popen(
            scan_command(server, db),
            env=child_env(home),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )


def finish(process: subprocess.Popen[bytes], moment: float, log: Path) -> Attempt:
    process.wait(timeout=RUN_TIMEOUT)
    text = log.read_text(encoding="utf-8", errors="replace")
    killed = process.returncode == -signal.SIGKILL
    assert killed or process.returncode == 0, f"exit {process.returncode}:\n{text}"
    return Attempt(moment, killed, text)


def kill_at(server: DemoServer, db: Path, home: Path, moment: float) -> Attempt:
    log = home / "scan.log"
    started = time.monotonic()
    process = start(server, db, home, log)
    while process.poll() is None and time.monotonic() - started < moment:
        time.sleep(min(0.005, max(0.0, moment - (time.monotonic() - started))))
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    return finish(process, time.monotonic() - started, log)


def _wal_state(wal: Path) -> tuple[int, int, int] | None:
    try:
        info = wal.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def kill_in_final_commit(server: DemoServer, db: Path, home: Path) -> Attempt:
    """SIGKILL as soon as the WAL is written once the crawl has begun: the result's commit.

    A scan writes the history twice: its ``running`` row before the first request, everything
    else in one transaction when it has finished (reading the fetch cache writes nothing). The
    run logs one line per request when it has no progress bar."""
    log = home / "scan.log"
    wal = Path(f"{db}-wal")
    command = [arg for arg in scan_command(server, db) if arg != "--no-progress"]
    started = time.monotonic()
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            command, env=child_env(home), stdout=subprocess.DEVNULL, stderr=stderr
        )
    crawling, before = False, _wal_state(wal)
    while process.poll() is None:
        if not crawling:
            crawling = "checker.scan:" in log.read_text(encoding="utf-8", errors="replace")
            before = _wal_state(wal)
        elif _wal_state(wal) != before:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.0005)
    return finish(process, time.monotonic() - started, log)


class Ledger:
    """What the history must hold: the complete scans so far, and the checks after each run."""

    def __init__(self, db: Path, scratch: Path) -> None:
        self.db, self.scratch = db, scratch
        first = read_history(db, scratch)
        assert first.integrity == "ok"
        self.complete = dict(first.complete)
        self.side_tables = first.side_tables
        self.last_id = max(first.status)
        self.items = len(next(iter(first.complete.values()))[2])
        assert self.items > 0

    def after_kill(self, attempt: Attempt) -> str:
        """Check the history after a run was killed (or ended first); what the run had done."""
        now = read_history(self.db, self.scratch)
        assert now.integrity == "ok", attempt
        new = {i: s for i, s in now.status.items() if i > self.last_id}
        assert len(new) <= 1, new
        assert set(now.status.values()) <= {"complete", "running", "interrupted"}, now.status
        earlier = {i: c for i, c in now.complete.items() if i <= self.last_id}
        assert earlier == self.complete  # same ids, same rows, items, evidence and result
        assert now.stray_rows == 0
        if new:
            (scan_id, scan_status), *_ = new.items()
            self.last_id = scan_id
        else:
            scan_status = "none"
        assert attempt.killed or scan_status == "complete", attempt.log  # exit 0: recorded
        if scan_status == "complete":  # killed after its commit, or it finished first
            check_new_complete_scan(self.db, self.last_id, self.items)
            self.complete[self.last_id] = now.complete[self.last_id]
            self.side_tables = now.side_tables
        else:
            assert now.side_tables == self.side_tables  # fetch cache and alerts untouched
        return {"none": "starting", "running": "scanning"}.get(scan_status, "recorded")

    def next_scan_succeeds(self, server: DemoServer, home: Path) -> float:
        """Run a scan to its end, check it, and return how long it took."""
        before = read_history(self.db, self.scratch)
        started = time.monotonic()
        run = run_scan(server, self.db, home)
        took = time.monotonic() - started
        scan_id = recorded_id(run)
        now = read_history(self.db, self.scratch)
        assert now.integrity == "ok"
        assert scan_id > self.last_id and now.status[scan_id] == "complete"
        assert {i: c for i, c in now.complete.items() if i != scan_id} == self.complete
        check_new_complete_scan(self.db, scan_id, self.items)
        for old_id, old_status in before.status.items():  # the killed ones, marked by this run
            if old_status != "complete":
                assert now.status[old_id] == "interrupted", (old_id, now.status)
        assert now.stray_rows == 0
        self.complete[scan_id] = now.complete[scan_id]
        self.side_tables, self.last_id = now.side_tables, scan_id
        return took


@pytest.mark.timeout(900)  # about a minute; more when the machine is busy
def test_sigkill_at_random_moments_keeps_exactly_the_complete_scans(
    site: DemoServer, seed: Seed, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    db = fresh_copy(seed, tmp_path / "history")
    ledger = Ledger(db, tmp_path / "scratch")
    assert len(ledger.complete) == 2
    # A kill moment is a fraction of the latest whole scan's duration (it varies with the load).
    duration = seed.rescan_seconds
    rng = random.Random(SEED)
    planned = kill_fractions(rng)
    kills: list[tuple[float, str]] = []  # (fraction, what the run had done)
    ended_first = 0
    while len(kills) < KILLS:
        assert ended_first <= 15, "the scans keep ending before the kill"
        fraction = planned.pop(0) if planned else rng.random()
        attempt = kill_at(site, db, tmp_path, fraction * duration)
        phase = ledger.after_kill(attempt)
        if not attempt.killed:
            ended_first += 1
            duration = attempt.moment  # a fresher measure of a whole scan
            continue
        kills.append((fraction, phase))
        if len(kills) % RECOVER_EVERY == 0 and len(kills) < KILLS:
            duration = ledger.next_scan_succeeds(site, tmp_path)
    aimed = []
    for _ in range(AIMED_KILLS):
        attempt = kill_in_final_commit(site, db, tmp_path)
        assert attempt.killed, attempt.log
        aimed.append(ledger.after_kill(attempt))
    ledger.next_scan_succeeds(site, tmp_path)

    final = read_history(db, tmp_path / "scratch")
    assert set(final.status.values()) == {"complete", "interrupted"}
    phases = [phase for _, phase in kills]
    summary = (
        f"{len(kills)} random SIGKILLs survived (+{ended_first} runs that ended first), at "
        f"fractions of a scan {sorted(round(f, 2) for f, _ in kills)}; "
        f"the runs had been { {p: phases.count(p) for p in sorted(set(phases))} }; "
        f"{AIMED_KILLS} aimed at the final commit: {aimed}; afterwards "
        f"{len(final.complete)} complete scans, "
        f"{list(final.status.values()).count('interrupted')} interrupted"
    )
    print(summary)
    record_property("crash_safety", summary)
    assert len(kills) == KILLS and {"starting", "scanning"} <= set(phases)
    assert min(f for f, _ in kills) < 0.1


# -- a history that cannot be written ----------------------------------------------------------

PR_CAPBSET_DROP = 24
#: CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: what lets root ignore file permissions.
DAC_CAPABILITIES = (1, 2, 3)


def _drop_dac_capabilities() -> None:
    """In the child before exec: root without the power to ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in DAC_CAPABILITIES:
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _works(**kwargs: Any) -> bool:
    try:
        probe = subprocess.run(
            [sys.executable, "-c", "import checker.cli"],
            capture_output=True,
            timeout=60,
            check=False,
            **kwargs,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


@pytest.fixture(scope="module")
def unprivileged() -> dict[str, Any]:
    """How to run ``oit`` so that file permissions bind it: as root (which ignores chmod), as an
    unprivileged user that can run this interpreter, else as root without its DAC capabilities."""
    if os.geteuid() != 0:
        return {}
    for name in ("nobody", "nfsnobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        if _works(**as_user):
            return as_user
    as_capless_root = {"preexec_fn": _drop_dac_capabilities}
    if _works(**as_capless_root):
        return as_capless_root
    pytest.skip(
        "running as root, and neither an unprivileged user can run this interpreter nor can "
        "root drop CAP_DAC_OVERRIDE: a read-only folder cannot be enforced"
    )


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder anyone may enter (pytest's own temporary folders are private to their owner)."""
    root = Path(tempfile.mkdtemp(prefix="oit-ro-"))
    root.chmod(0o755)
    (root / "home").mkdir(mode=0o777)
    (root / "home").chmod(0o777)
    yield root
    for path in [root, *root.rglob("*")]:
        if path.is_dir():
            path.chmod(0o755)
    shutil.rmtree(root)


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def one_clear_line(run: subprocess.CompletedProcess[str], db: Path) -> str:
    assert run.returncode == 3, (run.returncode, run.stderr)
    assert "Traceback" not in run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    line = lines[0]
    assert line.startswith("error: ") and "history" in line and str(db) in line, line
    print(line)
    return line


def test_a_read_only_folder_without_a_database(
    site: DemoServer, open_folder: Path, unprivileged: dict[str, Any]
) -> None:
    folder = open_folder / "history"
    folder.mkdir()
    folder.chmod(0o555)
    db = folder / "history.sqlite"
    run = run_scan(site, db, open_folder / "home", **unprivileged)
    line = one_clear_line(run, db)
    assert re.search(r"read-only|writable", line), line
    assert list(folder.iterdir()) == []


def test_a_read_only_folder_and_database_with_earlier_scans(
    site: DemoServer, seed: Seed, open_folder: Path, unprivileged: dict[str, Any]
) -> None:
    folder = open_folder / "history"
    db = fresh_copy(seed, folder)
    before = read_history(db, open_folder / "scratch")
    db.chmod(0o444)
    folder.chmod(0o555)
    files = file_bytes(folder)
    run = run_scan(site, db, open_folder / "home", **unprivileged)
    line = one_clear_line(run, db)
    assert re.search(r"read-only|writable", line), line
    assert file_bytes(folder) == files  # byte for byte, and no -wal or -shm left behind
    after = read_history(db, open_folder / "scratch")
    assert after == before and after.integrity == "ok"


# -- a full disk ---------------------------------------------------------------------------------


def _file_size_limit(limit: int) -> Callable[[], None]:
    def limit_file_size() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of death
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


@pytest.mark.parametrize(
    ("limit", "when"),
    [
        # no room even for the WAL index (-shm, 32 KiB): the database cannot be opened
        pytest.param(16 * 1024, "open", id="full-from-the-start"),
        # room for the index and the few WAL frames of the `running` row, not for the result's
        # commit (a quarter of a megabyte): the disk fills while the site is scanned
        pytest.param(64 * 1024, "commit", id="fills-during-the-scan"),
    ],
)
def test_a_full_disk(site: DemoServer, seed: Seed, tmp_path: Path, limit: int, when: str) -> None:
    db = fresh_copy(seed, tmp_path / "history")
    scratch = tmp_path / "scratch"
    before = read_history(db, scratch)
    run = run_scan(site, db, tmp_path, preexec_fn=_file_size_limit(limit))
    line = one_clear_line(run, db)
    assert "disk" in line and "full" in line, line
    expected = "could not write" if when == "commit" else "cannot be opened"
    assert expected in line, line
    after = read_history(db, scratch)
    assert after.integrity == "ok"
    assert after.complete == before.complete and after.stray_rows == 0
    assert after.side_tables == before.side_tables
    # The result's commit failed; the small write that follows its rollback records why.
    allowed = {"complete", "failed"} if when == "commit" else {"complete", "running"}
    assert set(after.status.values()) <= allowed
    assert when != "commit" or "failed" in after.status.values()

    scan_id = recorded_id(run_scan(site, db, tmp_path))  # room again: the next scan succeeds
    final = read_history(db, scratch)
    assert final.integrity == "ok"
    assert {i: c for i, c in final.complete.items() if i != scan_id} == before.complete
    assert final.status[scan_id] == "complete"
    assert set(final.status.values()) <= {"complete", "interrupted", "failed"}
