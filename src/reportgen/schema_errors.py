"""pydantic validation errors → located diagnostics with Chinese messages."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from reportgen.diagnostics import DataPath, Diagnostic
from reportgen.loader import SourceMap
from reportgen.model_paths import allowed_keys, field_info
from reportgen.models.common import MAX_YEAR, MIN_YEAR


def data_path_of(loc: tuple[int | str, ...], data: Any) -> DataPath:
    """Keep the loc elements that walk the actual data (drops union/discriminator tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and _looks_like_field(part):
            # A missing key: the path names it, though the data lacks it.
            path.append(part)
            node = None
        # else: a tag such as 'text' / 'figures' / 'function-after[...]': skip
    return tuple(path)


_FIELD_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _looks_like_field(part: str) -> bool:
    """Model fields are snake_case; union tags and validator names are not."""
    return bool(_FIELD_NAME.match(part))


def show(value: Any) -> str:
    """A value the way the clerk wrote it in YAML (long ones shortened)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 100:
        return "一个过大的数"
    if isinstance(value, str):
        value = value.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "空值"
    if isinstance(value, str):
        return f"“{value if len(value) <= 20 else value[:20] + '…'}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return str(value)


def _name(key: str | int, info: FieldInfo | None) -> str:
    if info is not None and info.title:
        return f"“{key}”（{info.title}）"
    return f"“{key}”"


def _int_type(value: Any) -> str:
    if isinstance(value, bool):
        return f"应为非负整数，不能写 {show(value)}"
    if isinstance(value, float):
        return f"应为整数，不能有小数（实际为 {value:g}）"
    if isinstance(value, str):
        return f"应为整数，实际是文字{show(value)}（数字不要加引号，也不要带单位）"
    return f"应为整数，实际为{show(value)}"


def convert(
    exc: ValidationError, data: Any, smap: SourceMap, model: type[BaseModel]
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[DataPath, str]] = set()
    errors = exc.errors(include_url=False)
    # A cell that may be a number or "/" fails both ways; the "/" half only adds a hint.
    slash_paths = {data_path_of(e["loc"], data) for e in errors if _is_slash_literal(e)}
    for err in errors:
        path = data_path_of(err["loc"], data)
        if _is_slash_literal(err) and any(
            data_path_of(e["loc"], data) == path and not _is_slash_literal(e) for e in errors
        ):
            continue
        diag = _one(err, path, data, smap, model)
        if path in slash_paths and not _is_slash_literal(err):
            diag = Diagnostic(
                diag.line,
                diag.column,
                diag.code,
                diag.message + "；不适用的格写“/”",
                diag.data_path,
            )
        key = (diag.data_path, diag.code)
        if key in seen:
            continue
        seen.add(key)
        out.append(diag)
    return out


def _is_slash_literal(err: ErrorDetails) -> bool:
    return err["type"] == "literal_error" and "'/'" in str((err.get("ctx") or {}).get("expected"))


def _one(
    err: ErrorDetails, path: DataPath, data: Any, smap: SourceMap, model: type[BaseModel]
) -> Diagnostic:
    etype = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    info = field_info(model, path) if path else None
    last = path[-1] if path else ""
    where = smap.locate(path)
    code = "RG103"
    if etype == "missing":
        parent = path[:-1]
        # Point at the parent mapping's key line ("memo:"), or the root.
        where = smap.locate(parent, key=True) if parent else smap.locate(())
        what = f"缺少必填项{_name(last, info)}"
        return Diagnostic(where.line, where.column, "RG101", what, path)
    if etype == "extra_forbidden":
        where = smap.locate(path, key=True)
        keys = allowed_keys(model, path[:-1])
        hint = difflib.get_close_matches(str(last), keys, n=1)
        msg = f"未知的键名“{last}”"
        msg += f"，是否应为“{hint[0]}”？" if hint else f"；此处可用的键名：{'、'.join(keys)}"
        return Diagnostic(where.line, where.column, "RG102", msg, path)
    label = _name(last, info) if isinstance(last, str) and last else "此项"
    if etype in ("int_type", "int_parsing", "int_from_float"):
        msg = f"{label}{_int_type(value)}"
    elif etype == "greater_than_equal":
        code = "RG104"
        msg = f"{label}不能小于{ctx.get('ge')}（实际为 {show(value)}）"
    elif etype == "less_than_equal":
        code = "RG104"
        msg = f"{label}不能大于{ctx.get('le')}（实际为 {show(value)}）"
    elif etype == "string_type" and value is None:
        code = "RG107"
        msg = f"{label}不能为空"
    elif etype == "string_type":
        if isinstance(value, dict):
            advice = "（文字中含“: ”时请改用全角冒号或整段加引号）"
        elif isinstance(value, list):
            advice = ""
        else:
            advice = "（若为数字或 true/false，请加引号）"
        msg = f"{label}应为文字，实际为{show(value)}{advice}"
    elif etype == "bool_type":
        msg = f"{label}应为 true 或 false，实际为{show(value)}"
    elif etype in ("list_type", "tuple_type"):
        msg = f"{label}应为列表（每项另起一行，以“- ”开头），实际为{show(value)}"
    elif etype in ("model_type", "dict_type", "model_attributes_type"):
        msg = f"{label}应为“键: 值”形式的映射，实际为{show(value)}"
    elif etype == "string_too_short":
        code = "RG107"
        msg = f"{label}不能为空"
    elif etype == "string_too_long":
        code = "RG104"
        msg = f"{label}最多{ctx.get('max_length')}个字（实际为 {show(value)}）"
    elif etype == "too_short":
        code = "RG108"
        msg = f"{label}至少应有{ctx.get('min_length')}项"
    elif etype == "too_long":
        code = "RG108"
        msg = f"{label}最多{ctx.get('max_length')}项（实际为{ctx.get('actual_length')}项）"
    elif etype in ("literal_error", "enum"):
        code = "RG106"
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        msg = f"{label}取值应为以下之一：{expected.replace(', ', '、')}；实际为{show(value)}"
    elif etype == "value_error" and "date_invalid" in err["msg"]:
        code = "RG105"
        msg = f"{label}不是真实存在的日期：{show(value)}"
    elif etype == "value_error" and "date_range" in err["msg"]:
        code = "RG105"
        msg = f"{label}的年份应在{MIN_YEAR}—{MAX_YEAR}年之间（实际为 {show(value)}）"
    elif etype == "value_error" and "date_format" in err["msg"]:
        code = "RG105"
        msg = f"{label}应写成“年-月-日”形式，如 2012-04-28（实际为 {show(value)}）"
    elif etype == "finite_number":
        code = "RG104"
        msg = f"{label}应为有限的数字（实际为 {show(value)}）"
    elif etype == "decimal_max_places":
        code = "RG104"
        msg = f"{label}最多{ctx.get('decimal_places')}位小数（实际为 {show(value)}）"
    elif etype in ("decimal_max_digits", "decimal_whole_digits"):
        code = "RG104"
        msg = f"{label}数字位数过多，最多{ctx.get('max_digits', 14)}位（实际为 {show(value)}）"
    elif etype in ("decimal_type", "decimal_parsing", "is_instance_of"):
        msg = f"{label}应为数字（金额），实际为{show(value)}（数字不要加引号，也不要带单位）"
    elif etype.startswith("union_tag"):
        msg = f"{label}的写法不对：{err['msg']}"
    else:  # pragma: no cover - every type the models can raise is mapped above
        msg = f"{label}：{err['msg']}"
    return Diagnostic(where.line, where.column, code, msg, path)
