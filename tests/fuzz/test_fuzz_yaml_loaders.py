"""Fuzz the target, measures and rule-catalogue loaders with random and mutated YAML files.

Whatever the bytes, loading a file gives a loaded object or a ``ConfigError`` (exit 2) whose
message starts with the file it is about and fits on one line; the CLI exits 0 or 2, never
with a traceback or an internal error (exit 70).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from checker.catalogue.loader import LoadedCatalogue, load_catalogue
from checker.catalogue.models import Catalogue, Item, Profile
from checker.cli import cli
from checker.cli.targets_cmd import validate_target
from checker.errors import ConfigError
from checker.measures import Measures
from checker.target import Target, load_target
from tests.fuzz.support import ALIAS_BOMB, fuzz_settings, mutated_yaml, ran, random_yaml

REPO = Path(__file__).resolve().parents[2]
TARGETS = {
    name: (REPO / "targets" / name).read_text("utf-8") for name in ("demo.yaml", "khwao-yai.yaml")
}
MEASURES_NAME = "measures/khwao-yai-2567.yaml"
MEASURES = (REPO / "targets" / MEASURES_NAME).read_text("utf-8")
CATALOGUE = REPO / "rules" / "ita-2567"
CATALOGUE_FILES = {
    str(p.relative_to(CATALOGUE)): p.read_text("utf-8") for p in sorted(CATALOGUE.rglob("*.yaml"))
}
#: One item per sub-indicator (with the catalogue and profiles, the smallest catalogue that
#: loads: a fifth of the full one's load time, so more cases fit in the time budget).
_FIRST_PER_SUBINDICATOR: dict[str, str] = {}
for _name, _text in CATALOGUE_FILES.items():
    if _name.startswith("items/"):
        _sub = next(ln for ln in _text.splitlines() if ln.startswith("subindicator:"))
        _FIRST_PER_SUBINDICATOR.setdefault(_sub, _name)
SMALL_CATALOGUE = [name for name in CATALOGUE_FILES if not name.startswith("items/")] + sorted(
    _FIRST_PER_SUBINDICATOR.values()
)

T = TypeVar("T")


def refused_properly(exc: ConfigError, *, about: Path | None = None) -> None:
    """The documented refusal: one line that starts with the file it is about."""
    message = str(exc)
    assert exc.path is not None, f"the error names no file: {message!r}"
    assert message.startswith(str(exc.path)), message
    if about is not None:
        assert exc.path == about, message
    assert "\n" not in message and "\r" not in message, repr(message)
    assert "Traceback" not in message


def load_or_refuse(load: Callable[[], T], *, about: Path | None = None) -> T | None:
    """``load()``'s result, or None after checking its ConfigError; anything else escapes."""
    try:
        return load()
    except ConfigError as exc:
        refused_properly(exc, about=about)
        return None


def _target_files(root: Path, name: str, target: bytes, measures: bytes) -> Path:
    path = root / "targets" / name
    (path.parent / "measures").mkdir(parents=True)
    path.write_bytes(target)
    (path.parent / MEASURES_NAME).write_bytes(measures)
    return path


def check_target_file(name: str, target: bytes, measures: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _target_files(Path(tmp), name, target, measures)
        loaded = load_or_refuse(lambda: load_target(path), about=path)
        if loaded is None:
            return
        assert isinstance(loaded.target, Target)
        found = load_or_refuse(loaded.measures)
        assert found is None or isinstance(found, Measures)
        line = load_or_refuse(lambda: validate_target(path), about=path)
        assert line is None or line.startswith("ok: ")


# ---------------------------------------------------------------------------------------------
# Targets (and the measures file a target names)

TARGET_KEYS = list(Target.model_fields)


@fuzz_settings(examples=200)
@given(name=st.sampled_from(sorted(TARGETS)), data=st.data())
def test_mutated_target_files(name: str, data: st.DataObject) -> None:
    ran("target loader (mutated real files)")
    target = data.draw(mutated_yaml(TARGETS[name]))
    check_target_file(name, target, MEASURES.encode())


@fuzz_settings(examples=100)
@given(random_yaml(TARGET_KEYS))
def test_random_target_files(target: bytes) -> None:
    ran("target loader (random YAML)")
    check_target_file("demo.yaml", target, MEASURES.encode())


@fuzz_settings(examples=80)
@given(st.one_of(mutated_yaml(MEASURES), random_yaml(list(Measures.model_fields))))
def test_mutated_measures_files(measures: bytes) -> None:
    ran("measures loader (via a target)")
    check_target_file("demo.yaml", TARGETS["demo.yaml"].encode(), measures)


# ---------------------------------------------------------------------------------------------
# Rule catalogue

_MODEL_KEYS = {
    "catalogue.yaml": list(Catalogue.model_fields),
    "profiles/": list(Profile.model_fields),
    "items/": [f.alias or k for k, f in Item.model_fields.items()],
}


def _keys_for(name: str) -> list[str]:
    return next(keys for prefix, keys in _MODEL_KEYS.items() if name.startswith(prefix))


def _write_catalogue(root: Path, files: list[str], replace: str, body: bytes) -> Path:
    folder = root / "ita-2567"
    for name in {*files, replace}:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name == replace:
            path.write_bytes(body)
        else:
            path.write_text(CATALOGUE_FILES[name], "utf-8")
    return folder


def check_catalogue(folder: Path) -> None:
    loaded = load_or_refuse(lambda: load_catalogue(folder))
    if loaded is not None:
        assert isinstance(loaded, LoadedCatalogue) and loaded.items
    else:  # the error named a file inside the catalogue (load_or_refuse checked the rest)
        try:
            load_catalogue(folder)
        except ConfigError as exc:
            assert exc.path is not None and exc.path.is_relative_to(folder), str(exc)


catalogue_file = st.sampled_from(sorted(CATALOGUE_FILES))


@fuzz_settings(examples=60)
@given(name=catalogue_file, data=st.data())
def test_mutated_catalogue_files(name: str, data: st.DataObject) -> None:
    ran("catalogue loader (mutated real files)")
    body = data.draw(mutated_yaml(CATALOGUE_FILES[name]))
    with tempfile.TemporaryDirectory() as tmp:
        check_catalogue(_write_catalogue(Path(tmp), SMALL_CATALOGUE, name, body))


@fuzz_settings(examples=40)
@given(name=catalogue_file, data=st.data())
def test_random_catalogue_files(name: str, data: st.DataObject) -> None:
    ran("catalogue loader (random YAML)")
    body = data.draw(random_yaml(_keys_for(name)))
    with tempfile.TemporaryDirectory() as tmp:
        check_catalogue(_write_catalogue(Path(tmp), SMALL_CATALOGUE, name, body))


# ---------------------------------------------------------------------------------------------
# Through the CLI: `oit targets validate FILE`, `oit rules validate DIR`


def cli_accepts_or_refuses(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    output = result.output
    assert result.exit_code in (0, 2), (result.exit_code, output, result.exception)
    assert "Traceback" not in output and "internal error" not in output, output
    if result.exit_code == 2:
        errors = [line for line in output.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1, output


@fuzz_settings(examples=30)
@given(name=st.sampled_from(sorted(TARGETS)), data=st.data())
def test_cli_targets_validate(name: str, data: st.DataObject) -> None:
    ran("CLI: oit targets validate")
    body = data.draw(st.one_of(mutated_yaml(TARGETS[name]), random_yaml(TARGET_KEYS)))
    with tempfile.TemporaryDirectory() as tmp:
        path = _target_files(Path(tmp), name, body, MEASURES.encode())
        cli_accepts_or_refuses(["targets", "validate", str(path)])


@fuzz_settings(examples=15)
@given(name=catalogue_file, data=st.data())
def test_cli_rules_validate(name: str, data: st.DataObject) -> None:
    ran("CLI: oit rules validate")
    body = data.draw(mutated_yaml(CATALOGUE_FILES[name]))
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write_catalogue(Path(tmp), SMALL_CATALOGUE, name, body)
        cli_accepts_or_refuses(["rules", "validate", str(folder)])


# ---------------------------------------------------------------------------------------------
# A handful of the worst files through a real `oit` process

_WORST = {
    "alias-bomb": "id: demo\nname: x\n" + ALIAS_BOMB,
    "recursive-alias": "id: demo\nname: &n [*n]\n",
    "deep-nesting": "id: demo\nname: " + "[" * 5000 + "]" * 5000 + "\n",
    "impossible-date": "id: demo\nname: x\nofficial_result: {year: 2024-02-30}\n",
    "huge-integer": "id: demo\nname: x\nassessment_year: " + "9" * 5000 + "\n",
    "not-utf8": "id: demo\nname: \xe0\xb8\n",
    "nul": "id: demo\nname: a\x00b\n",
}


def test_worst_files_through_the_oit_process(tmp_path: Path) -> None:
    """One real ``oit targets validate`` process reads them all: one error line per file."""
    paths = []
    for case, body in sorted(_WORST.items()):
        ran("CLI process: oit targets validate (worst files)")
        path = tmp_path / case / "demo.yaml"
        path.parent.mkdir()
        path.write_bytes(body.encode("latin-1" if case == "not-utf8" else "utf-8"))
        paths.append(path)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "checker", "targets", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert time.monotonic() - started < 60
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    lines = done.stderr.splitlines()
    assert [line.split(":", 2)[:2] for line in lines] == [["error", f" {p}"] for p in paths], lines


def test_real_files_load() -> None:
    """The mutators start from files that load (a broken baseline would hide every finding)."""
    for name, text in TARGETS.items():
        with tempfile.TemporaryDirectory() as tmp:
            path = _target_files(Path(tmp), name, text.encode(), MEASURES.encode())
            assert load_target(path).measures() is not None
    with tempfile.TemporaryDirectory() as tmp:
        folder = _write_catalogue(Path(tmp), SMALL_CATALOGUE, "catalogue.yaml", b"")
        (folder / "catalogue.yaml").write_text(CATALOGUE_FILES["catalogue.yaml"], "utf-8")
        assert len(load_catalogue(folder).items) == 7
        shutil.rmtree(folder)
