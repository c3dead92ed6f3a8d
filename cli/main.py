"""`gongkai` command line: check, extract, rules, explain.

Exit codes (all commands): 0 nothing at or above --fail-on failed · 1 findings at or above it ·
2 usage or input error · 3 internal error (a bug: the message says where the log is).
`check` must stay light: it never imports Textual."""

from __future__ import annotations

import copy
import errno
import gc
import os
import sys
import tempfile
import traceback
from pathlib import Path

import typer

try:  # recent Typer vendors Click as typer._click; older versions depend on click itself
    from typer.exceptions import Abort as _ClickAbort
except ImportError:  # pragma: no cover
    from click.exceptions import Abort as _ClickAbort  # type: ignore[no-redef]

from gongkai.cli.common import (  # noqa: F401
    FailOn,
    Group,
    InputError,
    Lang,
    _baseline,
    _check_values,
    _ClickException,
    _emit,
    _emit_bytes,
    _guard,
    _load,
    _read,
    _reads,
    _run,
    _settings,
    _stdout_failed,
    _write_annotated,
    _write_new,
    app,
)


@app.command()
def check(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="PATH...",
        help="披露文件（文本或 gongkai extract 的 JSON）；同一公开分多个文件时全部列出（如 说明.pdf 报表.pdf）/ "
        "disclosure file(s): several files of one disclosure are joined",
    ),
    format: str = typer.Option(
        "text",
        "--format",
        "-f",
        metavar="FORMAT",
        help="输出格式 / output format: text, json, sarif, junit, markdown, github, html, annotated-pdf",
    ),
    ruleset: list[str] | None = typer.Option(
        None, "--ruleset", "-r", metavar="PACK", help="规则包（可重复）/ rule pack, repeatable"
    ),
    fail_on: FailOn | None = typer.Option(
        None, "--fail-on", help="达到该严重程度即返回 1（默认 error）/ exit 1 at or above"
    ),
    show_passes: bool = typer.Option(False, "--show-passes", help="列出通过项及其依据 / list passes with evidence"),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="PATH", help="写入文件而非标准输出 / write to a file"
    ),
    lang: Lang | None = typer.Option(None, "--lang", help="报告语言（默认 zh）/ report language"),
    tolerance: str | None = typer.Option(
        None, "--tolerance", metavar="N", help="每个舍入加数的容差（万元，默认 0.005）"
    ),
    approved_on: str | None = typer.Option(
        None, "--approved-on", metavar="YYYY-MM-DD", help="财政部门批复日期 YYYY-MM-DD (META-003)"
    ),
    published_on: str | None = typer.Option(
        None, "--published-on", metavar="YYYY-MM-DD", help="公开日期 YYYY-MM-DD (META-003)"
    ),
    select: list[str] | None = typer.Option(
        None, "--select", metavar="RULE", help="只检查这些规则或类别（可重复，逗号分隔）/ only these rules or families"
    ),
    ignore: list[str] | None = typer.Option(
        None, "--ignore", metavar="RULE", help="忽略这些规则或类别 / drop these rules or families"
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", metavar="PATH", help="基线文件：只有新增的不符合项计入退出码 / fail only on new failures"
    ),
    config: Path | None = typer.Option(
        None, "--config", metavar="PATH", help="配置文件（默认从文件所在目录向上查找 gongkai.toml / pyproject.toml）"
    ),
    group: Group = typer.Option(
        Group.severity, "--group", help="不符合项按严重程度或按类别分组 / list failures by severity or by family"
    ),
    show_baselined: bool = typer.Option(
        False, "--show-baselined", help="列出基线中已有的不符合项 / list failures the baseline knows"
    ),
    template: str | None = typer.Option(
        None,
        "--template",
        metavar="NAME",
        help="地区模板（默认按文件识别；gongkai templates 列出）/ jurisdiction template",
    ),
    scope: str | None = typer.Option(
        None,
        "--scope",
        metavar="SCOPE",
        help="只检查部分内容：tables, narrative, sangong, performance, all（非完整预算公开时使用）/ check only part",
    ),
    annotate: Path | None = typer.Option(
        None,
        "--annotate",
        metavar="PATH",
        help="另存一份标注了不符合项的 PDF（文本输入则写 HTML 报告）/ write an annotated copy of the PDF",
    ),
) -> None:
    """检查一份预算公开文件 / check one disclosure.

    配置：gongkai.toml 或 pyproject.toml 的 [tool.gongkai]；豁免：<文件>.gongkai-waivers.json（自动读取）。"""
    from gongkai.engine import render

    choices = render.formats() + ["annotated-pdf"]
    if format not in choices:
        raise InputError(f"未知格式 / unknown format: {format} (可选 / choose from: {', '.join(sorted(choices))})")
    if format == "annotated-pdf":
        if output is None:
            raise InputError("annotated-pdf 需要 -o 指定输出文件 / annotated-pdf needs -o FILE")
        annotate, output = output, None
    path = paths[0]
    reads = [r for p in paths for r in _reads(p)] + [baseline, config]
    _guard(output, reads)
    _guard(annotate, reads)
    settings = _settings(
        path,
        config,
        ruleset=ruleset,
        tolerance=tolerance,
        lang=lang,
        fail_on=fail_on,
        select=select,
        ignore=ignore,
        template=template,
    )
    _check_values(None, approved_on, published_on)
    source = paths if len(paths) > 1 else path
    doc = _read(source, scope) if format == "html" or annotate is not None else None  # read once, drawn from too
    report = _run(
        source,
        settings,
        baseline=_baseline(baseline),
        approved_on=approved_on,
        published_on=published_on,
        scope=scope,
        doc=doc,
    )
    opts = render.RenderOptions(
        show_passes=show_passes,
        lang=settings.lang or "zh",
        cwd=os.getcwd(),
        document=doc,
        fail_on=settings.fail_on or "error",
        group=group.value,
        show_baselined=show_baselined,
    )
    if annotate is not None:
        _write_annotated(path, report, doc, opts, annotate, reads)
    if format == "html" and output is not None:
        from gongkai.engine.render.html import render_html

        _write_new(render_html(report, doc, opts).encode("utf-8"), output, reads)
    elif format != "annotated-pdf":
        _emit(lambda out: render.get(format)(report, out, opts), output, reads)
    raise typer.Exit(report.exit_code(settings.fail_on or "error"))


@app.command()
def extract(
    path: Path = typer.Argument(..., metavar="PATH", help="披露文件 / disclosure file"),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="PATH", help="写入文件 / write to a file"),
) -> None:
    """提取为 JSON 事实模型（check 可直接读取）/ extract the fact model as JSON."""
    from gongkai.engine.pipeline.ingest import dump_json

    _guard(output, _reads(path))
    doc = _load(path)
    _emit(lambda out: out.write(dump_json(doc)), output, _reads(path))


@app.command()
def render(
    path: Path = typer.Argument(
        ..., metavar="PATH", help="extract 的 JSON 或披露文件 / extracted JSON, or any readable disclosure"
    ),
    output: Path | None = typer.Option(None, "--output", "-o", metavar="PATH", help="写入文件 / write to a file"),
    to: str | None = typer.Option(
        None, "--to", metavar="FORMAT", help="txt, pdf, docx, xlsx（默认按 -o 的扩展名，否则 txt）"
    ),
) -> None:
    """按样例版式写回文本或 PDF/Word/Excel（extract 的逆操作）/ write the disclosure as text, PDF, DOCX or XLSX."""
    from gongkai.engine.publish.disclosure_formats import format_for, render_document
    from gongkai.engine.publish.disclosure_text import render_text

    try:
        fmt = format_for(to, output)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    _guard(output, _reads(path))
    doc = _load(path)
    if fmt == "txt":
        _emit(lambda out: out.write(render_text(doc)), output, _reads(path))
        return
    if output is None and sys.stdout.isatty():
        raise InputError(f"{fmt.upper()} 是二进制文件，请用 -o 指定输出文件 / binary output: give -o FILE")
    data = render_document(doc, fmt)
    if output is None:
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except OSError as exc:
            _stdout_failed(exc)
        return
    _emit_bytes(data, output, _reads(path))


@app.command()
def rules(
    format: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text 或 json"),
    lang: Lang = typer.Option(Lang.zh, "--lang"),
) -> None:
    """列出全部规则（含尚未实现的）/ list every rule, implemented or not."""
    from gongkai.engine.pipeline.catalog import entries

    items = entries()
    if format == "json":
        import json

        data = [
            {
                "id": e.id,
                "title_zh": e.title_zh,
                "title_en": e.title_en,
                "severity": e.severity,
                "basis": e.basis,
                "family": e.family,
                "implemented": e.implemented,
                "rulesets": e.packs,
                "aliases": list(e.aliases),
            }
            for e in items
        ]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if format != "text":
        raise InputError(f"未知格式 / unknown format: {format} (text, json)")
    from rich.console import Console
    from rich.table import Table

    en = lang == Lang.en
    table = Table(show_lines=False, header_style="bold")
    for col in (
        ("规则", "Rule"),
        ("级别", "Severity"),
        ("状态", "Status"),
        ("规则包", "Rulesets"),
        ("标题", "Title"),
        ("依据", "Basis"),
    ):
        table.add_column(col[1] if en else col[0])
    for e in items:
        status = ("implemented" if en else "已实现") if e.implemented else ("not implemented" if en else "未实现")
        table.add_row(e.id, e.severity, status, ",".join(e.packs), e.title_en if en else e.title_zh, e.basis)
    Console(soft_wrap=False, width=200 if not sys.stdout.isatty() else None).print(table)
    done = sum(e.implemented for e in items)
    typer.echo(f"{done}/{len(items)} " + ("rules implemented" if en else "条规则已实现"))


@app.command()
def templates(
    format: str = typer.Option("text", "--format", "-f", help="text 或 json"),
) -> None:
    """列出地区模板：表、表号标签、单位、规则包 / list the jurisdiction templates."""
    import json

    from gongkai.engine.templates import all_templates

    items = list(all_templates().values())
    if format == "json":
        typer.echo(json.dumps([t.model_dump(mode="json") for t in items], ensure_ascii=False, indent=2))
        return
    if format != "text":
        raise InputError(f"未知格式 / unknown format: {format} (text, json)")
    for t in items:
        label = t.label_for(1) or "—"
        typer.echo(
            f"{t.name:<20} {t.title_zh}  [{len(t.tables)}张表 · 标签 {label} · {t.unit} · "
            f"{t.years[0]}–{t.years[1]} · {' → '.join(t.packs)}]"
        )


@app.command()
def explain(
    rule_id: str = typer.Argument(
        ..., metavar="RULE", help="规则编号、别名或类别，如 SUM-002、SUM / rule id, alias or family"
    ),
    lang: Lang = typer.Option(Lang.zh, "--lang"),
) -> None:
    """解释一条规则或一个类别：依据、例子、整改 / explain one rule, or list a family's rules."""
    from gongkai.engine.authoring import FAMILIES
    from gongkai.engine.pipeline.catalog import entries, explain_markdown, find
    from gongkai.engine.workflow.config import did_you_mean

    if rule_id.upper() in FAMILIES:
        fam = rule_id.upper()
        from gongkai.engine.render.text import FAMILY_TITLES

        title = FAMILY_TITLES.get(fam, (fam, fam))[1 if lang == Lang.en else 0]
        lines = [f"# {fam} {title}", ""]
        for e in (e for e in entries() if e.family == fam):
            state = "" if e.implemented else (" (not implemented)" if lang == Lang.en else "（未实现）")
            lines.append(f"- **{e.id}** [{e.severity}] {e.title_en if lang == Lang.en else e.title_zh}{state}")
        lines += [
            "",
            "gongkai explain RULE" + (" for one rule's documentation." if lang == Lang.en else " 查看单条规则的说明。"),
        ]
        _markdown("\n".join(lines))
        return
    entry = find(rule_id)
    if entry is None:
        raise InputError(f"没有这条规则 / no such rule: {rule_id}{did_you_mean(rule_id)}（用 gongkai rules 查看全部）")
    _markdown(explain_markdown(entry, lang.value))


def _markdown(text: str) -> None:
    """Rendered on a terminal, plain Markdown in a pipe (so it can be saved or pasted)."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        typer.echo(text)


INIT_TOML = """# gongkai 配置 / configuration. `gongkai check` reads the nearest gongkai.toml upward from the document.
# 命令行选项优先 / command-line options win over this file.

# 规则包（默认按文件自动选择）/ rule packs (default: chosen from the document)
# packs = ["shanxi2024", "perf_classic"]

# 每个舍入加数的容差，万元 / rounding tolerance per addend, in 万元
# tolerance = 0.005

# 报告语言 zh | en / report language
# lang = "zh"

# 达到该级别即返回 1：error | warning | info | never / exit 1 at or above this severity
# fail_on = "error"

# 只检查 / 忽略这些类别或规则 / only these, or drop these, families or rule ids
# select = ["SUM", "XTAB-001"]
# ignore = ["IND-009"]

# 豁免（也可在 review 中用 /waive 记录）/ waivers (also recorded by /waive in the review)
# [[waivers]]
# rule_id = "EMPTY-002"
# subject = "表7 空表原因"
# reason = "本部门无政府性基金收入"
# expires = 2025-12-31
"""


@app.command()
def init(
    directory: Path = typer.Argument(
        Path("."), metavar="PATH", help="写入 gongkai.toml 的目录 / where to write gongkai.toml"
    ),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 / overwrite an existing file"),
) -> None:
    """写一个带注释的 gongkai.toml / write a commented gongkai.toml."""
    target = directory / "gongkai.toml"
    if target.exists() and not force:
        raise InputError(f"{target}: 已存在（用 --force 覆盖）/ already exists (use --force to overwrite)")
    _emit(lambda out: out.write(INIT_TOML), target)
    typer.echo(f"gongkai: {target}")


@app.command()
def review(
    path: Path = typer.Argument(..., metavar="PATH", help="披露文件 / disclosure file"),
    ruleset: list[str] | None = typer.Option(
        None, "--ruleset", "-r", metavar="PACK", help="规则包（可重复）/ rule pack, repeatable"
    ),
    config: Path | None = typer.Option(
        None, "--config", metavar="PATH", help="配置文件（默认同 check）/ config file, as for check"
    ),
    lang: Lang | None = typer.Option(None, "--lang", help="界面与回答的默认语言（默认 zh）/ default language"),
    select: list[str] | None = typer.Option(
        None, "--select", metavar="RULE", help="只检查这些规则或类别 / only these rules or families"
    ),
    ignore: list[str] | None = typer.Option(
        None, "--ignore", metavar="RULE", help="忽略这些规则或类别 / drop these rules or families"
    ),
    template: str | None = typer.Option(None, "--template", metavar="NAME", help="地区模板 / jurisdiction template"),
    baseline: Path | None = typer.Option(
        None, "--baseline", metavar="PATH", help="基线文件（同 check）/ baseline file, as for check"
    ),
    scope: str | None = typer.Option(
        None, "--scope", metavar="SCOPE", help="只检查部分内容（同 check）/ check only part, as for check"
    ),
    web: bool = typer.Option(False, "--web", help="在浏览器中审阅（textual-serve）/ serve the session to a browser"),
    host: str = typer.Option("127.0.0.1", "--host", help="--web 监听地址（默认仅本机）/ address to listen on"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="--web 端口 / port"),
) -> None:
    """在终端中审阅：问答、假设修改、豁免、导出 / interactive review in the terminal (Textual)."""
    settings = _settings(path, config, ruleset=ruleset, lang=lang, select=select, ignore=ignore, template=template)
    doc = _read(path, scope)  # read and classified as check does: the same one-line error, exit 2
    known = _baseline(baseline)
    if settings.packs:
        from gongkai.engine.workflow.registry import UnknownPack, check_names

        try:
            check_names(settings.packs)
        except UnknownPack as exc:
            raise InputError(str(exc)) from exc
    if web:
        from gongkai.tui.web import serve

        try:
            serve(
                path,
                host,
                port,
                _review_options(
                    ruleset=ruleset,
                    config=config,
                    lang=lang,
                    select=select,
                    ignore=ignore,
                    template=template,
                    baseline=baseline,
                    scope=scope,
                ),
            )
        except OSError as exc:
            raise InputError(
                f"无法在 {host}:{port} 上监听 / cannot listen on {host}:{port}: {exc.strerror or exc}"
            ) from exc
        return
    from gongkai.tui.app import ReviewApp  # imported here: `check` never loads Textual

    ReviewApp(
        path, doc=doc, settings=settings, lang=settings.lang or "zh", baseline=known, scope=scope
    ).run()  # checked in a worker, by the same workflow as `check`


def _review_options(**given) -> list[str]:
    """The review's own options, passed on to the session each browser tab runs."""
    argv: list[str] = []
    for name, value in given.items():
        flag = "--" + name.replace("_", "-")
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                argv += [
                    flag,
                    str(Path(item).resolve()) if isinstance(item, Path) else str(getattr(item, "value", item)),
                ]
    return argv


# Commands that read one document and exit. Their start-up and check create ~80 k objects that live until the
# exit, and little garbage, which the cyclic collector at its default threshold (700 new objects) re-scans ~130
# times: ~35 ms of a 0.4 s cold `check`. A higher first threshold lets such a run finish with few or no
# collections; the collector still runs on a big document. Long-running commands (batch, review) keep the default.
ONE_DOCUMENT_COMMANDS = {"check", "baseline", "extract", "render"}
ONE_DOCUMENT_GC_THRESHOLD = 100_000


def main() -> None:
    """Console entry point: input errors → one line, exit 2; bugs → exit 3 with a log file. It ends the process."""
    # Pydantic looks for its plugins in every installed distribution's entry points when the first model class
    # is built (~5 ms of a cold check); gongkai's models are its own, with nothing for a plugin to observe.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    if sys.argv[1:2] and sys.argv[1] in ONE_DOCUMENT_COMMANDS:
        gc.set_threshold(ONE_DOCUMENT_GC_THRESHOLD, *gc.get_threshold()[1:])
    try:
        _main()
    finally:
        # The interpreter's last collection, at exit, scans every object still alive (~30 ms after a check)
        # to free nothing that matters then: frozen objects are left out of it.
        gc.freeze()


def _for_command(argv: list[str]) -> typer.Typer:
    """The app with only the command the command line names: Typer builds every registered command (with a
    pydantic adapter per option) at each start, ~1 % of a cold `check`, and no other command can be reached from
    that line. Anything else (options first, an unknown name, shell completion) gets the whole app."""
    name = argv[1] if len(argv) > 1 else ""
    if app.registered_groups or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):
        return app
    named = [c for c in app.registered_commands if c.callback and _command_name(c) == name]
    if len(named) != 1:
        return app
    only = copy.copy(app)
    only.registered_commands = named
    return only


def _command_name(info) -> str:
    """The name Typer gives a command: its own, else its function's with - for _."""
    return info.name or info.callback.__name__.lower().replace("_", "-")


def _main() -> None:
    try:
        # non-standalone Click returns typer.Exit's code instead of exiting
        rc = _for_command(sys.argv)(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except InputError as exc:
        typer.echo(f"gongkai: {exc}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRNOS:
            _crash(exc)
        try:  # stdout/stderr full or closed: say so once, never a crash log
            _stdout_failed(exc)
        except InputError as err:
            err.show()
        sys.exit(2)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if isinstance(exc, _ClickException):
            exc.show()
            sys.exit(2)
        if isinstance(exc, (_ClickAbort, typer.Abort)):
            sys.exit(130)
        _crash(exc)


# Writing output failed for a reason outside gongkai (a full disk or /dev/full, a closed pipe, EIO).
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EDQUOT, errno.EBADF}


def _crash(exc: BaseException) -> None:
    """A bug: the traceback goes to a log file, one line to stderr, exit 3."""
    fd, log = tempfile.mkstemp(prefix="gongkai-crash-", suffix=".log")
    with os.fdopen(fd, "w") as f:
        f.write(traceback.format_exc())
    try:
        typer.echo(
            f"gongkai: 内部错误（这是程序缺陷）/ internal error (a bug): {type(exc).__name__}; 详情 / log: {log}",
            err=True,
        )
    except OSError:
        pass
    sys.exit(3)


from gongkai.cli import submit  # noqa: E402,F401 - registers `baseline` and `batch` on the app

if __name__ == "__main__":
    main()
