"""Report models, one module per format; `DOCUMENT_MODELS` maps a `format:` marker to its model."""

from __future__ import annotations

from reportgen.models.common import Model
from reportgen.models.legacy import LegacyDocument
from reportgen.models.national import National2019Document, National2021Document

DOCUMENT_MODELS: dict[str, type[Model]] = {
    "legacy-2008": LegacyDocument,
    "national-2019": National2019Document,
    "national-2021": National2021Document,
}

AnyDocument = LegacyDocument | National2019Document | National2021Document

__all__ = [
    "DOCUMENT_MODELS",
    "AnyDocument",
    "LegacyDocument",
    "Model",
    "National2019Document",
    "National2021Document",
    "year_range",
]


def year_range(fmt: str) -> tuple[int, int]:
    """The report years a format's model accepts (from its `year` field's bounds)."""
    low = high = None
    for meta in DOCUMENT_MODELS[fmt].model_fields["year"].metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    assert low is not None and high is not None, fmt
    return low, high
