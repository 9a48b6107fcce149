"""Planted notification secrets and every form in which they could leak (raw, URL-quoted, in a
Basic-auth header)."""

from __future__ import annotations

import base64
from urllib.parse import quote

TOKEN = "tok-Zq8-PLANTED-9f3a/b+c=="  # "/", "+" and "=" as in real LINE tokens
PASSWORD = "pw-PLANTED-x7Qe"
ENV = {"HOOK_TOKEN": TOKEN, "HOOK_PASSWORD": PASSWORD}
SECRET_FORMS = (
    TOKEN,
    quote(TOKEN, safe=""),
    quote(TOKEN),
    PASSWORD,
    base64.b64encode(f"oit:{PASSWORD}".encode()).decode(),
)
