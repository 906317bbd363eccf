"""The example and the issue's "done when" mutations of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.models.legacy import LegacyDocument
from reportgen.validate import validate_file, validate_text

from conftest import mutate

FIRST_ITEM = "{name: 部门动态, count: 20}"


def only(result: object) -> object:
    diags = result.diagnostics  # type: ignore[attr-defined]
    assert len(diags) == 1, [d.message for d in diags]
    return diags[0]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_example_is_valid(example_path) -> None:  # type: ignore[no-untyped-def]
    result = validate_file(example_path)
    assert result.diagnostics == []
    doc = result.document
    assert isinstance(doc, LegacyDocument)
    fig = doc.report.parts[1].paragraphs[0].figures  # type: ignore[union-attr]
    assert fig.total == 76
    assert [(i.name, i.count) for i in fig.breakdowns[0].items] == [
        ("部门动态", 20),
        ("政策法规", 10),
        ("规范性文件", 6),
        ("业务公开", 16),
        ("机构设置、人事类及其它类信息", 24),
    ]
    assert doc.memo is not None and doc.memo.subject_words == ["政府信息", "工作报告"]


def test_changed_item_names_both_totals(example_text: str) -> None:
    text = mutate(example_text, FIRST_ITEM, "{name: 部门动态, count: 21}")
    d = only(validate_text(text, "x.yaml"))
    assert d.code == "RG201"  # type: ignore[attr-defined]
    assert "77" in d.message and "76" in d.message  # type: ignore[attr-defined]
    # Located at the total it disagrees with.
    assert d.line == line_of(text, "total: 76")  # type: ignore[attr-defined]
    assert d.column == text.splitlines()[d.line - 1].index("76") + 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("bad", "code", "fragment"),
    [
        ("-20", "RG104", "不能小于0"),
        ("20.5", "RG103", "小数"),
        ("true", "RG103", "true"),
        ("yes", "RG103", "文字“yes”"),
        ("二十", "RG103", "文字"),
    ],
)
def test_bad_counts_are_located(example_text: str, bad: str, code: str, fragment: str) -> None:
    text = mutate(example_text, FIRST_ITEM, f"{{name: 部门动态, count: {bad}}}")
    d = only(validate_text(text, "x.yaml"))
    assert d.code == code  # type: ignore[attr-defined]
    assert fragment in d.message  # type: ignore[attr-defined]
    assert d.line == line_of(text, "name: 部门动态")  # type: ignore[attr-defined]
    assert d.data_path[-1] == "count"  # type: ignore[attr-defined]


def test_report_dated_inside_its_year(example_text: str) -> None:
    text = mutate(example_text, "  date: 2012-04-28 ", "  date: 2011-04-28 ")
    d = only(validate_text(text, "x.yaml"))
    assert d.code == "RG301"  # type: ignore[attr-defined]
    assert d.data_path == ("memo", "date")  # type: ignore[attr-defined]


def test_unknown_key_in_example(example_text: str) -> None:
    text = mutate(example_text, "  subject_words:", "  subject_word:")
    codes = sorted(d.code for d in validate_text(text, "x.yaml").diagnostics)
    assert codes == ["RG102"]


def test_every_error_is_reported_in_one_pass(example_text: str) -> None:
    """A type error elsewhere does not hide an arithmetic error."""
    text = mutate(example_text, FIRST_ITEM, "{name: 部门动态, count: 21}")
    text = mutate(text, "year: 2011", "year: 二〇一一")
    codes = sorted(d.code for d in validate_text(text, "x.yaml").diagnostics)
    assert codes == ["RG103", "RG201"]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (
            "addressee: 市政务公开工作领导小组办公室",
            "addressee: 市政务公开工作领导小组办公室：",
            "RG403",
        ),
        ("    - 工作报告", "    - 工作 报告", "RG404"),
        ("随文上报，请审阅。", "随文上报,请审阅。", "RG401"),
        ("受理事项27项", "受理 事项27项", "RG405"),
        ("kind: proactive", "kind: other", "RG406"),
        ("kind: problems", "kind: overview", "RG407"),
    ],
)
def test_advice_is_a_warning(example_text: str, old: str, new: str, code: str) -> None:
    result = validate_text(mutate(example_text, old, new), "x.yaml")
    assert [d.code for d in result.diagnostics] == [code]
    assert result.ok and result.document is not None
    assert not result.diagnostics[0].is_error


def test_zero_in_chinese_date_warns(example_text: str) -> None:
    text = mutate(example_text, "随文上报，请审阅。", "随文上报，请审阅。二0一二年四月二十八日")
    assert [d.code for d in validate_text(text, "x.yaml").diagnostics] == ["RG402"]


def test_markers(example_text: str) -> None:
    d = only(validate_text(mutate(example_text, "format: legacy-2008", "format: legacy"), "x"))
    assert d.code == "RG106" and "legacy-2008" in d.message  # type: ignore[attr-defined]
    d = only(validate_text(mutate(example_text, "reportgen: 1 ", "reportgen: 2 "), "x"))
    assert d.code == "RG106"  # type: ignore[attr-defined]
    text = mutate(example_text, "reportgen: 1 ", "# no marker ")
    d = only(validate_text(text, "x"))
    # A missing key points at its parent mapping: here the root, which starts at its first key.
    assert (d.code, d.line) == ("RG101", line_of(text, "format: legacy"))  # type: ignore[attr-defined]


def test_many_files_in_parallel_match_serial(tmp_path, example_text: str) -> None:  # type: ignore[no-untyped-def]
    from reportgen.validate import PARALLEL_AFTER, validate_many

    files = []
    for i in range(PARALLEL_AFTER + 6):
        p = tmp_path / f"r{i:03d}.yaml"
        text = example_text if i % 7 else mutate(example_text, "count: 20}", f"count: {20 + i}}}")
        p.write_text(text, encoding="utf-8")
        files.append(p)
    serial = [(r.path, r.diagnostics) for r in validate_many(files, jobs=1)]
    parallel = [(r.path, r.diagnostics) for r in validate_many(files, jobs=2)]
    assert parallel == serial
    assert sum(1 for _, d in serial if d) == len(range(0, len(files), 7)) - 1  # i = 0 is 20


def test_folders_expand_in_path_order_like_rglob(tmp_path: Path) -> None:
    from reportgen.validate import DATA_FILE_SUFFIXES, expand_paths

    # Names that sort differently as whole strings and as path parts ("a-b" < "a/" as
    # text, "a" < "a-b" as parts), hidden files, other suffixes, a folder named like a
    # file, links to a file and to a folder, and a broken link.
    for rel in [
        "a/b.yaml",
        "a-b/c.yml",
        "a.yaml",
        "a/z/deep.yaml",
        "B.yaml",
        ".hidden.yaml",
        ".yaml",
        "notes.txt",
        "upper.YAML",
        "dir.yaml/inner.yaml",
        "target/t.yaml",
    ]:
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "file-link.yaml").symlink_to(tmp_path / "a.yaml")
    (tmp_path / "dir-link").symlink_to(tmp_path / "target", target_is_directory=True)
    (tmp_path / "broken.yaml").symlink_to(tmp_path / "missing.yaml")

    reference = sorted(
        f for f in tmp_path.rglob("*") if f.suffix in DATA_FILE_SUFFIXES and f.is_file()
    )
    got = list(expand_paths([tmp_path]))
    assert got == reference
    assert tmp_path / "a" / "b.yaml" in got and tmp_path / "dir.yaml" / "inner.yaml" in got
    assert tmp_path / "upper.YAML" not in got and tmp_path / "broken.yaml" not in got
    # a file named on the command line is taken as it is, whatever its name
    assert list(expand_paths([tmp_path / "notes.txt"])) == [tmp_path / "notes.txt"]
