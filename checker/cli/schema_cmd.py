"""``oit schema``: the JSON Schema of the scan result (the contract CI tools rely on)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from checker.paths import PACKAGE_DIR
from checker.result import SCHEMA_VERSION, ScanResult

SCHEMA_PATH = PACKAGE_DIR / "schemas" / "result.schema.json"


def result_schema() -> dict[str, object]:
    schema = ScanResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://oit-checker.invalid/schemas/result-{SCHEMA_VERSION}.json"
    return schema


def schema_text() -> str:
    return json.dumps(result_schema(), ensure_ascii=False, indent=2) + "\n"


@click.command("schema")
@click.option("--write", is_flag=True, help=f"Rewrite {SCHEMA_PATH.name} in the package.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
def schema_command(write: bool, output: Path | None) -> None:
    """Print the JSON Schema of the result JSON that `oit scan --json` writes.

    Example: oit schema > result.schema.json
    """
    text = schema_text()
    if write:
        SCHEMA_PATH.write_text(text, encoding="utf-8")
    if output is not None:
        output.write_text(text, encoding="utf-8")
    if not write and output is None:
        click.echo(text, nl=False)


def register(group: click.Group) -> None:
    group.add_command(schema_command)
