"""`render --pdf`, `preview` and `check-print` through the CLI (need LibreOffice + poppler)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen.cli import app

from conftest import EXAMPLE, mutate

runner = CliRunner()
TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdftoppm")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
# In CI a missing tool is a failure, not a skip: the print checks must really run there.
needs_print = pytest.mark.skipif(
    bool(MISSING) and os.environ.get("CI") != "true",
    reason=f"需要 LibreOffice 和 poppler（未找到：{'、'.join(MISSING)}）",
)

pytestmark = [pytest.mark.print, needs_print]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    out = tmp_path_factory.mktemp("pdfcli")
    pdf, docx = out / "seed.pdf", out / "seed.docx"
    r = runner.invoke(app, ["render", str(EXAMPLE), "--pdf", str(pdf), "--docx", str(docx)])
    assert r.exit_code == 0, r.output
    return pdf, docx, r.stdout


def test_render_pdf(printed: tuple[Path, Path, str]) -> None:
    pdf, docx, stdout = printed
    assert pdf.read_bytes()[:5] == b"%PDF-" and docx.read_bytes()[:2] == b"PK"
    assert f"已生成 {pdf}" in stdout
    assert "字体替换：仿宋_GB2312 → " in stdout


def test_check_print_passes_on_the_example(printed: tuple[Path, Path, str]) -> None:
    pdf, docx, _ = printed
    r = runner.invoke(app, ["check-print", str(pdf), "--docx", str(docx)])
    assert r.exit_code == 0, r.output
    assert "0 处版面问题（按 gb9704-1999 检查）" in r.stdout


def test_check_print_catches_the_wrong_standard(printed: tuple[Path, Path, str]) -> None:
    pdf, _, _ = printed
    r = runner.invoke(app, ["check-print", str(pdf), "--layout", "gb9704-2012"])
    assert r.exit_code == 1
    assert "版面问题" in r.stdout.splitlines()[-1]


def test_preview(tmp_path: Path) -> None:
    r = runner.invoke(app, ["preview", str(EXAMPLE), "--png", str(tmp_path), "--dpi", "40"])
    assert r.exit_code == 0, r.output
    pngs = sorted(tmp_path.glob("*.png"))
    assert len(pngs) >= 3 and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    lines = r.stdout.splitlines()
    assert lines[0].startswith("第1页：") and "版记" in lines[0]
    assert lines[1].startswith("第2页：") and "乌海市经济和信息化委员会2011年度" in lines[1]


def test_pdf_not_written_for_invalid_input(tmp_path: Path, example_text: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(mutate(example_text, "count: 20}", "count: 21}"), encoding="utf-8")
    pdf = tmp_path / "out.pdf"
    pdf.write_bytes(b"old")
    r = runner.invoke(app, ["render", str(bad), "--pdf", str(pdf)])
    assert r.exit_code == 1 and pdf.read_bytes() == b"old"


def test_check_print_refuses_a_non_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "x.pdf"
    fake.write_text("not a pdf")
    r = runner.invoke(app, ["check-print", str(fake)])
    assert r.exit_code == 2 and "Traceback" not in r.output


def test_missing_libreoffice_is_a_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere
    r = runner.invoke(app, ["render", str(EXAMPLE), "--pdf", str(tmp_path / "o.pdf")])
    assert r.exit_code == 2
    assert "libreoffice-writer-nogui" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.pdf").exists()
