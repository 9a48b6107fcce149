"""Problems a scan reveals and the alert events they produce."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict

#: ``gone``: evidence that was there now answers 404/410 · ``unlinked``: the ITA page no longer
#: links it · ``regression``: an item that passed now fails · ``unreachable``: an item's evidence
#: could not be fetched · ``site_unreachable``: the site itself could not be reached ·
#: ``stale``: no scheduled scan has completed for too long.
ProblemKind = Literal["gone", "unlinked", "regression", "unreachable", "site_unreachable", "stale"]


class Problem(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: ProblemKind
    target_id: str
    item: str | None = None  # None for site-wide problems
    item_title: str | None = None
    url: str | None = None
    detail: str | None = None  # e.g. "HTTP 404", the fetch reason, the last outcome

    @property
    def fingerprint(self) -> str:
        """Stable identity: the same problem on the next night is not a new alert."""
        key = "|".join([self.target_id, self.kind, self.item or "", self.url or ""])
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


class AlertEvent(BaseModel):
    """One message to send: a problem opened (after confirmation or N scans) or fixed."""

    model_config = ConfigDict(frozen=True)

    event: Literal["opened", "fixed"]
    problem: Problem
    target_name: str
    since: dt.datetime  # when the problem was first seen
    at: dt.datetime  # when this event happened (the scan that opened or fixed it)
    report_url: str | None = None  # where the readiness report is
