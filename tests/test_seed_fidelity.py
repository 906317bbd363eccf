"""The rendered seed holds every sentence of the captured original, in order.

The reference is derived here, independently of reportgen, from the capture in
tests/data/seed_capture.txt (a copy of shared/seed): strip the pinyin the bad converter
inserted, convert traditional → simplified with OpenCC, restore full-width punctuation,
drop the web page's navigation. What remains differs from the rendered document only by
the normalisations listed below, each a deliberate, documented choice.
"""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest
from docx import Document

from reportgen.render import render_file

CAPTURE = Path(__file__).parent / "data" / "seed_capture.txt"
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
ASCII_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})

# (from, to, why)
NORMALISATIONS = [
    # OpenCC maps 著 to 著 here; the original (simplified) reads 本着.
    ("本著", "本着", "converter artefact"),
    # GB/T 9704-1999 writes the zero of a Chinese-numeral date as 〇, not the digit 0.
    ("二0一二年四月二十八日", "二〇一二年四月二十八日", "1999 date rule"),
    # The generated figures sentence separates all items alike with "，"; the capture
    # has one stray "；" between two items of the same list.
    ("政策法规10条；规范性文件", "政策法规10条，规范性文件", "generated sentence"),
    # Subject words are separated by a full-width space (one character).
    ("主题词：政府信息 工作报告", "主题词：政府信息\u3000工作报告", "1999 subject-word rule"),
    # The issuance line: the issuer one ideographic space in, the date after a right tab.
    (
        "乌海市经济和信息化委员会 2012年4月28日印发",
        "\u3000乌海市经济和信息化委员会\t2012年4月28日印发",
        "1999 issuance rule",
    ),
]


def reference_lines() -> list[str]:
    text = CAPTURE.read_text(encoding="utf-8")
    text = opencc.OpenCC("t2s").convert(PINYIN.sub("", text)).translate(ASCII_TO_FULL)
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not set(ln) <= {"-"}]  # rules are drawn, not typed
    assert lines[-2:] == ["上一条：", "下一条："]  # the web page's navigation
    out = []
    for ln in lines[:-2]:
        for old, new, _why in NORMALISATIONS:
            ln = ln.replace(old, new)
        out.append(ln)
    return out


@pytest.fixture(scope="module")
def rendered_paragraphs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("seed") / "seed.docx"
    example = Path(__file__).resolve().parent.parent / "examples" / "wuhai_2011.yaml"
    assert render_file(example, out).output == out
    return [p.text for p in Document(str(out)).paragraphs if p.text.strip()]


def test_every_normalisation_applies() -> None:
    raw = opencc.OpenCC("t2s").convert(PINYIN.sub("", CAPTURE.read_text(encoding="utf-8")))
    raw = raw.translate(ASCII_TO_FULL)
    for old, _new, why in NORMALISATIONS:
        assert old in raw, f"normalisation for {why} no longer matches the capture"


def test_no_pinyin_or_traditional_left(rendered_paragraphs: list[str]) -> None:
    body = "".join(rendered_paragraphs)
    assert not PINYIN.search(body)
    # Simplified text is a fixed point of traditional → simplified conversion.
    assert opencc.OpenCC("t2s").convert(body) == body


def test_rendered_text_is_the_seed_in_order(rendered_paragraphs: list[str]) -> None:
    assert rendered_paragraphs == reference_lines()
