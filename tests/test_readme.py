"""The README's sample output is what the tool prints (docs checked against the code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportgen.cli import app

from conftest import EXAMPLE, ROOT, mutate

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_sample_validate_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```text\n\$ reportgen validate wuhai_2011\.yaml\n(.*?)```", README, re.S)
    assert block, "README has no sample validate output"
    shown = block.group(1).splitlines()
    # The three edits the README describes.
    text = EXAMPLE.read_text(encoding="utf-8")
    text = mutate(text, "{name: 部门动态, count: 20}", "{name: 部门动态, count: 21}")
    text = mutate(
        text, "  date: 2012-04-28                         # 成文日期", "  date: 2011-04-28"
    )
    text = mutate(text, "随文上报，请审阅。", "随文上报,请审阅。")
    (tmp_path / "wuhai_2011.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(app, ["validate", "wuhai_2011.yaml"])
    assert r.exit_code == 1
    assert r.stdout.splitlines() == shown


def test_readme_commands_are_the_ci_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in README and "<!-- test-command -->" in ci
    assert "<!-- main-command -->" in README
