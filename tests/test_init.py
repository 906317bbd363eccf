"""`reportgen init`: skeletons that validate, never overwriting a file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.validate import validate_file

runner = CliRunner()


@pytest.mark.parametrize(
    ("fmt", "year", "kind"),
    [
        ("national-2021", 2026, "other"),
        ("national-2021", 2026, "city_government"),
        ("national-2019", 2020, "other"),
        ("legacy-2008", 2011, "other"),
    ],
)
def test_skeleton_validates_as_is(tmp_path: Path, fmt: str, year: int, kind: str) -> None:
    out = tmp_path / "new.yaml"
    r = runner.invoke(
        app,
        [
            "init",
            str(out),
            "--agency",
            "某县水利局",
            "--year",
            str(year),
            "--format",
            fmt,
            "--agency-kind",
            kind,
        ],
    )
    assert r.exit_code == 0, r.output
    result = validate_file(out)
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["format"] == fmt and data["year"] == year and data["agency"] == "某县水利局"
    if fmt.startswith("national"):
        rows = yaml.safe_dump(data["table3"]) + yaml.safe_dump(data["table4"])
        numbers = [int(n) for n in rows.split() if n.lstrip("-").isdigit()]
        assert numbers and set(numbers) == {0}
        rules = data["table2"]["rules"]
        assert set(rules.values()) == ({0} if kind == "city_government" else {"/"})
    text = out.read_text(encoding="utf-8")
    assert "填写说明" in text and text.count("\n#") > 10


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    out.write_text("已填写的内容", encoding="utf-8")
    r = runner.invoke(app, ["init", str(out), "--agency", "某局", "--year", "2026"])
    assert r.exit_code == 2 and "已存在" in r.stderr
    assert out.read_text(encoding="utf-8") == "已填写的内容"


def test_init_checks_year_against_format(tmp_path: Path) -> None:
    r = runner.invoke(app, ["init", str(tmp_path / "x.yaml"), "--agency", "某局", "--year", "2015"])
    assert r.exit_code == 2 and "2021—2100" in r.stderr
    assert not (tmp_path / "x.yaml").exists()
