from __future__ import annotations

import datetime as dt

import pytest

from reportgen.compose.wording import (
    arabic_date,
    chinese_date,
    chinese_number,
    figures_sentence,
    heading_number,
)
from reportgen.models.legacy import Breakdown, Figures, Item


@pytest.mark.parametrize(
    ("n", "zh"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (28, "二十八"), (31, "三十一")],
)
def test_chinese_number(n: int, zh: str) -> None:
    assert chinese_number(n) == zh


def test_chinese_number_range() -> None:
    with pytest.raises(ValueError):
        chinese_number(0)


@pytest.mark.parametrize(
    ("d", "zh"),
    [
        (dt.date(2012, 4, 28), "二〇一二年四月二十八日"),
        (dt.date(2010, 10, 1), "二〇一〇年十月一日"),
        (dt.date(2009, 12, 31), "二〇〇九年十二月三十一日"),
    ],
)
def test_chinese_date_uses_ling_circle(d: dt.date, zh: str) -> None:
    assert chinese_date(d) == zh
    assert "0" not in chinese_date(d)


def test_arabic_date_has_no_padding() -> None:
    assert arabic_date(dt.date(2012, 4, 8)) == "2012年4月8日"


def test_heading_numbers() -> None:
    assert heading_number(1, 5) == "五、"
    assert heading_number(2, 3) == "（三）"


def _fig(*breakdowns: Breakdown, total: int = 76) -> Figures:
    return Figures(lead="全年主动公开政府信息", total=total, unit="条", breakdowns=list(breakdowns))


def test_sentence_without_breakdown() -> None:
    assert figures_sentence(_fig(total=0)) == "全年主动公开政府信息0条。"


def test_sentence_with_two_breakdowns() -> None:
    a = Breakdown(items=[Item(name="甲", count=70), Item(name="乙类、丙类", count=6)])
    b = Breakdown(intro="按公开渠道分，", items=[Item(name="网上公开", count=76)])
    assert figures_sentence(_fig(a, b)) == (
        "全年主动公开政府信息76条，其中，甲70条，乙类、丙类6条；按公开渠道分，网上公开76条。"
    )


def test_item_names_with_commas_use_semicolons() -> None:
    a = Breakdown(items=[Item(name="机构，职能", count=70), Item(name="其他", count=6)])
    assert figures_sentence(_fig(a)) == "全年主动公开政府信息76条，其中，机构，职能70条；其他6条。"
