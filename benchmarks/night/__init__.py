"""A night of the scheduler: N agency sites on loopback, ``oit schedule DIR --once``, the figures.

Issue 6, item 5 ("Load"): the scheduler scans a night of 200 targets with per-host politeness
respected, bounded memory, and every target's result stored. This package

* serves N copies of the bundled demo SAO site (``checker/demo/site``, read from disk, never
  copied) from one process, each on its own loopback address (127.0.1.1, 127.0.1.2, …: all of
  127.0.0.0/8 is loopback on Linux). The product keys politeness by host name, port ignored, and
  its address policy lets a loopback target be crawled over loopback, so each address is a
  distinct host to it (``--sites-per-host K`` puts K sites on one address, on K ports: agencies
  sharing one server). Every site but one in four hides a few files (404) so that results differ
  predictably (``variants``, ``sites``);
* writes N target files into a fresh folder, all on the same cron (``0 2 * * *``: they all fire
  at the same minute, the worst case), with a small politeness delay in their ``crawl:``
  (``targets``);
* runs the real scheduler as a subprocess, the way an officer does: ``oit schedule DIR --once``
  (a fresh history makes every target due whatever the clock; due targets are scanned one after
  the other), or with ``--mode daemon`` the service (``oit schedule DIR``: APScheduler with
  MAX_WORKERS threads; the cron is set to the next minute and the process is stopped with
  SIGTERM once every scan is recorded) (``scheduler_run``);
* by default runs a second night, the usual kind: the history holds the first night's scans, so
  documents are asked for conditionally (304) and a document that vanished overnight (one site in
  five loses its contact page) is confirmed by a second fetch before anything is alerted. With
  ``--once`` the second night runs the same command with the scheduler's clock set a day later
  (``runner.run_once(now=…)``, the function the CLI calls: the cron has fired again);
* measures wall time, peak RSS (the kernel's high-water mark of the child, from ``wait4``, and a
  50 ms psutil timeline against progress), the scans stored in the history database (one complete
  scheduled scan per target and night with its 35 item results, requests: ``history_read``), and
  politeness as the sites saw it: every request's host, arrival and end are logged by the server,
  so two requests in flight to one host, or two closer than the delay, would show
  (``politeness``); ``report`` says it all in Markdown and JSON, ``harness`` runs the nights.

Run ``python -m benchmarks.night [--targets 200] [--nights 2] [--delay 0.05] [--mode once|daemon]
[--sites-per-host 1] [--out reports/bench]``; it prints a Markdown table and writes
``night.md`` and ``night.json`` (``night-daemon.*`` for the service) to ``--out``.
``tests/load/test_night.py`` runs the same harness at a small size.
"""

from __future__ import annotations

from benchmarks.night.harness import night
from benchmarks.night.history_read import ITEMS
from benchmarks.night.report import NightReport
from benchmarks.night.variants import OVERNIGHT_CHANGES, VARIANTS, changes_overnight

__all__ = ["ITEMS", "OVERNIGHT_CHANGES", "VARIANTS", "NightReport", "changes_overnight", "night"]
