"""URL helpers for extraction: absolute URLs, PDF-viewer unwrapping, link kinds, hosts.

All functions are pure and never raise on odd input; a URL that cannot be made into an
absolute http(s) URL yields ``None`` (or the input unchanged, for ``unwrap_viewer``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit, urlunsplit

from checker.extract.models import LinkKind

__all__ = ["absolute_url", "host_of", "link_kind", "resolve_link", "unwrap_viewer"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DOCUMENT_EXTENSIONS = _words("pdf doc docx xls xlsx ppt pptx odt ods odp rtf csv zip rar")
_IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "tif", "tiff"})
# Media files are neither pages to crawl nor documents with text.
_OTHER_EXTENSIONS = frozenset(
    {"mp3", "mp4", "m4a", "wav", "avi", "mov", "wmv", "flv", "mkv", "webm", "exe", "apk", "iso"}
)

# Browsers strip these anywhere in a URL (WHATWG URL parser), so do we.
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
# Characters that may appear in a URL as-is; everything else (spaces, Thai letters, quotes)
# is percent-encoded so that one resource has one spelling. "%" is kept: existing escapes stay.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"
_DEFAULT_PORTS = {"http": 80, "https": 443}

_VIEWER_PARAMS = ("pdf", "file", "url", "src", "doc")
# Path fragments of known document viewers: their parameter is trusted even without ".pdf".
_VIEWER_HINTS = ("viewer", "flipbook", "pdfjs", "pdf.js", "gview", "flowpaper", "reader")
# Folders where CMSs keep uploaded files (WordPress, Joomla, the LAO CMSs in reference §5).
_UPLOAD_PATH = re.compile(
    r"/(?:wp-content/uploads|uploads?|files?|fileupload|file_upload|attachments?|dnm_file"
    r"|images/stories|documents?|download)s?/",
    re.IGNORECASE,
)
_DRIVE_FILE = re.compile(r"^/(?:file/d/[^/]+|uc$|open$)", re.IGNORECASE)
_DOCS_FILE = re.compile(r"^/(?:document|spreadsheets|presentation)/", re.IGNORECASE)


_STRIP = (
    " \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
    "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\xa0\u200b\ufeff"
)
_NEEDS_QUOTE = re.compile(r"[^A-Za-z0-9/%:@!$&'()*+,;=\-._~?]")
_PLAIN_HOST = re.compile(r"^[a-z0-9.\-]+$")


def _clean(href: str) -> str:
    # Leading/trailing whitespace and C0 controls are stripped by browsers; "\" is read as "/"
    # in http(s) URLs (Windows-authored pages write "files\plan.pdf").
    if "\t" in href or "\n" in href or "\r" in href:
        href = _TAB_NEWLINE.sub("", href)
    href = href.strip(_STRIP)
    return href.replace("\\", "/") if "\\" in href else href


@lru_cache(maxsize=64)
def _origin(base: str) -> str:
    """``scheme://netloc`` of a base URL (one page resolves hundreds of links against it)."""
    parts = urlsplit(_clean(base))
    return f"{parts.scheme}://{parts.netloc}"


def _host_ascii(host: str) -> str:
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _remove_dot_segments(path: str) -> str:
    # urljoin only resolves "." and ".." in relative references; absolute hrefs keep them.
    if "/." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if segments[-1] in (".", ".."):
        out.append("")
    return "/" + "/".join(out)


def absolute_url(base: str, href: str) -> str | None:
    """Resolve ``href`` against ``base``; ``None`` unless the result is an http(s) URL.

    The fragment is dropped, scheme and host are lower-cased, a default port is removed, an
    empty path becomes "/", and spaces and non-ASCII characters are percent-encoded.
    """
    try:
        href = _clean(href)
        lowered = href[:8].lower()
        if lowered.startswith(("http://", "https://")):
            joined = href  # already absolute: the common case for CMS links
        elif href.startswith("/") and not href.startswith("//"):
            joined = _origin(base) + href
        else:
            joined = urljoin(_clean(base), href)
        parts = urlsplit(joined)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            return None
        netloc = parts.netloc
        if not _PLAIN_HOST.match(netloc):  # upper case, port, user:password@, IDN, IPv6
            host = parts.hostname  # without user:password@, which would only leak into reports
            if not host:
                return None
            netloc = _host_ascii(host)
            if ":" in netloc:  # an IPv6 literal: hostname dropped the brackets
                netloc = f"[{netloc}]"
            port = parts.port
            if port is not None and port != _DEFAULT_PORTS[scheme]:
                netloc = f"{netloc}:{port}"
        path = _remove_dot_segments(parts.path)
        if _NEEDS_QUOTE.search(path):
            path = quote(path, safe=_SAFE_PATH)
        query = parts.query
        if _NEEDS_QUOTE.search(query):
            query = quote(query, safe=_SAFE_QUERY)
        return urlunsplit((scheme, netloc, path or "/", query, ""))
    except ValueError:  # bad port, unbalanced "[" in the host, …
        return None


def host_of(url: str) -> str:
    """The lower-case host of ``url`` ("" when it has none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _extension(path: str) -> str:
    name = unquote(path).rsplit("/", 1)[-1]
    if "." not in name:
        return ""
    return name.rsplit(".", 1)[-1].strip().lower()


def link_kind(url: str) -> LinkKind:
    """Guess what ``url`` points at from its file extension and well-known hosts."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "other"
    host = (parts.hostname or "").lower()
    if host == "drive.google.com" and _DRIVE_FILE.match(parts.path):
        return "document"
    if host == "docs.google.com" and _DOCS_FILE.match(parts.path):
        return "document"
    ext = _extension(parts.path)
    if ext in _DOCUMENT_EXTENSIONS:
        return "document"
    if ext in _IMAGE_EXTENSIONS:
        return "image"
    if ext in _OTHER_EXTENSIONS:
        return "other"
    # Download scripts: "download.php?file=plan.pdf" serves the PDF itself.
    if parts.query:
        for _, value in parse_qsl(parts.query, keep_blank_values=False):
            if _extension(urlsplit(value).path if "://" in value else value) in (
                _DOCUMENT_EXTENSIONS
            ):
                return "document"
    return "page"


def unwrap_viewer(url: str) -> tuple[str, str | None]:
    """Unwrap a PDF viewer page to the document it shows: ``(document_url, viewer_url)``.

    Returns ``(url, None)`` when ``url`` is not a viewer. A parameter value is trusted when the
    viewer is a known one (PDF.js, FlowPaper, Google Docs viewer, any "viewer" path), or when
    the value is an absolute URL or path that names a document file or an upload folder. A bare
    relative name on an unknown script ("download.php?file=a.pdf") is not unwrapped, because
    resolving it against the script's folder would invent a URL that does not exist.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url, None
    if not parts.query:
        return url, None
    known_viewer = any(hint in parts.path.lower() for hint in _VIEWER_HINTS) or (
        (parts.hostname or "") == "docs.google.com" and parts.path.startswith(("/viewer", "/gview"))
    )
    params = {k.lower(): v for k, v in reversed(parse_qsl(parts.query, keep_blank_values=False))}
    for name in _VIEWER_PARAMS:
        value = params.get(name)
        if not value:
            continue
        value = value.strip()
        # Some sites encode the parameter twice ("%252Ffiles%252Fa.pdf").
        if value.lower().startswith(("http%3a", "https%3a", "%2f")):
            value = unquote(value)
        absolute_or_rooted = value.lower().startswith(("http://", "https://", "/"))
        if not (known_viewer or absolute_or_rooted):
            continue
        target = absolute_url(url, value)
        if target is None or target == url:
            continue
        target_path = urlsplit(target).path
        if (
            known_viewer
            or link_kind(target) == "document"
            or _UPLOAD_PATH.search(target_path) is not None
        ):
            return target, url
    return url, None


def resolve_link(base: str, href: str) -> tuple[str, LinkKind, str | None] | None:
    """``(url, kind, wrapped_by)`` for a link as written on a page at ``base``, or ``None``.

    What a known viewer shows is a document even when its URL has no extension (a Google
    Docs viewer pointing at "download?id=5").
    """
    url = absolute_url(base, href)
    if url is None:
        return None
    target, wrapper = unwrap_viewer(url)
    kind = link_kind(target)
    if wrapper is not None and kind == "page":
        kind = "document"
    return target, kind, wrapper
