"""Broken rule files get one clear line naming the file, the line and the field (exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.catalogue.loader import load_catalogue, normalise_item_id
from checker.cli import cli
from checker.errors import ConfigError
from checker.paths import catalogue_dir

SHIPPED = catalogue_dir(2567)


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    target = tmp_path / "ita-2567"
    shutil.copytree(SHIPPED, target)
    return target


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(folder: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_catalogue(folder)
    return caught.value


def test_the_shipped_catalogue_is_valid() -> None:
    loaded = load_catalogue(SHIPPED)
    assert [i.id for i in loaded.items] == [f"O{n}" for n in range(1, 36)]
    assert {"default", "weighted-40-60"} <= set(loaded.profiles)
    assert loaded.profiles["weighted-40-60"].hypothesis is True


def test_unknown_check_kind_names_file_line_and_field(catalogue_copy: Path) -> None:
    path = catalogue_copy / "items" / "O8.yaml"
    _break(path, "{id: six_months, kind: first_half}", "{id: six_months, kind: half_year}")
    error = _error(catalogue_copy)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "half_year" in text)
    assert error.path == path and error.line == line
    assert error.field == "parts[1].checks[1]"
    assert "half_year" in str(error) and "first_half" in str(error)  # says what is allowed
    assert str(error).startswith(f"{path}:{line}: ")
    assert "\n" not in str(error)


def test_missing_field(catalogue_copy: Path) -> None:
    path = catalogue_copy / "items" / "O3.yaml"
    _break(path, "needs: คำอธิบาย", "needs_: คำอธิบาย")
    error = _error(catalogue_copy)
    assert error.path == path
    assert error.field in ("needs", "needs_")
    assert "required field is missing" in str(error) or "unknown field" in str(error)


def test_duplicate_item_id(catalogue_copy: Path) -> None:
    shutil.copy(catalogue_copy / "items" / "O3.yaml", catalogue_copy / "items" / "O36.yaml")
    error = _error(catalogue_copy)
    assert error.path == catalogue_copy / "items" / "O36.yaml"
    assert error.field == "id" and error.line == 1
    assert "does not match the file name" in str(error)


def test_duplicate_check_id(catalogue_copy: Path) -> None:
    path = catalogue_copy / "items" / "O9.yaml"
    _break(path, "{id: last_year, kind: period", "{id: named, kind: period")
    error = _error(catalogue_copy)
    assert error.path == path and "duplicate check id 'named'" in str(error)
    assert error.field == "parts[0].checks"


def test_bad_yaml_syntax(catalogue_copy: Path) -> None:
    path = catalogue_copy / "items" / "O1.yaml"
    _break(path, "title: โครงสร้าง", "title: [โครงสร้าง")
    error = _error(catalogue_copy)
    assert error.path == path and error.line is not None and "invalid YAML" in str(error)


def test_duplicate_yaml_key(catalogue_copy: Path) -> None:
    path = catalogue_copy / "items" / "O1.yaml"
    _break(path, 'subindicator: "9.1"', 'subindicator: "9.1"\nsubindicator: "9.2"')
    error = _error(catalogue_copy)
    assert error.path == path and error.line == 4 and "duplicate key 'subindicator'" in str(error)


def test_invalid_regular_expression(catalogue_copy: Path) -> None:
    path = catalogue_copy / "items" / "O4.yaml"
    _break(path, "pattern: '(?<![0-9])[1-9][0-9]{4}(?![0-9])'", "pattern: '([1-9'")
    error = _error(catalogue_copy)
    assert error.path == path and "invalid regular expression" in str(error)
    assert error.field == "parts[0].checks[2].pattern"


def test_unknown_message_placeholder(catalogue_copy: Path) -> None:
    path = catalogue_copy / "items" / "O2.yaml"
    _break(path, "fail: ไม่พบรูปถ่ายผู้บริหาร", "fail: ไม่พบรูปถ่ายของ {who}")
    error = _error(catalogue_copy)
    assert "unknown placeholder {who}" in str(error)


def test_uncertain_item_without_a_note(catalogue_copy: Path) -> None:
    path = catalogue_copy / "items" / "O31.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("uncertainty:")),
        encoding="utf-8",
    )
    error = _error(catalogue_copy)
    assert "needs an 'uncertainty' note" in str(error)


def test_profile_missing_a_subindicator(catalogue_copy: Path) -> None:
    path = catalogue_copy / "profiles" / "default.yaml"
    _break(path, '      - {id: "9.5", title: การส่งเสริมความโปร่งใส}\n', "")
    error = _error(catalogue_copy)
    assert error.path == path and "9.5" in str(error)


def test_cli_validate_exits_2_with_one_line(catalogue_copy: Path) -> None:
    _break(catalogue_copy / "items" / "O8.yaml", "kind: first_half", "kind: half_year")
    result = CliRunner().invoke(cli, ["rules", "validate", str(catalogue_copy)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "O8.yaml:" in lines[0]
    assert "Traceback" not in result.output


def test_cli_validate_ok() -> None:
    result = CliRunner().invoke(cli, ["rules", "validate"])
    assert result.exit_code == 0, result.output
    assert "35 items" in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("o8", "O8"),
        ("O08", "O8"),
        ("OIT 8", "O8"),
        ("O.๘", "O8"),
        ("O²", "O²"),
        ("O" + "1" * 5000, "O" + "1" * 5000),
    ],
)
def test_normalise_item_id(text: str, expected: str) -> None:
    assert normalise_item_id(text) == expected


def test_rules_show_with_a_superscript_digit_is_a_usage_error() -> None:
    # int("²") raised ValueError: `oit rules show O²` ended in an internal error (exit 70).
    result = CliRunner().invoke(cli, ["rules", "show", "O²"])
    assert result.exit_code == 2 and "'O²' is not an item" in result.output
