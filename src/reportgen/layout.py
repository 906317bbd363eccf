"""GB/T 9704 layout profiles as data: the one place for fonts, sizes, margins and pitches.

Sizes are in points (pt), lengths in millimetres (mm) unless a name says otherwise.
Sources: ../shared/spec/domain.md §4 (GB/T 9704—1999 and —2012).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

# Chinese font sizes (号 → pt), domain.md §4.5.
SIZE_2 = 22.0  # 二号
SIZE_3 = 16.0  # 三号
SIZE_4 = 14.0  # 四号

# Font names offices have on Windows (domain.md §4.7). The documents name these; a
# renderer without them substitutes (see docs).
FONT_XBS = "方正小标宋简体"  # 小标宋: titles, subject words
FONT_FS = "仿宋_GB2312"  # 仿宋: body
FONT_HT = "黑体"  # 黑体: level-1 headings, labels
FONT_KT = "楷体_GB2312"  # 楷体: level-2 headings
FONT_ST = "宋体"  # 宋体: page numbers
FONT_LATIN = "Times New Roman"  # digits and Latin letters

# GB/T 9704—2012 took effect on this day; documents dated earlier default to 1999.
GB9704_2012_EFFECTIVE = dt.date(2012, 7, 1)


class LayoutName(StrEnum):
    gb1999 = "gb9704-1999"
    gb2012 = "gb9704-2012"


@dataclass(frozen=True)
class Font:
    east_asia: str
    size_pt: float
    latin: str = FONT_LATIN
    bold: bool = False


@dataclass(frozen=True)
class Profile:
    name: LayoutName
    # Page: A4 and the type area 156 mm × 225 mm at 37 mm from the top, 28 mm from the left.
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_bottom_mm: float = 35.0
    margin_left_mm: float = 28.0
    margin_right_mm: float = 26.0
    # 22 lines of 28 characters. Exact line pitch 28.95 pt (579 twips) gives 22 lines in
    # the 225 mm type area (29 pt gives only 21); condensing every run by 0.25 pt makes 28
    # three-size characters fit the 156 mm line (measured in LibreOffice, domain.md §4.2).
    lines_per_page: int = 22
    chars_per_line: int = 28
    line_pitch_twips: int = 579
    char_spacing_pt: float = -0.25
    body: Font = Font(FONT_FS, SIZE_3)
    # Title digits in the title face too: Times New Roman regular looks light among
    # heavy 小标宋 characters.
    title: Font = Font(FONT_XBS, SIZE_2, latin=FONT_XBS)
    heading1: Font = Font(FONT_HT, SIZE_3)
    heading2: Font = Font(FONT_KT, SIZE_3)
    subject_label: Font = Font(FONT_HT, SIZE_3)
    subject_words: Font = Font(FONT_XBS, SIZE_3)
    issuance: Font = Font(FONT_FS, SIZE_3)
    page_number: Font = Font(FONT_ST, SIZE_4, latin=FONT_ST)
    # Tables: 五号 (10.5 pt) so that 表三's ten and 表四's fifteen columns fit 156 mm.
    table: Font = Font(FONT_FS, 10.5)
    table_header: Font = Font(FONT_HT, 10.5)
    table_line_pt: float = 14.0
    # Indents in characters of the paragraph's own size.
    first_line_indent_chars: int = 2
    date_right_indent_chars: int = 4  # 成文日期右空四字
    issuance_side_indent_chars: int = 1  # 印发机关左空一字, 印发日期右空一字
    page_number_side_indent_chars: int = 1  # 单页码居右空一字, 双页码居左空一字
    # Footer distance from the page's bottom edge. 22 mm puts the top of the page-number
    # line 7.2 mm below the type area (measured, LibreOffice 7.4): our reading of
    # "一字线上距版心下边缘7 mm" [R: whether the 7 mm is to the line box or to the dash].
    footer_distance_mm: float = 22.0
    # Blank lines between the memo's last paragraph and its date (room for the seal).
    lines_before_date: int = 2
    # Dates written in Chinese numerals with 〇 (1999) or in Arabic numerals (2012).
    chinese_date: bool = True
    subject_words_shown: bool = True
    # 发文机关署名 over the date (2012); a sealed single-organ document of 1999 shows only
    # the date [R: domain.md §4.3].
    signature_shown: bool = False
    # Where the 版记 goes: "after-memo" (the seed's order: memo, 版记, then the report on
    # a new page) or "end" (2012: after the report, at the foot of the last page).
    version_block_position: str = "after-memo"
    # Rule widths under 版记 elements, in eighths of a point (OOXML border w:sz).
    # 1999: a plain rule under each element. 2012: first and last thick (0.35 mm ≈ 1 pt),
    # middle thin (0.25 mm ≈ 0.75 pt).
    rule_outer_eighths: int = 6
    rule_inner_eighths: int = 6
    rule_above_first: bool = False

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm

    @property
    def char_pitch_pt(self) -> float:
        """The advance of one three-size character after condensing."""
        return self.body.size_pt + self.char_spacing_pt


GB9704_1999 = Profile(name=LayoutName.gb1999)

GB9704_2012 = Profile(
    name=LayoutName.gb2012,
    issuance=Font(FONT_FS, SIZE_4),
    chinese_date=False,
    subject_words_shown=False,
    signature_shown=True,
    version_block_position="end",
    rule_outer_eighths=8,
    rule_inner_eighths=6,
    rule_above_first=True,
)

PROFILES: dict[LayoutName, Profile] = {p.name: p for p in (GB9704_1999, GB9704_2012)}


def default_layout(document_date: dt.date | None) -> LayoutName:
    """1999 for documents dated before GB/T 9704—2012 took effect, else 2012."""
    if document_date is not None and document_date < GB9704_2012_EFFECTIVE:
        return LayoutName.gb1999
    return LayoutName.gb2012


MM_PER_PT = 25.4 / 72


def mm_to_twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def pt_to_twips(pt: float) -> int:
    return round(pt * 20)


def text_width_chars(text: str) -> float:
    """Width in full-width characters: ASCII (digits, Latin) counts half."""
    return sum(0.5 if ord(ch) < 128 else 1.0 for ch in text)
