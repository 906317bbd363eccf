"""Benchmark: whole-process start-up of the CLI against bare Python and bare imports, and
which modules `reportgen validate` imports (`python -X importtime`).

Not a test: run it by hand (`python bench/startup.py [--repeat N]`) and record the figures
in bench/README.md. All commands use the project venv's interpreter (the one running this).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from benchlib import (
    CHILD_ENV,
    SEED,
    machine_header,
    project_exe,
    ratio,
    time_command,
    verdict,
)

# Modules worth naming when they load (or do not) on the validate path: name → prefixes
# (typer ≥ 0.22 vendors click as typer._click).
WATCH = {
    "docx": ("docx",),
    "lxml": ("lxml",),
    "rich": ("rich",),
    "markdown_it": ("markdown_it",),
    "pygments": ("pygments",),
    "typer": ("typer",),
    "click": ("click", "typer._click"),
    "pydantic": ("pydantic",),
    "yaml": ("yaml",),
    "jinja2": ("jinja2",),
}
_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def import_profile(cmd: list[str]) -> list[tuple[int, int, int, str]]:
    """(self µs, cumulative µs, depth, module) for every import `cmd` performs."""
    r = subprocess.run(
        [sys.executable, "-X", "importtime", *cmd],
        env=CHILD_ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in r.stderr.splitlines():
        m = _LINE.match(line)
        if m:
            rows.append((int(m[1]), int(m[2]), (len(m[3]) - 1) // 2, m[4]))
    return rows


def summarise_imports(rows: list[tuple[int, int, int, str]], top: int = 12) -> None:
    total = sum(r[0] for r in rows)
    by_pkg: dict[str, int] = defaultdict(int)
    count: dict[str, int] = defaultdict(int)
    for self_us, _cum, _depth, mod in rows:
        pkg = mod.split(".")[0]
        by_pkg[pkg] += self_us
        count[pkg] += 1
    print(f"  {len(rows)} modules imported, {total / 1e3:.0f} ms of import time in all (self sum)")
    print(f"  top {top} top-level packages by import time (self time summed over submodules):")
    for pkg, us in sorted(by_pkg.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {pkg:<22} {us / 1e3:7.1f} ms  {count[pkg]:4d} modules  {us / total:5.1%}")
    print("  heaviest single imports (cumulative, depth ≤ 1):")
    shallow = sorted((r for r in rows if r[2] <= 1), key=lambda r: -r[1])[:8]
    for _self, cum, depth, mod in shallow:
        print(f"    {'  ' * depth}{mod:<40} {cum / 1e3:7.1f} ms")
    print("  heaviest modules by their own import time (self):")
    for self_us, _cum, _depth, mod in sorted(rows, key=lambda r: -r[0])[:8]:
        print(f"    {mod:<40} {self_us / 1e3:7.1f} ms")
    mods = [r[3] for r in rows]

    def has(prefixes: tuple[str, ...]) -> bool:
        return any(m == p or m.startswith(p + ".") for m in mods for p in prefixes)

    flags = ", ".join(f"{name}: {'YES' if has(pre) else 'no'}" for name, pre in WATCH.items())
    print(f"  imported? {flags}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per figure (default 20)")
    args = ap.parse_args()
    machine_header("startup: whole-process start-up of reportgen")
    py, rg = sys.executable, project_exe("reportgen")
    seed = str(SEED)
    cases = {
        "python -c pass": [py, "-c", "pass"],
        "python -c 'import typer, pydantic'": [py, "-c", "import typer, pydantic"],
        "python -c 'import typer, pydantic, yaml'": [py, "-c", "import typer, pydantic, yaml"],
        "typer app, validate's parameters, no work": [
            py,
            str(Path(__file__).with_name("typer_floor.py")),
            "validate",
            seed,
        ],
        "reportgen --version": [rg, "--version"],
        "reportgen validate wuhai_2011.yaml": [rg, "validate", seed],
    }
    ms: dict[str, float] = {}
    for name, cmd in cases.items():
        ms[name] = time_command(cmd, args.repeat, warmup=2).median * 1e3
    base, bare = ms["python -c 'import typer, pydantic'"], ms["python -c pass"]
    width = max(len(k) for k in ms)
    print(f"\n## Whole-process wall time, ms (median of {args.repeat} runs, 2 warm-up runs)")
    print(f"{'command':<{width}} | {'ms':>7} | {'/ import typer,pydantic':>23} | {'/ pass':>7}")
    for name, v in ms.items():
        print(f"{name:<{width}} | {v:7.1f} | {ratio(v, base):>23} | {ratio(v, bare):>7}")

    print("\n## Target")
    q = ms["reportgen validate wuhai_2011.yaml"] / base
    print(
        f"  `reportgen validate one.yaml` ≤ 1.4× `import typer, pydantic`: {q:.2f}× — "
        f"{verdict(q <= 1.4)} (budget {1.4 * base:.0f} ms, spent "
        f"{ms['reportgen validate wuhai_2011.yaml']:.0f} ms)"
    )
    floor = ms["typer app, validate's parameters, no work"]
    print(
        f"  what bounds it: a typer app with validate's parameters that does nothing takes "
        f"{floor:.0f} ms = {floor / base:.2f}× (typer coerces parameters through pydantic); "
        f"reportgen's own share is {ms['reportgen validate wuhai_2011.yaml'] - floor:.0f} ms"
    )

    print("\n## Imports of `reportgen validate wuhai_2011.yaml` (python -X importtime)")
    summarise_imports(import_profile([rg, "validate", seed]))
    print("\n## Imports of `reportgen --version`")
    summarise_imports(import_profile([rg, "--version"]), top=6)


if __name__ == "__main__":
    main()
