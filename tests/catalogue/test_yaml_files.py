"""Bad YAML in a rule, profile or target file: one ConfigError line, never another exception.

Regressions found by fuzzing (tests/fuzz/test_fuzz_yaml_loaders.py): PyYAML's own converters,
its recursive composer and alias expansion used to escape as ValueError, RecursionError or a
hang instead of the documented ConfigError (exit 2).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from checker.errors import ConfigError
from checker.yaml_source import MAX_VALUES, load_yaml

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def _refused(tmp_path: Path, text: str) -> ConfigError:
    path = tmp_path / "demo.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_yaml(path)
    message = str(caught.value)
    assert message.startswith(f"{path}") and "\n" not in message
    return caught.value


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        # datetime.date(2024, 2, 30) raised ValueError
        ("id: demo\nexpires: 2024-02-30\n", 2, "'2024-02-30' is not a valid timestamp"),
        ("id: demo\nat: 2024-13-01 10:00:00\n", 2, "is not a valid timestamp"),
        # int() of more than 4,300 digits raised ValueError
        ("year: " + "9" * 5000 + "\n", 1, "(5,000 characters)' is not a valid int"),
        # bool_values["maybe"] raised KeyError; a non-timestamp raised AttributeError
        ("enabled: !!bool maybe\n", 1, "'maybe' is not a valid bool"),
        ("expires: !!timestamp soon\n", 1, "'soon' is not a valid timestamp"),
    ],
)
def test_values_pyyaml_cannot_convert(tmp_path: Path, text: str, line: int, says: str) -> None:
    error = _refused(tmp_path, text)
    assert error.line == line and says in str(error)


@pytest.mark.parametrize("text", ["name: &n [*n]\n", "&top {name: *top}\n"])
def test_an_alias_inside_its_own_value(tmp_path: Path, text: str) -> None:
    # _build followed the alias for ever: RecursionError
    assert "an alias refers to a value that contains it" in str(_refused(tmp_path, text))


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    started = time.monotonic()
    error = _refused(tmp_path, "id: demo\n" + BILLION_LAUGHS)  # 387 million values expanded
    assert time.monotonic() - started < 10
    assert f"more than {MAX_VALUES:,} values" in str(error)


def test_aliases_within_the_limit_still_work(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text("a: &words [x, y]\nb: *words\nc: *words\n", encoding="utf-8")
    assert load_yaml(path).data == {"a": ["x", "y"], "b": ["x", "y"], "c": ["x", "y"]}


def test_deep_nesting(tmp_path: Path) -> None:
    # PyYAML's composer recursed once per level: RecursionError
    error = _refused(tmp_path, "name: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in str(error)


def test_control_character_is_one_line_with_its_line(tmp_path: Path) -> None:
    # ReaderError's text ran over two lines ("…\n  in "<unicode string>", position 9")
    error = _refused(tmp_path, "id: demo\nname: a\x00b\n")
    assert error.line == 2 and "unacceptable character #x0000" in str(error)


def test_a_list_or_mapping_as_a_key(tmp_path: Path) -> None:
    # str() of the key was built instead; with an alias bomb behind it, that never ended
    error = _refused(tmp_path, "? [a, b]\n: 1\n")
    assert error.line == 1 and "a key must be a single value" in str(error)


def test_a_key_with_a_line_break_stays_on_one_line(tmp_path: Path) -> None:
    error = _refused(tmp_path, 'id: demo\n"a\\nb": 1\n"a\\nb": 2\n')
    assert "duplicate key" in str(error) and error.field == "a b"
