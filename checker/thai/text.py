"""Thai text normalisation and tolerant name matching.

Text extracted from Thai PDFs is often damaged: glyph variants from the Private Use Area, sara am
split into nikhahit + sara aa, stray spaces before vowels and tone marks, marks in the wrong order.
``normalise`` repairs what can be repaired without a dictionary; ``match_key`` and ``skeleton``
give keys that still match when the repair was not enough.

PyThaiNLP's ``util.normalize`` was measured and is not used: it knows neither the PUA glyphs nor
sara am split by a space, leaves Thai digits and most invisible characters alone, takes about
0.5 s per megabyte, and brings a 67 MB dependency. The rules it has that help here (tone mark
before vowel, repeated marks, space before a mark) are reimplemented below.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

__all__ = [
    "MIN_SKELETON_LENGTH",
    "NameMatcher",
    "match_key",
    "normalise",
    "skeleton",
    "thai_digits_to_ascii",
]

#: Names whose skeleton is shorter than this never match by skeleton: short consonant strings
#: occur by chance in any long Thai text.
MIN_SKELETON_LENGTH = 6

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"

# Windows Thai fonts (Tahoma, Angsana, TH Sarabun…) place positional glyph variants at
# U+F700–U+F71A; PDF text extraction then emits these code points instead of the Thai ones.
_PUA = {
    0xF700: "ฐ",  # tho than without its lower curl
    0xF701: "\u0e34",  # sara i, shifted left
    0xF702: "\u0e35",  # sara ii
    0xF703: "\u0e36",  # sara ue
    0xF704: "\u0e37",  # sara uee
    0xF705: "\u0e48",  # mai ek, shifted left
    0xF706: "\u0e49",  # mai tho
    0xF707: "\u0e4a",  # mai tri
    0xF708: "\u0e4b",  # mai chattawa
    0xF709: "\u0e4c",  # thanthakhat
    0xF70A: "\u0e48",  # mai ek, lowered
    0xF70B: "\u0e49",
    0xF70C: "\u0e4a",
    0xF70D: "\u0e4b",
    0xF70E: "\u0e4c",
    0xF70F: "ญ",  # yo ying without its lower curl
    0xF710: "\u0e31",  # mai han-akat, shifted left
    0xF711: "\u0e4d",  # nikhahit, shifted left
    0xF712: "\u0e47",  # mai taikhu, shifted left
    0xF713: "\u0e48",  # mai ek, lowered and shifted left
    0xF714: "\u0e49",
    0xF715: "\u0e4a",
    0xF716: "\u0e4b",
    0xF717: "\u0e4c",
    0xF718: "\u0e38",  # sara u, lowered
    0xF719: "\u0e39",  # sara uu, lowered
    0xF71A: "\u0e3a",  # phinthu, lowered
}
# ZWSP, ZWNJ, ZWJ, word joiner, BOM / ZWNBSP, soft hyphen, LRM, RLM.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
# Control characters a website can hide in a title or link text: C0 and C1 (other than the
# whitespace str.split() already folds: TAB LF VT FF CR, FS-US, NEL), DEL, and the bidi
# embeddings, overrides and isolates. Removed so that website text can neither drive a terminal
# (ESC sequences in `oit explain`) nor reorder what a manager reads in the report.
_CONTROLS = (
    "".join(
        chr(code)
        for code in (*range(0x09), *range(0x0E, 0x1C), *range(0x7F, 0x85), *range(0x86, 0xA0))
    )
    + "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# (character, replacement) pairs. One str.replace per character present is several times
# faster than str.translate, which looks every character of the text up in a dict.
_REPLACEMENTS: tuple[tuple[str, str], ...] = (
    *((chr(code), glyph) for code, glyph in _PUA.items()),
    *((c, "") for c in _INVISIBLE + _CONTROLS),
    *zip(_THAI_DIGITS, "0123456789", strict=True),
)
_NEEDS_REPLACING = re.compile("[" + "".join(re.escape(c) for c, _ in _REPLACEMENTS) + "]")

# Thai combining marks: vowels above/below (V) and the others (tone marks, thanthakhat, …).
_VOWEL_MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
_OTHER_MARKS = "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
_MARKS = f"[{_VOWEL_MARKS}{_OTHER_MARKS}]"
_TONES = "[\u0e48-\u0e4b]"

# A space can never precede a combining mark in real text: it is extraction damage ("ด ํา").
# (Patterns here start with a literal or a class so that the regex engine can skip ahead fast.)
_SPACE_BEFORE_MARK = re.compile(f" (?<=[\u0e01-\u0e4e] )(?={_MARKS})")
# Where a cluster of marks may be out of logical order: a tone mark or sign before a vowel
# mark, a mark repeated, or three marks or more (which may hide both).
_SUSPECT_CLUSTER = re.compile(
    f"{_MARKS}(?:(?<=[{_OTHER_MARKS}])[{_VOWEL_MARKS}]|{_MARKS}{_MARKS}|"
    + "|".join(f"(?<={c}){c}" for c in _VOWEL_MARKS + _OTHER_MARKS)
    + ")"
)
_MARK_SET = frozenset(_VOWEL_MARKS + _OTHER_MARKS)
# Sara am written as nikhahit + sara aa, possibly with a tone mark on either side of the
# nikhahit and a stray space before the sara aa.
_SPLIT_SARA_AM = re.compile(f"({_TONES}?)\u0e4d({_TONES}?) ?\u0e32")

_KEY_DELETE = re.compile(r"[ .,:;!?\"'()\[\]{}\-–—_/\\|«»“”‘’]+")
_SKELETON_RUN = re.compile("[\u0e01-\u0e2ea-z0-9]+")


def thai_digits_to_ascii(text: str) -> str:
    """Replace Thai digits ๐–๙ with ASCII 0–9."""
    for thai, ascii_digit in zip(_THAI_DIGITS, "0123456789", strict=True):
        if thai in text:
            text = text.replace(thai, ascii_digit)
    return text


def _canonical_cluster(marks: str) -> str:
    # Vowel marks first, then tone marks and signs; each mark once; canonical (NFC) order.
    unique = dict.fromkeys(marks)
    vowels = "".join(c for c in unique if c in _VOWEL_MARKS)
    others = "".join(c for c in unique if c not in _VOWEL_MARKS)
    return unicodedata.normalize("NFC", vowels + others)


def _fix_clusters(text: str) -> str:
    parts: list[str] = []
    done = 0  # text[:done] is in parts
    for match in _SUSPECT_CLUSTER.finditer(text):
        start, end = match.span()
        if start < done:
            continue  # inside a cluster already fixed
        while start > done and text[start - 1] in _MARK_SET:
            start -= 1
        while end < len(text) and text[end] in _MARK_SET:
            end += 1
        parts += (text[done:start], _canonical_cluster(text[start:end]))
        done = end
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def normalise(text: str) -> str:
    """Normalise text for display, matching and date parsing.

    NFC; invisible characters removed; PUA glyph variants mapped back; Thai digits to ASCII;
    whitespace runs to one space and stripped; split sara am, doubled sara e, spaces before marks
    and misordered marks repaired. Idempotent.
    """
    if _NEEDS_REPLACING.search(text):
        for char, replacement in _REPLACEMENTS:
            if char in text:
                text = text.replace(char, replacement)
    text = " ".join(unicodedata.normalize("NFC", text).split())
    text, joined = _SPACE_BEFORE_MARK.subn("", text)
    if joined:
        # Joining can put marks next to each other out of canonical order.
        text = unicodedata.normalize("NFC", text)
    text = _fix_clusters(text)
    if "\u0e4d" in text:
        text = _SPLIT_SARA_AM.sub("\\1\\2\u0e33", text)
    return text.replace("\u0e40\u0e40", "\u0e41")  # เเ typed for แ


def _key_of_normalised(text: str) -> str:
    return _KEY_DELETE.sub("", text.lower())


def _skeleton_of_normalised(text: str) -> str:
    return "".join(_SKELETON_RUN.findall(text.lower()))


def match_key(text: str) -> str:
    """Key for matching names: normalised, Latin lower-cased, no whitespace or punctuation."""
    return _key_of_normalised(normalise(text))


def skeleton(text: str) -> str:
    """Tolerant key for damaged text: only Thai consonants and ASCII letters/digits remain."""
    return _skeleton_of_normalised(normalise(text))


class PreparedText:
    """A text's matching keys, computed once for many ``NameMatcher`` look-ups (long PDFs)."""

    __slots__ = ("_normalised", "_skeleton", "key")

    def __init__(self, text: str) -> None:
        self._normalised = normalise(text)
        self.key = _key_of_normalised(self._normalised)
        self._skeleton: str | None = None

    @property
    def skeleton(self) -> str:
        if self._skeleton is None:  # only names that need the tolerant fallback pay for it
            self._skeleton = _skeleton_of_normalised(self._normalised)
        return self._skeleton


class NameMatcher:
    """Finds which of a fixed list of names occur in texts.

    A name occurs when its ``match_key`` is a substring of the text's; failing that, when its
    ``skeleton`` (if at least ``MIN_SKELETON_LENGTH`` long) is a substring of the text's.
    Names whose key is empty never match.
    """

    __slots__ = ("_entries", "names")

    def __init__(self, names: Sequence[str]) -> None:
        self.names: tuple[str, ...] = tuple(names)
        entries: list[tuple[str, str, str | None]] = []
        for name in self.names:
            norm = normalise(name)
            key = _key_of_normalised(norm)
            if not key:
                continue
            skel = _skeleton_of_normalised(norm)
            entries.append((name, key, skel if len(skel) >= MIN_SKELETON_LENGTH else None))
        self._entries = entries

    def _iter_found(self, text: str | PreparedText) -> Iterator[str]:
        prepared = text if isinstance(text, PreparedText) else PreparedText(text)
        key = prepared.key
        for name, name_key, name_skel in self._entries:
            # the tolerant skeleton only when the exact key fails (and the name is long enough)
            if name_key in key or (name_skel is not None and name_skel in prepared.skeleton):
                yield name

    def find(self, text: str | PreparedText) -> list[str]:
        """The names found in ``text``, in the order they were given."""
        return list(self._iter_found(text))

    def first(self, text: str | PreparedText) -> str | None:
        """The first name (in the given order) found in ``text``, or None."""
        return next(self._iter_found(text), None)

    def __repr__(self) -> str:
        return f"NameMatcher({list(self.names)!r})"
