"""A typer app whose one command takes the same parameters as `reportgen validate` and does
nothing: what any typer CLI of that shape costs to start (bench/startup.py times it).

typer (0.2x) coerces every non-flag parameter through a pydantic TypeAdapter, so a command
with parameters imports pydantic's validation machinery and builds adapters before it runs.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(add_completion=False)


class Fmt(StrEnum):
    text = "text"
    json = "json"


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(readable=False)],
    output_format: Annotated[Fmt, typer.Option("--format")] = Fmt.text,
    strict: Annotated[bool, typer.Option("--strict")] = False,
    previous: Annotated[Path | None, typer.Option("--previous")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1)] = None,
) -> None:
    pass


@app.command()
def other() -> None:
    pass


if __name__ == "__main__":
    app()
