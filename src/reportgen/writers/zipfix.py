"""Reproducible .docx bytes: the same input gives the same file.

python-docx stamps every zip member with the time of saving. We rewrite the archive with
one fixed timestamp — `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention),
else the document's own date — fixed permissions, and the members in their original order.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

# The zip format stores years 1980–2107.
_ZIP_EPOCH = dt.datetime(1980, 1, 1)
_ZIP_END = dt.datetime(2107, 12, 31, 23, 59, 58)


def stamp(document_date: dt.date) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    else:
        when = dt.datetime.combine(document_date, dt.time(0, 0))
    return min(max(when, _ZIP_EPOCH), _ZIP_END)


def normalise(data: bytes, when: dt.datetime) -> bytes:
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
