"""A notification token planted in the environment, end to end: every command an officer runs,
at the most verbose log level, with one channel that works and one that fails — the token is
used (the webhook receives it) yet never appears in a terminal line, a log line, a written file,
the history database or the data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.demo.server import serve_site
from tests.security.hostile_site import plant, write_target
from tests.support.secrets import ENV, SECRET_FORMS, TOKEN
from tests.support.webhook import Receiver

pytestmark = pytest.mark.integration


def oit(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checker", "-vv", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_a_planted_token_never_leaves_the_channel(tmp_path: Path) -> None:
    plant(tmp_path / "site")  # the hostile site: its URLs end up in the alerts
    good, bad = Receiver(), Receiver(status=500)
    try:
        with serve_site(tmp_path / "site") as server:
            targets = tmp_path / "targets"
            target = write_target(
                targets / "secret.yaml",
                "secret",
                server.url,
                schedule={"cron": "* * * * *"},
                notify=[
                    good.url("/hook/${HOOK_TOKEN}"),
                    f"json://oit:${{HOOK_PASSWORD}}@127.0.0.1:{bad.port}/x?t=${{HOOK_TOKEN}}",
                ],
            )
            home = tmp_path / "home"
            db = f"sqlite:///{home / 'history.sqlite'}"
            env = {
                **os.environ,
                "OIT_HOME": str(home),
                "OIT_DB": db,
                **ENV,
                "GITHUB_ACTIONS": "true",
            }
            env.pop("OIT_DEBUG", None)
            out = tmp_path / "out"
            runs = [
                oit("targets", "validate", str(target), env=env, cwd=tmp_path),
                oit(
                    "scan", str(target), "--as-of", "2024-04-30", "--notify", env=env, cwd=tmp_path
                ),
            ]
            (tmp_path / "site" / "files/manual/staff-manual-revenue.pdf").unlink()
            runs += [
                oit("schedule", str(targets), "--once", env=env, cwd=tmp_path),
                oit(
                    "scan", str(target), "--as-of", "2024-04-30", "--notify", env=env, cwd=tmp_path
                ),
                oit(
                    "ci",
                    str(target),
                    "--as-of",
                    "2024-04-30",
                    "--junit",
                    str(out / "junit.xml"),
                    "--summary",
                    str(out / "summary.md"),
                    "--json",
                    str(out / "ci.json"),
                    env=env,
                    cwd=tmp_path,
                ),
                oit("report", str(target), "--out", str(out), env=env, cwd=tmp_path),
                oit("tasks", str(target), "--out", str(out), env=env, cwd=tmp_path),
                oit("history", str(target), "--all", env=env, cwd=tmp_path),
                oit("explain", "O10", "--target", "secret", env=env, cwd=tmp_path),
            ]
    finally:
        good.close()
        bad.close()

    for run in runs:
        assert "Traceback" not in run.stderr, run.stderr[-3000:]
    # The token was really used: the working channel received it in its path, the failing
    # channel was tried (and its failure reported without the secret).
    assert good.posts and any(TOKEN in path for path in good.paths), good.paths
    assert bad.posts
    texts = [run.stdout + run.stderr for run in runs]
    assert any("DEBUG" in text for text in texts)  # the most verbose logging was on
    files = [p for p in (home, out, tmp_path / "targets") if p.exists()]
    written = [f for folder in files for f in folder.rglob("*") if f.is_file()]
    assert any(f.name.startswith("history.sqlite") for f in written)
    assert (out / "report.html").exists() and (out / "junit.xml").exists()
    for form in SECRET_FORMS:
        encoded = form.encode()
        for text in texts:
            assert form not in text, text[text.index(form) - 200 : text.index(form) + 50]
        for path in written:
            assert encoded not in path.read_bytes(), path
