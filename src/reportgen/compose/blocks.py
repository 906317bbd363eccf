"""A small, Word-independent document model: what the composer emits and writers consume."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Title:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1: 一、  2: （一）
    number: str
    text: str

    @property
    def full_text(self) -> str:
        return self.number + self.text


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Addressee:
    text: str  # with its full-width colon


@dataclass(frozen=True)
class DateLine:
    text: str


@dataclass(frozen=True)
class Spacer:
    lines: int = 1


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class VersionBlock:
    """版记: subject words (1999), then the issuance line, each element over a rule."""

    subject_words: tuple[str, ...]
    issuer: str | None  # None: a 1999 版记 of subject words only
    issued: str | None  # e.g. "2012年4月28日印发"


@dataclass(frozen=True)
class Cell:
    """One cell of a table grid, at (row, col), spanning rowspan × colspan grid cells."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    align: str = "center"  # "center" | "left"


@dataclass(frozen=True)
class Table:
    """A grid table: column widths in mm, every grid position covered by exactly one cell."""

    columns_mm: tuple[float, ...]
    rows: int
    cells: tuple[Cell, ...]
    header_rows: int = 0
    keep_together: bool = False  # a short table is kept on one page
    # Row ranges (first, last) kept on one page: a group whose label cell spans them would
    # otherwise continue on the next page under an empty label.
    keep_rows: tuple[tuple[int, int], ...] = ()

    def at(self, row: int, col: int) -> Cell | None:
        """The cell whose top-left corner is at (row, col)."""
        for cell in self.cells:
            if (cell.row, cell.col) == (row, col):
                return cell
        return None


@dataclass(frozen=True)
class SignatureLine:
    """发文机关署名 (2012), centred over the date line that follows it."""

    text: str
    date_text: str


Block = (
    Title
    | Heading
    | Paragraph
    | Addressee
    | DateLine
    | Spacer
    | PageBreak
    | VersionBlock
    | Table
    | SignatureLine
)


@dataclass
class Document:
    title: str
    author: str
    created: dt.date
    blocks: list[Block] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every piece of visible text, in order (for tests and checks)."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Title):
                out.extend(b.lines)
            elif isinstance(b, Heading):
                out.append(b.full_text)
            elif isinstance(b, Paragraph | Addressee | DateLine | SignatureLine):
                out.append(b.text)
            elif isinstance(b, Table):
                out.extend(c.text for c in b.cells)
            elif isinstance(b, VersionBlock):
                if b.subject_words:
                    out.append("主题词：" + "\u3000".join(b.subject_words))
                if b.issuer is not None and b.issued is not None:
                    out += [b.issuer, b.issued]
        return out
