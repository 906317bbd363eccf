"""Document blocks + layout profile → .docx (python-docx)."""

from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt, Twips
from docx.table import _Cell

from reportgen.compose import blocks as b
from reportgen.layout import Font, Profile, mm_to_twips, text_width_chars
from reportgen.writers import ooxml, zipfix

# python-docx's default package cut down to what we use (docx_template/README.md): its
# 350 KB styles.xml and 440 KB stylesWithEffects.xml made opening it cost 7–12 ms.
TEMPLATE = Path(__file__).resolve().parent / "docx_template"


def _set_text(r: Any, text: str) -> None:
    """The text of a new run, as python-docx's `add_run(text)` sets it. Its setter walks
    the text character by character to make a w:tab of each tab and a w:br of each CR and
    each LF; text without those becomes one w:t, made here directly."""
    if "\t" in text or "\n" in text or "\r" in text:
        r.text = text.replace("\r\n", "\n")  # a CRLF is to be one break
    elif text:
        ooxml.add_text(r, text)


# A paragraph's format: (paragraph_format property or "snap_to_grid", value) pairs, in the
# order they are set.
Format = tuple[tuple[str, object], ...]


def _apply(para: Any, fmt: Format) -> None:
    pf = para.paragraph_format
    for name, value in fmt:
        if name == "snap_to_grid":
            ooxml.set_snap_to_grid(para._p.get_or_add_pPr(), bool(value))
        else:
            setattr(pf, name, value)


@dataclass
class _Prepared:
    """What a process builds once per layout profile, for every document it writes: the
    starting package with the page set-up, footers and styles in (≈3 ms a document), and
    elements built through python-docx once and deep-copied from then on."""

    package: bytes | None = None
    cells: dict[tuple[object, ...], Any] = field(default_factory=dict)  # kind → w:tc
    rprs: dict[tuple[Font, int], Any] = field(default_factory=dict)  # font, spacing → w:rPr
    pprs: dict[Format, Any] = field(default_factory=dict)  # paragraph format → w:pPr


_PREPARED: dict[Profile, _Prepared] = {}


class DocxWriter:
    def __init__(self, profile: Profile) -> None:
        self.p = profile
        self._break_before_next = False
        prepared = _PREPARED.setdefault(profile, _Prepared())
        self._cells, self._rprs, self._pprs = prepared.cells, prepared.rprs, prepared.pprs
        self._spacing = round(profile.char_spacing_pt * 20)  # twentieths of a point
        if prepared.package is None:
            self.doc: Any = new_docx(str(TEMPLATE))
            self._setup_page()
            self._setup_styles()
            buffer = io.BytesIO()
            self.doc.save(buffer)
            prepared.package = buffer.getvalue()
        # Every document, the first included, starts from the saved package, so that they
        # are all built the same way (byte-identical output for the same input).
        self.doc = new_docx(io.BytesIO(prepared.package))

    # ── page, styles ──────────────────────────────────────────────────────────
    def _setup_page(self) -> None:
        p = self.p
        body = self.doc.element.body
        # The default template holds one empty paragraph: start from nothing.
        for para in list(body.iterchildren()):
            if para.tag.endswith("}p"):
                body.remove(para)
        s = self.doc.sections[0]
        s.start_type = WD_SECTION.NEW_PAGE
        s.page_width, s.page_height = Mm(p.page_width_mm), Mm(p.page_height_mm)
        s.top_margin, s.bottom_margin = Mm(p.margin_top_mm), Mm(p.margin_bottom_mm)
        s.left_margin, s.right_margin = Mm(p.margin_left_mm), Mm(p.margin_right_mm)
        s.gutter = Mm(0)
        s.header_distance = Mm(15)
        s.footer_distance = Mm(p.footer_distance_mm)
        ooxml.set_doc_grid_lines(s._sectPr, p.line_pitch_twips)
        self.doc.settings.odd_and_even_pages_header_footer = True
        self._footer(s.footer, odd=True)
        self._footer(s.even_page_footer, odd=False)

    def _setup_styles(self) -> None:
        normal = self.doc.styles["Normal"]
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Twips(self.p.line_pitch_twips)
        # Widow/orphan control would move single lines and leave 21-line pages; the
        # 22-line grid matters more in an official document.
        pf.widow_control = False
        ooxml.set_run_font(normal.element.get_or_add_rPr(), self.p.body, self._spacing)

    def _footer(self, footer: Any, *, odd: bool) -> None:
        p = self.p
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0]
        pf = para.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(p.page_number.size_pt)
        indent = Pt(p.page_number.size_pt * p.page_number_side_indent_chars)
        if odd:
            pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            pf.right_indent = indent
        else:
            pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
            pf.left_indent = indent
        ooxml.set_snap_to_grid(pf._element.get_or_add_pPr(), False)
        self._run(para, "— ", p.page_number, spacing=0)
        rpr = self._run(para, "", p.page_number, spacing=0)._r.rPr
        ooxml.add_field(para, "PAGE", "1", rpr)
        self._run(para, " —", p.page_number, spacing=0)

    # ── paragraphs ────────────────────────────────────────────────────────────
    def _run(self, para: Any, text: str, font: Font, *, spacing: int | None = None) -> Any:
        run = para.add_run()
        _set_text(run._r, text)
        key = (font, self._spacing if spacing is None else spacing)
        proto = self._rprs.get(key)
        if proto is None:
            proto = self._rprs[key] = ooxml.new_rpr()
            ooxml.set_run_font(proto, *key)
        run._r.insert(0, copy.deepcopy(proto))  # as get_or_add_rPr() puts it: first
        return run

    def _para(self, text: str = "", font: Font | None = None, fmt: Format = ()) -> Any:
        """A body paragraph with `text` in one run, formatted as `fmt` says; the page break
        asked for by the last page-break block, if any, goes before it."""
        para = self.doc.add_paragraph()
        if self._break_before_next:
            fmt = (("page_break_before", True), *fmt)
            self._break_before_next = False
        if text:
            self._run(para, text, font or self.p.body)
        if fmt:
            proto = self._pprs.get(fmt)
            if proto is None:
                _apply(para, fmt)
                self._pprs[fmt] = copy.deepcopy(para._p.pPr)
            else:
                para._p.insert(0, copy.deepcopy(proto))  # as get_or_add_pPr() puts it: first
        return para

    def _indent_chars(self, n: int, font: Font | None = None) -> Any:
        size = (font or self.p.body).size_pt + self.p.char_spacing_pt
        return Pt(size * n)

    def add(self, block: b.Block) -> None:
        p = self.p
        if isinstance(block, b.Title):
            for line in block.lines:
                # A 22 pt line is taller than one grid row in some CJK fonts; off the grid
                # it keeps its exact pitch instead of taking two rows.
                title: Format = (
                    ("alignment", WD_ALIGN_PARAGRAPH.CENTER),
                    ("keep_with_next", True),
                    ("snap_to_grid", False),
                )
                self._para(line, p.title, title)
        elif isinstance(block, b.Heading):
            font = p.heading1 if block.level == 1 else p.heading2
            indent = self._indent_chars(p.first_line_indent_chars)
            heading: Format = (("first_line_indent", indent), ("keep_with_next", True))
            self._para(block.full_text, font, heading)
        elif isinstance(block, b.Paragraph):
            indent = self._indent_chars(p.first_line_indent_chars)
            body: Format = (
                ("first_line_indent", indent),
                ("alignment", WD_ALIGN_PARAGRAPH.JUSTIFY),
            )
            self._para(block.text, fmt=body)
        elif isinstance(block, b.Addressee):
            self._para(block.text)
        elif isinstance(block, b.DateLine):
            date: Format = (
                ("alignment", WD_ALIGN_PARAGRAPH.RIGHT),
                ("right_indent", self._indent_chars(p.date_right_indent_chars)),
            )
            self._para(block.text, fmt=date)
        elif isinstance(block, b.Spacer):
            for _ in range(block.lines):
                self._para()
        elif isinstance(block, b.PageBreak):
            # A paragraph of its own holding the break: frames before it stay anchored on
            # this page (LibreOffice anchors a frame to the paragraph that follows it).
            para = self.doc.add_paragraph()
            para.add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, b.VersionBlock):
            self._version_block(block)
            if self.p.version_block_position == "end":
                # LibreOffice anchors a frame to the paragraph after it: an empty one here
                # keeps the 版记 on the last page rather than where the last text began.
                self._para()
        elif isinstance(block, b.SignatureLine):
            # Centred over the date: the date ends 4 characters in from the right, so the
            # signature ends half the difference of their widths further in.
            shift = (text_width_chars(block.date_text) - text_width_chars(block.text)) / 2
            right = self._indent_chars(p.date_right_indent_chars) + Pt(
                max(0.0, shift) * p.char_pitch_pt
            )
            signature: Format = (("alignment", WD_ALIGN_PARAGRAPH.RIGHT), ("right_indent", right))
            self._para(block.text, fmt=signature)
        elif isinstance(block, b.Table):
            self._table(block)

    def _version_block(self, block: b.VersionBlock) -> None:
        """版记 at the foot of the type area: one framed paragraph per element, each over a
        rule (1999), the first also under a thick rule (2012); the last sits on the bottom
        edge of the type area, the others on the grid lines just above it.

        Side spaces are ideographic spaces rather than indents, so that each rule spans the
        whole type area in Word (which draws borders between the indents) and LibreOffice
        (which draws a frame's border full width) alike. Tab stops count from the margin.
        """
        p = self.p
        width = mm_to_twips(p.text_width_mm)
        rows: list[Any] = []
        if block.subject_words:
            para = self._para()
            self._run(para, "主题词：", p.subject_label)
            self._run(para, "\u3000".join(block.subject_words), p.subject_words)
            rows.append(para)
        if block.issuer is not None and block.issued is not None:
            para = self._para()
            side = "\u3000" * p.issuance_side_indent_chars
            right_gap = self._indent_chars(p.issuance_side_indent_chars, p.issuance)
            para.paragraph_format.tab_stops.add_tab_stop(
                Twips(width) - right_gap, WD_TAB_ALIGNMENT.RIGHT
            )
            self._run(para, side + block.issuer, p.issuance)
            self._run(para, "\t" + block.issued, p.issuance)
            rows.append(para)
        for i, row in enumerate(rows):
            ppr = row._p.get_or_add_pPr()
            last = i == len(rows) - 1
            y = None if last else (p.lines_per_page - len(rows) + i) * p.line_pitch_twips
            ooxml.set_frame(ppr, width, y)
            if i == 0 and p.rule_above_first:
                ooxml.set_top_border(ppr, p.rule_outer_eighths)
            ooxml.set_bottom_border(ppr, p.rule_outer_eighths if last else p.rule_inner_eighths)

    def _table(self, table: b.Table) -> None:
        """A grid table with merged cells, built row by row: each origin cell becomes a
        w:tc with gridSpan (and vMerge="restart"), each row it spans below gets a
        vMerge="continue" placeholder. python-docx's Table.cell()/merge() recompute the
        whole grid per call (≈1 s for 表三); this is linear.

        Each kind of cell (width, spans, paragraph format, font) is built once through
        python-docx and then deep-copied: its setters cost an xpath search and an
        OxmlElement per property, which made cells 80 % of the national sample's time."""
        widths = ooxml.split_twips(mm_to_twips(sum(table.columns_mm)), table.columns_mm)
        # No rows yet: python-docx would fill every row with cells we would only remove.
        t = self.doc.add_table(rows=0, cols=len(widths))
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        ooxml.set_table_layout_fixed(t._tbl, widths)
        starts: dict[int, list[b.Cell]] = {}
        for spec in table.cells:
            starts.setdefault(spec.row, []).append(spec)
        below: dict[int, list[b.Cell]] = {}  # row → cells continuing into it from above
        for spec in table.cells:
            for r in range(spec.row + 1, spec.row + spec.rowspan):
                below.setdefault(r, []).append(spec)
        for r in range(table.rows):
            tr = t._tbl.add_tr()
            ooxml.set_row_flags(tr, header=r < table.header_rows, cant_split=True)
            entries = [(c, True) for c in starts.get(r, [])] + [
                (c, False) for c in below.get(r, [])
            ]
            for spec, origin in sorted(entries, key=lambda e: e[0].col):
                width = sum(widths[spec.col : spec.col + spec.colspan])
                tc = self._cell(t, tr, width, spec, origin, table)
                if origin and spec.text:
                    _set_text(tc.p_lst[0].r_lst[0], spec.text)
        # A paragraph after the table keeps the next heading off the table's last row.
        self._para()

    def _cell(self, t: Any, tr: Any, width: int, spec: b.Cell, origin: bool, table: b.Table) -> Any:
        """A w:tc appended to `tr`: its properties, and one paragraph holding (in an origin
        cell) one run without text. A deep copy of the first cell of its kind."""
        vmerge = None if spec.rowspan == 1 else "restart" if origin else "continue"
        kind: tuple[object, ...] = (width, spec.colspan, vmerge, origin)
        if origin:
            kind += (spec.align, self._keep_cell_with_next(spec, table), spec.header)
        proto = self._cells.get(kind)
        if proto is not None:
            tc = copy.deepcopy(proto)
            tr.append(tc)  # as tr.add_tc() does: w:tc is the last child of a w:tr
            return tc
        tc = tr.add_tc()
        tc.width = Twips(width)
        if spec.colspan > 1:
            tc.grid_span = spec.colspan
        if vmerge is not None:
            tc.vMerge = vmerge
        ooxml.set_cell_vertical_center(tc)
        para = _Cell(tc, t).paragraphs[0]
        self._table_paragraph(para, spec if origin else None, table)
        self._cells[kind] = copy.deepcopy(tc)
        return tc

    def _table_paragraph(self, para: Any, spec: b.Cell | None, table: b.Table) -> None:
        """The cell's paragraph format, and its run with the cell's font but no text."""
        p = self.p
        pf = para.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(p.table_line_pt)
        ooxml.set_snap_to_grid(para._p.get_or_add_pPr(), False)
        if spec is None:  # the empty paragraph of a vMerge continuation
            return
        pf.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if spec.align == "left" else WD_ALIGN_PARAGRAPH.CENTER
        )
        pf.keep_with_next = self._keep_cell_with_next(spec, table)
        self._run(para, "", p.table_header if spec.header else p.table, spacing=0)

    @staticmethod
    def _keep_cell_with_next(spec: b.Cell, table: b.Table) -> bool:
        last = spec.row + spec.rowspan - 1  # the cell's last row
        kept = any(first <= spec.row and last < end for first, end in table.keep_rows)
        return kept or (table.keep_together and last < table.rows - 1)

    # ── output ────────────────────────────────────────────────────────────────
    def finish(self, document: b.Document) -> bytes:
        cp = self.doc.core_properties
        # Core properties hold at most 255 characters (python-docx refuses more).
        cp.title = document.title[:255]
        cp.author = document.author[:255]
        cp.last_modified_by = document.author[:255]
        cp.comments = ""
        cp.keywords = ""
        cp.subject = ""
        cp.category = ""
        cp.revision = 1
        stamp = dt.datetime.combine(document.created, dt.time(0, 0))
        cp.created = stamp
        cp.modified = stamp
        cp.last_printed = stamp
        data = zipfix.save(self.doc.part.package, zipfix.stamp(document.created))
        # python-docx's package and parts refer to each other, so the trees they hold are
        # freed only by a full garbage collection, which comes seldom: a batch would pile
        # up the XML of hundreds of documents (≈30 KB each, 115 MB by 1,200 national
        # reports). Emptying the body frees the bulk of it now.
        self.doc.element.body.clear()
        return data


def write_docx(document: b.Document, profile: Profile) -> bytes:
    """The .docx bytes for a composed document."""
    writer = DocxWriter(profile)
    for block in document.blocks:
        writer.add(block)
    return writer.finish(document)
