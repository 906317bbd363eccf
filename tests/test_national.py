"""The national formats: the tables' official grids in the rendered .docx, every rule,
the cross-year rules, figures in prose, and generated consistent tables (hypothesis)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.layout import GB9704_2012
from reportgen.render import docx_bytes, render_file
from reportgen.validate import Previous, validate_file, validate_text

from conftest import ROOT, mutate

SAMPLE = ROOT / "examples" / "national_2021_sample.yaml"
ZERO = ROOT / "tests" / "cases" / "valid" / "national_2021_zero.yaml"
TRIAL = ROOT / "tests" / "cases" / "valid" / "national_2019.yaml"

Grid = dict[tuple[int, int], tuple[str, int, int]]


def grid(table: Any) -> Grid:
    """Origin cells of a docx table: (row, col) → (text, rowspan, colspan), from the XML."""
    origins: Grid = {}
    open_at: dict[int, tuple[int, int]] = {}  # grid column → origin (row, col) of a vMerge
    for r, tr in enumerate(table._tbl.tr_lst):
        c = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            vmerge = tc.vMerge
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            if vmerge == "continue":
                origin = open_at[c]
                t, rs, cs = origins[origin]
                origins[origin] = (t, rs + 1, cs)
            else:
                origins[(r, c)] = (text, 1, span)
                if vmerge == "restart":
                    open_at[c] = (r, c)
            c += span
    return origins


@pytest.fixture(scope="module")
def sample_doc(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("national") / "sample.docx"
    assert render_file(SAMPLE, out).output == out
    return Document(str(out))


def test_sample_is_valid() -> None:
    assert validate_file(SAMPLE).diagnostics == []


def test_sample_headings_in_order(sample_doc: Any) -> None:
    texts = [p.text for p in sample_doc.paragraphs]
    want = [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）政府信息公开平台建设",
        "（五）监督保障",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert [t for t in texts if t in want] == want
    assert "本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。" in texts


def test_tables_follow_their_parts(sample_doc: Any) -> None:
    body = sample_doc.element.body
    order = []
    for el in body.iterchildren():
        if el.tag == qn("w:tbl"):
            order.append("TABLE")
        elif el.tag == qn("w:p"):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if text[:2] in ("二、", "三、", "四、", "五、"):
                order.append(text[:2])
    assert order == ["二、", "TABLE", "三、", "TABLE", "四、", "TABLE", "五、"]


def test_table2_grid(sample_doc: Any) -> None:
    g = grid(sample_doc.tables[0])
    # domain.md §1.4: section rows span all four columns; single-value rows span B–D.
    assert g[(0, 0)] == ("第二十条第（一）项", 1, 4)
    assert [g[(1, c)][0] for c in range(4)] == [
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]
    assert [g[(2, c)][0] for c in range(4)] == ["规章", "2", "1", "35"]
    assert [g[(3, c)][0] for c in range(4)] == ["行政规范性文件", "15", "6", "210"]
    assert g[(4, 0)] == ("第二十条第（五）项", 1, 4)
    assert g[(5, 1)] == ("本年处理决定数量", 1, 3)
    assert (g[(6, 0)][0], g[(6, 1)]) == ("行政许可", ("15432", 1, 3))
    assert g[(7, 0)] == ("第二十条第（六）项", 1, 4)
    assert (g[(9, 0)][0], g[(9, 1)]) == ("行政处罚", ("2876", 1, 3))
    assert (g[(10, 0)][0], g[(10, 1)]) == ("行政强制", ("134", 1, 3))
    assert g[(11, 0)] == ("第二十条第（八）项", 1, 4)
    assert g[(12, 1)] == ("本年收费金额（单位：万元）", 1, 3)
    assert (g[(13, 0)][0], g[(13, 1)]) == ("行政事业性收费", ("1260.35", 1, 3))
    assert len(sample_doc.tables[0].rows) == 14


def test_table3_grid(sample_doc: Any) -> None:
    table = sample_doc.tables[1]
    g = grid(table)
    assert len(table.rows) == 28  # 3 header rows + 25 body rows (2021)
    assert g[(0, 0)] == (
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        3,
        3,
    )
    assert g[(0, 3)] == ("申请人情况", 1, 7)
    assert g[(1, 3)] == ("自然人", 2, 1)
    assert g[(1, 4)] == ("法人或其他组织", 1, 5)
    assert g[(1, 9)] == ("总计", 2, 1)
    assert [g[(2, c)][0] for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert g[(3, 0)] == ("一、本年新收政府信息公开申请数量", 1, 3)
    assert [g[(3, c)][0] for c in range(3, 10)] == ["98", "12", "1", "2", "9", "4", "126"]
    assert g[(4, 0)] == ("二、上年结转政府信息公开申请数量", 1, 3)
    assert g[(5, 0)] == ("三、本年度办理结果", 22, 1)
    assert g[(5, 1)] == ("（一）予以公开", 1, 2)
    assert g[(6, 1)] == ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)
    assert g[(7, 1)] == ("（三）不予公开", 8, 1)
    assert [g[(r, 2)][0] for r in range(7, 15)] == [
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
    ]
    assert g[(15, 1)] == ("（四）无法提供", 3, 1)
    assert [g[(r, 2)][0] for r in range(15, 18)] == [
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
    ]
    assert g[(18, 1)] == ("（五）不予处理", 5, 1)
    assert [g[(r, 2)][0] for r in range(18, 23)] == [
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
    ]
    assert g[(23, 1)] == ("（六）其他处理", 3, 1)
    assert [g[(r, 2)][0] for r in range(23, 26)] == [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]
    assert g[(26, 1)] == ("（七）总计", 1, 2)
    assert [g[(26, c)][0] for c in range(3, 10)] == ["99", "12", "1", "2", "10", "4", "128"]
    assert g[(27, 0)] == ("四、结转下年度继续办理", 1, 3)
    # Header rows repeat on every page; no row breaks across pages.
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.trPr
        assert tr_pr.find(qn("w:cantSplit")) is not None
        assert (tr_pr.find(qn("w:tblHeader")) is not None) == (r < 3)


def test_table4_grid(sample_doc: Any) -> None:
    g = grid(sample_doc.tables[2])
    assert g[(0, 0)] == ("行政复议", 1, 5)
    assert g[(0, 5)] == ("行政诉讼", 1, 10)
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [g[(1, c)] for c in range(5)] == [(t, 2, 1) for t in results]
    assert g[(1, 5)] == ("未经复议直接起诉", 1, 5)
    assert g[(1, 10)] == ("复议后起诉", 1, 5)
    assert [g[(2, c)][0] for c in range(5, 15)] == results * 2
    assert [g[(3, c)][0] for c in range(15)] == [
        "3",
        "1",
        "0",
        "1",
        "5",
        "1",
        "0",
        "0",
        "1",
        "2",
        "0",
        "0",
        "0",
        "1",
        "1",
    ]


def test_tables_fit_the_type_area(sample_doc: Any) -> None:
    for table in sample_doc.tables:
        widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(widths) - 8844) <= 2  # 156 mm in twips


def test_2012_layout_by_default(sample_doc: Any) -> None:
    texts = [p.text for p in sample_doc.paragraphs]
    assert "2026年3月20日" in texts and "示例市人民政府" in texts  # 署名 over the date
    assert not any(t.startswith("主题词") for t in texts)
    # 版记 last, between a thick first and a thick last rule.
    last = next(p for p in reversed(sample_doc.paragraphs) if p.text.strip())
    assert last.text == "\u3000示例市人民政府办公室\t2026年3月20日印发"
    bdr = last._p.pPr.find(qn("w:pBdr"))
    assert bdr.find(qn("w:top")).get(qn("w:sz")) == "8"
    assert bdr.find(qn("w:bottom")).get(qn("w:sz")) == "8"


def test_2019_format_renders_its_labels(tmp_path: Path) -> None:
    assert validate_file(TRIAL).diagnostics == []
    out = tmp_path / "t.docx"
    render_file(TRIAL, out)
    d = Document(str(out))
    t2, t3 = grid(d.tables[0]), d.tables[1]
    assert [t2[(1, c)][0] for c in range(4)] == [
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
    ]
    assert t2[(3, 0)][0] == "规范性文件"
    assert [t2[(5, c)][0] for c in range(4)] == [
        "信息内容",
        "上一年项目数量",
        "本年增/减",
        "处理决定数量",
    ]
    assert t2[(7, 0)][0] == "其他对外管理服务事项"
    assert t2[(13, 2)] == ("本年增/减", 1, 2)
    assert t2[(15, 0)] == ("第二十条第（九）项", 1, 4)
    assert [t2[(17, c)][0] for c in (0, 1, 2)] == ["政府集中采购", "6", "248.6"]
    g3 = grid(t3)
    assert len(t3.rows) == 26
    assert g3[(5, 0)] == ("三、本年度办理结果", 20, 1)
    assert g3[(23, 1)] == ("（六）其他处理", 1, 2)


# ── rules, located ─────────────────────────────────────────────────────────


def codes(result: Any) -> list[tuple[str, tuple[Any, ...]]]:
    return sorted((d.code, d.data_path) for d in result.diagnostics)


def test_changing_one_outcome_cell_is_caught_at_its_totals() -> None:
    text = mutate(
        SAMPLE.read_text(encoding="utf-8"), "[45, 6, 1, 1, 4, 1, 58]", "[46, 6, 1, 1, 4, 1, 58]"
    )
    got = codes(validate_text(text))
    assert got == [
        ("RG204", ("table3", "results", "total", 0)),
        ("RG205", ("table3", "results", "disclosed", 6)),
    ]


def test_prose_percentage_checked() -> None:
    text = mutate(SAMPLE.read_text(encoding="utf-8"), "占46.0%，较", "占47.0%，较")
    (d,) = validate_text(text).diagnostics
    assert d.code == "RG410" and "占本年新收申请126件的46.0%" in d.message and not d.is_error
    assert d.data_path == ("overview", "on_request", 0)


def test_prose_figure_checked_and_strict_fails() -> None:
    text = mutate(SAMPLE.read_text(encoding="utf-8"), "中，予以公开58件", "中，予以公开59件")
    result = validate_text(text)
    (d,) = result.diagnostics
    assert d.code == "RG410" and "58件" in d.message
    assert result.ok  # a warning, not an error


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _last_year() -> dict[str, Any]:
    """示例市人民政府's 2024 report, consistent with the 2025 sample: it carried
    [5, 1, 0, 0, 1, 0, 7] forward (the sample's 上年结转), and its 现行有效 counts lead to
    the sample's (35 = 34 + 2 − 1 规章, 210 = 201 + 15 − 6 行政规范性文件)."""
    data = copy.deepcopy(BASE)
    data.update(
        agency="示例市人民政府",
        agency_kind="city_government",
        year=2024,
        statistics_period={"start": "2024-01-01", "end": "2024-12-31"},
        title=["示例市人民政府2024年政府信息公开工作年度报告"],
    )
    data["table2"]["rules"] = {"issued": 0, "repealed": 0, "in_force": 34}
    data["table2"]["normative_documents"] = {"issued": 0, "repealed": 0, "in_force": 201}
    forward = [5, 1, 0, 0, 1, 0, 7]
    data["table3"]["new_received"] = list(forward)
    data["table3"]["carried_forward"] = list(forward)
    return data


def test_previous_year_consistent(tmp_path: Path) -> None:
    prev = _write(tmp_path, "2024.yaml", dump(_last_year()))
    assert validate_file(prev).diagnostics == []
    result = validate_file(SAMPLE, previous=Previous.load(prev))
    assert result.diagnostics == []


def test_previous_year_broken_carry_over(tmp_path: Path) -> None:
    last = _last_year()
    last["table3"]["new_received"] = [6, 1, 0, 0, 0, 0, 7]
    last["table3"]["carried_forward"] = [6, 1, 0, 0, 0, 0, 7]
    prev = _write(tmp_path, "2024.yaml", dump(last))
    assert validate_file(prev).diagnostics == []
    result = validate_file(SAMPLE, previous=Previous.load(prev))
    got = [(d.code, d.data_path, d.line) for d in result.diagnostics]
    line = next(
        i for i, s in enumerate(SAMPLE.read_text().splitlines(), 1) if "carried_over:  [" in s
    )
    assert got == [
        ("RG303", ("table3", "carried_over", 0), line),
        ("RG303", ("table3", "carried_over", 4), line),
    ]
    assert "6件" in result.diagnostics[0].message


def test_previous_in_force_continuity_warns(tmp_path: Path) -> None:
    last = _last_year()
    last["table2"]["normative_documents"]["in_force"] = 200
    prev = _write(tmp_path, "2024.yaml", dump(last))
    (d,) = validate_file(SAMPLE, previous=Previous.load(prev)).diagnostics
    assert d.code == "RG408" and d.data_path == ("table2", "normative_documents", "in_force")
    assert "200件＋本年制发15件－本年废止6件＝209件" in d.message and not d.is_error


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (
            {"year": 2023, "statistics_period": {"start": "2023-01-01", "end": "2023-12-31"}},
            "2023年度",
        ),
        ({"agency": "另一市人民政府"}, "另一市人民政府"),
    ],
)
def test_previous_must_be_last_years_report(
    tmp_path: Path, change: dict[str, Any], fragment: str
) -> None:
    last = _last_year()
    last.update(change)
    prev = _write(tmp_path, "prev.yaml", dump(last))
    assert validate_file(prev).diagnostics == []
    (d,) = validate_file(SAMPLE, previous=Previous.load(prev)).diagnostics
    assert d.code == "RG305" and fragment in d.message


def test_invalid_previous_is_reported(tmp_path: Path) -> None:
    prev = _write(tmp_path, "prev.yaml", "reportgen: 1\nformat: national-2021\n")
    (d,) = validate_file(SAMPLE, previous=Previous.load(prev)).diagnostics
    assert d.code == "RG305" and "prev.yaml" in d.message


# ── property: consistent tables validate and render; one broken cell is caught ──

OUTCOME_PATHS = [
    ("disclosed",),
    ("partially_disclosed",),
    *[
        ("withheld", k)
        for k in (
            "state_secret",
            "prohibited_by_law",
            "three_safeties",
            "third_party",
            "internal_affairs",
            "process_information",
            "enforcement_files",
            "administrative_query",
        )
    ],
    *[("unable", k) for k in ("not_held", "needs_creation", "unclear")],
    *[
        ("not_processed", k)
        for k in ("complaints", "repeated", "publications", "excessive", "confirmation")
    ],
    *[("other", k) for k in ("overdue_correction", "overdue_fee", "other")],
]

six = st.lists(st.integers(0, 40), min_size=6, max_size=6)


def with_total(row: list[int]) -> list[int]:
    return [*row, sum(row)]


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    results: dict[str, Any] = {}
    total = [0] * 6
    for path in OUTCOME_PATHS:
        row = draw(six)
        total = [a + b for a, b in zip(total, row, strict=True)]
        node = results
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = with_total(row)
    results["total"] = with_total(total)
    forward = draw(six)
    carried = [draw(st.integers(0, t + f)) for t, f in zip(total, forward, strict=True)]
    new = [t + f - c for t, f, c in zip(total, forward, carried, strict=True)]
    t4 = {}
    for key in ("review", "litigation_direct", "litigation_after_review"):
        four = draw(st.lists(st.integers(0, 9), min_size=4, max_size=4))
        t4[key] = [*four, sum(four)]
    return {
        "table3": {
            "new_received": with_total(new),
            "carried_over": with_total(carried),
            "results": results,
            "carried_forward": with_total(forward),
        },
        "table4": t4,
    }


BASE = yaml.safe_load(ZERO.read_text(encoding="utf-8"))


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def report_with(t: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["statistics_period"] = {"start": "2025-01-01", "end": "2025-12-31"}
    data.update(t)
    return data


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_consistent_tables_validate_and_render(t: dict[str, Any]) -> None:
    result = validate_text(dump(report_with(t)))
    assert result.diagnostics == []
    raw = docx_bytes(result.document, GB9704_2012)  # type: ignore[arg-type]
    import io

    d = Document(io.BytesIO(raw))
    g3 = grid(d.tables[1])
    body = [row for row in range(3, 28)]
    rows = [t["table3"]["new_received"], t["table3"]["carried_over"]]
    for path in OUTCOME_PATHS:
        node: Any = t["table3"]["results"]
        for key in path:
            node = node[key]
        rows.append(node)
    rows += [t["table3"]["results"]["total"], t["table3"]["carried_forward"]]
    for r, row in zip(body, rows, strict=True):
        assert [g3[(r, c)][0] for c in range(3, 10)] == [str(v) for v in row]
    g4 = grid(d.tables[2])
    flat = [
        v
        for k in ("review", "litigation_direct", "litigation_after_review")
        for v in t["table4"][k]
    ]
    assert [g4[(3, c)][0] for c in range(15)] == [str(v) for v in flat]


@settings(max_examples=40, deadline=None)
@given(tables(), st.sampled_from(OUTCOME_PATHS), st.integers(0, 5), st.integers(1, 3))
def test_one_broken_outcome_cell_is_caught(
    t: dict[str, Any], path: tuple[str, ...], col: int, delta: int
) -> None:
    data = report_with(t)
    node: Any = data["table3"]["results"]
    for key in path:
        node = node[key]
    node[col] += delta
    found = {(d.code, d.data_path) for d in validate_text(dump(data)).diagnostics}
    assert ("RG204", ("table3", "results", "total", col)) in found
    assert ("RG205", ("table3", "results", *path, 6)) in found


def test_table_rules_still_run_when_other_fields_are_wrong() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    text = mutate(text, "year: 2025 ", "year: 二〇二五 ")
    text = mutate(
        text, "review:                  [3, 1, 0, 1, 5]", "review:                  [3, 1, 0, 1, 6]"
    )
    text = mutate(text, "[45, 6, 1, 1, 4, 1, 58]", "[45, 6, 1, 1, 4, 1, 59]")
    got = sorted((d.code, d.data_path) for d in validate_text(text).diagnostics)
    assert ("RG103", ("year",)) in got
    assert ("RG206", ("table4", "review", 4)) in got
    assert ("RG205", ("table3", "results", "disclosed", 6)) in got
