"""Every piece of wording generated from data: numerals, dates, figures sentences."""

from __future__ import annotations

import datetime as dt

from reportgen.models.legacy import Figures

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 in Chinese numerals as used for numbering and dates (十, 十一, 二十, 二十一)."""
    if not 0 < n < 100:
        raise ValueError(f"chinese_number supports 1..99, got {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(d: dt.date) -> str:
    """GB/T 9704—1999: 二〇一二年四月二十八日 (year digit by digit, 〇 for zero)."""
    year = "".join(_DIGITS[int(c)] for c in str(d.year))
    return f"{year}年{chinese_number(d.month)}月{chinese_number(d.day)}日"


def arabic_date(d: dt.date) -> str:
    """GB/T 9704—2012: 2012年4月28日 (no zero padding)."""
    return f"{d.year}年{d.month}月{d.day}日"


def heading_number(level: int, index: int) -> str:
    """一、 for level 1, （一） for level 2 (index from 1)."""
    n = chinese_number(index)
    return f"{n}、" if level == 1 else f"（{n}）"


def figures_sentence(fig: Figures) -> str:
    """ "…主动公开政府信息76条，其中，部门动态20条，政策法规10条，…。"

    Items are separated by "，", or by "；" when an item's own name holds a "，";
    several breakdowns of one total are separated by "；".
    """
    u = fig.unit
    out = f"{fig.lead}{fig.total}{u}"
    groups = []
    for bd in fig.breakdowns:
        sep = "；" if any("，" in i.name for i in bd.items) else "，"
        groups.append(bd.intro + sep.join(f"{i.name}{i.count}{u}" for i in bd.items))
    if groups:
        out += "，" + "；".join(groups)
    return out + "。"
