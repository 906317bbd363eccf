"""The command line: parse options, call the library, pick a reporter, return an exit code."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from reportgen import __version__, cli_text
from reportgen.layout import LayoutName  # plain data, cheap to import

if TYPE_CHECKING:
    from reportgen.printing.pages import Line, Page
    from reportgen.validate import Previous

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
T = TypeVar("T")

app = typer.Typer(
    name="reportgen",
    help="政府信息公开工作年度报告编译工具：检查数据文件，生成符合GB/T 9704的公文（.docx）。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=cli_text.Group,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def _fail(message: str) -> NoReturn:
    typer.echo(f"reportgen：{message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reportgen {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本号后退出。"),
    ] = False,
) -> None:
    """政府信息公开工作年度报告编译工具。"""


def _use_colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


class _Out:
    """What a command prints on stdout as it goes. On a terminal it all goes through one rich
    console (coloured unless NO_COLOR or TERM=dumb), which a progress bar then shares, so
    the lines appear above the bar; elsewhere (a file, a pipe) it is plain text."""

    def __init__(self) -> None:
        self.console: Any = None
        self._colour = _use_colour()
        if sys.stdout.isatty():
            from rich.console import Console

            self.console = Console(
                highlight=False,
                soft_wrap=True,
                emoji=False,
                color_system="auto" if self._colour else None,
            )

    def line(self, text: str) -> None:
        if self.console is None:
            typer.echo(text)
        else:
            self.console.out(text, highlight=False)

    def diagnostic(self, line: str) -> None:
        if not self._colour or self.console is None:
            self.line(line)
            return
        from rich.markup import escape

        loc, _, rest = line.partition(": ")
        code, _, msg = rest.partition(" ")
        style = "red" if code and code[2] in "0123" else "yellow"
        self.console.print(f"[bold]{escape(loc)}:[/] [{style}]{escape(code)}[/] {escape(msg)}")

    def summary(self, line: str) -> None:
        if not self._colour or self.console is None:
            self.line(line)
            return
        from rich.markup import escape

        self.console.print(f"[bold]{escape(line)}[/]")


def _print_text(lines: list[str]) -> None:
    """A finished text report: diagnostic lines, then the summary line."""
    if not lines:
        return
    out = _Out()
    for line in lines[:-1]:
        out.diagnostic(line)
    out.summary(lines[-1])


PROGRESS_AFTER = 50  # files; fewer finish before a bar would be worth drawing


def _progress(
    items: Iterable[T], total: int, what: str = "检查中", out: _Out | None = None
) -> Generator[T, None, None]:
    """Pass `items` on as they come, with a progress bar for long runs when stderr is a
    terminal. The bar is drawn by `out`'s console when stdout is the terminal too (so what
    `out` prints meanwhile appears above it), else on stderr; stdout is never redirected."""
    if total < PROGRESS_AFTER or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    console = out.console if out is not None and out.console is not None else None
    bar = Progress(
        console=console or Console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(what, total=total)
        for item in items:
            yield item
            bar.advance(task)


def _jobs_option(what: str) -> Any:
    """`--jobs/-j` for a command that works on many files (see `_check_jobs`)."""
    return typer.Option(
        "--jobs",
        "-j",
        help=f"{what}；缺省为处理器核数（文件较多时才启用多进程）。",
        metavar="进程数",
        show_default=False,
    )


def _check_jobs(jobs: int | None) -> None:
    # Checked here rather than by typer's range, whose help shows "[x>=1]" in English.
    if jobs is not None and jobs < 1:
        _fail(f"--jobs 应为正整数（进程数），实际为 {jobs}")


@app.command("validate", cls=cli_text.Command)
def validate_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="要检查的数据文件或文件夹（文件夹内所有 .yaml/.yml 文件）。",
            show_default=False,
            metavar="路径...",
            readable=False,  # an unreadable file is a located RG001, not a usage error
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", help="输出格式：text 文字，json 机器可读，github 工作流注释。"),
    ] = OutputFormat.text,
    strict: Annotated[
        bool, typer.Option("--strict", help="有警告也判为不通过（退出码1）。")
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="上一年度的报告数据文件，用于核对上年结转数等跨年度关系。",
            show_default=False,
            metavar="上年文件",
        ),
    ] = None,
    jobs: Annotated[int | None, _jobs_option("同时检查的进程数")] = None,
) -> None:
    """检查数据文件：结构、数字合计、日期和文字规范。

    示例：reportgen validate examples/wuhai_2011.yaml

    退出码：0 全部通过；1 发现错误（或 --strict 时发现警告）；2 命令无法执行。
    """
    from reportgen import reporters
    from reportgen.validate import MissingPath, expand_paths, validate_many

    _check_jobs(jobs)
    try:
        # Names, not Path objects: a tenth of the memory for a run over thousands of files.
        files = [str(f) for f in expand_paths(paths)]
    except MissingPath as exc:
        _fail(f"找不到“{exc.path}”")
    if not files:
        _fail("给出的文件夹中没有 .yaml/.yml 数据文件，未检查任何文件")
    prev = _load_previous(previous)
    # Results are printed as they come and then dropped: memory stays flat in the number of
    # files. Only the tally is kept.
    out = _Out()
    results = _progress(validate_many(files, prev, jobs), len(files), out=out)
    tally = reporters.Tally()
    if output_format is OutputFormat.json:
        for line in reporters.json_lines(results, tally):
            out.line(line)
    elif output_format is OutputFormat.github:
        for result in results:
            for line in reporters.github_lines(tally.add(result)):
                out.line(line)
        out.line(reporters.summary_line(tally))
    else:
        for result in results:
            for line in reporters.text_lines(tally.add(result)):
                out.diagnostic(line)
        out.summary(reporters.summary_line(tally))
    raise typer.Exit(EXIT_FINDINGS if tally.failed(strict=strict) else EXIT_OK)


def _load_previous(path: Path | None) -> Previous | None:
    from reportgen.validate import Previous

    if path is None:
        return None
    if not path.is_file():
        _fail(f"找不到上年报告“{path}”")
    return Previous.load(path)


@app.command("render", cls=cli_text.Command)
def render_cmd(
    sources: Annotated[
        list[Path],
        typer.Argument(
            help="报告数据文件（.yaml）；配合 --out-dir 时可给多个文件或文件夹。",
            show_default=False,
            metavar="数据文件...",
            readable=False,
        ),
    ],
    docx: Annotated[
        Path | None,
        typer.Option(
            "--docx", help="输出的 .docx 文件路径（单个数据文件时）。", show_default=False
        ),
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf",
            help="同时（或只）输出 PDF：用 LibreOffice 转换，需安装 libreoffice-writer-nogui。",
            show_default=False,
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            help="批量输出的文件夹：每个数据文件生成同名 .docx。",
            show_default=False,
        ),
    ] = None,
    layout: Annotated[
        LayoutName | None,
        typer.Option(
            "--layout",
            help="公文格式标准。缺省时按成文日期选择：2012年7月1日以前用 gb9704-1999，以后用 gb9704-2012。",
            show_default=False,
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="上一年度的报告数据文件，用于核对跨年度关系（单个数据文件时）。",
            show_default=False,
            metavar="上年文件",
        ),
    ] = None,
    jobs: Annotated[int | None, _jobs_option("批量生成时同时工作的进程数")] = None,
) -> None:
    """先检查数据文件，无错误时生成公文 .docx；有错误时不写任何文件。

    示例：reportgen render examples/wuhai_2011.yaml --docx 乌海市经信委2011年报.docx

    批量：reportgen render 各单位报告/ --out-dir 公文/
    """
    from reportgen import reporters
    from reportgen.printing import PrintingError
    from reportgen.render import OutputError, RenderResult, render_file, render_many
    from reportgen.validate import MissingPath, expand_paths

    _check_jobs(jobs)
    single = docx is not None or pdf is not None
    if single == (out_dir is not None):
        _fail(
            "请用 --docx（或 --pdf）给出输出文件，或用 --out-dir 给出批量输出的文件夹（二者选一）"
        )
    try:
        files = list(expand_paths(sources))
    except MissingPath as exc:
        _fail(f"找不到数据文件“{exc.path}”")
    if not files:
        _fail("给出的文件夹中没有 .yaml/.yml 数据文件")
    chosen = layout
    if single:
        if len(files) != 1:
            _fail("--docx 和 --pdf 只能用于一个数据文件；多个文件请用 --out-dir")
        targets: list[Path | None] = [docx]
    else:
        assert out_dir is not None
        if not out_dir.is_dir():
            _fail(f"输出文件夹“{out_dir}”不存在")
        if previous is not None and len(files) > 1:
            _fail("--previous 只能用于一个数据文件")
        targets = [out_dir / f"{f.stem}.docx" for f in files]
        clash = {str(t) for t, n in Counter(targets).items() if n > 1}
        if clash:
            _fail(f"多个数据文件会生成同一个输出文件：{'、'.join(sorted(clash))}")
    prev = _load_previous(previous)

    def results() -> Iterator[RenderResult]:
        if single:
            yield render_file(files[0], targets[0], chosen, previous=prev, pdf=pdf)
        else:
            batch: list[tuple[Path, Path]] = []
            for source, target in zip(files, targets, strict=True):
                assert target is not None  # every batch file has one (out_dir / stem)
                batch.append((source, target))
            yield from render_many(batch, chosen, jobs)

    # Each file's lines are printed as it is done and its result dropped, so a batch of
    # thousands holds one document at a time.
    tally = reporters.Tally()
    out = _Out()
    failed = 0
    stopped: str | None = None
    stream = _progress(results(), len(files), "生成中", out)
    try:
        for r in stream:
            lines = reporters.text_lines(tally.add(r.validation))
            for line in lines:
                out.diagnostic(line)
            if single and lines:
                out.summary(reporters.summary_line(tally))
            if r.layout is None:
                failed += 1
                continue
            for path in (r.output, r.pdf):
                if path is not None:
                    out.line(f"已生成 {path}（版式 {r.layout.value}）")
            for asked, used in r.substitutions:
                out.line(f"字体替换：{asked} → {used}")
    except (OutputError, PrintingError) as exc:
        stopped = str(exc)
    if stopped is not None:
        stream.close()  # the progress bar goes before the message comes
        _fail(stopped)
    if not single:
        out.summary(reporters.summary_line(tally))
    if failed:
        typer.echo(
            "有错误，未生成文件。" if single else f"{failed} 个文件有错误，未生成。",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


@app.command("preview", cls=cli_text.Command)
def preview_cmd(
    source: Annotated[
        Path,
        typer.Argument(
            help="报告数据文件（.yaml）。", show_default=False, metavar="数据文件", readable=False
        ),
    ],
    png: Annotated[
        Path,
        typer.Option("--png", help="存放页面图片的文件夹（每页一个 PNG）。", show_default=False),
    ],
    dpi: Annotated[
        int, typer.Option("--dpi", help="图片分辨率（每英寸点数）。", min=30, max=300)
    ] = 80,
    layout: Annotated[
        LayoutName | None,
        typer.Option("--layout", help="公文格式标准，缺省时按成文日期选择。", show_default=False),
    ] = None,
) -> None:
    """生成公文并把每一页转成 PNG 图片，不用打开办公软件即可查看版面；同时列出每页的内容概要。

    示例：reportgen preview examples/wuhai_2011.yaml --png 预览/
    """
    import tempfile

    from reportgen import reporters
    from reportgen.printing import PrintingError
    from reportgen.printing.pages import read_pages
    from reportgen.printing.preview import pdf_to_pngs, summarise
    from reportgen.render import OutputError, render_file

    if not source.is_file():
        _fail(f"找不到数据文件“{source}”")
    if not png.is_dir():
        _fail(f"图片文件夹“{png}”不存在，请先建立")
    with tempfile.TemporaryDirectory(prefix="reportgen-") as tmp:
        pdf = Path(tmp) / f"{source.stem}.pdf"
        try:
            result = render_file(source, None, layout, pdf=pdf)
            if result.pdf is None:
                _print_text(reporters.text_report([result.validation]))
                typer.echo("有错误，未生成预览。", err=True)
                raise typer.Exit(EXIT_FINDINGS)
            images = pdf_to_pngs(pdf, png, dpi=dpi)
            lines = summarise(read_pages(pdf))
        except (OutputError, PrintingError) as exc:
            _fail(str(exc))
    for line in lines:
        typer.echo(line)
    typer.echo(f"共 {len(images)} 页，图片在 {png}（{images[0].name} 起）")


@app.command("check-print", cls=cli_text.Command)
def check_print_cmd(
    pdf: Annotated[
        Path,
        typer.Argument(
            help="要检查的 PDF 文件。", show_default=False, metavar="PDF文件", readable=False
        ),
    ],
    layout: Annotated[
        LayoutName | None,
        typer.Option(
            "--layout",
            help="按哪一版标准检查；缺省时有主题词按1999版，否则按2012版。",
            show_default=False,
        ),
    ] = None,
    docx: Annotated[
        Path | None,
        typer.Option(
            "--docx",
            help="生成该 PDF 的 .docx（用于识别表格，表格内文字不按正文行检查）。",
            show_default=False,
        ),
    ] = None,
) -> None:
    """检查印出的版面：A4纸、版心位置、每页22行每行28字、页码位置、版记位置、标题不落页尾等。

    示例：reportgen check-print 公文.pdf

    退出码：0 版面符合要求；1 发现问题；2 无法检查（文件不存在、不是PDF、未安装 poppler-utils）。
    """
    from reportgen.layout import PROFILES
    from reportgen.printing import PrintingError
    from reportgen.printing.pages import check_pages, guess_layout, read_pages

    if not pdf.is_file():
        _fail(f"找不到“{pdf}”")
    try:
        pages = read_pages(pdf)
        name = layout or guess_layout(pages)
        findings = check_pages(pages, PROFILES[name], ignore=_table_ignore(docx))
    except PrintingError as exc:
        _fail(str(exc))
    for f in findings:
        typer.echo(f"{pdf}:{f}")
    typer.echo(f"{len(pages)} 页，{len(findings)} 处版面问题（按 {name.value} 检查）")
    raise typer.Exit(EXIT_FINDINGS if findings else EXIT_OK)


def _table_ignore(docx: Path | None) -> Callable[[Page, Line], bool] | None:
    """The table-aware ignore rule for check-print (None without a .docx)."""
    if docx is None:
        return None
    if not docx.is_file():
        _fail(f"找不到“{docx}”")

    from reportgen.printing.pages import ignore_tables

    return ignore_tables(docx)


class FormatOption(StrEnum):
    legacy = "legacy-2008"
    national2021 = "national-2021"
    national2019 = "national-2019"


class AgencyKindOption(StrEnum):
    state_council_department = "state_council_department"
    provincial_government = "provincial_government"
    city_government = "city_government"
    other = "other"


@app.command("init", cls=cli_text.Command)
def init_cmd(
    output: Annotated[
        Path,
        typer.Argument(help="要生成的数据文件（.yaml）。", show_default=False, metavar="新文件"),
    ],
    agency: Annotated[str, typer.Option("--agency", help="报告机关全称。", show_default=False)],
    year: Annotated[int, typer.Option("--year", help="报告年度。", show_default=False)],
    fmt: Annotated[
        FormatOption,
        typer.Option(
            "--format",
            help="报告格式：national-2021（2021年度起）、national-2019（2019、2020年度）、legacy-2008（2008—2018年度）。",
        ),
    ] = FormatOption.national2021,
    agency_kind: Annotated[
        AgencyKindOption,
        typer.Option(
            "--agency-kind",
            help="机关类别（决定“规章”行填0还是“/”）：state_council_department、provincial_government、city_government、other。",
        ),
    ] = AgencyKindOption.other,
) -> None:
    """生成一份带填写说明的报告数据文件模板；国家统一格式的模板表格全为0，可直接通过检查。

    示例：reportgen init 2026年报.yaml --agency 某县水利局 --year 2026
    """
    from reportgen.models import year_range
    from reportgen.models.national import AgencyKind
    from reportgen.output import OutputError, write_atomically
    from reportgen.skeleton import skeleton

    low, high = year_range(fmt.value)
    if not low <= year <= high:
        _fail(f"{fmt.value} 格式适用于{low}—{high}年度的报告，--year {year} 不在此范围")
    if output.exists():
        _fail(f"“{output}”已存在，为免覆盖已填写的内容，请换一个文件名")
    if not output.parent.exists():
        _fail(f"输出文件夹“{output.parent}”不存在")
    text = skeleton(fmt.value, agency, year, AgencyKind(agency_kind.value))
    try:
        write_atomically(output, text.encode("utf-8"))
    except OutputError as exc:
        _fail(str(exc))
    typer.echo(f"已生成 {output}；填写后运行“reportgen validate {output}”检查。")


@app.command("schema", cls=cli_text.Command)
def schema_cmd(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="写入文件；缺省时输出到屏幕。", show_default=False),
    ] = None,
) -> None:
    """输出数据文件的 JSON Schema（供编辑器自动补全和校验）。

    示例：reportgen schema --output schemas/report.schema.json
    """
    from reportgen.output import OutputError, write_atomically
    from reportgen.schema import json_schema_text

    text = json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
        return
    if output.is_dir():
        _fail(f"“{output}”是一个文件夹，请给出文件名")
    if not output.parent.exists():
        _fail(f"输出文件夹“{output.parent}”不存在")
    try:
        write_atomically(output, text.encode("utf-8"))
    except OutputError as exc:
        _fail(str(exc))


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        code = app(standalone_mode=False)
    except SystemExit:
        raise
    except Exception as exc:
        if hasattr(exc, "format_message") and hasattr(exc, "exit_code"):  # a usage error
            typer.echo(f"reportgen：{cli_text.describe_usage_error(exc)}", err=True)
            sys.exit(EXIT_USAGE)
        if type(exc).__name__ == "Abort":
            typer.echo("reportgen：已中止", err=True)
            sys.exit(EXIT_FINDINGS)
        typer.echo(f"reportgen：内部错误（{type(exc).__name__}: {exc}），请报告此问题", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
