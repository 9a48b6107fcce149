"""Office documents → ``Document``: DOCX, XLSX, PPTX and OpenDocument text, read with zipfile.

Only the main XML parts are read (no headers, comments or embedded objects). A ZIP body can be
a bomb: members that declare more than 50 MB, or 100 MB in all, are refused before reading, and
no member is read past its share of the cap whatever it declares. XML is parsed without DTDs,
entities or network access.
"""

from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree  # lxml ships no stubs

from checker.extract.models import Document, UnreadableReason
from checker.thai.text import normalise

__all__ = ["OLE2_MAGIC", "read_office"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_MEMBER = 50 * 1024 * 1024
_MAX_TOTAL = 100 * 1024 * 1024
_MAX_CHARS = 3_000_000
_HEADING_LINES = 5

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_NUMBER = re.compile(r"(\d+)")


class _Refused(Exception):
    """The archive is too big to read safely."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )


class _Reader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = set(archive.namelist())
        self.budget = _MAX_TOTAL

    def read(self, name: str) -> bytes:
        # ZipExtFile stops at the declared size, but read with a cap anyway: the declared
        # sizes were checked, and the cap keeps a lying header from costing more.
        with self.archive.open(name) as member:
            data = member.read(min(_MAX_MEMBER, self.budget) + 1)
        if len(data) > min(_MAX_MEMBER, self.budget):
            raise _Refused(f"member {name} is larger than the size cap")
        self.budget -= len(data)
        return data

    def xml(self, name: str) -> etree._Element | None:
        if name not in self.names:
            return None
        return etree.fromstring(self.read(name), _parser())


def _natural(name: str) -> list[object]:
    return [int(p) if p.isdigit() else p for p in _NUMBER.split(name)]


def _members(names: set[str], prefix: str) -> list[str]:
    found = [
        n
        for n in names
        if n.startswith(prefix)
        and n.endswith(".xml")
        and "/_rels/" not in n
        and n.count("/") == prefix.count("/")
    ]
    return sorted(found, key=_natural)


def _docx_lines(reader: _Reader) -> Iterator[str]:
    root = reader.xml("word/document.xml")
    if root is None:
        return
    for paragraph in root.iter(f"{_W}p"):
        parts: list[str] = []
        for node in paragraph.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
            parts.append((node.text or "") if node.tag == f"{_W}t" else " ")
        yield "".join(parts)


def _xlsx_lines(reader: _Reader) -> Iterator[str]:
    shared: list[str] = []
    strings = reader.xml("xl/sharedStrings.xml")
    if strings is not None:
        for item in strings.iter(f"{_S}si"):
            shared.append("".join(t.text or "" for t in item.iter(f"{_S}t")))
    for name in _members(reader.names, "xl/worksheets/"):
        sheet = reader.xml(name)
        if sheet is None:
            continue
        for row in sheet.iter(f"{_S}row"):
            cells: list[str] = []
            for cell in row.iter(f"{_S}c"):
                kind = cell.get("t", "n")
                if kind == "inlineStr":
                    cells.append("".join(t.text or "" for t in cell.iter(f"{_S}t")))
                    continue
                value = cell.findtext(f"{_S}v") or ""
                if kind == "s":
                    index = int(value) if value.isdigit() else -1
                    cells.append(shared[index] if 0 <= index < len(shared) else "")
                else:
                    # Numbers too: a fiscal year is often a number cell next to its label.
                    cells.append(value)
            yield " ".join(c for c in cells if c)


def _pptx_lines(reader: _Reader) -> Iterator[str]:
    for name in _members(reader.names, "ppt/slides/"):
        slide = reader.xml(name)
        if slide is None:
            continue
        for paragraph in slide.iter(f"{_A}p"):
            yield "".join(t.text or "" for t in paragraph.iter(f"{_A}t"))


def _odf_text(node: etree._Element, parts: list[str]) -> None:
    if node.text:
        parts.append(node.text)
    for child in node:
        if child.tag in (f"{_TEXT}s", f"{_TEXT}tab", f"{_TEXT}line-break"):
            parts.append(" ")
        elif child.tag not in (f"{_TEXT}p", f"{_TEXT}h"):  # nested blocks are lines of their own
            _odf_text(child, parts)
        if child.tail:
            parts.append(child.tail)


def _odf_lines(reader: _Reader) -> Iterator[str]:
    root = reader.xml("content.xml")
    if root is None:
        return
    for block in root.iter(f"{_TEXT}p", f"{_TEXT}h"):
        parts: list[str] = []
        _odf_text(block, parts)
        yield "".join(parts)


_FORMATS = (
    ("word/document.xml", "DOCX", _docx_lines, "docProps/core.xml"),
    ("xl/workbook.xml", "XLSX", _xlsx_lines, "docProps/core.xml"),
    ("ppt/presentation.xml", "PPTX", _pptx_lines, "docProps/core.xml"),
    ("content.xml", "OpenDocument", _odf_lines, "meta.xml"),
)


def _metadata_title(reader: _Reader, part: str) -> str:
    root = reader.xml(part)
    if root is None:
        return ""
    node = next(root.iter(_DC_TITLE), None)
    return normalise(node.text or "") if node is not None else ""


def _unreadable(
    url: str, problem: str, kind: str = "office", reason: UnreadableReason = "unsupported"
) -> Document:
    return Document(
        url=url,
        kind="office" if kind == "office" else "other",
        readable=False,
        unreadable=reason,
        problems=[problem],
    )


def read_office(url: str, body: bytes) -> Document:
    """Read an OOXML/ODF body (or an old binary Office file). Never raises."""
    if body.startswith(OLE2_MAGIC):
        return _unreadable(url, "legacy binary Office format not read")
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return _unreadable(url, f"corrupt or truncated ZIP archive: {exc}", reason="corrupt")
    with archive:
        infos = archive.infolist()
        if (
            any(i.file_size > _MAX_MEMBER for i in infos)
            or sum(i.file_size for i in infos) > _MAX_TOTAL
        ):
            return _unreadable(url, "archive declares more than the size cap; not read")
        reader = _Reader(archive)
        found = next((f for f in _FORMATS if f[0] in reader.names), None)
        if found is None:
            return _unreadable(url, "ZIP archive that is not an Office document; not read", "other")
        _, label, lines_of, meta = found
        try:
            lines: list[str] = []
            chars = 0
            problems: list[str] = []
            for line in lines_of(reader):
                lines.append(line)
                chars += len(line) + 1
                if chars > _MAX_CHARS:
                    problems.append(f"text cut at {_MAX_CHARS:,} characters")
                    break
            title = _metadata_title(reader, meta)
        except (
            _Refused,
            zipfile.BadZipFile,
            etree.XMLSyntaxError,
            OSError,
            EOFError,
            ValueError,
            KeyError,
            NotImplementedError,
            RuntimeError,
            zlib.error,
            lzma.LZMAError,
        ) as exc:
            # RuntimeError: an encrypted member; NotImplementedError: an exotic compression;
            # zlib.error, LZMAError: a member whose compressed data is damaged.
            reason: UnreadableReason = "unsupported"
            if isinstance(exc, RuntimeError):
                reason = "encrypted"
            elif isinstance(exc, zlib.error | lzma.LZMAError):
                reason = "corrupt"
            return _unreadable(url, f"{label} could not be read: {exc}", reason=reason)

    text = normalise("\n".join(lines))[:_MAX_CHARS]
    headings = [h for h in (normalise(line) for line in lines[:50]) if h][:_HEADING_LINES]
    visible = len(text) - text.count(" ")
    readable = visible > 0
    if not readable:  # only pictures or empty cells: a person may still see something
        problems.append(f"{label} holds no text")
    return Document(
        url=url,
        kind="office",
        title=title,
        headings=headings,
        text=text,
        readable=readable,
        unreadable=None if readable else "no_text",
        problems=problems,
    )
