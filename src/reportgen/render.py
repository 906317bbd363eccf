"""The library entry point for rendering: validate, compose, write atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from reportgen.compose import compose, document_date
from reportgen.layout import PROFILES, LayoutName, Profile, default_layout
from reportgen.oserrors import os_reason
from reportgen.validate import FileResult, Previous, validate_file


class OutputError(Exception):
    """The output cannot be written (the command could not run: exit 2)."""


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


def check_output_path(out: Path, *inputs: Path) -> None:
    """Refuse an output that cannot be written, or that would overwrite an input."""
    try:
        if out.is_dir():
            raise OutputError(
                f"输出路径“{out}”是一个文件夹，请给出文件名，如 {out / 'report.docx'}"
            )
        if not out.parent.is_dir():
            raise OutputError(f"输出文件夹“{out.parent}”不存在，请先建立")
        if out.exists():
            for source in inputs:
                if source.exists() and out.samefile(source):
                    raise OutputError(f"输出文件不能是输入的数据文件“{source}”本身")
        os.stat(out.parent)  # a name too long or a parent that is a file shows up here
        if len(os.fsencode(out.name)) > 255:
            raise OutputError(f"无法写入“{out}”：文件名太长")
    except OSError as exc:
        raise OutputError(f"无法写入“{out}”：{os_reason(exc)}") from exc


def write_atomically(out: Path, data: bytes) -> None:
    """Write to a temporary file beside `out`, then move it into place."""
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"无法在“{out.parent}”中写入文件：{os_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if out.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, out.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"无法写入“{out}”：{os_reason(exc)}") from exc


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


def _print_pdf(data: bytes, pdf: Path, result: RenderResult) -> None:
    """Convert the .docx bytes to `pdf` through LibreOffice (raises PrintingError)."""
    from reportgen.printing.pdf import docx_to_pdf, font_substitutions

    with tempfile.TemporaryDirectory(prefix="reportgen-") as tmp:
        docx = Path(tmp) / (pdf.stem + ".docx")
        docx.write_bytes(data)
        docx_to_pdf(docx, pdf)
    result.pdf = pdf
    result.substitutions = font_substitutions(pdf)
