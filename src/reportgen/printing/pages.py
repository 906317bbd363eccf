"""The printed pages: text lines with their boxes, read from a PDF, checked against a profile.

Reading. `pdftotext -bbox` gives every word with its box in points (origin top left); words
are grouped into visual lines by their vertical centres (a line may hold words from several
text flows, e.g. the 版记's issuer and date). `pdfinfo` gives each page's size. poppler's word
box is 1.3 em high (ascent 0.95 em, descent 0.35 em), so a line's font size is about its
height / 1.3.

Checking. `check_pages(pages, profile)` compares the pages with the geometry a layout
profile prescribes (see PrintSpec) and returns findings, each with a stable code:

  page-size          every page A4 (profile.page_width_mm × page_height_mm, ±1 mm)
  type-area          all text inside the type area (±1 mm); a trailing full-width
                     punctuation mark may hang past the right edge by one character,
                     as LibreOffice sets it
  overlap            no two lines printed over each other (e.g. a 版记 frame on text)
  lines-per-page     a full page (its text continues on the next page) spans exactly
                     profile.lines_per_page grid lines, counting blank lines between text;
                     a page may be short by as many lines as there are headings at the top
                     of the next page (a heading is kept with its paragraph)
  line-pitch         lines are profile.line_pitch_twips apart (±0.25 pt, averaged over the
                     page from its first to its last line outside the title)
  chars-per-line     see below
  page-number        “— N —” on every page below the type area; N is the page number;
                     odd pages right-aligned one character (of the page-number size) in
                     from the type area's right edge, even pages one character in from
                     the left; the box top about 7 mm below the type area (±1 mm)
  version-block      the 版记's 印发 line ends at the bottom of the type area (±2 mm);
                     for profiles with the 版记 at the end, on the last page
  heading-at-bottom  no heading (“一、…”, “（一）…”) is the last line of a page
  report-new-page    the report title (a centred line larger than the body text) is the
                     first line of its page; for profiles with the 版记 after the memo, on
                     the page after the 版记

Counting characters (chars-per-line). A line is *full* when its right edge reaches the type
area's right edge (within half a character): it is a line of a justified paragraph that
continues on the next line. Its size in characters is: the first-line indent in character
widths + 1 for each CJK character or full-width punctuation mark (also “”‘’—…, which
LibreOffice sets in the CJK font) + ½ for each half-width character (digits, Latin letters)
+ the width of wide gaps (ideographic spaces, which pdftotext drops) in characters.

A full line must not exceed profile.chars_per_line (one more is allowed when the last
character is punctuation hanging past the edge). It may hold fewer only for a reason the
line breaker had: the next line begins with a piece that cannot be split and did not fit —
a run of digits/Latin letters, a character followed by closing punctuation (“上，”), an
opening mark with the character after it, or a character glued to a quotation mark (ICU 72
in LibreOffice 7.4 does not break on either side of “ and ”). Half-width runs take slightly
more room than ½ per character (LibreOffice adds space between CJK and Latin text, capital
letters are wider than ½), so each such run in the line allows another ½ character.
Measured on the seed report: 50 of 68 full lines hold exactly 28; the other 18 are short by
½–2½ and each is explained by the rule above.

Tables. Lines the caller marks with `ignore` and lines with wide internal gaps (columns)
are table lines, not body lines. `ignore_tables(docx)` marks the lines printed from the
table cells of the .docx the PDF was made from (every word of the line is a piece of some
cell's text: see table_line_matcher); `check_document(pdf, profile, docx)` reads and checks
with it. Table rows are 14 pt apart in 10.5 pt type, a merged cell's text sits between the
rows beside it, and LibreOffice moves a heading with its table and keeps short tables on one
page, so for table lines and the pages around them:

  type-area          checked for table lines as for body lines
  overlap            body lines with each other and with table lines, never two table lines
  line-pitch         per run of body lines between tables (the lines below a table are off
                     the page's grid); a short run may drift by SHORT_RUN_DRIFT in all
  chars-per-line     table lines are not counted; a full line is not compared with the first
                     line after a table
  lines-per-page     a page with a table is full when the room left below its last line
                     (below a table: and an empty paragraph) is less than the next page's
                     opening needs: its headings and one line; a page whose next page opens
                     with (headings and) a table is short only if the room left would have
                     taken them and all of that table's lines there (the rows a table keeps
                     together are not known from the PDF: this errs on the side of no finding)
  heading-at-bottom  a heading with a table below it on its page is not at the bottom
  version-block      no table line below the 印发 row either
"""

from __future__ import annotations

import html
import itertools
import re
import statistics
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from reportgen.layout import LayoutName, Profile
from reportgen.printing.errors import PDFINFO, PDFTOTEXT, ConversionFailed, PdfUnreadable, poppler

PT_PER_MM = 72 / 25.4
BOX_EM = 1.3  # poppler's word box height in em
SHORT_RUN_DRIFT = 1.5  # pt: what a short run of body lines may drift from the pitch in all

# ── reading ───────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )


@dataclass(frozen=True)
class Word:
    text: str
    box: Box


@dataclass(frozen=True)
class Line:
    """One visual line: words sharing a baseline, left to right."""

    words: tuple[Word, ...]
    box: Box = field(init=False)

    def __post_init__(self) -> None:
        if not self.words:
            raise ValueError("a line has at least one word")
        box = self.words[0].box
        for w in self.words[1:]:
            box = box.union(w.box)
        object.__setattr__(self, "box", box)

    @property
    def size_pt(self) -> float:
        """The font size, estimated from the box height."""
        return max(w.box.height for w in self.words) / BOX_EM

    @property
    def baseline(self) -> float:
        """The baseline's y, from poppler's box (descent 0.35 em)."""
        return self.box.y1 - 0.35 * self.size_pt

    @property
    def gaps(self) -> list[float]:
        """Horizontal space between consecutive words, in pt."""
        return [b.box.x0 - a.box.x1 for a, b in itertools.pairwise(self.words)]

    @property
    def text(self) -> str:
        """The words joined; wide gaps become ideographic spaces, narrow gaps between
        half-width text a space."""
        em = self.size_pt
        out = [self.words[0].text]
        for gap, a, b in zip(self.gaps, self.words, self.words[1:], strict=False):
            if gap >= 0.6 * em:
                out.append("\u3000" * max(1, round(gap / em)))
            elif gap >= 0.15 * em and not _ideograph(a.text[-1]) and not _ideograph(b.text[0]):
                out.append(" ")
            out.append(b.text)
        return "".join(out)


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width_pt: float
    height_pt: float
    lines: tuple[Line, ...]  # top to bottom

    @property
    def width_mm(self) -> float:
        return self.width_pt / PT_PER_MM

    @property
    def height_mm(self) -> float:
        return self.height_pt / PT_PER_MM


def read_pages(pdf: Path) -> list[Page]:
    """The pages of `pdf` with their text lines (needs poppler-utils)."""
    info = poppler(PDFINFO, ["-f", "1", "-l", "100000", str(pdf)], purpose="读取 PDF", pdf=pdf)
    sizes = parse_pdfinfo_sizes(info)
    xhtml = poppler(
        PDFTOTEXT, ["-bbox", "-enc", "UTF-8", str(pdf), "-"], purpose="读取 PDF 中的文字", pdf=pdf
    )
    pages = parse_bbox(xhtml)
    if len(sizes) != len(pages):
        raise PdfUnreadable(
            f"无法读取“{pdf}”：页数不一致（pdfinfo {len(sizes)} 页，pdftotext {len(pages)} 页）"
        )
    return [Page(p.number, w, h, p.lines) for p, (w, h) in zip(pages, sizes, strict=True)]


_PAGE_SIZE_RE = re.compile(r"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)\s+pts", re.M)
_PAGE_ROT_RE = re.compile(r"^Page\s+(\d+)\s+rot:\s+(\d+)", re.M)


def parse_pdfinfo_sizes(info: str) -> list[tuple[float, float]]:
    """Page sizes (width, height in pt, as displayed: rotation applied) from `pdfinfo -f -l`."""
    rotation = {int(n): int(r) for n, r in _PAGE_ROT_RE.findall(info)}
    sizes: list[tuple[float, float]] = []
    for n, w, h in _PAGE_SIZE_RE.findall(info):
        width, height = float(w), float(h)
        if rotation.get(int(n), 0) % 180 == 90:
            width, height = height, width
        sizes.append((width, height))
    return sizes


_PAGE_RE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD_RE = re.compile(
    r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">(.*?)</word>',
    re.S,
)


def parse_bbox(xhtml: str) -> list[Page]:
    """Pages from `pdftotext -bbox` (or -bbox-layout) output."""
    pages: list[Page] = []
    for number, m in enumerate(_PAGE_RE.finditer(xhtml), 1):
        words = [
            Word(html.unescape(t), Box(float(a), float(b), float(c), float(d)))
            for a, b, c, d, t in _WORD_RE.findall(m.group(3))
        ]
        words = [w for w in words if w.text.strip()]
        pages.append(Page(number, float(m.group(1)), float(m.group(2)), tuple(group_lines(words))))
    return pages


def group_lines(words: Iterable[Word]) -> list[Line]:
    """Words → visual lines: a word joins a line when its vertical centre is within
    a third of the smaller height of the line's centre."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.box.cy, w.box.x0)):
        if rows:
            last = rows[-1]
            cy = statistics.fmean(x.box.cy for x in last)
            h = min(w.box.height, min(x.box.height for x in last))
            if abs(w.box.cy - cy) <= h / 3:
                last.append(w)
                continue
        rows.append([w])
    return [Line(tuple(sorted(r, key=lambda w: w.box.x0))) for r in rows]


# ── characters ────────────────────────────────────────────────────────────────


def _wide(c: str) -> bool:
    """Set as a full character: CJK, full-width forms, and the ambiguous punctuation
    (“”‘’—…·) that LibreOffice sets in the CJK font next to CJK text."""
    if ord(c) < 0x100:
        return False
    return unicodedata.east_asian_width(c) in ("W", "F", "A")


def _ideograph(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F")


def char_units(text: str) -> float:
    """Characters counted as in official-document layout: full 1, half-width ½."""
    return sum(1.0 if _wide(c) else 0.5 for c in text if not c.isspace() or c == "\u3000")


# Characters a line may not begin with (closing punctuation) or end with (opening).
NO_LINE_START = set("，。、；：？！）》」』】〕〉’”…—·,.;:?!)]}%")
NO_LINE_END = set("（《「『【〔〈‘“([{")
QUOTES = set("“”")  # ICU 72 (LibreOffice 7.4): no break on either side
_HALF_RUN_RE = re.compile(r"[\x21-\x7e\u00a0-\u00ff]+")


def leading_chunk_units(text: str) -> float:
    """The width (in characters) of the unbreakable piece a line begins with."""
    text = text.lstrip()
    if not text:
        return 0.0
    run = _HALF_RUN_RE.match(text)
    if run:
        return char_units(run.group())
    units = char_units(text[0])
    for prev, c in itertools.pairwise(text):
        if c in NO_LINE_START or prev in NO_LINE_END or c in QUOTES or prev in QUOTES:
            units += char_units(c)
        else:
            break
    return units


def half_width_runs(text: str) -> int:
    return len(_HALF_RUN_RE.findall(text))


# ── the profile's geometry ────────────────────────────────────────────────────


@dataclass(frozen=True)
class PrintSpec:
    """What the checks compare with, in pt from the page's top left, derived from a Profile."""

    page_width: float
    page_height: float
    left: float
    top: float
    right: float
    bottom: float
    pitch: float  # line pitch
    char: float  # character pitch of the body text
    body_size: float
    lines_per_page: int
    chars_per_line: int
    page_number_char: float  # one character of the page-number size
    page_number_side_chars: int
    version_block_after_memo: bool
    page_number_gap: float = 7 * PT_PER_MM  # box top of the page number below the type area
    page_number_gap_tolerance: float = 1 * PT_PER_MM
    edge_tolerance: float = 1 * PT_PER_MM
    page_size_tolerance: float = 1 * PT_PER_MM
    version_block_tolerance: float = 2 * PT_PER_MM
    pitch_tolerance: float = 0.25

    @classmethod
    def from_profile(cls, profile: Profile) -> PrintSpec:
        mm = PT_PER_MM
        left = profile.margin_left_mm * mm
        top = profile.margin_top_mm * mm
        return cls(
            page_width=profile.page_width_mm * mm,
            page_height=profile.page_height_mm * mm,
            left=left,
            top=top,
            right=left + profile.text_width_mm * mm,
            bottom=top + profile.text_height_mm * mm,
            pitch=profile.line_pitch_twips / 20,
            char=profile.char_pitch_pt,
            body_size=profile.body.size_pt,
            lines_per_page=profile.lines_per_page,
            chars_per_line=profile.chars_per_line,
            page_number_char=profile.page_number.size_pt,
            page_number_side_chars=profile.page_number_side_indent_chars,
            version_block_after_memo=profile.version_block_position == "after-memo",
        )


# ── findings ──────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class PageFinding:
    page: int
    code: str  # page-size, type-area, lines-per-page, line-pitch, chars-per-line, …
    message: str  # one line of Chinese
    # The line on the page: 1-based among its body lines (text lines in the type area,
    # table lines not counted); None when the finding is about the page or a table line.
    line: int | None = None

    def __str__(self) -> str:
        return f"第{self.page}页：{self.code}：{self.message}"


Ignore = Callable[[Page, Line], bool]

HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）)")
PAGE_NUMBER_RE = re.compile(r"^[—－-]\s*(\d+)\s*[—－-]$")


def is_page_number(line: Line) -> bool:
    return PAGE_NUMBER_RE.match(line.text) is not None


ISSUANCE_RE = re.compile(r"年\s*\S{1,3}\s*月\s*\S{1,3}\s*日\s*印发$")


def is_issuance_row(line: Line) -> bool:
    """The 版记's last row: 印发机关 … 印发日期 followed by “印发”."""
    return ISSUANCE_RE.search(line.text.rstrip()) is not None


def is_version_block_row(line: Line) -> bool:
    """A row of the 版记: 主题词, 抄送, or the 印发 row."""
    text = line.text.lstrip("\u3000 ")
    return is_issuance_row(line) or text.startswith(("主题词：", "抄送：", "主题词:", "抄送:"))


def _mm(pt: float) -> str:
    return f"{pt / PT_PER_MM:.1f} 毫米"


def _quote(text: str, limit: int = 16) -> str:
    text = text.strip()
    return f"“{text[:limit]}……”" if len(text) > limit else f"“{text}”"


@dataclass
class _View:
    """A page split into header (above the type area), body and footer (below); table
    lines (`ignored`) are those in the type area that are not body lines."""

    page: Page
    body: list[Line]
    footer: list[Line]
    header: list[Line]
    ignored: list[Line]
    # The type area's lines top to bottom, each with True for a table line.
    items: list[tuple[Line, bool]] = field(default_factory=list)

    def segments(self) -> list[list[Line]]:
        """Runs of body lines with no table line between them, top to bottom."""
        runs: list[list[Line]] = [[]]
        for line, table in self.items:
            if table:
                if runs[-1]:
                    runs.append([])
            else:
                runs[-1].append(line)
        return [r for r in runs if r]

    def number(self, line: Line) -> int | None:
        """The 1-based number of `line` among the body lines (None for a table line)."""
        return next((i for i, b in enumerate(self.body, 1) if b is line), None)


class _Checker:
    def __init__(self, pages: Sequence[Page], spec: PrintSpec, ignore: Ignore | None) -> None:
        self.pages = list(pages)
        self.s = spec
        self.views: list[_View] = []
        for page in self.pages:
            view = _View(page, [], [], [], [])
            for line in page.lines:
                if line.box.cy > spec.bottom:
                    view.footer.append(line)
                elif line.box.cy < spec.top:
                    view.header.append(line)
                elif not is_version_block_row(line) and (
                    (ignore is not None and ignore(page, line)) or self.is_columnar(line)
                ):
                    view.ignored.append(line)
                    view.items.append((line, True))
                else:
                    view.body.append(line)
                    view.items.append((line, False))
            self.views.append(view)
        # Body lines that follow a table (in reading order, since the previous body line).
        self.after_table: set[int] = set()
        pending = False
        for view in self.views:
            for line, table in view.items:
                if table:
                    pending = True
                elif pending:
                    self.after_table.add(id(line))
                    pending = False
        self.offset = self.grid_offset()
        self.findings: list[PageFinding] = []

    def add(self, page: int, code: str, message: str, line: int | None = None) -> None:
        self.findings.append(PageFinding(page, code, message, line))

    # ── line roles ────────────────────────────────────────────────────────────
    def is_columnar(self, line: Line) -> bool:
        """Words far apart (table columns; the 版记's issuer … date row is never a table
        line)."""
        return any(g >= 2.5 * self.s.char for g in line.gaps)

    def is_title(self, line: Line) -> bool:
        s = self.s
        centred = abs(line.box.cx - (s.left + s.right) / 2) <= s.char
        return centred and line.size_pt >= 1.2 * s.body_size

    def is_heading(self, line: Line) -> bool:
        return HEADING_RE.match(line.text) is not None and not self.is_title(line)

    def indent(self, line: Line) -> int:
        return max(0, round((line.box.x0 - self.s.left) / self.s.char))

    # ── checks ────────────────────────────────────────────────────────────────
    def run(self) -> list[PageFinding]:
        for check in (
            self.check_page_size,
            self.check_type_area,
            self.check_overlap,
            self.check_lines_per_page,
            self.check_chars_per_line,
            self.check_page_numbers,
            self.check_version_block,
            self.check_headings,
            self.check_report_title,
        ):
            check()
        order = {code: i for i, code in enumerate(FINDING_CODES)}
        return sorted(self.findings, key=lambda f: (f.page, order.get(f.code, 99), f.line or 0))

    def check_page_size(self) -> None:
        s = self.s
        w, h = s.page_width / PT_PER_MM, s.page_height / PT_PER_MM
        paper = f"{w:.0f} × {h:.0f} 毫米" + ("（A4）" if (round(w), round(h)) == (210, 297) else "")
        for p in self.pages:
            if (
                abs(p.width_pt - s.page_width) > s.page_size_tolerance
                or abs(p.height_pt - s.page_height) > s.page_size_tolerance
            ):
                self.add(
                    p.number,
                    "page-size",
                    f"纸张为 {p.width_mm:.1f} × {p.height_mm:.1f} 毫米，应为 {paper}",
                )

    def check_type_area(self) -> None:
        s = self.s
        tol = s.edge_tolerance
        for v in self.views:
            n = v.page.number
            for line in v.header:
                self.add(
                    n,
                    "type-area",
                    f"{_quote(line.text)}在版心上边缘以上 {_mm(s.top - line.box.y0)}",
                )
            numbered = [(i, line) for i, line in enumerate(v.body, 1)]
            for i, line in numbered + [(None, line) for line in v.ignored]:
                b = line.box
                if b.y0 < s.top - tol:
                    self.add(
                        n, "type-area", f"{_quote(line.text)}超出版心上边缘 {_mm(s.top - b.y0)}", i
                    )
                if b.y1 > s.bottom + tol:
                    self.add(
                        n,
                        "type-area",
                        f"{_quote(line.text)}超出版心下边缘 {_mm(b.y1 - s.bottom)}",
                        i,
                    )
                if b.x0 < s.left - tol:
                    self.add(
                        n, "type-area", f"{_quote(line.text)}超出版心左边缘 {_mm(s.left - b.x0)}", i
                    )
                if b.x1 > s.right + tol and not self.hangs(line):
                    self.add(
                        n,
                        "type-area",
                        f"{_quote(line.text)}超出版心右边缘 {_mm(b.x1 - s.right)}",
                        i,
                    )
            for line in v.footer:
                if not is_page_number(line):
                    self.add(
                        n,
                        "type-area",
                        f"{_quote(line.text)}在版心下边缘以下 {_mm(line.box.y0 - s.bottom)}",
                    )

    def check_overlap(self) -> None:
        """Lines printed over each other (e.g. a 版记 frame placed onto another line): body
        lines with each other and with table lines. Table lines are not compared with each
        other: a 14 pt row pitch is closer than the glyph boxes of CJK fonts are tall, and a
        cell's text is centred between lines of the cells beside it."""
        for v in self.views:
            pairs = list(itertools.pairwise(sorted(v.body, key=lambda x: x.box.cy)))
            for line in v.body:
                for table in v.ignored:
                    if table.box.y1 > line.box.y0 and line.box.y1 > table.box.y0:
                        pairs.append(
                            (line, table) if line.box.cy <= table.box.cy else (table, line)
                        )
            for a, b in sorted(pairs, key=lambda ab: (ab[1].box.cy, ab[0].box.cy)):
                depth = a.box.y1 - b.box.y0
                if depth > 0.25 * min(a.box.height, b.box.height):
                    self.add(
                        v.page.number,
                        "overlap",
                        f"{_quote(a.text)}与{_quote(b.text)}重叠 {_mm(depth)}",
                        v.number(b) or v.number(a),
                    )

    def hangs(self, line: Line) -> bool:
        """The last character is punctuation set past the right edge (at most one character)."""
        s = self.s
        text = line.text.rstrip()
        return (
            bool(text)
            and text[-1] in NO_LINE_START
            and line.box.x1 <= s.right + s.char + s.edge_tolerance
        )

    def rows(self, lines: Sequence[Line]) -> int:
        """Grid lines spanned from the top of the type area to the last line, counting blank
        lines before the first line and between lines."""
        s = self.s
        if not lines:
            return 0
        rows = max(0, round((lines[0].box.cy - s.top) / s.pitch - 0.5)) + 1
        for a, b in itertools.pairwise(lines):
            rows += max(1, round((b.box.cy - a.box.cy) / s.pitch))
        return rows

    def continues(self, index: int) -> bool:
        """Page `index` (0-based) is full: its text flows on to the next page (not the last
        page, not the page of a memo's 版记, and the next page does not open with a title)."""
        if index + 1 >= len(self.views):
            return False
        v, nxt = self.views[index], self.views[index + 1]
        if any(is_issuance_row(line) for line in v.body):
            return False
        return not (nxt.items and self.is_title(nxt.items[0][0]))

    def grid_offset(self) -> float:
        """How far below the top of its grid row a body line's box begins (pt): the median
        over body lines on pages without tables (those sit on the grid); used to find where
        the row of a body line below a table ends."""
        s = self.s
        offsets = [
            line.box.y0 - s.top - (self.rows([line]) - 1) * s.pitch
            for v in self.views
            if not v.ignored
            for line in v.body
            if not self.is_title(line) and not is_version_block_row(line)
        ]
        return statistics.median(offsets) if offsets else (s.pitch - BOX_EM * s.body_size) / 2

    def used(self, v: _View) -> float:
        """Where the page's text ends (pt from the top): the bottom of the last line's grid
        row; below a table, one row more (the paragraph after a table may be empty)."""
        s = self.s
        if not v.items:
            return s.top
        if not v.ignored:
            return s.top + self.rows(v.body) * s.pitch
        last, table = v.items[-1]
        if table:
            return last.box.y1 + s.pitch
        return max(last.box.y1, last.box.y0 - self.offset + s.pitch)

    def check_line_pitch(self, v: _View) -> None:
        """Lines are profile.line_pitch_twips apart: measured from the first to the last body
        line of each run of body lines not interrupted by a table (titles have their own
        pitch; the 版记's frames are placed at the foot of the type area, below a table off
        the grid of the lines above them). Single steps jitter by ±0.4 pt in LibreOffice's
        output and boxes of different faces sit up to 1 pt apart, so a short run may drift
        by SHORT_RUN_DRIFT in all."""
        s = self.s
        for run in v.segments():
            grid = [
                line for line in run if not self.is_title(line) and not is_version_block_row(line)
            ]
            span = self.rows(grid) - self.rows(grid[:1])
            if span < 3:
                continue
            pitch = (grid[-1].box.cy - grid[0].box.cy) / span
            if abs(pitch - s.pitch) > max(s.pitch_tolerance, SHORT_RUN_DRIFT / span):
                self.add(
                    v.page.number,
                    "line-pitch",
                    f"行距约 {pitch:.2f} 磅，应为 {s.pitch:.2f} 磅（{s.pitch * 20:.0f} 缇）",
                )
                return

    def check_lines_per_page(self) -> None:
        s = self.s
        for i, v in enumerate(self.views):
            n = v.page.number
            self.check_line_pitch(v)
            if not self.continues(i):
                continue
            opening = self.views[i + 1].items
            headings = 0
            while (
                headings < len(opening)
                and not opening[headings][1]
                and self.is_heading(opening[headings][0])
            ):
                headings += 1
            free = s.bottom - self.used(v)
            if headings < len(opening) and opening[headings][1]:
                # The next page opens with (headings and) a table: they moved together
                # (a heading is kept with what follows, a short table is kept together,
                # rows are never split). Short only if all of that would have fitted here.
                k = headings
                while k < len(opening) and opening[k][1]:
                    k += 1
                need = max(line.box.y1 for line, _ in opening[headings:k]) - s.top
                if free >= need + s.pitch / 4:
                    what = "标题和表格" if headings else "表格"
                    self.add(
                        n,
                        "lines-per-page",
                        f"本页下方尚空 {_mm(free)}，下页开头的{what}（高约 {_mm(need)}）可排在本页",
                    )
                continue
            if v.ignored:
                # Below a table the lines are off the page's grid: count the room left.
                if free >= (headings + 1) * s.pitch + s.pitch / 4:
                    why = f"（下页开头的 {headings} 行标题须与正文同页）" if headings else ""
                    self.add(
                        n,
                        "lines-per-page",
                        f"本页下方尚空约 {free / s.pitch:.1f} 行（{_mm(free)}），"
                        f"正文满页应排至版心下边缘{why}",
                    )
                continue
            rows = self.rows(v.body)
            lowest = s.lines_per_page - headings
            if rows > s.lines_per_page or rows < lowest:
                why = (
                    f"（下页开头的 {headings} 行标题须与正文同页，可少排 {headings} 行）"
                    if headings
                    else ""
                )
                self.add(
                    n,
                    "lines-per-page",
                    f"排了 {rows} 行，正文满页应为每页 {s.lines_per_page} 行{why}",
                )

    def flow(self) -> list[tuple[_View, int, Line]]:
        """Body lines of all pages in reading order: (page view, line number, line)."""
        return [(v, i, line) for v in self.views for i, line in enumerate(v.body, 1)]

    def starts_paragraph(self, line: Line) -> bool:
        return (
            self.indent(line) > 0
            or self.is_heading(line)
            or self.is_title(line)
            or is_version_block_row(line)
        )

    def check_chars_per_line(self) -> None:
        s = self.s
        cpl = s.chars_per_line
        flow = self.flow()
        bad: dict[int, list[tuple[int, str]]] = {}
        for k, (v, i, line) in enumerate(flow):
            if self.is_title(line) or is_version_block_row(line):
                continue
            if line.box.x1 < s.right - s.char / 2:
                continue  # not full: a paragraph's last line, or a short line
            units = self.units(line)
            text = line.text
            hang = 1 if line.box.x1 > s.right + s.edge_tolerance and self.hangs(line) else 0
            problem = ""
            if units > cpl + hang:
                problem = f"{units:g} 字"
            elif (
                k + 1 < len(flow)
                and id(flow[k + 1][2]) not in self.after_table
                and not self.starts_paragraph(flow[k + 1][2])
            ):
                chunk = leading_chunk_units(flow[k + 1][2].text)
                slack = 0.5 * half_width_runs(text)
                if units + chunk + slack <= cpl:
                    problem = f"{units:g} 字"
            if problem:
                bad.setdefault(v.page.number, []).append((i, problem))
        for page, lines in bad.items():
            listed = "、".join(f"第 {i} 行 {p}" for i, p in lines[:5])
            more = f"等 {len(lines)} 行" if len(lines) > 5 else ""
            self.add(
                page,
                "chars-per-line",
                f"{listed}{more}，满行应为每行 {cpl} 字（汉字计 1 字，半角数字、字母计半字，含缩进）",
                lines[0][0],
            )

    def units(self, line: Line) -> float:
        s = self.s
        units = float(self.indent(line))
        for word in line.words:
            units += char_units(word.text)
        for gap in line.gaps:
            if gap >= 0.6 * s.char:
                units += round(gap / s.char)
        return units

    def check_page_numbers(self) -> None:
        s = self.s
        for v in self.views:
            n = v.page.number
            numbers = [line for line in v.footer if is_page_number(line)]
            expected = f"“— {n} —”"
            if not numbers:
                self.add(n, "page-number", f"没有页码，应在版心下方排{expected}")
                continue
            line = numbers[0]
            m = PAGE_NUMBER_RE.match(line.text)
            assert m is not None
            if int(m.group(1)) != n:
                self.add(n, "page-number", f"页码为“— {m.group(1)} —”，应为{expected}")
            side = s.page_number_char * s.page_number_side_chars
            b = line.box
            if n % 2:
                gap = s.right - b.x1
                if abs(gap - side) > s.edge_tolerance:
                    self.add(
                        n,
                        "page-number",
                        f"单页页码右端距版心右边缘 {_mm(gap)}，应居右空一字（{_mm(side)}）",
                    )
            else:
                gap = b.x0 - s.left
                if abs(gap - side) > s.edge_tolerance:
                    self.add(
                        n,
                        "page-number",
                        f"双页页码左端距版心左边缘 {_mm(gap)}，应居左空一字（{_mm(side)}）",
                    )
            below = b.y0 - s.bottom
            if abs(below - s.page_number_gap) > s.page_number_gap_tolerance:
                self.add(
                    n,
                    "page-number",
                    f"页码距版心下边缘 {_mm(below)}，应约为 {_mm(s.page_number_gap)}",
                )

    def check_version_block(self) -> None:
        s = self.s
        found = [(v, line) for v in self.views for line in v.body if is_issuance_row(line)]
        if not found:
            last = self.pages[-1].number if self.pages else 1
            self.add(last, "version-block", "没有找到版记的印发机关和印发日期一行（含“印发”）")
            return
        v, line = found[-1]
        n = v.page.number
        if abs(s.bottom - line.box.y1) > s.version_block_tolerance:
            self.add(
                n,
                "version-block",
                f"版记的印发行底端距版心下边缘 {_mm(s.bottom - line.box.y1)}，"
                f"应排在版心最下端（距页面上边缘 {_mm(s.bottom)}）",
            )
        if v.items[-1][0] is not line:
            self.add(n, "version-block", "版记的印发行之下还有文字，版记应排在版心最下端")
        # The 版记's rows (主题词, 抄送, 印发) sit on consecutive grid lines.
        k = v.body.index(line)
        rows = [line]
        while k > 0 and is_version_block_row(v.body[k - 1]):
            k -= 1
            rows.insert(0, v.body[k])
        for a, b in itertools.pairwise(rows):
            step = b.baseline - a.baseline
            if abs(step - s.pitch) > 1.0:
                self.add(
                    n,
                    "version-block",
                    f"版记{_quote(a.text, 8)}与{_quote(b.text, 8)}相距 {step:.1f} 磅，"
                    f"应相距一行（{s.pitch:.2f} 磅）",
                )
        if not s.version_block_after_memo and n != self.pages[-1].number:
            self.add(
                n,
                "version-block",
                f"版记在第 {n} 页，应在最后一页（第 {self.pages[-1].number} 页）",
            )

    def check_headings(self) -> None:
        for v in self.views:
            if v.items and not v.items[-1][1] and self.is_heading(v.items[-1][0]):
                self.add(
                    v.page.number,
                    "heading-at-bottom",
                    f"本页最后一行是标题{_quote(v.body[-1].text)}，标题不应排在页末",
                    len(v.body),
                )

    def check_report_title(self) -> None:
        titles = [(v, i, line) for v, i, line in self.flow() if self.is_title(line)]
        if not titles:
            first = self.pages[0].number if self.pages else 1
            self.add(first, "report-new-page", "没有找到报告标题（居中、大于正文字号的一行）")
            return
        # A title block: consecutive title lines; each block must open its page.
        blocks = [t for k, t in enumerate(titles) if k == 0 or not self._follows(titles[k - 1], t)]
        for v, i, line in blocks:
            if i != 1:
                self.add(
                    v.page.number,
                    "report-new-page",
                    f"标题{_quote(line.text)}排在本页第 {i} 行，应另起一页",
                    i,
                )
        if self.s.version_block_after_memo:
            memo = [v.page.number for v in self.views if any(map(is_issuance_row, v.body))]
            v, i, line = blocks[-1]
            if memo and v.page.number != memo[0] + 1:
                self.add(
                    v.page.number,
                    "report-new-page",
                    f"报告标题{_quote(line.text)}应排在报送函版记的下一页（第 {memo[0] + 1} 页）",
                    i,
                )

    @staticmethod
    def _follows(a: tuple[_View, int, Line], b: tuple[_View, int, Line]) -> bool:
        return a[0] is b[0] and b[1] == a[1] + 1


FINDING_CODES: tuple[str, ...] = (
    "page-size",
    "type-area",
    "overlap",
    "lines-per-page",
    "line-pitch",
    "chars-per-line",
    "page-number",
    "version-block",
    "heading-at-bottom",
    "report-new-page",
)


def check_pages(
    pages: Sequence[Page],
    profile: Profile,
    *,
    ignore: Ignore | None = None,
    spec: PrintSpec | None = None,
) -> list[PageFinding]:
    """Findings (by page, then check) for printed `pages` against `profile`; none if the
    pages are laid out as the profile prescribes. `ignore(page, line)` marks lines that are
    not body text (e.g. inside tables); `spec` overrides geometry or tolerances."""
    return _Checker(pages, spec or PrintSpec.from_profile(profile), ignore).run()


# ── tables ────────────────────────────────────────────────────────────────────

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _squeeze(text: str) -> str:
    """`text` as compared with table cells: NFKC (poppler may give a CJK radical or
    compatibility form for an ideograph), whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def table_texts(docx: Path) -> frozenset[str]:
    """The text of every paragraph in the table cells of `docx` (nested tables included),
    as compared by `ignore_tables`: NFKC, whitespace removed, empty ones left out.
    Raises ConversionFailed when `docx` cannot be read."""
    try:
        with zipfile.ZipFile(docx) as zf:
            root = ElementTree.fromstring(zf.read("word/document.xml"))
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError, KeyError) as exc:
        raise ConversionFailed(f"无法读取“{docx}”中的表格：{exc}") from exc
    texts: set[str] = set()
    for table in root.iter(f"{_W}tbl"):
        for para in table.iter(f"{_W}p"):
            text = _squeeze("".join(t.text or "" for t in para.iter(f"{_W}t")))
            if text:
                texts.add(text)
    return frozenset(texts)


def table_line_matcher(texts: Iterable[str]) -> Callable[[Line], bool]:
    """A test for lines printed from table cells with the given texts: every word of the
    line is a piece of some cell's text (compared after NFKC, without whitespace).

    Why words: pdftotext puts the cells of a row whose text shares a baseline into one
    line, each cell's text a word of its own (cell padding keeps them apart), and a cell's
    wrapped text on several lines, one fragment each; a merged cell's text is centred
    between the rows beside it and joins whichever line it happens to align with. So a
    table line is a set of cell fragments, in no fixed order, wherever the row breaks fall.
    Nothing depends on the table's geometry, fonts or borders. A body line passes only if
    all of it occurs in some cell: a full line (26–28 characters) only if a cell holds that
    very sentence, a paragraph's short last line only if a cell holds it with its closing
    punctuation; a line so taken is still checked against the type area and for overlap
    with body lines."""
    haystack = "\n".join(sorted({_squeeze(t) for t in texts} - {""}))

    def matches(line: Line) -> bool:
        return bool(haystack) and all(
            (w := _squeeze(word.text)) and "\n" not in w and w in haystack for word in line.words
        )

    return matches


def ignore_tables(docx: Path) -> Ignore:
    """The `ignore` for check_pages that marks the lines printed from the tables of `docx`
    (the .docx the PDF was made from); see table_line_matcher."""
    matches = table_line_matcher(table_texts(docx))
    return lambda page, line: matches(line)


def check_document(pdf: Path, profile: Profile, docx: Path | None = None) -> list[PageFinding]:
    """Findings for the printed `pdf` against `profile` (see check_pages); with `docx`, the
    .docx it was made from, its tables' lines are recognised and not checked as body text.
    Raises PrintingUnavailable (no poppler), PdfUnreadable and ConversionFailed (`docx`
    unreadable)."""
    ignore = ignore_tables(docx) if docx is not None else None
    return check_pages(read_pages(pdf), profile, ignore=ignore)


def guess_layout(pages: Sequence[Page]) -> LayoutName:
    """The layout a printed document was made with, for checking a PDF on its own:
    GB/T 9704—1999 when it has 主题词 (the 2012 standard dropped them), else 2012."""
    for page in pages:
        for line in page.lines:
            if line.text.lstrip("\u3000 ").startswith(("主题词：", "主题词:")):
                return LayoutName.gb1999
    return LayoutName.gb2012
