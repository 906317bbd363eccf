"""RG2xx: breakdowns that claim to partition a total must add up."""

from __future__ import annotations

from reportgen.diagnostics import DataPath, Finding
from reportgen.models.legacy import Figures


def check_figures(fig: Figures, path: DataPath) -> list[Finding]:
    out: list[Finding] = []
    u = fig.unit
    for k, bd in enumerate(fig.breakdowns):
        label = f"第{k + 1}组分项" if len(fig.breakdowns) > 1 else "分项"
        if bd.partition:
            parts = sum(item.count for item in bd.items)
            if parts != fig.total:
                diff = parts - fig.total
                listing = "＋".join(f"{i.name}{i.count}" for i in bd.items)
                more = f"多{diff}{u}" if diff > 0 else f"少{-diff}{u}"
                out.append(
                    Finding(
                        "RG201",
                        f"{label}合计{parts}{u}，与总数{fig.total}{u}不一致（{more}）："
                        f"{listing}＝{parts}。请核对分项或总数"
                        "（若这组分项只列举其中一部分，请写 partition: false）",
                        (*path, "total"),
                    )
                )
        else:
            for j, item in enumerate(bd.items):
                if item.count > fig.total:
                    out.append(
                        Finding(
                            "RG202",
                            f"“其中”分项“{item.name}”{item.count}{u}，大于总数{fig.total}{u}",
                            (*path, "breakdowns", k, "items", j, "count"),
                        )
                    )
    return out
