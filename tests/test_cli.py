"""The command line, through typer's CliRunner and once through the installed script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen import __version__
from reportgen.cli import app

from conftest import EXAMPLE, ROOT, mutate

runner = CliRunner()


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.fixture
def broken(tmp_path: Path, example_text: str) -> Path:
    p = tmp_path / "broken.yaml"
    p.write_text(mutate(example_text, "count: 20}", "count: 21}"), encoding="utf-8")
    return p


def test_version() -> None:
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"reportgen {__version__}"


def test_validate_example() -> None:
    r = run("validate", str(EXAMPLE))
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "1 个文件，0 个错误，0 个警告"


def test_validate_broken(broken: Path) -> None:
    r = run("validate", str(broken))
    assert r.exit_code == 1
    first, summary = r.stdout.strip().splitlines()
    assert first.startswith(f"{broken}:")
    loc, _, rest = first.partition(": ")
    _, line, col = loc.rsplit(":", 2)
    assert line.isdigit() and col.isdigit()
    assert rest.startswith("RG201 ") and "77" in rest and "76" in rest
    assert summary == "1 个文件，1 个错误，0 个警告"


def test_directory_checks_every_file(tmp_path: Path, broken: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "a.yml")
    (tmp_path / "notes.txt").write_text("not a report")
    r = run("validate", str(tmp_path))
    assert r.exit_code == 1
    assert r.stdout.strip().splitlines()[-1] == "2 个文件，1 个错误，0 个警告"


def test_json_format(broken: Path) -> None:
    r = run("validate", "--format", "json", str(EXAMPLE), str(broken))
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert [f["ok"] for f in doc["files"]] == [True, False]
    (d,) = doc["files"][1]["diagnostics"]
    assert set(d) == {"line", "column", "code", "severity", "message", "data_path"}
    assert d["code"] == "RG201" and d["severity"] == "error"
    assert d["data_path"] == "report.parts[1].paragraphs[0].figures.total"
    assert doc["summary"]["errors"] == 1


def test_github_format(broken: Path) -> None:
    r = run("validate", "--format", "github", str(broken))
    assert r.exit_code == 1
    line = r.stdout.splitlines()[0]
    assert line.startswith(f"::error file={broken},line=") and ",title=RG201::" in line


def test_strict_turns_warnings_into_failure(tmp_path: Path, example_text: str) -> None:
    p = tmp_path / "w.yaml"
    p.write_text(mutate(example_text, "随文上报，请审阅。", "随文上报,请审阅。"), encoding="utf-8")
    assert run("validate", str(p)).exit_code == 0
    assert run("validate", "--strict", str(p)).exit_code == 1


def test_missing_path_exits_2(tmp_path: Path) -> None:
    r = run("validate", str(tmp_path / "nope.yaml"))
    assert r.exit_code == 2
    assert "找不到" in r.stderr and r.stdout == ""


def test_render_writes_docx(tmp_path: Path) -> None:
    out = tmp_path / "seed.docx"
    r = run("render", str(EXAMPLE), "--docx", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:2] == b"PK"
    assert "gb9704-1999" in r.stdout


def test_render_refuses_broken_input(tmp_path: Path, broken: Path) -> None:
    out = tmp_path / "seed.docx"
    r = run("render", str(broken), "--docx", str(out))
    assert r.exit_code == 1
    assert "RG201" in r.stdout and "未生成" in r.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "args",
    [
        ("render", "missing.yaml", "--docx", "x.docx"),
        ("render", str(EXAMPLE)),
        ("render", str(EXAMPLE), "--docx", "/nonexistent-dir/x.docx"),
        ("render", str(EXAMPLE), "--docx", str(EXAMPLE.parent)),
        ("validate", "--format", "xml", str(EXAMPLE)),
        ("validate", "--bogus", str(EXAMPLE)),
        ("frobnicate",),
    ],
)
def test_usage_problems_exit_2_in_chinese(args: tuple[str, ...]) -> None:
    r = run(*args)
    # CliRunner bypasses main(); usage errors surface as click's exit code 2 all the same.
    assert r.exit_code == 2, r.output


def test_schema_command_matches_committed_file() -> None:
    r = run("schema")
    assert r.exit_code == 0
    committed = (ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8")
    assert r.stdout == committed, (
        "schemas/report.schema.json is stale: run `reportgen schema -o schemas/report.schema.json`"
    )


# ── the installed console script, as a user runs it ─────────────────────────


def script() -> str:
    """The console script installed beside this interpreter (the venv's bin/)."""
    beside = Path(sys.executable).parent / "reportgen"
    if beside.exists():
        return str(beside)
    path = shutil.which("reportgen")
    if path is None:
        pytest.fail("the reportgen console script is not installed")
    return path


def test_console_script_end_to_end(tmp_path: Path, broken: Path) -> None:
    ok = subprocess.run([script(), "validate", str(EXAMPLE)], capture_output=True, text=True)
    assert ok.returncode == 0 and "0 个错误" in ok.stdout
    bad = subprocess.run([script(), "validate", str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1 and "RG201" in bad.stdout
    out = tmp_path / "o.docx"
    r = subprocess.run(
        [script(), "render", str(EXAMPLE), "--docx", str(out)], capture_output=True, text=True
    )
    assert r.returncode == 0 and out.exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["validate", "--format", "xml", "x"], "取值“xml”无效"),
        (["validate", "--bogus", "x"], "没有选项 --bogus"),
        (["render", "x.yaml"], "请用 --docx（或 --pdf）给出输出文件，或用 --out-dir"),
        (["frobnicate"], "没有命令“frobnicate”"),
        (["validate", "nope.yaml"], "找不到“nope.yaml”"),
    ],
)
def test_console_script_usage_errors(args: list[str], fragment: str) -> None:
    r = subprocess.run([script(), *args], capture_output=True, text=True)
    assert r.returncode == 2
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr + r.stdout


def test_console_script_help_is_chinese() -> None:
    r = subprocess.run([script(), "validate", "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    assert "用法" in r.stdout and "显示本帮助后退出" in r.stdout
    assert "Show this message" not in r.stdout


def test_batch_render(tmp_path: Path, broken: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(EXAMPLE, src / "a.yaml")
    shutil.copy(ROOT / "examples" / "national_2021_sample.yaml", src / "b.yml")
    shutil.copy(broken, src / "c.yaml")
    out = tmp_path / "out"
    out.mkdir()
    r = run("render", str(src), "--out-dir", str(out))
    assert r.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["a.docx", "b.docx"]
    assert "RG201" in r.stdout and "1 个文件有错误" in r.stderr


def _batch_sources(folder: Path, broken: Path, n: int = 10) -> None:
    folder.mkdir()
    national = ROOT / "examples" / "national_2021_sample.yaml"
    for i in range(n):
        shutil.copy(broken if i == 3 else (EXAMPLE, national)[i % 2], folder / f"f{i:02d}.yaml")


def test_batch_render_on_two_processes_writes_what_one_does(tmp_path: Path, broken: Path) -> None:
    from reportgen.render import PARALLEL_AFTER

    _batch_sources(tmp_path / "in", broken, n=max(10, PARALLEL_AFTER))
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        out.mkdir()
        r = run("render", str(tmp_path / "in"), "--out-dir", str(out), "--jobs", jobs)
        assert r.exit_code == 1 and "1 个文件有错误" in r.stderr
        outputs[jobs] = (out, r.stdout.replace(str(out), "OUT"))
    (out1, stdout1), (out2, stdout2) = outputs["1"], outputs["2"]
    names = sorted(p.name for p in out1.iterdir())
    assert len(names) == max(10, PARALLEL_AFTER) - 1 and "f03.docx" not in names
    assert sorted(p.name for p in out2.iterdir()) == names
    for name in names:
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name
    assert stdout2 == stdout1  # the same lines in the same order
    assert stdout1.index("f00.docx") < stdout1.index("RG201") < stdout1.index("f04.docx")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_stops_at_an_output_it_cannot_write(tmp_path: Path, broken: Path, jobs: str) -> None:
    _batch_sources(tmp_path / "in", broken)
    out = tmp_path / "out"
    out.mkdir()
    (out / "f05.docx").mkdir()  # in the way of the sixth document
    r = run("render", str(tmp_path / "in"), "--out-dir", str(out), "--jobs", jobs)
    assert r.exit_code == 2 and "f05.docx" in r.stderr
    written = {p.name for p in out.iterdir()}
    assert {"f00.docx", "f01.docx", "f02.docx", "f04.docx"} <= written
    assert (out / "f05.docx").is_dir() and not list((out / "f05.docx").iterdir())
    assert all(name.endswith(".docx") for name in written)  # no temporary files left


@pytest.mark.parametrize(
    "extra",
    [
        (),  # neither --docx nor --out-dir
        ("--docx", "x.docx", "--out-dir", "."),
    ],
)
def test_render_needs_exactly_one_output(extra: tuple[str, ...]) -> None:
    r = run("render", str(EXAMPLE), *extra)
    assert r.exit_code == 2 and "二者选一" in r.stderr


def test_batch_refuses_clashing_names(tmp_path: Path) -> None:
    for d in ("x", "y"):
        (tmp_path / d).mkdir()
        shutil.copy(EXAMPLE, tmp_path / d / "same.yaml")
    out = tmp_path / "out"
    out.mkdir()
    r = run("render", str(tmp_path / "x"), str(tmp_path / "y"), "--out-dir", str(out))
    assert r.exit_code == 2 and "同一个输出文件" in r.stderr
    assert list(out.iterdir()) == []


def test_empty_folder_is_not_a_pass(tmp_path: Path) -> None:
    r = run("validate", str(tmp_path))
    assert r.exit_code == 2 and "未检查任何文件" in r.stderr


def test_null_heading_is_empty_text(tmp_path: Path, example_text: str) -> None:
    p = tmp_path / "e.yaml"
    p.write_text(mutate(example_text, "heading: 概述", "heading:"), encoding="utf-8")
    r = run("validate", str(p))
    assert r.exit_code == 1 and " RG107 " in r.stdout


def test_progress_bar_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportgen import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    items = list(range(cli.PROGRESS_AFTER))
    assert list(cli._progress(iter(items), len(items))) == items
    assert "检查中" in capsys.readouterr().err


@pytest.mark.parametrize("tty", [True, False])
def test_progress_passes_items_on_as_they_come(monkeypatch: pytest.MonkeyPatch, tty: bool) -> None:
    # Streaming is what keeps memory flat: the first result must be out before the last
    # one is asked for.
    from reportgen import cli

    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: tty, raising=False)
    taken: list[int] = []

    def source() -> Iterator[int]:
        for i in range(cli.PROGRESS_AFTER):
            taken.append(i)
            yield i

    stream = cli._progress(source(), cli.PROGRESS_AFTER)
    assert next(stream) == 0
    assert taken == [0]
    assert list(stream) == list(range(1, cli.PROGRESS_AFTER))


def _on_a_terminal(args: list[str]) -> str:
    """Run the CLI with stdout and stderr on one pseudo-terminal; what the terminal got."""
    import os

    master, slave = os.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reportgen", *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=slave,
            env=env,
        )
    finally:
        os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=120) == 1
    return b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_lines_print_above_the_progress_bar(tmp_path: Path) -> None:
    # Results are printed while the bar runs; each line must start on a cleared line, not
    # be written after the bar's text (as when two consoles shared the terminal).
    import re

    seed = EXAMPLE.read_text(encoding="utf-8")
    broken = {5, 40}
    for i in range(60):
        text = seed.replace("year: 2011", "year: 1999") if i in broken else seed
        (tmp_path / f"r{i:02d}.yaml").write_text(text, encoding="utf-8")
    screen = _on_a_terminal(["validate", str(tmp_path)])
    assert "检查中" in screen, "no progress bar was drawn"
    for i in broken:
        at = screen.index(f"r{i:02d}.yaml:")
        line_start = max(screen.rfind("\n", 0, at), screen.rfind("\r", 0, at)) + 1
        before = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen[line_start:at])
        assert before.strip() in ("", str(tmp_path) + "/"), repr(screen[line_start:at])
    assert "60 个文件，2 个错误，0 个警告" in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)


def test_no_progress_bar_when_piped(capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen import cli

    items = list(range(cli.PROGRESS_AFTER))
    assert list(cli._progress(iter(items), len(items))) == items
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "command", [["validate", str(EXAMPLE)], ["render", str(EXAMPLE), "--out-dir", "."]]
)
def test_jobs_must_be_a_positive_number(command: list[str]) -> None:
    r = run(*command, "--jobs", "0")
    assert r.exit_code == 2 and "--jobs 应为正整数（进程数），实际为 0" in r.stderr
    assert "x>=1" not in run(command[0], "--help").stdout
