"""Hostile inputs: the two examples damaged in every way we could think of.

Each damage is one test id. For each we check the exit status, that every report line is a
located Chinese message (`path:line:col: RGnnn …`, line and column ≥ 1, the line inside the
file), that no traceback appears anywhere, and — for refused renders — that a pre-existing
output file is byte-identical afterwards and no temporary file is left in its folder.

The bulk runs in-process through typer's CliRunner on `reportgen.cli.app` (an exception that
escapes the command fails the test with its traceback); a representative subset runs
through the installed console script. Known bugs are strict xfails whose reason starts with
"BUG:"; each names the exact input that shows it.
"""

from __future__ import annotations

import errno
import io
import os
import re
import subprocess
import sys
import time
import traceback
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from pydantic import BaseModel
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.codes import CODES, Severity
from reportgen.models import DOCUMENT_MODELS
from reportgen.render import choose_profile, docx_bytes
from reportgen.reporters import text_report
from reportgen.validate import validate_text

from conftest import EXAMPLE, ROOT

LEGACY = EXAMPLE
NATIONAL = ROOT / "examples" / "national_2021_sample.yaml"
ZERO = ROOT / "tests" / "cases" / "valid" / "national_2021_zero.yaml"
SOURCES = {"legacy": LEGACY, "national": NATIONAL}
TEXTS = {name: p.read_text(encoding="utf-8") for name, p in SOURCES.items()}
SCRIPT = Path(sys.executable).parent / "reportgen"
RUNNER = CliRunner()

_LOC = re.compile(r"^:(\d+):(\d+): (RG\d{3}) (.+)$")
_SUMMARY = re.compile(r"^\d+ 个文件，\d+ 个错误，\d+ 个警告$")
_CJK = re.compile("[\u4e00-\u9fff]")


# ── running the command and reading its report ─────────────────────────────────


@dataclass(frozen=True)
class Diag:
    line: int
    col: int
    code: str
    msg: str

    @property
    def is_error(self) -> bool:
        return CODES[self.code].severity is Severity.ERROR


@dataclass
class Outcome:
    exit_code: int
    diags: list[Diag]
    stdout: str
    stderr: str

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.diags]

    @property
    def errors(self) -> list[Diag]:
        return [d for d in self.diags if d.is_error]


def invoke(*args: str) -> tuple[int, str, str]:
    """Run the app in-process; fail with the traceback if an exception escapes it."""
    r = RUNNER.invoke(app, list(args))
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        assert r.exc_info is not None
        tb = "".join(traceback.format_exception(*r.exc_info))
        pytest.fail(f"an exception escaped `reportgen {' '.join(args)[:200]}`:\n{tb[-3000:]}")
    out, err = r.stdout, r.stderr
    assert "Traceback" not in out and "Traceback" not in err, (out + err)[-3000:]
    return r.exit_code, out, err


def parse_report(out: str, shown: str, max_line: int | None = None) -> list[Diag]:
    """Every line but the summary must be `shown:line:col: RGnnn 中文说明`."""
    lines = out.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert lines, "no report at all"
    assert _SUMMARY.match(lines[-1]), f"the last line is not the summary: {lines[-1]!r}"
    diags = []
    for raw in lines[:-1]:
        assert raw.startswith(shown + ":"), f"a report line without location: {raw!r}"
        m = _LOC.match(raw[len(shown) :])
        assert m, f"not `path:line:col: RGnnn message`: {raw!r}"
        d = Diag(int(m[1]), int(m[2]), m[3], m[4])
        assert d.line >= 1 and d.col >= 1, raw
        if max_line is not None:
            assert d.line <= max_line, f"line {d.line} is past the end of the file: {raw!r}"
        assert d.code in CODES, raw
        assert _CJK.search(d.msg), f"the message is not Chinese: {raw!r}"
        diags.append(d)
    return diags


def line_count(raw: bytes) -> int:
    return raw.count(b"\n") + raw.count(b"\r") - raw.count(b"\r\n") + 1


def validate_cli(path: Path, *extra: str) -> Outcome:
    code, out, err = invoke("validate", *extra, str(path))
    diags = parse_report(out, str(path), line_count(path.read_bytes()) + 1)
    want = 1 if any(d.is_error for d in diags) else 0
    assert code == want, f"exit {code}, expected {want}:\n{out}{err}"
    return Outcome(code, diags, out, err)


def check_bytes(tmp_path: Path, raw: bytes, name: str = "case.yaml") -> Outcome:
    p = tmp_path / name
    p.write_bytes(raw)
    return validate_cli(p)


def check_text(tmp_path: Path, text: str) -> Outcome:
    return check_bytes(tmp_path, text.encode("utf-8", errors="surrogatepass"))


SHOWN = "case.yaml"


def check(text: str) -> Outcome:
    """The library path the CLI takes (validate, then the text reporter), without a process
    or a file: ~4 ms a case instead of ~16 ms through CliRunner, for the bulk families."""
    try:
        result = validate_text(text, SHOWN)
        lines = text_report([result])
    except Exception:
        pytest.fail(f"an exception escaped the library:\n{traceback.format_exc()[-3000:]}")
    out = "\n".join(lines) + "\n"
    diags = parse_report(out, SHOWN, line_count(text.encode("utf-8", "surrogatepass")) + 1)
    assert result.ok == (not any(d.is_error for d in diags))
    return Outcome(0 if result.ok else 1, diags, out, "")


def assert_usage_failure(code: int, out: str, err: str) -> None:
    """Exit 2 with one Chinese line on stderr, nothing half-done on stdout."""
    assert code == 2, f"exit {code}:\n{out}{err}"
    assert err.startswith("reportgen："), err
    assert _CJK.search(err.removeprefix("reportgen：")), err


def listing(folder: Path) -> dict[str, bytes | None]:
    return {p.name: (p.read_bytes() if p.is_file() else None) for p in folder.iterdir()}


def edit(text: str, old: str, new: str) -> str:
    """Replace `old`, which must occur exactly once (examples repeat phrases in comments)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def mark_of(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of the first `needle` (plus `offset` characters)."""
    i = text.index(needle) + offset
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


# ── locating nodes of the examples (PyYAML's own composer, independent of ours) ──

DataPath = tuple[str | int, ...]
COMPOSED = {name: yaml.compose(text, Loader=yaml.SafeLoader) for name, text in TEXTS.items()}


def walk(node: yaml.Node, path: DataPath = ()) -> Iterator[tuple[DataPath, yaml.Node, Any]]:
    """(path, value node, key node or None) for every node, depth first."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            yield (*path, k.value), v, k
            yield from walk(v, (*path, k.value))
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            yield (*path, i), v, None
            yield from walk(v, (*path, i))


def find(example: str, path: DataPath) -> tuple[yaml.Node, Any]:
    for p, node, key in walk(COMPOSED[example]):
        if p == path:
            return node, key
    raise KeyError(path)


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def replace_node(example: str, path: DataPath, token: str) -> tuple[str, int, int | None]:
    """The example with the node at `path` replaced by `token`: (text, token line, key line)."""
    text = TEXTS[example]
    node, key = find(example, path)
    s, e = node.start_mark.index, node.end_mark.index
    old = text[s:e]
    # A block collection runs up to the next token: keep the line break and indentation.
    tail = old[old.rfind("\n") :] if "\n" in old else ""
    new = text[:s] + token + tail + text[e:]
    return new, node.start_mark.line + 1, (key.start_mark.line + 1 if key is not None else None)


def delete_key(example: str, path: DataPath) -> str:
    """The example without the entry `path[-1]:` of its mapping (whole lines in block style)."""
    text = TEXTS[example]
    node, key = find(example, path)
    parent = COMPOSED[example] if len(path) == 1 else find(example, path[:-1])[0]
    s, e = key.start_mark.index, node.end_mark.index
    ls = _line_start(text, s)
    # The first key of a block mapping that is a list item ("- key: …").
    after_dash = not parent.flow_style and text[ls:s].strip().startswith("-")
    if text[ls:s].strip() == "":
        s = ls
    if after_dash:
        # Keep "- "; what is left of the item's mapping starts on the next line (or, if
        # nothing is left, the item is an empty mapping rather than null).
        le = _line_start(text, e)
        eol = text.find("\n", e)
        e = le - 1 if e > s and text[le:e].strip() == "" else (len(text) if eol < 0 else eol)
        return text[:s] + ("{}" if len(parent.value) == 1 else "") + text[e:]
    le = _line_start(text, e)
    if e > s and text[le:e].strip() == "":
        e = le  # a block collection ends at the next token: stop at that line's start
    else:
        eol = text.find("\n", e)
        eol = len(text) if eol < 0 else eol
        if text[e:eol].strip().startswith("#") or not text[e:eol].strip():
            e = min(eol + 1, len(text))
        elif text[e : e + 2] == ", ":
            e += 2
    return text[:s] + text[e:]


def insert_extra_key(example: str, path: DataPath) -> tuple[str, int, int]:
    """The example with `zz_extra: 1` as first entry of the mapping at `path`."""
    text = TEXTS[example]
    node = COMPOSED[example] if not path else find(example, path)[0]
    s = node.start_mark.index
    if node.flow_style:
        s += 1
        new = text[:s] + "zz_extra: 1, " + text[s:]
    else:
        col = node.start_mark.column
        new = text[:s] + "zz_extra: 1\n" + " " * col + text[s:]
    line, col1 = text.count("\n", 0, s) + 1, s - _line_start(text, s) + 1
    return new, line, col1


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(tp) for t in _unwrap(a)]
    return [tp]


def is_required(model: type[BaseModel], path: DataPath) -> bool:
    """Whether the model requires the key at `path` (walking lists, unions, submodels)."""
    candidates: list[Any] = [model]
    required = False
    for part in path:
        nxt: list[Any] = []
        for cand in candidates:
            for tp in _unwrap(cand):
                if isinstance(part, int) and typing.get_origin(tp) is list:
                    nxt += _unwrap(typing.get_args(tp)[0])
                elif isinstance(part, str) and isinstance(tp, type) and issubclass(tp, BaseModel):
                    f = tp.model_fields.get(part)
                    if f is not None:
                        required = f.is_required()
                        nxt += _unwrap(f.annotation)
        candidates = nxt
    return required


MODELS = {"legacy": DOCUMENT_MODELS["legacy-2008"], "national": DOCUMENT_MODELS["national-2021"]}


# ── 1. wrong types in every field kind ─────────────────────────────────────────

TOKENS = {
    "str_digits": '"20"',
    "str_empty": '""',
    "float": "20.5",
    "exp_float": "1e3",
    "bool": "true",
    "huge_1e30": str(10**30),
    "digits_5000": "9" * 5000,
    "negative": "-1",
    "null": "~",
    "zero": "0",
    "list_empty": "[]",
    "map_empty": "{}",
    "inf": ".inf",
    "nan": ".nan",
    "slash": "/",
    "date_bad": "2011-02-29",
}
_STRINGS = {"str_digits", "digits_5000", "slash", "date_bad"}
# The tokens each kind of field accepts; every other token must give an error located there.
KINDS: dict[str, set[str]] = {
    "version": set(),
    "format": set(),
    "text": _STRINGS,
    "text_opt": _STRINGS | {"null"},
    "intro": _STRINGS | {"str_empty"},
    "year": set(),
    "date": set(),
    "count": {"zero"},
    "cell": {"zero", "slash"},
    "amount": {"zero", "float", "exp_float", "slash"},
    "unit": {"str_digits", "slash"},
    "enum": set(),
    "list_req": set(),
    "list_opt": {"list_empty"},
    "row": set(),
    "map_req": set(),
    "map_opt": {"null"},
}
FIG: DataPath = ("report", "parts", 1, "paragraphs", 0)
ITEM: DataPath = (*FIG, "figures", "breakdowns", 0, "items", 0)
FIELDS: list[tuple[str, DataPath, str]] = [
    ("legacy", ("reportgen",), "version"),
    ("legacy", ("format",), "format"),
    ("legacy", ("agency",), "text"),
    ("legacy", ("year",), "year"),
    ("legacy", ("memo",), "map_opt"),
    ("legacy", ("memo", "addressee"), "text"),
    ("legacy", ("memo", "body"), "list_req"),
    ("legacy", ("memo", "body", 0), "text"),
    ("legacy", ("memo", "date"), "date"),
    ("legacy", ("memo", "subject_words"), "list_opt"),
    ("legacy", ("memo", "subject_words", 0), "text"),
    ("legacy", ("issuance",), "map_opt"),
    ("legacy", ("issuance", "date"), "date"),
    ("legacy", ("report",), "map_req"),
    ("legacy", ("report", "title"), "list_req"),
    ("legacy", ("report", "title", 1), "text"),
    ("legacy", ("report", "preamble"), "list_opt"),
    ("legacy", ("report", "preamble", 0), "text"),
    ("legacy", ("report", "parts"), "list_req"),
    ("legacy", ("report", "parts", 0), "map_req"),
    ("legacy", ("report", "parts", 0, "heading"), "text"),
    ("legacy", ("report", "parts", 0, "kind"), "enum"),
    ("legacy", ("report", "parts", 0, "sections"), "list_opt"),
    ("legacy", ("report", "parts", 0, "sections", 0, "paragraphs"), "list_req"),
    ("legacy", ("report", "parts", 0, "sections", 0, "paragraphs", 1), "text"),
    ("legacy", FIG, "text"),  # a figures paragraph replaced by plain text is still a paragraph
    ("legacy", (*FIG, "figures"), "map_req"),
    ("legacy", (*FIG, "figures", "lead"), "text"),
    ("legacy", (*FIG, "figures", "total"), "count"),
    ("legacy", (*FIG, "figures", "unit"), "unit"),
    ("legacy", (*FIG, "figures", "breakdowns"), "list_opt"),
    ("legacy", (*FIG, "figures", "breakdowns", 0, "intro"), "intro"),
    ("legacy", (*FIG, "figures", "breakdowns", 0, "items"), "list_req"),
    ("legacy", ITEM, "map_req"),
    ("legacy", (*ITEM, "name"), "text"),
    ("legacy", (*ITEM, "count"), "count"),
    ("legacy", (*FIG, "text"), "text_opt"),
    ("national", ("format",), "format"),
    ("national", ("agency",), "text"),
    ("national", ("agency_kind",), "enum"),
    ("national", ("year",), "year"),
    ("national", ("statistics_period",), "map_req"),
    ("national", ("statistics_period", "start"), "date"),
    ("national", ("title", 0), "text"),
    ("national", ("preamble",), "list_opt"),
    ("national", ("overview",), "map_req"),
    ("national", ("overview", "intro"), "list_opt"),
    ("national", ("overview", "proactive"), "list_req"),
    ("national", ("overview", "on_request", 0), "text"),
    ("national", ("table2", "rules", "issued"), "cell"),
    ("national", ("table2", "licensing"), "cell"),
    ("national", ("table2", "fees"), "amount"),
    ("national", ("table3", "new_received"), "row"),
    ("national", ("table3", "new_received", 0), "count"),
    ("national", ("table3", "results", "total", 6), "count"),
    ("national", ("table3", "results", "withheld"), "map_req"),
    ("national", ("table4", "review"), "row"),
    ("national", ("table4", "review", 4), "count"),
    ("national", ("problems",), "list_req"),
    ("national", ("other_matters", 0), "text"),
    ("national", ("memo",), "map_opt"),
    ("national", ("memo", "body", 0), "text"),
    ("national", ("issuance", "issuer"), "text"),
]


def _dotted(path: DataPath) -> str:
    return ".".join(str(p) for p in path) or "<root>"


@pytest.mark.parametrize(
    ("example", "path", "kind", "token"),
    [
        pytest.param(ex, path, kind, tok, id=f"{ex}-{_dotted(path)}-{tok}")
        for ex, path, kind in FIELDS
        for tok in TOKENS
    ],
)
def test_wrong_type(example: str, path: DataPath, kind: str, token: str) -> None:
    text, line, key_line = replace_node(example, path, TOKENS[token])
    got = check(text)
    here = {line, key_line}
    if token in KINDS[kind]:
        schema = [d for d in got.diags if d.code.startswith("RG1") and d.line in here]
        assert not schema, f"{TOKENS[token][:20]} is acceptable here, yet: {schema}"
    else:
        assert got.exit_code == 1
        located = [d for d in got.errors if d.line in here]
        assert located, f"no error at line {line} for {TOKENS[token][:20]!r}: {got.diags}"


HEX_HUGE = "0x" + "f" * 4000  # 16000 bits: an int CPython will not turn into a decimal string


@pytest.mark.parametrize(
    ("example", "path"),
    [
        pytest.param("legacy", (*ITEM, "count"), id="legacy-count"),
        pytest.param("legacy", ("agency",), id="legacy-agency"),
        pytest.param("national", ("table2", "fees"), id="national-fees"),
    ],
)
def test_hexadecimal_giant_is_refused_with_a_message(example: str, path: DataPath) -> None:
    text, line, _ = replace_node(example, path, HEX_HUGE)
    got = check(text)
    assert any(d.line == line for d in got.errors)


# ── 2. missing keys at every level ─────────────────────────────────────────────

MAPPING_KEYS = [
    (ex, path)
    for ex in SOURCES
    for path, _node, key in walk(COMPOSED[ex])
    if key is not None
    and not (ex == "national" and path[:1] == ("table3",) and len(path) > 3)  # 表三 rows alike
]


@pytest.mark.parametrize(
    ("example", "path"), [pytest.param(ex, p, id=f"{ex}-{_dotted(p)}") for ex, p in MAPPING_KEYS]
)
def test_missing_key(example: str, path: DataPath) -> None:
    text = delete_key(example, path)
    assert text != TEXTS[example]
    assert yaml.safe_load(text) is not None  # still YAML: only the entry went
    got = check(text)
    key = str(path[-1])
    missing = [d for d in got.diags if d.code == "RG101" and f"“{key}" in d.msg]
    if is_required(MODELS[example], path):
        assert got.exit_code == 1
        assert missing, f"no RG101 naming “{key}”: {got.diags}"
        parent = path[:-1]
        if parent and isinstance(parent[-1], str):
            _node, parent_key = find(example, parent)
            assert {d.line for d in missing} == {parent_key.start_mark.line + 1}
    else:
        assert not missing and got.exit_code == 0, got.diags


# ── 3. extra keys at every level ───────────────────────────────────────────────

MAPPINGS = [
    (ex, path)
    for ex in SOURCES
    for path, node in [((), COMPOSED[ex]), *((p, n) for p, n, _k in walk(COMPOSED[ex]))]
    if isinstance(node, yaml.MappingNode)
]


@pytest.mark.parametrize(
    ("example", "path"), [pytest.param(ex, p, id=f"{ex}-{_dotted(p)}") for ex, p in MAPPINGS]
)
def test_extra_key(example: str, path: DataPath) -> None:
    text, line, col = insert_extra_key(example, path)
    got = check(text)
    assert got.exit_code == 1
    unknown = [d for d in got.diags if d.code == "RG102"]
    assert [(d.line, d.col) for d in unknown] == [(line, col)], got.diags
    assert "“zz_extra”" in unknown[0].msg
    assert [d.code for d in got.errors] == ["RG102"], "nothing but the extra key is wrong"


# ── 4. YAML syntax damage at the start, the middle and the end ─────────────────

SNIPPETS = {
    "unclosed_bracket": "x: [1, 2\n",
    "unclosed_brace": "x: {a: 1\n",
    "unclosed_double_quote": 'x: "abc\n',
    "unclosed_single_quote": "x: 'abc\n",
    "colon_in_plain_value": "x: a: b\n",
    "indented_key": "   x: 1\n",
    "tab_indent": "\tx: 1\n",
    "lone_dash": "- x\n",
    "key_without_colon": "foo\n",
    "unknown_escape": 'x: "\\q"\n',
    "reserved_indicator": "@x: 1\n",
    "backtick": "`x: 1\n",
    "complex_key": "? [a]\n: 1\n",
    "bare_colon": ": x\n",
    "block_scalar_indicator": "x: |9\n",
    "lone_percent": "%\n",
    "directive_inside": "%YAML 1.2\n",
    "document_end_then_more": "...\nx: 1\n",
    "document_start": "---\nx: 1\n",
    "closing_bracket": "]\n",
}
SYNTAX_CODES = {"RG003", "RG004", "RG005", "RG006", "RG007", "RG008", "RG101", "RG102", "RG103"}


def _at(text: str, where: str, snippet: str) -> str:
    lines = text.splitlines(keepends=True)
    if where == "start":
        return snippet + text
    if where == "end":
        return text + snippet
    mid = len(lines) // 2
    return "".join(lines[:mid]) + snippet + "".join(lines[mid:])


@pytest.mark.parametrize(
    ("example", "where", "snippet"),
    [
        pytest.param(ex, w, s, id=f"{ex}-{w}-{s}")
        for ex in SOURCES
        for w in ("start", "middle", "end")
        for s in SNIPPETS
    ],
)
def test_syntax_damage(example: str, where: str, snippet: str) -> None:
    got = check(_at(TEXTS[example], where, SNIPPETS[snippet]))
    assert got.exit_code == 1
    assert got.errors and set(got.codes) <= SYNTAX_CODES | {c for c in CODES if c >= "RG4"}


@pytest.mark.parametrize("example", SOURCES)
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_duplicate_key(example: str, where: str) -> None:
    text = TEXTS[example]
    keys = [k for p, _n, k in walk(COMPOSED[example]) if k is not None and len(p) == 1]
    key = {"first": keys[0], "middle": keys[len(keys) // 2], "last": keys[-1]}[where]
    s = key.start_mark.index  # a top-level key: column 1
    damaged = text[:s] + f"{key.value}: 0\n" + text[s:]
    got = check(damaged)
    assert [d.code for d in got.diags] == ["RG004"]
    assert (got.diags[0].line, got.diags[0].col) == (key.start_mark.line + 2, 1)
    assert f"“{key.value}”" in got.diags[0].msg
    assert f"第{key.start_mark.line + 1}行" in got.diags[0].msg


@pytest.mark.parametrize("example", SOURCES)
@pytest.mark.parametrize("fraction", [0.01, 0.25, 0.5, 0.75, 0.99])
def test_truncated(example: str, fraction: float) -> None:
    text = TEXTS[example]
    got = check(text[: int(len(text) * fraction)])
    assert got.exit_code in (0, 1)


@pytest.mark.parametrize("example", SOURCES)
def test_truncated_inside_a_character(tmp_path: Path, example: str) -> None:
    raw = TEXTS[example].encode()
    cut = raw.rindex("报".encode()) + 1  # one byte of a three-byte character
    got = check_bytes(tmp_path, raw[:cut])
    assert got.codes == ["RG002"]
    assert got.diags[0].line == raw[:cut].count(b"\n") + 1


# ── 5. encodings and byte-order marks ──────────────────────────────────────────


def _encodings() -> list[Any]:
    out = []
    for ex in SOURCES:
        text = TEXTS[ex]
        for name, raw, codes in [
            ("utf8_bom", b"\xef\xbb\xbf" + text.encode(), []),
            ("utf16le_bom", b"\xff\xfe" + text.encode("utf-16-le"), ["RG002"]),
            ("utf16be_bom", b"\xfe\xff" + text.encode("utf-16-be"), ["RG002"]),
            ("utf16le", text.encode("utf-16-le"), None),
            ("utf16be", text.encode("utf-16-be"), None),
            ("utf32_bom", text.encode("utf-32"), ["RG002"]),
            ("gbk", text.encode("gbk", errors="replace"), ["RG002"]),
            ("gb18030", text.encode("gb18030"), ["RG002"]),
            ("latin1_byte", text.encode().replace(b"year:", b"y\xe9ar:"), ["RG002"]),
            ("overlong_utf8", text.encode().replace(b"year:", b"\xc0\xafyear:"), ["RG002"]),
            ("encoded_surrogate", text.encode().replace(b"year:", b"\xed\xa0\x80year:"), ["RG002"]),
            ("stray_continuation", text.encode().replace(b"year:", b"\x80year:"), ["RG002"]),
        ]:
            out.append(pytest.param(raw, codes, id=f"{ex}-{name}"))
    return out


@pytest.mark.parametrize(("raw", "codes"), _encodings())
def test_encoding(tmp_path: Path, raw: bytes, codes: list[str] | None) -> None:
    got = check_bytes(tmp_path, raw)
    if codes is None:  # UTF-16 without a BOM: ASCII reads as text with NULs, then fails
        assert got.exit_code == 1 and got.codes[0] in ("RG002", "RG010")
    else:
        assert got.codes == codes
    if codes == ["RG002"]:
        assert "UTF-8" in got.diags[0].msg


@pytest.mark.parametrize(
    ("encoding", "fragment"), [("gbk", "GBK"), ("gb18030", "GBK"), ("utf-16", "UTF-16")]
)
def test_encoding_advice_is_located(tmp_path: Path, encoding: str, fragment: str) -> None:
    text = TEXTS["legacy"]
    got = check_bytes(tmp_path, text.encode(encoding))
    (d,) = got.diags
    assert fragment in d.msg
    if encoding.startswith("gb"):  # the first non-ASCII character
        first = next(i for i, ch in enumerate(text) if ord(ch) > 127)
        assert (d.line, d.col) == mark_of(text, text[first], 0)


def test_bom_does_not_shift_locations(tmp_path: Path) -> None:
    text = edit(TEXTS["legacy"], "count: 20}", "count: 21}")
    plain = check_bytes(tmp_path, text.encode(), "a.yaml")
    bom = check_bytes(tmp_path, b"\xef\xbb\xbf" + text.encode(), "b.yaml")
    assert plain.diags == bom.diags and plain.codes == ["RG201"]


# ── 6. line endings ────────────────────────────────────────────────────────────


def _mixed(text: str) -> str:
    ends = ["\r\n", "\n", "\r"]
    return (
        "".join(line + ends[i % 3] for i, line in enumerate(text.split("\n")[:-1]))
        + text.split("\n")[-1]
    )


ENDINGS: dict[str, Callable[[str], str]] = {
    "crlf": lambda t: t.replace("\n", "\r\n"),
    "cr": lambda t: t.replace("\n", "\r"),
    "mixed": _mixed,
    "crlf_no_final_newline": lambda t: t.rstrip("\n").replace("\n", "\r\n"),
}


@pytest.mark.parametrize("example", SOURCES)
@pytest.mark.parametrize("ending", ENDINGS)
def test_line_endings_valid(tmp_path: Path, example: str, ending: str) -> None:
    assert check_bytes(tmp_path, ENDINGS[ending](TEXTS[example]).encode()).diags == []


@pytest.mark.parametrize("ending", ENDINGS)
@pytest.mark.parametrize(
    ("example", "old", "new"),
    [
        ("legacy", "count: 20}", "count: 21}"),
        ("national", "[45, 6, 1, 1, 4, 1, 58]", "[45, 6, 1, 1, 4, 1, 59]"),
        ("legacy", "year: 2011", "year: 二〇一一"),
    ],
)
def test_line_endings_keep_locations(ending: str, example: str, old: str, new: str) -> None:
    text = edit(TEXTS[example], old, new)
    lf = check(text)
    other = check(ENDINGS[ending](text))
    assert lf.errors and [(d.line, d.col, d.code) for d in other.diags] == [
        (d.line, d.col, d.code) for d in lf.diags
    ]


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(edit(TEXTS["legacy"], "year: 2011", "year: 20\x0111").encode(), id="RG010"),
        pytest.param(
            TEXTS["legacy"].encode().replace(b"year: 2011", b"year: 20\xe911"), id="RG002"
        ),
    ],
)
def test_cr_only_file_locates_bad_characters(tmp_path: Path, raw: bytes) -> None:
    lf = check_bytes(tmp_path, raw, "lf.yaml")
    cr = check_bytes(tmp_path, raw.replace(b"\n", b"\r"), "cr.yaml")
    assert lf.diags[0].line == 21
    assert [(d.line, d.col) for d in cr.diags] == [(d.line, d.col) for d in lf.diags]


# ── 7. characters XML (and so .docx) cannot carry ──────────────────────────────

RAW_BAD = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x0e", "\x1b", "\x1f", "\x7f", "\x80", "\x9f"]
RAW_BAD += ["\ufffe", "\uffff"]
ESCAPED_BAD = {
    r"\x01": "RG010",
    r"\x00": "RG010",
    r"\0": "RG010",
    r"\u0001": "RG010",
    r"\x0b": "RG010",
    r"\e": "RG010",
    r"\x1f": "RG010",
    r"\uFFFE": "RG010",
    r"\uFFFF": "RG010",
    r"\U0000FFFF": "RG010",
    r"\ud800": "RG003",
    r"\udfff": "RG003",
    r"\U0000D800": "RG003",
}


@pytest.mark.parametrize("ch", RAW_BAD, ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", ["value", "key"])
def test_raw_character_refused(ch: str, where: str) -> None:
    text = TEXTS["legacy"]
    needle = "\nagency: 乌海市" if where == "value" else "\nagency"
    cut = len(needle) - 1 if where == "value" else 4
    damaged = edit(text, needle, needle[:cut] + ch + needle[cut:])
    got = check(damaged)
    (d,) = got.diags
    assert d.code == "RG010" and f"U+{ord(ch):04X}" in d.msg
    assert (d.line, d.col) == mark_of(damaged, ch)


@pytest.mark.parametrize(("escape", "code"), ESCAPED_BAD.items(), ids=list(ESCAPED_BAD))
@pytest.mark.parametrize("where", ["value", "key", "national"])
def test_escaped_character_refused(escape: str, code: str, where: str) -> None:
    if where == "national":
        text, needle = (
            TEXTS["national"],
            "    - 优化政府门户网站政府信息公开专栏，完善政策文件库检索功能。",
        )
        damaged = edit(text, needle, f'    - "优化{escape}政府门户网站政府信息公开专栏。"')
        at = mark_of(damaged, '"优化')
    elif where == "key":
        text = TEXTS["legacy"]
        damaged = edit(text, "\nagency:", f'\n"age{escape}ncy":')
        at = mark_of(damaged, '"age')
    else:
        text = TEXTS["legacy"]
        damaged = edit(text, "agency: 乌海市经济", f'agency: "乌海市{escape}经济"')
        at = mark_of(damaged, '"乌海')
    got = check(damaged)
    (d,) = got.diags
    assert d.code == code
    if code == "RG010":
        assert (d.line, d.col) == at
    else:
        assert d.line == at[0]


@pytest.mark.parametrize("where", ["value", "key"])
def test_lone_surrogate_through_the_library(where: str) -> None:
    text = TEXTS["legacy"]
    damaged = (
        edit(text, "agency: 乌海市", "agency: 乌海市\ud800")
        if where == "value"
        else edit(text, "agency:", "age\udc80ncy:")
    )
    result = validate_text(damaged, "x.yaml")
    assert [d.code for d in result.diagnostics] == ["RG010"]


LEGAL_ODD = {
    "tab": "\\t",
    "nbsp": "\u00a0",
    "ideographic_space": "\u3000",
    "zero_width_space": "\u200b",
    "emoji": "\U0001f600",
    "last_code_point": "\\U0010FFFF",
    "combining_accent": "e\u0301",
    "rtl_override": "\u202e",
    "c1_control_escaped": "\\x80",
    "line_separator_escaped": "\\u2028",
    "replacement_char": "\ufffd",
    "cjk_ext_b": "\U00020000",
    "fullwidth_digits": "１２３",
    "leading_and_trailing_spaces": "  ",
}


@pytest.mark.parametrize("odd", LEGAL_ODD.values(), ids=list(LEGAL_ODD))
def test_legal_odd_characters_render_exactly(odd: str) -> None:
    text = TEXTS["legacy"]
    needle = "    - 根据《中华人民共和国政府信息公开条例》"
    damaged = text.replace(
        needle, f'    - "{odd}甲乙{odd}"\n    - 根据《中华人民共和国政府信息公开条例》', 1
    )
    result = validate_text(damaged, "x.yaml")
    assert result.ok and result.document is not None, result.diagnostics
    want = yaml.safe_load(f'"{odd}甲乙{odd}"')
    doc = Document(io.BytesIO(docx_bytes(result.document, choose_profile(result.document, None))))
    assert [p.text for p in doc.paragraphs].count(want) == 1


# ── 8. very long strings, very many paragraphs, many nodes, many errors ─────────

_PREAMBLE = "    - 根据《中华人民共和国政府信息公开条例》"


def _with_paragraphs(paragraphs: list[str]) -> str:
    block = "".join(f"    - {p}\n" for p in paragraphs)
    return edit(TEXTS["legacy"], _PREAMBLE, block + _PREAMBLE)


def test_longest_string_renders() -> None:
    from reportgen.loader import MAX_STRING_CHARS

    para = "长" * MAX_STRING_CHARS
    text = _with_paragraphs([para])
    assert check(text).diags == []
    result = validate_text(text)
    assert result.document is not None
    doc = Document(io.BytesIO(docx_bytes(result.document, choose_profile(result.document, None))))
    assert [p.text for p in doc.paragraphs].count(para) == 1


@pytest.mark.parametrize("quoted", [False, True])
def test_string_one_over_the_limit(quoted: bool) -> None:
    from reportgen.loader import MAX_STRING_CHARS

    para = "长" * (MAX_STRING_CHARS + 1)
    text = _with_paragraphs([f'"{para}"' if quoted else para])
    got = check(text)
    (d,) = got.diags
    assert d.code == "RG009" and str(MAX_STRING_CHARS) in d.msg
    assert (d.line, d.col) == mark_of(text, '"长' if quoted else "长长")


def test_very_long_key() -> None:
    text = edit(TEXTS["legacy"], "agency:", "a" * 5000 + ":")
    got = check(text)
    assert got.exit_code == 1 and got.errors[0].line == mark_of(text, "aaaa")[0]


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    from reportgen.loader import MAX_FILE_BYTES

    raw = TEXTS["legacy"].encode()
    raw += b"#" * (MAX_FILE_BYTES + 1 - len(raw))
    got = check_bytes(tmp_path, raw)
    assert got.codes == ["RG009"] and (got.diags[0].line, got.diags[0].col) == (1, 1)
    raw = raw[:-1]  # exactly at the limit: read
    assert check_bytes(tmp_path, raw).diags == []


def test_many_paragraphs_render_once_each(tmp_path: Path) -> None:
    paras = [f"第{i}段，内容{i}。" for i in range(3000)]
    text = _with_paragraphs(paras)
    out = tmp_path / "many.docx"
    (tmp_path / "many.yaml").write_text(text, encoding="utf-8")
    code, stdout, stderr = invoke("render", str(tmp_path / "many.yaml"), "--docx", str(out))
    assert code == 0, stdout + stderr
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert all(texts.count(p) == 1 for p in paras)
    assert texts.index(paras[0]) < texts.index(paras[-1])


def test_one_paragraph_over_the_list_limit() -> None:
    from reportgen.loader import MAX_COLLECTION_ITEMS

    # The preamble already holds one paragraph: it becomes item MAX_COLLECTION_ITEMS + 1.
    text = _with_paragraphs([f"第{i}段。" for i in range(MAX_COLLECTION_ITEMS)])
    got = check(text)
    (d,) = got.diags
    assert d.code == "RG009" and str(MAX_COLLECTION_ITEMS) in d.msg
    assert (d.line, d.col) == mark_of(text, _PREAMBLE, len("    - "))


def test_too_many_nodes() -> None:
    from reportgen.loader import MAX_NODES

    rows = "".join("  - [" + ", ".join(["0"] * 9000) + "]\n" for _ in range(MAX_NODES // 9000 + 1))
    text = TEXTS["legacy"] + "zz_extra:\n" + rows
    got = check(text)
    (d,) = got.diags
    assert d.code == "RG009" and str(MAX_NODES) in d.msg


@pytest.mark.parametrize("kind", ["bad_counts", "unknown_keys", "int_paragraphs"])
def test_thousands_of_errors_each_located(kind: str) -> None:
    n = 3000
    if kind == "bad_counts":
        items = "".join(f"                  - {{name: 项{i}, count: -{i + 1}}}\n" for i in range(n))
        text = TEXTS["legacy"].replace(
            "                  - {name: 部门动态, count: 20}\n", items, 1
        )
    elif kind == "unknown_keys":
        text = TEXTS["legacy"] + "".join(f"zz_{i}: 1\n" for i in range(n))
    else:
        text = _with_paragraphs([str(i) for i in range(n)])
    start = time.perf_counter()
    got = check(text)
    assert time.perf_counter() - start < 10
    assert len(got.errors) >= n
    assert len({(d.line, d.col, d.code) for d in got.errors}) == len(got.errors)


# ── 9. deep nesting ────────────────────────────────────────────────────────────


@pytest.mark.parametrize("style", ["flow_lists", "flow_maps", "block_maps", "block_lists"])
def test_nesting_over_the_limit(style: str) -> None:
    from reportgen.loader import MAX_DEPTH

    n = MAX_DEPTH + 8
    if style == "flow_lists":
        tail = "zz_deep: " + "[" * n + "]" * n + "\n"
    elif style == "flow_maps":
        tail = "zz_deep: " + "{a: " * n + "1" + "}" * n + "\n"
    elif style == "block_maps":
        tail = "zz_deep:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(n))
    else:
        tail = "zz_deep:\n" + "".join("  " * (i + 1) + "-\n" for i in range(n))
    text = TEXTS["legacy"] + tail
    got = check(text)
    (d,) = got.diags
    assert d.code == "RG009" and str(MAX_DEPTH) in d.msg
    assert d.line >= text.count("\n", 0, text.index("zz_deep")) + 1


@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_nesting_at_the_limit(extra: int) -> None:
    from reportgen.loader import MAX_DEPTH

    # root(1) → report(2) → preamble(3) → the paragraph: k nested lists take depth 3 + k.
    k = MAX_DEPTH - 3 + extra
    text = edit(TEXTS["legacy"], _PREAMBLE, "    - " + "[" * k + "]" * k + "\n" + _PREAMBLE)
    got = check(text)
    assert got.exit_code == 1
    assert ("RG009" in got.codes) == (extra > 0), got.diags


# ── 10. anchors and aliases ("billion laughs") ─────────────────────────────────

LAUGHS = 'zz_a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"zz_{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
ALIASES = {
    "billion_laughs": LAUGHS,
    "undefined_alias": "zz_x: *nowhere\n",
    "merge_key": "zz_base: &base {a: 1}\nzz_m:\n  <<: *base\n",
    "anchor_on_key": "&k zz_key: 1\n",
    "anchor_on_existing_value": None,
    "self_reference": "zz_loop: &loop [*loop]\n",
}


@pytest.mark.parametrize("example", SOURCES)
@pytest.mark.parametrize("case", ALIASES)
def test_aliases_refused_fast(example: str, case: str) -> None:
    text = TEXTS[example]
    snippet = ALIASES[case]
    if snippet is None:
        damaged = edit(text, "year: 20", "year: &y 20")
        at = mark_of(damaged, "&y")
    else:
        damaged = text + snippet
        first = min(
            i for i in (damaged.find("&", len(text)), damaged.find("*", len(text))) if i > 0
        )
        at = mark_of(damaged, damaged[first:], 0)
    start = time.perf_counter()
    got = check(damaged)
    assert time.perf_counter() - start < 2
    (d,) = got.diags
    assert d.code == "RG007"
    assert (d.line, d.col) == at


# ── 11. custom tags never construct anything ──────────────────────────────────


def _tags(marker: Path) -> dict[str, str]:
    cmd = f'["touch {marker}"]'
    return {
        "os_system_flow": f"zz: !!python/object/apply:os.system {cmd}\n",
        "os_system_block": f"zz: !!python/object/apply:os.system\n  - touch {marker}\n",
        "os_system_on_key": f"? !!python/object/apply:os.system {cmd}\n: 1\n",
        "os_system_on_agency": None,  # replaces the agency's value
        "object_new": f"zz: !!python/object/new:os.system {cmd}\n",
        "python_name": "zz: !!python/name:os.system\n",
        "python_module": "zz: !!python/module:os\n",
        "verbatim_tag": f"zz: !<tag:yaml.org,2002:python/object/apply:os.system> {cmd}\n",
        "tag_directive": None,  # %TAG handle for the python namespace
        "binary": "zz: !!binary aGVsbG8=\n",
        "harmless_str": "zz: !!str 20\n",
        "set": "zz: !!set {a, b}\n",
        "timestamp": "zz: !!timestamp 2012-04-28\n",
        "local_tag": "zz: !custom x\n",
        "non_specific": "zz: ! x\n",
    }


TAG_CASES = list(_tags(Path("m")))


@pytest.mark.parametrize("example", SOURCES)
@pytest.mark.parametrize("case", TAG_CASES)
def test_tags_refused_and_nothing_runs(tmp_path: Path, example: str, case: str) -> None:
    marker = tmp_path / "MARKER"
    snippet = _tags(marker)[case]
    text = TEXTS[example]
    if case == "os_system_on_agency":
        damaged = re.sub(
            r"^agency: .*$",
            f'agency: !!python/object/apply:os.system ["touch {marker}"]',
            text,
            count=1,
            flags=re.M,
        )
        start = 0
    elif case == "tag_directive":
        head = "%TAG !p! tag:yaml.org,2002:python/object/apply:\n---\n"
        damaged = head + text + f'zz: !p!os.system ["touch {marker}"]\n'
        start = len(head) + len(text)
    else:
        assert snippet is not None
        damaged = text + snippet
        start = len(text)
    got = check(damaged)
    (d,) = got.diags
    assert d.code == "RG006"
    assert (d.line, d.col) == mark_of(damaged, damaged[damaged.index("!", start) :], 0)
    assert not marker.exists(), "a YAML tag ran a command"


def test_os_system_tag_through_the_console_script(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    for text in (
        f'!!python/object/apply:os.system ["touch {marker}"]\n',
        TEXTS["legacy"] + f'zz: !!python/object/apply:os.system ["touch {marker}"]\n',
    ):
        src = tmp_path / "tagged.yaml"
        src.write_text(text, encoding="utf-8")
        for args in (
            ["validate", str(src)],
            ["render", str(src), "--docx", str(tmp_path / "o.docx")],
        ):
            r = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=60)
            assert r.returncode == 1, r.stdout + r.stderr
            assert "RG006" in r.stdout and "Traceback" not in r.stdout + r.stderr
            assert not marker.exists()
            assert not (tmp_path / "o.docx").exists()


# ── 12. empty, blank, comment-only and non-mapping documents ───────────────────

NOT_A_REPORT: dict[str, tuple[bytes, list[str]]] = {
    "empty": (b"", ["RG008"]),
    "one_space": (b" ", ["RG008"]),
    "newlines": (b"\n\n\n", ["RG008"]),
    "crlf_only": (b"\r\n\r\n", ["RG008"]),
    "spaces_and_newlines": (b"   \n  \n", ["RG008"]),
    "tab_only": (b"\t\n", ["RG005"]),
    "bom_only": (b"\xef\xbb\xbf", ["RG008"]),
    "comment_only": (b"# \xe8\xaf\xb4\xe6\x98\x8e\n# more\n", ["RG008"]),
    "document_start_only": (b"---\n", ["RG008"]),
    "document_end_only": (b"...\n", ["RG003"]),  # libyaml: a document end with no document
    "start_and_end": (b"---\n...\n", ["RG008"]),
    "directive_only": (b"%YAML 1.2\n---\n", ["RG008"]),
    "empty_mapping": (b"{}\n", ["RG101", "RG101"]),
    "empty_list": (b"[]\n", ["RG008"]),
    "list": (b"- reportgen: 1\n- format: legacy-2008\n", ["RG008"]),
    "integer": (b"42\n", ["RG008"]),
    "null": (b"~\n", ["RG008"]),
    "quoted_string": (b"'reportgen: 1'\n", ["RG008"]),
    "block_scalar": (b"|\n  reportgen: 1\n", ["RG008"]),
    "two_documents": (LEGACY.read_bytes() + b"\n---\n" + LEGACY.read_bytes(), ["RG008"]),
    "second_document_empty": (LEGACY.read_bytes() + b"---\n", ["RG008"]),
    "two_scalar_documents": (b"--- a\n--- b\n", ["RG008"]),
    "markers_only": (b"reportgen: 1\nformat: legacy-2008\n", ["RG101"] * 3),
}


@pytest.mark.parametrize(("raw", "codes"), NOT_A_REPORT.values(), ids=list(NOT_A_REPORT))
def test_not_a_report(tmp_path: Path, raw: bytes, codes: list[str]) -> None:
    got = check_bytes(tmp_path, raw)
    assert sorted(got.codes) == sorted(codes)
    assert got.exit_code == 1


# ── 13. render: output paths that cannot or must not be written ───────────────


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "in.yaml"
    p.write_bytes(LEGACY.read_bytes())
    return p


def render(src: Path, out: Path | str, *extra: str) -> tuple[int, str, str]:
    return invoke("render", str(src), "--docx", str(out), *extra)


def _unchanged(before: dict[str, bytes | None], folder: Path) -> None:
    after = listing(folder)
    assert after == before, f"folder changed: {set(after) ^ set(before)}"


def test_output_is_a_directory(tmp_path: Path, src: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    before = listing(tmp_path)
    assert_usage_failure(*render(src, folder))
    _unchanged(before, tmp_path)
    assert list(folder.iterdir()) == []


def test_output_parent_is_a_regular_file(tmp_path: Path, src: Path) -> None:
    (tmp_path / "plain.txt").write_bytes(b"not a folder")
    before = listing(tmp_path)
    assert_usage_failure(*render(src, tmp_path / "plain.txt" / "out.docx"))
    _unchanged(before, tmp_path)


def test_output_parent_missing(tmp_path: Path, src: Path) -> None:
    before = listing(tmp_path)
    assert_usage_failure(*render(src, tmp_path / "no" / "such" / "out.docx"))
    _unchanged(before, tmp_path)
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("how", ["same_path", "relative_dots", "symlink", "hardlink"])
def test_output_is_the_input(tmp_path: Path, src: Path, how: str) -> None:
    if how == "same_path":
        out: Path = src
    elif how == "relative_dots":
        (tmp_path / "sub").mkdir()
        out = tmp_path / "sub" / ".." / src.name
    elif how == "symlink":
        out = tmp_path / "link.docx"
        out.symlink_to(src)
    else:
        out = tmp_path / "hard.docx"
        os.link(src, out)
    before = listing(tmp_path)
    assert_usage_failure(*render(src, out))
    _unchanged(before, tmp_path)
    assert src.read_bytes() == LEGACY.read_bytes()


def test_output_name_too_long_for_the_temporary(tmp_path: Path, src: Path) -> None:
    # 245 bytes: a legal name, but ".name.XXXXXXXX.tmp" beside it is not.
    before = listing(tmp_path)
    assert_usage_failure(*render(src, tmp_path / ("长" * 80 + ".docx")))
    _unchanged(before, tmp_path)


def test_output_name_too_long(tmp_path: Path, src: Path) -> None:
    before = listing(tmp_path)
    assert_usage_failure(*render(src, tmp_path / ("长" * 100 + ".docx")))
    _unchanged(before, tmp_path)


@pytest.mark.parametrize(
    ("target", "err"),
    [
        ("reportgen.output.os.replace", errno.EACCES),  # a read-only output file
        ("reportgen.output.os.replace", errno.EROFS),
        ("reportgen.output.os.replace", errno.EXDEV),
        ("reportgen.output.tempfile.mkstemp", errno.EACCES),  # a read-only folder
        ("reportgen.output.tempfile.mkstemp", errno.EDQUOT),
        ("reportgen.output.os.fsync", errno.ENOSPC),  # the disk fills while writing
        ("reportgen.output.os.fsync", errno.EIO),
    ],
    ids=lambda v: v.rsplit(".", 1)[-1] if isinstance(v, str) else errno.errorcode[v],
)
def test_output_write_denied(
    tmp_path: Path, src: Path, monkeypatch: pytest.MonkeyPatch, target: str, err: int
) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"last year's signed copy")

    def deny(*args: object, **kwargs: object) -> Any:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(target, deny)
    before = listing(tmp_path)
    assert_usage_failure(*render(src, out))
    _unchanged(before, tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_keeps_the_existing_output(tmp_path: Path, src: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    out = folder / "out.docx"
    out.write_bytes(b"keep me")
    folder.chmod(0o555)
    try:
        before = listing(folder)
        assert_usage_failure(*render(src, out))
        _unchanged(before, folder)
    finally:
        folder.chmod(0o755)


def test_output_is_the_previous_years_file(tmp_path: Path) -> None:
    prev = tmp_path / "2025.yaml"
    prev.write_bytes(ZERO.read_bytes())
    cur = tmp_path / "2026.yaml"
    cur.write_text(ZERO.read_text(encoding="utf-8").replace("2025", "2026"), encoding="utf-8")
    assert validate_cli(cur, "--previous", str(prev)).diags == []
    code, out, err = invoke("render", str(cur), "--previous", str(prev), "--docx", str(prev))
    assert prev.read_bytes() == ZERO.read_bytes(), "last year's data file was overwritten"
    assert_usage_failure(code, out, err)


REFUSED = {
    "arithmetic": ("count: 20}", "count: 21}"),
    "type": ("year: 2011", "year: 二〇一一"),
    "missing_key": ("  addressee: 市政务公开工作领导小组办公室", "  addressee_x: 市"),
    "syntax": ("year: 2011", 'year: "2011'),
    "tab": ("      kind: proactive", "\tkind: proactive"),
    "control_char": ("agency: 乌海市", "agency: 乌海\x01市"),
    "tag": ("year: 2011", "year: !!python/object/apply:os.system [true]"),
    "alias": ("year: 2011", "year: *y"),
    "depth": ("year: 2011", "year: " + "[" * 40 + "]" * 40),
    "duplicate_key": ("year: 2011", "year: 2011\nyear: 2012"),
}


@pytest.mark.parametrize("case", [*REFUSED, "gbk", "utf16", "empty"])
def test_refused_render_keeps_existing_output(tmp_path: Path, case: str) -> None:
    src = tmp_path / "bad.yaml"
    if case in REFUSED:
        old, new = REFUSED[case]
        assert old in TEXTS["legacy"]
        src.write_text(edit(TEXTS["legacy"], old, new), encoding="utf-8")
    else:
        src.write_bytes(
            {"gbk": TEXTS["legacy"].encode("gbk"), "utf16": TEXTS["legacy"].encode("utf-16")}.get(
                case, b""
            )
        )
    out = tmp_path / "out.docx"
    out.write_bytes(b"the copy that was sent")
    before = listing(tmp_path)
    code, stdout, stderr = render(src, out)
    assert code == 1, stdout + stderr
    diags = parse_report(stdout, str(src), line_count(src.read_bytes()) + 1)
    assert any(d.is_error for d in diags)
    assert "未生成" in stderr
    _unchanged(before, tmp_path)


# ── 14. validates, yet cannot render (found while fuzzing) ────────────────────


def _validates_then_renders(tmp_path: Path, text: str) -> None:
    """validate's verdict is render's: a file that passes renders; one that does not is
    refused with a located error (either fix — check it or render it — is a fix)."""
    src = tmp_path / "r.yaml"
    src.write_text(text, encoding="utf-8")
    verdict = validate_cli(src)
    out = tmp_path / "r.docx"
    code, stdout, stderr = render(src, out)
    assert code == verdict.exit_code, stdout + stderr
    assert out.exists() == (code == 0)
    if code:
        assert verdict.errors, "refused without a located error"


@pytest.mark.parametrize("level", ["parts", "sections"])
def test_hundred_headings(tmp_path: Path, level: str) -> None:
    text = TEXTS["legacy"]
    if level == "parts":
        extra = "".join(
            f"    - heading: 附加部分{i}\n      paragraphs: [第{i}部分。]\n" for i in range(100)
        )
        text = re.sub(r"^  parts:.*\n", "  parts:\n" + extra, text, count=1, flags=re.M)
    else:
        extra = "".join(
            f"        - heading: 小节{i}\n          paragraphs: [小节{i}。]\n" for i in range(100)
        )
        text = re.sub(
            r"^      sections:.*\n", "      sections:\n" + extra, text, count=1, flags=re.M
        )
    # Headings are numbered 一、…九十九、: more than 99 is refused, naming the limit.
    src = tmp_path / "r.yaml"
    src.write_text(text, encoding="utf-8")
    got = validate_cli(src)
    assert got.exit_code == 1
    assert any(d.code == "RG108" and "99" in d.msg for d in got.diags)


def test_far_future_date(tmp_path: Path) -> None:
    src = tmp_path / "r.yaml"
    src.write_text(TEXTS["legacy"].replace("2012-04-28", "2201-04-28"), encoding="utf-8")
    got = validate_cli(src)
    assert got.exit_code == 1
    assert any(d.code == "RG105" and "2100" in d.msg for d in got.diags)


@pytest.mark.parametrize("field", ["agency", "title"])
def test_long_agency_or_title(tmp_path: Path, field: str) -> None:
    text = TEXTS["legacy"]
    if field == "agency":
        text = edit(text, "agency: 乌海市经济和信息化委员会", "agency: " + "乌" * 256)
    else:
        text = edit(text, "    - 政府信息公开工作年度报告\n", "    - " + "报" * 300 + "\n")
    _validates_then_renders(tmp_path, text)


def test_subject_words_without_issuance(tmp_path: Path) -> None:
    text = re.sub(r"^issuance:\n(  .*\n)+", "", TEXTS["legacy"], count=1, flags=re.M)
    assert "issuance" not in yaml.safe_load(text)
    src = tmp_path / "r.yaml"
    src.write_text(text, encoding="utf-8")
    got = validate_cli(src)
    out = tmp_path / "r.docx"
    assert render(src, out)[0] == 0
    shown = [p.text for p in Document(str(out)).paragraphs if p.text.startswith("主题词")]
    assert shown == ["主题词：政府信息\u3000工作报告"] or got.diags, "neither printed nor warned"


def test_prose_figure_with_thousands_of_digits() -> None:
    text = edit(TEXTS["national"], "中，予以公开58件", "中，予以公开" + "9" * 4400 + "件")
    got = check(text)
    assert got.codes == ["RG410"]


def test_prose_percentage_with_many_decimals() -> None:
    text = edit(TEXTS["national"], "占46.0%，较", "占46." + "0" * 30 + "%，较")
    got = check(text)
    assert got.exit_code == 0


# ── 15. messages that leave the one-line, located, Chinese format ─────────────


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("agency: 乌海市经济和信息化委员会", 'agency: "乌海\\n市"', id="RG405-text"),
        pytest.param("year: 2011", 'year: "20\\n11"', id="RG103-value"),
        pytest.param("year: 2011", '"ye\\nar": 2011', id="RG102-key"),
    ],
)
def test_line_break_in_quoted_value(old: str, new: str) -> None:
    check(edit(TEXTS["legacy"], old, new))


_ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z<>'-]{2,}){2,}")


@pytest.mark.parametrize(
    ("example", "old", "new"),
    [
        pytest.param("national", "fees: 1260.35", "fees: .inf", id="fees-not-finite"),
        pytest.param("national", "fees: 1260.35", "fees: 1260.123456", id="fees-decimal-places"),
        pytest.param("national", "fees: 1260.35", "fees: 1e20", id="fees-max-digits"),
        pytest.param("national", "fees: 1260.35", 'fees: "1260.35"', id="fees-quoted"),
        pytest.param("legacy", "reportgen: 1", "%YAML 2.0\n---\nreportgen: 1", id="yaml-2.0"),
        pytest.param("legacy", "reportgen: 1", "%FOO bar\n---\nreportgen: 1", id="directive"),
        pytest.param("legacy", "reportgen: 1", "%\nreportgen: 1", id="lone-percent"),
        pytest.param("legacy", "year: 2011", "year: 2011\n...\nx: 1", id="after-document-end"),
        pytest.param("legacy", "year: 2011", "@year: 2011", id="reserved-indicator"),
        pytest.param("legacy", "year: 2011", "year: >x", id="block-scalar-header"),
        pytest.param("legacy", "year: 2011", "year: &", id="empty-anchor"),
        pytest.param("legacy", "reportgen: 1", "|\nreportgen: 1", id="block-scalar-at-start"),
        pytest.param("legacy", "", "x: {a: ", id="flow-at-end"),
        pytest.param("none", "", "...\n", id="document-end-only"),
    ],
)
def test_message_is_translated(example: str, old: str, new: str) -> None:
    base = TEXTS.get(example, "")
    text = base + new if not old else edit(base, old, new)
    got = check(text)
    assert got.errors
    for d in got.diags:
        assert not _ENGLISH.search(d.msg), d.msg


@pytest.mark.parametrize("case", ["parent_is_file", "name_too_long"])
def test_output_error_is_translated(tmp_path: Path, src: Path, case: str) -> None:
    (tmp_path / "plain.txt").write_bytes(b"x")
    out = (
        tmp_path / "plain.txt" / "o.docx"
        if case == "parent_is_file"
        else tmp_path / ("长" * 80 + ".docx")
    )
    code, stdout, stderr = render(src, out)
    assert_usage_failure(code, stdout, stderr)
    said = re.sub("“[^”]*”", "", stderr.removeprefix("reportgen："))  # drop the quoted paths
    assert not re.search(r"[A-Za-z]{3,}", said), stderr


# ── 16. the installed console script, as a user runs it ────────────────────────


def _script(*args: str, timeout: float = 60, **kw: Any) -> subprocess.CompletedProcess[str]:
    r = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=timeout, **kw)
    assert "Traceback" not in r.stdout + r.stderr, r.stdout + r.stderr
    return r


SCRIPT_CASES: dict[str, tuple[Callable[[str], bytes], int]] = {
    "valid": (lambda t: t.encode(), 0),
    "arithmetic": (lambda t: edit(t, "count: 20}", "count: 21}").encode(), 1),
    "syntax_end": (lambda t: (t + 'x: "open\n').encode(), 1),
    "gbk": (lambda t: t.encode("gbk"), 1),
    "utf16": (lambda t: t.encode("utf-16"), 1),
    "control_char": (lambda t: edit(t, "year: 2011", "year: 20\x0111").encode(), 1),
    "billion_laughs": (lambda t: (t + LAUGHS).encode(), 1),
    "deep": (lambda t: (t + "zz: " + "[" * 50 + "]" * 50 + "\n").encode(), 1),
    "huge_int": (lambda t: edit(t, "count: 20}", f"count: {'9' * 5000}}}").encode(), 1),
    "empty": (lambda t: b"", 1),
    "list": (lambda t: b"- a\n", 1),
}


@pytest.mark.parametrize("case", SCRIPT_CASES)
def test_console_script_validate(tmp_path: Path, case: str) -> None:
    make, want = SCRIPT_CASES[case]
    src = tmp_path / "c.yaml"
    src.write_bytes(make(TEXTS["legacy"]))
    r = _script("validate", str(src))
    assert r.returncode == want, r.stdout + r.stderr
    diags = parse_report(r.stdout, str(src), line_count(src.read_bytes()) + 1)
    assert bool([d for d in diags if d.is_error]) == bool(want)


def test_console_script_refused_render_keeps_output(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(edit(TEXTS["national"], "[45, 6, 1, 1, 4, 1, 58]", "[45, 6, 1, 1, 4, 1, 59]"))
    out = tmp_path / "c.docx"
    out.write_bytes(b"old")
    before = listing(tmp_path)
    r = _script("render", str(src), "--docx", str(out))
    assert r.returncode == 1 and "RG205" in r.stdout and "未生成" in r.stderr
    _unchanged(before, tmp_path)


@pytest.mark.parametrize("case", ["directory", "parent_is_file", "input_itself"])
def test_console_script_unwritable_output(tmp_path: Path, case: str) -> None:
    src = tmp_path / "in.yaml"
    src.write_bytes(LEGACY.read_bytes())
    (tmp_path / "plain.txt").write_bytes(b"x")
    out = {
        "directory": tmp_path,
        "parent_is_file": tmp_path / "plain.txt" / "o.docx",
        "input_itself": src,
    }[case]
    before = listing(tmp_path)
    r = _script("render", str(src), "--docx", str(out))
    assert_usage_failure(r.returncode, r.stdout, r.stderr)
    _unchanged(before, tmp_path)


def test_console_script_hex_giant(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(edit(TEXTS["legacy"], "count: 20}", f"count: {HEX_HUGE}}}"), encoding="utf-8")
    r = _script("validate", str(src))
    assert r.returncode == 1 and "RG009" in r.stdout, r.stdout + r.stderr


def test_console_script_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    try:
        r = _script("validate", str(fifo), timeout=3)
    except subprocess.TimeoutExpired:
        pytest.fail("reportgen validate on a FIFO hung (> 3 s)")
    assert r.returncode in (1, 2)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_console_script_endless_device() -> None:
    import resource

    def limit() -> None:  # so that the unbounded read fails fast instead of swapping
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    r = _script("validate", "/dev/zero", timeout=30, preexec_fn=limit)
    # Not a regular file: refused before any read.
    assert r.returncode == 1 and "RG001" in r.stdout, r.stdout + r.stderr


def test_console_script_runs_under_that_memory_limit() -> None:
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    r = _script("validate", str(NATIONAL), timeout=30, preexec_fn=limit)
    assert r.returncode == 0, r.stdout + r.stderr


# ── 17. still open after the hostile-input fixes (b47ed04) ────────────────────


@pytest.mark.parametrize("ch", ["\u2028", "\u2029", "\x85"], ids=lambda c: f"U+{ord(c):04X}")
def test_unicode_line_separator_in_a_paragraph(ch: str) -> None:
    text = edit(TEXTS["legacy"], "乌海市经济和信息化委员会2011年主动", f"乌海{ch}市2011年主动")
    got = check(text)
    # Either the character is kept as text, or the message names it.
    assert got.exit_code == 0 or any(f"U+{ord(ch):04X}" in d.msg for d in got.errors), got.diags


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be"])
def test_utf32_is_named(tmp_path: Path, encoding: str) -> None:
    raw = TEXTS["legacy"].encode(encoding)
    if encoding == "utf-32-be":
        raw = b"\x00\x00\xfe\xff" + raw
    got = check_bytes(tmp_path, raw)
    (d,) = got.diags
    assert d.code == "RG002" and "UTF-32" in d.msg and (d.line, d.col) == (1, 1), d


def test_escaped_crlf_is_one_line_break() -> None:
    text = edit(TEXTS["legacy"], _PREAMBLE, '    - "甲\\r\\n乙"\n' + _PREAMBLE)
    result = validate_text(text, "x.yaml")
    assert result.document is not None, result.diagnostics
    doc = Document(io.BytesIO(docx_bytes(result.document, choose_profile(result.document, None))))
    (para,) = [p for p in doc.paragraphs if p.text.startswith("甲")]
    assert para.text == "甲\n乙"
