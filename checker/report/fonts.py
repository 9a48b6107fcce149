"""Sarabun, subset to the characters a report uses, embedded as WOFF data URIs.

The report must look the same on an officer's PC without Thai fonts and in the PDF, and must not
load anything from the network, so the font travels inside the HTML. Whole Sarabun is ~48 KB per
weight; a subset of the report's own characters keeps both weights well under that.
"""

from __future__ import annotations

import base64
import io
import logging
from functools import lru_cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from checker.paths import PACKAGE_DIR

# fontTools logs every subsetting step at INFO, which `oit` shows on stderr by default
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = PACKAGE_DIR / "assets" / "fonts"
FONT_FAMILY = "Sarabun"
#: Sarabun first (embedded); then Thai fonts an office PC or a phone usually has.
FONT_STACK = (
    '"Sarabun", "Noto Sans Thai", "Sarabun New", "TH Sarabun New", "Leelawadee UI", '
    "Tahoma, sans-serif"
)
_WEIGHTS = ((400, "Sarabun-Regular.ttf"), (700, "Sarabun-Bold.ttf"))
#: Always kept: printable ASCII, Thai digits, and the punctuation the templates use, so a
#: character that only appears in one scan's data does not change how the rest looks.
_ALWAYS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0x0E50, 0x0E5A))
    + "\u00a0–—‘’“”«»…·•↑↓±×"
)


def _subset_woff(path: Path, text: str) -> bytes:
    options = subset.Options()
    options.flavor = "woff"  # zlib-compressed, no brotli dependency
    options.layout_features = ["*"]  # Thai needs ccmp/mark/mkmk to stack vowels and tone marks
    options.hinting = False  # screens and PDF render Thai fine without TrueType hints
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the copyright and licence-relevant names
    options.notdef_outline = True
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=16)
def _font_face_css(characters: str) -> str:
    rules = []
    for weight, name in _WEIGHTS:
        data = base64.b64encode(_subset_woff(FONT_DIR / name, characters)).decode("ascii")
        rules.append(
            "@font-face{"
            f"font-family:{FONT_FAMILY};font-style:normal;font-weight:{weight};"
            "font-display:block;"
            f'src:url("data:font/woff;base64,{data}") format("woff")'
            "}"
        )
    return "\n".join(rules)


def font_face_css(text: str) -> str:
    """``@font-face`` rules for Sarabun 400 and 700 covering every character of ``text``.

    Cached by character set: re-rendering the same report costs nothing.
    """
    characters = "".join(sorted(set(text) | set(_ALWAYS)))
    return _font_face_css(characters)
