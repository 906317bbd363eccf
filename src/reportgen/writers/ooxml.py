"""Raw WordprocessingML that python-docx has no API for. Nothing else builds XML by hand."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.layout import Font


def _child(parent: Any, tag: str, before: tuple[str, ...] = ()) -> Any:
    """Get or create `tag` under `parent` (appended; python-docx reorders known children)."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    return el


_T = qn("w:t")
_XML_SPACE = qn("xml:space")


def add_text(r: Any, text: str) -> None:
    """A w:t holding `text` at the end of the run `r`, as python-docx's `add_t` makes it
    (xml:space="preserve" when the text starts or ends with white space), without its
    per-call element factory and child-order search: a run's w:t comes after its w:rPr."""
    t = r.makeelement(_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")
    r.append(t)


def new_rpr() -> Any:
    """An empty w:rPr, as python-docx's get_or_add_rPr() makes it."""
    return OxmlElement("w:rPr")


def set_run_font(rpr: Any, font: Font, char_spacing_twentieths: int) -> None:
    """East Asian + Latin font names, size, bold and character spacing on a w:rPr."""
    fonts = _child(rpr, "w:rFonts")
    fonts.set(qn("w:ascii"), font.latin)
    fonts.set(qn("w:hAnsi"), font.latin)
    fonts.set(qn("w:cs"), font.latin)
    fonts.set(qn("w:eastAsia"), font.east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    if font.bold:
        _child(rpr, "w:b")
    if char_spacing_twentieths:
        _child(rpr, "w:spacing").set(qn("w:val"), str(char_spacing_twentieths))
    half_points = str(round(font.size_pt * 2))
    _child(rpr, "w:sz").set(qn("w:val"), half_points)
    _child(rpr, "w:szCs").set(qn("w:val"), half_points)
    _child(rpr, "w:kern").set(qn("w:val"), "0")
    _reorder_rpr(rpr)


# CT_RPr child order (ECMA-376 Part 1, 17.3.2.28) for the children we write.
_RPR_ORDER = ["w:rStyle", "w:rFonts", "w:b", "w:color", "w:spacing", "w:kern", "w:sz", "w:szCs"]


def _reorder_rpr(rpr: Any) -> None:
    order = {qn(t): i for i, t in enumerate(_RPR_ORDER)}
    kids = list(rpr)
    kids.sort(key=lambda e: order.get(e.tag, len(order)))
    for k in kids:
        rpr.remove(k)
        rpr.append(k)


def set_doc_grid_lines(sect_pr: Any, line_pitch_twips: int) -> None:
    """w:docGrid type="lines": snap lines to the pitch; characters are not gridded."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    for attr in ("w:charSpace",):
        if grid.get(qn(attr)) is not None:
            del grid.attrib[qn(attr)]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch_twips))


def _set_border(ppr: Any, side: str, eighths: int) -> None:
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    rule = OxmlElement(f"w:{side}")
    rule.set(qn("w:val"), "single")
    rule.set(qn("w:sz"), str(eighths))
    rule.set(qn("w:space"), "0")
    rule.set(qn("w:color"), "000000")
    if side == "top":  # CT_PBdr order: top, left, bottom, right, between
        bdr.insert(0, rule)
    else:
        bdr.append(rule)


def set_bottom_border(ppr: Any, eighths: int) -> None:
    """A single rule under the paragraph, as wide as the paragraph's box."""
    _set_border(ppr, "bottom", eighths)


def set_top_border(ppr: Any, eighths: int) -> None:
    _set_border(ppr, "top", eighths)


def add_field(paragraph: Any, instruction: str, placeholder: str, rpr_source: Any) -> None:
    """A simple field (PAGE, …) as begin/instr/separate/result/end runs."""
    import copy

    def run_with(el: Any) -> None:
        r = OxmlElement("w:r")
        if rpr_source is not None:
            r.append(copy.deepcopy(rpr_source))
        r.append(el)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    t = OxmlElement("w:t")
    t.text = placeholder
    run_with(t)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def set_frame(ppr: Any, width_twips: int, y_twips: int | None) -> None:
    """Put the paragraph in a frame of its own, type-area wide, anchored to the margin:
    at `y_twips` below the top of the type area, or (None) on its bottom edge.

    One paragraph per frame: LibreOffice merges consecutive framed paragraphs with equal
    frame properties into one frame and then draws only one rule, and drops the frame
    altogether when their borders differ (measured, LibreOffice 7.4).
    """
    fr = OxmlElement("w:framePr")
    fr.set(qn("w:w"), str(width_twips))
    fr.set(qn("w:wrap"), "around")
    fr.set(qn("w:vAnchor"), "margin")
    fr.set(qn("w:hAnchor"), "margin")
    fr.set(qn("w:xAlign"), "center")
    if y_twips is None:
        fr.set(qn("w:yAlign"), "bottom")
    else:
        fr.set(qn("w:y"), str(y_twips))
    ppr.insert(0, fr)


def set_snap_to_grid(ppr: Any, snap: bool) -> None:
    _child(ppr, "w:snapToGrid").set(qn("w:val"), "1" if snap else "0")


def set_even_and_odd_headers(settings_element: Any) -> None:
    _child(settings_element, "w:evenAndOddHeaders")


def set_table_layout_fixed(tbl: Any, widths_twips: list[int]) -> None:
    """Fixed layout with explicit grid column widths (Word and LibreOffice both honour it)."""
    tbl_pr = tbl.tblPr
    layout = _child(tbl_pr, "w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    width = _child(tbl_pr, "w:tblW")
    width.set(qn("w:w"), str(sum(widths_twips)))
    width.set(qn("w:type"), "dxa")
    grid = tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths_twips, strict=True):
        col.set(qn("w:w"), str(w))


def set_row_flags(tr: Any, *, header: bool, cant_split: bool) -> None:
    """w:tblHeader repeats the row on every page; w:cantSplit keeps a row on one page."""
    tr_pr = tr.get_or_add_trPr()
    if cant_split:
        _child(tr_pr, "w:cantSplit")
    if header:
        _child(tr_pr, "w:tblHeader")


def split_twips(total: int, parts_mm: tuple[float, ...]) -> list[int]:
    """Column widths in twips, proportional to `parts_mm`, summing exactly to `total`."""
    whole = sum(parts_mm)
    out = [round(total * w / whole) for w in parts_mm]
    out[-1] += total - sum(out)
    return out


def set_cell_vertical_center(tc: Any) -> None:
    _child(tc.get_or_add_tcPr(), "w:vAlign").set(qn("w:val"), "center")
