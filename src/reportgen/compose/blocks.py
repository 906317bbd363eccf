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
    issuer: str
    issued: str  # e.g. "2012年4月28日印发"


Block = Title | Heading | Paragraph | Addressee | DateLine | Spacer | PageBreak | VersionBlock


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
            elif isinstance(b, Paragraph | Addressee | DateLine):
                out.append(b.text)
            elif isinstance(b, VersionBlock):
                if b.subject_words:
                    out.append("主题词：" + "\u3000".join(b.subject_words))
                out.append(b.issuer)
                out.append(b.issued)
        return out
