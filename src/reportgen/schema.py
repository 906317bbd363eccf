"""The JSON Schema of the data file, generated from the models (for editors and CI)."""

from __future__ import annotations

import json
from typing import Any

from reportgen.models import DOCUMENT_MODELS

SCHEMA_ID = "https://reportgen.invalid/schemas/report.schema.json"


def json_schema() -> dict[str, Any]:
    variants = [
        m.model_json_schema(ref_template="#/$defs/{model}") for m in DOCUMENT_MODELS.values()
    ]
    defs: dict[str, Any] = {}
    one_of = []
    for v in variants:
        defs.update(v.pop("$defs", {}))
        name = v["title"]
        defs[name] = v
        one_of.append({"$ref": f"#/$defs/{name}"})
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "政府信息公开工作年度报告数据文件（reportgen）",
        "description": "reportgen 的报告数据文件。开头写 reportgen: 1 与 format: 报告格式。",
    }
    if len(one_of) == 1:
        schema["$ref"] = one_of[0]["$ref"]
    else:
        schema["oneOf"] = one_of
    schema["$defs"] = dict(sorted(defs.items()))
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
