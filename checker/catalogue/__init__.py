"""Rule catalogues (one per assessment year) and scoring profiles, loaded and validated."""

from checker.catalogue.loader import LoadedCatalogue, load_catalogue
from checker.catalogue.models import Catalogue, Check, Item, Part, Profile

__all__ = ["Catalogue", "Check", "Item", "LoadedCatalogue", "Part", "Profile", "load_catalogue"]
