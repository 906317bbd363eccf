"""X-2: figures stated in free prose must match the tables (RG410, a warning).

A clerk writes "全年共收到政府信息公开申请126件，予以公开58件，占46.0%"; each recognised
phrase is compared with the table value it restates, and a percentage that follows it with
the shares it can be a share of.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal

from reportgen.diagnostics import DataPath, Finding
from reportgen.models.national import NationalDocument, outcome_rows

_GAP = r"[^，。；、：\d]{0,12}?"

Getter = Callable[[NationalDocument], int]


def _sum_group(name: str) -> Getter:
    def get(doc: NationalDocument) -> int:
        return sum(r[6] for p, _, r in outcome_rows(doc.table3.results) if p[0] == name)

    return get


FACTS: list[tuple[re.Pattern[str], str, Getter]] = [
    (
        re.compile(rf"(?:收到|新收|受理){_GAP}申请{_GAP}(\d+)件"),
        "表三“一、本年新收政府信息公开申请数量”总计",
        lambda d: d.table3.new_received[6],
    ),
    (
        re.compile(rf"处理{_GAP}申请{_GAP}(\d+)件"),
        "表三“一”与“二”的总计之和",
        lambda d: d.table3.new_received[6] + d.table3.carried_over[6],
    ),
    (
        re.compile(rf"上年度?结转{_GAP}(\d+)件"),
        "表三“二、上年结转政府信息公开申请数量”总计",
        lambda d: d.table3.carried_over[6],
    ),
    (
        re.compile(r"(?:答复|办结)(\d+)件"),
        "表三“三、（七）总计”",
        lambda d: d.table3.results.total[6],
    ),
    (
        re.compile(r"(?<!部分)予以公开(\d+)件"),
        "表三“（一）予以公开”总计",
        lambda d: d.table3.results.disclosed[6],
    ),
    (
        re.compile(r"部分公开(\d+)件"),
        "表三“（二）部分公开”总计",
        lambda d: d.table3.results.partially_disclosed[6],
    ),
    (
        re.compile(r"不予公开(\d+)件"),
        "表三“（三）不予公开”各项总计之和",
        _sum_group("withheld"),
    ),
    (re.compile(r"无法提供(\d+)件"), "表三“（四）无法提供”各项总计之和", _sum_group("unable")),
    (
        re.compile(r"不予处理(\d+)件"),
        "表三“（五）不予处理”各项总计之和",
        _sum_group("not_processed"),
    ),
    (
        re.compile(r"结转下一?年度(?:继续办理)?(\d+)件"),
        "表三“四、结转下年度继续办理”总计",
        lambda d: d.table3.carried_forward[6],
    ),
    (
        re.compile(r"行政复议(?:案件)?(\d+)(?:件|起)"),
        "表四“行政复议”总计",
        lambda d: d.table4.review[4],
    ),
    (
        re.compile(r"行政诉讼(?:案件)?(\d+)(?:件|起)"),
        "表四两类行政诉讼总计之和",
        lambda d: d.table4.litigation_direct[4] + d.table4.litigation_after_review[4],
    ),
]

# Every phrase above ends in a number of 件 (or 起): a paragraph without one skips them all.
_ANY_FIGURE = re.compile(r"\d[件起]")

_PERCENT = re.compile(r"^[，,]?\s*(?:占|占比|比例为)?(\d{1,3}(?:\.\d{1,6})?)[%％]")


def _paragraphs(doc: NationalDocument) -> Iterator[tuple[str, DataPath]]:
    for i, text in enumerate(doc.preamble):
        yield text, ("preamble", i)
    ov = doc.overview
    for key in ("intro", "proactive", "on_request", "management", "platform", "supervision"):
        for i, text in enumerate(getattr(ov, key)):
            yield text, ("overview", key, i)
    for i, text in enumerate(doc.problems):
        yield text, ("problems", i)
    for i, text in enumerate(doc.other_matters):
        yield text, ("other_matters", i)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 4] + "…" + text[-3:]


def _share(part: int, base: int, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return (Decimal(part) * 100 / Decimal(base)).quantize(q, rounding=ROUND_HALF_UP)


def check_prose(doc: NationalDocument) -> list[Finding]:
    out: list[Finding] = []
    t3 = doc.table3
    bases = {
        "本年新收申请": t3.new_received[6],
        "新收与上年结转之和": t3.new_received[6] + t3.carried_over[6],
        "办理结果总计": t3.results.total[6],
    }
    bases = {k: v for k, v in bases.items() if v}
    for text, path in _paragraphs(doc):
        if _ANY_FIGURE.search(text) is None:
            continue
        for pattern, what, get in FACTS:
            for m in pattern.finditer(text):
                digits, actual = m.group(1), get(doc)
                if len(digits) > 15 or int(digits) != actual:
                    out.append(
                        Finding(
                            "RG410",
                            f"文字“{_clip(m.group(0))}”与{what}{actual}件不一致",
                            path,
                        )
                    )
                    continue
                pm = _PERCENT.match(text[m.end() :])
                if pm and bases:
                    pct = Decimal(pm.group(1))
                    places = max(0, -int(pct.as_tuple().exponent))
                    if all(_share(actual, b, places) != pct for b in bases.values()):
                        shares = "，".join(
                            f"占{name}{b}件的{_share(actual, b, places)}%"
                            for name, b in bases.items()
                        )
                        out.append(
                            Finding(
                                "RG410",
                                f"文字“{m.group(0)}{pm.group(0)}”中的比例与表格不符：{actual}件{shares}",
                                path,
                            )
                        )
    return out
