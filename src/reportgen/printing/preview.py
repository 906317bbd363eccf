"""Page images (PNG, with poppler's pdftoppm) and a one-line-per-page text summary."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from reportgen.oserrors import os_reason
from reportgen.output import OutputError
from reportgen.printing.errors import PDFTOPPM, poppler
from reportgen.printing.pages import Page, is_page_number, is_version_block_row


def pdf_to_pngs(
    pdf: Path, out_dir: Path, dpi: int = 80, *, prefix: str | None = None
) -> list[Path]:
    """Render every page of `pdf` to `out_dir`/<prefix>-<n>.png (prefix: the PDF's name
    without suffix; n zero-padded as pdftoppm does) and return the files in page order.

    The images are made in a temporary folder inside `out_dir` and then moved into place;
    images <prefix>-<n>.png left there by an earlier, longer document are removed, so the
    folder holds exactly this document's pages. Raises PrintingUnavailable (no poppler),
    PdfUnreadable, and OutputError (`out_dir` missing or not writable).
    """
    if not 10 <= dpi <= 1200:
        raise ValueError(f"dpi {dpi} out of range 10–1200")
    name = prefix if prefix is not None else pdf.stem
    if not out_dir.is_dir():
        raise OutputError(f"输出文件夹“{out_dir}”不存在，请先建立")
    pattern = re.compile(rf"{re.escape(name)}-(\d+)\.png")
    try:
        tmp_ctx = tempfile.TemporaryDirectory(prefix=".reportgen-png-", dir=out_dir)
    except OSError as exc:
        raise OutputError(f"无法在“{out_dir}”中写入文件：{os_reason(exc)}") from exc
    with tmp_ctx as tmp_name:
        tmp = Path(tmp_name)
        poppler(
            PDFTOPPM,
            ["-png", "-r", str(dpi), str(pdf), str(tmp / name)],
            purpose="生成页面图片",
            pdf=pdf,
            timeout=120,
        )
        made = sorted(
            (p for p in tmp.iterdir() if pattern.fullmatch(p.name)),
            key=lambda p: int(pattern.fullmatch(p.name).group(1)),  # type: ignore[union-attr]
        )
        keep = {p.name for p in made}
        try:
            for old in out_dir.iterdir():
                if pattern.fullmatch(old.name) and old.name not in keep:
                    with contextlib.suppress(FileNotFoundError):
                        old.unlink()
            result = []
            for p in made:
                target = out_dir / p.name
                os.replace(p, target)
                result.append(target)
        except OSError as exc:
            raise OutputError(f"无法在“{out_dir}”中写入图片：{os_reason(exc)}") from exc
    return result


def _clip(text: str, limit: int, *, tail: bool = False) -> str:
    text = text.strip()
    if len(text) <= limit:
        return f"“{text}”"
    return f"“{text[-limit:]}”" if tail else f"“{text[:limit]}……”"


def summarise(pages: Sequence[Page]) -> list[str]:
    """One Chinese line per page: its number, how many text lines it holds (page number
    not counted), its first words and how it ends, e.g.
    第1页：7行，“市政务公开工作领导小组办公室：”……版记
    """
    out: list[str] = []
    for page in pages:
        lines = [ln for ln in page.lines if not is_page_number(ln)]
        if not lines:
            out.append(f"第{page.number}页：空白页")
            continue
        first = _clip(lines[0].text, 20)
        if len(lines) == 1:
            out.append(f"第{page.number}页：1行，{first}")
            continue
        last = lines[-1]
        end = "版记" if is_version_block_row(last) else _clip(last.text, 12, tail=True)
        out.append(f"第{page.number}页：{len(lines)}行，{first}……{end}")
    return out
