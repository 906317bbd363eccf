"""Compose a legacy-2008 report (with its memo and 版记) into document blocks."""

from __future__ import annotations

import datetime as dt

from reportgen.compose import blocks as b
from reportgen.compose.memo import front_matter
from reportgen.compose.wording import figures_sentence, heading_number
from reportgen.layout import Profile
from reportgen.models.legacy import FiguresParagraph, LegacyDocument
from reportgen.models.legacy import Paragraph as ParagraphData


def paragraph_text(p: ParagraphData) -> str:
    if isinstance(p, FiguresParagraph):
        return figures_sentence(p.figures) + (p.text or "")
    return p


def compose_legacy(doc: LegacyDocument, profile: Profile, created: dt.date) -> b.Document:
    out = b.Document(title="".join(doc.report.title), author=doc.agency, created=created)
    add = out.blocks.append
    front, version = front_matter(doc.memo, doc.issuance, doc.agency, profile)
    out.blocks += front

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
