"""Safe YAML loading that remembers where every value came from.

Rule, profile and target files are edited by hand. When one is wrong, the user must be told the
file, the line and the field, in one line. PyYAML's composed node tree carries line marks; we walk
it once, build plain Python data with the safe constructor, and keep a map from each value's path
(keys and list indices) to its line. Pydantic errors are then translated through that map.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from checker.errors import ConfigError

PathKey = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class LocatedYaml:
    """Plain data loaded from a YAML file plus the line of every value in it."""

    def __init__(self, path: Path, data: Any, lines: dict[PathKey, int]) -> None:
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, loc: Iterable[str | int]) -> int | None:
        """The line of the deepest known value on the way to ``loc`` (1-based)."""
        key: PathKey = tuple(loc)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)

    def error(self, message: str, loc: Iterable[str | int] = ()) -> ConfigError:
        loc = tuple(loc)
        return ConfigError(
            message, path=self.path, line=self.line_of(loc), field=format_loc(loc) or None
        )

    def validate(self, model: type[M], *, context: dict[str, Any] | None = None) -> M:
        """Validate the data against ``model``; the first problem becomes a ConfigError."""
        try:
            return model.model_validate(self.data, context=context)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            loc = tuple(p for p in first["loc"] if isinstance(p, str | int))
            # pydantic puts the discriminator tag into the location of union members
            # ("checks.0.names.words"); drop tags that are not keys of the data.
            loc = _data_loc(self.data, loc)
            raise self.error(_describe(first), loc) from None


def format_loc(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _data_loc(data: Any, loc: PathKey) -> PathKey:
    """Pydantic's error location as a path into the data: discriminator tags (the ``kind`` of a
    check) and model names are dropped; a missing key is kept as the last element."""
    kept: list[str | int] = []
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and node.get("kind") == part and not last:
            continue  # the union member chosen by its ``kind`` tag
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            kept.append(part)
        elif isinstance(node, dict | list) and not last:
            continue  # a model name pydantic put in the path
        else:
            kept.append(part)
            node = None
    return tuple(kept)


def _describe(error: Any) -> str:
    msg = str(error["msg"])
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "extra_forbidden":
        return "unknown field (not part of the schema)"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg


def load_yaml(path: Path) -> LocatedYaml:
    """Load one YAML file safely; a syntax error or duplicate key becomes a ConfigError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text ({exc.reason})", path=path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read file ({exc.strerror})", path=path) from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> LocatedYaml:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and exc.problem_mark is not None:
            at_end = exc.problem_mark.index >= len(text.rstrip())
            if at_end:  # an unclosed bracket or quote: point where it was opened
                mark = exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ConfigError(f"invalid YAML: {problem}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=path) from None
    if node is None:
        raise ConfigError("file is empty", path=path, line=1)
    lines: dict[PathKey, int] = {}
    constructor = yaml.SafeLoader("")
    try:
        data = _build(node, (), lines, constructor, path)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise ConfigError(
            f"invalid YAML: {exc.problem}", path=path, line=mark.line + 1 if mark else None
        ) from None
    return LocatedYaml(path, data, lines)


def _build(
    node: yaml.Node,
    at: PathKey,
    lines: dict[PathKey, int],
    constructor: yaml.SafeLoader,
    path: Path,
) -> Any:
    lines[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ConfigError(
                    "YAML merge keys (<<) are not supported",
                    path=path,
                    line=key_node.start_mark.line + 1,
                )
            key = constructor.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                key = str(key)
            if key in out:
                raise ConfigError(
                    f"duplicate key {key!r}",
                    path=path,
                    line=key_node.start_mark.line + 1,
                    field=format_loc((*at, key)),
                )
            out[key] = _build(value_node, (*at, key), lines, constructor, path)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(child, (*at, index), lines, constructor, path)
            for index, child in enumerate(node.value)
        ]
    return constructor.construct_object(node, deep=True)
