"""Report models, one module per format; `DOCUMENT_MODELS` maps a `format:` marker to its model."""

from __future__ import annotations

from reportgen.models.common import Model
from reportgen.models.legacy import LegacyDocument

DOCUMENT_MODELS: dict[str, type[Model]] = {
    "legacy-2008": LegacyDocument,
}

AnyDocument = LegacyDocument

__all__ = ["DOCUMENT_MODELS", "AnyDocument", "LegacyDocument", "Model"]
