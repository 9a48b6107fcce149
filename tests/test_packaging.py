"""A non-editable install carries the catalogues, the demo target and the demo site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("oit_checker-*.whl")
    return found


def test_wheel_contains_catalogues_targets_and_demo_site(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "checker/_bundled/rules/ita-2567/catalogue.yaml" in names
    assert "checker/_bundled/rules/ita-2567/items/O35.yaml" in names
    assert "checker/_bundled/rules/ita-2567/profiles/weighted-40-60.yaml" in names
    assert "checker/_bundled/targets/demo.yaml" in names
    assert "checker/demo/site/index.html" in names
    assert "checker/schemas/result.schema.json" in names
    assert any(n.startswith("checker/demo/site/files/") and n.endswith(".pdf") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_demo_runs_from_the_installed_wheel_in_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "OIT_HOME": str(tmp_path / "home")}
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import checker, sys; print(checker.__file__); sys.argv=['oit','demo']; "
            "from checker.cli import main; main()",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines()[0].startswith(str(site))  # the wheel's copy, not the checkout
    result = json.loads((work / "reports" / "demo" / "result.json").read_text(encoding="utf-8"))
    assert len(result["zeros"]) == 14
