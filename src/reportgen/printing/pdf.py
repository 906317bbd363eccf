""".docx → PDF with LibreOffice, and which fonts the PDF was actually set in.

LibreOffice runs headless with a user profile of its own in a temporary folder (parallel
conversions do not share or lock a profile) and with FONTCONFIG_FILE pointing at our
fonts.conf, which maps the Windows font names the documents request (黑体, 仿宋_GB2312, …)
to free fonts. The PDF is written atomically: converted in the temporary folder, then
copied beside the destination and renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from xml.etree import ElementTree

from reportgen.layout import FONT_FS, FONT_HT, FONT_KT, FONT_LATIN, FONT_ST, FONT_XBS
from reportgen.oserrors import os_reason
from reportgen.output import check_output_path, write_atomically
from reportgen.printing.errors import (
    FC_MATCH,
    PDFFONTS,
    SOFFICE,
    ConversionFailed,
    PrintingUnavailable,
    find,
    poppler,
    run,
)

# The fonts our layout profiles request: what font_substitutions() looks up by default.
DOCUMENT_FONTS: tuple[str, ...] = (FONT_XBS, FONT_FS, FONT_HT, FONT_KT, FONT_ST, FONT_LATIN)


@dataclass(frozen=True)
class ConversionResult:
    pdf: Path
    seconds: float  # wall time of the LibreOffice run (shared by a batch)
    soffice: str  # the program that ran
    log: str  # LibreOffice's own output (stdout and stderr), for debugging


@contextlib.contextmanager
def fonts_conf() -> Iterator[Path]:
    """The path of our fontconfig file (package data) for the duration of the block."""
    ref = resources.files("reportgen.printing").joinpath("fonts.conf")
    with resources.as_file(ref) as path:
        yield path


def font_environment(conf: Path) -> dict[str, str]:
    """The environment for a program that should see our font mapping."""
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(conf)
    return env


def docx_to_pdf(
    docx: Path, pdf: Path, *, timeout: float = 120, soffice: str | None = None
) -> ConversionResult:
    """Convert `docx` to `pdf` with LibreOffice (headless), atomically.

    Raises PrintingUnavailable (LibreOffice not installed), ConversionFailed (LibreOffice
    failed or exceeded `timeout` seconds; it is then killed) and reportgen.output.OutputError
    (the PDF cannot be written where asked). On any error an existing `pdf` is left as it was.
    """
    return docx_to_pdfs([(docx, pdf)], timeout=timeout, soffice=soffice)[0]


def docx_to_pdfs(
    jobs: Sequence[tuple[Path, Path]], *, timeout: float = 120, soffice: str | None = None
) -> list[ConversionResult]:
    """Convert several (docx, pdf) pairs in one LibreOffice run (its start-up, about a
    second with a fresh profile, is paid once). `timeout` is for the whole run. Errors as
    for docx_to_pdf; no PDF is written unless every conversion succeeded.
    """
    if not jobs:
        return []
    exe = soffice or find(SOFFICE, "把 .docx 转换为 PDF")
    for docx, pdf in jobs:
        if not docx.is_file():
            raise ConversionFailed(f"找不到要转换的文件“{docx}”")
        check_output_path(pdf, docx)
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as tmp_name, fonts_conf() as conf:
        tmp = Path(tmp_name)
        outdir = tmp / "out"
        outdir.mkdir()
        # Fixed, plain input names: LibreOffice names its output after the input, and a
        # name starting with "-" would be read as an option.
        sources = [tmp / f"document-{i}.docx" for i in range(1, len(jobs) + 1)]
        for (docx, _), source in zip(jobs, sources, strict=True):
            shutil.copyfile(docx, source)
        args = [
            exe,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(outdir),
            *map(str, sources),
        ]
        names = "、".join(f"“{docx.name}”" for docx, _ in jobs)
        start = time.monotonic()
        try:
            done = run(args, timeout=timeout, env=font_environment(conf), cwd=tmp)
        except subprocess.TimeoutExpired as exc:
            raise ConversionFailed(
                f"LibreOffice 转换{names}超过 {timeout:g} 秒仍未完成，已终止"
            ) from exc
        except OSError as exc:
            raise PrintingUnavailable(f"无法运行 LibreOffice（{exe}）：{os_reason(exc)}") from exc
        seconds = time.monotonic() - start
        log = (done.stdout + done.stderr).strip()
        produced = [outdir / (source.stem + ".pdf") for source in sources]
        for (docx, _), made in zip(jobs, produced, strict=True):
            if done.returncode != 0 or not made.is_file() or made.stat().st_size == 0:
                detail = _reason(log) or f"退出码 {done.returncode}"
                raise ConversionFailed(f"LibreOffice 未能把“{docx.name}”转换为 PDF：{detail}")
        for (_, pdf), made in zip(jobs, produced, strict=True):
            write_atomically(pdf, made.read_bytes())
    return [ConversionResult(pdf=pdf, seconds=seconds, soffice=exe, log=log) for _, pdf in jobs]


def _reason(log: str) -> str:
    """LibreOffice's error line, without its harmless Java warning."""
    lines = [
        ln.strip()
        for ln in log.splitlines()
        if ln.strip() and "javaldx" not in ln and not ln.startswith("convert ")
    ]
    return lines[-1] if lines else ""


# ── fonts ─────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class MatchedFont:
    families: tuple[str, ...]  # the font's family names (first: its usual name)
    style: str
    weight: int  # fontconfig weight: 80 regular, 200 bold
    postscript_name: str
    file: str

    @property
    def display_name(self) -> str:
        return self.families[0] + (" Bold" if self.weight >= 200 else "")


def match_font(name: str) -> MatchedFont:
    """The font fontconfig, with our fonts.conf, gives a request for `name` (Chinese text)."""
    exe = find(FC_MATCH, "查看字体替换")
    fmt = "%{family}\t%{style}\t%{weight}\t%{postscriptname}\t%{file}"
    with fonts_conf() as conf:
        try:
            done = run(
                [exe, "-f", fmt, f"{name}:lang=zh-cn"], timeout=30, env=font_environment(conf)
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintingUnavailable(f"无法运行 fc-match：{exc}") from exc
    parts = done.stdout.split("\t")
    if done.returncode != 0 or len(parts) != 5:
        raise PrintingUnavailable(f"fc-match 未能查询字体“{name}”：{done.stderr.strip()}")
    families, style, weight, ps_name, file = parts
    try:
        weight_value = int(float(weight))
    except ValueError:
        weight_value = 80
    return MatchedFont(
        families=tuple(f.strip() for f in families.split(",") if f.strip()),
        style=style.split(",")[0],
        weight=weight_value,
        postscript_name=ps_name,
        file=file,
    )


def pdf_fonts(pdf: Path) -> list[str]:
    """The fonts embedded in (or referenced by) `pdf`, by PostScript name, subset tag removed."""
    out = poppler(PDFFONTS, [str(pdf)], purpose="查看 PDF 所用字体", pdf=pdf)
    lines = out.splitlines()
    rule = next((i for i, ln in enumerate(lines) if ln.startswith("---")), None)
    if rule is None:
        return []
    names: list[str] = []
    for ln in lines[rule + 1 :]:
        fields = ln.split()
        if not fields or fields[0] == "[none]":  # Type 3 fonts have no name
            continue
        name = re.sub(r"^[A-Z]{6}\+", "", fields[0])
        if name not in names:
            names.append(name)
    return names


def docx_fonts(docx: Path) -> list[str]:
    """The font names a .docx requests explicitly (w:rFonts in body, styles, headers, footers)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    names: list[str] = []
    try:
        with zipfile.ZipFile(docx) as zf:
            parts = [
                n
                for n in zf.namelist()
                if re.fullmatch(r"word/(document|styles|header\d*|footer\d*)\.xml", n)
            ]
            for part in sorted(parts):
                root = ElementTree.fromstring(zf.read(part))
                for el in root.iter(f"{w}rFonts"):
                    for attr in ("eastAsia", "ascii", "hAnsi", "cs"):
                        value = el.get(f"{w}{attr}")
                        if value and value not in names:
                            names.append(value)
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError) as exc:
        raise ConversionFailed(f"无法读取“{docx}”中的字体设置：{exc}") from exc
    return names


def _font_key(name: str) -> str:
    """A comparable form of a PostScript name: NotoSerifCJKsc-Bold and the name LibreOffice
    embeds for the same face, NotoSerifCJKjp-Bold-VKana, both start with notoserifcjkbold."""
    key = re.sub(r"[^0-9a-z]", "", name.lower())
    return re.sub(r"cjk(jp|sc|tc|kr|hk)", "cjk", key)


def _used(match: MatchedFont, embedded: list[str]) -> bool:
    key = _font_key(match.postscript_name)
    return bool(key) and any(_font_key(e).startswith(key) for e in embedded)


def font_substitutions(pdf: Path, requested: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """(requested font, font actually used) for each requested name that is not installed
    and whose substitute appears in `pdf`, e.g. ("黑体", "Noto Sans CJK SC").

    `requested` defaults to the fonts our layout profiles use; pass docx_fonts(docx) to ask
    about exactly the names a document requests. Needs poppler (pdffonts) and fontconfig.
    """
    embedded = pdf_fonts(pdf)
    pairs: list[tuple[str, str]] = []
    for name in requested if requested is not None else DOCUMENT_FONTS:
        match = match_font(name)
        if name.casefold() in (f.casefold() for f in match.families):
            continue  # installed: no substitution
        if _used(match, embedded):
            pairs.append((name, match.display_name))
    return pairs


def fallback_fonts(pdf: Path, requested: Iterable[str] | None = None) -> list[str]:
    """Fonts in `pdf` that none of the requested names maps to: LibreOffice's own fallback,
    typically for a character missing from the substitute (worth a warning)."""
    embedded = pdf_fonts(pdf)
    matches = [match_font(n) for n in (requested if requested is not None else DOCUMENT_FONTS)]
    keys = [_font_key(m.postscript_name) for m in matches]
    return [e for e in embedded if not any(k and _font_key(e).startswith(k) for k in keys)]
