"""Compose a national-format report (2021 or 2019): six parts, the three official tables
laid out as the form lays them out (labels, order, merged cells: domain.md §1.4–§1.6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reportgen.compose import blocks as b
from reportgen.compose.memo import front_matter
from reportgen.compose.wording import arabic_date, heading_number
from reportgen.layout import Profile
from reportgen.models.national import (
    APPLICANT_COLUMNS,
    RESULT_COLUMNS,
    TABLE4_GROUPS,
    National2019Document,
    National2021Document,
    NationalDocument,
    Table2_2019,
    Table2_2021,
    Table3,
    outcome_rows,
)

PART_HEADINGS = (
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
)
ASPECT_HEADINGS = (
    ("proactive", "主动公开"),
    ("on_request", "依申请公开"),
    ("management", "政府信息管理"),
    ("platform", "政府信息公开平台建设"),
    ("supervision", "监督保障"),
)
TABLE3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
PARTIAL_LABEL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def cell_text(value: int | Decimal | str) -> str:
    """A table value as printed: integers as they are, 万元 amounts without exponent."""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if "." not in text else text.rstrip("0").rstrip(".")
    return str(value)


# ── 表二 ────────────────────────────────────────────────────────────────────


def _section_row(rows: list[list[b.Cell]], text: str) -> None:
    r = len(rows)
    rows.append([b.Cell(r, 0, text, colspan=4, header=True)])


def table2_2021(t: Table2_2021) -> b.Table:
    rows: list[list[b.Cell]] = []

    def line(label: str, values: list[str], header: bool = False) -> None:
        r = len(rows)
        cells = [b.Cell(r, 0, label, header=header)]
        if len(values) == 1:
            cells.append(b.Cell(r, 1, values[0], colspan=3, header=header))
        else:
            cells += [b.Cell(r, 1 + i, v, header=header) for i, v in enumerate(values)]
        rows.append(cells)

    _section_row(rows, "第二十条第（一）项")
    line("信息内容", ["本年制发件数", "本年废止件数", "现行有效件数"], header=True)
    for label, reg in (("规章", t.rules), ("行政规范性文件", t.normative_documents)):
        line(label, [cell_text(reg.issued), cell_text(reg.repealed), cell_text(reg.in_force)])
    _section_row(rows, "第二十条第（五）项")
    line("信息内容", ["本年处理决定数量"], header=True)
    line("行政许可", [cell_text(t.licensing)])
    _section_row(rows, "第二十条第（六）项")
    line("信息内容", ["本年处理决定数量"], header=True)
    line("行政处罚", [cell_text(t.punishment)])
    line("行政强制", [cell_text(t.enforcement)])
    _section_row(rows, "第二十条第（八）项")
    line("信息内容", ["本年收费金额（单位：万元）"], header=True)
    line("行政事业性收费", [cell_text(t.fees)])
    return b.Table(
        (48.0, 36.0, 36.0, 36.0), len(rows), tuple(c for r in rows for c in r), keep_together=True
    )


def table2_2019(t: Table2_2019) -> b.Table:
    rows: list[list[b.Cell]] = []

    def line(label: str, values: list[str], header: bool = False) -> None:
        r = len(rows)
        cells = [b.Cell(r, 0, label, header=header)]
        for i, v in enumerate(values):
            last = i == len(values) - 1
            span = 3 - len(values) if last else 0
            cells.append(b.Cell(r, 1 + i, v, colspan=1 + span, header=header))
        rows.append(cells)

    items_header = ["上一年项目数量", "本年增/减", "处理决定数量"]
    _section_row(rows, "第二十条第（一）项")
    line("信息内容", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], header=True)
    for label, reg in (("规章", t.rules), ("规范性文件", t.normative_documents)):
        line(label, [cell_text(reg.made), cell_text(reg.published), cell_text(reg.total)])
    _section_row(rows, "第二十条第（五）项")
    line("信息内容", items_header, header=True)
    for label, it in (("行政许可", t.licensing), ("其他对外管理服务事项", t.other_services)):
        line(label, [cell_text(it.last_year), cell_text(it.change), cell_text(it.decisions)])
    _section_row(rows, "第二十条第（六）项")
    line("信息内容", items_header, header=True)
    for label, it in (("行政处罚", t.punishment), ("行政强制", t.enforcement)):
        line(label, [cell_text(it.last_year), cell_text(it.change), cell_text(it.decisions)])
    _section_row(rows, "第二十条第（八）项")
    line("信息内容", items_header[:2], header=True)
    line("行政事业性收费", [cell_text(t.fees.last_year), cell_text(t.fees.change)])
    _section_row(rows, "第二十条第（九）项")
    line("信息内容", ["采购项目数量", "采购总金额"], header=True)
    line("政府集中采购", [cell_text(t.procurement.items), cell_text(t.procurement.amount)])
    return b.Table(
        (48.0, 36.0, 36.0, 36.0), len(rows), tuple(c for r in rows for c in r), keep_together=True
    )


# ── 表三 ────────────────────────────────────────────────────────────────────


def table3(t: Table3) -> b.Table:
    cells: list[b.Cell] = [
        b.Cell(0, 0, TABLE3_CORNER, rowspan=3, colspan=3, header=True),
        b.Cell(0, 3, "申请人情况", colspan=7, header=True),
        b.Cell(1, 3, APPLICANT_COLUMNS[0], rowspan=2, header=True),
        b.Cell(1, 4, "法人或其他组织", colspan=5, header=True),
        b.Cell(1, 9, APPLICANT_COLUMNS[6], rowspan=2, header=True),
    ]
    cells += [b.Cell(2, 4 + i, name, header=True) for i, name in enumerate(APPLICANT_COLUMNS[1:6])]
    r = 3

    def numbers(row: list[int]) -> None:
        cells.extend(b.Cell(r, 3 + i, str(v)) for i, v in enumerate(row))

    for label, row in (
        ("一、本年新收政府信息公开申请数量", t.new_received),
        ("二、上年结转政府信息公开申请数量", t.carried_over),
    ):
        cells.append(b.Cell(r, 0, label, colspan=3, align="left"))
        numbers(row)
        r += 1

    outcomes = outcome_rows(t.results)
    span = len(outcomes) + 1  # and （七）总计
    cells.append(b.Cell(r, 0, "三、本年度办理结果", rowspan=span))
    groups: dict[str, int] = {}
    for path, _label, _row in outcomes:
        groups[path[0]] = groups.get(path[0], 0) + 1
    group_heads = {
        "withheld": "（三）不予公开",
        "unable": "（四）无法提供",
        "not_processed": "（五）不予处理",
        "other": "（六）其他处理",
    }
    seen: set[str] = set()
    for path, label, row in outcomes:
        head = path[0]
        if head == "disclosed":
            cells.append(b.Cell(r, 1, "（一）予以公开", colspan=2, align="left"))
        elif head == "partially_disclosed":
            cells.append(b.Cell(r, 1, PARTIAL_LABEL, colspan=2, align="left"))
        elif len(path) == 1:  # 2019: （六）其他处理 is one row
            cells.append(b.Cell(r, 1, group_heads[head], colspan=2, align="left"))
        else:
            if head not in seen:
                seen.add(head)
                cells.append(b.Cell(r, 1, group_heads[head], rowspan=groups[head]))
            cells.append(b.Cell(r, 2, label.removeprefix(group_heads[head]), align="left"))
        numbers(row)
        r += 1
    cells.append(b.Cell(r, 1, "（七）总计", colspan=2, align="left"))
    numbers(t.results.total)
    r += 1
    cells.append(b.Cell(r, 0, "四、结转下年度继续办理", colspan=3, align="left"))
    numbers(t.carried_forward)
    r += 1
    widths = (10.0, 16.0, 46.0) + (12.0,) * 7
    groups_kept = tuple(
        (c.row, c.row + c.rowspan - 1) for c in cells if c.col == 1 and c.rowspan > 1
    )
    return b.Table(widths, r, tuple(cells), header_rows=3, keep_rows=groups_kept)


# ── 表四 ────────────────────────────────────────────────────────────────────


def table4(doc: NationalDocument) -> b.Table:
    cells: list[b.Cell] = [
        b.Cell(0, 0, "行政复议", colspan=5, header=True),
        b.Cell(0, 5, "行政诉讼", colspan=10, header=True),
        b.Cell(1, 5, "未经复议直接起诉", colspan=5, header=True),
        b.Cell(1, 10, "复议后起诉", colspan=5, header=True),
    ]
    cells += [b.Cell(1, i, name, rowspan=2, header=True) for i, name in enumerate(RESULT_COLUMNS)]
    for base in (5, 10):
        cells += [b.Cell(2, base + i, name, header=True) for i, name in enumerate(RESULT_COLUMNS)]
    col = 0
    for key, _label in TABLE4_GROUPS:
        for v in getattr(doc.table4, key):
            cells.append(b.Cell(3, col, str(v)))
            col += 1
    return b.Table((156.0 / 15,) * 15, 4, tuple(cells), header_rows=3, keep_together=True)


# ── generated sentences ────────────────────────────────────────────────────


def proactive_sentence(doc: NationalDocument) -> str | None:
    t = doc.table2
    parts: list[str] = []
    if isinstance(t, Table2_2021):
        made = [
            (n, r.issued) for n, r in (("规章", t.rules), ("行政规范性文件", t.normative_documents))
        ]
        gone = [
            (n, r.repealed)
            for n, r in (("规章", t.rules), ("行政规范性文件", t.normative_documents))
        ]
        live = [
            (n, r.in_force)
            for n, r in (("规章", t.rules), ("行政规范性文件", t.normative_documents))
        ]
        for verb, pairs in (("制发", made), ("废止", gone), ("现行有效", live)):
            items = "、".join(f"{n}{v}件" for n, v in pairs if isinstance(v, int))
            if items:
                parts.append(f"{verb}{items}")
    else:
        for verb, attr in (("新制作", "made"), ("新公开", "published")):
            pairs = [
                (n, getattr(r, attr))
                for n, r in (("规章", t.rules), ("规范性文件", t.normative_documents))
            ]
            items = "、".join(f"{n}{v}件" for n, v in pairs if isinstance(v, int))
            if items:
                parts.append(f"{verb}{items}")
    if not parts:
        return None
    return f"{doc.year}年，本机关" + "，".join(parts) + "。"


def on_request_sentence(doc: NationalDocument) -> str:
    t3 = doc.table3
    groups: dict[str, int] = {}
    for path, _label, row in outcome_rows(t3.results):
        groups[path[0]] = groups.get(path[0], 0) + row[6]
    names = (
        ("disclosed", "予以公开"),
        ("partially_disclosed", "部分公开"),
        ("withheld", "不予公开"),
        ("unable", "无法提供"),
        ("not_processed", "不予处理"),
        ("other", "其他处理"),
    )
    results = "，".join(f"{zh}{groups[key]}件" for key, zh in names)
    t4 = doc.table4
    lawsuits = t4.litigation_direct[4] + t4.litigation_after_review[4]
    return (
        f"{doc.year}年，本机关共收到政府信息公开申请{t3.new_received[6]}件，"
        f"上年结转{t3.carried_over[6]}件；办理答复{t3.results.total[6]}件，其中{results}；"
        f"结转下年度继续办理{t3.carried_forward[6]}件。"
        f"因政府信息公开工作被申请行政复议{t4.review[4]}件，被提起行政诉讼{lawsuits}件。"
    )


def period_sentence(doc: NationalDocument) -> str:
    p = doc.statistics_period
    return f"本报告中所列数据的统计期限自{arabic_date(p.start)}起至{arabic_date(p.end)}止。"


# ── the document ───────────────────────────────────────────────────────────


def compose_national(
    doc: National2021Document | National2019Document, profile: Profile, created: dt.date
) -> b.Document:
    out = b.Document(title="".join(doc.title), author=doc.agency, created=created)
    add = out.blocks.append
    front, version = front_matter(doc.memo, doc.issuance, doc.agency, profile)
    out.blocks += front

    add(b.Title(tuple(doc.title)))
    add(b.Spacer(1))
    for text in doc.preamble:
        add(b.Paragraph(text))
    add(b.Paragraph(period_sentence(doc)))

    def part(i: int) -> None:
        add(b.Heading(1, heading_number(1, i + 1), PART_HEADINGS[i]))

    part(0)
    ov = doc.overview
    for text in ov.intro:
        add(b.Paragraph(text))
    for j, (key, heading) in enumerate(ASPECT_HEADINGS, start=1):
        add(b.Heading(2, heading_number(2, j), heading))
        generated = None
        if ov.generated_sentences and key == "proactive":
            generated = proactive_sentence(doc)
        elif ov.generated_sentences and key == "on_request":
            generated = on_request_sentence(doc)
        if generated:
            add(b.Paragraph(generated))
        for text in getattr(ov, key):
            add(b.Paragraph(text))

    part(1)
    add(table2_2021(doc.table2) if isinstance(doc.table2, Table2_2021) else table2_2019(doc.table2))
    part(2)
    add(table3(doc.table3))
    part(3)
    add(table4(doc))
    part(4)
    for text in doc.problems:
        add(b.Paragraph(text))
    part(5)
    for text in doc.other_matters:
        add(b.Paragraph(text))

    if version is not None:
        add(version)
    return out
