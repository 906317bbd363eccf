"""Benchmark: `reportgen render DIR --out-dir OUT` over N generated reports, whole process,
on every core (the default) and with `--jobs 1`: time per document and peak RSS as N grows
(the target: memory flat in N; RSS is that of the largest single process).

Not a test: run it by hand (`python bench/render_batch.py [--sizes 100,1000] [--repeat 3]`)
and record the figures in bench/README.md. The files are the same copies of the two
examples that validate_many.py makes (half seed, half national sample).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from benchlib import machine_header, median, project_exe, time_command, verdict
from validate_many import make_files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100,1000", help="numbers of files (default 100,1000)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per size (default 3)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    machine_header("render_batch: reportgen render DIR --out-dir OUT")
    rg = project_exe("reportgen")
    rows: list[tuple[int, float, int, float, int]] = []
    with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
        for n in sizes:
            src, out = Path(tmp) / f"in{n}", Path(tmp) / f"out{n}"
            src.mkdir()
            out.mkdir()
            make_files(src, n)
            cmd = [rg, "render", str(src), "--out-dir", str(out)]
            runs = time_command(cmd, args.repeat, warmup=1)
            written = len(list(out.glob("*.docx")))
            assert written == n, f"{written} of {n} documents written"
            one = time_command([*cmd, "--jobs", "1"], args.repeat, warmup=0)
            shutil.rmtree(src)
            shutil.rmtree(out)
            rows.append((n, median(runs.wall), runs.peak_rss, median(one.wall), one.peak_rss))

    print(f"\n## Whole process (median of {args.repeat} runs, 1 warm-up run)")
    print(
        f"{'N':>6} | {'wall s':>8} | {'ms/document':>11} | {'peak RSS MiB':>12} | "
        f"{'-j1 wall s':>10} | {'-j1 ms/doc':>10} | {'-j1 RSS MiB':>11}"
    )
    for n, wall, rss, wall1, rss1 in rows:
        print(
            f"{n:>6} | {wall:8.2f} | {wall / n * 1e3:11.1f} | {rss / 1024:12.1f} | "
            f"{wall1:10.2f} | {wall1 / n * 1e3:10.1f} | {rss1 / 1024:11.1f}"
        )

    print("\n## Target")
    (n0, _, r0, _, _), (n1, _, r1, _, _) = rows[0], rows[-1]
    growth = r1 / r0
    print(
        f"  peak RSS flat in N: {r0 / 1024:.1f} MiB at N = {n0:,}, {r1 / 1024:.1f} MiB at "
        f"N = {n1:,} ({growth:.2f}×, {(r1 - r0) / (n1 - n0):.2f} KiB per extra document) — "
        f"{verdict(growth <= 1.10)} (flat: within 10 %)"
    )


if __name__ == "__main__":
    main()
