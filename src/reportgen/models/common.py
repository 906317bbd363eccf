"""Pieces shared by every report format: text, counts, dates, the memo and the issuance line.

Models hold data only: no I/O, no documents, no terminal. Titles and descriptions are in
Chinese because they become the JSON Schema that editors show while a clerk types.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

# Upper bound for any count: far above any real report, low enough to catch a typo
# such as a pasted telephone number.
MAX_COUNT = 100_000_000


class Model(BaseModel):
    """Strict, closed, immutable: a typo'd key or a "20" string for a count is an error.

    Validators are built on first use (`validate_as`), so a run over legacy reports never
    pays for building the national models, and the other way round.
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


M = TypeVar("M", bound=BaseModel)
_BUILD_LOCK = threading.Lock()


@contextmanager
def _pydantic_plugins_off() -> Iterator[None]:
    # Building a validator makes pydantic scan every installed distribution's entry points
    # for plugins (importlib.metadata: 15-30 ms a process). Our models have no use for
    # plugins; typer turns them off the same way while it builds its own adapters.
    previous = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        yield
    finally:
        if previous is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = previous


def validate_as(model: type[M], data: Any) -> M:
    """`model.model_validate(data)`, building the model's validator first if needed."""
    if not model.__pydantic_complete__:
        with _BUILD_LOCK, _pydantic_plugins_off():
            model.model_rebuild()
    return model.model_validate(data)


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

Count = Annotated[
    int,
    Field(ge=0, le=MAX_COUNT, description="非负整数"),
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Dates of this tool's documents lie in these years (the 条例 dates from 2007).
MIN_YEAR, MAX_YEAR = 2000, 2100


def _parse_iso_date(value: Any) -> Any:
    """Accept only `YYYY-MM-DD` strings (a bare number must not become a Unix timestamp)."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            parsed = dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"date_invalid:{value}") from exc
        if not MIN_YEAR <= parsed.year <= MAX_YEAR:
            raise ValueError(f"date_range:{value}")
        return parsed
    raise ValueError(f"date_format:{value!r}")


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_parse_iso_date),
    Field(
        description="日期，写成“年-月-日”，如 2012-04-28",
        json_schema_extra={"type": "string", "format": "date"},
    ),
]


class Memo(Model):
    """报送函：随报告一并报送上级政务公开主管部门的公文。"""

    addressee: Text = Field(
        title="主送机关",
        description="接收报告的机关名称，如“市政务公开工作领导小组办公室”。不要写末尾冒号，排版时自动加全角冒号",
    )
    body: list[Text] = Field(
        title="正文",
        min_length=1,
        description="函的正文，每段一条，如“按照……要求，现将《……》随文上报，请审阅。”",
    )
    signature: Text | None = Field(
        default=None,
        title="发文机关署名",
        description="GB/T 9704—2012版式在成文日期上方居中标注；缺省时用发布机关全称（1999版式不标注）",
    )
    date: IsoDate = Field(
        title="成文日期", description="写成 2012-04-28；排版时按公文格式标准自动转写"
    )
    subject_words: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default_factory=list,
        title="主题词",
        description="GB/T 9704—1999要求标注的主题词，每个词一条，如“政府信息”“工作报告”（2012版标准已取消主题词）",
    )


class Issuance(Model):
    """版记中的印发机关和印发日期。"""

    issuer: Text = Field(title="印发机关", description="一般为发文机关的办公部门或发文机关本身")
    date: IsoDate = Field(title="印发日期", description="付印日期，写成 2012-04-28")
