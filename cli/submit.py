"""Submission-workflow commands: `baseline` and `batch` (registered on the main app when imported)."""

from __future__ import annotations

from pathlib import Path

import typer

from gongkai.cli.common import FailOn, InputError, Lang, _emit, _guard, _reads, _run, _settings, _template_name, app


@app.command()
def baseline(
    path: Path = typer.Argument(..., metavar="PATH", help="披露文件 / disclosure file"),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="PATH", help="写入文件（默认标准输出）/ write to a file"
    ),
    ruleset: list[str] | None = typer.Option(
        None, "--ruleset", "-r", metavar="PACK", help="规则包 / rule pack, repeatable"
    ),
    select: list[str] | None = typer.Option(
        None, "--select", metavar="RULE", help="只记录这些规则或类别 / only these rules or families"
    ),
    ignore: list[str] | None = typer.Option(
        None, "--ignore", metavar="RULE", help="忽略这些规则或类别 / drop these rules or families"
    ),
    config: Path | None = typer.Option(None, "--config", metavar="PATH", help="配置文件 / config file"),
    lang: Lang | None = typer.Option(None, "--lang", help="提示语言 / message language"),
) -> None:
    """记录当前的不符合项作为基线；之后 check --baseline 只对新增项失败 / record today's failures."""
    from gongkai.engine.workflow.baseline import dumps, make_baseline

    reads = _reads(path, config)
    _guard(output, reads)
    settings = _settings(path, config, ruleset=ruleset, lang=lang, select=select, ignore=ignore)
    base = make_baseline(_run(path, settings))
    _emit(lambda out: out.write(dumps(base)), output, reads)
    n = len(base.entries)
    en = (settings.lang or "zh") == "en"
    typer.echo(
        (f"gongkai: recorded {n} failures in the baseline" if en else f"gongkai：基线记录了 {n} 项不符合")
        + (f" → {output}" if output else ""),
        err=True,
    )


@app.command()
def batch(
    inputs: list[str] = typer.Argument(
        ..., metavar="PATH", help="目录或通配符（可多个）/ directories or glob patterns"
    ),
    out: Path = typer.Option(
        ..., "--out", metavar="PATH", help="结果 JSONL 文件 / results file, one JSON record per line"
    ),
    jobs: int = typer.Option(
        0, "--jobs", "-j", metavar="N", help="并行进程数（默认 CPU 核数）/ worker processes (default: cores)"
    ),
    resume: bool = typer.Option(False, "--resume", help="跳过已记录且 sha256 未变的文件 / skip files already recorded"),
    fail_on: FailOn | None = typer.Option(None, "--fail-on", help="达到该严重程度即返回 1（默认 error）"),
    ruleset: list[str] | None = typer.Option(
        None, "--ruleset", "-r", metavar="PACK", help="规则包 / rule pack, repeatable"
    ),
    select: list[str] | None = typer.Option(None, "--select", metavar="RULE", help="只检查这些规则或类别"),
    ignore: list[str] | None = typer.Option(None, "--ignore", metavar="RULE", help="忽略这些规则或类别"),
    config: Path | None = typer.Option(None, "--config", metavar="PATH", help="配置文件（默认每个文件各自向上查找）"),
    lang: Lang | None = typer.Option(None, "--lang", help="报告语言 / report language"),
    progress: bool = typer.Option(
        True, "--progress/--no-progress", help="在 stderr 显示进度条 / progress bar on stderr"
    ),
    all_findings: bool = typer.Option(
        False, "--all-findings", help="记录中也保留通过和不适用项（文件较大）/ keep passes too"
    ),
    template: str | None = typer.Option(
        None, "--template", help="所有文件使用同一地区模板 / one jurisdiction template for all"
    ),
    join_parts: bool = typer.Option(
        False,
        "--join-parts",
        help="按文件名配对（附件1/附件2、说明/报表）合并为一份公开 / join files that pair by name",
    ),
) -> None:
    """批量检查：多进程并行，逐文件写入 JSONL，可续跑 / check many documents in parallel.

    每个文件一条记录（路径、sha256、概况、不符合/出错/豁免项）或一条错误记录；--resume 跳过
    sha256 与选项均未变的已记录文件。/ One record per file (failures, errors and waived findings only
    unless --all-findings) or an error record; --resume skips files recorded with the same sha256 and options.

    退出码：任一文件不符合 → 1；任一文件无法读取 → 2；程序缺陷（含进程崩溃）→ 3；取最严重者。
    / exit 1 if any document fails, 2 if any is unreadable, 3 on a bug; the worst wins."""
    from gongkai.engine.workflow.batch import BatchError, BatchOptions, expand_inputs, run_batch, summary_table
    from gongkai.engine.workflow.config import ConfigError, normalise_selectors

    if jobs < 0:
        raise InputError("--jobs 不能为负 / must not be negative")
    try:
        files = expand_inputs(inputs, out)
    except BatchError as exc:
        raise InputError(str(exc)) from exc
    if not files:
        raise InputError("没有找到可检查的文件 / no files matched: " + " ".join(inputs))
    if join_parts:
        from gongkai.engine.pipeline.ingest.join import group_parts

        files = group_parts(files)
    try:
        opts = BatchOptions(
            packs=ruleset or None,
            lang=lang.value if lang else None,
            fail_on=fail_on.value if fail_on else None,
            select=normalise_selectors(select, "--select") if select else None,
            ignore=normalise_selectors(ignore, "--ignore") if ignore else None,
            config=str(config) if config else None,
            all_findings=all_findings,
            template=_template_name(template),
        )
    except ConfigError as exc:
        raise InputError(str(exc)) from exc
    if config is not None and not config.is_file():
        raise InputError(f"{config}: 配置文件不存在 / no such config file")
    try:
        result = run_batch(files, out, opts, jobs=jobs, resume=resume, progress=progress)
    except BatchError as exc:
        raise InputError(str(exc)) from exc
    except OSError as exc:
        raise InputError(f"无法写入 / cannot write {out}: {exc.strerror or exc}") from exc
    summary_table(result, lang=(lang.value if lang else "zh"))
    raise typer.Exit(result.exit_code())
