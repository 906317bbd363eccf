"""Benchmark: validate many report files, in-process and as a whole process, side by side
with check-jsonschema against schemas/report.schema.json on the same files.

Not a test: run it by hand and record the figures in bench/README.md.

    python bench/validate_many.py [N]                     # one size (default 1000)
    python bench/validate_many.py --sizes 100,1000,10000  # how cost grows with N
    python bench/validate_many.py --profile               # + cProfile of one in-process run

Files are copies of the two examples with varied agency names (the arithmetic of each still
consistent), written to a temporary folder per size. Every figure is the median of
`--repeat` runs after an untimed warm-up; ratios are computed within the same run.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import pstats
import random
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchlib import (
    HOW_VENV,
    NATIONAL,
    SCHEMA,
    SEED,
    Runs,
    find_tool,
    gnu_time_rss,
    machine_header,
    median,
    project_exe,
    ratio,
    skipped,
    time_call,
    time_command,
    verdict,
)

EXAMPLES = [NATIONAL, SEED]


def make_files(folder: Path, n: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in EXAMPLES]
    out = []
    for i in range(n):
        text = texts[i % len(texts)]
        # Vary the text (not the arithmetic): a different agency name per file.
        text = text.replace("示例市人民政府", f"示例{rng.randrange(10**6)}市人民政府")
        p = folder / f"report_{i:05d}.yaml"
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


def validate_all(files: list[Path]) -> None:
    from reportgen.validate import validate_file

    for f in files:
        r = validate_file(f)
        assert r.ok, (f, r.diagnostics)


def in_process(files: list[Path], repeat: int) -> list[float]:
    validate_all(files[:2])  # imports and first-call set-up stay out of the timing
    return time_call(lambda: validate_all(files), repeat, warmup=0)


@dataclass
class Row:
    n: int
    inproc: float  # seconds, median
    whole: Runs  # `reportgen validate DIR` as a user runs it (default --jobs)
    whole_j1: Runs | None = None  # the same on one core (`--jobs 1`), when the CLI has it
    cj: Runs | None = None


def measure(n: int, repeat: int, tools: Tools, tmp: Path) -> Row:
    folder = tmp / f"n{n}"
    folder.mkdir()
    files = make_files(folder, n)
    names = [f.name for f in files]
    ip = median(in_process(files, repeat))
    # Bytecode and the tools' own files are warm from fixed_costs(); these files were just
    # written, so they are in the page cache.
    row = Row(n, ip, time_command([tools.rg, "validate", str(folder)], repeat, warmup=0))
    if tools.has_jobs:
        cmd = [tools.rg, "validate", "--jobs", "1", str(folder)]
        row.whole_j1 = time_command(cmd, repeat, warmup=0)
    if tools.cj is not None:
        cmd = [tools.cj, "--schemafile", str(SCHEMA), *names]
        row.cj = time_command(cmd, repeat, cwd=folder, warmup=0)
    print(
        f"  N={n}: in-process {ip:.3f} s, whole {row.whole.median:.3f} s"
        + (f", whole -j1 {row.whole_j1.median:.3f} s" if row.whole_j1 else "")
        + (f", check-jsonschema {row.cj.median:.3f} s" if row.cj else ""),
        flush=True,
    )
    return row


@dataclass
class Tools:
    rg: str
    cj: str | None
    has_jobs: bool  # `reportgen validate --jobs` exists (parallel by default)


@dataclass
class Fixed:
    whole: float  # seconds for a 2-file run: start-up and set-up, nearly no per-file work
    cj: float | None = None


def fixed_costs(repeat: int, tools: Tools, tmp: Path) -> Fixed:
    """Each tool on 2 files (after an untimed warm-up run): its fixed cost per process."""
    folder = tmp / "fixed"
    folder.mkdir()
    names = [f.name for f in make_files(folder, 2)]
    fixed = Fixed(time_command([tools.rg, "validate", str(folder)], repeat, warmup=1).median)
    if tools.cj is not None:
        cmd = [tools.cj, "--schemafile", str(SCHEMA), *names]
        fixed.cj = time_command(cmd, repeat, cwd=folder, warmup=1).median
    print(
        f"  fixed cost (2 files): reportgen validate {fixed.whole:.3f} s"
        + (f", check-jsonschema {fixed.cj:.3f} s" if fixed.cj is not None else ""),
        flush=True,
    )
    return fixed


def profile_one(n: int, tmp: Path, top: int = 12) -> None:
    folder = tmp / "profile"
    folder.mkdir()
    files = make_files(folder, n)
    validate_all(files[:2])
    prof = cProfile.Profile()
    prof.enable()
    validate_all(files)
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    print(f"\n## cProfile of one in-process run over {n} files (top {top} by tottime)")
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(f"total {total:.3f} s = {total / n * 1e6:.0f} µs/file")
    print("\n".join(line for line in lines[start:] if line.strip()))


def _mib(kib: int) -> float:
    return kib / 1024


def report(rows: list[Row], fixed: Fixed, repeat: int) -> None:
    print(f"\n## Results (median of {repeat} runs each; CPU = user + system of all processes)")
    head = (
        f"{'N':>6} | {'in-proc s':>9} {'files/s':>8} {'µs/file':>8} | "
        f"{'whole s':>8} {'CPU s':>7} {'files/s':>8} {'ms/file':>8} {'RSS MiB':>8} | "
        f"{'-j1 s':>7} {'files/s':>8} | "
        f"{'cj s':>8} {'files/s':>8} {'ms/file':>8} {'RSS MiB':>8} | {'whole/cj':>8} {'-j1/cj':>7}"
    )
    print(head)
    print("-" * len(head))
    dash = "—"
    for r in rows:
        w = r.whole
        j1 = (
            f"{r.whole_j1.median:7.3f} {r.n / r.whole_j1.median:8,.0f}"
            if r.whole_j1
            else f"{dash:>7} {dash:>8}"
        )
        if r.cj is not None:
            cjr = r.cj
            cj = (
                f"{cjr.median:8.3f} {r.n / cjr.median:8,.0f} {cjr.median / r.n * 1e3:8.2f} "
                f"{_mib(cjr.peak_rss):8.1f}"
            )
            rat = f"{ratio(w.median, cjr.median):>8} "
            rat += f"{ratio(r.whole_j1.median, cjr.median):>7}" if r.whole_j1 else f"{dash:>7}"
        else:
            cj = f"{dash:>8} {dash:>8} {dash:>8} {dash:>8}"
            rat = f"{dash:>8} {dash:>7}"
        print(
            f"{r.n:>6} | {r.inproc:9.3f} {r.n / r.inproc:8,.0f} {r.inproc / r.n * 1e6:8.0f} | "
            f"{w.median:8.3f} {w.cpu_median:7.2f} {r.n / w.median:8,.0f} "
            f"{w.median / r.n * 1e3:8.2f} {_mib(w.peak_rss):8.1f} | {j1} | {cj} | {rat}"
        )
    if len(rows) > 1:
        print("\n## Growth with N: marginal cost per extra file between consecutive sizes")
        for a, b in itertools.pairwise(rows):
            dn = b.n - a.n
            parts = [
                f"in-process {(b.inproc - a.inproc) / dn * 1e6:.0f} µs",
                f"whole {(b.whole.median - a.whole.median) / dn * 1e6:.0f} µs",
            ]
            if a.whole_j1 and b.whole_j1:
                parts.append(
                    f"whole -j1 {(b.whole_j1.median - a.whole_j1.median) / dn * 1e6:.0f} µs"
                )
            if a.cj is not None and b.cj is not None:
                parts.append(f"check-jsonschema {(b.cj.median - a.cj.median) / dn * 1e6:.0f} µs")
            print(f"  {a.n} → {b.n}: " + ", ".join(parts))
        print(f"  fixed cost per process (2 files): reportgen validate {fixed.whole:.3f} s", end="")
        print(f", check-jsonschema {fixed.cj:.3f} s" if fixed.cj is not None else "")
        first, last = rows[0], rows[-1]
        print(
            f"  in-process per-file cost N={last.n} vs N={first.n}: "
            f"{ratio(last.inproc / last.n, first.inproc / first.n)}; peak RSS of one process, "
            f"whole-process: {_mib(last.whole.peak_rss):.1f} MiB vs "
            f"{_mib(first.whole.peak_rss):.1f} MiB"
        )

    print("\n## Targets")
    by_n = {r.n: r for r in rows}
    ref = by_n.get(1000, rows[-1])
    fps = ref.n / ref.inproc
    print(f"  in-process ≥ 1,000 files/s (N={ref.n}): {fps:,.0f} files/s — {verdict(fps >= 1000)}")
    if ref.cj is not None:
        rr = ref.whole.median / ref.cj.median
        print(
            f"  whole-process validate ≤ 0.2× check-jsonschema (N={ref.n}): "
            f"{rr:.3f}× — {verdict(rr <= 0.2)}"
            + (
                f" (on one core, --jobs 1: {ref.whole_j1.median / ref.cj.median:.3f}×)"
                if ref.whole_j1
                else ""
            )
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = (last.inproc / last.n) / (first.inproc / first.n)
        print(
            f"  cost linear in N, in-process (per-file cost N={last.n} / N={first.n} within "
            f"±15%): {growth:.2f}× — {verdict(0.85 <= growth <= 1.15)}"
        )
        if len(rows) > 2:
            a, b, c = rows[-3], rows[-2], rows[-1]
            series = [("whole process", [r.whole.median for r in (a, b, c)])]
            if a.whole_j1 and b.whole_j1 and c.whole_j1:
                j1s = [a.whole_j1.median, b.whole_j1.median, c.whole_j1.median]
                series.append(("whole process -j1", j1s))
            for label, (ta, tb, tc) in series:
                m1 = (tb - ta) / (b.n - a.n)
                m2 = (tc - tb) / (c.n - b.n)
                # A process's fixed cost and (with --jobs) parallel start-up amortise over
                # N, so its marginal cost may fall: only a rise means worse than linear.
                print(
                    f"  cost at most linear in N, {label} (marginal cost per file "
                    f"{b.n}→{c.n} / {a.n}→{b.n} ≤ 1.15): {m2 / m1:.2f}× — "
                    f"{verdict(m2 / m1 <= 1.15)}"
                )
        rss = last.whole.peak_rss / first.whole.peak_rss
        print(
            f"  peak RSS flat in N (whole-process N={last.n} / N={first.n} ≤ 1.15): "
            f"{rss:.2f}× — {verdict(rss <= 1.15)}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("n", nargs="?", type=int, help="number of files (default 1000)")
    ap.add_argument("--sizes", help="comma-separated sizes, e.g. 100,1000,10000")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per figure (default 3)")
    ap.add_argument("--profile", action="store_true", help="cProfile one in-process run")
    ap.add_argument("--no-check-jsonschema", action="store_true", help="skip the (slow) comparison")
    args = ap.parse_args()
    if args.sizes:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    else:
        sizes = [args.n if args.n is not None else 1000]

    machine_header("validate_many: reportgen validate vs check-jsonschema")
    rg = project_exe("reportgen")
    cj = None if args.no_check_jsonschema else find_tool("check-jsonschema")
    if cj is None and not args.no_check_jsonschema:
        skipped("check-jsonschema", HOW_VENV)
    helptext = subprocess.run([rg, "validate", "--help"], capture_output=True, text=True).stdout
    tools = Tools(rg, cj, "--jobs" in helptext)
    print(f"# reportgen: {rg} (validate --jobs: {'yes' if tools.has_jobs else 'no'})")
    print(f"# check-jsonschema: {cj or '—'}")

    rows = []
    with tempfile.TemporaryDirectory(prefix="rg-bench-") as tmp:
        fixed = fixed_costs(args.repeat, tools, Path(tmp))
        for n in sizes:
            rows.append(measure(n, args.repeat, tools, Path(tmp)))
        largest = Path(tmp) / f"n{sizes[-1]}"
        gt = gnu_time_rss([rg, "validate", str(largest)])
        if gt is not None:
            print(
                f"  cross-check, /usr/bin/time -v: peak RSS of `reportgen validate` "
                f"N={sizes[-1]}: {gt / 1024:.1f} MiB"
            )
        report(rows, fixed, args.repeat)
        if args.profile:
            profile_one(min(1000, sizes[-1]), Path(tmp))


if __name__ == "__main__":
    main()
