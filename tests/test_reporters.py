"""The reporters build their output a file at a time; the result must not depend on it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reportgen import reporters
from reportgen.diagnostics import format_path
from reportgen.validate import FileResult, validate_file, validate_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "wuhai_2011.yaml"


def _results() -> list[FileResult]:
    seed = SEED.read_text(encoding="utf-8")
    return [
        validate_file(SEED),
        validate_text(seed.replace("year: 2011", "year: 1999"), "年份错.yaml"),
        # a warning only: a half-width comma in Chinese text (RG401)
        validate_text(seed.replace("加强领导，", "加强领导,", 1), "半角.yaml"),
        validate_text("a: [1\n", "语法.yaml"),
    ]


def _whole_report(results: list[FileResult]) -> dict[str, Any]:
    """The report as one structure, written out here independently of the reporter."""
    return {
        "files": [
            {
                "path": r.path,
                "ok": r.ok,
                "diagnostics": [
                    {
                        "line": d.line,
                        "column": d.column,
                        "code": d.code,
                        "severity": "error" if d.is_error else "warning",
                        "message": d.message,
                        "data_path": format_path(d.data_path),
                    }
                    for d in r.diagnostics
                ],
            }
            for r in results
        ],
        "summary": {
            "files": len(results),
            "files_with_errors": sum(not r.ok for r in results),
            "errors": sum(r.errors for r in results),
            "warnings": sum(r.warnings for r in results),
        },
    }


@pytest.mark.parametrize("count", [0, 1, 2, 4])
def test_streamed_json_is_the_whole_report_as_json_writes_it(count: int) -> None:
    results = _results()[:count]
    if count == 4:
        assert all(r.diagnostics for r in results[1:]), "the fixtures must have findings"
    tally = reporters.Tally()
    lines = list(reporters.json_lines(iter(results), tally))
    expected = json.dumps(_whole_report(results), ensure_ascii=False, indent=2)
    assert "\n".join(lines) == expected
    assert tally.files == count


def test_json_lines_come_before_the_results_run_out() -> None:
    results = _results()
    taken: list[FileResult] = []

    def source() -> Any:
        for r in results:
            taken.append(r)
            yield r

    stream = reporters.json_lines(source(), reporters.Tally())
    # the opening and the first file's lines are out once the second file is in
    while len(taken) < 2:
        next(stream)
    assert len(taken) == 2


def test_tally_counts_and_verdict() -> None:
    results = _results()
    tally = reporters.Tally()
    for r in results:
        tally.add(r)
    assert tally.files == 4
    assert tally.files_with_errors == 2  # 1999 and the syntax error; the comma only warns
    assert tally.errors == sum(r.errors for r in results)
    assert tally.warnings == sum(r.warnings for r in results) >= 1
    assert tally.failed()
    clean = reporters.Tally()
    clean.add(results[0])
    assert not clean.failed() and not clean.failed(strict=True)
    warned = reporters.Tally()
    warned.add(results[2])
    assert not warned.failed() and warned.failed(strict=True)


def test_text_and_github_reports_end_with_the_summary() -> None:
    results = _results()
    text = reporters.text_report(results)
    assert text[:-1] == [line for r in results for line in reporters.text_lines(r)]
    n_diag = sum(len(r.diagnostics) for r in results)
    assert len(text) == n_diag + 1
    errors = sum(r.errors for r in results)
    assert text[-1] == f"4 个文件，{errors} 个错误，{n_diag - errors} 个警告"
    github = reporters.github_report(results)
    assert github[-1] == text[-1] and len(github) == len(text)
