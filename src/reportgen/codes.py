"""The registry of diagnostic codes: one place that names every code and its severity.

Each code's Chinese title is what documentation and reporters show next to the code.
`docs/errors.md` must list exactly these codes (a test enforces it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str


_E = Severity.ERROR
_W = Severity.WARNING

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # RG0xx: reading the file and YAML syntax
        Code("RG001", _E, "文件无法读取"),
        Code("RG002", _E, "文件编码不是UTF-8"),
        Code("RG003", _E, "YAML语法错误"),
        Code("RG004", _E, "键名重复"),
        Code("RG005", _E, "使用了制表符缩进"),
        Code("RG006", _E, "使用了YAML标签"),
        Code("RG007", _E, "使用了YAML锚点或别名"),
        Code("RG008", _E, "文件内容不是一个映射"),
        Code("RG009", _E, "超出处理限度"),
        Code("RG010", _E, "含有无法写入文档的字符"),
        # RG1xx: schema
        Code("RG101", _E, "缺少必填项"),
        Code("RG102", _E, "未知的键名"),
        Code("RG103", _E, "数据类型错误"),
        Code("RG104", _E, "数值超出允许范围"),
        Code("RG105", _E, "日期无效"),
        Code("RG106", _E, "取值不在允许范围内"),
        Code("RG107", _E, "文字内容为空"),
        Code("RG108", _E, "列表条目数量不符"),
        # RG2xx: arithmetic
        Code("RG201", _E, "分项合计与总数不一致"),
        Code("RG202", _E, "“其中”分项大于总数"),
        Code("RG203", _E, "表三勾稽关系不成立"),
        Code("RG204", _E, "表三办理结果总计与各项之和不一致"),
        Code("RG205", _E, "表三申请人总计与各类申请人之和不一致"),
        Code("RG206", _E, "表四总计与各项之和不一致"),
        # RG3xx: cross-field
        Code("RG301", _E, "日期早于报告年度结束"),
        Code("RG302", _E, "印发日期早于成文日期"),
        Code("RG303", _E, "上年结转数与上年报告的结转下年度数不一致"),
        Code("RG304", _E, "统计期限不是报告年度的自然年"),
        Code("RG305", _E, "上年报告无法用于比对"),
        # RG4xx: advice
        Code("RG401", _W, "中文文字中使用了半角标点"),
        Code("RG402", _W, "汉字日期中用数字0或字母O代替“〇”"),
        Code("RG403", _W, "主送机关后自带冒号"),
        Code("RG404", _W, "主题词不规范"),
        Code("RG405", _W, "汉字之间有空格"),
        Code("RG406", _W, "缺少主动公开情况部分"),
        Code("RG407", _W, "同一类部分重复出现"),
        Code("RG408", _W, "现行有效件数与上年衔接不上"),
        Code("RG409", _W, "无规章制定权的机关填报了规章"),
        Code("RG410", _W, "文字中的数字与表格不一致"),
        Code("RG411", _W, "数字写法不规范"),
    )
}


def severity_of(code: str) -> Severity:
    return CODES[code].severity
