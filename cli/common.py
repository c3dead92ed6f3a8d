"""What every `gongkai` command shares: the Typer app, option types, the one-line input error, and the
read → check → write steps (through engine.workflow) that `check`, `review`, `baseline` and `batch` call."""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from enum import Enum
from pathlib import Path

import typer

try:  # recent Typer vendors Click as typer._click; older versions depend on click itself
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # pragma: no cover
    from click.exceptions import ClickException as _ClickException  # type: ignore[no-redef]

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="gongkai 公开 — 部门预算公开合规检查 / compliance checks for department budget disclosures.",
)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Group(str, Enum):
    severity = "severity"
    family = "family"


def _version(value: bool) -> None:
    if value:
        from gongkai.engine import __version__

        typer.echo(f"gongkai {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="显示版本 / show the version"
    ),
) -> None:
    """gongkai 公开 — 部门预算公开合规检查 / compliance checks for department budget disclosures."""


class InputError(_ClickException):
    """Bad input or usage: one line on stderr, exit 2 (also under CliRunner, which uses Click's handler)."""

    exit_code = 2

    def show(self, file=None) -> None:
        typer.echo(f"gongkai: {self.format_message()}", err=True)


def _shown(path) -> str:
    """A path as text that can always be printed (a file name that is not UTF-8 gets U+FFFD)."""
    return os.fsencode(path).decode("utf-8", "replace")


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"gongkai: {message}", err=True)
    raise typer.Exit(code)


def _load(path: Path):
    from gongkai.engine.pipeline.ingest import ReadError, load
    from gongkai.engine.pipeline.ingest.limits import time_limit

    try:
        with time_limit():
            return load(path)
    except ReadError as exc:
        raise InputError(f"{_shown(path)}: {exc}") from exc
    except RecursionError as exc:
        raise InputError(f"{_shown(path)}: 嵌套过深 / nested too deeply") from exc


def _check_values(tolerance: str | None, approved_on: str | None, published_on: str | None) -> None:
    """--tolerance and the dates, refused (exit 2, naming the option) before any work."""
    from datetime import date

    if tolerance is not None:
        from gongkai.engine.workflow.config import parse_tolerance

        try:
            parse_tolerance(tolerance)
        except ValueError as exc:
            raise InputError(f"--tolerance: {exc}") from exc
    for name, value in (("approved-on", approved_on), ("published-on", published_on)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError as exc:
                raise InputError(f"--{name} 需要 YYYY-MM-DD 日期 / expects a date: {value}") from exc


def _read(source, scope: str | None):
    """The disclosure from one file or several, as `check` reads it (a one-line error, exit 2)."""
    from gongkai.engine.pipeline.ingest import ReadError
    from gongkai.engine.pipeline.ingest.limits import time_limit
    from gongkai.engine.workflow.run import read_document

    try:
        with time_limit():
            return read_document(source, scope)
    except ReadError as exc:
        raise InputError(str(exc) if isinstance(source, list) else f"{_shown(source)}: {exc}") from exc
    except RecursionError as exc:
        raise InputError(f"{_shown(source)}: 嵌套过深 / nested too deeply") from exc


def _write_annotated(source: Path, report, doc, opts, target: Path, reads=()) -> None:
    """The PDF with its findings marked; a text input has no pages to mark: the HTML report instead."""
    from gongkai.engine.render.html import render_html

    if doc.source.format != "pdf":
        target = target.with_suffix(".html")
        _guard(target, reads)
        _write_new(render_html(report, doc, opts).encode("utf-8"), target, reads)
        typer.echo(f"gongkai: {source} 不是 PDF，已写 HTML 报告 / not a PDF, wrote the HTML report: {target}", err=True)
        return
    from gongkai.engine.render.annotate import annotate_pdf

    _write_new(annotate_pdf(source, report, doc, opts.lang), target, reads)


def _write_new(data: bytes, output: Path, reads=()) -> None:
    """A report file to share, into an existing folder: a missing folder is exit 2 (not created), and the
    write itself is engine.workflow.safe_io's (atomic, umask, never over an input, sidecar or device)."""
    if not output.parent.is_dir():
        raise InputError(f"目录不存在 / no such directory: {output.parent}")
    if output.is_dir():
        raise InputError(f"输出路径是目录 / output is a directory: {output}")
    _emit_bytes(data, output, reads)


def _settings(
    path: Path,
    config: Path | None,
    *,
    ruleset=None,
    tolerance=None,
    lang=None,
    fail_on=None,
    select=None,
    ignore=None,
    template=None,
):
    """The config file's settings with the command line on top; a bad file or value is exit 2."""
    from gongkai.engine.workflow.config import ConfigError, settings_for

    if tolerance is not None:
        _check_values(tolerance, None, None)
    try:
        return settings_for(path, config).override(
            packs=ruleset or None,
            tolerance=Decimal(tolerance.strip()) if tolerance is not None else None,
            lang=lang.value if lang else None,
            fail_on=fail_on.value if fail_on else None,
            select=select or None,
            ignore=ignore or None,
            template=_template_name(template),
        )
    except ConfigError as exc:
        raise InputError(str(exc)) from exc


def _template_name(name: str | None) -> str | None:
    """A --template value that names a template (exit 2 otherwise)."""
    if name is None:
        return None
    from gongkai.engine.templates import TemplateError, get

    try:
        return get(name).name
    except TemplateError as exc:
        raise InputError(str(exc)) from exc


def _baseline(path: Path | None):
    if path is None:
        return None
    from gongkai.engine.workflow.baseline import BaselineError, load_baseline

    try:
        return load_baseline(path)
    except BaselineError as exc:
        raise InputError(str(exc)) from exc


def _run(path, settings, **kw):
    """Read and check one document; every input problem becomes an InputError (exit 2)."""
    from gongkai.engine.pipeline.ingest import ReadError
    from gongkai.engine.pipeline.ingest.limits import time_limit
    from gongkai.engine.workflow.run import check_path

    try:
        with time_limit():  # GONGKAI_MAX_SECONDS bounds the whole check, every stage
            return check_path(path, settings, **kw)
    except ReadError as exc:
        if isinstance(path, (list, tuple)):  # several files: the message names the part that failed
            raise InputError(str(exc)) from exc
        raise InputError(f"{_shown(path)}: {exc}") from exc
    except RecursionError as exc:
        raise InputError(f"{_shown(path)}: 嵌套过深 / nested too deeply") from exc
    except ValueError as exc:  # their modules are imported here: a missing file does not load the engine for them
        from gongkai.engine.workflow.baseline import BaselineError
        from gongkai.engine.workflow.config import ConfigError
        from gongkai.engine.workflow.registry import UnknownPack
        from gongkai.engine.workflow.waivers import WaiverError

        if isinstance(exc, (UnknownPack, ConfigError, WaiverError, BaselineError)):
            raise InputError(str(exc)) from exc
        raise


def _emit(write, output: Path | None, reads=()) -> None:
    """Write to stdout, or to a file through engine.workflow.safe_io (atomic; never over an input or a device)."""
    from gongkai.engine.workflow.safe_io import UnsafeOutput, check_target, open_output

    if output is None:
        try:
            write(sys.stdout)
            sys.stdout.flush()
        except OSError as exc:
            _stdout_failed(exc)
        return
    try:
        check_target(output, reads)
        with open_output(output) as out:
            write(out)
    except UnsafeOutput as exc:
        raise InputError(str(exc)) from exc
    except OSError as exc:
        raise InputError(f"无法写入 / cannot write {output}: {exc.strerror or exc}") from exc


def _stdout_failed(exc: OSError) -> None:
    """stdout is full or closed (`> /dev/full`, a closed pipe): one line on stderr, exit 2, and stdout
    pointed at /dev/null so the interpreter's own final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    raise InputError(f"无法写入标准输出 / cannot write to standard output: {exc.strerror or exc}") from exc


def _reads(path: Path, *more: Path | None) -> list:
    """The files a command reads (the document, its waiver sidecar, --baseline, --config): never an output."""
    from gongkai.engine.workflow.safe_io import SIDECAR_SUFFIX

    return [path, path.with_name(path.name + SIDECAR_SUFFIX), *more]


def _guard(output: Path | None, reads) -> None:
    """Refuse a dangerous output before doing any work."""
    from gongkai.engine.workflow.safe_io import UnsafeOutput, check_target

    if output is not None:
        try:
            check_target(output, reads)
        except UnsafeOutput as exc:
            raise InputError(str(exc)) from exc


def _emit_bytes(data: bytes, output: Path, reads=()) -> None:
    """Like _emit, for binary documents."""
    from gongkai.engine.workflow.safe_io import UnsafeOutput, check_target, open_output

    try:
        check_target(output, reads)
        with open_output(output, binary=True) as out:
            out.write(data)
    except UnsafeOutput as exc:
        raise InputError(str(exc)) from exc
    except OSError as exc:
        raise InputError(f"无法写入 / cannot write {output}: {exc.strerror or exc}") from exc
