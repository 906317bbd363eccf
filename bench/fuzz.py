"""Mutation fuzzing of reportgen: damage the example files at random, for a time budget.

Not a test: run it by hand and record the result in bench/FUZZ.md.

    python bench/fuzz.py                  # 120 s
    python bench/fuzz.py --seconds 300 --seed 7
    python bench/fuzz.py --cli-every 10   # run the console script on every 10th mutant

Each mutant is one to three random byte-, line- or token-level mutations of
examples/wuhai_2011.yaml or examples/national_2021_sample.yaml (or of an earlier mutant
that validated, to get past the syntax layer). Every mutant is

* validated in-process with `validate_file` (bytes: decoding, YAML, schema, rules) and,
  when the bytes are text, `validate_text` — any exception escaping the library, or a run
  over 10 s, is a finding; so is a diagnostic that is not located (line/column < 1), not
  on one line, or not Chinese;
* if valid, rendered to a temporary .docx with `render_file` — an exception, a missing or
  non-zip output, or a temporary file left behind is a finding;
* for a sample (and for every in-process finding), run through the console script with a
  10 s timeout — a traceback in its output, an exit code other than 0/1/2, an exit code
  that disagrees with the in-process result, "内部错误", or a hang is a finding.

Findings are grouped by signature (kind, exception type, innermost reportgen frame); the
first few mutants of each are saved with a README of how to reproduce them. Standard
library and the project only.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import contextlib
import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reportgen.render import OutputError, render_file  # noqa: E402
from reportgen.validate import FileResult, validate_file, validate_text  # noqa: E402

SEEDS = [ROOT / "examples" / "wuhai_2011.yaml", ROOT / "examples" / "national_2021_sample.yaml"]
SCRIPT = Path(sys.executable).parent / "reportgen"
HANG_SECONDS = 10
KEEP_PER_SIGNATURE = 3
_CJK = re.compile("[\u4e00-\u9fff]")

# Tokens a clerk (or an attacker) might put where a value was.
INTERESTING = [
    "~",
    "null",
    "true",
    "false",
    "yes",
    "-1",
    "0",
    "-0",
    "00",
    "1e400",
    "-1e400",
    ".inf",
    ".nan",
    "20.5",
    "1_000",
    "0o17",
    "0x1F",
    "0b101",
    "1:20",
    "2012-02-30",
    "2012-4-28",
    "9999-12-31",
    "2201-04-28",
    "0001-01-01",
    "二〇一一",
    "１２",
    str(10**30),
    "9" * 5000,
    "0x" + "f" * 4000,
    "0o" + "7" * 6000,
    "[]",
    "{}",
    "[[[]]]",
    "{a: {b: {c: 1}}}",
    '""',
    "''",
    '"',
    "'",
    "&a",
    "*a",
    "&a x",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "!x",
    "!!str",
    "|",
    ">",
    "|-",
    "- ",
    ": ",
    " #",
    "#",
    "%",
    "@",
    "`",
    "?",
    "\t",
    "{",
    "[",
    "]",
    "}",
    ",",
    "/",
    "／",
    "---",
    "...",
    '"\\x01"',
    '"\\ud800"',
    '"\\uFFFE"',
    '"\\e"',
    '"a\\nb"',
    "\u2028",
    "\u0085",
    "\ufeff",
    "\u3000",
    "\x00",
    "\x01",
    "\x7f",
    "\r",
    "\r\n",
    "<<: *a",
    "? ",
    "partition: false",
    "kind: other",
    "\\",
    "%YAML 1.2",
    "%TAG ! !",
    "😀",
]
INTERESTING_BYTES = [
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\r",
    b"\n",
    b"\t",
    b"\xe4\xb8",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\x80",
    b"\xe9",
    b"\x1b",
    b"\x7f",
]
_TOKEN = re.compile(r"[A-Za-z0-9_.+\-]+|[\u4e00-\u9fff]+|\S")


# ── mutations ─────────────────────────────────────────────────────────────────


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True) or [b""]


def m_flip_bit(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    if not raw:
        return raw, "flip(empty)"
    i = rng.randrange(len(raw))
    return raw[:i] + bytes([raw[i] ^ (1 << rng.randrange(8))]) + raw[i + 1 :], f"flip@{i}"


def m_byte(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(raw) + 1)
    b = rng.choice(INTERESTING_BYTES) if rng.random() < 0.6 else bytes([rng.randrange(256)])
    keep = rng.random() < 0.5
    return raw[:i] + b + raw[i + (0 if keep else len(b)) :], f"byte{'+' if keep else '='}{b!r}@{i}"


def m_delete_range(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    if not raw:
        return raw, "delete(empty)"
    i = rng.randrange(len(raw))
    n = rng.choice([1, 1, 2, 3, 8, 64, 512])
    return raw[:i] + raw[i + n :], f"delete{n}@{i}"


def m_duplicate_range(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    if not raw:
        return raw, "dup(empty)"
    i = rng.randrange(len(raw))
    n = rng.choice([1, 8, 64, 512, 4096])
    times = rng.choice([1, 2, 10, 100])
    return raw[:i] + raw[i : i + n] * times + raw[i:], f"dup{n}x{times}@{i}"


def m_truncate(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(raw) + 1)
    return raw[:i], f"truncate@{i}"


def m_line(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    lines = _lines(raw)
    i = rng.randrange(len(lines))
    op = rng.choice(["delete", "duplicate", "swap", "indent", "dedent", "move", "tab", "blank"])
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i] * rng.choice([1, 1, 5, 200]))
    elif op == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = b" " * rng.choice([1, 2, 4]) + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][rng.choice([1, 2, 4]) :] if lines[i].startswith(b" ") else lines[i]
    elif op == "move":
        line = lines.pop(i)
        lines.insert(rng.randrange(len(lines) + 1), line)
    elif op == "tab":
        lines[i] = b"\t" + lines[i].lstrip(b" ")
    else:
        lines[i] = b"\n"
    return b"".join(lines), f"line-{op}@{i + 1}"


def m_splice(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    other = _lines(rng.choice(SEED_BYTES))
    mine = _lines(raw)
    i, j = rng.randrange(len(mine) + 1), rng.randrange(len(other) + 1)
    n = rng.choice([1, 3, 10, 50])
    return b"".join(mine[:i] + other[j : j + n] + mine[i:]), f"splice{n}@{i + 1}"


def _as_text(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def m_token(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    text = _as_text(raw)
    if text is None:
        return m_byte(rng, raw)
    tokens = list(_TOKEN.finditer(text))
    if not tokens:
        return raw, "token(none)"
    t = rng.choice(tokens)
    new = rng.choice(INTERESTING)
    where = "=" if rng.random() < 0.7 else "+"
    s, e = (t.start(), t.end()) if where == "=" else (t.end(), t.end())
    out = text[:s] + new + text[e:]
    return out.encode("utf-8", "surrogatepass"), f"token{where}{new[:20]!r}@{t.group()[:12]!r}"


def m_number(rng: random.Random, raw: bytes) -> tuple[bytes, str]:
    """Change one number a little: keeps the file valid YAML, exercises the arithmetic."""
    text = _as_text(raw)
    nums = list(re.finditer(r"(?<![\w.])\d{1,6}(?![\w.])", text or ""))
    if text is None or not nums:
        return m_token(rng, raw)
    m = rng.choice(nums)
    new = str(max(0, int(m.group()) + rng.choice([-2, -1, 1, 2, 10, 1000])))
    return (text[: m.start()] + new + text[m.end() :]).encode(), f"number {m.group()}→{new}"


MUTATIONS = [
    (m_flip_bit, 1),
    (m_byte, 2),
    (m_delete_range, 2),
    (m_duplicate_range, 1),
    (m_truncate, 1),
    (m_line, 4),
    (m_splice, 1),
    (m_token, 6),
    (m_number, 4),
]
_OPS = [f for f, w in MUTATIONS for _ in range(w)]
SEED_BYTES = [p.read_bytes() for p in SEEDS]


# ── one mutant ────────────────────────────────────────────────────────────────


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Any:
    def fire(signum: int, frame: Any) -> None:
        raise Hang()

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Finding:
    kind: str
    detail: str
    signature: str
    ops: list[str]
    command: str
    data: bytes


def _where(exc: BaseException) -> str:
    """The innermost frame inside reportgen (else the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "reportgen" in f.filename]
    f = (ours or frames or [None])[-1]
    if f is None:
        return "?"
    return f"{Path(f.filename).name}:{f.lineno} {f.name}"


def _bad_diagnostics(result: FileResult) -> list[tuple[str, str]]:
    """(signature, detail) for each diagnostic that is not located, one-line and Chinese."""
    bad = []
    for d in result.diagnostics:
        shown = f"{d.line}:{d.column}: {d.code} {d.message}"
        if d.line < 1 or d.column < 1:
            bad.append((f"{d.code} not located", shown))
        elif "\n" in d.message or "\r" in d.message:
            bad.append((f"{d.code} message spans lines", shown))
        elif not _CJK.search(d.message):
            bad.append((f"{d.code} message not Chinese", shown))
    return bad


@dataclass
class Run:
    outcome: str  # valid | warnings | errors
    findings: list[Finding] = field(default_factory=list)


def check_in_process(raw: bytes, path: Path, ops: list[str], work: Path) -> Run:
    run = Run("errors")
    cmd = f"reportgen validate {path.name}"

    def found(kind: str, detail: str, sig: str, command: str = cmd) -> None:
        run.findings.append(Finding(kind, detail, f"{kind}|{sig}", ops, command, raw))

    result: FileResult | None = None
    try:
        with time_limit(HANG_SECONDS):
            result = validate_file(path)
    except Hang:
        found("hang", f"validate_file ran over {HANG_SECONDS} s", "validate_file")
    except Exception as exc:
        found(
            "exception",
            "".join(traceback.format_exception(exc))[-2500:],
            f"validate_file {type(exc).__name__} {_where(exc)}",
        )
    text = _as_text(raw)
    if text is not None:
        text = text.removeprefix("\ufeff")
        py = f'python -c \'from reportgen.validate import validate_text; validate_text(open("{path.name}", encoding="utf-8-sig").read())\''
        try:
            with time_limit(HANG_SECONDS):
                validate_text(text)
        except Hang:
            found("hang", f"validate_text ran over {HANG_SECONDS} s", "validate_text", py)
        except Exception as exc:
            found(
                "exception",
                "".join(traceback.format_exception(exc))[-2500:],
                f"validate_text {type(exc).__name__} {_where(exc)}",
                py,
            )
    if result is None:
        return run
    for sig, shown in _bad_diagnostics(result):
        found("bad-diagnostic", shown, sig)
    if not result.ok:
        return run
    run.outcome = "warnings" if result.diagnostics else "valid"
    out = work / "render-out" / "m.docx"
    out.parent.mkdir(exist_ok=True)
    rcmd = f"reportgen render {path.name} --docx out.docx"
    try:
        with time_limit(HANG_SECONDS * 3):
            rendered = render_file(path, out)
    except Hang:
        found("hang", "render_file ran over 30 s", "render_file", rcmd)
        return run
    except OutputError as exc:
        found("render-output-error", str(exc), "OutputError", rcmd)
        return run
    except Exception as exc:
        found(
            "render-crash",
            "".join(traceback.format_exception(exc))[-2500:],
            f"{type(exc).__name__} {_where(exc)}",
            rcmd,
        )
        return run
    left = sorted(p.name for p in out.parent.iterdir())
    if rendered.output != out or not zipfile.is_zipfile(out):
        found("render-bad-output", f"output {rendered.output}, files {left}", "output", rcmd)
    elif left != ["m.docx"]:
        found("render-temporary-left", f"files {left}", "temporary", rcmd)
    for p in out.parent.iterdir():
        p.unlink()
    return run


def check_cli(raw: bytes, ops: list[str], expected_exit: int | None, work: Path) -> list[Finding]:
    """The console script on a copy of the mutant (in its own folder: threads run this)."""
    folder = Path(tempfile.mkdtemp(prefix="cli-", dir=work))
    path = folder / "mutant.yaml"
    path.write_bytes(raw)
    out: list[Finding] = []
    args = ["validate", str(path)]
    cmd = f"reportgen validate {path.name}"
    try:
        r = subprocess.run(
            [str(SCRIPT), *args], capture_output=True, timeout=HANG_SECONDS, cwd=folder
        )
    except subprocess.TimeoutExpired:
        out.append(
            Finding("cli-hang", f"over {HANG_SECONDS} s", "cli-hang|validate", ops, cmd, raw)
        )
    else:
        said = (r.stdout + r.stderr).decode("utf-8", "replace")
        if "Traceback" in said:
            out.append(
                Finding(
                    "cli-traceback",
                    said[-2500:],
                    "cli-traceback|" + said.strip().splitlines()[-1][:120],
                    ops,
                    cmd,
                    raw,
                )
            )
        if r.returncode not in (0, 1, 2):
            out.append(
                Finding(
                    "cli-exit-code",
                    f"exit {r.returncode}\n{said[-1500:]}",
                    f"cli-exit|{r.returncode}",
                    ops,
                    cmd,
                    raw,
                )
            )
        elif "内部错误" in said:
            first = next(line for line in said.splitlines() if "内部错误" in line)
            sig = re.sub(r"\d+", "N", first)[:120]
            out.append(
                Finding("cli-internal-error", said[-1500:], f"cli-internal|{sig}", ops, cmd, raw)
            )
        elif expected_exit is not None and r.returncode != expected_exit:
            out.append(
                Finding(
                    "cli-exit-disagrees",
                    f"exit {r.returncode}, library says {expected_exit}\n{said[-1500:]}",
                    f"cli-disagree|{expected_exit}->{r.returncode}",
                    ops,
                    cmd,
                    raw,
                )
            )
    shutil.rmtree(folder, ignore_errors=True)
    return out


# ── the loop ──────────────────────────────────────────────────────────────────


def mutate(rng: random.Random, corpus: list[bytes]) -> tuple[bytes, list[str]]:
    base = rng.choice(SEED_BYTES) if rng.random() < 0.7 or not corpus else rng.choice(corpus)
    raw, ops = base, []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        raw, op = rng.choice(_OPS)(rng, raw)
        ops.append(op)
    return raw, ops


def save(findings: dict[str, list[Finding]], folder: Path) -> dict[str, Path]:
    where = {}
    for sig, items in findings.items():
        d = folder / hashlib.sha1(sig.encode()).hexdigest()[:10]
        d.mkdir(parents=True, exist_ok=True)
        for n, f in enumerate(items[:KEEP_PER_SIGNATURE]):
            (d / f"mutant{n}.yaml").write_bytes(f.data)
        f = items[0]
        (d / "README.txt").write_text(
            f"{f.kind}: {sig}\nmutations: {' ; '.join(f.ops)}\n"
            f"reproduce: cd {d} && {f.command.replace('m.yaml', 'mutant0.yaml').replace('mutant.yaml', 'mutant0.yaml')}\n\n{f.detail}\n",
            encoding="utf-8",
        )
        where[sig] = d
    return where


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=120, help="time budget (default 120)")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: from time)")
    ap.add_argument("--cli-every", type=int, default=25, help="console script on every Nth mutant")
    ap.add_argument("--out", type=Path, default=None, help="folder for reproducers")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    folder = args.out or Path(tempfile.mkdtemp(prefix="reportgen-fuzz-"))
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="work-", dir=folder))
    if not SCRIPT.exists():
        print(f"console script not found beside {sys.executable}; CLI sampling is off")

    counts: collections.Counter[str] = collections.Counter()
    findings: dict[str, list[Finding]] = collections.defaultdict(list)
    corpus: list[bytes] = []
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, (os.cpu_count() or 1)))
    pending: list[concurrent.futures.Future[list[Finding]]] = []
    cli_runs = 0
    start = time.monotonic()
    deadline = start + args.seconds
    n = 0
    mutant = work / "m.yaml"
    while time.monotonic() < deadline:
        n += 1
        raw, ops = mutate(rng, corpus)
        mutant.write_bytes(raw)
        run = check_in_process(raw, mutant, ops, work)
        counts[run.outcome] += 1
        for f in run.findings:
            counts[f.kind] += 1
            findings[f.signature].append(f)
        if run.outcome != "errors" and len(corpus) < 500 and raw not in SEED_BYTES:
            corpus.append(raw)
        wanted = 1 if run.outcome == "errors" else 0
        if SCRIPT.exists() and (n % args.cli_every == 0 or run.findings):
            pending = [p for p in pending if not p.done() or _collect(p, counts, findings)]
            if len(pending) < 4 * (os.cpu_count() or 1):
                expect = (
                    None if any(f.kind in ("exception", "hang") for f in run.findings) else wanted
                )
                pending.append(pool.submit(check_cli, raw, ops, expect, work))
                cli_runs += 1
    for p in pending:
        _collect(p, counts, findings)
    pool.shutdown()
    elapsed = time.monotonic() - start
    shutil.rmtree(work, ignore_errors=True)
    saved = save(findings, folder)

    print(
        f"reportgen fuzz: seed {seed}, budget {args.seconds:g} s, ran {elapsed:.0f} s, nproc {os.cpu_count()}"
    )
    print(f"mutants tried: {n} ({n / elapsed:.0f}/s); console-script runs: {cli_runs}")
    print(
        "outcomes (in-process): "
        + ", ".join(f"{k} {counts[k]}" for k in ("valid", "warnings", "errors"))
    )
    kinds = sorted(k for k in counts if k not in ("valid", "warnings", "errors"))
    print("findings: " + (", ".join(f"{k} {counts[k]}" for k in kinds) if kinds else "none"))
    for sig, items in sorted(findings.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(items):6d}× {sig}")
        print(f"          e.g. {' ; '.join(items[0].ops)[:150]}")
        print(f"          reproducer: {saved[sig]}/mutant0.yaml  ({items[0].command})")
    print(f"reproducers under {folder}")
    return 1 if findings else 0


def _collect(
    fut: concurrent.futures.Future[list[Finding]],
    counts: collections.Counter[str],
    findings: dict[str, list[Finding]],
) -> bool:
    for f in fut.result():
        counts[f.kind] += 1
        findings[f.signature].append(f)
    return False


if __name__ == "__main__":
    raise SystemExit(main())
