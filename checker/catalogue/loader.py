"""Load a catalogue folder: ``catalogue.yaml``, ``items/O*.yaml`` and ``profiles/*.yaml``.

Every file is validated on load; the first problem is reported with file, line and field
(``ConfigError``, exit 2). Cross-file rules are checked here too: an item's id equals its file
name, ids are unique, every item belongs to a sub-indicator of every profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from checker.catalogue.models import Catalogue, Item, Profile
from checker.errors import ConfigError
from checker.paths import available_years, catalogue_dir
from checker.yaml_source import load_yaml

DEFAULT_PROFILE = "default"


@dataclass(frozen=True)
class LoadedCatalogue:
    root: Path
    catalogue: Catalogue
    items: tuple[Item, ...]  # ordered O1, O2, …
    profiles: dict[str, Profile] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.catalogue.assessment_year

    def item(self, item_id: str) -> Item:
        wanted = normalise_item_id(item_id)
        for item in self.items:
            if item.id == wanted:
                return item
        raise KeyError(item_id)

    def profile(self, profile_id: str | None = None) -> Profile:
        key = profile_id or DEFAULT_PROFILE
        if key not in self.profiles:
            known = ", ".join(sorted(self.profiles))
            raise ConfigError(f"unknown scoring profile {key!r} (known: {known})")
        return self.profiles[key]


def normalise_item_id(text: str) -> str:
    """``o8``, ``O08``, ``8``, ``O๘`` → ``O8``; anything else is returned stripped."""
    raw = text.strip().upper().removeprefix("OIT").removeprefix("O").lstrip(".- ")
    # isdecimal, not isdigit: int() refuses "²"; and a bounded length: it refuses 5,000 digits.
    return f"O{int(raw)}" if raw.isdecimal() and len(raw) <= 50 else text.strip()


def load_catalogue_for_year(year: int) -> LoadedCatalogue:
    root = catalogue_dir(year)
    if not root.is_dir():
        known = ", ".join(str(y) for y in available_years()) or "none"
        raise ConfigError(f"no rule catalogue for assessment year {year} (available: {known})")
    return _cached_load(root.resolve())


@cache
def _cached_load(root: Path) -> LoadedCatalogue:
    return load_catalogue(root)


def load_catalogue(root: Path) -> LoadedCatalogue:
    if not root.is_dir():
        raise ConfigError("catalogue folder not found", path=root)
    catalogue = load_yaml(root / "catalogue.yaml").validate(Catalogue)

    items: list[Item] = []
    item_files = sorted((root / "items").glob("*.yaml"))
    if not item_files:
        raise ConfigError("no item files (items/*.yaml)", path=root / "items")
    seen: dict[str, Path] = {}
    for path in item_files:
        source = load_yaml(path)
        item = source.validate(Item)
        if item.id != path.stem:
            raise source.error(f"id {item.id!r} does not match the file name {path.name!r}", ["id"])
        if item.id in seen:
            raise source.error(f"duplicate item id {item.id!r} (also in {seen[item.id]})", ["id"])
        seen[item.id] = path
        items.append(item)
    items.sort(key=lambda i: i.number)

    profiles: dict[str, Profile] = {}
    for path in sorted((root / "profiles").glob("*.yaml")):
        source = load_yaml(path)
        profile = source.validate(Profile)
        if profile.id != path.stem:
            raise source.error(
                f"id {profile.id!r} does not match the file name {path.name!r}", ["id"]
            )
        used = {i.subindicator for i in items}
        declared = set(profile.subindicator_ids())
        for item in items:
            if item.subindicator not in declared:
                raise ConfigError(
                    f"item {item.id} belongs to sub-indicator {item.subindicator}, "
                    "which this profile does not declare",
                    path=path,
                    field="indicators",
                )
        for sub_id in sorted(declared - used):
            raise source.error(f"sub-indicator {sub_id} has no items", ["indicators"])
        profiles[profile.id] = profile
    if DEFAULT_PROFILE not in profiles:
        raise ConfigError(f"missing profiles/{DEFAULT_PROFILE}.yaml", path=root / "profiles")
    return LoadedCatalogue(root=root, catalogue=catalogue, items=tuple(items), profiles=profiles)
