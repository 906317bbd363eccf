"""Compose a legacy-2008 report (with its memo and 版记) into document blocks."""

from __future__ import annotations

import datetime as dt

from reportgen.compose import blocks as b
from reportgen.compose.wording import (
    arabic_date,
    chinese_date,
    figures_sentence,
    heading_number,
)
from reportgen.layout import Profile
from reportgen.models.legacy import FiguresParagraph, LegacyDocument
from reportgen.models.legacy import Paragraph as ParagraphData


def paragraph_text(p: ParagraphData) -> str:
    if isinstance(p, FiguresParagraph):
        return figures_sentence(p.figures) + (p.text or "")
    return p


def document_date(doc: LegacyDocument) -> dt.date | None:
    """The date the document is dated by: the memo's, else the issuance's."""
    if doc.memo is not None:
        return doc.memo.date
    if doc.issuance is not None:
        return doc.issuance.date
    return None


def compose_legacy(doc: LegacyDocument, profile: Profile) -> b.Document:
    fmt_date = chinese_date if profile.chinese_date else arabic_date
    created = document_date(doc) or dt.date(doc.year + 1, 1, 1)
    out = b.Document(title="".join(doc.report.title), author=doc.agency, created=created)
    add = out.blocks.append

    version: b.VersionBlock | None = None
    if doc.issuance is not None:
        words = tuple(doc.memo.subject_words) if doc.memo and profile.subject_words_shown else ()
        version = b.VersionBlock(
            subject_words=words,
            issuer=doc.issuance.issuer,
            issued=arabic_date(doc.issuance.date) + "印发",
        )

    if doc.memo is not None:
        memo = doc.memo
        add(b.Addressee(memo.addressee.rstrip().rstrip(":：") + "："))
        for text in memo.body:
            add(b.Paragraph(text))
        add(b.Spacer(profile.lines_before_date))
        add(b.DateLine(fmt_date(memo.date)))
        if version is not None and profile.version_block_position == "after-memo":
            add(version)
            version = None
        add(b.PageBreak())

    report = doc.report
    add(b.Title(tuple(report.title)))
    add(b.Spacer(1))
    for p in report.preamble:
        add(b.Paragraph(paragraph_text(p)))
    for i, part in enumerate(report.parts, start=1):
        add(b.Heading(1, heading_number(1, i), part.heading))
        for p in part.paragraphs:
            add(b.Paragraph(paragraph_text(p)))
        for j, section in enumerate(part.sections, start=1):
            add(b.Heading(2, heading_number(2, j), section.heading))
            for p in section.paragraphs:
                add(b.Paragraph(paragraph_text(p)))

    if version is not None:
        add(version)
    return out
