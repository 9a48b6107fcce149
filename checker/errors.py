"""Errors the CLI turns into one clear line and an exit code (see DESIGN.md, "Exit codes")."""

from __future__ import annotations

from pathlib import Path


def one_line(text: str) -> str:
    """``text`` with its line breaks (``\\n``, ``\\r``, U+2028…) turned into single spaces."""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


class OitError(Exception):
    """Base class for errors that end a command with a message instead of a traceback."""

    exit_code = 1


class ConfigError(OitError):
    """A rule, profile or target file is unusable: names the file, line and field. Exit 2."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        # One line, whatever a library's message or a key read from the file contains.
        self.message = one_line(message)
        self.path = Path(path) if path is not None else None
        self.line = line
        self.field = one_line(field) if field is not None else None
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class UsageError(OitError):
    """The command line asks for something impossible. Exit 2."""

    exit_code = 2


class RunIncomplete(OitError):
    """The scan could not reach the target at all. Exit 3."""

    exit_code = 3
