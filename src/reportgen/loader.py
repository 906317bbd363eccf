"""Bytes → text → plain data plus a source map (data path → line:column).

We drive libyaml's event parser (PyYAML's C binding, falling back to the pure-Python
parser) and build the data ourselves. That gives us, at C-parser speed:

* YAML 1.2 core-schema scalars (``yes``/``no``/``on`` stay strings, ``1:20`` is not a
  sexagesimal number, there are no implicit timestamps);
* duplicate-key detection;
* refusal of every tag (so ``!!python/...`` can never construct anything) and of
  anchors/aliases (so "billion laughs" cannot blow up time or memory);
* hard limits on size, nesting, string length and node count;
* a location for every key and value, for diagnostics.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import yaml

from reportgen.diagnostics import DataPath, Diagnostic
from reportgen.oserrors import os_reason

try:  # pragma: no branch - depends on how PyYAML was built
    # The bare C parser: we need its events only, not a constructor or a resolver.
    from yaml._yaml import CParser as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Limits (documented in the README). Each has its own message naming it.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 32
MAX_STRING_CHARS = 20_000
MAX_COLLECTION_ITEMS = 10_000
MAX_NODES = 200_000
MAX_NUMBER_CHARS = 100  # a number written with more characters is a mistake, not a count


class Mark(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


class _RawMark(Protocol):
    """A parser's mark (PyYAML's `yaml.Mark`): 0-based line and column."""

    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...


def _one_based(m: _RawMark) -> Mark:
    return Mark(m.line + 1, m.column + 1)


class SourceMap:
    """Where each value (and each mapping key) of the document stands in the file.

    The loader only lists the parser's marks (0-based) in the order the nodes came: a node,
    then for a mapping each key and its value's node, for a sequence each item's node. The
    maps from data paths are built from that list and the data, in that same order, the
    first time a place is asked for, which on a valid file is almost never.
    """

    __slots__ = ("_built", "_keys", "_marks", "_root", "_values")

    def __init__(self, root: Any = None, marks: list[_RawMark] | None = None) -> None:
        self._root = root
        self._marks = marks if marks is not None else []
        self._built = False
        self._values: dict[DataPath, _RawMark] = {}
        self._keys: dict[DataPath, _RawMark] = {}

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        marks, values, keys = self._marks, self._values, self._keys
        if not marks:
            return
        values[()] = marks[0]
        i = 1
        # Depth first, children in order: the order the parser reported them in. The data
        # may be cut short (a file that failed half-way); the walk ends with the marks.
        n = len(marks)
        stack: list[tuple[DataPath, Iterator[tuple[Any, Any]], bool]] = []
        if type(self._root) in (dict, list):
            stack.append(((), _children(self._root), type(self._root) is dict))
        while stack and i < n:
            path, children, is_mapping = stack[-1]
            step = next(children, None)
            if step is None:
                stack.pop()
                continue
            name, child = step
            child_path = (*path, name)
            if is_mapping:
                keys[child_path] = marks[i]
                i += 1
                if i >= n:
                    break
            values[child_path] = marks[i]
            i += 1
            if type(child) in (dict, list):
                stack.append((child_path, _children(child), type(child) is dict))

    @property
    def values(self) -> dict[DataPath, Mark]:
        self._build()
        return {p: _one_based(m) for p, m in self._values.items()}

    @property
    def keys(self) -> dict[DataPath, Mark]:
        self._build()
        return {p: _one_based(m) for p, m in self._keys.items()}

    def key_mark(self, path: DataPath) -> _RawMark | None:
        self._build()
        return self._keys.get(path)

    def locate(self, path: DataPath, *, key: bool = False) -> Mark:
        """The mark of `path`, or of its nearest ancestor that has one."""
        self._build()
        if key and path in self._keys:
            return _one_based(self._keys[path])
        p = path
        while p:
            if p in self._values:
                return _one_based(self._values[p])
            p = p[:-1]
        root = self._values.get(())
        return _one_based(root) if root is not None else Mark(1, 1)


def _children(node: Any) -> Iterator[tuple[Any, Any]]:
    return iter(node.items()) if type(node) is dict else enumerate(node)


@dataclass
class Loaded:
    data: Any
    source_map: SourceMap
    diagnostics: list[Diagnostic]
    # Every string value (not keys) in document order, with its parent's path and its own
    # key or index: the text checks read these instead of walking the data again.
    strings: list[tuple[str, DataPath, str | int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


class _Stop(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_NULL = re.compile(r"^(?:null|Null|NULL|~|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_MAX_INT_DIGITS = 4000  # below CPython's int/str conversion limit

# Characters XML 1.0 cannot carry (and so a .docx cannot): C0 controls but tab/LF/CR,
# surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_MAYBE_NOT_STR = frozenset("-+.0123456789nNtTfF~")


def resolve_plain(value: str) -> Any:
    """Resolve an untagged plain scalar by the YAML 1.2 core schema."""
    if value and value[0] not in _MAYBE_NOT_STR:
        return value  # most values are Chinese text: no pattern can match
    if value.isdigit() and value.isascii() and len(value) <= _MAX_INT_DIGITS:
        return int(value)  # the next most common: a count
    if _NULL.match(value):
        return None
    if _TRUE.match(value):
        return True
    if _FALSE.match(value):
        return False
    if _INT10.match(value):
        if len(value) > _MAX_INT_DIGITS:
            return value
        return int(value)
    if len(value) > _MAX_INT_DIGITS:
        return value  # a number too long to be a count stays text (and fails as one)
    if _INT8.match(value):
        return int(value[2:], 8)
    if _INT16.match(value):
        return int(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def _is_number(raw: str) -> bool:
    return bool(_INT10.match(raw) or _INT8.match(raw) or _INT16.match(raw) or _FLOAT.match(raw))


def _diag(code: str, mark: Mark, message: str, path: DataPath = ()) -> Diagnostic:
    return Diagnostic(mark.line, mark.column, code, message, path)


def decode(raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Bytes → text. UTF-8 with or without BOM; anything else is refused with advice."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, [
            _diag(
                "RG002",
                Mark(1, 1),
                "文件为UTF-32编码，请用文本编辑器“另存为”UTF-8编码后再试",
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            _diag(
                "RG002",
                Mark(1, 1),
                "文件为UTF-16编码，请用文本编辑器“另存为”UTF-8编码后再试",
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        breaks = list(_BREAK_B.finditer(before))
        line = len(breaks) + 1
        # The column in characters: decode what precedes the bad byte on its line.
        line_start = breaks[-1].end() if breaks else 0
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = "，看来是GBK/GB18030编码（Windows中文版常用）"
        except UnicodeDecodeError:
            pass
        return None, [
            _diag(
                "RG002",
                Mark(line, col),
                f"文件不是UTF-8编码{guess}：第{exc.start + 1}个字节无法识别。"
                "请用记事本等编辑器“另存为”，编码选择“UTF-8”后再试",
            )
        ]


def load_bytes(raw: bytes) -> Loaded:
    smap = SourceMap()
    if len(raw) > MAX_FILE_BYTES:
        return Loaded(
            None,
            smap,
            [
                _diag(
                    "RG009",
                    Mark(1, 1),
                    f"文件大小{len(raw)}字节，超过上限{MAX_FILE_BYTES}字节（2 MiB）",
                )
            ],
        )
    text, diags = decode(raw)
    if text is None:
        return Loaded(None, smap, diags)
    return load_text(text)


def load_path(path: Path) -> Loaded:
    try:
        if not path.is_file():
            what = "文件夹" if path.is_dir() else "设备或管道等特殊文件"
            return Loaded(
                None,
                SourceMap(),
                [_diag("RG001", Mark(1, 1), f"无法读取文件：这是{what}，不是普通文件")],
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)  # never more than the limit, whatever stat says
    except OSError as exc:
        return Loaded(
            None, SourceMap(), [_diag("RG001", Mark(1, 1), f"无法读取文件：{os_reason(exc)}")]
        )
    return load_bytes(raw)


# Characters refused before parsing, with the advice for each. Lone surrogates cannot reach
# the C parser (it needs encodable text); Unicode line and paragraph separators (and NEL)
# are line breaks to libyaml, so inside a paragraph pasted from a web page they would
# split it where nobody sees a break.
_REFUSED_FIRST = (
    (re.compile("[\ud800-\udfff]"), "含有无法写入文档的字符 U+{:04X}，请删除"),
    (
        re.compile("[\u2028\u2029\x85]"),
        "含有不可见的分行字符 U+{:04X}（常见于从网页复制的文字），请删除；确需分行的，另起一段",
    ),
)


# Every character the two checks above and `_XML_ILLEGAL` look for: a file without any
# (almost every file) is scanned once instead of three times.
_ANY_RARE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x85\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def load_text(text: str) -> Loaded:
    smap = SourceMap()
    diagnostics: list[Diagnostic] = []
    rare = _ANY_RARE.search(text) is not None
    if rare:
        for pattern, advice in _REFUSED_FIRST:
            bad = pattern.search(text)
            if bad:
                line, col = _position(text, bad.start())
                return Loaded(
                    None,
                    smap,
                    [_diag("RG010", Mark(line, col), advice.format(ord(bad.group())))],
                )
    strings: list[tuple[str, DataPath, str | int]] = []
    marks: list[_RawMark] = []
    try:
        data = _build(text, marks, diagnostics, strings, rare)
    except _Stop as stop:
        return Loaded(None, smap, [*diagnostics, stop.diagnostic])
    except yaml.MarkedYAMLError as exc:
        return Loaded(None, smap, [*diagnostics, _syntax(exc, text)])
    except yaml.reader.ReaderError as exc:
        # libyaml reports a reader error's position as a UTF-8 byte offset.
        before = text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore")
        line, col = _position(before, len(before))
        return Loaded(
            None,
            smap,
            [
                *diagnostics,
                _diag(
                    "RG010",
                    Mark(line, col),
                    f"含有不允许的控制字符 U+{exc.character:04X}，请删除"
                    if isinstance(exc.character, int)
                    else "含有不允许的控制字符，请删除",
                ),
            ],
        )
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: every YAMLError is located
        return Loaded(
            None, smap, [*diagnostics, _diag("RG003", Mark(1, 1), f"YAML语法错误：{exc}")]
        )
    except RecursionError:  # pragma: no cover - the parser is iterative; belt and braces
        return Loaded(None, smap, [_diag("RG009", Mark(1, 1), f"嵌套层级超过上限{MAX_DEPTH}层")])
    return Loaded(data, SourceMap(data, marks), diagnostics, strings)


_BREAK = re.compile(r"\r\n|\r|\n")
_BREAK_B = re.compile(rb"\r\n|\r|\n")


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset; CRLF, CR and LF all end a line."""
    before = text[:offset]
    breaks = list(_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - start + 1


_PROBLEMS = {
    "found character '\\t' that cannot start any token": "此处有制表符（Tab），YAML只能用空格缩进",
    "mapping values are not allowed": "此处不能出现“: ”（冒号加空格），若文字中含冒号请改用全角“：”或整段加引号",
    "did not find expected key": "缩进不一致或缺少“键名:”",
    "did not find expected ',' or ']'": "方括号“[ ]”未闭合或缺少逗号",
    "did not find expected ',' or '}'": "花括号“{ }”未闭合或缺少逗号",
    "did not find expected '-' indicator": "列表项“- ”的缩进不一致",
    "found unexpected ':'": "此处不能出现冒号",
    "could not find expected ':'": "缺少冒号“:”",
    "found undefined alias": "使用了未定义的别名",
    "expected <block end>, but found": "缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "found unknown escape character": "双引号内有无法识别的转义字符",
    "found incompatible YAML document": "不支持文件开头的YAML版本声明（%YAML），请删除该行",
    "found unknown directive name": "以“%”开头的行是YAML指令，本工具不使用，请删除或在行首加“#”",
    "could not find expected directive name": "以“%”开头的行是YAML指令，本工具不使用，请删除或在行首加“#”",
    "did not find expected <document start>": "一份报告只能是一个“键: 值”映射；“...”或其他结束标记之后不能再写内容",
    "found character that cannot start any token": "此处的字符（如“@”“`”）不能作为内容的开头，请整段加引号",
    "did not find expected comment or line break": "“|”或“>”之后不能紧跟文字，请换行书写或整段加引号",
    "did not find expected alphabetic or numeric character": "“&”“*”“!”之后缺少名称；文字中含这些符号时请整段加引号",
    "did not find expected node content": "此处缺少内容（括号未闭合，或文件意外结束？）",
    "found invalid Unicode character escape code": "双引号内的“\\u”转义不是有效字符（如单独的代理码位）",
}


def _syntax(exc: yaml.MarkedYAMLError, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    where = Mark(mark.line + 1, mark.column + 1) if mark is not None else Mark(1, 1)
    problem = exc.problem or ""
    context = exc.context or ""
    if "quoted scalar" in context and "end of stream" in problem and exc.context_mark is not None:
        # An unclosed quote: point at where it opened, not at the end of the file.
        cm = exc.context_mark
        return _diag("RG003", Mark(cm.line + 1, cm.column + 1), "YAML语法错误：引号未闭合")
    if "'\\t'" in problem or (
        mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    ):
        return _diag("RG005", where, "此处有制表符（Tab），YAML只能用空格缩进，请把制表符换成空格")
    for key, zh in _PROBLEMS.items():
        if problem.startswith(key):
            return _diag("RG003", where, f"YAML语法错误：{zh}")
    # Never show libyaml's English: the location and a plain sentence are what help.
    return _diag("RG003", where, "YAML语法错误：此处写法不符合YAML规则，请检查本行和上一行")


def _check_text(value: str, mark: Mark, path: DataPath) -> None:
    if len(value) > MAX_STRING_CHARS:
        raise _Stop(
            _diag(
                "RG009",
                mark,
                f"文字长度{len(value)}字，超过单项上限{MAX_STRING_CHARS}字",
                path,
            )
        )
    bad = _XML_ILLEGAL.search(value)
    if bad:
        raise _Stop(
            _diag(
                "RG010",
                mark,
                f"含有无法写入文档的字符 U+{ord(bad.group()):04X}，请删除",
                path,
            )
        )


def _odd_number(raw: str, value: int, mark: Mark, path: DataPath) -> Diagnostic:
    """YAML 1.1 read 010 as 8; we read it as 10 (YAML 1.2). Say so, rather than silently."""
    base = {"0o": "八进制", "0x": "十六进制"}.get(raw[:2].lower(), "十进制")
    return _diag(
        "RG411",
        mark,
        f"数字“{raw}”按{base}读作 {value}；为免误解，请直接写成 {value}",
        path,
    )


_SCALAR = yaml.ScalarEvent
_MAP_START = yaml.MappingStartEvent
_SEQ_START = yaml.SequenceStartEvent
_MAP_END = yaml.MappingEndEvent
_SEQ_END = yaml.SequenceEndEvent


def _refusal(event: Any) -> _Stop:
    """Why an alias, or a node with an anchor or a tag, is refused (they are the YAML
    features that construct objects or multiply data)."""
    mark = _one_based(event.start_mark)
    if type(event) is yaml.AliasEvent:
        return _Stop(_diag("RG007", mark, f"不支持YAML别名“*{event.anchor}”，请直接写出内容"))
    if event.anchor is not None:
        return _Stop(_diag("RG007", mark, f"不支持YAML锚点“&{event.anchor}”，请直接写出内容"))
    shown = str(event.tag).replace("tag:yaml.org,2002:", "!!", 1)
    return _Stop(_diag("RG006", mark, f"不支持YAML标签“{shown}”，请删除"))


def _build(
    text: str,
    marks: list[_RawMark],
    diagnostics: list[Diagnostic],
    strings: list[tuple[str, DataPath, str | int]],
    rare: bool = True,
) -> Any:
    """Build plain data from the event stream, iteratively (no recursion).

    This loop runs once per node of every file validated, so it is written for speed:
    scalars (most events) are tested for first, type identity instead of isinstance
    chains, the parser's marks listed as they come (`SourceMap` makes paths of them only
    when asked), no path built for a scalar, no helper calls on the common path.
    """
    # A scalar can only be too long, or carry a character XML cannot hold, if the text is
    # that long, has that character, or has a backslash escape that makes one. libyaml
    # refuses such characters in the text itself, so on almost every file no scalar needs
    # looking at.
    check_each = (
        len(text) > MAX_STRING_CHARS
        or "\\" in text
        or (rare and _XML_ILLEGAL.search(text) is not None)
    )
    add_mark = marks.append
    # The open container: [container, path, is_mapping, pending_key]; `stack` holds the
    # ones it sits in (None below the root).
    top: list[Any] | None = None
    stack: list[list[Any] | None] = []
    root: Any = None
    have_root = False
    documents = 0
    nodes = 0
    loader = _Loader(text)
    get_event = loader.get_event
    try:
        while True:
            event: Any = get_event()
            cls = type(event)
            if cls is _SCALAR:
                if event.anchor is not None or event.tag is not None:
                    raise _refusal(event)
                nodes += 1
                raw: str = event.value
                if top is not None and top[2] and top[3] is None:
                    # A mapping key.
                    if check_each:
                        _check_text(raw, _one_based(event.start_mark), top[1])
                    if raw in top[0]:
                        key_path = (*top[1], raw)
                        first = SourceMap(root, marks).key_mark(key_path)
                        line = f"第{first.line + 1}行" if first is not None else "前面"
                        raise _Stop(
                            _diag(
                                "RG004",
                                _one_based(event.start_mark),
                                f"键名“{raw}”重复（{line}已出现），请删除或合并其中一处",
                                key_path,
                            )
                        )
                    add_mark(event.start_mark)
                    top[3] = raw
                    continue
                if nodes > MAX_NODES:
                    raise _Stop(
                        _diag("RG009", _one_based(event.start_mark), f"数据项超过上限{MAX_NODES}个")
                    )
                odd = False
                if not event.implicit[0]:
                    value: Any = raw  # quoted or block: always text
                elif raw.isdigit() and raw.isascii() and len(raw) <= MAX_NUMBER_CHARS:
                    value = int(raw)  # the common number: a count
                    odd = len(raw) > 1 and raw[0] == "0"
                else:
                    if len(raw) > MAX_NUMBER_CHARS and _is_number(raw):
                        raise _Stop(
                            _diag(
                                "RG009",
                                _one_based(event.start_mark),
                                f"数字有{len(raw)}位，超过上限{MAX_NUMBER_CHARS}位",
                            )
                        )
                    value = resolve_plain(raw)
                    odd = type(value) is int and raw != str(value)
                if check_each and type(value) is str:
                    _check_text(
                        value, _one_based(event.start_mark), top[1] if top is not None else ()
                    )
            elif cls is _MAP_START or cls is _SEQ_START:
                if event.anchor is not None or event.tag is not None:
                    raise _refusal(event)
                nodes += 1
                if nodes > MAX_NODES:
                    raise _Stop(
                        _diag("RG009", _one_based(event.start_mark), f"数据项超过上限{MAX_NODES}个")
                    )
                if top is not None and top[2] and top[3] is None:
                    raise _Stop(
                        _diag(
                            "RG003",
                            _one_based(event.start_mark),
                            "YAML语法错误：键名只能是简单文字，不能是列表或映射",
                        )
                    )
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(
                        _diag(
                            "RG009", _one_based(event.start_mark), f"嵌套层级超过上限{MAX_DEPTH}层"
                        )
                    )
                value = {} if cls is _MAP_START else []
                odd = False
            elif cls is _MAP_END or cls is _SEQ_END:
                top = stack.pop()
                continue
            elif cls is yaml.StreamEndEvent or event is None:
                break
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Stop(
                        _diag(
                            "RG008",
                            _one_based(event.start_mark),
                            "文件中有多个YAML文档（“---”分隔），一个文件只能写一份报告",
                        )
                    )
                continue
            elif cls is yaml.AliasEvent:
                raise _refusal(event)
            else:
                continue  # stream start, document end

            # Place the value in its parent.
            name: str | int
            if top is None:
                root, have_root = value, True
                add_mark(event.start_mark)
                if cls is not _SCALAR:
                    stack.append(top)
                    top = [value, (), cls is _MAP_START, None]
                continue
            container = top[0]
            if top[2]:
                name = top[3]
                container[name] = value
                top[3] = None
            else:
                name = len(container)
                if name >= MAX_COLLECTION_ITEMS:
                    raise _Stop(
                        _diag(
                            "RG009",
                            _one_based(event.start_mark),
                            f"列表条目超过上限{MAX_COLLECTION_ITEMS}条",
                            top[1],
                        )
                    )
                container.append(value)
            add_mark(event.start_mark)
            if cls is _SCALAR:
                if type(value) is str:
                    strings.append((value, top[1], name))
                elif odd:
                    diagnostics.append(
                        _odd_number(raw, value, _one_based(event.start_mark), (*top[1], name))
                    )
            else:
                stack.append(top)
                top = [value, (*top[1], name), cls is _MAP_START, None]
    finally:
        loader.dispose()

    if not have_root:
        raise _Stop(_diag("RG008", Mark(1, 1), "文件为空，没有任何内容"))
    if not isinstance(root, dict):
        kind = "列表" if isinstance(root, list) else "单个值"
        raise _Stop(
            _diag("RG008", _one_based(marks[0]), f"文件顶层应为“键: 值”的映射，实际为{kind}")
        )
    return root
