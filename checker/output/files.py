"""Writing outputs safely and reading a result file back."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from checker.errors import ConfigError
from checker.result import ScanResult


def write_text_atomically(path: Path, text: str) -> None:
    """Write UTF-8 text via a temporary file and rename, so a reader never sees half a file."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is for the team to read
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_result(path: Path) -> ScanResult:
    try:
        return ScanResult.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("no such result file", path=path) from None
    except ValueError as exc:
        raise ConfigError(
            f"not a scan result of this version ({str(exc).splitlines()[0]})", path=path
        ) from None
