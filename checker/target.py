"""Target files: one agency, its website, what it submits per item, and how to crawl it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urljoin, urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from checker.catalogue.loader import normalise_item_id
from checker.errors import ConfigError
from checker.measures import Measure, Measures, load_measures
from checker.settings import CrawlSettings
from checker.yaml_source import LocatedYaml, load_yaml

TargetId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]


class CrawlOverrides(BaseModel):
    """The subset of ``CrawlSettings`` a target may change; anything else is refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_agent: str | None = None
    obey_robots: bool | None = None
    delay_seconds: float | None = Field(default=None, ge=0, le=120)
    max_requests: int | None = Field(default=None, ge=1, le=100_000)
    max_crawl_pages: int | None = Field(default=None, ge=0, le=100_000)
    max_depth: int | None = Field(default=None, ge=0, le=20)
    max_seconds: float | None = Field(default=None, gt=0, le=86_400)
    max_bytes: int | None = Field(default=None, ge=1_000, le=500_000_000)
    connect_timeout: float | None = Field(default=None, gt=0, le=120)
    read_timeout: float | None = Field(default=None, gt=0, le=300)
    retries: int | None = Field(default=None, ge=0, le=10)
    discovery: Literal["focused", "full"] | None = None
    backoff_seconds: float | None = Field(default=None, ge=0, le=60)

    def apply(self, base: CrawlSettings) -> CrawlSettings:
        changes = {k: v for k, v in self.model_dump().items() if v is not None}
        return base.model_copy(update=changes)


class Schedule(BaseModel):
    """When ``oit schedule`` scans this target (cron syntax, Asia/Bangkok by default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    cron: str = "0 2 * * *"
    timezone: str = "Asia/Bangkok"
    enabled: bool = True

    @field_validator("cron")
    @classmethod
    def _five_fields(cls, value: str) -> str:
        from checker.schedule.cron import crontab_trigger  # read as the scheduler reads it

        try:
            crontab_trigger(value, "UTC")
        except ValueError as exc:
            raise ValueError(
                f"not a crontab expression (minute hour day month weekday): {exc}"
            ) from None
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Bangkok)") from None
        return value


class AlertSettings(BaseModel):
    """When problems become messages (see docs/ALERTS.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: An unreachable item or site alerts only after this many consecutive scans (no noise
    #: from one bad night).
    unreachable_after: int = Field(default=2, ge=1, le=30)
    #: No completed scheduled scan for this long: a staleness alert.
    stale_after_hours: float = Field(default=36.0, gt=0, le=24 * 30)
    #: Where the readiness report is published, quoted in messages (optional).
    report_url: str | None = None


#: Why an item may be waived (a closed list, as OpenSSF Scorecard's annotations): it does not
#: apply to this agency; the evidence is published where assessors accept it but the checker
#: cannot see it; the checker is wrong and a person verified the item; or a fix is under way.
WaiverReason = Literal[
    "not-applicable", "published-elsewhere", "false-positive", "remediation-in-progress"
]


class Waiver(BaseModel):
    """An approved exception for one item until a date; expired waivers stop applying."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str
    reason: WaiverReason
    note: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    expires: dt.date

    @field_validator("item")
    @classmethod
    def _item_id(cls, value: str) -> str:
        item_id = normalise_item_id(value)
        if not item_id.startswith("O") or not item_id[1:].isdecimal():
            raise ValueError(f"{value!r} is not an item id like O8")
        return item_id

    def active_on(self, day: dt.date) -> bool:
        return day <= self.expires


class TaskSettings(BaseModel):
    """How remediation tasks get their due dates and owners."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: Tasks are due this many days before OIT URL entry opens (the catalogue's calendar).
    due_before_days: int = Field(default=7, ge=0, le=120)
    #: Or a fixed due date for every task (overrides the calendar).
    due_date: dt.date | None = None
    #: Owners per item, overriding the owner of the item's measure ("O12": "สำนักปลัด").
    owners: dict[str, str] = {}

    @field_validator("owners")
    @classmethod
    def _owner_items(cls, value: dict[str, str]) -> dict[str, str]:
        return {normalise_item_id(k): v for k, v in value.items()}


class OfficialResult(BaseModel):
    """The agency's last official OIT result, shown beside the prediction."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int = Field(ge=2560, le=2600)
    source: str | None = None  # where the figures come from
    ita_total: float | None = Field(default=None, ge=0, le=100)
    indicators: dict[str, float] = {}  # "9" → 66.43
    items: dict[str, int] = {}  # "O8" → 0

    @field_validator("items")
    @classmethod
    def _item_scores(cls, value: dict[str, int]) -> dict[str, int]:
        out: dict[str, int] = {}
        for key, score in value.items():
            if score not in (0, 100):
                raise ValueError(f"{key}: an item scores 0 or 100, not {score}")
            out[normalise_item_id(key)] = score
        return out


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: TargetId
    name: str = Field(min_length=1)  # the agency's Thai name
    #: The website's address. ``None`` in a shipped template the officer must complete.
    base_url: str | None = None
    assessment_year: int = Field(default=2567, ge=2560, le=2600)
    profile: str = "default"
    #: The agency's ITA page, when discovery from the home page should be skipped.
    ita_page: str | None = None
    #: What the agency submits in ITAS per item (absolute, or relative to base_url).
    item_urls: dict[str, list[str]] = {}
    #: Hosts besides the site's own whose evidence may be fetched (e.g. a provincial file server).
    allowed_hosts: list[str] = []
    crawl: CrawlOverrides = CrawlOverrides()
    official_result: OfficialResult | None = None
    schedule: Schedule = Schedule()
    #: Apprise URLs (LINE, e-mail, Slack/Teams/Discord, json:// webhooks); ``${VAR}`` is taken
    #: from the environment when sending, so secrets never sit in the file.
    notify: list[str] = []
    alerts: AlertSettings = AlertSettings()
    waivers: list[Waiver] = []
    #: The agency's improvement measures (มาตรการ), inline or in a file next to the target.
    measures: list[Measure] = []
    measures_file: str | None = None
    tasks: TaskSettings = TaskSettings()

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(
                "must be an http:// or https:// address, e.g. https://www.example.go.th/"
            )
        path = parts.path or "/"
        return f"{parts.scheme}://{parts.netloc}{path}"

    @field_validator("item_urls")
    @classmethod
    def _item_keys(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key, urls in value.items():
            item_id = normalise_item_id(str(key))
            if not item_id.startswith("O") or not item_id[1:].isdecimal():
                raise ValueError(f"{key!r} is not an item id like O8")
            if not urls:
                raise ValueError(f"{item_id}: list at least one URL or remove the entry")
            out[item_id] = [u.strip() for u in urls]
        return out

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        out = []
        for host in value:
            host = host.strip().lower()
            if not host or "/" in host or " " in host:
                raise ValueError(f"{host!r} is not a host name (write www.example.go.th)")
            out.append(host)
        return out

    def crawl_settings(self, base: CrawlSettings | None = None) -> CrawlSettings:
        return self.crawl.apply(base or CrawlSettings())

    def absolute(self, url: str) -> str:
        if self.base_url is None:  # pragma: no cover - guarded by require_base_url
            return url
        return urljoin(self.base_url, url)

    def with_base_url(self, base_url: str) -> Target:
        return self.model_copy(update={"base_url": Target._http_url(base_url)})


class LoadedTarget(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    target: Target
    path: Path | None = None
    source: LocatedYaml | None = None

    def measures(self) -> Measures | None:
        """The target's measures (inline, or from ``measures_file`` relative to the target)."""
        target = self.target
        if target.measures:
            return Measures(year=target.assessment_year, measures=target.measures)
        if target.measures_file is None:
            return None
        base = self.path.parent if self.path is not None else Path.cwd()
        path = base / target.measures_file
        try:
            path = path.resolve()
            found = path.exists()
        except (OSError, ValueError):  # a NUL in the name, a name too long for the system
            found = False
        if not found and self.source is not None:
            raise self.source.error(f"measures file not found: {path}", ["measures_file"])
        return load_measures(path)

    def require_base_url(self) -> str:
        if self.target.base_url:
            return self.target.base_url
        message = (
            "the agency's website address is not set: write the site's URL here "
            "(e.g. base_url: https://www.example.go.th/) before scanning"
        )
        if self.source is not None:
            raise self.source.error(message, ["base_url"])
        raise ConfigError(message, path=self.path, field="base_url")


def load_target(path: Path) -> LoadedTarget:
    source = load_yaml(path)
    target = source.validate(Target)
    if target.id != path.stem:
        raise source.error(f"id {target.id!r} does not match the file name {path.name!r}", ["id"])
    return LoadedTarget(target=target, path=path, source=source)


def adhoc_target(url: str, year: int) -> LoadedTarget:
    """A target for ``oit scan --url`` (no file): defaults everywhere."""
    host = (urlsplit(url).hostname or "site").lower()
    slug = "".join(ch if ch.isalnum() else "-" for ch in host).strip("-")[:60] or "site"
    try:
        target = Target(id=slug, name=host, base_url=url, assessment_year=year)
    except ValueError as exc:
        raise ConfigError(f"--url {url!r}: {exc}") from None
    return LoadedTarget(target=target)
