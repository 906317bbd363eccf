"""Reporters: validation results → text, JSON or GitHub workflow commands.

Pure functions returning strings; the CLI decides where they go and whether to colour.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from reportgen.diagnostics import Diagnostic, format_path
from reportgen.validate import FileResult


def diagnostic_line(path: str, d: Diagnostic) -> str:
    return f"{path}:{d.line}:{d.column}: {d.code} {d.message}"


def summary_line(results: Sequence[FileResult]) -> str:
    errors = sum(r.errors for r in results)
    warnings = sum(r.warnings for r in results)
    return f"{len(results)} 个文件，{errors} 个错误，{warnings} 个警告"


def text_report(results: Sequence[FileResult]) -> list[str]:
    lines = [diagnostic_line(r.path, d) for r in results for d in r.diagnostics]
    lines.append(summary_line(results))
    return lines


def json_report(results: Sequence[FileResult]) -> str:
    doc = {
        "files": [
            {
                "path": r.path,
                "ok": r.ok,
                "diagnostics": [
                    {
                        "line": d.line,
                        "column": d.column,
                        "code": d.code,
                        "severity": d.severity.value,
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
            "files_with_errors": sum(1 for r in results if not r.ok),
            "errors": sum(r.errors for r in results),
            "warnings": sum(r.warnings for r in results),
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_report(results: Sequence[FileResult]) -> list[str]:
    out = []
    for r in results:
        for d in r.diagnostics:
            level = "error" if d.is_error else "warning"
            out.append(
                f"::{level} file={_escape_prop(r.path)},line={d.line},col={d.column},"
                f"title={d.code}::{_escape_data(d.message)}"
            )
    out.append(summary_line(results))
    return out
