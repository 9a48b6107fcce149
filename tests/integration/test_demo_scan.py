"""The bundled demo site, served over real HTTP on 127.0.0.1, reproduces the seed's official table."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker.catalogue.loader import load_catalogue_for_year
from checker.cli import cli
from checker.cli.demo_cmd import DEMO_AS_OF, demo_target
from checker.cli.schema_cmd import SCHEMA_PATH
from checker.demo.server import serve_site
from checker.paths import demo_site_dir
from checker.result import ScanResult
from checker.scan import scan_target
from tests.support.oracle import CheckedEngine
from tests.support.seed import SEED_ZEROS

pytestmark = pytest.mark.integration

LOADED = load_catalogue_for_year(2567)


@pytest.fixture(scope="module")
def demo() -> tuple[ScanResult, dict[str, int]]:
    with serve_site(demo_site_dir()) as server:
        result = scan_target(
            demo_target(server.url), LOADED, as_of=DEMO_AS_OF, engine=CheckedEngine(LOADED)
        ).result
        served = dict(server.stats.requests)
    return result, served


def test_exactly_the_seed_zeros(demo: tuple[ScanResult, dict[str, int]]) -> None:
    result, _ = demo
    assert result.complete
    assert set(result.zeros) == SEED_ZEROS
    passing = {i.id for i in result.items if i.outcome == "pass"}
    assert len(passing) == 21 and not passing & SEED_ZEROS
    assert all(i.outcome in ("pass", "fail") for i in result.items)


def test_indicators_and_the_honest_comparison(demo: tuple[ScanResult, dict[str, int]]) -> None:
    result, _ = demo
    assert result.scores.indicators["9"].low == result.scores.indicators["9"].high == 66.43
    assert result.scores.indicators["10"].low == 37.5
    assert result.comparison is not None
    ten = result.comparison.indicators["10"]
    assert ten.official == 35.0 and ten.difference == -2.5
    assert ten.note_en and "35.00" in ten.note_en and "40 : 60" in ten.note_en
    assert result.comparison.indicators["9"].note_en is None  # nothing to explain there
    assert result.comparison.alternative_profiles["weighted-40-60"].indicators["10"].low == 35.0
    assert result.comparison.items_differing == []


def test_every_zero_has_its_own_reason(demo: tuple[ScanResult, dict[str, int]]) -> None:
    result, _ = demo
    reasons = {i.id: i.reason for i in result.items if i.outcome == "fail"}
    assert len(set(reasons.values())) == len(reasons), reasons


def test_a_page_found_by_the_crawl_is_a_hint_not_a_pass(
    demo: tuple[ScanResult, dict[str, int]],
) -> None:
    result, _ = demo
    o12 = result.item("O12")
    assert o12.outcome == "fail" and o12.route == "index"
    assert o12.hints and "statistics" in o12.hints[0].url
    assert "ITA" in o12.hints[0].message


def test_routes(demo: tuple[ScanResult, dict[str, int]]) -> None:
    result, _ = demo
    assert result.item("O4").route == "target"  # demo.yaml submits contact.html for O4
    assert result.item("O35").route == "crawl"  # no row on the ITA page
    assert sum(1 for i in result.items if i.route == "index") == 33
    assert result.crawl.index_year_section == 2567


def test_evidence_records_how_it_was_found(demo: tuple[ScanResult, dict[str, int]]) -> None:
    result, _ = demo
    o16 = result.item("O16")
    assert any(e.state == "gone" and e.http_status == 404 for e in o16.evidence)
    o20 = result.item("O20")
    assert o20.outcome == "pass"
    assert any(e.url.endswith(".pdf") and e.source == "index" for e in o20.evidence)
    o3 = result.item("O3")  # the legacy windows-874 page
    assert o3.outcome == "pass" and "อำนาจหน้าที่" in (o3.evidence[0].title or "")


def test_the_scan_is_polite(demo: tuple[ScanResult, dict[str, int]]) -> None:
    result, served = demo
    assert served.get("/robots.txt") == 1
    assert not any(path.startswith("/admin") for path in served)  # disallowed by robots.txt
    assert all(count == 1 for path, count in served.items()), served  # each URL once
    assert result.crawl.requests == sum(served.values())


def test_result_json_follows_the_published_schema(demo: tuple[ScanResult, dict[str, int]]) -> None:
    result, _ = demo
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(result.model_dump_json()), schema)


def test_committed_schema_matches_the_models() -> None:
    from checker.cli.schema_cmd import schema_text

    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), "run `oit schema --write`"


def test_oit_demo_and_explain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    demo_run = runner.invoke(cli, ["demo"])
    assert demo_run.exit_code == 0, demo_run.output
    assert "Zeros (14)" in demo_run.output
    assert "37.50" in demo_run.output and "35.00" in demo_run.output
    data = json.loads((tmp_path / "reports" / "demo" / "result.json").read_text(encoding="utf-8"))
    assert sorted(data["zeros"]) == sorted(SEED_ZEROS)

    explain = runner.invoke(cli, ["explain", "o8"])
    assert explain.exit_code == 0, explain.output
    assert "O8 " in explain.output and "[index]" in explain.output
    assert "progress.named" in explain.output and "fail" in explain.output
    unknown = runner.invoke(cli, ["explain", "O99"])
    assert unknown.exit_code == 2 and "O99" in unknown.output


def test_scan_by_url_without_a_target_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    with serve_site(demo_site_dir()) as server:
        run = CliRunner().invoke(
            cli,
            [
                "scan",
                "--url",
                server.url,
                "--year",
                "2567",
                "--as-of",
                "2024-04-30",
                "--delay",
                "0",
                "--json",
                str(out),
            ],
        )
    assert run.exit_code == 0, run.output
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    # without the target file, O4 is read from the ITA page instead of the submitted URL
    assert data["items"][3]["route"] == "index"
    assert data["comparison"] is None


def test_an_unreachable_site_is_unknown_and_exit_3(tmp_path: Path) -> None:
    with serve_site(demo_site_dir()) as server:
        url = server.url
    run = CliRunner().invoke(
        cli, ["scan", "--url", url, "--as-of", "2024-04-30", "--json", str(tmp_path / "r.json")]
    )
    assert run.exit_code == 3, run.output
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert {i["outcome"] for i in data["items"]} == {"unknown"}
    assert data["zeros"] == [] and data["complete"] is False
