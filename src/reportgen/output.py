"""Writing output files safely: refuse what would overwrite an input or cannot be written,
then write to a temporary file beside the target and move it into place. Every writer
(.docx, PDF, PNG, schema, skeleton) goes through here."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reportgen.oserrors import os_reason


class OutputError(Exception):
    """The output cannot be written (the command could not run: exit 2)."""


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
