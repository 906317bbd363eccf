"""Reproducible .docx bytes: the same input gives the same file.

python-docx's own save stamps every zip member with the time of saving. We serialise the
package's parts ourselves and write them, in python-docx's member order ([Content_Types].xml
first), in one deflate pass with one fixed timestamp — `SOURCE_DATE_EPOCH` when set (the
reproducible-builds convention), else the document's own date — and fixed permissions.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

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


def write_members(members: Iterable[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """A deflated zip of `members` (name, bytes), in the order given, all stamped `when`."""
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, body in members:
            fixed = zipfile.ZipInfo(name, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, body)
    return out.getvalue()


def package_members(package: Any) -> Iterator[tuple[str, bytes]]:
    """The members of a python-docx package, serialised as `OpcPackage.save` serialises
    them and in its order: [Content_Types].xml, the package rels, then each part followed
    by its rels if it has any."""
    from docx.opc.pkgwriter import _ContentTypesItem

    content_types: Any = _ContentTypesItem  # untyped in python-docx
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    yield "[Content_Types].xml", content_types.from_parts(parts).blob
    yield "_rels/.rels", package.rels.xml
    for part in parts:
        yield part.partname.membername, part.blob
        if len(part.rels):
            yield part.partname.rels_uri.membername, part.rels.xml


def save(package: Any, when: dt.datetime) -> bytes:
    """The reproducible .docx bytes of a python-docx package, in one zip pass."""
    return write_members(package_members(package), when)
