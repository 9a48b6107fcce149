"""Which URLs and which network addresses the crawler may touch.

Two layers, because a URL check alone cannot stop a server-side request forgery:

* :meth:`Scope.allows_url` — by name: http/https only, and only the target's own hosts (``www.``
  variants included) plus the hosts the target file allows.
* :class:`AddressPolicy`, enforced inside the connection factory (:class:`GuardedAdapter`): the
  host is resolved once, *every* address it resolves to is checked, and the socket is connected
  to exactly those checked addresses. A DNS answer that changes between checks (rebinding) or a
  redirect to an internal address therefore never reaches a socket: the check and the connect use
  the same resolution.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import socket
import threading
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import idna
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager
from urllib3.response import HTTPResponse
from urllib3.util.connection import allowed_gai_family
from urllib3.util.timeout import _DEFAULT_TIMEOUT

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_SCHEMES = ("http", "https")
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # embeds an IPv4 address in the last 32 bits


def normalise_host(host: str) -> str:
    """Lower-case, IDNA-encoded (``xn--``), without a trailing dot; IPv6 in compressed form.

    Raises ``ValueError`` for a name that cannot be a host.
    """
    host = host.strip().strip("[]").rstrip(".").lower()
    if not host:
        raise ValueError("empty host name")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if host.isascii():
        # Plain ASCII names are used as they are: IDNA would reject legal DNS names such as
        # ``my_site.go.th`` that real agency servers do use.
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise ValueError(f"host name {host!r} is not a valid international name: {exc}") from exc


def site_key(host: str) -> str:
    """The name a site is known by: ``www.x.go.th`` and ``x.go.th`` are the same site."""
    host = normalise_host(host)
    return host[4:] if host.startswith("www.") and host.count(".") >= 2 else host


def _host_of(entry: str) -> str:
    """A host from a target-file entry that may be a bare host, ``host:port`` or a URL."""
    entry = entry.strip()
    parsed = urlsplit(entry if "://" in entry else f"//{entry}")
    if not parsed.hostname:
        raise ValueError(f"{entry!r} names no host")
    return parsed.hostname


class Scope:
    """The target's site: its base URL's host (with or without ``www.``) plus allowed hosts."""

    def __init__(self, base_url: str, allowed_hosts: Sequence[str] = ()) -> None:
        parsed = urlsplit(base_url)
        if parsed.scheme.lower() not in _SCHEMES or not parsed.hostname:
            raise ValueError(f"base URL {base_url!r} must be an http(s) URL with a host")
        self.base_url = base_url
        self.base_host = normalise_host(parsed.hostname)
        self.hosts: frozenset[str] = frozenset(
            [site_key(self.base_host), *(site_key(_host_of(h)) for h in allowed_hosts)]
        )
        self.address_policy = AddressPolicy(self.base_host)

    def allows_host(self, host: str) -> bool:
        try:
            return site_key(host) in self.hosts
        except ValueError:
            return False

    def allows_url(self, url: str) -> str | None:
        """None when the URL may be fetched, else an English reason."""
        try:
            parsed = urlsplit(url)
            parsed.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError as exc:
            return f"URL {url!r} cannot be parsed: {exc}"
        scheme = parsed.scheme.lower()
        if scheme not in _SCHEMES:
            return f"scheme {scheme or '(none)'} is not fetched"
        if not parsed.hostname:
            return f"URL {url!r} has no host"
        try:
            key = site_key(parsed.hostname)
        except ValueError as exc:
            return str(exc)
        if key not in self.hosts:
            return f"host {parsed.hostname} is not one of the target's hosts"
        return None


# --- addresses -----------------------------------------------------------------------------


def address_category(ip: IPAddress) -> str | None:
    """None for a public (globally routable) address, else the kind of non-public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv6 form that carries an IPv4 address is judged by that address: otherwise
        # ``::ffff:10.0.0.1`` or ``2002:a00:1::`` would slip past an IPv4-only rule.
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return address_category(embedded)
    checks: tuple[tuple[str, bool], ...] = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("shared (carrier NAT)", isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED),
        ("reserved", ip.is_reserved),  # before private: Python counts 240/4 as both
        ("private", ip.is_private),
        ("non-public", not ip.is_global),
    )
    return next((name for name, hit in checks if hit), None)


class AddressRefused(Exception):
    """A connection was refused by the address policy before any socket was opened.

    Deliberately not an ``OSError``: urllib3 and requests pass it through untouched (no retry,
    no wrapping), so the fetcher can report it as ``out_of_scope``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AddressPolicy:
    """Refuses non-public addresses, except the kind the target itself lives on.

    A target served from 127.0.0.1 (the demo) may be fetched over loopback, but a redirect from it
    to 10.x or 169.254.169.254 is still refused.
    """

    def __init__(self, target_host: str) -> None:
        self.target_host = target_host
        self._lock = threading.Lock()
        self._target_kinds: frozenset[str] | None = None

    def target_kinds(self) -> frozenset[str]:
        """Categories of the target's own addresses (resolved once, on first use)."""
        with self._lock:
            if self._target_kinds is None:
                try:
                    addresses = _resolve(self.target_host, 80)
                except OSError:
                    return frozenset()  # not cached: DNS may recover later in the scan
                kinds = {address_category(_ip(sa[0])) for *_, sa in addresses}
                self._target_kinds = frozenset(k for k in kinds if k is not None)
            return self._target_kinds

    def refusal(self, host: str, address: str) -> str | None:
        """None when ``address`` (one that ``host`` resolved to) may be connected to."""
        kind = address_category(_ip(address))
        if kind is None or kind in self.target_kinds():
            return None
        shown = host if host == address else f"{host} ({address})"
        return f"address of {shown} is {kind}; the crawler only connects to public addresses"

    def check(self, host: str, addresses: Sequence[str]) -> None:
        """Raise :class:`AddressRefused` unless every address may be used.

        All addresses must pass, not just one: a name that answers with a public and an internal
        address is treated as hostile rather than trusted to use the public one.
        """
        for address in addresses:
            reason = self.refusal(host, address)
            if reason is not None:
                raise AddressRefused(reason)


def _ip(address: str) -> IPAddress:
    return ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)


def _resolve(host: str, port: int) -> list[tuple[Any, ...]]:
    # Looked up through the module attribute at call time so tests can patch it.
    return socket.getaddrinfo(host.strip("[]"), port, allowed_gai_family(), socket.SOCK_STREAM)


# --- response watchdog hook ----------------------------------------------------------------


class SocketWatch:
    """Lets a timer thread cut the socket a response is read from (wall-clock limit).

    Socket timeouts only bound the gap between two packets; a server dripping one byte a second
    never trips them. The fetcher starts a timer per request; guarded connections attach their
    socket here before reading the response, and :meth:`fire` shuts it down, which wakes the
    blocked read in the fetching thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self.fired = False

    def attach(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.fired:
                self._cut()

    def fire(self) -> None:
        with self._lock:
            self.fired = True
            self._cut()

    def _cut(self) -> None:
        if self._sock is not None:
            # The plain-socket shutdown, also for TLS sockets: SSLSocket.shutdown would tear
            # down TLS state another thread is using. OSError: already closed.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self._sock, socket.SHUT_RDWR)


_current_watch: contextvars.ContextVar[SocketWatch | None] = contextvars.ContextVar(
    "oit_socket_watch", default=None
)


@contextlib.contextmanager
def watching(watch: SocketWatch) -> Iterator[None]:
    """Connections used by this thread inside the block attach their sockets to ``watch``."""
    token = _current_watch.set(watch)
    try:
        yield
    finally:
        _current_watch.reset(token)


# --- the connection factory ------------------------------------------------------------------


class GuardedHTTPConnection(HTTPConnection):
    """An urllib3 connection that resolves, checks every address, then connects to those."""

    def __init__(self, *args: Any, address_policy: AddressPolicy | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.address_policy = address_policy

    def _new_conn(self) -> socket.socket:
        if self.address_policy is None:  # fail closed if wired up wrongly
            raise AddressRefused("no address policy is configured for this connection")
        host = self._dns_host.strip("[]")
        try:
            infos = _resolve(host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        self.address_policy.check(self.host, [str(sa[0]) for *_, sa in infos])
        error: OSError | None = None
        for family, kind, proto, _name, sockaddr in infos:
            sock = None
            try:
                sock = socket.socket(family, kind, proto)
                for option in self.socket_options or ():
                    sock.setsockopt(*option)
                timeout: object = self.timeout  # the pool may pass urllib3's "default" sentinel
                if timeout is not _DEFAULT_TIMEOUT:
                    sock.settimeout(self.timeout)
                if self.source_address:
                    sock.bind(self.source_address)
                sock.connect(sockaddr)  # the checked address: no second DNS lookup
                return sock
            except OSError as exc:
                error = exc
                if sock is not None:
                    sock.close()
        if isinstance(error, TimeoutError):
            raise ConnectTimeoutError(
                self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
            ) from error
        raise NewConnectionError(self, f"Failed to establish a new connection: {error}") from error

    def getresponse(self) -> HTTPResponse:  # type: ignore[override]
        watch = _current_watch.get()
        if watch is not None:
            watch.attach(self.sock)
        return super().getresponse()


class GuardedHTTPSConnection(GuardedHTTPConnection, HTTPSConnection):
    """TLS over a checked socket; SNI and certificate checks still use the host name."""


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class _GuardedPoolManager(PoolManager):
    def __init__(self, policy: AddressPolicy, **kw: Any) -> None:
        super().__init__(**kw)
        self.address_policy = policy
        self.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}

    def _new_pool(
        self,
        scheme: str,
        host: str,
        port: int,
        request_context: dict[str, Any] | None = None,
    ) -> HTTPConnectionPool:
        pool = super()._new_pool(scheme, host, port, request_context)
        # Passed to every connection the pool creates (it is not part of the pool key, so it
        # cannot go through connection_pool_kw).
        pool.conn_kw["address_policy"] = self.address_policy
        return pool


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose every connection goes through :class:`AddressPolicy`."""

    def __init__(self, policy: AddressPolicy, **kw: Any) -> None:
        self.address_policy = policy  # before super().__init__, which builds the pool manager
        super().__init__(**kw)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = _GuardedPoolManager(
            self.address_policy, num_pools=connections, maxsize=maxsize, block=block, **pool_kwargs
        )

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        # Through a proxy the proxy resolves the name, so the address check would be void.
        raise AddressRefused(f"requests through a proxy ({proxy}) are not made")
