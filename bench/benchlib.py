"""Shared helpers for the bench scripts: timing, per-process peak RSS, finding the comparison
tools, and the machine facts printed at the top of every run.

The comparison tools (check-jsonschema, docxtpl, pandoc) are not project dependencies. They
are looked for in the bench venv (`$BENCH_VENV`, default /tmp/benchvenv), then on PATH; when
one is missing the script prints a `skipped: ...` line saying how to install it.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "wuhai_2011.yaml"
NATIONAL = ROOT / "examples" / "national_2021_sample.yaml"
SCHEMA = ROOT / "schemas" / "report.schema.json"
BENCH_VENV = Path(os.environ.get("BENCH_VENV", "/tmp/benchvenv"))

HOW_VENV = (
    "python3 -m venv /tmp/benchvenv && /tmp/benchvenv/bin/pip install -r bench/requirements.txt"
)
HOW_PANDOC = "apt-get update && apt-get install -y pandoc"

# Child processes run with bytecode caching on, as an installed tool does (pip writes .pyc at
# install time), whatever this shell says (some set PYTHONDONTWRITEBYTECODE): the .pyc files
# go to a cache folder outside the source tree, filled by each measurement's warm-up run.
PYCACHE = Path(tempfile.gettempdir()) / "reportgen-bench-pycache"
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)


# ── timing ───────────────────────────────────────────────────────────────────


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def time_call(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Wall-clock seconds of `repeat` calls of `fn`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


# Each measured command runs under this tiny launcher (python -S -E, a few MiB), which times
# it and reads its rusage. Why not time and wait4 it from here directly: on Linux a child's
# ru_maxrss includes the memory of the process it was spawned from (the pre-exec address
# space is the parent's), so a child of this benchmark, which holds thousands of validated
# files' worth of heap, would report the benchmark's RSS rather than its own.
_LAUNCHER = """
import os, sys, time
t0 = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
print(wall, ru.ru_maxrss, ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status))
"""


@dataclass
class Runs:
    """Timed runs of one command: wall seconds, CPU seconds (user + system, the command
    and its waited-for children) and peak RSS in KiB (of the largest single process)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return median(self.wall)

    @property
    def cpu_median(self) -> float:
        return median(self.cpu)

    @property
    def peak_rss(self) -> int:
        return max(self.rss)


def run_once(cmd: Sequence[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Run `cmd` to completion: (wall seconds, peak RSS KiB, CPU seconds)."""
    launcher = [sys.executable, "-S", "-E", "-c", _LAUNCHER, *cmd]
    with tempfile.TemporaryFile() as err:
        r = subprocess.run(
            launcher, cwd=cwd, env=CHILD_ENV, stdout=subprocess.PIPE, stderr=err, check=False
        )
        wall, rss, cpu, code = r.stdout.split()
        if r.returncode != 0 or code != b"0":
            err.seek(0)
            tail = err.read()[-2000:].decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(cmd[:4])} ... exited {code.decode()}:\n{tail}")
    return float(wall), int(rss), float(cpu)


def time_command(cmd: Sequence[str], repeat: int, cwd: Path | None = None, warmup: int = 1) -> Runs:
    """`repeat` timed runs of `cmd`, after `warmup` untimed runs."""
    for _ in range(warmup):
        run_once(cmd, cwd)
    runs = Runs()
    for _ in range(repeat):
        wall, rss, cpu = run_once(cmd, cwd)
        runs.wall.append(wall)
        runs.rss.append(rss)
        runs.cpu.append(cpu)
    return runs


def gnu_time_rss(cmd: Sequence[str], cwd: Path | None = None) -> int | None:
    """Peak RSS (KiB) of one run of `cmd` as `/usr/bin/time -v` reports it, if available."""
    gnu_time = Path("/usr/bin/time")
    if not gnu_time.exists():
        return None
    r = subprocess.run(
        [str(gnu_time), "-v", *cmd],
        cwd=cwd,
        env=CHILD_ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    for line in r.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1])
    return None


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


# ── tools ────────────────────────────────────────────────────────────────────


def project_exe(name: str) -> str:
    """A console script of the project venv (beside the running interpreter), else PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        sys.exit(f"{name} not found: install the project first (see README.md)")
    return found


def find_tool(name: str) -> str | None:
    """A comparison tool's executable: in the bench venv, else on PATH."""
    in_venv = BENCH_VENV / "bin" / name
    if in_venv.exists():
        return str(in_venv)
    return shutil.which(name)


def bench_python(module: str) -> str | None:
    """The bench venv's interpreter, if it can import `module`."""
    py = BENCH_VENV / "bin" / "python"
    if not py.exists():
        return None
    r = subprocess.run(
        [str(py), "-c", f"import {module}"], env=CHILD_ENV, capture_output=True, check=False
    )
    return str(py) if r.returncode == 0 else None


def skipped(what: str, how: str) -> None:
    print(f"skipped: {what} not installed (install: {how})")


# ── machine ──────────────────────────────────────────────────────────────────


def _output(cmd: Sequence[str]) -> str:
    """What `cmd` prints, or "" when it cannot run (no git, no free: not fatal)."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def _first_line(cmd: Sequence[str]) -> str:
    out = _output(cmd)
    return out.splitlines()[0] if out else "?"


def machine_header(title: str) -> None:
    """What, when and where: printed first by every script, copied into bench/README.md."""
    now = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    mem_line = next((x for x in _output(["free", "-h"]).splitlines() if x.startswith("Mem:")), "")
    mem = mem_line.split()[1] + " RAM" if mem_line else "? RAM"
    print(f"# {title}")
    print(
        f"# {now}; {os.cpu_count()} CPUs (nproc {_first_line(['nproc'])}), {mem}; "
        f"Python {platform.python_version()} ({sys.executable}); {platform.platform()}"
    )
    rev = _first_line(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    dirty = _output(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"])
    print(f"# reportgen at {rev}" + (" (src/ has uncommitted changes)" if dirty else ""))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# load average at start: {load} (other work on the machine skews the figures)")
    print(f"# child processes: PYTHONPYCACHEPREFIX={PYCACHE} (bytecode cached, as installed)")
