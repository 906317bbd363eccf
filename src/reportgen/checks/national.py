"""Rules of the national format: 表三 T3-1…T3-3, 表四 T4-1, and X-1, X-3, X-5, X-6
(domain.md §2). Each finding is located at the cell that disagrees."""

from __future__ import annotations

import datetime as dt

from reportgen.diagnostics import DataPath, Finding
from reportgen.models.national import (
    APPLICANT_COLUMNS,
    RESULT_COLUMNS,
    RULEMAKING_KINDS,
    TABLE4_GROUPS,
    National2021Document,
    NationalDocument,
    Regulation2021,
    Table3,
    Table4,
    outcome_rows,
    table3_rows,
)


def _col(c: int) -> str:
    return f"“{APPLICANT_COLUMNS[c]}”列"


def check_table3(t3: Table3, T3: DataPath) -> list[Finding]:
    """T3-1…T3-3 over 表三 at data path `T3` (a unit rule: runs even when the rest of the
    document has errors)."""
    out: list[Finding] = []
    # T3-3: for every row, 总计 = the six applicant columns.
    for path, label, row in table3_rows(t3):
        parts = sum(row[:6])
        if row[6] != parts:
            out.append(
                Finding(
                    "RG205",
                    f"“{label}”行：总计{row[6]}，而六类申请人之和为{parts}"
                    f"（{'＋'.join(str(n) for n in row[:6])}），差{row[6] - parts:+d}",
                    (*T3, *path, 6),
                )
            )
    rows = outcome_rows(t3.results)
    for c in range(7):
        # T3-2: （七）总计 = every outcome row.
        parts = sum(r[c] for _, _, r in rows)
        total = t3.results.total[c]
        if total != parts:
            out.append(
                Finding(
                    "RG204",
                    f"{_col(c)}：三、（七）总计为{total}，而各项办理结果之和为{parts}，差{total - parts:+d}",
                    (*T3, "results", "total", c),
                )
            )
        # T3-1: 一 + 二 = 三（七） + 四.
        left = t3.new_received[c] + t3.carried_over[c]
        right = total + t3.carried_forward[c]
        if left != right:
            out.append(
                Finding(
                    "RG203",
                    f"{_col(c)}：一＋二＝{t3.new_received[c]}＋{t3.carried_over[c]}＝{left}，"
                    f"三（七）＋四＝{total}＋{t3.carried_forward[c]}＝{right}，两者应相等（差{left - right:+d}）",
                    (*T3, "carried_forward", c),
                )
            )
    return out


def check_table4(t4: Table4, path: DataPath) -> list[Finding]:
    """T4-1 over 表四 at data path `path` (a unit rule)."""
    out: list[Finding] = []
    for key, label in TABLE4_GROUPS:
        row = getattr(t4, key)
        parts = sum(row[:4])
        if row[4] != parts:
            listing = "＋".join(f"{RESULT_COLUMNS[i]}{row[i]}" for i in range(4))
            out.append(
                Finding(
                    "RG206",
                    f"表四“{label}”：总计{row[4]}，而{listing}＝{parts}，差{row[4] - parts:+d}",
                    (*path, key, 4),
                )
            )
    return out


def check_period(doc: NationalDocument) -> list[Finding]:
    """X-6: the statistics period is the calendar year of the report."""
    out: list[Finding] = []
    y = doc.year
    want = {"start": dt.date(y, 1, 1), "end": dt.date(y, 12, 31)}
    for key, expected in want.items():
        got: dt.date = getattr(doc.statistics_period, key)
        if got != expected:
            out.append(
                Finding(
                    "RG304",
                    f"统计期限{'起始' if key == 'start' else '截止'}日期为{got.isoformat()}，"
                    f"{y}年度报告应为{expected.isoformat()}（统计期限为自然年）",
                    ("statistics_period", key),
                )
            )
    return out


def _numbers(reg: object) -> list[int]:
    return [v for v in vars(reg).values() if isinstance(v, int)]


def check_rulemaking(doc: NationalDocument) -> list[Finding]:
    """X-5: a body without 规章制定权 reports no 规章."""
    if doc.agency_kind in RULEMAKING_KINDS:
        return []
    if any(n > 0 for n in _numbers(doc.table2.rules)):
        return [
            Finding(
                "RG409",
                "“规章”行填有数字，但机关类别不具有规章制定权（只有国务院部门和省、设区的市人民政府"
                "可以制定规章）；无规章的请填0或“/”，或核对 agency_kind",
                ("table2", "rules"),
            )
        ]
    return []


def check_previous(doc: NationalDocument, prev: NationalDocument) -> list[Finding]:
    """X-1 (carry-over) and X-3 (现行有效件数 continuity) against last year's report."""
    out: list[Finding] = []
    if prev.year != doc.year - 1 or prev.agency != doc.agency:
        return [
            Finding(
                "RG305",
                f"--previous 给出的是“{prev.agency}”{prev.year}年度的报告，"
                f"应为“{doc.agency}”{doc.year - 1}年度的报告",
                ("year",),
            )
        ]
    for c in range(7):
        this, last = doc.table3.carried_over[c], prev.table3.carried_forward[c]
        if this != last:
            out.append(
                Finding(
                    "RG303",
                    f"{_col(c)}：上年结转{this}件，而{prev.year}年度报告“结转下年度继续办理”为{last}件",
                    ("table3", "carried_over", c),
                )
            )
    if isinstance(doc, National2021Document) and isinstance(prev, National2021Document):
        for key, label in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
            now: Regulation2021 = getattr(doc.table2, key)
            before: Regulation2021 = getattr(prev.table2, key)
            values = (now.in_force, before.in_force, now.issued, now.repealed)
            if not all(isinstance(v, int) for v in values):
                continue
            expected = int(before.in_force) + int(now.issued) - int(now.repealed)
            if now.in_force != expected:
                out.append(
                    Finding(
                        "RG408",
                        f"“{label}”现行有效{now.in_force}件，而上年现行有效{before.in_force}件"
                        f"＋本年制发{now.issued}件－本年废止{now.repealed}件＝{expected}件；"
                        "如因修改、清理或机构调整确有出入，可在报告中说明",
                        ("table2", key, "in_force"),
                    )
                )
    return out
