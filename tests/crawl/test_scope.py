"""Scope: which URLs (by name) and which addresses (by number) the crawler may touch."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import idna
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.crawl.scope import AddressPolicy, AddressRefused, Scope, address_category

BASE = "https://www.khwaoyai.go.th/"


@pytest.fixture
def scope() -> Scope:
    return Scope(BASE, allowed_hosts=["data.go.th", "https://itas.nacc.go.th/ita/"])


@pytest.mark.parametrize(
    "url",
    [
        "https://www.khwaoyai.go.th/index.php",
        "https://khwaoyai.go.th/ita",  # www. and bare name are the same site
        "http://KhwaoYai.GO.TH/",  # host names are case-insensitive; http is fetched too
        "https://khwaoyai.go.th./page",  # trailing dot of a fully qualified name
        "https://www.khwaoyai.go.th:8443/x",  # another port of the same host
        "https://data.go.th/dataset",  # an allowed extra host
        "https://www.data.go.th/dataset",
        "https://itas.nacc.go.th/ita/item",  # allowed host given as a URL
    ],
)
def test_allows_the_targets_hosts(scope: Scope, url: str) -> None:
    assert scope.allows_url(url) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "https://drive.google.com/file/d/1",
            "host drive.google.com is not one of the target's hosts",
        ),
        ("https://sub.khwaoyai.go.th/", "host sub.khwaoyai.go.th is not one of the target's hosts"),
        ("https://khwaoyai.go.th.evil.com/", "host khwaoyai.go.th.evil.com is not one"),
        ("https://khwaoyai.go.th@evil.com/", "host evil.com is not one"),
        ("ftp://khwaoyai.go.th/file.pdf", "scheme ftp is not fetched"),
        ("mailto:saraban@khwaoyai.go.th", "scheme mailto is not fetched"),
        ("javascript:alert(1)", "scheme javascript is not fetched"),
        ("/relative/path", "scheme (none) is not fetched"),
        ("https:///nohost", "has no host"),
        ("https://khwaoyai.go.th:99999/", "cannot be parsed"),
    ],
)
def test_refuses_with_a_reason(scope: Scope, url: str, reason: str) -> None:
    refusal = scope.allows_url(url)
    assert refusal is not None
    assert reason in refusal


def test_international_domain_names_compare_in_punycode() -> None:
    thai = "ตัวอย่าง.ไทย"
    puny = idna.encode(thai, uts46=True).decode()
    scope = Scope(f"https://{thai}/")
    assert scope.allows_url(f"https://{puny}/about") is None
    assert scope.allows_url(f"https://www.{thai}/about") is None
    assert Scope(f"https://{puny}/").allows_url(f"https://{thai}/") is None


def test_a_bad_base_url_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="http"):
        Scope("ftp://khwaoyai.go.th/")


# --- addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "shared (carrier NAT)"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped IPv6
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:a00:1::", "private"),  # 6to4 wrapping 10.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 wrapping 169.254.169.254
        ("192.0.2.10", "private"),  # documentation range: never a real server
        ("8.8.8.8", None),
        ("203.113.10.10", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_address_categories(address: str, kind: str | None) -> None:
    assert address_category(ipaddress.ip_address(address)) == kind


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_ipv4_mapped_ipv6_is_judged_like_the_ipv4_address(number: int) -> None:
    v4 = ipaddress.IPv4Address(number)
    mapped = ipaddress.IPv6Address(f"::ffff:{v4}")
    assert address_category(mapped) == address_category(v4)


@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_an_address_called_public_is_globally_routable(number: int) -> None:
    v4 = ipaddress.IPv4Address(number)
    if address_category(v4) is None:
        assert v4.is_global


def test_a_loopback_target_may_use_loopback_but_nothing_else_internal() -> None:
    policy = AddressPolicy("127.0.0.1")
    assert policy.refusal("127.0.0.1", "127.0.0.1") is None
    assert policy.refusal("localhost", "127.0.0.2") is None
    for address, kind in [("10.0.0.5", "private"), ("169.254.169.254", "link-local")]:
        reason = policy.refusal("evil.example", address)
        assert reason is not None
        assert address in reason
        assert kind in reason


def test_a_public_target_may_use_no_internal_address() -> None:
    policy = AddressPolicy("8.8.8.8")
    assert policy.refusal("dns.google", "8.8.4.4") is None
    refusal = policy.refusal("localhost", "127.0.0.1")
    assert refusal is not None
    assert "loopback" in refusal


def test_the_targets_category_comes_from_its_resolved_name(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "intranet.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    policy = AddressPolicy("intranet.example")  # an agency intranet: private is its own kind
    assert policy.refusal("intranet.example", "10.9.0.1") is None
    assert policy.refusal("other", "192.168.0.1") is None
    assert policy.refusal("other", "127.0.0.1") is not None
    assert policy.refusal("other", "169.254.169.254") is not None


def test_a_name_with_one_internal_address_among_public_ones_is_refused() -> None:
    policy = AddressPolicy("8.8.8.8")
    with pytest.raises(AddressRefused, match=r"10\.0\.0\.5"):
        policy.check("mixed.example", ["8.8.4.4", "10.0.0.5"])
    policy.check("dns.google", ["8.8.4.4", "2001:4860:4860::8844"])  # all public: no error
