"""The RG401/RG402/RG405 patterns are written for speed (each starts at its rare character,
and one pre-filter stands for all three); they must find exactly what the plain patterns,
written here as the rules read, find."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.checks import text as t

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
# An ASCII mark right after or right before Chinese text.
PLAIN_PUNCT = re.compile(f"(?<=[{CJK}])[,;:?!()]|[,;:?!()](?=[{CJK}])")
# A zero-like character between two Chinese numerals (the three characters).
PLAIN_ZERO = re.compile("[一二三四五六七八九〇][0oOｏＯ０零][一二三四五六七八九〇]")
# White space between two Chinese characters.
PLAIN_SPACE = re.compile("(?<=[\u4e00-\u9fff])[ \t\n\u00a0]+(?=[\u4e00-\u9fff])")

# Every character the patterns care about, and some they don't.
ALPHABET = "乌海一二九〇0oO零ｏＯ０ \t\n\u00a0,;:?!()ab（，。\u3000"
texts = st.text(alphabet=ALPHABET, max_size=12)


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return None if m is None else m.span()


@settings(max_examples=3000)
@given(texts)
def test_fast_patterns_find_what_the_plain_ones_find(s: str) -> None:
    assert _span(t._ASCII_PUNCT.search(s)) == _span(PLAIN_PUNCT.search(s))
    assert _span(t._SPACE_BETWEEN.search(s)) == _span(PLAIN_SPACE.search(s))
    zero = t._ZERO_IN_NUMERAL.search(s)
    plain = PLAIN_ZERO.search(s)
    # the fast pattern matches the zero alone; the numerals around it are the context
    assert _span(zero) == (None if plain is None else (plain.start() + 1, plain.end() - 1))


@settings(max_examples=3000)
@given(texts)
def test_the_prefilter_misses_nothing(s: str) -> None:
    found = any(p.search(s) for p in (PLAIN_PUNCT, PLAIN_ZERO, PLAIN_SPACE))
    assert (t._ANY_PROBLEM.search(s) is not None) == found


def test_known_cases() -> None:
    assert t._ANY_PROBLEM.search("二0一二年") and t._ZERO_IN_NUMERAL.search("二0一二年")
    assert t._ANY_PROBLEM.search("加强领导,完善体系")
    assert t._ANY_PROBLEM.search("政府 信息")
    assert t._ANY_PROBLEM.search("2011年，共100件") is None
    assert t._ANY_PROBLEM.search("Times New Roman") is None
