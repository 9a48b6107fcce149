"""Benchmarks for oit-checker: scan cost against Scrapy, pdftotext and the minimum possible.

``python -m benchmarks`` (``make bench``) generates an SAO-like site, serves it with Debian's
nginx on 127.0.0.1 and measures every figure of the benchmark issue in one run; results go to
``reports/bench/bench-<date>.json`` and ``.md``. ``tests/bench/test_smoke.py`` runs a tiny
version inside ``make test`` so the harness keeps working (it asserts no timings).
"""

from __future__ import annotations
