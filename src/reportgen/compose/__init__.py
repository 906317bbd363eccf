"""Report model → layout-neutral document blocks. All generated wording lives here."""

from __future__ import annotations

from pydantic import BaseModel

from reportgen.compose.blocks import Document
from reportgen.compose.legacy import compose_legacy, document_date
from reportgen.layout import Profile
from reportgen.models.legacy import LegacyDocument


def compose(doc: BaseModel, profile: Profile) -> Document:
    if isinstance(doc, LegacyDocument):
        return compose_legacy(doc, profile)
    raise TypeError(f"no composer for {type(doc).__name__}")  # pragma: no cover


__all__ = ["Document", "compose", "document_date"]
