"""Benchmark: validate many report files, in-process and as a whole process.

Not a test: run it by hand (`python bench/validate_many.py [N]`) and record the figures in
bench/README.md. Files are copies of the two examples with varied agency names and figures
(each still consistent), written to a temporary folder.
"""

from __future__ import annotations

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "national_2021_sample.yaml", ROOT / "examples" / "wuhai_2011.yaml"]


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


def in_process(files: list[Path], repeat: int) -> list[float]:
    from reportgen.validate import validate_file

    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for f in files:
            r = validate_file(f)
            assert r.ok, (f, r.diagnostics)
        times.append(time.perf_counter() - t0)
    return times


def whole_process(folder: Path, repeat: int) -> list[float]:
    exe = shutil.which("reportgen") or str(Path(sys.executable).parent / "reportgen")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([exe, "validate", str(folder)], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    repeat = 3
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_files(folder, n)
        ip = statistics.median(in_process(files, repeat))
        wp = statistics.median(whole_process(folder, repeat))
    print(f"files: {n}")
    print(f"in-process validate: {ip:.3f} s median of {repeat} = {n / ip:,.0f} files/s")
    print(
        f"whole process `reportgen validate DIR`: {wp:.3f} s median of {repeat} = {n / wp:,.0f} files/s"
    )


if __name__ == "__main__":
    main()
