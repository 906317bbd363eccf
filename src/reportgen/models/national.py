"""The national format of 国办公开办函〔2021〕30号 (and the 2019 trial format of 〔2019〕60号).

Six fixed parts; three statistical tables whose figures must tie out (domain.md §1.4–§2).
Table rows are lists in the printed column order, so a clerk copies a row of the official
form as it stands:

* 表三 rows: [自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计]
* 表四 groups: [结果维持, 结果纠正, 其他结果, 尚未审结, 总计]

A cell that does not apply is written "/" (as real reports do, e.g. 规章 for a body without
规章制定权); an empty cell is an error.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from reportgen.models.common import Count, IsoDate, Issuance, Memo, Model, Text

NotApplicable = Literal["/"]
Cell = Count | NotApplicable

APPLICANT_COLUMNS = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)
RESULT_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

Row7 = Annotated[
    list[Count],
    Field(
        min_length=7,
        max_length=7,
        description="七个数：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计",
    ),
]
Row5 = Annotated[
    list[Count],
    Field(
        min_length=5,
        max_length=5,
        description="五个数：结果维持、结果纠正、其他结果、尚未审结、总计",
    ),
]


def _decimal(value: Any) -> Any:
    """万元 amounts: integers or decimals (YAML floats are taken by their printed digits)."""
    if isinstance(value, bool):
        return value  # rejected by the strict Decimal below
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


Amount = Annotated[
    Decimal,
    BeforeValidator(_decimal),
    Field(ge=0, max_digits=14, decimal_places=4, description="金额（万元），可有小数"),
]


class AgencyKind(StrEnum):
    """What kind of body reports: only some have 规章制定权 (《立法法》)."""

    state_council_department = "state_council_department"
    provincial_government = "provincial_government"
    city_government = "city_government"
    other = "other"


RULEMAKING_KINDS = {
    AgencyKind.state_council_department,
    AgencyKind.provincial_government,
    AgencyKind.city_government,
}


class Period(Model):
    start: IsoDate = Field(title="统计起始日期", description="一般为报告年度1月1日")
    end: IsoDate = Field(title="统计截止日期", description="一般为报告年度12月31日")


class Overview(Model):
    """一、总体情况：综述及五个方面。"""

    intro: list[Text] = Field(
        default_factory=list, title="综述", description="五个方面之前的概括段落"
    )
    proactive: list[Text] = Field(title="（一）主动公开", min_length=1)
    on_request: list[Text] = Field(title="（二）依申请公开", min_length=1)
    management: list[Text] = Field(title="（三）政府信息管理", min_length=1)
    platform: list[Text] = Field(title="（四）政府信息公开平台建设", min_length=1)
    supervision: list[Text] = Field(
        title="（五）监督保障",
        min_length=1,
        description="含《条例》第五十条第四项规定的工作考核、社会评议和责任追究结果情况",
    )
    generated_sentences: bool = Field(
        default=True,
        title="生成数字句",
        description="true：在（一）（二）段首自动生成复述表格数字的句子",
    )


# ── 表二 ────────────────────────────────────────────────────────────────────


class Regulation2021(Model):
    issued: Cell = Field(title="本年制发件数")
    repealed: Cell = Field(title="本年废止件数")
    in_force: Cell = Field(title="现行有效件数")


class Table2_2021(Model):
    rules: Regulation2021 = Field(title="规章")
    normative_documents: Regulation2021 = Field(title="行政规范性文件")
    licensing: Cell = Field(title="行政许可（本年处理决定数量）")
    punishment: Cell = Field(title="行政处罚（本年处理决定数量）")
    enforcement: Cell = Field(title="行政强制（本年处理决定数量）")
    fees: Amount | NotApplicable = Field(title="行政事业性收费（本年收费金额，万元）")


class Regulation2019(Model):
    made: Cell = Field(title="本年新制作数量")
    published: Cell = Field(title="本年新公开数量")
    total: Cell = Field(title="对外公开总数量")


class Items2019(Model):
    last_year: Cell = Field(title="上一年项目数量")
    change: int | NotApplicable = Field(title="本年增/减", description="可为负数")
    decisions: Cell = Field(title="处理决定数量")


class Fees2019(Model):
    last_year: Cell = Field(title="上一年项目数量")
    change: int | NotApplicable = Field(title="本年增/减", description="可为负数")


class Procurement2019(Model):
    items: Cell = Field(title="采购项目数量")
    amount: Amount | NotApplicable = Field(title="采购总金额（万元）")


class Table2_2019(Model):
    rules: Regulation2019 = Field(title="规章")
    normative_documents: Regulation2019 = Field(title="规范性文件")
    licensing: Items2019 = Field(title="行政许可")
    other_services: Items2019 = Field(title="其他对外管理服务事项")
    punishment: Items2019 = Field(title="行政处罚")
    enforcement: Items2019 = Field(title="行政强制")
    fees: Fees2019 = Field(title="行政事业性收费")
    procurement: Procurement2019 = Field(title="政府集中采购")


# ── 表三 ────────────────────────────────────────────────────────────────────


class Withheld(Model):
    """（三）不予公开"""

    state_secret: Row7 = Field(title="1.属于国家秘密")
    prohibited_by_law: Row7 = Field(title="2.其他法律行政法规禁止公开")
    three_safeties: Row7 = Field(title="3.危及“三安全一稳定”")
    third_party: Row7 = Field(title="4.保护第三方合法权益")
    internal_affairs: Row7 = Field(title="5.属于三类内部事务信息")
    process_information: Row7 = Field(title="6.属于四类过程性信息")
    enforcement_files: Row7 = Field(title="7.属于行政执法案卷")
    administrative_query: Row7 = Field(title="8.属于行政查询事项")


class Unable(Model):
    """（四）无法提供"""

    not_held: Row7 = Field(title="1.本机关不掌握相关政府信息")
    needs_creation: Row7 = Field(title="2.没有现成信息需要另行制作")
    unclear: Row7 = Field(title="3.补正后申请内容仍不明确")


class NotProcessed(Model):
    """（五）不予处理"""

    complaints: Row7 = Field(title="1.信访举报投诉类申请")
    repeated: Row7 = Field(title="2.重复申请")
    publications: Row7 = Field(title="3.要求提供公开出版物")
    excessive: Row7 = Field(title="4.无正当理由大量反复申请")
    confirmation: Row7 = Field(title="5.要求行政机关确认或重新出具已获取信息")


class OtherHandling(Model):
    """（六）其他处理（2021：三项）"""

    overdue_correction: Row7 = Field(
        title="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    )
    overdue_fee: Row7 = Field(
        title="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
    other: Row7 = Field(title="3.其他")


class _Results(Model):
    """三、本年度办理结果: the rows both formats share; each adds its （六） and （七）."""

    disclosed: Row7 = Field(title="（一）予以公开")
    partially_disclosed: Row7 = Field(title="（二）部分公开")
    withheld: Withheld = Field(title="（三）不予公开")
    unable: Unable = Field(title="（四）无法提供")
    not_processed: NotProcessed = Field(title="（五）不予处理")


class Results2021(_Results):
    other: OtherHandling = Field(title="（六）其他处理")
    total: Row7 = Field(title="（七）总计")


class Results2019(_Results):
    other: Row7 = Field(title="（六）其他处理")
    total: Row7 = Field(title="（七）总计")


class Table3_2021(Model):
    new_received: Row7 = Field(title="一、本年新收政府信息公开申请数量")
    carried_over: Row7 = Field(title="二、上年结转政府信息公开申请数量")
    results: Results2021 = Field(title="三、本年度办理结果")
    carried_forward: Row7 = Field(title="四、结转下年度继续办理")


class Table3_2019(Model):
    new_received: Row7 = Field(title="一、本年新收政府信息公开申请数量")
    carried_over: Row7 = Field(title="二、上年结转政府信息公开申请数量")
    results: Results2019 = Field(title="三、本年度办理结果")
    carried_forward: Row7 = Field(title="四、结转下年度继续办理")


# ── 表四 ────────────────────────────────────────────────────────────────────


class Table4(Model):
    review: Row5 = Field(title="行政复议")
    litigation_direct: Row5 = Field(title="行政诉讼：未经复议直接起诉")
    litigation_after_review: Row5 = Field(title="行政诉讼：复议后起诉")


# ── the document ───────────────────────────────────────────────────────────


class _NationalBase(Model):
    reportgen: Literal[1] = Field(title="数据文件版本", description="固定写 1")
    agency: Text = Field(title="发布机关", description="报告机关全称")
    agency_kind: AgencyKind = Field(
        strict=False,
        title="机关类别",
        description="state_council_department 国务院部门；provincial_government 省、自治区、直辖市人民政府；"
        "city_government 设区的市、自治州人民政府；other 其他（无规章制定权）",
    )
    year: int = Field(title="报告年度", ge=2019, le=2100)
    statistics_period: Period = Field(title="统计期限")
    memo: Memo | None = Field(default=None, title="报送函")
    issuance: Issuance | None = Field(default=None, title="印发机关和印发日期")
    title: list[Text] = Field(title="报告标题", min_length=1, max_length=3)
    preamble: list[Text] = Field(default_factory=list, title="导语")
    overview: Overview = Field(title="一、总体情况")
    table4: Table4 = Field(title="四、政府信息公开行政复议、行政诉讼情况")
    problems: list[Text] = Field(title="五、存在的主要问题及改进情况", min_length=1)
    other_matters: list[Text] = Field(
        title="六、其他需要报告的事项", min_length=1, description="无事项时写“无。”"
    )


class National2021Document(_NationalBase):
    """国办公开办函〔2021〕30号格式的政府信息公开工作年度报告（2021年度起）。"""

    format: Literal["national-2021"] = Field(title="报告格式")
    year: int = Field(title="报告年度", ge=2021, le=2100)
    table2: Table2_2021 = Field(title="二、主动公开政府信息情况")
    table3: Table3_2021 = Field(title="三、收到和处理政府信息公开申请情况")


class National2019Document(_NationalBase):
    """国办公开办函〔2019〕60号试行格式的年度报告（2019、2020年度）。"""

    format: Literal["national-2019"] = Field(title="报告格式")
    year: int = Field(title="报告年度", ge=2019, le=2020)
    table2: Table2_2019 = Field(title="二、主动公开政府信息情况")
    table3: Table3_2019 = Field(title="三、收到和处理政府信息公开申请情况")


NationalDocument = National2021Document | National2019Document


# ── traversal shared by checks and composer ────────────────────────────────

Results = Results2021 | Results2019
Table3 = Table3_2021 | Table3_2019


def outcome_rows(results: Results) -> list[tuple[tuple[str, ...], str, list[int]]]:
    """Every outcome row of 三、本年度办理结果 but the total: (path, short label, row)."""
    fields = type(results).model_fields
    out: list[tuple[tuple[str, ...], str, list[int]]] = [
        (("disclosed",), str(fields["disclosed"].title), results.disclosed),
        (
            ("partially_disclosed",),
            str(fields["partially_disclosed"].title),
            results.partially_disclosed,
        ),
    ]
    groups: list[tuple[str, Model | list[int]]] = [
        ("withheld", results.withheld),
        ("unable", results.unable),
        ("not_processed", results.not_processed),
        ("other", results.other),
    ]
    for name, group in groups:
        head = str(fields[name].title)
        if isinstance(group, list):
            out.append(((name,), head, group))
            continue
        for sub, info in type(group).model_fields.items():
            out.append(((name, sub), f"{head}{info.title}", getattr(group, sub)))
    return out


def table3_rows(t3: Table3) -> list[tuple[tuple[str, ...], str, list[int]]]:
    """Every row of 表三 in printed order: (path under table3, short label, row)."""
    fields = type(t3).model_fields
    rows: list[tuple[tuple[str, ...], str, list[int]]] = [
        (("new_received",), str(fields["new_received"].title), t3.new_received),
        (("carried_over",), str(fields["carried_over"].title), t3.carried_over),
    ]
    rows += [(("results", *p), label, r) for p, label, r in outcome_rows(t3.results)]
    rows.append((("results", "total"), "三、（七）总计", t3.results.total))
    rows.append((("carried_forward",), str(fields["carried_forward"].title), t3.carried_forward))
    return rows


TABLE4_GROUPS = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
    ("litigation_after_review", "行政诉讼（复议后起诉）"),
)
