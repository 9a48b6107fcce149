"""Shared pieces of the fault scenarios: tight settings, the clean baseline, measured scans.

Set ``OIT_FAULT_REPORT=path.md`` to have every scenario's measurements (outcome of the affected
item, wall time, memory growth, requests) written there as the table in docs/RELIABILITY.md.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import os
import resource
import socket
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from checker.catalogue.loader import LoadedCatalogue, load_catalogue_for_year
from checker.cli.demo_cmd import DEMO_AS_OF, demo_target
from checker.result import ScanResult
from checker.scan import scan_target
from checker.settings import CrawlSettings
from checker.target import LoadedTarget
from tests.faults.server import Fault, FaultServer

#: Settings for the scenarios: every limit small enough that a hang or a drip costs a second or
#: two, yet far above what the healthy demo site needs (each of its answers takes milliseconds).
#: max_seconds stays well above a clean scan (about 1 s; 3× that with tracemalloc on, and more
#: on a loaded CI machine) so that only a fault can reach it; the deadline itself is tested
#: with 4 s in its own scenario.
#: A drip of one byte a second never trips read_timeout (1.5 s > 1 s between bytes) and is cut
#: by the wall-clock limit per response (response_seconds); a hang is cut by the read timeout
#: first (1.5 s < 2.5 s). Each guard is exercised, with slack for a busy test machine.
TIGHT = CrawlSettings(
    delay_seconds=0,
    connect_timeout=0.5,
    read_timeout=1.5,
    response_seconds=2.5,
    max_seconds=30,
    max_bytes=2_000_000,
    retries=1,
    backoff_seconds=0.05,
    max_retry_after=5,
)
#: Slack on top of max_seconds: the fetcher cuts a response at the scan's deadline, but reading,
#: evaluating and explaining the evidence after the last fetch takes a moment.
TIME_MARGIN = 2.0
LOADED: LoadedCatalogue = load_catalogue_for_year(2567)
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")


# --- memory ------------------------------------------------------------------------------------


def _rss() -> int:
    """Resident set size of this process now, in bytes (Linux /proc; ru_maxrss elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class MemoryProbe:
    """Peak RSS growth during a block, sampled every 5 ms in a thread (it sees C allocations —
    PDFium, zlib, lxml — that tracemalloc cannot), and optionally tracemalloc's peak of Python
    allocations (exact, but it slows Python down, so only where memory is the point)."""

    def __init__(self, *, python_heap: bool = False) -> None:
        self.python_heap = python_heap
        self.rss_growth = 0
        self.python_peak: int | None = None
        self._stop = threading.Event()

    def __enter__(self) -> MemoryProbe:
        self._start = _rss()
        self._peak = self._start
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        if self.python_heap:
            tracemalloc.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self._peak = max(self._peak, _rss())

    def __exit__(self, *exc: object) -> None:
        if self.python_heap:
            self.python_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        self._stop.set()
        self._thread.join()
        self._peak = max(self._peak, _rss())
        self.rss_growth = self._peak - self._start


# --- one measured scan -------------------------------------------------------------------------


@dataclass
class Run:
    result: ScanResult
    wall: float
    budget: float  # max_seconds of the settings used
    memory: MemoryProbe
    hits: dict[str, int]  # requests per path, as the server counted them
    targets: list[str]
    bytes_sent: dict[str, int]
    server_errors: list[str]
    log_tracebacks: list[str] = field(default_factory=list)

    @property
    def outcomes(self) -> dict[str, str]:
        return {i.id: i.outcome for i in self.result.items}

    def evidence(self, item: str, path: str) -> Any:
        """The evidence record of ``item`` whose URL ends with ``path``."""
        for ev in self.result.item(item).evidence:
            if ev.url.split("?", 1)[0].endswith(path):
                return ev
        raise AssertionError(f"{item} has no evidence ending with {path}")


def run_scan(
    faults: Mapping[str, Fault],
    *,
    settings: CrawlSettings = TIGHT,
    target: Callable[[str], LoadedTarget] = demo_target,
    python_heap: bool = False,
) -> Run:
    """Serve the demo site with ``faults``, scan it, and measure; never lets the server's own
    bugs pass for a product failure (its unexpected errors are returned and checked)."""
    import logging

    tracebacks: list[str] = []

    class _Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.exc_info:
                tracebacks.append(f"{record.name}: {record.getMessage()}")

    catcher = _Catch(level=logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(catcher)
    try:
        with FaultServer(faults) as server:
            loaded_target = target(server.url)
            with MemoryProbe(python_heap=python_heap) as memory:
                started = time.monotonic()
                scan = scan_target(loaded_target, LOADED, as_of=DEMO_AS_OF, settings=settings)
                wall = time.monotonic() - started
            return Run(
                result=scan.result,
                wall=wall,
                budget=settings.max_seconds,
                memory=memory,
                hits=server.requests,
                targets=server.targets,
                bytes_sent=server.bytes_sent,
                server_errors=server.errors,
                log_tracebacks=tracebacks,
            )
    finally:
        root.removeHandler(catcher)


@pytest.fixture(scope="session")
def baseline() -> Run:
    """The clean scan every scenario is compared with (the demo's 21 pass / 14 fail)."""
    run = run_scan({})
    assert run.result.complete and not run.server_errors
    assert sum(1 for o in run.outcomes.values() if o == "pass") == 21, run.outcomes
    return run


# --- no packet off loopback --------------------------------------------------------------------


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every socket connection to an address outside 127.0.0.0/8 fails the test *before* the
    socket connects: the product's own scope check has to refuse it first. The attempts are
    also recorded, so a product that swallowed the AssertionError would still fail the test."""
    attempts: list[Any] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create = socket.create_connection

    def check(address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        try:
            inside = ipaddress.ip_address(str(host).split("%", 1)[0]) in LOOPBACK
        except ValueError:
            inside = False  # a host name here means someone resolves behind the policy's back
        if not inside:
            attempts.append(address)
            raise AssertionError(f"a connection to {address} was attempted")

    def connect(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: Any) -> int:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        return real_connect_ex(sock, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        check(address)
        return real_create(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    yield attempts
    assert attempts == [], f"connections off loopback were attempted: {attempts}"


# --- the measurements table --------------------------------------------------------------------

#: Rows kept in the config's stash: test modules import helpers from this file under another
#: module name than pytest gives the conftest, so a module-level list would not be shared.
_ROWS = pytest.StashKey[list[dict[str, str]]]()
Recorder = Callable[..., None]


@pytest.fixture
def measurements(request: pytest.FixtureRequest) -> Recorder:
    """``measurements(scenario, run, item=…, path=…, note=…)`` keeps one scenario's figures for
    the table written when OIT_FAULT_REPORT is set."""
    rows = request.config.stash.setdefault(_ROWS, [])

    def keep(scenario: str, run: Run, *, item: str, path: str | None, note: str = "") -> None:
        python_peak = run.memory.python_peak
        hits = (
            "—" if path is None else str(sum(n for p, n in run.hits.items() if _matches(p, path)))
        )
        sent = 0 if path is None else sum(n for p, n in run.bytes_sent.items() if _matches(p, path))
        rows.append(
            {
                "scenario": scenario,
                "path": path or "—",
                "item": _item_label(run, item),
                "wall": f"{run.wall:.2f} s / {run.budget:g} s",
                "rss": f"{run.memory.rss_growth / 1e6:.1f} MB",
                "heap": "—" if python_peak is None else f"{python_peak / 1e6:.1f} MB",
                "hits": hits,
                "sent": _size(sent),
                "requests": str(run.result.crawl.requests),
                "note": note,
            }
        )

    return keep


def _item_label(run: Run, item: str) -> str:
    """``O20 → unknown`` for one item; for ``*``, how many items ended with which outcome."""
    if item != "*":
        return f"{item} → {run.outcomes[item]}"
    counts: dict[str, int] = {}
    for outcome in run.outcomes.values():
        counts[outcome] = counts.get(outcome, 0) + 1
    return "all: " + ", ".join(f"{n} {o}" for o, n in sorted(counts.items()))


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} B"
    return f"{n / 1e3:.1f} kB" if n < 1_000_000 else f"{n / 1e6:.2f} MB"


def _matches(served: str, path: str) -> bool:
    return fnmatch.fnmatchcase(served, path) if "*" in path else served == path


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    out = os.environ.get("OIT_FAULT_REPORT")
    rows = session.config.stash.get(_ROWS, [])
    if not out or not rows or hasattr(session.config, "workerinput"):
        return  # (an xdist worker holds only its share of the rows: run without -n for the table)
    header = (
        "| scenario | faulted path | affected item → outcome | wall time / budget "
        "| peak RSS growth | Python heap peak | requests to the path | body bytes sent for it "
        "| requests in the scan | notes |\n|---|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = [
        f"| {r['scenario']} | `{r['path']}` | {r['item']} | {r['wall']} | {r['rss']} "
        f"| {r['heap']} | {r['hits']} | {r['sent']} | {r['requests']} | {r['note']} |"
        for r in rows
    ]
    Path(out).write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
