"""Website text flattened to one safe line (Markdown cells, workflow annotations, task lists)."""

from __future__ import annotations

import re

# Controls (all of C0 incl. CR/LF, and C1), line/paragraph separators, bidi overrides/isolates,
# BOM and lone surrogates (which could not even be written as UTF-8): all become spaces, then
# whitespace is collapsed, so a hostile title can neither add lines nor reorder what is shown.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)
_SPACES = re.compile(r"\s+")


def flat(text: str | None, limit: int) -> str:
    """One line of at most ``limit`` characters (plus "…" when cut)."""
    text = _SPACES.sub(" ", _UNPRINTABLE.sub(" ", text or "")).strip()
    if len(text) > limit:
        text = text[:limit] + "…"
    return text
