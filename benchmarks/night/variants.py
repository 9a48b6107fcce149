"""How the sites of the night differ from the demo site, and from one night to the next."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """A way a site differs from the demo: files it does not have (answered 404), and the items
    whose outcome that changes (measured against the full demo site on the same day)."""

    name: str
    hidden: frozenset[str] = frozenset()
    changes: frozenset[str] = frozenset()


#: Site k is ``VARIANTS[k % len(VARIANTS)]``. The hidden pages are evidence of items that pass on
#: the full demo site whatever the date (structure, executives, Q&A, e-service), so their loss
#: changes exactly those items (O1 drops to ``review``: its org chart image is still there).
VARIANTS: tuple[Variant, ...] = (
    Variant("full"),
    Variant("no-qa", frozenset({"/qa.html"}), frozenset({"O6"})),
    Variant("no-eservice", frozenset({"/eservice.html"}), frozenset({"O13"})),
    Variant(
        "no-structure-executives",
        frozenset({"/structure.html", "/executives.html"}),
        frozenset({"O1", "O2"}),
    ),
)
#: Between two nights, one site in five (across the variants) loses its contact page: O4 fails,
#: and the scan's "gone" problem is confirmed by a second fetch before it is recorded.
OVERNIGHT_GONE = frozenset({"/contact.html"})
OVERNIGHT_CHANGES = frozenset({"O4"})


def variant_of(index: int) -> Variant:
    return VARIANTS[index % len(VARIANTS)]


def changes_overnight(index: int) -> bool:
    return index % 5 == 4


def expected_changes(index: int, night: int) -> frozenset[str]:
    """The items in which site ``index``'s results differ from the full demo site's on a night."""
    changes = variant_of(index).changes
    if night >= 2 and changes_overnight(index):
        return changes | OVERNIGHT_CHANGES
    return changes
