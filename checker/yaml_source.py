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
        raise ConfigError(f"cannot read file ({exc.strerror or exc})", path=path) from None
    except ValueError:  # a NUL in the path (from a file name written inside another file)
        raise ConfigError(
            "cannot read file (the name contains a NUL character)", path=path
        ) from None
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
    except yaml.reader.ReaderError as exc:  # a control character (NUL, ESC…) in the text
        char = exc.character  # a code point (an int) when PyYAML reads a str
        what = f"#x{char:04x}" if isinstance(char, int) else repr(char)
        line = text.count("\n", 0, exc.position) + 1
        raise ConfigError(
            f"invalid YAML: unacceptable character {what} ({exc.reason})", path=path, line=line
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=path) from None
    except RecursionError:  # PyYAML's composer recurses once per level of nesting
        raise ConfigError(_TOO_DEEP, path=path) from None
    if node is None:
        raise ConfigError("file is empty", path=path, line=1)
    lines: dict[PathKey, int] = {}
    builder = _Builder(path, lines)
    try:
        data = builder.build(node, ())
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise ConfigError(
            f"invalid YAML: {exc.problem}", path=path, line=mark.line + 1 if mark else None
        ) from None
    except RecursionError:
        raise ConfigError(_TOO_DEEP, path=path) from None
    return LocatedYaml(path, data, lines)


#: More values than any rule, profile or target file needs (the largest has a few hundred):
#: the limit stops an alias bomb ("billion laughs") from expanding into billions of values.
MAX_VALUES = 100_000
_TOO_DEEP = "invalid YAML: nested too deeply"
_PLAIN_COLLECTION_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


class _Builder:
    """Builds plain data from a composed node tree, recording the line of every value.

    Aliases are expanded (a file may reuse an anchored block), but an alias inside the value
    it names (``&a [*a]``) is refused, and so is a file that expands to more than
    ``MAX_VALUES`` values.
    """

    def __init__(self, path: Path, lines: dict[PathKey, int]) -> None:
        self.path = path
        self.lines = lines
        self.constructor = yaml.SafeLoader("")
        self.count = 0
        self.open: set[int] = set()  # the collections being built, by id: a cycle check

    def error(self, message: str, node: yaml.Node, at: PathKey = ()) -> ConfigError:
        return ConfigError(
            message,
            path=self.path,
            line=node.start_mark.line + 1,
            field=format_loc(at) or None,
        )

    def build(self, node: yaml.Node, at: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.error(
                f"invalid YAML: more than {MAX_VALUES:,} values once aliases are expanded",
                node,
            )
        self.lines[at] = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return self.scalar(node)
        if node.tag not in _PLAIN_COLLECTION_TAGS:
            # The safe constructor refuses unknown tags on scalars; on lists and mappings this
            # walk would otherwise drop the tag silently and accept "!!python/object/apply:…".
            raise self.error(f"invalid YAML: the tag {node.tag!r} is not allowed", node, at)
        if id(node) in self.open:
            raise self.error("invalid YAML: an alias refers to a value that contains it", node, at)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*at, index)) for index, child in enumerate(node.value)]
            return self.mapping(node, at)
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, at: PathKey) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.error("YAML merge keys (<<) are not supported", key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error("invalid YAML: a key must be a single value", key_node, at)
            key = self.scalar(key_node)
            if not isinstance(key, str | int):
                key = str(key)
            if key in out:
                raise self.error(f"duplicate key {key!r}", key_node, (*at, key))
            out[key] = self.build(value_node, (*at, key))
        return out

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            raise
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError):
            # PyYAML's own converters fail on values such as 2024-02-30 (no such day), a
            # decimal of more than 4,300 digits (Python's limit) or "!!bool maybe".
            tag = str(node.tag).rsplit(":", 1)[-1]
            value = str(node.value)
            shown = value if len(value) <= 40 else f"{value[:20]}…({len(value):,} characters)"
            raise self.error(f"invalid YAML: {shown!r} is not a valid {tag}", node) from None
