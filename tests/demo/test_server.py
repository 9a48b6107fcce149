"""The demo site's static server, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml

from checker.demo.server import (
    DEFAULT_LAST_MODIFIED,
    MANIFEST_NAME,
    DemoServer,
    ManifestError,
    content_type_for,
    load_manifest,
    manifest_from_data,
    parse_manifest,
    serve_site,
)
from checker.paths import demo_site_dir

pytestmark = pytest.mark.integration

SITE = demo_site_dir()
TIMEOUT = 10


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with serve_site(SITE) as srv:
        yield srv


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    return root


@pytest.fixture
def copy_server(site_copy: Path) -> Iterator[DemoServer]:
    with serve_site(site_copy) as srv:
        yield srv


def get(srv: DemoServer, path: str, **kwargs: object) -> requests.Response:
    kwargs.setdefault("allow_redirects", False)
    return requests.get(srv.url_for(path), timeout=TIMEOUT, **kwargs)  # type: ignore[arg-type]


def raw_get(srv: DemoServer, target: str) -> int:
    """Send the request target exactly as written (requests would normalise "..")."""
    conn = http.client.HTTPConnection(srv.host, srv.port, timeout=TIMEOUT)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


# -- basics --------------------------------------------------------------------------------------


def test_url_and_root_index(server: DemoServer) -> None:
    assert server.url == f"http://127.0.0.1:{server.port}/"
    response = get(server, "/")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.content == (SITE / "index.html").read_bytes()
    assert "องค์การบริหารส่วนตำบลโนนสะอาดงาม" in response.text


def test_folder_index_and_folder_without_slash(server: DemoServer) -> None:
    response = get(server, "news/")
    assert response.status_code == 200
    assert response.content == (SITE / "news" / "index.html").read_bytes()
    redirect = get(server, "news")
    assert redirect.status_code == 301
    assert redirect.headers["Location"] == "/news/"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("ita.html", "text/html; charset=utf-8"),
        ("login.php", "text/html; charset=utf-8"),
        ("files/plan/operating-plan-2567.pdf", "application/pdf"),
        ("images/org-chart.png", "image/png"),
        ("images/executives/nayok.jpg", "image/jpeg"),
        ("css/style.css", "text/css; charset=utf-8"),
        ("js/main.js", "text/javascript; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_content_type_from_extension(server: DemoServer, path: str, content_type: str) -> None:
    response = get(server, path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert int(response.headers["Content-Length"]) == len(response.content)
    assert response.content == (SITE / path).read_bytes()


def test_content_type_for_unknown_extension() -> None:
    assert content_type_for("x.unknown") == "application/octet-stream"
    assert content_type_for("INDEX.PHP") == "text/html; charset=utf-8"


def test_php_page_gets_manifest_headers(server: DemoServer) -> None:
    response = get(server, "login.php")
    assert response.headers["X-Powered-By"].startswith("PHP/")
    assert "เข้าสู่ระบบ" in response.text


def test_legacy_page_is_served_as_windows_874(server: DemoServer) -> None:
    response = get(server, "authority.html")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=windows-874"
    with pytest.raises(UnicodeDecodeError):
        response.content.decode("utf-8")
    text = response.content.decode("cp874")
    assert "อำนาจหน้าที่" in text
    assert "มาตรา 67" in text


# -- validators and conditional requests ---------------------------------------------------------


def test_etag_is_a_quoted_hash_and_stable(server: DemoServer) -> None:
    first = get(server, "ita.html")
    second = get(server, "ita.html")
    etag = first.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"') and len(etag) > 10
    assert second.headers["ETag"] == etag
    assert get(server, "index.html").headers["ETag"] != etag


def test_if_none_match_gives_304(server: DemoServer) -> None:
    etag = get(server, "ita.html").headers["ETag"]
    for header in (etag, f"W/{etag}", f'"nope", {etag}', "*"):
        response = get(server, "ita.html", headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response.headers["ETag"] == etag
    assert get(server, "ita.html", headers={"If-None-Match": '"other"'}).status_code == 200


def test_last_modified_comes_from_the_manifest(server: DemoServer) -> None:
    manifest = load_manifest(SITE)
    ita = get(server, "ita.html").headers["Last-Modified"]
    assert email.utils.parsedate_to_datetime(ita) == manifest.last_modified("/ita.html")
    assert ita == "Fri, 26 Apr 2024 08:15:00 GMT"
    unlisted = get(server, "about.html").headers["Last-Modified"]
    assert email.utils.parsedate_to_datetime(unlisted) == DEFAULT_LAST_MODIFIED
    folder = get(server, "news/").headers["Last-Modified"]
    assert email.utils.parsedate_to_datetime(folder) == manifest.last_modified("/news/index.html")


def test_if_modified_since_gives_304(server: DemoServer) -> None:
    last_modified = get(server, "about.html").headers["Last-Modified"]
    same = get(server, "about.html", headers={"If-Modified-Since": last_modified})
    assert same.status_code == 304
    assert same.content == b""
    later = email.utils.format_datetime(DEFAULT_LAST_MODIFIED + dt.timedelta(days=3), usegmt=True)
    assert get(server, "about.html", headers={"If-Modified-Since": later}).status_code == 304
    earlier = email.utils.format_datetime(DEFAULT_LAST_MODIFIED - dt.timedelta(days=1), usegmt=True)
    assert get(server, "about.html", headers={"If-Modified-Since": earlier}).status_code == 200
    assert get(server, "about.html", headers={"If-Modified-Since": "garbage"}).status_code == 200


def test_if_none_match_takes_precedence_over_if_modified_since(server: DemoServer) -> None:
    last_modified = get(server, "about.html").headers["Last-Modified"]
    response = get(
        server,
        "about.html",
        headers={"If-None-Match": '"stale"', "If-Modified-Since": last_modified},
    )
    assert response.status_code == 200


def test_head_sends_headers_without_body(server: DemoServer) -> None:
    full = get(server, "plans.html")
    server.stats.reset()
    head = requests.head(server.url_for("plans.html"), timeout=TIMEOUT)
    assert head.status_code == 200
    assert head.content == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified"):
        assert head.headers[name] == full.headers[name]
    assert server.stats.bytes_sent == 0
    assert server.stats.methods == {"HEAD": 1}


# -- redirects, missing files, traversal ---------------------------------------------------------


def test_redirects_from_the_manifest(server: DemoServer) -> None:
    stats_pdf = "files/complaint/complaint-statistics-2567.pdf"
    response = get(server, stats_pdf)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login.php?redirect=")
    followed = get(server, stats_pdf, allow_redirects=True)
    assert followed.status_code == 200
    assert followed.url.startswith(server.url_for("login.php"))
    assert "เข้าสู่ระบบ" in followed.text
    ita = get(server, "ita")
    assert (ita.status_code, ita.headers["Location"]) == (301, "/ita.html")
    home = get(server, "index.php?lang=th")
    assert (home.status_code, home.headers["Location"]) == (301, "/")


def test_missing_file_is_404(server: DemoServer) -> None:
    response = get(server, "files/procurement/procurement-progress-2567.pdf")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert get(server, "no-such-page.html").status_code == 404


@pytest.mark.parametrize(
    "path", [MANIFEST_NAME, "_README.md", "%5Fsite.yaml", "files/../_site.yaml"]
)
def test_underscore_files_are_never_served(server: DemoServer, path: str) -> None:
    assert raw_get(server, "/" + path) == 404


@pytest.mark.parametrize(
    "target",
    [
        "/../server.py",
        "/../../checker/demo/server.py",
        "/%2e%2e/server.py",
        "/files/%2E%2E/%2E%2E/server.py",
        "/files/..%2f..%2fserver.py",
        "/files%5c..%5c..%5cserver.py",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/news/./../../server.py",
        "/index.html%00.pdf",
        "/%ff%fe",
    ],
)
def test_path_traversal_is_refused(server: DemoServer, target: str) -> None:
    assert raw_get(server, target) == 404


def test_symlinks_out_of_the_root_are_refused(site_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web", encoding="utf-8")
    try:
        (site_copy / "leak.txt").symlink_to(secret)
        (site_copy / "leakdir").symlink_to(tmp_path, target_is_directory=True)
        (site_copy / "alias.html").symlink_to(site_copy / "about.html")
    except OSError:
        pytest.skip("symlinks are not available here")
    with serve_site(site_copy) as srv:
        assert raw_get(srv, "/leak.txt") == 404
        assert raw_get(srv, "/leakdir/secret.txt") == 404
        assert raw_get(srv, "/alias.html") == 200


def test_absolute_form_request_target(server: DemoServer) -> None:
    assert raw_get(server, f"http://127.0.0.1:{server.port}/ita.html") == 200


def test_query_string_is_ignored(server: DemoServer) -> None:
    plain = get(server, "viewer.php")
    wrapped = get(server, "viewer.php?pdf=%2Ffiles%2Fethics%2Fcode-of-ethics.pdf")
    assert wrapped.status_code == 200
    assert wrapped.content == plain.content
    assert get(server, "ita.html?year=2567#o1").content == (SITE / "ita.html").read_bytes()


def test_other_methods_are_not_implemented(server: DemoServer) -> None:
    response = requests.post(server.url_for("qa.html"), data={"question": "x"}, timeout=TIMEOUT)
    assert response.status_code == 501


# -- statistics, re-reading, quiet logs ----------------------------------------------------------


def test_stats_count_requests_and_bytes(copy_server: DemoServer) -> None:
    stats = copy_server.stats
    stats.reset()
    sizes = [len(get(copy_server, p).content) for p in ("ita.html", "ita.html?x=1", "about.html")]
    get(copy_server, "missing.html")
    get(copy_server, "ita.html", headers={"If-None-Match": "*"})
    assert stats.count("/ita.html") == 3
    assert stats.count("/about.html") == 1
    assert stats.count("/missing.html") == 1
    assert stats.total_requests == 5
    assert stats.statuses == {200: 3, 404: 1, 304: 1}
    not_found_body = len((get(copy_server, "missing.html")).content)
    assert stats.bytes_sent == sum(sizes) + 2 * not_found_body
    snapshot = stats.snapshot()
    assert snapshot["requests"]["/ita.html"] == 3
    stats.reset()
    assert stats.total_requests == 0 and stats.bytes_sent == 0 and stats.requests == {}


def test_files_are_reread_on_every_request(copy_server: DemoServer, site_copy: Path) -> None:
    before = get(copy_server, "about.html")
    assert before.status_code == 200
    (site_copy / "about.html").write_text("<p>เปลี่ยนแล้ว</p>", encoding="utf-8")
    after = get(copy_server, "about.html")
    assert after.text == "<p>เปลี่ยนแล้ว</p>"
    assert after.headers["ETag"] != before.headers["ETag"]
    (site_copy / "about.html").unlink()
    assert get(copy_server, "about.html").status_code == 404
    shutil.rmtree(site_copy / "news")
    assert get(copy_server, "news/").status_code == 404


def test_manifest_changes_are_picked_up(copy_server: DemoServer, site_copy: Path) -> None:
    manifest = site_copy / MANIFEST_NAME
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + "  /moved.html:\n    status: 308\n    location: /plans.html\n",
        encoding="utf-8",
    )
    response = get(copy_server, "moved.html")
    assert (response.status_code, response.headers["Location"]) == (308, "/plans.html")
    manifest.unlink()
    about = get(copy_server, "authority.html")
    assert about.headers["Content-Type"] == "text/html; charset=utf-8"  # manifest gone: defaults


def test_nothing_is_logged(server: DemoServer, capfd: pytest.CaptureFixture[str]) -> None:
    get(server, "ita.html")
    get(server, "missing.html")
    requests.post(server.url_for("qa.html"), timeout=TIMEOUT)
    with socket.create_connection((server.host, server.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"NONSENSE\r\n\r\n")
        sock.recv(1024)
    with socket.create_connection((server.host, server.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"GET /ita.html HTTP/1.1\r\nHost: x\r\n\r\n")  # hang up mid-response
    get(server, "index.html")
    out, err = capfd.readouterr()
    assert err == ""
    assert out == ""


def test_close_stops_the_server(site_copy: Path) -> None:
    srv = serve_site(site_copy)
    assert get(srv, "ita.html").status_code == 200
    srv.close()
    srv.close()  # idempotent
    with pytest.raises(requests.ConnectionError):
        requests.get(srv.url, timeout=2)
    assert "closed" in repr(srv)


def test_serve_site_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        serve_site(tmp_path / "nope")


def test_broken_manifest_fails_early(site_copy: Path) -> None:
    (site_copy / MANIFEST_NAME).write_text("redirects:\n  /x:\n    status: 200\n", encoding="utf-8")
    with pytest.raises(ManifestError):
        serve_site(site_copy)


# -- the manifest format -------------------------------------------------------------------------


def test_manifest_parser_agrees_with_pyyaml() -> None:
    text = (SITE / MANIFEST_NAME).read_text(encoding="utf-8")
    assert parse_manifest(text) == yaml.safe_load(text)


def test_manifest_of_the_demo_site() -> None:
    manifest = load_manifest(SITE)
    assert manifest.default_last_modified == DEFAULT_LAST_MODIFIED
    assert manifest.headers("/authority.html")["Content-Type"] == "text/html; charset=windows-874"
    assert manifest.redirects["/files/complaint/complaint-statistics-2567.pdf"].status == 302
    for path in manifest.files:
        assert (SITE / path.lstrip("/")).is_file(), f"{MANIFEST_NAME} lists a missing file {path}"
    for path in manifest.redirects:
        assert not (SITE / path.lstrip("/")).exists(), f"{path} is shadowed by a redirect"


@pytest.mark.parametrize(
    "text",
    [
        "files:\n\t/a.html:\n",
        "files:\n  - /a.html\n",
        "a: [1, 2]\n",
        "  indented: 1\n",
        "a:\n    b: 1\n  c: 2\n",
        "a: 1\na: 2\n",
        "no colon here\n",
    ],
)
def test_manifest_parser_refuses_what_it_does_not_support(text: str) -> None:
    with pytest.raises(ManifestError):
        parse_manifest(text)


@pytest.mark.parametrize(
    "data",
    [
        {"unknown": 1},
        {"files": {"relative.html": {}}},
        {"files": {"/a.html": {"last_modified": 20240401}}},
        {"files": {"/a.html": {"last_modified": "yesterday"}}},
        {"files": {"/a.html": {"colour": "red"}}},
        {"redirects": {"/a": {"status": 200, "location": "/b"}}},
        {"redirects": {"/a": {"status": 301}}},
    ],
)
def test_manifest_validation(data: dict[str, object]) -> None:
    with pytest.raises(ManifestError):
        manifest_from_data(data)


def test_manifest_dates_are_gmt() -> None:
    manifest = manifest_from_data(
        {
            "files": {
                "/a.html": {"last_modified": "2024-01-02 03:04"},
                "/b.html": {"last_modified": "2024-01-02T10:04:00+07:00"},
            }
        }
    )
    expected = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert manifest.last_modified("/a.html") == expected
    assert manifest.last_modified("/b.html") == expected
    assert manifest.last_modified("/c.html") == DEFAULT_LAST_MODIFIED


def test_faults_make_a_path_answer_an_error(copy_server: DemoServer, site_copy: Path) -> None:
    assert get(copy_server, "about.html").status_code == 200
    manifest = site_copy / MANIFEST_NAME
    original = manifest.read_text(encoding="utf-8")
    manifest.write_text(original + "faults:\n  /about.html: 503\n", encoding="utf-8")
    response = get(copy_server, "about.html")
    assert response.status_code == 503 and "fault" in response.text
    assert get(copy_server, "contact.html").status_code == 200
    manifest.write_text(original, encoding="utf-8")
    assert get(copy_server, "about.html").status_code == 200
