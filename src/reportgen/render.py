"""The library entry point for rendering: validate, compose, write atomically.

`OutputError` and `write_atomically` live in `reportgen.output`; they are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from reportgen.compose import compose, document_date
from reportgen.layout import PROFILES, LayoutName, Profile, default_layout
from reportgen.output import OutputError, check_output_path, write_atomically
from reportgen.parallel import ordered_map
from reportgen.validate import FileResult, Previous, validate_file


@dataclass
class RenderResult:
    validation: FileResult
    output: Path | None = None  # the .docx written, if one was asked for
    layout: LayoutName | None = None
    pdf: Path | None = None  # the PDF written, if one was asked for
    substitutions: list[tuple[str, str]] = field(default_factory=list)  # font asked → used


def choose_profile(doc: BaseModel, layout: LayoutName | None) -> Profile:
    """The profile asked for, or the one in force on the document's date."""
    if layout is None:
        dated = document_date(doc) or dt.date(getattr(doc, "year") + 1, 1, 1)  # noqa: B009
        layout = default_layout(dated)
    return PROFILES[layout]


def docx_bytes(doc: BaseModel, profile: Profile) -> bytes:
    from reportgen.writers.docx import write_docx  # python-docx loads only when rendering

    return write_docx(compose(doc, profile), profile)


def render_file(
    source: Path,
    out: Path | None,
    layout: LayoutName | None = None,
    previous: Previous | None = None,
    pdf: Path | None = None,
) -> RenderResult:
    """Validate `source`; if it has no errors, write the .docx to `out` and/or a PDF of it
    (through LibreOffice) to `pdf`, each atomically. Nothing is written on error."""
    if out is None and pdf is None:
        raise ValueError("render_file needs a .docx or a PDF output")
    inputs = [source] + ([Path(previous.path)] if previous is not None else [])
    for target in (out, pdf):
        if target is not None:
            check_output_path(target, *inputs)
    if out is not None and pdf is not None and out.resolve() == pdf.resolve():
        raise OutputError("--docx 和 --pdf 不能是同一个文件")
    result = RenderResult(validate_file(source, previous=previous))
    doc = result.validation.document
    if doc is None:
        return result
    profile = choose_profile(doc, layout)
    data = docx_bytes(doc, profile)
    result.layout = profile.name
    if pdf is not None:
        _print_pdf(data, pdf, result)
    if out is not None:
        write_atomically(out, data)
        result.output = out
    return result


# Below this many files, starting worker processes costs more than it saves (a document
# takes 5–30 ms to render; a worker ≈ 50 ms to start).
PARALLEL_AFTER = 8


def _render_for_batch(args: tuple[Path, Path, LayoutName | None]) -> RenderResult:
    """One file of a batch: the result without its document (it stays in the worker)."""
    result = render_file(args[0], args[1], args[2])
    result.validation.document = None
    return result


def render_many(
    pairs: Sequence[tuple[Path, Path]], layout: LayoutName | None = None, jobs: int | None = None
) -> Iterator[RenderResult]:
    """Render each (source, .docx) pair, on `jobs` processes (default: every core) for more
    than a few files. Results come in input order, without their documents. An
    `OutputError` stops the run at its file; with several processes, files after it that
    were already being rendered are still written (each atomically)."""
    yield from ordered_map(
        _render_for_batch,
        ((source, out, layout) for source, out in pairs),
        len(pairs),
        jobs=jobs,
        parallel_after=PARALLEL_AFTER,
        chunksize=2,
    )


def _print_pdf(data: bytes, pdf: Path, result: RenderResult) -> None:
    """Convert the .docx bytes to `pdf` through LibreOffice (raises PrintingError)."""
    from reportgen.printing.pdf import docx_to_pdf, font_substitutions

    with tempfile.TemporaryDirectory(prefix="reportgen-") as tmp:
        docx = Path(tmp) / (pdf.stem + ".docx")
        docx.write_bytes(data)
        docx_to_pdf(docx, pdf)
    result.pdf = pdf
    result.substitutions = font_substitutions(pdf)


__all__ = [
    "OutputError",
    "RenderResult",
    "check_output_path",
    "render_file",
    "render_many",
    "write_atomically",
]
