"""Test-wide guards: no packet leaves 127.0.0.0/8, and an isolated OIT_HOME."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.webhook import Receiver

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _loopback_only(address: Any) -> None:
    if isinstance(address, tuple) and address:
        host = address[0]
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            pytest.fail(f"a test tried to connect to an unresolved host {host!r}")
        if not ip.is_loopback:
            pytest.fail(f"a test tried to connect to {host}: tests may only reach 127.0.0.0/8")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _loopback_only(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        _loopback_only(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _network_guard() -> Iterator[None]:
    """Every socket connect in the test run must go to loopback (the product's own guard is
    tested separately; this one catches a test or a library that would leave the machine)."""
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    try:
        yield
    finally:
        socket.socket.connect = _real_connect  # type: ignore[method-assign]
        socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Results and history of a test never touch the developer's real data directory."""
    monkeypatch.setenv("OIT_HOME", str(tmp_path_factory.mktemp("oit-home")))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook on 127.0.0.1 recording what Apprise posts to ``receiver.url()``."""
    server = Receiver()
    yield server
    server.close()


@pytest.fixture(scope="session")
def demo_result_json(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A full scan of the bundled demo site over HTTP on 127.0.0.1, as JSON (once per session)."""
    from checker.catalogue.loader import load_catalogue_for_year
    from checker.cli.demo_cmd import DEMO_AS_OF, demo_target
    from checker.demo.server import serve_site
    from checker.paths import demo_site_dir
    from checker.scan import scan_target

    with serve_site(demo_site_dir()) as server:
        scan = scan_target(demo_target(server.url), load_catalogue_for_year(2567), as_of=DEMO_AS_OF)
    return scan.result.model_dump_json()
