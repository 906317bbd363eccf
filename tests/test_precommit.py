"""The pre-commit hook this repository publishes, and its use on the repository itself."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT


def tracked_yaml() -> list[str]:
    files = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*.y*ml") if ".venv" not in p.parts]
    return sorted(f for f in files if not f.startswith((".git/", "build/")))


def test_published_hook_runs_the_console_script() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "reportgen-validate" and hook["language"] == "python"
    assert shlex.split(hook["entry"]) == ["reportgen", "validate"]
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    chosen = [f for f in tracked_yaml() if files.search(f) and not exclude.search(f)]
    assert "examples/wuhai_2011.yaml" in chosen
    assert not any(f.startswith("tests/cases/invalid/") for f in chosen)


def test_repository_hook_passes_on_its_own_files() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = config["repos"][0]["hooks"]
    pattern = re.compile(hook["files"])
    chosen = [f for f in tracked_yaml() if pattern.search(f)]
    assert {"examples/wuhai_2011.yaml", "examples/national_2021_sample.yaml"} <= set(chosen)
    assert any(f.startswith("tests/cases/valid/") for f in chosen)
    exe = Path(sys.executable).parent / shlex.split(hook["entry"])[0]
    r = subprocess.run(
        [str(exe), *shlex.split(hook["entry"])[1:], *chosen],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr
