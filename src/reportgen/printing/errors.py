"""Exceptions of the printing package and the one place that runs external tools.

Every message is one line of Chinese that a user can act on; the CLI prints it as is
(and exits 2: the command could not run).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reportgen.oserrors import os_reason


class PrintingError(Exception):
    """Base class: printing could not be done (the command could not run)."""


class PrintingUnavailable(PrintingError):
    """A program we need (LibreOffice, poppler, fontconfig) is not installed."""


class ConversionFailed(PrintingError):
    """LibreOffice did not produce a PDF (error, crash or time limit)."""


class PdfUnreadable(PrintingError):
    """poppler could not read the PDF (not a PDF, damaged, or a tool failed)."""


@dataclass(frozen=True)
class Tool:
    command: str
    description: str  # what it is, in Chinese
    package: str  # the Debian package that provides it
    alternatives: tuple[str, ...] = ()


SOFFICE = Tool("soffice", "LibreOffice", "libreoffice-writer-nogui", ("libreoffice",))
PDFTOTEXT = Tool("pdftotext", "poppler 的 pdftotext", "poppler-utils")
PDFINFO = Tool("pdfinfo", "poppler 的 pdfinfo", "poppler-utils")
PDFFONTS = Tool("pdffonts", "poppler 的 pdffonts", "poppler-utils")
PDFTOPPM = Tool("pdftoppm", "poppler 的 pdftoppm", "poppler-utils")
FC_MATCH = Tool("fc-match", "fontconfig 的 fc-match", "fontconfig")


def find(tool: Tool, purpose: str) -> str:
    """The full path of `tool`, or PrintingUnavailable naming the package to install."""
    for name in (tool.command, *tool.alternatives):
        path = shutil.which(name)
        if path:
            return path
    raise PrintingUnavailable(
        f"未找到{tool.description}（{tool.command}），无法{purpose}；"
        f"请安装 Debian 软件包 {tool.package}：sudo apt-get install {tool.package}"
    )


def missing(*tools: Tool) -> list[Tool]:
    """The tools among `tools` that are not installed (for skipping tests, diagnostics)."""
    return [t for t in tools if not any(shutil.which(n) for n in (t.command, *t.alternatives))]


def run(
    args: Sequence[str],
    *,
    timeout: float,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a program in its own process group; on timeout kill the whole group (LibreOffice's
    `soffice` is a wrapper whose `soffice.bin` child would otherwise outlive it) and raise
    subprocess.TimeoutExpired. Output is decoded as UTF-8 with replacement."""
    proc = subprocess.Popen(
        list(args),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env) if env is not None else None,
        cwd=cwd,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:  # the time limit, or KeyboardInterrupt
        _kill_group(proc)
        raise
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
    )


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the group we started (before reaping its leader, so the group id is ours)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.kill()
    proc.communicate()


def poppler(
    tool: Tool, args: Sequence[str], *, purpose: str, pdf: Path, timeout: float = 60
) -> str:
    """Run a poppler tool on `pdf` and return its standard output (PdfUnreadable on failure)."""
    exe = find(tool, purpose)
    if not pdf.is_file():
        raise PdfUnreadable(f"找不到 PDF 文件“{pdf}”")
    try:
        done = run([exe, *args], timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise PdfUnreadable(f"{tool.command} 读取“{pdf}”超过 {timeout:g} 秒未完成") from exc
    except OSError as exc:
        raise PdfUnreadable(f"无法运行 {tool.command}：{os_reason(exc)}") from exc
    if done.returncode != 0:
        detail = _last_line(done.stderr)
        raise PdfUnreadable(
            f"无法读取“{pdf}”，它可能不是 PDF 文件或已损坏（{tool.command}：{detail}）"
        )
    return done.stdout


def _last_line(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else "无输出"
