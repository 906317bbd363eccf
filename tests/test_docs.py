"""docs/errors.md cannot drift from the code.

* It has one `## RGnnn 标题` section per registered code, in code order, with the
  registry's title.
* Every registered code is produced by at least one tests/cases/invalid case, or (where
  no single file in the cases folder can produce it) is listed in NOT_IN_CASES and
  tested here.
* Every example in it, validated, yields its section's code, and the ```text block
  after it is exactly the first diagnostic line it yields.

How the doc writes an example: the ```yaml blocks before a ```text block make up one
example, and the ```text block is its first diagnostic line (`FILE:LINE:COL: CODE 说明`;
FILE is the name it is validated under). A ```yaml block is a whole data file, unless an
HTML comment just before it says otherwise:

* `<!-- appendix -->`: the base file of the national-format examples (in the appendix);
* `<!-- fragment -->`: the base file with the lines given replaced (see apply_fragment);
* `<!-- previous fragment -->`: last year's report, given as `--previous`, written as a
  fragment of the base; the file checked is then the base itself unless a yaml block of
  its own comes with it.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reportgen.codes import CODES, Severity
from reportgen.loader import load_bytes, load_text
from reportgen.reporters import diagnostic_line, text_report
from reportgen.validate import (
    FileResult,
    Previous,
    validate_file,
    validate_loaded,
    validate_text,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "errors.md"
INVALID = Path(__file__).parent / "cases" / "invalid"

# The name last year's report is given under in the doc (`--previous last_year.yaml`).
PREVIOUS_NAME = "last_year.yaml"

# Codes that no single file in tests/cases/invalid can produce; each is tested here.
NOT_IN_CASES = {
    # Any file committed to the repository is readable (and root reads every file), so
    # the unreadable file is constructed: test_rg001_*.
    "RG001": "test_rg001_doc_line, test_rg001_directory, test_rg001_no_permission",
    # The cross-year rules need last year's report too (`--previous`), which a case file
    # cannot name: the doc's examples are the tests (test_examples_produce_the_lines_shown).
    "RG303": "test_examples_produce_the_lines_shown[RG303]",
    "RG305": "test_examples_produce_the_lines_shown[RG305], test_rg305_legacy_format",
    "RG408": "test_examples_produce_the_lines_shown[RG408]",
}

# Sections without a ```yaml example: the problem is not in the file's content.
NO_YAML_EXAMPLE = {"RG001"}

# Examples the doc says are saved in another encoding than UTF-8: encoded so before
# validation, and read as bytes (the way `reportgen validate` reads a file).
ENCODED_EXAMPLES = {"RG002": "gbk"}

_SECTION = re.compile(r"^## .*$", re.M)
_HEADING = re.compile(r"^## (RG\d{3}) (.+)$")
_CODE_HEADING = re.compile(r"^#+\s*RG.*$", re.M)
_BLOCK = re.compile(r"^(?:<!-- ([\w ]+) -->\n)?```(\w*)\n(.*?)^```$", re.M | re.S)
_EXPECTED_LINE = re.compile(r"^\d+:\d+: (RG\d{3})\b")


@dataclass
class Block:
    lang: str
    text: str
    role: str  # "file", "appendix", "fragment", "previous fragment"


@dataclass
class Example:
    files: list[Block]  # the ```yaml blocks
    shown: str  # the ```text block after them


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _sections() -> list[tuple[str, str]]:
    """(heading line, body) of every `## ` section, in document order."""
    text = _doc()
    heads = list(_SECTION.finditer(text))
    out = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        out.append((m[0], text[m.end() : end]))
    return out


def _code_sections() -> list[tuple[str, str, str]]:
    out = []
    for heading, body in _sections():
        m = _HEADING.match(heading)
        if m:
            out.append((m[1], m[2], body))
    return out


def _blocks(body: str) -> list[Block]:
    return [Block(m[2], m[3], m[1] or "file") for m in _BLOCK.finditer(body)]


def _examples(body: str) -> list[Example]:
    out, pending = [], []
    for block in _blocks(body):
        if block.lang == "yaml":
            pending.append(block)
        elif block.lang == "text":
            out.append(Example(pending, block.text))
            pending = []
    assert not pending, "a ```yaml example without a ```text result after it"
    return out


SECTIONS = _code_sections()
BY_CODE = {code: body for code, _, body in SECTIONS}


def _appendix() -> str:
    found = [b.text for _, body in _sections() for b in _blocks(body) if b.role == "appendix"]
    assert len(found) == 1, "docs/errors.md should have one `<!-- appendix -->` yaml block"
    return found[0]


def apply_fragment(base: str, fragment: str) -> str:
    """`base` with each one-line `key: value` of `fragment` put in place of the line of
    `base` that has the same key path; the fragment's other lines only give the path."""
    b, f = load_text(base), load_text(fragment)
    assert b.ok and f.ok, "the base and the fragment must both be valid YAML"
    lines = base.splitlines(keepends=True)
    flines = fragment.splitlines()
    replaced: list[tuple[str | int, ...]] = []
    for path, key_mark in f.source_map.keys.items():
        if any(path[: len(p)] == p for p in replaced):
            continue  # a key inside a one-line value already put in place
        if f.source_map.values[path].line != key_mark.line:
            continue  # a parent key, its value on the lines below
        assert path in b.source_map.keys, f"the base has no {'.'.join(map(str, path))}"
        base_key = b.source_map.keys[path]
        assert b.source_map.values[path].line == base_key.line, f"{path}: not one line"
        lines[base_key.line - 1] = flines[key_mark.line - 1] + "\n"
        replaced.append(path)
    assert replaced, "a fragment that replaces nothing"
    merged = "".join(lines)
    got, want = load_text(merged).data, f.data
    for path in replaced:
        assert _at(got, path) == _at(want, path), f"{path} not replaced as written"
    return merged


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _run(code: str, example: Example) -> FileResult:
    """Validate an example the way `reportgen validate FILE [--previous ...]` would."""
    shown_lines = example.shown.splitlines()
    assert len(shown_lines) == 1, f"{code}: the ```text block should be one diagnostic line"
    display = shown_lines[0].split(":", 1)[0]
    this = [b for b in example.files if b.role in ("file", "fragment")]
    last = [b for b in example.files if b.role == "previous fragment"]
    assert len(this) <= 1 and len(last) <= 1 and (this or last), f"{code}: {example.files}"
    if not this:
        text = _appendix()
    elif this[0].role == "fragment":
        text = apply_fragment(_appendix(), this[0].text)
    else:
        text = this[0].text
    previous = None
    if last:
        prev_text = apply_fragment(_appendix(), last[0].text)
        previous = Previous(PREVIOUS_NAME, validate_text(prev_text, PREVIOUS_NAME))
    encoding = ENCODED_EXAMPLES.get(code)
    if encoding is not None:
        return validate_loaded(load_bytes(text.encode(encoding)), display, previous)
    return validate_text(text, display, previous)


def _lines(result: FileResult) -> list[str]:
    return [diagnostic_line(result.path, d) for d in result.diagnostics]


def _shown_line(code: str) -> str:
    """The single line of the first ```text block of a section."""
    texts = [b.text for b in _blocks(BY_CODE[code]) if b.lang == "text"]
    assert texts, f"{code}: no ```text block"
    lines = texts[0].splitlines()
    assert len(lines) == 1, f"{code}: the ```text block should be one diagnostic line"
    return lines[0]


# (a) one section per code, in order, titled as in the registry


def test_code_headings_are_well_formed() -> None:
    for line in _CODE_HEADING.findall(_doc()):
        assert _HEADING.fullmatch(line), f"heading should be `## RGnnn 标题`: {line!r}"


def test_one_section_per_code_in_order() -> None:
    documented = [code for code, _, _ in SECTIONS]
    assert documented == sorted(set(documented)), "sections out of order or repeated"
    missing = sorted(set(CODES) - set(documented))
    extra = sorted(set(documented) - set(CODES))
    assert not missing, f"codes without a section in docs/errors.md: {missing}"
    assert not extra, f"sections for codes not in reportgen.codes.CODES: {extra}"


@pytest.mark.parametrize(("code", "title"), [(c, t) for c, t, _ in SECTIONS])
def test_section_title_is_the_registry_title(code: str, title: str) -> None:
    assert code in CODES
    assert title == CODES[code].title


@pytest.mark.parametrize("code", [c for c, _, _ in SECTIONS])
def test_section_states_severity_and_fix(code: str) -> None:
    word = "错误" if CODES[code].severity is Severity.ERROR else "警告"
    assert f"**级别**：{word}\n" in BY_CODE[code]
    assert "**改正方法**：" in BY_CODE[code]


# (b) every code is produced by an invalid case (or tested here)


def test_every_code_has_an_invalid_case() -> None:
    produced: set[str] = set()
    for exp in INVALID.glob("*.expected"):
        for line in exp.read_text(encoding="utf-8").splitlines():
            m = _EXPECTED_LINE.match(line)
            if m:
                produced.add(m[1])
    assert set(NOT_IN_CASES) <= set(CODES)
    missing = sorted(set(CODES) - produced - set(NOT_IN_CASES))
    assert not missing, f"codes no tests/cases/invalid/*.expected lists: {missing}"


# (c) the examples produce what the doc shows


@pytest.mark.parametrize("code", [c for c, _, _ in SECTIONS])
def test_examples_produce_the_lines_shown(code: str) -> None:
    examples = [e for e in _examples(BY_CODE[code]) if e.files]
    if code in NO_YAML_EXAMPLE:
        assert not examples
        return
    assert examples, f"{code}: no ```yaml example"
    for example in examples:
        result = _run(code, example)
        got = _lines(result)
        assert got, f"{code}: the example validates clean"
        assert code in [d.code for d in result.diagnostics], got
        assert example.shown.splitlines()[0] == got[0]


def test_appendix_validates_clean() -> None:
    result = validate_text(_appendix())
    assert result.diagnostics == []


def test_previous_is_named_as_in_the_doc() -> None:
    for code, _, body in SECTIONS:
        if any(b.role == "previous fragment" for b in _blocks(body)):
            assert f"--previous {PREVIOUS_NAME}" in body, code


def test_intro_example_is_a_real_run() -> None:
    """The `$ reportgen validate` transcript in the introduction: the RG201 example."""
    intro = _doc().split("\n## RG", 1)[0]
    transcript = next(b.text for b in _blocks(intro) if b.text.startswith("$"))
    command, *output = transcript.splitlines()
    [example] = _examples(BY_CODE["RG201"])
    assert output == text_report([_run("RG201", example)])
    assert command == f"$ reportgen validate {output[0].split(':', 1)[0]}"


def test_apply_fragment() -> None:
    base = "a: 1\nb:\n  c: [1, 2]\n  d: x\n"
    assert (
        apply_fragment(base, "b:\n  c: [3, 4]  # 改\n") == "a: 1\nb:\n  c: [3, 4]  # 改\n  d: x\n"
    )
    with pytest.raises(AssertionError):
        apply_fragment(base, "b:\n  e: 1\n")


# RG001: a file that cannot be read (see NOT_IN_CASES)


def test_rg001_doc_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The doc's line, from a file the user may not read (simulated, so it holds for root)."""
    shown = _shown_line("RG001")
    display = shown.split(":", 1)[0]
    path = tmp_path / display
    path.write_text("reportgen: 1\n", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    result = validate_file(path, display)
    assert _lines(result) == [shown]
    assert not result.ok


def test_rg001_directory(tmp_path: Path) -> None:
    result = validate_file(tmp_path, "report.yaml")
    assert [(d.line, d.column, d.code) for d in result.diagnostics] == [(1, 1, "RG001")]
    assert result.diagnostics[0].message.startswith("无法读取文件：")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_rg001_no_permission(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text("reportgen: 1\n", encoding="utf-8")
    path.chmod(0)
    try:
        result = validate_file(path, "report.yaml")
    finally:
        path.chmod(0o644)
    assert [(d.line, d.column, d.code) for d in result.diagnostics] == [(1, 1, "RG001")]


# RG305 for a report that is not of a national format (see NOT_IN_CASES)


def test_rg305_legacy_format() -> None:
    legacy_path = Path(__file__).parent / "cases" / "valid" / "minimal_legacy.yaml"
    legacy = legacy_path.read_text(encoding="utf-8")
    last = validate_text(legacy, PREVIOUS_NAME)
    assert last.document is not None
    result = validate_text(legacy, "report.yaml", Previous(PREVIOUS_NAME, last))
    line = legacy.splitlines().index("format: legacy-2008") + 1
    assert [(d.line, d.column, d.code) for d in result.diagnostics] == [(line, 9, "RG305")]
    assert "只能用于国家统一格式" in result.diagnostics[0].message
