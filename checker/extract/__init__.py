"""Extraction: turn a fetched resource (``FetchResult``) into a ``Document`` rules can judge.

``read_document`` sniffs the real type from the bytes and dispatches to the HTML, PDF or Office
reader; images are recorded but not read. It never raises: unreadable input gives a
``Document`` with ``readable=False`` and an English note in ``problems``.
"""

from __future__ import annotations

from checker.extract.read import read_document

__all__ = ["read_document"]
