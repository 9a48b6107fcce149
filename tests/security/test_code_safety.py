"""What the code may never do, checked on the source itself, and YAML that tries to run code."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checker.cli import cli
from checker.paths import bundled

PACKAGE = Path(__file__).resolve().parents[2] / "checker"
#: Calls that run a shell or arbitrary code, or load data that can run code.
FORBIDDEN_CALLS = {
    "os.system",
    "os.popen",
    "eval",
    "exec",
    "pickle.load",
    "pickle.loads",
    "marshal.loads",
    "yaml.load",
    "yaml.unsafe_load",
    "yaml.full_load",
    "yaml.load_all",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
}
FORBIDDEN_NAMES = {"yaml.Loader", "yaml.UnsafeLoader", "yaml.FullLoader"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _findings() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            where = f"{path.relative_to(PACKAGE.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = _dotted(node.func)
                if name in FORBIDDEN_CALLS:
                    found.append(f"{where}: {name}()")
                for keyword in node.keywords:
                    if keyword.arg == "shell" and not (
                        isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                    ):
                        found.append(f"{where}: {name}(shell=...)")
            elif isinstance(node, ast.Attribute) and _dotted(node) in FORBIDDEN_NAMES:
                found.append(f"{where}: {_dotted(node)}")
    return found


def test_no_shell_no_eval_no_unsafe_loading_in_the_package() -> None:
    assert _findings() == []


def test_the_checker_would_notice_a_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan above can fail: a planted ``shell=True`` is found."""
    planted = tmp_path / "checker"
    planted.mkdir()
    (planted / "bad.py").write_text(
        "import subprocess, yaml\nsubprocess.run('ls', shell=True)\nyaml.load('a', yaml.Loader)\n"
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "PACKAGE", planted)
    assert len(_findings()) == 3


PAYLOAD = '!!python/object/apply:os.system ["touch {marker}"]'


def validate_target_with(tmp_path: Path, notify: str) -> tuple[Path, Result]:
    target = tmp_path / "t.yaml"
    target.write_text(
        "id: t\nname: ทดสอบ\nbase_url: http://127.0.0.1:9/\nassessment_year: 2567\n"
        f"notify: {notify}\n",
        encoding="utf-8",
    )
    return target, CliRunner().invoke(cli, ["targets", "validate", str(target)])


def test_a_target_file_that_tries_to_run_code_is_rejected(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    target, run = validate_target_with(tmp_path, PAYLOAD.format(marker=marker))
    assert run.exit_code == 2, run.output
    assert f"{target}:5: notify:" in run.output and "is not allowed" in run.output
    assert not marker.exists()


def test_a_notify_entry_that_is_not_a_url_is_rejected(tmp_path: Path) -> None:
    target, run = validate_target_with(tmp_path, '["touch /tmp/x"]')
    assert run.exit_code == 2
    assert f"{target}:5: notify[0]:" in run.output and "line://" in run.output


def test_a_rule_file_that_tries_to_run_code_is_rejected(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    rules = tmp_path / "ita-2567"
    shutil.copytree(bundled("rules") / "ita-2567", rules)
    catalogue = rules / "catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(f"x_evil: {PAYLOAD.format(marker=marker)}\n{text}", encoding="utf-8")
    run = CliRunner().invoke(cli, ["rules", "validate", str(rules)])
    assert run.exit_code == 2, run.output
    assert "catalogue.yaml:1: x_evil:" in run.output and "is not allowed" in run.output
    assert not marker.exists()
