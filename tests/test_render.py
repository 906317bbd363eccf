"""Rendered documents, reopened with python-docx: text, order, fonts, sizes, page setup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from pydantic import BaseModel

from reportgen.layout import GB9704_1999, LayoutName, Profile
from reportgen.render import OutputError, render_file

from conftest import EXAMPLE, mutate


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("render") / "seed.docx"
    result = render_file(EXAMPLE, out)
    assert result.output == out and result.layout is LayoutName.gb1999
    return out


@pytest.fixture(scope="module")
def doc(seed_docx: Path):  # type: ignore[no-untyped-def]
    return Document(str(seed_docx))


def paragraph(doc, text: str):  # type: ignore[no-untyped-def]
    hits = [p for p in doc.paragraphs if p.text == text]
    assert len(hits) == 1, f"{text!r}: {len(hits)} paragraphs"
    return hits[0]


def run_font(run) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    rpr = run._r.rPr
    fonts = rpr.find(qn("w:rFonts"))
    size = rpr.find(qn("w:sz"))
    return {
        "eastAsia": fonts.get(qn("w:eastAsia")),
        "ascii": fonts.get(qn("w:ascii")),
        "hAnsi": fonts.get(qn("w:hAnsi")),
        "sz": size.get(qn("w:val")) if size is not None else None,
    }


def test_page_setup(doc) -> None:  # type: ignore[no-untyped-def]
    s = doc.sections[0]

    def mm(length) -> float:  # type: ignore[no-untyped-def]
        return round(length.mm, 1)  # stored in twips: 210 mm is 11906 twips

    assert (mm(s.page_width), mm(s.page_height)) == (210, 297)
    assert (mm(s.top_margin), mm(s.bottom_margin)) == (37, 35)
    assert (mm(s.left_margin), mm(s.right_margin)) == (28, 26)
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"


def test_every_run_has_east_asian_and_latin_fonts(doc) -> None:  # type: ignore[no-untyped-def]
    runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    assert len(runs) > 20
    titles = {"乌海市经济和信息化委员会2011年度", "政府信息公开工作年度报告"}
    for r in runs:
        f = run_font(r)
        assert f["eastAsia"], r.text
        # Digits and Latin in Times New Roman, but in the title's own face in the title.
        latin = "方正小标宋简体" if r.text in titles else "Times New Roman"
        assert f["ascii"] == f["hAnsi"] == latin, r.text
        assert r._r.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"


def test_body_paragraphs(doc) -> None:  # type: ignore[no-untyped-def]
    p = paragraph(doc, next(t.text for t in doc.paragraphs if t.text.startswith("根据《中华")))
    assert run_font(p.runs[0]) == {
        "eastAsia": "仿宋_GB2312",
        "ascii": "Times New Roman",
        "hAnsi": "Times New Roman",
        "sz": "32",
    }
    assert p.paragraph_format.first_line_indent == Pt(2 * (16 - 0.25))
    normal = doc.styles["Normal"].paragraph_format
    assert normal.line_spacing == Pt(28.95)


def test_title(doc) -> None:  # type: ignore[no-untyped-def]
    for line in ("乌海市经济和信息化委员会2011年度", "政府信息公开工作年度报告"):
        p = paragraph(doc, line)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert run_font(p.runs[0])["eastAsia"] == "方正小标宋简体"
        assert run_font(p.runs[0])["sz"] == "44"


@pytest.mark.parametrize(
    ("text", "font"),
    [
        ("一、概述", "黑体"),
        ("五、存在的主要问题和改进措施", "黑体"),
        ("（一）加强领导，完善体系", "楷体_GB2312"),
        ("（三）强化监督，确保落实", "楷体_GB2312"),
    ],
)
def test_headings(doc, text: str, font: str) -> None:  # type: ignore[no-untyped-def]
    p = paragraph(doc, text)
    assert run_font(p.runs[0])["eastAsia"] == font
    assert run_font(p.runs[0])["sz"] == "32"
    assert p.paragraph_format.keep_with_next


def test_memo(doc) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "市政务公开工作领导小组办公室："
    assert doc.paragraphs[0].paragraph_format.first_line_indent in (None, 0)
    date = paragraph(doc, "二〇一二年四月二十八日")
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == Pt(4 * (16 - 0.25))


def test_subject_words_and_issuance(doc) -> None:  # type: ignore[no-untyped-def]
    subj = paragraph(doc, "主题词：政府信息\u3000工作报告")
    label, words = subj.runs
    assert label.text == "主题词：" and run_font(label)["eastAsia"] == "黑体"
    assert run_font(words)["eastAsia"] == "方正小标宋简体"
    # 印发机关 one character in (an ideographic space), the date ending one character
    # before the right edge (a right tab stop at 156 mm less one character).
    issue = paragraph(doc, "\u3000乌海市经济和信息化委员会\t2012年4月28日印发")
    (tab,) = issue.paragraph_format.tab_stops
    assert abs(tab.position.mm - (156 - (16 - 0.25) * 25.4 / 72)) < 0.05
    frames = []
    for p in (subj, issue):
        ppr = p._p.pPr
        assert ppr.find(qn("w:pBdr")).find(qn("w:bottom")) is not None, "a rule under each"
        frame = ppr.find(qn("w:framePr"))
        assert frame.get(qn("w:vAnchor")) == "margin" and frame.get(qn("w:w")) == "8844"
        frames.append(frame)
    # One frame each (equal frames would merge): the issuance on the bottom edge of the
    # type area, the subject words on the grid line above it.
    assert frames[1].get(qn("w:yAlign")) == "bottom"
    assert frames[0].get(qn("w:y")) == str(20 * 579)  # the top of line 21 of 22


def test_version_block_precedes_the_report(doc) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in doc.paragraphs]
    i_issue = texts.index("\u3000乌海市经济和信息化委员会\t2012年4月28日印发")
    i_title = texts.index("乌海市经济和信息化委员会2011年度")
    assert i_issue < i_title
    # The report starts on a new page.
    between = doc.paragraphs[i_issue + 1 : i_title + 1]
    assert (
        any(br.get(qn("w:type")) == "page" for p in between for br in p._p.iter(qn("w:br")))
        or doc.paragraphs[i_title].paragraph_format.page_break_before
    )


def test_page_numbers(doc) -> None:  # type: ignore[no-untyped-def]
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    for footer, align in (
        (s.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (s.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        (p,) = footer.paragraphs
        assert p.alignment == align
        xml = p._p.xml
        assert "PAGE" in "".join(t.text or "" for t in p._p.iter(qn("w:instrText")))
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert 'w:eastAsia="宋体"' in xml
        assert 'w:val="28"' in xml  # 四号 = 14 pt
    assert s.footer.paragraphs[0].paragraph_format.right_indent == Pt(14)
    assert s.even_page_footer.paragraphs[0].paragraph_format.left_indent == Pt(14)


def test_core_properties(doc) -> None:  # type: ignore[no-untyped-def]
    cp = doc.core_properties
    assert cp.title == "乌海市经济和信息化委员会2011年度政府信息公开工作年度报告"
    assert cp.author == "乌海市经济和信息化委员会"
    assert cp.created.date().isoformat() == "2012-04-28"


def test_layout_override_2012(tmp_path: Path) -> None:
    out = tmp_path / "r.docx"
    result = render_file(EXAMPLE, out, LayoutName.gb2012)
    assert result.layout is LayoutName.gb2012
    d = Document(str(out))
    texts = [p.text for p in d.paragraphs]
    assert "2012年4月28日" in texts and "二〇一二年四月二十八日" not in texts
    assert not any(t.startswith("主题词") for t in texts)
    # 2012: the 版记 comes last, after the report.
    assert texts.index("\u3000乌海市经济和信息化委员会\t2012年4月28日印发") > texts.index(
        "一、概述"
    )


def test_profile_arithmetic() -> None:
    p = GB9704_1999
    assert p.text_width_mm == 156 and p.text_height_mm == 225
    # 22 lines of 579 twips fit in 225 mm; 23 do not.
    assert 22 * p.line_pitch_twips <= round(225 / 25.4 * 1440) < 23 * p.line_pitch_twips
    # 28 condensed characters fit in 156 mm; 29 do not.
    assert 28 * p.char_pitch_pt <= 156 / 25.4 * 72 < 29 * p.char_pitch_pt


# ── writing: atomic, never clobbering ────────────────────────────────────────


def test_invalid_input_writes_nothing_and_keeps_existing(tmp_path: Path, example_text: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(mutate(example_text, "count: 20}", "count: 21}"), encoding="utf-8")
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous contents")
    result = render_file(bad, out)
    assert result.output is None and not result.validation.ok
    assert out.read_bytes() == b"previous contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "out.docx"]


def test_output_replaced_atomically(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"old")
    render_file(EXAMPLE, out)
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


@pytest.mark.parametrize("case", ["directory", "missing_parent", "input_itself"])
def test_unwritable_outputs(tmp_path: Path, case: str) -> None:
    src = tmp_path / "in.yaml"
    src.write_bytes(EXAMPLE.read_bytes())
    out = {
        "directory": tmp_path,
        "missing_parent": tmp_path / "no" / "out.docx",
        "input_itself": src,
    }[case]
    with pytest.raises(OutputError):
        render_file(src, out)
    assert src.read_bytes() == EXAMPLE.read_bytes()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            render_file(EXAMPLE, ro / "out.docx")
    finally:
        ro.chmod(0o700)


def test_failed_move_leaves_no_temporary_and_keeps_existing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous contents")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reportgen.output.os.replace", refuse)
    with pytest.raises(OutputError, match="无法写入"):
        render_file(EXAMPLE, out)
    assert out.read_bytes() == b"previous contents"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_two_renders_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    import zipfile

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    render_file(EXAMPLE, a)
    time.sleep(1.1)  # python-docx alone would stamp a different second into the zip
    render_file(EXAMPLE, b)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(2012, 4, 28, 0, 0, 0)}


def test_source_date_epoch_sets_the_zip_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    out = tmp_path / "a.docx"
    render_file(EXAMPLE, out)
    with zipfile.ZipFile(out) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


@pytest.mark.parametrize(
    ("epoch", "stamp"),
    [("0", (1980, 1, 1, 0, 0, 0)), ("99999999999", (2107, 12, 31, 23, 59, 58))],
)
def test_source_date_epoch_is_clamped_to_the_zip_range(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str, stamp: tuple[int, ...]
) -> None:
    import zipfile

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    out = tmp_path / "a.docx"
    render_file(EXAMPLE, out)
    with zipfile.ZipFile(out) as z:
        assert {i.date_time for i in z.infolist()} == {stamp}


def test_zip_members(seed_docx: Path) -> None:
    """[Content_Types].xml first, each member once, deflated, with fixed attributes, and
    only the parts the document uses."""
    import zipfile

    with zipfile.ZipFile(seed_docx) as z:
        infos = z.infolist()
        assert z.testzip() is None
    names = [i.filename for i in infos]
    assert names[0] == "[Content_Types].xml"
    assert len(set(names)) == len(names)
    assert {(i.compress_type, i.external_attr, i.create_system) for i in infos} == {
        (zipfile.ZIP_DEFLATED, 0o644 << 16, 0)
    }
    assert sorted(names) == sorted(
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/app.xml",
            "docProps/core.xml",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/fontTable.xml",
            "word/footer1.xml",
            "word/footer2.xml",
            "word/settings.xml",
            "word/styles.xml",
            "word/theme/theme1.xml",
        ]
    )


def test_template_is_python_docx_default_cut_down() -> None:
    """The starting package (writers/docx_template) keeps python-docx's default parts and
    styles unchanged, as its README says."""
    import zipfile

    import docx
    from lxml import etree

    from reportgen.writers.docx import TEMPLATE

    def canonical(data: bytes) -> bytes:
        parser = etree.XMLParser(remove_blank_text=True)
        return etree.tostring(etree.fromstring(data, parser), method="c14n")

    with zipfile.ZipFile(Path(docx.__file__).parent / "templates" / "default.docx") as z:
        default = {i.filename: z.read(i) for i in z.infolist()}
    for name in (
        "word/document.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/theme/theme1.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ):
        assert (TEMPLATE / name).read_bytes() == default[name], name

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    parser = etree.XMLParser(remove_blank_text=True)
    ours = etree.fromstring((TEMPLATE / "word/styles.xml").read_bytes(), parser)
    theirs = etree.fromstring(default["word/styles.xml"], parser)
    theirs_by_id = {s.get(f"{w}styleId"): s for s in theirs.iter(f"{w}style")}
    kept = [s.get(f"{w}styleId") for s in ours.iter(f"{w}style")]
    assert sorted(kept) == sorted(
        [
            "Normal",
            "DefaultParagraphFont",
            "TableNormal",
            "NoList",
            "TableGrid",
            "Footer",
            "FooterChar",
        ]
    )
    for style in ours.iter(f"{w}style"):
        theirs_style = theirs_by_id[style.get(f"{w}styleId")]
        assert canonical(etree.tostring(style)) == canonical(etree.tostring(theirs_style))
    assert canonical(etree.tostring(ours.find(f"{w}docDefaults"))) == canonical(
        etree.tostring(theirs.find(f"{w}docDefaults"))
    )
    assert [child.tag for child in ours] == [f"{w}docDefaults"] + [f"{w}style"] * len(kept)

    doc = Document(str(TEMPLATE))
    assert [p.partname for p in doc.part.package.parts] == [
        "/word/document.xml",
        "/word/styles.xml",
        "/word/settings.xml",
        "/word/fontTable.xml",
        "/word/theme/theme1.xml",
        "/docProps/core.xml",
        "/docProps/app.xml",
    ]


def test_output_does_not_depend_on_what_the_process_rendered_before() -> None:
    """The writer keeps a prepared package and element prototypes per layout profile for
    the rest of the process: a document must come out the same from a fresh process as
    after others, in either layout."""
    from reportgen.render import choose_profile, docx_bytes
    from reportgen.validate import validate_file
    from reportgen.writers import docx as writer

    docs: list[BaseModel] = []
    for path in (EXAMPLE, EXAMPLE.parent / "national_2021_sample.yaml"):
        doc = validate_file(path).document
        assert doc is not None
        docs.append(doc)
    jobs = [(d, choose_profile(d, name)) for d in docs for name in LayoutName]

    def fresh(doc: BaseModel, profile: Profile) -> bytes:
        writer._PREPARED.clear()
        return docx_bytes(doc, profile)

    first = [fresh(d, p) for d, p in jobs]
    assert len(set(first)) == len(jobs)  # four different documents
    # now with every cache warm, in the reverse order, twice
    for _ in range(2):
        again = [docx_bytes(d, p) for d, p in reversed(jobs)]
        assert again[::-1] == first
