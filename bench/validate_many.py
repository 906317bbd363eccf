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
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchlib import (
    HOW_VENV,
    NATIONAL,
    SCHEMA,
    SEED,
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
    whole: float
    whole_rss: int  # KiB
    cj: float | None = None
    cj_rss: int | None = None


def measure(n: int, repeat: int, rg: str, cj: str | None, tmp: Path) -> Row:
    folder = tmp / f"n{n}"
    folder.mkdir()
    files = make_files(folder, n)
    names = [f.name for f in files]
    ip = median(in_process(files, repeat))
    # Bytecode and the tools' own files are warm from fixed_costs(); these files were just
    # written, so they are in the page cache.
    wp_times, wp_rss = time_command([rg, "validate", str(folder)], repeat, warmup=0)
    row = Row(n, ip, median(wp_times), wp_rss)
    if cj is not None:
        cmd = [cj, "--schemafile", str(SCHEMA)]
        cj_times, row.cj_rss = time_command([*cmd, *names], repeat, cwd=folder, warmup=0)
        row.cj = median(cj_times)
    print(
        f"  N={n}: in-process {ip:.3f} s, whole {row.whole:.3f} s"
        + (f", check-jsonschema {row.cj:.3f} s" if row.cj is not None else ""),
        flush=True,
    )
    return row


@dataclass
class Fixed:
    whole: float  # seconds for a 2-file run: start-up and set-up, nearly no per-file work
    cj: float | None = None


def fixed_costs(repeat: int, rg: str, cj: str | None, tmp: Path) -> Fixed:
    """Each tool on 2 files (after an untimed warm-up run): its fixed cost per process."""
    folder = tmp / "fixed"
    folder.mkdir()
    names = [f.name for f in make_files(folder, 2)]
    fixed = Fixed(median(time_command([rg, "validate", str(folder)], repeat, warmup=1)[0]))
    if cj is not None:
        cmd = [cj, "--schemafile", str(SCHEMA), *names]
        fixed.cj = median(time_command(cmd, repeat, cwd=folder, warmup=1)[0])
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


def report(rows: list[Row], fixed: Fixed, repeat: int) -> None:
    print(f"\n## Results (median of {repeat} runs each)")
    head = (
        f"{'N':>6} | {'in-proc s':>9} {'files/s':>8} {'µs/file':>8} | "
        f"{'whole s':>8} {'files/s':>8} {'ms/file':>8} {'RSS MiB':>8} | "
        f"{'cj s':>8} {'files/s':>8} {'ms/file':>8} {'RSS MiB':>8} | {'whole/cj':>8}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        cj = (
            f"{r.cj:8.3f} {r.n / r.cj:8,.0f} {r.cj / r.n * 1e3:8.2f} {(r.cj_rss or 0) / 1024:8.1f}"
            if r.cj is not None
            else f"{'—':>8} {'—':>8} {'—':>8} {'—':>8}"
        )
        rat = ratio(r.whole, r.cj) if r.cj is not None else "—"
        print(
            f"{r.n:>6} | {r.inproc:9.3f} {r.n / r.inproc:8,.0f} {r.inproc / r.n * 1e6:8.0f} | "
            f"{r.whole:8.3f} {r.n / r.whole:8,.0f} {r.whole / r.n * 1e3:8.2f} "
            f"{r.whole_rss / 1024:8.1f} | {cj} | {rat:>8}"
        )
    if len(rows) > 1:
        print("\n## Growth with N: marginal cost per extra file between consecutive sizes")
        for a, b in itertools.pairwise(rows):
            dn = b.n - a.n
            parts = [
                f"in-process {(b.inproc - a.inproc) / dn * 1e6:.0f} µs",
                f"whole {(b.whole - a.whole) / dn * 1e6:.0f} µs",
            ]
            if a.cj is not None and b.cj is not None:
                parts.append(f"check-jsonschema {(b.cj - a.cj) / dn * 1e6:.0f} µs")
            print(f"  {a.n} → {b.n}: " + ", ".join(parts))
        first, last = rows[0], rows[-1]
        print(f"  fixed cost per process (2 files): reportgen validate {fixed.whole:.3f} s", end="")
        print(f", check-jsonschema {fixed.cj:.3f} s" if fixed.cj is not None else "")
        per_first = first.inproc / first.n
        per_last = last.inproc / last.n
        print(
            f"  in-process per-file cost at N={last.n} vs N={first.n}: "
            f"{ratio(per_last, per_first)}; peak RSS whole-process "
            f"{last.whole_rss / 1024:.1f} MiB vs {first.whole_rss / 1024:.1f} MiB "
            f"({ratio(last.whole_rss, first.whole_rss)})"
        )

    print("\n## Targets")
    by_n = {r.n: r for r in rows}
    ref = by_n.get(1000, rows[-1])
    fps = ref.n / ref.inproc
    print(f"  in-process ≥ 1,000 files/s (N={ref.n}): {fps:,.0f} files/s — {verdict(fps >= 1000)}")
    if ref.cj is not None:
        rr = ref.whole / ref.cj
        print(
            f"  whole-process validate ≤ 0.2× check-jsonschema (N={ref.n}): "
            f"{rr:.3f}× — {verdict(rr <= 0.2)}"
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
            m1 = (b.whole - a.whole) / (b.n - a.n)
            m2 = (c.whole - b.whole) / (c.n - b.n)
            print(
                f"  cost linear in N, whole process (marginal cost per file {b.n}→{c.n} / "
                f"{a.n}→{b.n} within ±15%): {m2 / m1:.2f}× — {verdict(0.85 <= m2 / m1 <= 1.15)}"
            )
        rss = last.whole_rss / first.whole_rss
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
    print(f"# reportgen: {rg}\n# check-jsonschema: {cj or '—'}")

    rows = []
    with tempfile.TemporaryDirectory(prefix="rg-bench-") as tmp:
        fixed = fixed_costs(args.repeat, rg, cj, Path(tmp))
        for n in sizes:
            rows.append(measure(n, args.repeat, rg, cj, Path(tmp)))
        largest = Path(tmp) / f"n{sizes[-1]}"
        gt = gnu_time_rss([rg, "validate", str(largest)])
        if gt is not None:
            print(
                f"  /usr/bin/time -v: peak RSS of `reportgen validate` N={sizes[-1]}: {gt / 1024:.1f} MiB"
            )
        report(rows, fixed, args.repeat)
        if args.profile:
            profile_one(min(1000, sizes[-1]), Path(tmp))


if __name__ == "__main__":
    main()
