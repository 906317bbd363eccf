"""Properties over generated valid reports (hypothesis).

Legacy format: generated documents (agency names, paragraphs of arbitrary printable CJK and
ASCII text, figures whose partitions add up) are dumped with yaml.safe_dump, validated and
rendered in memory; the rendered paragraphs must be exactly the text the data holds — every
piece once, in order, nothing dropped, nothing duplicated — with the generated wording
(heading numbers, figures sentences, dates) computed here independently of the composer.
Breaking one breakdown sum by one numeric change must give RG201 located at that total.

National format: tests/test_national.py has the table properties; here, the text content.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from typing import Any

import yaml
from docx import Document
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reportgen.layout import PROFILES, LayoutName, Profile
from reportgen.loader import load_text
from reportgen.render import docx_bytes
from reportgen.validate import validate_text

from conftest import ROOT

ZERO = ROOT / "tests" / "cases" / "valid" / "national_2021_zero.yaml"


def render_settings(n: int) -> Any:
    """Rendering costs ~0.1 s (legacy) to ~0.3 s (national, three tables) an example."""
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ── text ───────────────────────────────────────────────────────────────────────

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
ascii_printable = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
punct = st.sampled_from(list("，。；：、？！（）《》“”‘’—…·\u3000"))
breaks = st.sampled_from(["\t", "\n"])
char = st.one_of(cjk, cjk, ascii_printable, punct, breaks)


@st.composite
def prose(draw: st.DrawFn, max_size: int = 40) -> str:
    """Arbitrary printable text with at least one ideograph (a report is Chinese; and no
    ideograph means no YAML 1.1/1.2 disagreement on what `0o17` or `1e3` are)."""
    return draw(st.text(char, max_size=max_size)) + draw(cjk) + draw(st.text(char, max_size=8))


names = st.text(cjk, min_size=1, max_size=12)
units = st.text(st.sampled_from("条件次项个份人"), min_size=1, max_size=4)
item_names = st.one_of(names, st.builds(lambda a, b: f"{a}，{b}", names, names))


def dump(data: dict[str, Any]) -> str:
    # safe_dump writes an anchor for a list it meets twice: dump a deep copy.
    return yaml.safe_dump(copy.deepcopy(data), allow_unicode=True, sort_keys=False)


# ── generated legacy documents ────────────────────────────────────────────────


@st.composite
def figures(draw: st.DrawFn, partition: bool | None = None) -> dict[str, Any]:
    total = draw(st.integers(0, 10**6))
    fig: dict[str, Any] = {"lead": draw(prose()), "total": total, "unit": draw(units)}
    n = draw(st.integers(0 if partition is None else 1, 3))
    bds = []
    for k in range(n):
        whole = draw(st.booleans()) if partition is None or k > 0 else partition
        size = draw(st.integers(1, 5))
        if whole:  # a partition: cut the total into `size` counts that add up
            cuts = sorted(
                draw(st.lists(st.integers(0, total), min_size=size - 1, max_size=size - 1))
            )
            counts = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        else:  # a "其中" subset: each at most the total
            counts = draw(st.lists(st.integers(0, total), min_size=size, max_size=size))
        bd: dict[str, Any] = {"items": [{"name": draw(item_names), "count": c} for c in counts]}
        if not whole:
            bd["partition"] = False
        if draw(st.booleans()):
            bd["intro"] = draw(st.one_of(st.just(""), prose(12)))
        bds.append(bd)
    if bds or draw(st.booleans()):
        fig["breakdowns"] = bds
    return fig


@st.composite
def paragraph(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 3)):
        return draw(prose())
    p: dict[str, Any] = {"figures": draw(figures())}
    if draw(st.booleans()):
        p["text"] = draw(prose())
    return p


KINDS = ["overview", "proactive", "on_request", "fees", "review_litigation", "problems", "other"]


@st.composite
def legacy_documents(draw: st.DrawFn) -> dict[str, Any]:
    year = draw(st.integers(2008, 2018))
    after = dt.date(year + 1, 1, 1)
    data: dict[str, Any] = {
        "reportgen": 1,
        "format": "legacy-2008",
        "agency": draw(names),
        "year": year,
    }
    memo_date = draw(st.dates(after, dt.date(year + 1, 12, 31)))
    has_issuance = draw(st.booleans())
    if draw(st.booleans()):
        memo: dict[str, Any] = {
            "addressee": draw(names),
            "body": draw(st.lists(prose(), min_size=1, max_size=3)),
            "date": memo_date.isoformat(),
        }
        memo["subject_words"] = draw(st.lists(names, max_size=4))
        if draw(st.booleans()):
            memo["signature"] = draw(names)
        data["memo"] = memo
    if has_issuance:
        issued = draw(st.dates(memo_date, dt.date(year + 2, 12, 31)))
        data["issuance"] = {"issuer": draw(names), "date": issued.isoformat()}
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        part: dict[str, Any] = {"heading": draw(prose(16))}
        if draw(st.booleans()):
            part["kind"] = draw(st.sampled_from(KINDS))
        if draw(st.booleans()):
            part["paragraphs"] = draw(st.lists(paragraph(), max_size=3))
        if draw(st.booleans()):
            part["sections"] = [
                {
                    "heading": draw(prose(16)),
                    "paragraphs": draw(st.lists(paragraph(), min_size=1, max_size=3)),
                }
                for _ in range(draw(st.integers(0, 3)))
            ]
        parts.append(part)
    report: dict[str, Any] = {"title": draw(st.lists(prose(20), min_size=1, max_size=3))}
    if draw(st.booleans()):
        report["preamble"] = draw(st.lists(paragraph(), max_size=3))
    report["parts"] = parts
    data["report"] = report
    return data


# ── the expected wording, computed independently of reportgen.compose ─────────

_DIGITS = "〇一二三四五六七八九"


def numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (
        ("" if tens < 2 else _DIGITS[tens])
        + ("十" if tens else "")
        + (_DIGITS[ones] if ones else "")
    )


def date_text(iso: str, profile: Profile) -> str:
    d = dt.date.fromisoformat(iso)
    if profile.chinese_date:
        return (
            "".join(_DIGITS[int(c)] for c in str(d.year))
            + f"年{numeral(d.month)}月{numeral(d.day)}日"
        )
    return f"{d.year}年{d.month}月{d.day}日"


def sentence(fig: dict[str, Any]) -> str:
    u = fig["unit"]
    groups = []
    for bd in fig.get("breakdowns", []):
        sep = "；" if any("，" in i["name"] for i in bd["items"]) else "，"
        items = sep.join(f"{i['name']}{i['count']}{u}" for i in bd["items"])
        groups.append(bd.get("intro", "其中，") + items)
    return f"{fig['lead']}{fig['total']}{u}" + ("，" + "；".join(groups) if groups else "") + "。"


def para_text(p: Any) -> str:
    return p if isinstance(p, str) else sentence(p["figures"]) + p.get("text", "")


def version_lines(data: dict[str, Any], profile: Profile) -> list[str]:
    """The 版记: the subject words (1999) and the issuance line, each if there is one."""
    memo, iss = data.get("memo"), data.get("issuance")
    out = []
    words = memo.get("subject_words", []) if memo and profile.subject_words_shown else []
    if words:
        out.append("主题词：" + "\u3000".join(words))
    if iss is not None:
        d = dt.date.fromisoformat(iss["date"])
        side = "\u3000" * profile.issuance_side_indent_chars
        out.append(f"{side}{iss['issuer']}\t{d.year}年{d.month}月{d.day}日印发")
    return out


def framed(data: dict[str, Any], profile: Profile, report: list[str]) -> list[str]:
    """The report's lines with the memo before them and the 版记 where the profile puts it:
    after the memo (the seed's order) or at the end."""
    front = memo_lines(data, profile) if "memo" in data else []
    version = version_lines(data, profile)
    if front and profile.version_block_position == "after-memo":
        return [*front, *version, *report]
    return [*front, *report, *version]


def memo_lines(data: dict[str, Any], profile: Profile) -> list[str]:
    memo = data["memo"]
    out = [memo["addressee"] + "：", *memo["body"]]
    if profile.signature_shown:
        out.append(memo.get("signature", data["agency"]))
    out.append(date_text(memo["date"], profile))
    return out


def expected_legacy(data: dict[str, Any], profile: Profile) -> list[str]:
    out: list[str] = []
    report = data["report"]
    out += report["title"]
    out += [para_text(p) for p in report.get("preamble", [])]
    for i, part in enumerate(report["parts"], start=1):
        out.append(f"{numeral(i)}、{part['heading']}")
        out += [para_text(p) for p in part.get("paragraphs", [])]
        for j, sec in enumerate(part.get("sections", []), start=1):
            out.append(f"（{numeral(j)}）{sec['heading']}")
            out += [para_text(p) for p in sec["paragraphs"]]
    return framed(data, profile, out)


def rendered(doc: Any, profile: Profile) -> Any:
    return Document(io.BytesIO(docx_bytes(doc, profile)))


def visible(d: Any) -> list[str]:
    return [p.text for p in d.paragraphs if p.text]


# ── properties: legacy ───────────────────────────────────────────────────────


@render_settings(60)
@given(legacy_documents(), st.sampled_from(list(LayoutName)))
def test_legacy_text_and_figures_render_exactly_once(
    data: dict[str, Any], layout: LayoutName
) -> None:
    text = dump(data)
    assert load_text(text).data == data  # our YAML 1.2 reading of safe_dump's output
    result = validate_text(text, "gen.yaml")
    assert result.ok, [(d.code, d.message) for d in result.diagnostics if d.is_error]
    assert all(d.code.startswith("RG4") for d in result.diagnostics)  # advice at most
    profile = PROFILES[layout]
    d = rendered(result.document, profile)
    assert visible(d) == expected_legacy(data, profile)
    assert d.core_properties.title == "".join(data["report"]["title"])
    assert d.core_properties.author == data["agency"]


@st.composite
def with_broken_sum(draw: st.DrawFn) -> tuple[dict[str, Any], tuple[Any, ...], str, int]:
    """A valid document, the path of one figures sentence with a partition in it, what to
    change ("total" or an item of a partition) and by how much."""
    data = draw(legacy_documents())
    fig = draw(figures(partition=True))
    parts = data["report"]["parts"]
    i = draw(st.integers(0, len(parts) - 1))
    paras = parts[i].setdefault("paragraphs", [])
    j = draw(st.integers(0, len(paras)))
    paras.insert(j, {"figures": fig})
    path = ("report", "parts", i, "paragraphs", j, "figures")
    whole = [k for k, bd in enumerate(fig["breakdowns"]) if bd.get("partition", True)]
    target = draw(
        st.sampled_from(
            [
                "total",
                *(f"{k}.{n}" for k in whole for n in range(len(fig["breakdowns"][k]["items"]))),
            ]
        )
    )
    delta = draw(st.integers(-5, 5).filter(bool))
    return data, path, target, delta


def _node_mark(text: str, path: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column (1-based) of a value, by PyYAML's own composer."""
    node: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    for part in path:
        if isinstance(part, int):
            node = node.value[part]
        else:
            node = next(v for k, v in node.value if k.value == part)
    return node.start_mark.line + 1, node.start_mark.column + 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_broken_sum())
def test_one_changed_number_is_caught_at_its_total(
    case: tuple[dict[str, Any], tuple[Any, ...], str, int],
) -> None:
    data, path, target, delta = case
    fig = _get(data, path)
    if target == "total":
        assume(fig["total"] + delta >= 0)
        fig["total"] += delta
        broken = sum(1 for bd in fig["breakdowns"] if bd.get("partition", True))
    else:
        k, n = map(int, target.split("."))
        item = fig["breakdowns"][k]["items"][n]
        assume(item["count"] + delta >= 0)
        item["count"] += delta
        broken = 1
    text = dump(data)
    result = validate_text(text, "gen.yaml")
    sums = [d for d in result.diagnostics if d.code == "RG201"]
    assert len(sums) == broken, [(d.code, d.message) for d in result.diagnostics]
    line, col = _node_mark(text, (*path, "total"))
    for d in sums:
        assert d.data_path == (*path, "total")
        assert (d.line, d.column) == (line, col)
        assert f"总数{fig['total']}{fig['unit']}" in d.message
    others = {d.code for d in result.diagnostics if d.is_error} - {"RG201"}
    # A smaller total may also fall below an item of a "其中" list; nothing else may appear.
    assert others <= ({"RG202"} if target == "total" and delta < 0 else set())
    assert not result.ok and result.document is None


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


@settings(max_examples=60, deadline=None)
@given(legacy_documents())
def test_line_endings_and_flow_style_change_nothing(data: dict[str, Any]) -> None:
    block = validate_text(dump(data))
    flow = validate_text(
        yaml.safe_dump(
            copy.deepcopy(data),
            allow_unicode=True,
            sort_keys=False,
            default_flow_style=True,
            width=10**6,
        )
    )
    crlf = validate_text(dump(data).replace("\n", "\r\n"))
    assert block.ok and block.document is not None
    assert flow.document == block.document == crlf.document
    assert [(d.code, d.line, d.column) for d in crlf.diagnostics] == [
        (d.code, d.line, d.column) for d in block.diagnostics
    ]


# ── properties: national, text content ───────────────────────────────────────

BASE = yaml.safe_load(ZERO.read_text(encoding="utf-8"))
ASPECTS = [
    ("proactive", "主动公开"),
    ("on_request", "依申请公开"),
    ("management", "政府信息管理"),
    ("platform", "政府信息公开平台建设"),
    ("supervision", "监督保障"),
]
PARTS = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
]
# Plain prose that RG410 might read as a figure: keep 件/起 away from digits.
national_prose = prose().filter(lambda s: "件" not in s and "起" not in s and "%" not in s)


@st.composite
def national_documents(draw: st.DrawFn) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["statistics_period"] = {"start": "2025-01-01", "end": "2025-12-31"}
    data["agency"] = draw(names)
    data["title"] = draw(st.lists(prose(20), min_size=1, max_size=3))
    if draw(st.booleans()):
        data["preamble"] = draw(st.lists(national_prose, max_size=3))
    ov = data["overview"]
    if draw(st.booleans()):
        ov["intro"] = draw(st.lists(national_prose, max_size=3))
    for key, _ in ASPECTS:
        ov[key] = draw(st.lists(national_prose, min_size=1, max_size=3))
    ov["generated_sentences"] = False
    data["problems"] = draw(st.lists(national_prose, min_size=1, max_size=3))
    data["other_matters"] = draw(st.lists(national_prose, min_size=1, max_size=3))
    memo_date = draw(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    if draw(st.booleans()):
        memo: dict[str, Any] = {
            "addressee": draw(names),
            "body": draw(st.lists(national_prose, min_size=1, max_size=2)),
            "date": memo_date.isoformat(),
        }
        if draw(st.booleans()):
            memo["signature"] = draw(names)
        data["memo"] = memo
    if draw(st.booleans()):
        issued = draw(st.dates(memo_date, dt.date(2027, 12, 31)))
        data["issuance"] = {"issuer": draw(names), "date": issued.isoformat()}
    return data


def expected_national(data: dict[str, Any], profile: Profile) -> list[str]:
    out: list[str] = []
    out += data["title"]
    out += data.get("preamble", [])
    out.append("本报告中所列数据的统计期限自2025年1月1日起至2025年12月31日止。")
    ov = data["overview"]
    out.append(f"一、{PARTS[0]}")
    out += ov.get("intro", [])
    for j, (key, heading) in enumerate(ASPECTS, start=1):
        out.append(f"（{numeral(j)}）{heading}")
        out += ov[key]
    out += [f"{numeral(i)}、{PARTS[i - 1]}" for i in (2, 3, 4, 5)]  # 二、三、四、 hold tables
    out += data["problems"]
    out.append(f"六、{PARTS[5]}")
    out += data["other_matters"]
    return framed(data, profile, out)


@render_settings(25)
@given(national_documents(), st.sampled_from(list(LayoutName)))
def test_national_text_renders_exactly_once(data: dict[str, Any], layout: LayoutName) -> None:
    text = dump(data)
    assert load_text(text).data == data
    result = validate_text(text, "gen.yaml")
    assert result.ok, [(d.code, d.message) for d in result.diagnostics if d.is_error]
    assert all(d.code.startswith("RG4") for d in result.diagnostics)
    profile = PROFILES[layout]
    got = visible(rendered(result.document, profile))
    want = expected_national(data, profile)
    assert got == want


@render_settings(12)
@given(national_documents())
def test_national_generated_sentences_add_without_dropping(data: dict[str, Any]) -> None:
    data["overview"]["generated_sentences"] = True
    result = validate_text(dump(data))
    assert result.ok
    profile = PROFILES[LayoutName.gb2012]
    got = visible(rendered(result.document, profile))
    want = expected_national(data, profile)
    assert len(got) == len(want) + 2  # one generated sentence each under （一） and （二）
    assert all(got.count(t) == want.count(t) for t in want)
    for key in ("proactive", "on_request"):
        heading = next(f"（{numeral(j)}）{h}" for j, (k, h) in enumerate(ASPECTS, 1) if k == key)
        at = got.index(heading)
        assert got[at + 2 : at + 2 + len(data["overview"][key])] == data["overview"][key]
