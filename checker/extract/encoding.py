"""Decode HTML (or other text) bytes the way a Thai reader's browser would, but more forgiving.

Order: byte-order mark, then the HTTP ``charset``, then ``<meta charset>`` / ``http-equiv`` in
the first 4 KiB. Thai sites often declare the wrong charset (a server default of ISO-8859-1 on a
TIS-620 page, or a copied ``windows-874`` meta on a page saved as UTF-8), so a declaration is
checked against the bytes: when it cannot decode them, or when it is a Latin-1/ASCII label on
bytes that are clearly UTF-8 or Thai, the better codec is used and the problem is recorded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

__all__ = ["Decoded", "codec_for", "decode_text"]

# Python 3.11 cannot look up "windows-874", and its "tis-620" codec maps 0x80–0x9F to C1
# controls, so every Thai label goes to cp874 (what browsers do: WHATWG windows-874).
_ALIASES = {
    "windows-874": "cp874",
    "x-windows-874": "cp874",
    "tis-620": "cp874",
    "tis620": "cp874",
    "tis_620": "cp874",
    "iso-8859-11": "cp874",
    "iso8859-11": "cp874",
    "iso_8859-11": "cp874",
    "dos-874": "cp874",
    "cp874": "cp874",
    "utf8": "utf-8",
    "utf8mb4": "utf-8",  # MySQL's name, copied into meta tags by PHP sites
    "unicode-1-1-utf-8": "utf-8",
    "x-unicode20utf8": "utf-8",
    # WHATWG: these labels mean windows-1252 in every browser.
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "windows-1252": "cp1252",
    "x-cp1252": "cp1252",
}
# Labels under which a page of Thai or UTF-8 bytes is a server default, not a real declaration.
_WESTERN = frozenset({"cp1252", "iso8859-1", "ascii", "iso8859-15"})
# Only real text codecs; codecs.lookup also knows "rot13", "idna", "unicode_escape", …
_TEXT_CODEC = re.compile(
    r"^(?:utf-8|utf-16(?:-le|-be)?|ascii|latin-1|cp\d+|iso8859-\d+|koi8[-_]\w+|mac-\w+|gb\w+"
    r"|big5\w*|euc_\w+|shift_jis\w*|iso2022_\w+|hz|johab|kz1048|ptcp154|tis-620)$"
)

_META = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:\-]+)", re.IGNORECASE)
_HIGH = bytes(range(0x80, 0x100))
# cp874 Thai letters, vowels and marks: 0xA1–0xFB minus the gap at 0xDB–0xDE.
_THAI_RUN = re.compile(rb"[\xa1-\xda\xdf-\xfb]{3,}")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python codec name actually used, e.g. "utf-8", "cp874"
    problems: list[str] = field(default_factory=list)


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or ``None`` when the label is unknown."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    if not key:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        name = codecs.lookup(key).name
    except (LookupError, ValueError):
        return None
    name = _ALIASES.get(name, name)
    return name if _TEXT_CODEC.match(name) else None


def declared_in_markup(body: bytes) -> str | None:
    """The charset label of a ``<meta>`` or XML declaration in the first 4 KiB, as written."""
    head = body[:4096]
    match = _XML_DECL.search(head) or _META.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except UnicodeDecodeError as exc:
        # A body cut at the byte cap may end inside a multi-byte sequence: that is not a
        # wrong charset, provided the rest holds real multi-byte text ("caf\xe9" is Latin-1).
        if (
            codec == "utf-8"
            and exc.reason == "unexpected end of data"
            and exc.start >= len(body) - 3
            and _has_high(body[: exc.start])
        ):
            return body[: exc.start].decode("utf-8", "ignore")
        return None
    except LookupError:
        return None


def _looks_thai(body: bytes) -> bool:
    """Whether the high bytes of ``body`` read as cp874 Thai words rather than Latin accents.

    Latin-1 text has isolated accented letters ("café"); Thai words are runs of high bytes.
    """
    high = len(body) - len(body.translate(None, _HIGH))
    if high < 4:
        return False
    in_runs = sum(m.end() - m.start() for m in _THAI_RUN.finditer(body))
    return in_runs >= 0.7 * high


def _has_high(body: bytes) -> bool:
    return len(body.translate(None, _HIGH)) != len(body)


def decode_text(body: bytes, http_charset: str | None = None) -> Decoded:
    """Decode ``body``; never raises. See the module docstring for the order of evidence."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(codec, "replace"), codec)

    problems: list[str] = []
    declared: list[tuple[str, str]] = []  # (label as written, codec)
    for label, source in ((http_charset, "HTTP"), (declared_in_markup(body), "meta")):
        if not label:
            continue
        found = codec_for(label)
        if found is None:
            problems.append(f"unknown charset label {label.strip().lower()!r} in {source}; ignored")
            continue
        if source == "meta" and found.startswith("utf-16"):
            found = "utf-8"  # a meta tag cannot declare UTF-16 (HTML standard): the bytes are ASCII
        declared.append((label.strip().lower(), found))

    if not declared:
        text = _strict(body, "utf-8")
        if text is not None:
            return Decoded(text, "utf-8", problems)
        if _looks_thai(body) and (text := _strict(body, "cp874")) is not None:
            return Decoded(text, "cp874", [*problems, "no charset declared; decoded as cp874"])
        text = _strict(body, "cp1252")
        if text is not None:
            return Decoded(text, "cp1252", [*problems, "no charset declared; decoded as cp1252"])
        return Decoded(
            body.decode("utf-8", "replace"),
            "utf-8",
            [*problems, "no charset declared and the bytes are not UTF-8; bad bytes replaced"],
        )

    label, codec = declared[0]
    text = _strict(body, codec)
    if text is not None:
        better = _better_than_declared(body, codec, declared[1:])
        if better is None:
            return Decoded(text, codec, problems)
        better_codec, better_text = better
        problems.append(f"declared charset {label} was wrong; decoded as {better_codec}")
        return Decoded(better_text, better_codec, problems)

    # The declaration cannot decode the bytes: try the other declaration, UTF-8, then cp874.
    for candidate in [c for _, c in declared[1:]] + ["utf-8", "cp874"]:
        if candidate == codec:
            continue
        if candidate == "cp874" and not _looks_thai(body):
            continue
        text = _strict(body, candidate)
        if text is not None:
            problems.append(f"declared charset {label} was wrong; decoded as {candidate}")
            return Decoded(text, candidate, problems)
    problems.append(f"bytes are not valid {label}; bad bytes replaced")
    return Decoded(body.decode(codec, "replace"), codec, problems)


def _better_than_declared(
    body: bytes, codec: str, others: list[tuple[str, str]]
) -> tuple[str, str] | None:
    """A codec that fits ``body`` clearly better than the declared single-byte ``codec``."""
    if codec.startswith(("utf-", "gb", "big5", "euc", "shift_jis", "iso2022")):
        return None
    if not _has_high(body):
        return None  # pure ASCII reads the same under every label
    # Valid UTF-8 with non-ASCII bytes is practically never an accident of a single-byte text.
    text = _strict(body, "utf-8")
    if text is not None:
        return "utf-8", text
    if codec in _WESTERN:
        # A meta tag that disagrees with a server-default Latin-1 header is the page's own word.
        for _, other in others:
            if other not in _WESTERN and other != codec and (text := _strict(body, other)):
                return other, text
        if _looks_thai(body) and (text := _strict(body, "cp874")) is not None:
            return "cp874", text
    return None
