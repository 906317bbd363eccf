from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from reportgen.loader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_STRING_CHARS,
    Mark,
    load_bytes,
    load_text,
    resolve_plain,
)

ROOT = Path(__file__).resolve().parent.parent


def codes(result: object) -> list[str]:
    return [d.code for d in result.diagnostics]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("plain", "value"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("on", "on"),
        ("off", "off"),
        ("1:20", "1:20"),
        ("2012-04-28", "2012-04-28"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("010", 10),
        ("0o17", 15),
        ("0x1F", 31),
        ("-3", -3),
        ("20.5", 20.5),
        ("1e3", 1000.0),
        ("乌海", "乌海"),
    ],
)
def test_yaml_12_core_scalars(plain: str, value: object) -> None:
    assert resolve_plain(plain) == value
    assert type(resolve_plain(plain)) is type(value)


def test_special_floats() -> None:
    assert resolve_plain(".inf") == math.inf
    assert math.isnan(resolve_plain(".nan"))


def test_quoted_scalars_stay_strings() -> None:
    r = load_text("a: \"20\"\nb: 'true'\nc: 20\n")
    assert r.data == {"a": "20", "b": "true", "c": 20}


def test_source_map_points_at_values_and_keys() -> None:
    r = load_text("top:\n  child: 5\n  items:\n    - x\n    - {name: y, count: 2}\n")
    sm = r.source_map
    assert sm.values[("top", "child")] == Mark(2, 10)
    assert sm.keys[("top", "child")] == Mark(2, 3)
    assert sm.values[("top", "items", 1, "count")] == Mark(5, 24)
    # A path the data lacks resolves to its nearest ancestor.
    assert sm.locate(("top", "items", 1, "missing")) == Mark(5, 7)


def test_duplicate_key_is_located_at_the_second() -> None:
    r = load_text("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert r.data is None
    (d,) = r.diagnostics
    assert (d.code, d.line, d.column) == ("RG004", 4, 3)
    assert "第3行" in d.message


@pytest.mark.parametrize(
    "text",
    ["a: !!python/object/apply:os.system ['true']\n", "a: !custom x\n", "a: !!map {b: 1}\n"],
)
def test_tags_are_refused(text: str) -> None:
    r = load_text(text)
    assert r.data is None
    assert codes(r) == ["RG006"]


def test_anchor_and_alias_refused() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    r = load_text(bomb)
    assert codes(r) == ["RG007"]
    assert r.diagnostics[0].line == 1


def test_tab_indentation() -> None:
    r = load_text("a:\n\tb: 1\n")
    assert codes(r) == ["RG005"]
    assert r.diagnostics[0].line == 2


def test_syntax_error_located_and_chinese() -> None:
    r = load_text("a: [1, 2\nb: 3\n")
    (d,) = r.diagnostics
    assert d.code == "RG003"
    assert "YAML语法错误" in d.message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "为空"),
        ("# only a comment\n", "为空"),
        ("- a\n- b\n", "列表"),
        ("just words\n", "单个值"),
    ],
)
def test_not_a_mapping(text: str, fragment: str) -> None:
    r = load_text(text)
    assert codes(r) == ["RG008"]
    assert fragment in r.diagnostics[0].message


def test_several_documents_refused() -> None:
    r = load_text("a: 1\n---\nb: 2\n")
    assert codes(r) == ["RG008"]
    assert r.diagnostics[0].line == 2


def test_utf8_bom_and_crlf_are_fine() -> None:
    r = load_bytes("\ufeffa: 乌海\r\nb: 2\r\n".encode())
    assert r.ok and r.data == {"a": "乌海", "b": 2}
    assert r.source_map.values[("b",)] == Mark(2, 4)


def test_gbk_file_refused_with_advice() -> None:
    r = load_bytes("agency: 乌海市经济和信息化委员会\n".encode("gbk"))
    (d,) = r.diagnostics
    assert d.code == "RG002"
    assert "GBK" in d.message and "UTF-8" in d.message
    assert (d.line, d.column) == (1, 9)


def test_utf16_refused() -> None:
    r = load_bytes("a: 1\n".encode("utf-16"))
    assert codes(r) == ["RG002"]


def test_control_character_refused() -> None:
    r = load_text('a: "x\\x01y"\n')
    assert codes(r) == ["RG010"]
    r = load_text("a: x\x01y\n")
    assert codes(r) == ["RG010"]


def test_lone_surrogate_and_noncharacter_escapes_refused() -> None:
    r = load_text('a: "\\ud800"\n')
    assert codes(r) == ["RG003"] and "转义" in r.diagnostics[0].message
    r = load_text('a: "\\uFFFE"\n')
    assert codes(r) == ["RG010"] and "U+FFFE" in r.diagnostics[0].message


def test_limits_named_in_messages() -> None:
    r = load_bytes(b"a: " + b"x" * (MAX_FILE_BYTES + 1))
    assert codes(r) == ["RG009"] and str(MAX_FILE_BYTES) in r.diagnostics[0].message
    r = load_text("a: " + "字" * (MAX_STRING_CHARS + 1) + "\n")
    assert codes(r) == ["RG009"] and str(MAX_STRING_CHARS) in r.diagnostics[0].message
    r = load_text("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert codes(r) == ["RG009"] and str(MAX_DEPTH) in r.diagnostics[0].message


@pytest.mark.parametrize("raw", ["9" * 5000, "0x" + "f" * 4000, "1" * 101, "1." + "0" * 200])
def test_absurdly_long_numbers_are_refused(raw: str) -> None:
    (d,) = load_text(f"a: {raw}\n").diagnostics
    assert (d.code, d.line, d.column) == ("RG009", 1, 4)
    assert "100位" in d.message


def test_long_but_possible_number_is_read() -> None:
    assert load_text("a: " + "9" * 100 + "\n").data == {"a": int("9" * 100)}


def test_positions_are_in_characters_after_chinese_text() -> None:
    """libyaml reports reader errors in bytes; diagnostics count characters."""
    r = load_text("reportgen: 1\nagency: 某局\x07\n")
    (d,) = r.diagnostics
    assert (d.code, d.line, d.column) == ("RG010", 2, 11)
    r = load_bytes(b"reportgen: 1\nagency: " + "某局".encode() + b"\xff\n")
    (d,) = r.diagnostics
    assert (d.code, d.line, d.column) == ("RG002", 2, 11)


def test_unclosed_quote_points_at_its_opening() -> None:
    r = load_text('agency: "某局\nyear: 2011\n')
    (d,) = r.diagnostics
    assert (d.code, d.line, d.column) == ("RG003", 1, 9) and "引号未闭合" in d.message


def test_tag_shown_as_written() -> None:
    (d,) = load_text("year: !!int 2011\n").diagnostics
    assert d.code == "RG006" and "“!!int”" in d.message


@pytest.mark.parametrize(
    ("raw", "value", "base"),
    [("010", 10, "十进制"), ("0o17", 15, "八进制"), ("0x1F", 31, "十六进制"), ("+5", 5, "十进制")],
)
def test_non_canonical_numbers_warn(raw: str, value: int, base: str) -> None:
    """YAML 1.1 read 010 as 8: the reading we take is stated, never silent."""
    r = load_text(f"a: [1, {raw}]\n")
    assert r.ok and r.data == {"a": [1, value]}
    (d,) = r.diagnostics
    assert (d.code, d.line, d.column, d.data_path) == ("RG411", 1, 8, ("a", 1))
    assert base in d.message and str(value) in d.message and not d.is_error


def _reference_marks(text: str) -> tuple[dict[Any, Mark], dict[Any, Mark]]:
    """Every value's and key's position as PyYAML's own composer reports it."""
    values: dict[Any, Mark] = {}
    keys: dict[Any, Mark] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        values[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                keys[(*path, k.value)] = Mark(k.start_mark.line + 1, k.start_mark.column + 1)
                walk(v, (*path, k.value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    walk(yaml.compose(text, Loader=yaml.SafeLoader), ())
    return values, keys


@pytest.mark.parametrize(
    "source",
    sorted((ROOT / "examples").glob("*.yaml"))
    + sorted((ROOT / "tests/cases/valid").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_source_map_agrees_with_pyyaml_composer(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    loaded = load_text(text)
    values, keys = _reference_marks(text)
    assert loaded.source_map.values == values
    assert loaded.source_map.keys == keys
