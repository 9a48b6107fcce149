"""Where things live: bundled catalogues and demo files, and the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
#: In a wheel, ``rules/`` and the shipped targets are copied here (see pyproject.toml).
_BUNDLED = PACKAGE_DIR / "_bundled"
#: In a source checkout (editable install, tests) they are read from the repository root.
_REPO_ROOT = PACKAGE_DIR.parent


def bundled(relative: str) -> Path:
    """A file or folder that ships with the product (``rules/ita-2567``, ``targets/demo.yaml``)."""
    for base in (_BUNDLED, _REPO_ROOT):
        candidate = base / relative
        if candidate.exists():
            return candidate
    return _BUNDLED / relative


def rules_root() -> Path:
    return bundled("rules")


def catalogue_dir(assessment_year: int) -> Path:
    return rules_root() / f"ita-{assessment_year}"


def available_years() -> list[int]:
    root = rules_root()
    if not root.is_dir():
        return []
    return sorted(
        int(p.name.removeprefix("ita-"))
        for p in root.iterdir()
        if p.is_dir() and p.name.startswith("ita-") and p.name[4:].isdigit()
    )


def oit_home() -> Path:
    """The data directory: ``$OIT_HOME`` when set, else the platform's user data directory."""
    env = os.environ.get("OIT_HOME")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("oit-checker", appauthor=False))


def demo_site_dir() -> Path:
    return PACKAGE_DIR / "demo" / "site"
