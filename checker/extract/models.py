"""What a fetched document says, in a form rules can use: text, labels, links, forms, images."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DocumentKind = Literal["html", "pdf", "image", "office", "other"]
#: Why a document has no readable text. A person can still read an ``image``, a scan
#: (``no_text``) or an ``unsupported`` format (legacy .doc, RTF): the checker says "review".
#: Nobody can read an ``encrypted``, ``corrupt`` or ``empty`` one: the evidence is not there.
UnreadableReason = Literal["image", "no_text", "unsupported", "encrypted", "corrupt", "empty"]
BROKEN_REASONS = frozenset({"encrypted", "corrupt", "empty"})
LinkKind = Literal["page", "document", "image", "other"]


class Link(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str  # absolute, no fragment; a PDF viewer wrapper is unwrapped to the PDF itself
    text: str  # normalised anchor text (or the alt text of an image inside the anchor)
    kind: LinkKind  # guessed from the URL (extension, viewer parameters)
    host: str  # lower-case host of ``url``
    wrapped_by: str | None = None  # the viewer URL when ``url`` was unwrapped from one
    context: str = ""  # normalised text of the enclosing row/list item/paragraph (dates live here)
    chrome: bool = False  # only in navigation chrome (menus, header, footer), not in the content


class Form(BaseModel):
    model_config = ConfigDict(frozen=True)

    action: str | None  # absolute URL or None
    method: str  # "get" / "post"
    text_inputs: int  # <input> of a text-like type (text, email, tel, search, number, url, none)
    textareas: int
    file_inputs: int
    selects: int
    is_search: (
        bool  # a site search box (role=search, a single "q"/"s"/"search" field), not a channel
    )


class Image(BaseModel):
    model_config = ConfigDict(frozen=True)

    src: str  # absolute URL
    alt: str


class Document(BaseModel):
    """The readable content of one fetched resource. Produced by ``checker.extract.read``."""

    model_config = ConfigDict(frozen=True)

    url: str
    kind: DocumentKind
    title: str = ""  # <title>, or PDF metadata title; normalised
    headings: list[str] = Field(
        default_factory=list
    )  # h1–h3 (HTML) or first lines (PDF), normalised
    text: str = ""  # normalised own text; for HTML, without nav/script/style and without the
    #                 anchor texts of links to documents (those documents are read on their own)
    #: HTML only: the text of the site's header and footer, left out of ``text`` (contact details
    #: often live only there; checks may opt in with ``where: page``).
    chrome_text: str = ""
    #: The decoded HTML, kept only for pages parsed again (the home and ITA pages), so a 304
    #: on a later scan can reuse the ITA page's rows without downloading it.
    html: str | None = None
    links: list[Link] = Field(default_factory=list)
    forms: list[Form] = Field(default_factory=list)
    images: list[Image] = Field(default_factory=list)
    readable: bool = True  # False: an image, or a PDF without a text layer (scanned)
    unreadable: UnreadableReason | None = None  # why, when not readable
    content_type: str | None = None  # as served (a PDF link serving an HTML error page shows it)
    pages: int | None = None  # PDF page count
    encoding: str | None = None  # the codec used to decode HTML
    problems: list[str] = Field(default_factory=list)  # English notes: "charset label was wrong", …

    @property
    def file_name(self) -> str:
        from urllib.parse import unquote, urlsplit

        path = urlsplit(self.url).path
        return unquote(path.rsplit("/", 1)[-1])
