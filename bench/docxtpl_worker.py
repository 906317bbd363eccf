"""The docxtpl side of bench/render_docs.py. Runs under the bench venv's interpreter
(docxtpl is not a project dependency); render_docs.py calls it, you need not.

    python docxtpl_worker.py make-template OURS.docx TEMPLATE.docx CONTEXT.json
    python docxtpl_worker.py time TEMPLATE.docx CONTEXT.json REPEAT OURS.docx
    python docxtpl_worker.py once TEMPLATE.docx CONTEXT.json OUT.docx

The template is reportgen's own output for the document with every text run (w:t) replaced
by a Jinja placeholder `{{ tN }}`, and the context maps each placeholder back to its text. So
docxtpl renders the same paragraphs, headings, tables (merged cells included), page set-up
and run formatting with the same data: equal content by construction, checked on the first
render of `time` (the w:t texts of its output must equal ours, in order).
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate  # type: ignore[import-not-found, import-untyped, unused-ignore]
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
T = f"{{{W}}}t"


def _text_parts(names: list[str]) -> list[str]:
    return [
        n
        for n in names
        if n == "word/document.xml" or n.startswith(("word/footer", "word/header"))
        if n.endswith(".xml")
    ]


def texts(docx: bytes) -> list[str]:
    """Every w:t text of the body, headers and footers, in part and document order."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        for name in sorted(_text_parts(z.namelist())):
            root: Any = etree.fromstring(z.read(name))
            out += [t.text or "" for t in root.iter(T)]
    return out


def make_template(ours: Path, template: Path, context: Path) -> None:
    ctx: dict[str, str] = {}
    buf = io.BytesIO()
    with zipfile.ZipFile(ours) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        parts = set(_text_parts(src.namelist()))
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename in parts:
                root: Any = etree.fromstring(data)
                for t in root.iter(T):
                    if t.text:
                        key = f"t{len(ctx)}"
                        ctx[key] = t.text
                        t.text = "{{ " + key + " }}"
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data)
    template.write_bytes(buf.getvalue())
    context.write_text(json.dumps(ctx, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({"placeholders": len(ctx)}))


def render(template: Path, ctx: dict[str, str]) -> bytes:
    tpl = DocxTemplate(str(template))
    tpl.render(ctx, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def main() -> None:
    mode, *args = sys.argv[1:]
    if mode == "make-template":
        make_template(Path(args[0]), Path(args[1]), Path(args[2]))
        return
    template = Path(args[0])
    ctx = json.loads(Path(args[1]).read_text(encoding="utf-8"))
    if mode == "once":
        Path(args[2]).write_bytes(render(template, ctx))
        return
    repeat, ours = int(args[2]), Path(args[3])
    first = render(template, ctx)  # warm-up (imports, Jinja set-up), and the content check
    equal = texts(first) == texts(ours.read_bytes())
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        render(template, ctx)
        times.append(time.perf_counter() - t0)
    print(
        json.dumps(
            {
                "median": statistics.median(times),
                "times": times,
                "equal": equal,
                "bytes": len(first),
            }
        )
    )


if __name__ == "__main__":
    main()
