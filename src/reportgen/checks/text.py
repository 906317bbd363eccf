"""RG4xx advice on Chinese text: punctuation, numerals, spacing. Reads the raw strings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from reportgen.diagnostics import DataPath, Finding

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
# Each pattern starts with the rare character it is about and looks around it, so the
# regex engine can skip ahead to that character (3x faster than starting with the context).
# An ASCII punctuation mark next to Chinese text:
_ASCII_PUNCT = re.compile(f"(?s)[,;:?!()](?:(?<=[{_CJK}].)|(?=[{_CJK}]))")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# A zero-like character between two Chinese numerals (the match is the zero only):
_ZERO_IN_NUMERAL = re.compile(
    "(?s)[0oOｏＯ０零](?<=[一二三四五六七八九〇].)(?=[一二三四五六七八九〇])"
)
# White space between two Chinese characters:
_SPACE_BETWEEN = re.compile(
    "(?s)[ \t\n\u00a0](?<=[\u4e00-\u9fff].)[ \t\n\u00a0]*(?=[\u4e00-\u9fff])"
)

# One search that finds something wherever one of the three does: it starts at any of their
# rare characters and then asks which one it is. Most strings are clean and pay one scan.
_ANY_PROBLEM = re.compile(
    "(?s)[,;:?!()0oOｏＯ０零 \t\n\u00a0](?:"
    f"(?<=[,;:?!()])(?:(?<=[{_CJK}].)|(?=[{_CJK}]))"
    "|(?<=[0oOｏＯ０零])(?<=[一二三四五六七八九〇].)(?=[一二三四五六七八九〇])"
    "|(?<=[ \t\n\u00a0])(?<=[\u4e00-\u9fff].)[ \t\n\u00a0]*(?=[\u4e00-\u9fff])"
    ")"
)

# Keys whose values are codes or markers, not prose.
_NOT_PROSE = {"format", "kind", "date", "unit"}


def check_text(strings: Iterable[tuple[str, DataPath, str | int]]) -> list[Finding]:
    """RG401/RG402/RG405 over the string values of a file (`Loaded.strings`: each value
    with its parent's path and its key or index)."""
    out: list[Finding] = []
    for text, parent, name in strings:
        if _ANY_PROBLEM.search(text) is None:
            continue
        path = (*parent, name)
        if not _NOT_PROSE.isdisjoint(path):
            continue
        m = _ASCII_PUNCT.search(text)
        if m:
            ch = m.group()
            ctx = text[max(0, m.start() - 6) : m.end() + 6]
            out.append(
                Finding(
                    "RG401",
                    f"“{ctx}”中的半角“{ch}”应为全角“{_FULL[ch]}”",
                    path,
                )
            )
        z = _ZERO_IN_NUMERAL.search(text)
        if z:
            numeral = text[z.start() - 1 : z.end() + 1]
            out.append(
                Finding(
                    "RG402",
                    f"汉字数字“{numeral}”中的“{z.group()}”应写作“〇”；"
                    "日期建议写在 date 项中（如 2012-04-28），由程序按标准转写",
                    path,
                )
            )
        s = _SPACE_BETWEEN.search(text)
        if s and path[-2:-1] != ("subject_words",):
            ctx = text[max(0, s.start() - 4) : s.end() + 4]
            out.append(
                Finding(
                    "RG405",
                    f"“{ctx.strip()}”中汉字之间有空格或换行，印出来会多出空白；"
                    "长段落请写在一行内，或用引号括起后在行尾加“\\”续行",
                    path,
                )
            )
    return out


def check_memo_text(data: Any) -> list[Finding]:
    """Addressee colon and subject-word form (raw data; runs even on invalid files)."""
    out: list[Finding] = []
    memo = data.get("memo") if isinstance(data, dict) else None
    if not isinstance(memo, dict):
        return out
    addressee = memo.get("addressee")
    if isinstance(addressee, str) and addressee.rstrip().endswith((":", "：")):
        out.append(
            Finding(
                "RG403",
                "主送机关末尾不必写冒号，排版时会自动加全角冒号“：”",
                ("memo", "addressee"),
            )
        )
    words = memo.get("subject_words")
    if isinstance(words, list):
        if len(words) > 6:
            out.append(
                Finding(
                    "RG404",
                    f"主题词有{len(words)}个；GB/T 9704—1999规定除类别词外最多5个",
                    ("memo", "subject_words"),
                )
            )
        for i, w in enumerate(words):
            if isinstance(w, str) and re.search(r"[\s，,、；;。]", w):
                out.append(
                    Finding(
                        "RG404",
                        f"主题词“{w}”中含空格或标点；每个主题词单列一项，词间空格由排版生成",
                        ("memo", "subject_words", i),
                    )
                )
    return out
