"""Printing: .docx → PDF with LibreOffice, and checks of the printed pages.

A library package (no CLI code): `pdf` converts and reports font substitutions, `pages`
reads the PDF's text with positions and checks it against a layout profile, `preview`
makes PNG images and a one-line-per-page summary. External programs: LibreOffice
(libreoffice-writer-nogui), poppler (poppler-utils) and fontconfig; a missing one raises
PrintingUnavailable with the package to install.
"""

from reportgen.printing.errors import (
    ConversionFailed,
    PdfUnreadable,
    PrintingError,
    PrintingUnavailable,
)

__all__ = ["ConversionFailed", "PdfUnreadable", "PrintingError", "PrintingUnavailable"]
