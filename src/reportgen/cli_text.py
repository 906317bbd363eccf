"""Chinese for the parts of --help and of usage errors that typer/click write in English.

Only the CLI imports this module. It touches typer through documented extension points
(custom command/group classes) and the rich help panel titles; anything it cannot find in
a typer version is left as it is rather than failing.
"""

from __future__ import annotations

import re
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "显示本帮助后退出。"

_PANEL_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEFAULT_STRING": "[缺省：{}]",
    "ABORTED_TEXT": "已中止。",
}


def install() -> None:
    """Chinese panel titles for typer's rich help (called when help is formatted)."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - rich is a dependency
        return
    for name, text in _PANEL_TITLES.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)


class _Localised:
    def format_help(self, ctx: Any, formatter: Any) -> Any:
        install()  # typer's rich help module costs ~0.1 s to import: only when help is shown
        return super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_help_option(self, ctx: Any) -> Any:
        opt = super().get_help_option(ctx)  # type: ignore[misc]
        if opt is not None:
            opt.help = HELP_TEXT
        return opt

    def get_usage(self, ctx: Any) -> str:
        usage: str = super().get_usage(ctx)  # type: ignore[misc]
        return (
            usage.replace("Usage:", "用法：", 1)
            .replace("[OPTIONS]", "[选项]")
            .replace("COMMAND [ARGS]...", "命令 [参数]...")
        )


class Group(_Localised, TyperGroup):
    pass


class Command(_Localised, TyperCommand):
    pass


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Missing option '?([^'.]+)'?\.?"), r"缺少必填选项 \1"),
    (re.compile(r"^Missing argument '?([^'.]+)'?\.?"), r"缺少参数 \1"),
    (re.compile(r"^Missing parameter:? ?(.*)"), r"缺少参数 \1"),
    (re.compile(r"^No such option: (\S+)(?: \(Possible options: (.*)\))?"), r"没有选项 \1"),
    (re.compile(r"^No such command '?([^'.]+)'?\.?"), r"没有命令“\1”"),
    (
        re.compile(
            r"^Invalid value for '?([^':]+)'?: (?:Value error, )?'?(.*?)'? is not one of (.*)\.$"
        ),
        r"选项 \1 的取值“\2”无效，可选：\3",
    ),
    (re.compile(r"^Invalid value for '?([^':]+)'?: (.*)"), r"选项 \1 的取值无效：\2"),
    (re.compile(r"^Option '?([^']+)'? requires an argument\.?"), r"选项 \1 后面需要给出取值"),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)"), r"多余的参数：\1"),
    (re.compile(r"^Got unexpected extra argument \((.*)\)"), r"多余的参数：\1"),
]


def usage_error_message(message: str) -> str:
    for pattern, zh in _PATTERNS:
        if pattern.match(message):
            return pattern.sub(zh, message, count=1)
    return message


def _hint(ctx: Any) -> str:
    path = getattr(ctx, "command_path", "reportgen") if ctx is not None else "reportgen"
    return f"用“{path} --help”查看用法。"


def describe_usage_error(exc: Any) -> str:
    msg = usage_error_message(exc.format_message())
    return f"{msg}\n{_hint(getattr(exc, 'ctx', None))}"


__all__ = ["Command", "Group", "describe_usage_error", "install", "typer"]
