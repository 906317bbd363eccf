"""Data-driven cases: every tests/cases/valid/*.yaml validates clean; every
tests/cases/invalid/NAME.yaml yields exactly the diagnostics NAME.expected lists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.codes import Severity, severity_of
from reportgen.validate import validate_file

CASES = Path(__file__).parent / "cases"
VALID = sorted((CASES / "valid").glob("*.yaml"))
INVALID = sorted((CASES / "invalid").glob("*.yaml"))
_LINE = re.compile(r"^(\d+):(\d+): (RG\d{3})(?: (.*))?$")


def expected_of(case: Path) -> list[tuple[int, int, str, str]]:
    exp = case.with_suffix(".expected")
    assert exp.exists(), f"{case.name} has no {exp.name}"
    out = []
    for raw in exp.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        m = _LINE.match(raw)
        assert m, f"{exp.name}: bad line {raw!r}"
        out.append((int(m[1]), int(m[2]), m[3], m[4] or ""))
    assert out, f"{exp.name} lists no diagnostic"
    return out


def test_cases_exist() -> None:
    assert VALID and INVALID


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.stem)
def test_valid_case(case: Path) -> None:
    result = validate_file(case)
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    assert result.document is not None


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.stem)
def test_invalid_case(case: Path) -> None:
    result = validate_file(case)
    got = sorted((d.line, d.column, d.code, d.message) for d in result.diagnostics)
    want = sorted(expected_of(case))
    assert [g[:3] for g in got] == [w[:3] for w in want], "\n".join(
        f"{g[0]}:{g[1]}: {g[2]} {g[3]}" for g in got
    )
    for g, w in zip(got, want, strict=True):
        assert w[3] in g[3], f"{w[3]!r} not in {g[3]!r}"
    if any(severity_of(w[2]) is Severity.ERROR for w in want):
        assert not result.ok and result.document is None
    else:  # advice only: the file still passes (without --strict)
        assert result.ok and result.document is not None
