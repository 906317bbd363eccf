"""Report model → layout-neutral document blocks. All generated wording lives here."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from reportgen.compose.blocks import Document
from reportgen.compose.legacy import compose_legacy
from reportgen.compose.national import compose_national
from reportgen.layout import Profile
from reportgen.models.legacy import LegacyDocument
from reportgen.models.national import National2019Document, National2021Document


def document_date(doc: BaseModel) -> dt.date | None:
    """The date a document is dated by: its memo's, else its issuance's."""
    memo = getattr(doc, "memo", None)
    if memo is not None:
        return memo.date  # type: ignore[no-any-return]
    issuance = getattr(doc, "issuance", None)
    if issuance is not None:
        return issuance.date  # type: ignore[no-any-return]
    return None


def compose(doc: BaseModel, profile: Profile) -> Document:
    created = document_date(doc) or dt.date(getattr(doc, "year") + 1, 1, 1)  # noqa: B009
    if isinstance(doc, LegacyDocument):
        return compose_legacy(doc, profile, created)
    if isinstance(doc, National2021Document | National2019Document):
        return compose_national(doc, profile, created)
    raise TypeError(f"no composer for {type(doc).__name__}")  # pragma: no cover


__all__ = ["Document", "compose", "document_date"]
