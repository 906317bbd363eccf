"""Walking a model class along a data path: which model types (and which field) a path
reaches, through lists, unions and Annotated wrappers. Used to name fields in messages,
to suggest keys, and to find the sub-models the unit rules apply to."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from reportgen.diagnostics import DataPath


def unwrap(tp: Any) -> list[Any]:
    """The concrete candidate types behind Annotated / Optional / Union."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(unwrap(arg))
        return out
    return [tp]


def step(candidates: list[Any], part: str | int) -> tuple[list[Any], FieldInfo | None]:
    """The types one path element further, and the field it names (for a key)."""
    nxt: list[Any] = []
    found: FieldInfo | None = None
    for cand in candidates:
        for tp in unwrap(cand):
            if isinstance(part, int):
                if typing.get_origin(tp) is list:
                    nxt.extend(unwrap(typing.get_args(tp)[0]))
            elif isinstance(tp, type) and issubclass(tp, BaseModel):
                f = tp.model_fields.get(part)
                if f is not None:
                    found = found or f
                    nxt.extend(unwrap(f.annotation))
    return nxt, found


def field_info(model: type[BaseModel], path: DataPath) -> FieldInfo | None:
    """The FieldInfo a data path ends at (None when it ends at a list item or nowhere)."""
    candidates: list[Any] = [model]
    info: FieldInfo | None = None
    for part in path:
        candidates, info = step(candidates, part)
        if not candidates and info is None:
            return None
    return info if path and isinstance(path[-1], str) else None


def allowed_keys(model: type[BaseModel], path: DataPath) -> list[str]:
    """Field names of the model(s) at a mapping's path."""
    candidates: list[Any] = [model]
    for part in path:
        candidates, _ = step(candidates, part)
    keys: list[str] = []
    for cand in candidates:
        for tp in unwrap(cand):
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                keys.extend(k for k in tp.model_fields if k not in keys)
    return keys
