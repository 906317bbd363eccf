"""RG4xx advice on the parts a report is made of."""

from __future__ import annotations

from reportgen.diagnostics import Finding
from reportgen.models.legacy import PART_KIND_NAMES, LegacyDocument, PartKind


def check_legacy_parts(doc: LegacyDocument) -> list[Finding]:
    out: list[Finding] = []
    kinds = [p.kind for p in doc.report.parts]
    if PartKind.proactive not in kinds:
        out.append(
            Finding(
                "RG406",
                "报告没有“主动公开情况”部分（条例第三十二条第（一）项要求报告主动公开政府信息的情况）；"
                "若已有此部分，请在该部分写 kind: proactive",
                ("report", "parts"),
            )
        )
    seen: dict[PartKind, int] = {}
    for i, kind in enumerate(kinds):
        if kind is PartKind.other:
            continue
        if kind in seen:
            out.append(
                Finding(
                    "RG407",
                    f"第{i + 1}部分与第{seen[kind] + 1}部分都标为“{PART_KIND_NAMES[kind]}”"
                    f"（kind: {kind.value}），请核对",
                    ("report", "parts", i, "kind"),
                )
            )
        else:
            seen[kind] = i
    return out
