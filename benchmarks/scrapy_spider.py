"""The Scrapy baseline of the full-site crawl: a minimal CrawlSpider, run with ``scrapy runspider``.

Same rules as our full crawl: the site's host only, ``<a href>`` links to pages (Scrapy's link
extractor skips documents and images by extension), robots.txt obeyed, no delay, one request at
a time to the host (our fetcher's concurrency), the same page cap and depth limit, AutoThrottle
and the HTTP cache off. It parses each page for links and nothing else: the floor of what a
crawler must do. The benchmark reads its counts from nginx's access log and its crawl time
from Scrapy's own stats, written as JSON when the spider closes::

    python -m scrapy runspider benchmarks/scrapy_spider.py -a start_url=http://127.0.0.1:8080/ \\
        -a stats_out=scrapy.json -s CLOSESPIDER_PAGECOUNT=2000 -s DEPTH_LIMIT=10
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule

USER_AGENT = "scrapy-bench/1.0 (+benchmarks; 127.0.0.1 only)"


class SiteSpider(CrawlSpider):
    name = "bench_site"
    custom_settings: dict[str, Any] | None = {  # noqa: RUF012 (Scrapy's own annotation)
        "ROBOTSTXT_OBEY": True,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,  # our fetcher: one request at a time per host
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,  # it would open a port
        "USER_AGENT": USER_AGENT,
        "LOG_LEVEL": "INFO",
    }

    def __init__(self, start_url: str, stats_out: str = "", *args: Any, **kwargs: Any) -> None:
        host = urlsplit(start_url).hostname or ""
        self.start_urls = [start_url]
        self.allowed_domains = [host]
        self.stats_out = stats_out
        self.pages = 0
        # CrawlSpider compiles its rules in __init__: they must exist before it runs. The host
        # filter is the offsite middleware's (allowed_domains): LinkExtractor's allow_domains
        # compares host:port and would drop every link of a site on a port.
        self.rules = (
            Rule(
                LinkExtractor(tags=("a",), attrs=("href",)),
                callback="parse_page",
                follow=True,
            ),
        )
        super().__init__(*args, **kwargs)

    def parse_start_url(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        return self.parse_page(response)

    def parse_page(self, response: Response) -> Iterator[Any]:
        self.pages += 1
        return iter(())

    def closed(self, reason: str) -> None:
        if not self.stats_out:
            return
        stats = {
            k: v if isinstance(v, int | float | str) else str(v)
            for k, v in self.crawler.stats.get_stats().items()
        }
        stats["pages_parsed"] = self.pages
        stats["close_reason"] = reason
        Path(self.stats_out).write_text(json.dumps(stats, indent=1), encoding="utf-8")
