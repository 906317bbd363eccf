"""RG3xx: dates against the report year and against each other."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from reportgen.diagnostics import Finding
from reportgen.models.common import Issuance, Memo


class Dated(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def memo(self) -> Memo | None: ...
    @property
    def issuance(self) -> Issuance | None: ...


def _zh(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def check_dates(doc: Dated) -> list[Finding]:
    out: list[Finding] = []
    year_end = dt.date(doc.year, 12, 31)
    dated = []
    if doc.memo is not None:
        dated.append((("memo", "date"), "报送函成文日期", doc.memo.date))
    if doc.issuance is not None:
        dated.append((("issuance", "date"), "印发日期", doc.issuance.date))
    for path, what, when in dated:
        if when <= year_end:
            out.append(
                Finding(
                    "RG301",
                    f"{what}{_zh(when)}在报告年度（{doc.year}年）结束之前："
                    f"{doc.year}年度的报告应在{doc.year + 1}年1月1日以后成文",
                    path,
                )
            )
    if doc.memo is not None and doc.issuance is not None and doc.issuance.date < doc.memo.date:
        out.append(
            Finding(
                "RG302",
                f"印发日期{_zh(doc.issuance.date)}早于成文日期{_zh(doc.memo.date)}：公文须先成文后印发",
                ("issuance", "date"),
            )
        )
    return out
