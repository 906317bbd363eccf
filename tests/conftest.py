from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "wuhai_2011.yaml"


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


def mutate(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence (a test that edits nothing would prove nothing)."""
    assert text.count(old) >= 1, f"{old!r} not in the example"
    return text.replace(old, new, 1)
