"""Crawl settings: every politeness and safety default in one place (as Scrapy's settings).

A target file may override these under ``crawl:``; nothing else changes them. The numbers are
chosen for small agency web servers: one request at a time, a pause between requests, modest caps.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from checker import __version__

DEFAULT_USER_AGENT = (
    f"oit-checker/{__version__} (+https://github.com/oit-checker/oit-checker; "
    "ITA OIT self-assessment; contact: the agency's IT officer)"
)


class CrawlSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    user_agent: str = Field(default=DEFAULT_USER_AGENT, min_length=8)
    obey_robots: bool = True
    #: Pause between two requests to the same host, in seconds. robots.txt Crawl-delay raises it.
    delay_seconds: float = Field(default=1.0, ge=0, le=120)
    #: A Crawl-delay above this is honoured only up to this many seconds (and noted).
    max_crawl_delay: float = Field(default=30.0, ge=0, le=600)
    connect_timeout: float = Field(default=10.0, gt=0, le=120)
    read_timeout: float = Field(default=20.0, gt=0, le=300)
    #: Wall-clock limit for one response body (defeats a server that drips one byte a second).
    response_seconds: float = Field(default=60.0, gt=0, le=600)
    #: Bytes read per response before it is cut (decompressed size; defeats gzip bombs).
    max_bytes: int = Field(default=25_000_000, ge=1_000, le=500_000_000)
    #: Retries after 429/5xx or a dropped connection, with exponential backoff.
    retries: int = Field(default=2, ge=0, le=10)
    backoff_seconds: float = Field(default=1.0, ge=0, le=60)
    #: A Retry-After longer than this is not waited for: the fetch is recorded as unanswered.
    max_retry_after: float = Field(default=60.0, ge=0, le=3600)
    max_redirects: int = Field(default=5, ge=0, le=20)
    #: Requests per scan (every HTTP request counts, robots.txt and retries included).
    max_requests: int = Field(default=400, ge=1, le=100_000)
    #: Pages the bounded crawl may open (on top of the home page, ITA page and named evidence).
    max_crawl_pages: int = Field(default=60, ge=0, le=100_000)
    #: ``focused``: crawl only for items nobody named (the home page's links, then links named
    #: like them) and for hints on items that fall short (only links named like them): the
    #: fewest requests. ``full``: follow every page link of the site up to the caps (a thorough
    #: inventory, for hints on every item).
    discovery: Literal["focused", "full"] = "focused"
    max_depth: int = Field(default=3, ge=0, le=20)
    #: Wall-clock limit for the whole scan, in seconds.
    max_seconds: float = Field(default=1800.0, gt=0, le=86_400)
