"""Reporters: validation results → text, JSON or GitHub workflow commands.

Pure functions returning strings; the CLI decides where they go and whether to colour.
Every report is built a file at a time, with a `Tally` keeping the counts, so a run over
thousands of files prints as it goes and holds no results.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reportgen.diagnostics import Diagnostic, format_path
from reportgen.validate import FileResult


@dataclass
class Tally:
    """What the summary needs of the files seen so far."""

    files: int = 0
    files_with_errors: int = 0
    errors: int = 0
    warnings: int = 0

    def add(self, result: FileResult) -> FileResult:
        errors = result.errors
        self.files += 1
        self.files_with_errors += errors > 0
        self.errors += errors
        self.warnings += len(result.diagnostics) - errors
        return result

    def failed(self, *, strict: bool = False) -> bool:
        return self.files_with_errors > 0 or (strict and self.warnings > 0)


def diagnostic_line(path: str, d: Diagnostic) -> str:
    return f"{path}:{d.line}:{d.column}: {d.code} {d.message}"


def summary_line(tally: Tally) -> str:
    return f"{tally.files} 个文件，{tally.errors} 个错误，{tally.warnings} 个警告"


def text_lines(result: FileResult) -> list[str]:
    return [diagnostic_line(result.path, d) for d in result.diagnostics]


def text_report(results: Sequence[FileResult]) -> list[str]:
    tally = Tally()
    lines = [line for r in results for line in text_lines(tally.add(r))]
    lines.append(summary_line(tally))
    return lines


def _json_file(result: FileResult) -> dict[str, Any]:
    return {
        "path": result.path,
        "ok": result.ok,
        "diagnostics": [
            {
                "line": d.line,
                "column": d.column,
                "code": d.code,
                "severity": d.severity.value,
                "message": d.message,
                "data_path": format_path(d.data_path),
            }
            for d in result.diagnostics
        ],
    }


def _inner_lines(wrapper: dict[str, Any], depth: int) -> list[str]:
    """The lines of `wrapper` as `json.dumps(indent=2)` writes it, less `depth` lines of
    brackets at each end: the inside, already indented for its place in the whole."""
    lines = json.dumps(wrapper, ensure_ascii=False, indent=2).split("\n")
    return lines[depth:-depth]


def json_lines(results: Iterable[FileResult], tally: Tally) -> Iterator[str]:
    """The JSON report, line by line as the results come: the same text as
    `json.dumps(report, indent=2)` of the whole report (see `json_report`)."""
    yield "{"
    pending: list[str] = []
    for r in results:
        tally.add(r)
        if pending:
            pending[-1] += ","
            yield from pending
        else:
            yield '  "files": ['
        pending = _inner_lines({"files": [_json_file(r)]}, 2)
    if pending:
        yield from pending
        yield "  ],"
    else:
        yield '  "files": [],'
    summary = {
        "files": tally.files,
        "files_with_errors": tally.files_with_errors,
        "errors": tally.errors,
        "warnings": tally.warnings,
    }
    yield from _inner_lines({"summary": summary}, 1)
    yield "}"


def json_report(results: Sequence[FileResult]) -> str:
    return "\n".join(json_lines(results, Tally()))


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_lines(result: FileResult) -> list[str]:
    out = []
    for d in result.diagnostics:
        level = "error" if d.is_error else "warning"
        out.append(
            f"::{level} file={_escape_prop(result.path)},line={d.line},col={d.column},"
            f"title={d.code}::{_escape_data(d.message)}"
        )
    return out


def github_report(results: Sequence[FileResult]) -> list[str]:
    tally = Tally()
    lines = [line for r in results for line in github_lines(tally.add(r))]
    lines.append(summary_line(tally))
    return lines
