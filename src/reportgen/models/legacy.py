"""The free-form report of the 2008 regime (《政府信息公开条例》2007, 第三十一、三十二条).

Real reports of that era vary widely; the model keeps what they share (parts with headings,
sections, paragraphs) free, and types what must add up: a total with one or more breakdowns
("其中，部门动态20条……" by content, "网上公开765条……" by channel), each either a partition that
must add up or a "其中" subset that need not.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from reportgen.models.common import Count, Issuance, Memo, Model, Text

# Headings are numbered 一、…九十九、 and （一）…（九十九）.
MAX_HEADINGS = 99


class PartKind(StrEnum):
    overview = "overview"
    proactive = "proactive"
    on_request = "on_request"
    fees = "fees"
    review_litigation = "review_litigation"
    problems = "problems"
    consultation = "consultation"
    staffing_funding = "staffing_funding"
    other = "other"


PART_KIND_NAMES: dict[PartKind, str] = {
    PartKind.overview: "概述",
    PartKind.proactive: "主动公开情况",
    PartKind.on_request: "依申请公开情况",
    PartKind.fees: "收费及减免情况",
    PartKind.review_litigation: "行政复议和行政诉讼情况",
    PartKind.problems: "存在的主要问题和改进措施",
    PartKind.consultation: "咨询情况",
    PartKind.staffing_funding: "人员和经费情况",
    PartKind.other: "其他",
}


class Item(Model):
    name: Text = Field(title="分项名称", description="如“部门动态”")
    count: Count = Field(title="数量", description="该分项的数量，非负整数")


class Breakdown(Model):
    """一个总数的一种分类方式（按内容、按公开渠道……）。"""

    intro: str = Field(
        default="其中，",
        title="引导语",
        description="分项前的引导语，如“其中，”“按公开渠道分，”；可为空",
    )
    partition: bool = Field(
        default=True,
        title="是否构成全部",
        description="true：各分项之和必须等于总数；false：只是“其中”列举的一部分，各项不得大于总数",
    )
    items: list[Item] = Field(title="分项", min_length=1)


class Figures(Model):
    """一个带数字的句子：前导语 + 总数 + 单位 + 分项，由程序生成，数字与文字不会不一致。"""

    lead: Text = Field(
        title="前导语",
        description="数字前面的文字，如“乌海市经济和信息化委员会2011年主动公开政府信息”",
    )
    total: Count = Field(title="总数")
    unit: Annotated[str, Field(min_length=1, max_length=4)] = Field(
        title="单位", description="量词，如“条”“件”“次”"
    )
    breakdowns: list[Breakdown] = Field(default_factory=list, title="分项")


class FiguresParagraph(Model):
    figures: Figures = Field(title="数字句", description="由数据生成的句子，放在段首")
    text: Text | None = Field(
        default=None, title="后续文字", description="同一段中接在数字句后面的文字"
    )


def _paragraph_tag(value: Any) -> str:
    # A mapping is a figures paragraph; anything else must be plain text.
    return "figures-paragraph" if isinstance(value, dict | FiguresParagraph) else "plain-text"


Paragraph = Annotated[
    Annotated[Text, Tag("plain-text")] | Annotated[FiguresParagraph, Tag("figures-paragraph")],
    Discriminator(_paragraph_tag),
]


class Section(Model):
    """二级标题（（一）……）及其下的段落。"""

    heading: Text = Field(title="二级标题", description="不写序号，排版时自动编为（一）（二）……")
    paragraphs: list[Paragraph] = Field(title="段落", min_length=1)


class Part(Model):
    """一级部分（一、……）。"""

    heading: Text = Field(title="一级标题", description="不写序号，排版时自动编为一、二、……")
    kind: PartKind = Field(
        default=PartKind.other,
        strict=False,  # accept the enum's string values from YAML
        title="部分类别",
        description="overview 概述；proactive 主动公开；on_request 依申请公开；fees 收费及减免；"
        "review_litigation 行政复议和行政诉讼；problems 存在的问题和改进措施；consultation 咨询；"
        "staffing_funding 人员和经费；other 其他",
    )
    paragraphs: list[Paragraph] = Field(default_factory=list, title="段落")
    sections: list[Section] = Field(default_factory=list, title="二级部分", max_length=MAX_HEADINGS)


class Report(Model):
    title: list[Text] = Field(
        title="报告标题", min_length=1, max_length=3, description="每行一条，按排版时的分行写"
    )
    preamble: list[Paragraph] = Field(
        default_factory=list, title="导语", description="标题后、第一部分前的段落"
    )
    parts: list[Part] = Field(title="各部分", min_length=1, max_length=MAX_HEADINGS)


class LegacyDocument(Model):
    """2008—2018年间的政府信息公开工作年度报告（自由格式）。"""

    reportgen: Literal[1] = Field(title="数据文件版本", description="固定写 1")
    format: Literal["legacy-2008"] = Field(title="报告格式")
    agency: Text = Field(title="发布机关", description="报告机关全称，如“乌海市经济和信息化委员会”")
    year: int = Field(
        title="报告年度",
        ge=2008,
        le=2018,
        description="报告所统计的年度，如 2011（2019年度起用国家统一格式）",
    )
    memo: Memo | None = Field(default=None, title="报送函")
    issuance: Issuance | None = Field(default=None, title="印发机关和印发日期")
    report: Report = Field(title="报告正文")
