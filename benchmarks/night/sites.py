"""The site farm: N demo sites on loopback addresses, served from one process, every request logged.

Each site is the demo server (``checker.demo.server``: manifest, redirects, validators, charsets)
on its own address and port, answering 404 for the files its variant hides.
"""

from __future__ import annotations

import ipaddress
import selectors
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from benchmarks.night.variants import OVERNIGHT_GONE, Variant, changes_overnight, variant_of
from checker.closing import Closing
from checker.demo.server import SiteHandler, SiteServer
from checker.paths import demo_site_dir

FIRST_ADDRESS = ipaddress.IPv4Address("127.0.1.1")


def host_address(index: int) -> str:
    """127.0.1.1, 127.0.1.2, …; addresses ending in .0 or .255 are skipped."""
    address = FIRST_ADDRESS
    for _ in range(index):
        address += 1
        while int(address) & 0xFF in (0, 255):
            address += 1
    if not address.is_loopback:
        raise ValueError(f"host {index} would be at {address}, outside 127.0.0.0/8")
    return str(address)


@dataclass(frozen=True, slots=True)
class Request:
    """One request as a site saw it. ``start``: its headers were read; ``end``: its status line
    and headers were written, before the body (so ``end`` is never later than the moment the
    client can have read the whole answer). Times are ``time.monotonic()``, which on Linux is one
    clock for every process: the product's delay is measured on the same clock."""

    site: int
    host: str
    method: str
    path: str
    status: int
    start: float
    end: float


@dataclass(frozen=True)
class Site:
    index: int
    address: str
    port: int
    variant: Variant

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}/"

    @property
    def target_id(self) -> str:
        return f"sao-{self.index + 1:03d}"


class FarmServer(SiteServer):
    """One site of the farm: its own address and port, its hidden files, and a log of every
    request (shared by the farm)."""

    def __init__(
        self, address: tuple[str, int], index: int, variant: Variant, log: list[Request]
    ) -> None:
        self.index = index
        self.host = address[0]
        self.variant = variant
        self.hidden = variant.hidden  # grows overnight
        self.log = log
        super().__init__(address, demo_site_dir(), handler=FarmHandler)


class FarmHandler(SiteHandler):
    """The demo server's handler, hiding the site's hidden files and logging every request."""

    server: FarmServer
    _started = 0.0

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self._started = time.monotonic()  # the request line and headers are read
        return parsed

    def find_file(self, path: str) -> tuple[Path, str] | str | None:
        found = super().find_file(path)
        if isinstance(found, tuple) and found[1] in self.server.hidden:
            return None
        return found

    def headers_sent(self, status: int, path: str) -> None:
        site = self.server
        ended = time.monotonic()
        site.log.append(
            Request(site.index, site.host, self.command, path, status, self._started, ended)
        )


class SiteFarm(Closing):
    """N demo sites, one listening socket each, one thread accepting for all (then a thread per
    connection, as the demo server). Use as a context manager."""

    def __init__(self, count: int, sites_per_host: int = 1) -> None:
        self.log: list[Request] = []
        self._servers: list[FarmServer] = []
        self.sites: list[Site] = []
        try:
            for index in range(count):
                address = host_address(index // sites_per_host)
                server = FarmServer((address, 0), index, variant_of(index), self.log)
                self._servers.append(server)
                port = int(server.server_address[1])
                self.sites.append(Site(index, address, port, server.variant))
        except BaseException:
            self._close_servers()
            raise
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="night-sites", daemon=True)
        self._thread.start()

    @property
    def hosts(self) -> int:
        return len({site.address for site in self.sites})

    def overnight(self) -> None:
        """What changes on the sites between two nights (see ``OVERNIGHT_GONE``)."""
        for server in self._servers:
            if changes_overnight(server.index):
                server.hidden = server.hidden | OVERNIGHT_GONE

    def _accept(self) -> None:
        with selectors.DefaultSelector() as selector:
            for server in self._servers:
                selector.register(server, selectors.EVENT_READ)
            while not self._stop.is_set():
                for key, _events in selector.select(timeout=0.1):
                    server = cast(FarmServer, key.fileobj)
                    # accept, then a thread for the connection (what serve_forever does)
                    server._handle_request_noblock()  # type: ignore[attr-defined]

    def _close_servers(self) -> None:
        for server in self._servers:
            server.server_close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._close_servers()
