"""Printing: the example through LibreOffice to PDF, and the page checks on it.

The documents are converted once per module: the example in one LibreOffice run and the
deliberately broken variants in another, at the same time (so this also shows that runs
with their own LibreOffice profiles do not collide). Tests that need
LibreOffice and poppler are marked `print` and skipped when those are not installed.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reportgen.layout import GB9704_1999, GB9704_2012, LayoutName, Profile
from reportgen.printing import ConversionFailed, PdfUnreadable, PrintingUnavailable
from reportgen.printing import errors as tools
from reportgen.printing.pages import (
    Box,
    Line,
    Page,
    PrintSpec,
    Word,
    char_units,
    check_document,
    check_pages,
    guess_layout,
    ignore_tables,
    leading_chunk_units,
    parse_bbox,
    parse_pdfinfo_sizes,
    read_pages,
    table_line_matcher,
    table_texts,
)
from reportgen.printing.pdf import (
    docx_fonts,
    docx_to_pdf,
    docx_to_pdfs,
    fallback_fonts,
    font_substitutions,
    fonts_conf,
)
from reportgen.printing.preview import pdf_to_pngs, summarise
from reportgen.render import docx_bytes, render_file
from reportgen.validate import validate_file

from conftest import EXAMPLE, ROOT

NATIONAL_2021 = ROOT / "examples" / "national_2021_sample.yaml"  # three tables
NATIONAL_2019 = ROOT / "tests" / "cases" / "valid" / "national_2019.yaml"

_MISSING = tools.missing(
    tools.SOFFICE, tools.PDFTOTEXT, tools.PDFINFO, tools.PDFFONTS, tools.PDFTOPPM, tools.FC_MATCH
)
needs_printing = pytest.mark.skipif(
    bool(_MISSING),
    reason="需要 LibreOffice 和 poppler：未安装 "
    + "、".join(f"{t.command}（{t.package}）" for t in _MISSING),
)


def _centre_page_numbers(data: bytes) -> bytes:
    """The .docx with its footer paragraphs centred (no side indent)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if re.fullmatch(r"word/footer\d*\.xml", item.filename):
                text = body.decode("utf-8")
                text, n = re.subn(r'<w:jc w:val="(right|left)"/>', '<w:jc w:val="center"/>', text)
                assert n == 1, item.filename
                text = re.sub(r"<w:ind [^>]*/>", "", text)
                body = text.encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


def _break_before(docx: Path, out: Path, heading: str) -> None:
    """`docx` with a page break before the paragraph that starts with `heading`."""
    from docx import Document

    d = Document(str(docx))
    para = next(p for p in d.paragraphs if p.text.startswith(heading))
    para.paragraph_format.page_break_before = True
    d.save(str(out))


def _with_table(docx: Path, out: Path) -> None:
    """The example with a table after the heading 二、 (tables are not body lines)."""
    from docx import Document

    d = Document(str(docx))
    table = d.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    rows = [
        ("项目", "数量（条）", "说明"),
        ("部门动态", "20", "本委网站"),
        ("合计", "76", "各类信息"),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    heading = next(p for p in d.paragraphs if p.text.startswith("二、"))
    heading._p.addnext(table._tbl)
    d.save(str(out))


@dataclasses.dataclass
class Printed:
    docx: Path
    pdf: Path
    pages: list[Page]
    seconds: float


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    if _MISSING:
        pytest.skip("LibreOffice/poppler not installed")
    tmp = tmp_path_factory.mktemp("printing")
    seed = tmp / "seed.docx"
    render_file(EXAMPLE, seed)
    doc = validate_file(EXAMPLE).document
    docs: dict[str, Path] = {"seed": seed}

    def rendered(
        name: str,
        profile: Profile,
        post: Callable[[bytes], bytes] | None = None,
        source: Path = EXAMPLE,
    ) -> None:
        data = docx_bytes(doc if source == EXAMPLE else validate_file(source).document, profile)
        path = tmp / f"{name}.docx"
        path.write_bytes(post(data) if post else data)
        docs[name] = path

    # 29.5 pt pitch: 21 lines to the page instead of 22.
    rendered("pitch590", dataclasses.replace(GB9704_1999, line_pitch_twips=590))
    rendered("centred", GB9704_1999, _centre_page_numbers)
    rendered("gb2012", GB9704_2012)
    _with_table(seed, tmp / "table.docx")
    docs["table"] = tmp / "table.docx"
    # The national formats (2012 layout, dated after 2012): tables at 14 pt a row.
    for name, source in (("national2021", NATIONAL_2021), ("national2019", NATIONAL_2019)):
        docs[name] = tmp / f"{name}.docx"
        assert render_file(source, docs[name]).layout is LayoutName.gb2012
    wide = dataclasses.replace(GB9704_2012, line_pitch_twips=590)
    rendered("national-pitch590", wide, source=NATIONAL_2021)
    # 四、 and its table (表四) pushed to a new page: page 5 ends after 表三 half empty.
    _break_before(docs["national2021"], tmp / "national-break.docx", "四、")
    docs["national-break"] = tmp / "national-break.docx"

    # Two LibreOffice runs at the same time (each with its own profile: they must not
    # collide): the example alone, and the variants in one batch.
    with ThreadPoolExecutor(max_workers=2) as pool:
        single = pool.submit(docx_to_pdf, seed, seed.with_suffix(".pdf"))
        others = [(path, path.with_suffix(".pdf")) for name, path in docs.items() if name != "seed"]
        batch = pool.submit(docx_to_pdfs, others)
        results = {"seed": single.result()}
        results.update(zip([n for n in docs if n != "seed"], batch.result(), strict=True))
    return {
        name: Printed(docs[name], r.pdf, read_pages(r.pdf), r.seconds)
        for name, r in results.items()
    }


# ── the example as printed ────────────────────────────────────────────────────


@pytest.mark.print
@needs_printing
def test_example_prints_without_findings(printed: dict[str, Printed]) -> None:
    assert check_pages(printed["seed"].pages, GB9704_1999) == []


@pytest.mark.print
@needs_printing
def test_memo_on_page_1_report_title_on_page_2(printed: dict[str, Printed]) -> None:
    pages = printed["seed"].pages
    assert len(pages) >= 3
    first = [line.text for line in pages[0].lines]
    assert first[0] == "市政务公开工作领导小组办公室："
    assert any(t.startswith("主题词：政府信息") for t in first)
    assert any("乌海市经济和信息化委员会" in t and t.endswith("印发") for t in first)
    assert pages[1].lines[0].text == "乌海市经济和信息化委员会2011年度"
    assert pages[1].lines[1].text == "政府信息公开工作年度报告"
    assert [p.lines[-1].text for p in pages[:3]] == ["— 1 —", "— 2 —", "— 3 —"]


@pytest.mark.print
@needs_printing
def test_full_pages_hold_22_lines_of_28_characters(printed: dict[str, Printed]) -> None:
    page = printed["seed"].pages[2]  # a body page that continues on the next page
    body = [ln for ln in page.lines if ln.box.y1 < 750]
    assert len(body) == 22
    # A full line of pure CJK text: 28 characters (indent counted) across the type area.
    full = [ln for ln in body if ln.box.x1 > 515 and not re.search(r"[0-9A-Za-z]", ln.text)]
    assert full and all(
        char_units(ln.text) + round((ln.box.x0 - 79.4) / 15.75) in (27, 28) for ln in full
    )
    assert sum(char_units(ln.text) == 28 for ln in full) >= len(full) // 2


@pytest.mark.print
@needs_printing
def test_fonts_are_substituted_with_distinct_free_fonts(printed: dict[str, Printed]) -> None:
    seed = printed["seed"]
    requested = docx_fonts(seed.docx)
    assert {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"} <= set(requested)
    subs = dict(font_substitutions(seed.pdf, requested))
    # 黑体 headings, 仿宋 body and 楷体 sub-headings each print in a face of their own.
    assert len({subs["黑体"], subs["仿宋_GB2312"], subs["楷体_GB2312"]}) == 3, subs
    assert "DejaVu" not in " ".join(subs.values())
    assert fallback_fonts(seed.pdf, requested) == []


def test_fonts_conf_maps_every_document_font() -> None:
    with fonts_conf() as conf:
        text = conf.read_text(encoding="utf-8")
    assert '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>' in text
    for name in (
        "方正小标宋简体",
        "仿宋_GB2312",
        "仿宋",
        "黑体",
        "楷体_GB2312",
        "楷体",
        "宋体",
        "Times New Roman",
    ):
        assert f"<family>{name}</family>" in text or f"<string>{name}</string>" in text, name


# ── deliberately broken layouts ───────────────────────────────────────────────


@pytest.mark.print
@needs_printing
def test_wider_line_pitch_gives_21_lines_per_page(printed: dict[str, Printed]) -> None:
    findings = check_pages(printed["pitch590"].pages, GB9704_1999)
    lines = [f for f in findings if f.code == "lines-per-page"]
    assert [f.page for f in lines] == [2, 3, 4, 5]
    assert lines[0].message == "排了 21 行，正文满页应为每页 22 行"
    pitch = [f for f in findings if f.code == "line-pitch" and f.page == 2]
    assert pitch and "29.50 磅" in pitch[0].message and "28.95 磅" in pitch[0].message


@pytest.mark.print
@needs_printing
def test_centred_page_numbers_are_found(printed: dict[str, Printed]) -> None:
    pages = printed["centred"].pages
    findings = [f for f in check_pages(pages, GB9704_1999) if f.code == "page-number"]
    assert [f.page for f in findings] == [p.number for p in pages]
    assert "单页页码右端距版心右边缘" in findings[0].message
    assert "应居右空一字（4.9 毫米）" in findings[0].message
    assert "双页页码左端距版心左边缘" in findings[1].message
    assert "应居左空一字（4.9 毫米）" in findings[1].message


@pytest.mark.print
@needs_printing
def test_a_table_does_not_break_the_checks(printed: dict[str, Printed]) -> None:
    table = printed["table"]
    findings = check_pages(table.pages, GB9704_1999)
    assert [f for f in findings if f.code in ("chars-per-line", "type-area", "overlap")] == []
    assert check_document(table.pdf, GB9704_1999, table.docx) == []


# ── the national formats: tables ──────────────────────────────────────────────


@pytest.mark.print
@needs_printing
@pytest.mark.parametrize("name", ["national2021", "national2019"])
def test_national_formats_print_without_findings(printed: dict[str, Printed], name: str) -> None:
    p = printed[name]
    assert check_document(p.pdf, GB9704_2012, p.docx) == []
    # Read as body text, the tables' rows (14 pt apart) overlap.
    assert "overlap" in {f.code for f in check_pages(p.pages, GB9704_2012)}


@pytest.mark.print
@needs_printing
def test_table_lines_are_recognised(printed: dict[str, Printed]) -> None:
    """Exactly the 10.5 pt lines in the type area are table lines: none of the body text,
    headings, title or 版记 (16, 14 and 22 pt) is taken for one."""
    p = printed["national2021"]
    ignore = ignore_tables(p.docx)
    spec = PrintSpec.from_profile(GB9704_2012)
    lines = [(page, ln) for page in p.pages for ln in page.lines if ln.box.cy < spec.bottom]
    assert sum(ln.size_pt < 12 for _, ln in lines) > 80  # 表二, 表三 over two pages, 表四
    for page, line in lines:
        assert ignore(page, line) == (line.size_pt < 12), (page.number, line.text)


@pytest.mark.print
@needs_printing
def test_national_wider_line_pitch_is_found(printed: dict[str, Printed]) -> None:
    p = printed["national-pitch590"]
    findings = check_document(p.pdf, GB9704_2012, p.docx)
    found = {(f.page, f.code) for f in findings}
    # Pages 2 and 3 are body text only; page 2 continues on page 3.
    assert {(2, "lines-per-page"), (2, "line-pitch"), (3, "line-pitch")} <= found
    assert next(f for f in findings if f.page == 2).message == "排了 21 行，正文满页应为每页 22 行"
    assert not {f.code for f in findings} & {"overlap", "chars-per-line", "type-area"}


@pytest.mark.print
@needs_printing
def test_page_break_before_a_heading_and_its_table_is_found(printed: dict[str, Printed]) -> None:
    p = printed["national-break"]
    findings = check_document(p.pdf, GB9704_2012, p.docx)
    assert [(f.page, f.code) for f in findings] == [(5, "lines-per-page")]
    assert "下页开头的标题和表格" in findings[0].message


@pytest.mark.print
@needs_printing
def test_gb2012_prints_without_findings(printed: dict[str, Printed]) -> None:
    assert check_pages(printed["gb2012"].pages, GB9704_2012) == []


# ── conversion ────────────────────────────────────────────────────────────────


@pytest.mark.print
@needs_printing
def test_conversion_time_limit(printed: dict[str, Printed], tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"old")
    with pytest.raises(ConversionFailed, match=r"超过 0\.01 秒仍未完成，已终止"):
        docx_to_pdf(printed["seed"].docx, out, timeout=0.01)
    assert out.read_bytes() == b"old"  # left as it was
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


@pytest.mark.print
@needs_printing
def test_conversion_failure_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ConversionFailed, match=r"LibreOffice 未能把“bad\.docx”转换为 PDF"):
        docx_to_pdf(bad, tmp_path / "bad.pdf")
    assert not (tmp_path / "bad.pdf").exists()


def test_missing_programs_name_the_debian_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"")
    with pytest.raises(
        PrintingUnavailable, match=r"sudo apt-get install libreoffice-writer-nogui$"
    ):
        docx_to_pdf(docx, tmp_path / "a.pdf")
    with pytest.raises(PrintingUnavailable, match="poppler-utils"):
        read_pages(tmp_path / "a.pdf")


@pytest.mark.print
@needs_printing
def test_not_a_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(PdfUnreadable, match="它可能不是 PDF 文件或已损坏"):
        read_pages(bad)


# ── preview ───────────────────────────────────────────────────────────────────


@pytest.mark.print
@needs_printing
def test_summary_one_line_per_page(printed: dict[str, Printed]) -> None:
    lines = summarise(printed["seed"].pages)
    assert len(lines) == len(printed["seed"].pages)
    assert lines[0] == "第1页：7行，“市政务公开工作领导小组办公室：”……版记"
    assert lines[1].startswith("第2页：21行，“乌海市经济和信息化委员会2011年度”……")


@pytest.mark.print
@needs_printing
def test_pngs(printed: dict[str, Printed], tmp_path: Path) -> None:
    stale = tmp_path / "seed-99.png"
    stale.write_bytes(b"old")
    other = tmp_path / "notes.txt"
    other.write_text("kept", encoding="utf-8")
    pngs = pdf_to_pngs(printed["seed"].pdf, tmp_path, dpi=30)
    assert len(pngs) == len(printed["seed"].pages)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*(p.name for p in pngs), "notes.txt"]
    )


# ── pure parts (no external programs) ─────────────────────────────────────────


def test_leading_chunks() -> None:
    assert leading_chunk_units("上，实现“结果公开”") == 2  # a line may not begin with “，”
    assert leading_chunk_units("开”的原则") == 3  # no break on either side of ”
    assert leading_chunk_units("2011年底") == 2  # a run of digits is not split
    assert leading_chunk_units("《工业经济信息》") == 2  # an opening mark stays with what follows
    assert leading_chunk_units("政府") == 1


def test_character_units() -> None:
    assert char_units("年政府信息公开") == 7
    assert char_units("2011年") == 3
    assert char_units("“硬环境”。") == 6
    assert char_units("LED显示屏") == 4.5


def test_parse_poppler_output() -> None:
    xhtml = (
        '<page width="595.3" height="841.9">'
        '<word xMin="79.5" yMin="110.7" xMax="205.9" yMax="131.5">主题词：政府信息</word>'
        '<word xMin="221.4" yMin="110.7" xMax="284.7" yMax="131.5">工作报告</word>'
        '<word xMin="469.3" yMin="763.5" xMax="481.8" yMax="781.7">&#8212;</word>'
        '<word xMin="485.1" yMin="763.5" xMax="492.1" yMax="781.7">1</word>'
        '<word xMin="495.0" yMin="763.5" xMax="507.5" yMax="781.7">—</word>'
        "</page>"
    )
    (page,) = parse_bbox(xhtml)
    assert [ln.text for ln in page.lines] == ["主题词：政府信息\u3000工作报告", "— 1 —"]
    assert round(page.lines[0].size_pt) == 16
    info = "Page    1 size:  595.304 x 841.89 pts (A4)\nPage    1 rot:  0\nPage    2 size:  841.89 x 595.304 pts\nPage    2 rot:  90\n"
    assert parse_pdfinfo_sizes(info) == [(595.304, 841.89), (595.304, 841.89)]


def test_empty_and_odd_pages_do_not_crash() -> None:
    word = Word("孤", Box(300, 400, 316, 420.8))
    pages = [Page(1, 595.3, 841.9, ()), Page(2, 100, 100, (Line((word,)),))]
    codes = {f.code for f in check_pages(pages, GB9704_1999)}
    assert {"page-size", "page-number", "version-block", "report-new-page"} <= codes
    assert summarise(pages) == ["第1页：空白页", "第2页：1行，“孤”"]
    assert {f.code for f in check_pages([], GB9704_2012)} <= {"version-block", "report-new-page"}


# ── synthetic pages: one check at a time ──────────────────────────────────────

_LEFT, _TOP, _PITCH, _CHAR = 28 / 25.4 * 72, 37 / 25.4 * 72, 28.95, 15.75


def _line(
    row: int,
    text: str,
    *,
    indent: int = 0,
    size: float = 16,
    centred: bool = False,
    justified: bool = False,
) -> Line:
    """A line as LibreOffice prints it on grid line `row`; `justified` stretches it to the
    right edge of the type area (a full line of a paragraph that continues)."""
    x0 = _LEFT + indent * _CHAR
    width = char_units(text) * (size - 0.25)
    if centred:
        x0 = _LEFT + (442.2 - width) / 2
    elif justified:
        width = _LEFT + 442.2 - x0
    y0 = _TOP + 5.8 + (row - 1) * _PITCH
    return Line((Word(text, Box(x0, y0, x0 + width, y0 + 1.3 * size)),))


def _number(n: int) -> Line:
    x1 = _LEFT + 442.2 - 14
    x0 = (x1 - 38) if n % 2 else _LEFT + 14
    return Line(
        (
            Word("—", Box(x0, 763.5, x0 + 12.5, 781.7)),
            Word(str(n), Box(x0 + 15.8, 763.5, x0 + 22.8, 781.7)),
            Word("—", Box(x0 + 25.5, 763.5, x0 + 38, 781.7)),
        )
    )


def _page(n: int, *lines: Line) -> Page:
    return Page(n, 595.3, 841.9, (*lines, _number(n)))


def _memo_page() -> Page:
    return _page(
        1,
        _line(1, "市政务公开工作领导小组办公室："),
        _line(21, "主题词：政府信息"),
        _line(22, "乌海市经济和信息化委员会2012年4月28日印发", indent=1),
    )


def test_synthetic_pages_pass() -> None:
    report = _page(2, _line(1, "报告标题", size=22, centred=True), _line(3, "正文。", indent=2))
    assert check_pages([_memo_page(), report], GB9704_1999) == []


def test_heading_at_the_bottom_of_a_page() -> None:
    body = [_line(1, "报告标题", size=22, centred=True)]
    body.append(_line(3, "正" * 24 + "文，", indent=2, justified=True))
    body += [_line(r, "正" * 26 + "文，", justified=True) for r in range(4, 21)]
    body.append(_line(21, "正文。"))
    body.append(_line(22, "（二）健全制度，明确程序", indent=2))
    pages = [
        _memo_page(),
        _page(2, *body),
        _page(3, _line(1, "政府信息公开制度不断完善。", indent=2)),
    ]
    findings = check_pages(pages, GB9704_1999)
    assert [(f.page, f.code, f.line) for f in findings] == [(2, "heading-at-bottom", 21)]
    assert findings[0].message == "本页最后一行是标题“（二）健全制度，明确程序”，标题不应排在页末"


def test_report_title_must_open_a_new_page() -> None:
    memo = _page(
        1,
        _line(1, "市政务公开工作领导小组办公室："),
        _line(3, "报告标题", size=22, centred=True),
        _line(21, "主题词：政府信息"),
        _line(22, "乌海市经济和信息化委员会2012年4月28日印发", indent=1),
    )
    findings = check_pages([memo, _page(2, _line(1, "正文。", indent=2))], GB9704_1999)
    assert [(f.page, f.code) for f in findings] == [(1, "report-new-page"), (1, "report-new-page")]
    assert findings[0].message == "标题“报告标题”排在本页第 2 行，应另起一页"
    assert findings[1].message == "报告标题“报告标题”应排在报送函版记的下一页（第 2 页）"


def test_version_block_off_the_bottom() -> None:
    memo = _page(
        1,
        _line(1, "市政务公开工作领导小组办公室："),
        _line(19, "主题词：政府信息"),
        _line(20, "乌海市经济和信息化委员会2012年4月28日印发", indent=1),
    )
    report = _page(2, _line(1, "报告标题", size=22, centred=True))
    (finding,) = check_pages([memo, report], GB9704_1999)
    assert finding.code == "version-block" and finding.page == 1
    assert finding.message.startswith("版记的印发行底端距版心下边缘 21.6 毫米，应排在版心最下端")


def test_hanging_punctuation_and_line_breaking_allowances() -> None:
    title = _line(1, "报告标题", size=22, centred=True)
    first = _line(3, "正" * 24 + "文，", indent=2, justified=True)  # 2 + 26 = 28
    hanging = _line(4, "正" * 28 + "。", justified=True)
    hanging = Line(
        (Word(hanging.text, dataclasses.replace(hanging.box, x1=hanging.box.x1 + _CHAR)),)
    )
    short = _line(5, "正" * 27, justified=True)  # the next line begins with “字，”: unsplittable
    after = _line(6, "字，正文结束。")
    lines = [title, first, hanging, short, after]
    assert check_pages([_memo_page(), _page(2, *lines)], GB9704_1999) == []
    too_short = _line(6, "字正文结束。")  # nothing stopped a 28th character here
    findings = check_pages([_memo_page(), _page(2, *lines[:-1], too_short)], GB9704_1999)
    assert [(f.code, f.line) for f in findings] == [("chars-per-line", 4)]
    assert findings[0].message.startswith("第 4 行 27 字，满行应为每行 28 字")
    too_long = _line(4, "正" * 29, justified=True)  # no punctuation to hang
    findings = check_pages([_memo_page(), _page(2, title, first, too_long, after)], GB9704_1999)
    assert [(f.code, f.line) for f in findings] == [("chars-per-line", 3)]


def test_guess_layout() -> None:
    assert guess_layout([_memo_page()]) is LayoutName.gb1999
    assert guess_layout([_page(1, _line(1, "市政务公开工作领导小组办公室："))]) is LayoutName.gb2012


# ── tables (no external programs) ─────────────────────────────────────────────


def _cells(y0: float, *cells: tuple[float, str]) -> Line:
    """A line of table cells in 10.5 pt type: (x0, text) for each cell's fragment."""
    return Line(
        tuple(Word(t, Box(x, y0, x + char_units(t) * 10.5, y0 + 1.3 * 10.5)) for x, t in cells)
    )


_TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _tables(*texts: str) -> Callable[[Page, Line], bool]:
    """The `ignore` for a document whose table cells hold `texts`."""
    is_table = table_line_matcher(texts)
    return lambda page, line: is_table(line)


def test_table_lines_are_sets_of_cell_fragments() -> None:
    is_table = table_line_matcher(
        ["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "13"]
    )
    # One cell of a vertical merged label and the first line of a wrapped cell, one row.
    assert is_table(_cells(500, (88, "、"), (110, "（二）部分公开（区分处理的，只计")))
    assert is_table(_cells(520, (110, "这一情形，不计其他情形）"), (300, "13")))
    assert is_table(_cells(540, (88, "本年度")))
    # poppler may give a Kangxi radical (U+2F06) for 二: compared after NFKC.
    assert is_table(_cells(560, (110, "（\u2f06）部分公开")))
    assert not is_table(_cells(580, (110, "（二）部分公开"), (300, "14")))  # 14 is in no cell
    assert not is_table(_line(3, "本年度共收到政府信息公开申请13件。", indent=2))
    assert not table_line_matcher([])(_cells(600, (88, "、")))


def test_table_texts(tmp_path: Path) -> None:
    docx = tmp_path / "national.docx"
    docx.write_bytes(docx_bytes(validate_file(NATIONAL_2021).document, GB9704_2012))
    texts = table_texts(docx)
    assert {"信息内容", "本年制发件数", "行政规范性文件", "1260.35", "结果维持"} <= texts
    is_table = table_line_matcher(texts)
    assert is_table(_cells(300, (89, _TABLE3_CORNER[:19])))
    assert not is_table(_line(3, "本机关未收取信息处理费。"))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ConversionFailed, match=r"无法读取“.*bad\.docx”中的表格"):
        table_texts(bad)


def test_table_lines_are_not_body_lines() -> None:
    """Table rows 14.5 pt apart, a merged cell's text between them: no overlap among table
    lines, and a heading with its table below is not at the bottom of its page; a body
    line printed over the table is still found."""
    ignore = _tables("第二十条第（一）项", "信息内容", "本年制发件数", _TABLE3_CORNER)
    title = _line(1, "报告标题", size=22, centred=True)
    heading = _line(3, "二、主动公开政府信息情况", indent=2)
    y = _TOP + 3 * _PITCH + 2
    table = [
        _cells(y, (250, "第二十条第（一）项")),
        _cells(y + 14.5, (127, "信息内容"), (300, "本年制发件数")),
        _cells(y + 21.5, (90, _TABLE3_CORNER[:19])),  # overlaps both rows beside it
        _cells(y + 29, (127, "信息内容"), (300, "本年制发件数")),
    ]
    pages = [_memo_page(), _page(2, title, heading, *table)]
    assert check_pages(pages, GB9704_1999, ignore=ignore) == []
    codes = {f.code for f in check_pages(pages, GB9704_1999)}  # read as body lines
    assert "overlap" in codes
    over = _line(5, "正文。", indent=2)  # its box reaches into the last row
    pages = [_memo_page(), _page(2, title, heading, *table, over)]
    findings = check_pages(pages, GB9704_1999, ignore=ignore)
    assert [(f.page, f.code, f.line) for f in findings] == [(2, "overlap", 3)]
    assert findings[0].message.startswith("“信息内容\u3000")
    assert findings[0].message.endswith("与“正文。”重叠 3.5 毫米")


def _before_heading_and_table(last_row: int) -> list[Page]:
    """Page 2 ends on grid row `last_row`; page 3 opens with a heading and a table whose
    last line ends 233.3 pt below the top of the type area."""
    body = [_line(1, "报告标题", size=22, centred=True)]
    body += [_line(r, "正文。", indent=2) for r in range(3, last_row + 1)]
    y1 = _TOP + 233.3
    table = [
        _cells(_TOP + _PITCH + 3, (127, "信息内容")),
        _cells(y1 - 13.65, (300, "本年制发件数")),
    ]
    heading = _line(1, "二、主动公开政府信息情况", indent=2)
    return [_memo_page(), _page(2, *body), _page(3, heading, *table)]


def test_a_page_before_a_heading_and_its_table() -> None:
    """A heading is kept with its table, a short table on one page: the page before may
    end early, unless the heading and the table would have fitted there."""

    def check(pages: list[Page]) -> list[tuple[int, str, str]]:
        found = check_pages(pages, GB9704_1999, ignore=_tables("信息内容", "本年制发件数"))
        return [(f.page, f.code, f.message) for f in found]

    # Rows 15–22 (231.6 pt) are 1.7 pt too few for heading and table.
    assert check(_before_heading_and_table(14)) == []
    assert check(_before_heading_and_table(12)) == [
        (
            2,
            "lines-per-page",
            "本页下方尚空 102.4 毫米，下页开头的标题和表格（高约 82.3 毫米）可排在本页",
        )
    ]
    # Read as body lines, the table would be a paragraph: page 2 short by 7 lines.
    findings = check_pages(_before_heading_and_table(14), GB9704_1999)
    assert (2, "lines-per-page") in {(f.page, f.code) for f in findings}


def _shifted(line: Line, dy: float) -> Line:
    return Line(
        tuple(
            Word(w.text, dataclasses.replace(w.box, y0=w.box.y0 + dy, y1=w.box.y1 + dy))
            for w in line.words
        )
    )


def test_a_page_with_a_table_is_full_when_no_line_fits_below() -> None:
    """Below a table the lines are off the grid (here by 10 pt): the page is full when the
    room left below its last line would not take another."""

    def pages(last_row: int) -> list[Page]:
        table = [_cells(_TOP + 2 * _PITCH, (127, "信息内容")), _cells(_TOP + 80, (127, "信息内容"))]
        body = [_shifted(_line(r, "正文。", indent=2), 10) for r in range(5, last_row + 1)]
        title = _line(1, "报告标题", size=22, centred=True)
        return [
            _memo_page(),
            _page(2, title, *table, *body),
            _page(3, _line(1, "正文。", indent=2)),
        ]

    ignore = _tables("信息内容")
    assert check_pages(pages(21), GB9704_1999, ignore=ignore) == []  # 19.9 pt left
    findings = check_pages(pages(20), GB9704_1999, ignore=ignore)
    assert [(f.page, f.code, f.message) for f in findings] == [
        (2, "lines-per-page", "本页下方尚空约 1.7 行（17.2 毫米），正文满页应排至版心下边缘")
    ]
