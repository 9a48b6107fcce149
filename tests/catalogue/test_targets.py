"""Target files: the shipped ones load; broken ones name the file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.errors import ConfigError
from checker.paths import bundled
from checker.target import load_target


def test_demo_target_loads() -> None:
    loaded = load_target(bundled("targets/demo.yaml"))
    assert loaded.target.id == "demo" and loaded.target.crawl_settings().delay_seconds == 0
    assert loaded.target.official_result is not None
    assert sum(1 for v in loaded.target.official_result.items.values() if v == 0) == 14


def test_seed_agency_needs_its_website_address() -> None:
    loaded = load_target(bundled("targets/khwao-yai.yaml"))
    assert loaded.target.name == "องค์การบริหารส่วนตำบลเขวาใหญ่"
    assert loaded.target.official_result is not None
    assert loaded.target.official_result.indicators == {"9": 66.43, "10": 35.0}
    with pytest.raises(ConfigError) as caught:
        loaded.require_base_url()
    message = str(caught.value)
    assert "khwao-yai.yaml:" in message and "base_url" in message and "not set" in message


def test_validate_command_says_what_the_officer_must_fill_in() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "targets",
            "validate",
            str(bundled("targets/khwao-yai.yaml")),
            str(bundled("targets/demo.yaml")),
        ],
    )
    assert result.exit_code == 2
    assert "ok: " in result.output and "demo.yaml" in result.output
    assert "khwao-yai.yaml:" in result.output and "website address is not set" in result.output


@pytest.mark.parametrize(
    ("text", "field", "says"),
    [
        ("id: x\nname: n\nbase_url: ftp://x\n", "base_url", "http:// or https://"),
        (
            "id: x\nname: n\nbase_url: https://x.go.th/\nitem_urls: {P9: [a]}\n",
            "item_urls",
            "not an item id",
        ),
        (
            "id: x\nname: n\nbase_url: https://x.go.th/\ncrawl: {delay_seconds: -1}\n",
            "crawl.delay_seconds",
            "greater than or equal",
        ),
        (
            "id: x\nname: n\nbase_url: https://x.go.th/\ncrawl: {spider: 1}\n",
            "crawl.spider",
            "unknown field",
        ),
        ("id: x\nbase_url: https://x.go.th/\n", "name", "required field is missing"),
        ("id: y\nname: n\n", "id", "does not match the file name"),
    ],
)
def test_broken_target_files(tmp_path: Path, text: str, field: str, says: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_target(path)
    error = caught.value
    assert error.path == path and error.field == field and error.line is not None
    assert says in str(error)


def test_scan_of_a_broken_target_exits_2_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\nname: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["scan", str(path)])
    assert result.exit_code == 2
    assert "broken.yaml:2" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name", ['"a\\0b.yaml"', "x" * 300 + ".yaml"])
def test_unusable_measures_file_name(tmp_path: Path, name: str) -> None:
    # Found by fuzzing: a NUL in the name raised ValueError, a name too long for the file
    # system OSError, from Path.resolve()/exists() instead of a ConfigError on measures_file.
    path = tmp_path / "x.yaml"
    path.write_text(f"id: x\nname: n\nmeasures_file: {name}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_target(path).measures()
    error = caught.value
    assert error.path == path and error.line == 3 and error.field == "measures_file"
    assert "measures file not found" in str(error)


def test_validate_names_the_file_whose_year_has_no_catalogue(tmp_path: Path) -> None:
    # Found by fuzzing: "error: no rule catalogue for assessment year 2566" named no file.
    path = tmp_path / "x.yaml"
    path.write_text(
        "id: x\nname: n\nbase_url: https://x.go.th/\nassessment_year: 2566\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["targets", "validate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {path}:4: assessment_year: no rule catalogue")


def test_superscript_digit_is_not_an_item_id(tmp_path: Path) -> None:
    # "²".isdigit() is True but int("²") fails: the message was int()'s, and "O²" could pass.
    path = tmp_path / "x.yaml"
    path.write_text(
        "id: x\nname: n\nwaivers: [{item: O², reason: not-applicable, note: n, "
        "approved_by: me, expires: 2030-01-01}]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as caught:
        load_target(path)
    assert "'O²' is not an item id like O8" in str(caught.value)
