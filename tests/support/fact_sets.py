"""Random but well-formed fact sets over the real catalogue (oracle tests and benchmarks)."""

from __future__ import annotations

import random
from collections.abc import Sequence

from checker.catalogue.models import AnyOfCheck, Check, Item, KeywordsCheck, PatternCheck
from checker.engine import facts as F

STATES = ("ok", "ok", "ok", "ok", "gone", "unreachable", "offsite")
VIAS = ("declared", "label", "date")
CHANNELS = ("form", "web_board", "chat", "form_service")
KINDS = ("html", "pdf", "image", "office")


def _leaves(checks: Sequence[Check]) -> list[Check]:
    out: list[Check] = []
    for check in checks:
        out.extend(check.checks if isinstance(check, AnyOfCheck) else [check])
    return out


def random_fact_set(
    rng: random.Random, items: Sequence[Item], year: int, max_items: int = 8
) -> list[F.Fact]:
    facts: list[F.Fact] = []
    chosen = rng.sample(list(items), k=rng.randint(1, min(max_items, len(items))))
    years = [year - 2, year - 1, year, year + 1]
    for item in chosen:
        for part in item.parts:
            for _ in range(rng.randint(0, 3)):
                ev = f"d{rng.randint(1, 6)}"  # documents shared across parts and items
                state = rng.choice(STATES)
                facts.append(F.cand(item.id, part.id, ev, state))  # type: ignore[arg-type]
                if state != "ok":
                    continue

                def about(
                    t: str,
                    item: str = item.id,
                    part: str = part.id,
                    ev: str = ev,
                    **fields: str | int,
                ) -> None:
                    facts.append(F.about(t, item, part, ev, **fields))

                readable = rng.random() > 0.2
                about(
                    "doc",
                    kind=rng.choice(KINDS),
                    readable=int(readable),
                    chars=rng.choice([0, 50, 250, 5000]),
                )
                if rng.random() < 0.7:
                    about("name")
                for check in _leaves(part.checks):
                    if isinstance(check, KeywordsCheck) and rng.random() < 0.7:
                        facts.append(
                            F.keywords(
                                item.id, part.id, check.id, ev, rng.randint(1, len(check.words))
                            )
                        )
                    elif isinstance(check, PatternCheck) and rng.random() < 0.7:
                        facts.append(F.pattern(item.id, part.id, check.id, ev, rng.randint(1, 3)))
                for _ in range(rng.randint(0, 3)):
                    about("fy", fy=rng.choice(years), via=rng.choice(VIAS))
                if rng.random() < 0.4:
                    about("half", fy=rng.choice(years))
                if rng.random() < 0.4:
                    lo = rng.choice(years)
                    about("span", lo=lo, hi=lo + rng.randint(0, 4))
                months = [202309, 202310, 202311, 202312, 202401, 202402, 202403, 202404]
                for ym in rng.sample(months, k=rng.randint(0, len(months))):
                    about("month", ym=ym)
                if rng.random() < 0.5:
                    about("img", n=rng.randint(1, 4))
                for kind in rng.sample(CHANNELS, k=rng.randint(0, 2)):
                    about("chan", kind=kind)
        if rng.random() < 0.1:
            for part in item.parts:
                facts.append(F.cand(item.id, part.id, "gap1", "unreachable"))
    rng.shuffle(facts)
    return facts
