"""Benchmark: render the seed (examples/wuhai_2011.yaml) and the national example
(examples/national_2021_sample.yaml) to .docx, in-process and as a whole process, side by
side with docxtpl and pandoc producing the same content, and with the zip floor.

Not a test: run it by hand (`python bench/render_docs.py [--repeat N]`) and record the
figures in bench/README.md.

* ours, in-process: `reportgen.render.docx_bytes(doc, choose_profile(doc, None))` on an
  already validated document (compose + python-docx + one reproducible zip pass);
* ours, whole process: `reportgen render FILE --docx OUT` (start-up + validate + render);
* docxtpl: a template made once from our output (every text run → `{{ tN }}`, so the same
  paragraphs, headings, merged-cell tables and formatting), rendered with the texts as data,
  in the bench venv's interpreter (bench/docxtpl_worker.py); whole process = that
  interpreter starting, importing docxtpl, rendering one file;
* pandoc: the same text as Markdown (headings, paragraphs, one pipe table per table, raw
  OpenXML page break), `pandoc -f markdown -o x.docx` (whole process only);
* zip floor: the members of our .docx (already in memory) written to a new deflated zip
  with zipfile: the least any writer of this .docx must spend.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchlib import (
    CHILD_ENV,
    HOW_PANDOC,
    HOW_VENV,
    NATIONAL,
    SEED,
    bench_python,
    find_tool,
    machine_header,
    median,
    project_exe,
    ratio,
    skipped,
    time_call,
    time_command,
    verdict,
)

from reportgen.compose import blocks as b
from reportgen.compose import compose
from reportgen.render import choose_profile, docx_bytes
from reportgen.validate import validate_file
from reportgen.writers import zipfix
from reportgen.writers.docx import TEMPLATE, DocxWriter

WORKER = Path(__file__).resolve().parent / "docxtpl_worker.py"
DOCS = {"seed (wuhai_2011)": SEED, "national_2021_sample": NATIONAL}


@dataclass
class Result:
    name: str
    ms: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# ── the same content as Markdown, for pandoc ─────────────────────────────────

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|$~^"})
_PAGE_BREAK = '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```'


def md_escape(text: str) -> str:
    return text.translate(_MD_SPECIAL)


def md_table(t: b.Table) -> str:
    cols = len(t.columns_mm)
    grid = [[""] * cols for _ in range(t.rows)]
    for c in t.cells:
        grid[c.row][c.col] = md_escape(c.text)
    lines = ["| " + " | ".join(grid[0]) + " |", "|" + "---|" * cols]
    lines += ["| " + " | ".join(row) + " |" for row in grid[1:]]
    return "\n".join(lines)


def markdown(document: b.Document) -> str:
    out: list[str] = []
    for blk in document.blocks:
        if isinstance(blk, b.Title):
            out += ["# " + md_escape(line) for line in blk.lines]
        elif isinstance(blk, b.Heading):
            out.append("#" * (blk.level + 1) + " " + md_escape(blk.full_text))
        elif isinstance(blk, b.Paragraph | b.Addressee | b.DateLine | b.SignatureLine):
            out.append(md_escape(blk.text))
        elif isinstance(blk, b.Spacer):
            out += ["```{=openxml}\n<w:p/>\n```"] * blk.lines
        elif isinstance(blk, b.PageBreak):
            out.append(_PAGE_BREAK)
        elif isinstance(blk, b.VersionBlock):
            if blk.subject_words:
                out.append(md_escape("主题词：" + "\u3000".join(blk.subject_words)))
            out.append(md_escape("\u3000".join(x for x in (blk.issuer, blk.issued) if x)))
        elif isinstance(blk, b.Table):
            out.append(md_table(blk))
    return "\n\n".join(out) + "\n"


# ── the measurements ─────────────────────────────────────────────────────────


Timer = Callable[[int], list[float]]  # k → seconds of k runs


def measure(
    name: str, source: Path, repeat: int, rounds: int, tmp: Path, tools: dict[str, str | None]
) -> Result:
    """Set everything up once, then time every contender in `rounds` interleaved rounds
    (so each sees the same spells of background load) and take medians of all runs."""
    res = Result(name)
    r = validate_file(source)
    assert r.document is not None, r.diagnostics
    doc = r.document
    profile = choose_profile(doc, None)
    res.notes.append(f"layout {profile.name}")
    ours = docx_bytes(doc, profile)
    composed = compose(doc, profile)
    when = zipfix.stamp(composed.created)
    ours_file = tmp / "ours-inproc.docx"
    ours_file.write_bytes(ours)
    import docx  # python-docx, a project dependency

    built = DocxWriter(profile)
    for blk in composed.blocks:
        built.add(blk)
    package = built.doc.part.package
    with zipfile.ZipFile(io.BytesIO(ours)) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]

    def rezip() -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for info, body in members:
                dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
        return buf.getvalue()

    render_cmd = [tools["reportgen"] or "reportgen", "render", str(source)]
    render_cmd += ["--docx", str(tmp / "ours.docx")]
    timers: dict[str, Timer] = {
        "ours in-process": lambda k: time_call(lambda: docx_bytes(doc, profile), k),
        "  of which compose": lambda k: time_call(lambda: compose(doc, profile), k),
        "  of which opening the starting package": lambda k: time_call(
            lambda: docx.Document(str(TEMPLATE)), k
        ),
        "  of which zipfix.save (serialise + zip)": lambda k: time_call(
            lambda: zipfix.save(package, when), k
        ),
        "ours whole-process": lambda k: time_command(render_cmd, k).wall,
        "zip floor": lambda k: time_call(rezip, 3 * k),
    }

    py = tools["docxtpl-python"]
    if py is not None:
        template, context = tmp / "template.docx", tmp / "context.json"
        made = subprocess.run(
            [py, str(WORKER), "make-template", str(ours_file), str(template), str(context)],
            env=CHILD_ENV,
            capture_output=True,
            text=True,
            check=True,
        )
        placeholders = json.loads(made.stdout)["placeholders"]
        equal: list[bool] = []

        def docxtpl_in_process(k: int) -> list[float]:
            timed = subprocess.run(
                [py, str(WORKER), "time", str(template), str(context), str(k), str(ours_file)],
                env=CHILD_ENV,
                capture_output=True,
                text=True,
                check=True,
            )
            got = json.loads(timed.stdout)
            equal.append(got["equal"])
            return list(got["times"])

        once = [py, str(WORKER), "once", str(template), str(context), str(tmp / "dt.docx")]
        timers["docxtpl in-process"] = docxtpl_in_process
        timers["docxtpl whole-process"] = lambda k: time_command(once, k).wall

    pandoc = tools["pandoc"]
    if pandoc is not None:
        md = tmp / "same.md"
        md.write_text(markdown(composed), encoding="utf-8")
        pandoc_cmd = [pandoc, "-f", "markdown", "-t", "docx", "-o", str(tmp / "pandoc.docx")]
        pandoc_cmd.append(str(md))
        timers["pandoc whole-process"] = lambda k: time_command(pandoc_cmd, k).wall
        tables = sum(isinstance(x, b.Table) for x in composed.blocks)
        res.notes.append(
            f"pandoc: same text, {tables} pipe table(s) (no merged cells), {md.stat().st_size} B"
        )

    per_round = max(1, -(-repeat // rounds))
    samples: dict[str, list[float]] = {k: [] for k in timers}
    for _ in range(rounds):
        for key, timer in timers.items():
            samples[key] += timer(per_round)
    res.ms = {k: median(v) * 1e3 for k, v in samples.items()}
    if py is not None:
        res.notes.append(
            f"docxtpl: {placeholders} placeholders; texts equal to ours: "
            f"{'yes' if equal and all(equal) else 'NO'}"
        )
    return res


def profile_seed(top: int = 15) -> None:
    r = validate_file(SEED)
    assert r.document is not None
    doc, profile = r.document, choose_profile(r.document, None)
    docx_bytes(doc, profile)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(10):
        docx_bytes(doc, profile)
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print(f"\n## cProfile of 10 in-process renders of the seed (top {top} by tottime)")
    print("\n".join(line for line in lines[start:] if line.strip()))


def report(results: list[Result], repeat: int) -> None:
    print(f"\n## Per-document render time, ms (median of {repeat} runs in interleaved rounds)")
    keys = list(dict.fromkeys(k for r in results for k in r.ms))
    width = max(31, *(len(k) for k in keys))  # 31: the longest ratio label
    print(f"{'':<{width}} | " + " | ".join(f"{r.name:>22}" for r in results))
    print("-" * (width + 3 + 25 * len(results)))
    for k in keys:
        cells = [f"{r.ms[k]:22.1f}" if k in r.ms else f"{'—':>22}" for r in results]
        print(f"{k:<{width}} | " + " | ".join(cells))

    print("\n## Ratios")
    pairs = [
        ("ours / docxtpl (in-process)", "ours in-process", "docxtpl in-process"),
        ("ours / docxtpl (whole-process)", "ours whole-process", "docxtpl whole-process"),
        ("ours / pandoc (whole-process)", "ours whole-process", "pandoc whole-process"),
        ("ours / zip floor (in-process)", "ours in-process", "zip floor"),
    ]
    for label, a, bb in pairs:
        cells = [
            f"{ratio(r.ms[a], r.ms[bb]):>22}" if a in r.ms and bb in r.ms else f"{'—':>22}"
            for r in results
        ]
        print(f"{label:<{width}} | " + " | ".join(cells))
    for r in results:
        print(f"  {r.name}: " + "; ".join(r.notes))

    seed = results[0]
    print("\n## Targets (seed)")
    if "docxtpl in-process" in seed.ms:
        q = seed.ms["ours in-process"] / seed.ms["docxtpl in-process"]
        print(f"  in-process render ≤ 0.9× docxtpl: {q:.2f}× — {verdict(q <= 0.9)}")
    else:
        print("  in-process render ≤ 0.9× docxtpl: skipped (docxtpl not installed)")
    q = seed.ms["ours in-process"] / seed.ms["zip floor"]
    print(f"  in-process render ≤ 5× zip floor: {q:.2f}× — {verdict(q <= 5)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repeat", type=int, default=15, help="timed runs per figure (default 15)")
    ap.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds the runs are split into"
    )
    ap.add_argument("--profile", action="store_true", help="cProfile the seed's render")
    args = ap.parse_args()
    machine_header("render_docs: reportgen render vs docxtpl, pandoc and the zip floor")
    tools: dict[str, str | None] = {
        "reportgen": project_exe("reportgen"),
        "docxtpl-python": bench_python("docxtpl"),
        "pandoc": find_tool("pandoc"),
    }
    if tools["docxtpl-python"] is None:
        skipped("docxtpl", HOW_VENV)
    if tools["pandoc"] is None:
        skipped("pandoc", HOW_PANDOC)
    for k, v in tools.items():
        print(f"# {k}: {v or '—'}")
    results = []
    for name, source in DOCS.items():
        with tempfile.TemporaryDirectory(prefix="rg-render-") as tmp:
            results.append(measure(name, source, args.repeat, args.rounds, Path(tmp), tools))
            print(f"  {name}: done", flush=True)
    report(results, args.repeat)
    if args.profile:
        profile_seed()


if __name__ == "__main__":
    main()
