"""The diagnostic value type shared by every stage."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.codes import CODES, Severity

# A data path: keys and list indexes from the document root, e.g. ("report", "parts", 0).
DataPath = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Diagnostic:
    line: int
    column: int
    code: str
    message: str
    data_path: DataPath = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code}")
        # One diagnostic, one line: a quoted value's line breaks are shown as ⏎.
        if any(c in self.message for c in "\r\n"):
            one = self.message.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")
            object.__setattr__(self, "message", one)

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def format_path(path: DataPath) -> str:
    """Render a data path as `report.parts[0].heading` (used in JSON output)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a code, a message and the data path it is about.

    Rules know data, not files; the validator turns findings into located diagnostics
    through the source map.
    """

    code: str
    message: str
    data_path: DataPath
    key: bool = False  # locate at the key (e.g. an unknown key) rather than the value

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered diagnostic code {self.code}")
