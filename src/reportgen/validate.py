"""The library entry point for validation: a file in, located diagnostics out."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reportgen import checks
from reportgen.checks import text as text_checks
from reportgen.diagnostics import Diagnostic, Finding
from reportgen.loader import Loaded, SourceMap, load_path, load_text
from reportgen.models import DOCUMENT_MODELS
from reportgen.models.common import validate_as
from reportgen.parallel import ordered_map
from reportgen.schema_errors import convert, show

DATA_FILE_SUFFIXES = (".yaml", ".yml")


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    document: BaseModel | None = None

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0


class MissingPath(Exception):
    """A path given on the command line does not exist."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def expand_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given; directories as every *.yaml / *.yml below them, sorted as paths sort.

    A directory is read one folder at a time and its files come out one at a time, so
    listing a folder of 100,000 reports never holds more than one folder's names.
    """
    for p in paths:
        if p.is_dir():
            yield from map(Path, _data_files(str(p)))
        elif p.exists():
            yield p
        else:
            raise MissingPath(p)


def _data_files(folder: str) -> Iterator[str]:
    # Depth first, each folder's names sorted: the order of sorting the paths themselves.
    # Like Path.rglob, it does not descend into links to folders, and skips folders it
    # may not read.
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        full = os.path.join(folder, name)
        if os.path.isdir(full):
            if not os.path.islink(full):
                yield from _data_files(full)
        elif os.path.splitext(name)[1] in DATA_FILE_SUFFIXES and os.path.isfile(full):
            yield full


def locate(finding: Finding, smap: SourceMap) -> Diagnostic:
    mark = smap.locate(finding.data_path, key=finding.key)
    return Diagnostic(mark.line, mark.column, finding.code, finding.message, finding.data_path)


def model_for(data: dict[str, Any]) -> tuple[type[BaseModel] | None, list[Finding]]:
    """Pick the model from the `reportgen:` and `format:` markers."""
    found: list[Finding] = []
    version = data.get("reportgen")
    if "reportgen" not in data:
        found.append(Finding("RG101", "缺少数据文件版本标记“reportgen: 1”（写在文件开头）", ()))
    elif version != 1 or isinstance(version, bool):
        found.append(
            Finding(
                "RG106", f"数据文件版本“reportgen”应为 1，实际为{show(version)}", ("reportgen",)
            )
        )
    fmt = data.get("format")
    names = "、".join(DOCUMENT_MODELS)
    if "format" not in data:
        found.append(Finding("RG101", f"缺少报告格式标记“format”（可选：{names}）", ()))
        return None, found
    if not isinstance(fmt, str) or fmt not in DOCUMENT_MODELS:
        found.append(Finding("RG106", f"不支持的报告格式{show(fmt)}；可选：{names}", ("format",)))
        return None, found
    return (None if found else DOCUMENT_MODELS[fmt]), found


@dataclass
class Previous:
    """Last year's report, for the cross-year rules (`--previous`)."""

    path: str
    result: FileResult

    @classmethod
    def load(cls, path: Path) -> Previous:
        return cls(str(path), validate_file(path))


def _previous_findings(doc: BaseModel, previous: Previous) -> list[Finding]:
    prev_doc = previous.result.document
    if prev_doc is None:
        n = previous.result.errors
        return [
            Finding(
                "RG305",
                f"上年报告“{previous.path}”有{n}个错误，无法用于比对；请先改正上年报告",
                (),
            )
        ]
    return checks.check_against_previous(doc, prev_doc)


def validate_loaded(loaded: Loaded, display: str, previous: Previous | None = None) -> FileResult:
    result = FileResult(display, list(loaded.diagnostics))
    if loaded.data is None:
        return result
    smap = loaded.source_map
    findings: list[Finding] = []
    findings += text_checks.check_text(loaded.strings)
    findings += text_checks.check_memo_text(loaded.data)
    model, marker_findings = model_for(loaded.data)
    findings += marker_findings
    if model is not None:
        try:
            doc = validate_as(model, loaded.data)
        except ValidationError as exc:
            result.diagnostics += convert(exc, loaded.data, smap, model)
            findings += checks.check_partial(model, loaded.data)
        else:
            result.document = doc
            findings += checks.check_document(doc)
            if previous is not None:
                findings += _previous_findings(doc, previous)
    result.diagnostics += [locate(f, smap) for f in findings]
    result.diagnostics.sort()
    if result.errors:
        result.document = None
    return result


def validate_file(
    path: Path, display: str | None = None, previous: Previous | None = None
) -> FileResult:
    shown = display if display is not None else str(path)
    return validate_loaded(load_path(path), shown, previous)


def validate_text(
    text: str, display: str = "<text>", previous: Previous | None = None
) -> FileResult:
    return validate_loaded(load_text(text), display, previous)


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_AFTER = 64


def _validate_for_report(args: tuple[Path | str, Previous | None]) -> FileResult:
    """One file for a many-file run: the diagnostics only (the document stays behind)."""
    result = validate_file(Path(args[0]), previous=args[1])
    result.document = None
    return result


def validate_many(
    files: Sequence[Path | str], previous: Previous | None = None, jobs: int | None = None
) -> Iterator[FileResult]:
    """Validate `files` in order, on `jobs` processes (default: every core) for long runs.

    Results come back as they are ready, in input order, without their documents, so a
    run over thousands of files holds only diagnostics.
    """
    work = ((f, previous) for f in files)
    yield from ordered_map(
        _validate_for_report,
        work,
        len(files),
        jobs=jobs,
        parallel_after=PARALLEL_AFTER,
        chunksize=32,
    )
