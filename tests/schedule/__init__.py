"""Helpers for the scheduler tests: target files pointing at the demo site served on 127.0.0.1."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import yaml

from checker.paths import bundled


def write_target(folder: Path, target_id: str, base_url: str, **changes: Any) -> Path:
    """A copy of the shipped demo target with its own id and address, crawled without delay."""
    folder.mkdir(parents=True, exist_ok=True)
    data = yaml.safe_load(bundled("targets/demo.yaml").read_text(encoding="utf-8"))
    data.update(id=target_id, base_url=base_url, crawl={"delay_seconds": 0})
    data.update(changes)
    path = folder / f"{target_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
