"""Fuzz test profiles and the per-target case count printed at the end of the run.

``OIT_FUZZ_PROFILE=default`` (the default) or ``fuzz`` picks the hypothesis profile (see
``tests/fuzz/support.py``). The summary appears when ``tests/fuzz`` is named on the command
line (``pytest tests/fuzz``, with or without ``-n``): under xdist each worker sends its counts to
the controller with the worker output.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import settings

from tests.fuzz.support import CASES, PROFILE

_WORKER_KEY = "oit_fuzz_cases"
_TOTALS: Counter[str] = Counter()


class _FromWorkers:
    """Collects the counts each xdist worker reports when it finishes."""

    @pytest.hookimpl
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        _TOTALS.update(getattr(node, "workeroutput", {}).get(_WORKER_KEY, {}))


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist") and not hasattr(config, "workerinput"):
        config.pluginmanager.register(_FromWorkers(), "oit-fuzz-counts")


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[_WORKER_KEY] = dict(CASES)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    totals = _TOTALS + CASES  # xdist workers' counts, or this process's without xdist
    if not totals:
        return
    profile = settings.get_profile(f"oit-fuzz-{PROFILE}")
    terminalreporter.section(f"fuzz cases run (profile {PROFILE})")
    for target, count in sorted(totals.items()):
        terminalreporter.write_line(f"{count:>9,}  {target}")
    terminalreporter.write_line(f"{sum(totals.values()):>9,}  in all")
    if PROFILE == "fuzz":
        terminalreporter.write_line(f"(up to {profile.max_examples:,} cases per test)")
