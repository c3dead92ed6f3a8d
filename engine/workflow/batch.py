"""Batch checking: many documents, one process per core, one JSONL record per document, resumable.

Processes, not threads: durable-rules is not thread-safe and its C extension holds the GIL. Workers
start from a clean interpreter ('forkserver', else 'spawn') and each builds its own engine runtime.
A bad file never stops the batch: input problems and bugs become error records; a worker that dies
(e.g. a segfault in the C extension) is replaced, the documents it had in flight are retried one at a
time, and a document that kills a worker on its own gets an error record.

Records are written in input order as they complete (each line flushed), so an interrupted run can
`--resume`: files already recorded with the same sha256 are skipped; error records are retried.
"""

from __future__ import annotations

import fcntl
import gc
import glob
import hashlib
import json
import multiprocessing
import os
import re
import tempfile
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BATCH_SCHEMA = "gongkai.batch/1"
DOC_SUFFIXES = (".txt", ".json", ".pdf", ".docx", ".xlsx")  # folders: by name; each file is then read by content
SKIP_SUFFIXES = (".gongkai-waivers.json",)
_SIDECAR = re.compile(r"\.gongkai-[\w.-]*\.json$")  # waivers, baselines: gongkai's own files
MAX_RECORD_BYTES = 64 * 1024 * 1024  # a longer line in a results file is not ours


class BatchError(ValueError):
    """The batch cannot start: its output is an input, or another batch holds it (the CLI exits 2)."""


@dataclass
class BatchOptions:
    """Command-line settings for every document (None: the document's own config, else the default)."""

    packs: list[str] | None = None
    lang: str | None = None
    fail_on: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    config: str | None = None  # one explicit config file for all documents
    template: str | None = None  # jurisdiction template for every document (default: each its own)
    all_findings: bool = False  # records keep passes and n/a too (large)


# -- inputs -------------------------------------------------------------------------------------------


def _wanted(p: Path) -> bool:
    return p.is_file() and not _SIDECAR.search(p.name) and not p.name.startswith(".")


def expand_inputs(inputs: Iterable[str], out: str | os.PathLike[str] | None = None) -> list[str]:
    """Directories (recursively: *.txt, *.json, *.pdf, *.docx, *.xlsx), files, and glob patterns; sorted, without duplicates.

    Folders and patterns skip gongkai's own files (`*.gongkai-*.json`) and the results file `out`; a file
    named explicitly that *is* `out` is refused (BatchError): the batch would overwrite it."""
    from gongkai.engine.workflow.safe_io import same_file

    found: dict[str, str] = {}
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            paths = [q for q in p.rglob("*") if q.suffix.lower() in DOC_SUFFIXES and _wanted(q)]
        elif p.is_file():
            if out is not None and same_file(p, out):
                raise BatchError(f"结果文件是输入之一 / the results file is one of the inputs: {item}")
            paths = [p]
        else:
            paths = [Path(q) for q in glob.glob(item, recursive=True) if _wanted(Path(q))]
        for q in paths:
            if out is not None and same_file(q, out):
                if not is_results_file(out):
                    raise BatchError(f"结果文件是输入之一 / the results file is one of the inputs: {q}")
                continue  # our own results from an earlier run: not a document
            found.setdefault(os.path.abspath(q), str(q))
    return sorted(found.values())


def is_results_file(path: str | os.PathLike[str]) -> bool:
    """Empty, or its first line is a batch record: a file `batch --out` may rewrite (a document that
    starts with a blank line is not empty)."""
    try:
        with open(path, "rb") as fh:
            first = next(_lines(fh, 1 << 20), b"")
    except OSError:
        return False
    # a prefix, not a parse: a first line torn by a crash still marks the file as ours
    return first == b"" or first.startswith(b'{"schema":"gongkai.batch/')


def sha256_of(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


# -- the worker ---------------------------------------------------------------------------------------

_settings_cache: dict[str, Any] = {}


def init_worker(parent: int | None = None) -> None:
    """Build this process's own engine runtime before the first document arrives, and exit when the
    batch process dies (after `kill -9` nothing else would ever stop this worker)."""
    from gongkai.engine.pipeline.runtime import get_runtime

    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="gongkai-parent-watch").start()
    get_runtime()
    # What is loaded by now (the engine, durable-rules) lives as long as the worker: frozen, the cyclic collector
    # stops re-scanning it at every collection (GC 7–8 → ~4 ms a document); documents' garbage is collected as before.
    gc.freeze()


def _exit_with(parent: int) -> None:
    """Wait for process `parent` to end, then end this one at once."""
    import select
    import time

    try:
        fd = os.pidfd_open(parent)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:  # no pidfd: poll
        while True:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(1)
    os._exit(1)


def _settings(path: str, opts: BatchOptions):
    """The document's own config (cached per directory) with the command line on top."""
    from gongkai.engine.workflow.config import Settings, find_config, load_settings, settings_for

    if opts.config:
        key = "config:" + opts.config
        if key not in _settings_cache:
            _settings_cache[key] = settings_for(path, opts.config)
    else:
        key = str(Path(path).resolve().parent)
        if key not in _settings_cache:
            found = find_config(path)
            _settings_cache[key] = load_settings(*found) if found else None
    base = _settings_cache[key] or Settings()
    return base.override(
        packs=opts.packs,
        lang=opts.lang,
        fail_on=opts.fail_on,
        select=opts.select,
        ignore=opts.ignore,
        template=opts.template,
    )


def check_file(path: str, opts: BatchOptions) -> dict[str, Any]:
    """One document → one record. Never raises: problems become error records."""
    from gongkai.engine.pipeline.gc_pause import gc_paused

    # One pause around the whole document, so its lines, facts and findings are all freed (by reference
    # counting) before the collector runs again: paused only around reading and checking, the collector's
    # first pass after each walked every object still alive (the document, then the report), ~3 ms a document.
    with gc_paused():
        return _record(path, opts)


def _record(path: str, opts: BatchOptions) -> dict[str, Any]:
    from gongkai.engine.pipeline.ingest import ReadError
    from gongkai.engine.pipeline.ingest.join import split_parts
    from gongkai.engine.pipeline.ingest.limits import time_limit
    from gongkai.engine.workflow.baseline import BaselineError
    from gongkai.engine.workflow.config import ConfigError
    from gongkai.engine.workflow.registry import UnknownPack
    from gongkai.engine.workflow.run import check_path
    from gongkai.engine.workflow.waivers import WaiverError

    parts = split_parts(path)  # 'a.pdf + b.pdf': one disclosure in several files (--join-parts)
    sha = sha256_of(path) if len(parts) == 1 else None
    try:
        settings = _settings(parts[0], opts)
        with time_limit():  # one slow document becomes an error record, the batch goes on
            report = check_path(parts if len(parts) > 1 else path, settings)
    except (ReadError, UnknownPack, ConfigError, WaiverError, BaselineError, OSError) as exc:
        return error_record(path, sha, str(exc), "input")
    except RecursionError as exc:
        return error_record(path, sha, f"嵌套过深 / nested too deeply: {exc}", "input")
    except Exception as exc:  # noqa: BLE001 - a bug in one document's check must not stop the batch
        return error_record(path, sha, f"{type(exc).__name__}: {exc}", "internal")
    keep = [f for f in report.findings if opts.all_findings or f.status in ("fail", "error") or f.waived]
    return {
        "schema": BATCH_SCHEMA,
        "path": path,
        "sha256": report.document.sha256,
        "options": options_key(opts),
        "department": report.document.department,
        "year": report.document.year,
        "rulesets": report.rulesets,
        "fail_on": settings.fail_on or "error",
        "exit": report.exit_code(settings.fail_on or "error"),
        "summary": report.summary.model_dump(by_alias=True, mode="json"),
        "findings": [f.model_dump(mode="json") for f in keep],
    }


def options_key(opts: BatchOptions) -> str:
    """Which settings produced a record: --resume reuses a record only if they are the same."""
    raw = json.dumps(asdict(opts), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:12]


def error_record(path: str, sha: str | None, reason: str, kind: str) -> dict[str, Any]:
    return {"schema": BATCH_SCHEMA, "path": path, "sha256": sha, "error": reason, "kind": kind}


# -- the run ------------------------------------------------------------------------------------------


@dataclass
class BatchResult:
    """Running totals only (records go straight to the JSONL file): memory stays flat however many files."""

    files: int = 0
    skipped: int = 0  # resumed: already recorded
    failing: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (path, reason, kind)
    families: Counter = field(default_factory=Counter)  # unwaived failures per family
    rules: Counter = field(default_factory=Counter)  # unwaived failures per rule

    def add(self, rec: dict[str, Any]) -> None:
        self.files += 1
        if "error" in rec:
            self.errors.append((rec["path"], rec["error"], rec.get("kind", "input")))
            return
        self.failing += bool(rec.get("exit"))
        for f in rec.get("findings", ()):
            if f["status"] == "fail" and not f.get("waived"):
                self.families[f.get("family") or f["rule_id"].split("-")[0]] += 1
                self.rules[f["rule_id"]] += 1

    def exit_code(self) -> int:
        """3 a bug, 2 an unreadable document, 1 a failing document, else 0 (the worst wins)."""
        if any(kind == "internal" for _, _, kind in self.errors):
            return 3
        if self.errors:
            return 2
        return 1 if self.failing else 0


def _pool(jobs: int) -> ProcessPoolExecutor:
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=init_worker, initargs=(os.getpid(),))


def _lines(fh, cap: int = MAX_RECORD_BYTES):
    """Lines of a binary file, each at most `cap` bytes: a longer one is skipped, never held in memory."""
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the overlong line
                line = fh.readline(1 << 20)
            continue
        yield line


def _records(fh):
    """Records already in the open results file (a torn or foreign line, e.g. after a crash, is skipped)."""
    fh.seek(0)
    for line in _lines(fh):
        try:
            rec = json.loads(line)
        except (ValueError, RecursionError):  # JSON or UTF-8 torn mid-character, or not ours
            continue
        if isinstance(rec, dict) and isinstance(rec.get("path"), str):
            yield rec


def dumps(rec: dict[str, Any]) -> str:
    """One JSONL line. A file name that is not UTF-8 (lone surrogates) is written as \\udcXX escapes:
    valid JSON that reads back to the very same name, so --resume still finds the file."""
    line = json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n"
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(rec, ensure_ascii=True, separators=(",", ":")) + "\n"
    return line


def _resume(files: list[str], fh, opts: BatchOptions, result: BatchResult) -> list[str]:
    """Keep the records still valid (same sha256 and options, not an error) and return the files to check.

    Streams the old file twice (index, then copy the kept records to a temp file) so memory does not grow
    with the number of records, then rewrites the results file in place (same inode: the lock and the file's
    mode stay). Records of files outside this batch are kept, records of files checked again are dropped."""
    key = options_key(opts)
    wanted = {os.path.abspath(p): p for p in files}
    valid: dict[str, str] = {}  # abs path → recorded sha256
    for rec in _records(fh):
        ap = os.path.abspath(rec["path"])
        if ap in wanted:
            ok = "error" not in rec and rec.get("options") == key and rec.get("sha256")
            if ok:
                valid[ap] = rec["sha256"]
            else:
                valid.pop(ap, None)
    keep = {ap for ap, sha in valid.items() if sha == sha256_of(wanted[ap])}
    written: set[str] = set()
    with tempfile.TemporaryFile() as tmp:
        for rec in _records(fh):
            ap = os.path.abspath(rec["path"])
            if ap not in wanted:
                tmp.write(dumps(rec).encode("utf-8"))
            elif (
                ap in keep
                and ap not in written
                and "error" not in rec
                and rec.get("options") == key
                and rec.get("sha256") == valid[ap]
            ):
                tmp.write(dumps(rec).encode("utf-8"))
                written.add(ap)
                result.add(rec)
        tmp.seek(0)
        fh.seek(0)
        fh.truncate()
        while chunk := tmp.read(1 << 20):
            fh.write(chunk)
        fh.flush()
    result.skipped = len(written)
    return [p for p in files if os.path.abspath(p) not in written]


def _lock(out: Path):
    """Open the results file (created with the umask's mode, not truncated) and lock it; a second batch
    on the same file gets a BatchError naming the process that holds it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fh = open(os.open(out, os.O_RDWR | os.O_CREAT, 0o666), "r+b")
    if not stat_regular(fh):
        fh.close()
        raise BatchError(f"结果文件必须是普通文件 / the results file must be a regular file: {out}")
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fh)
        fh.close()
        who = f"进程 / process {holder}" if holder else "另一个进程 / another process"
        raise BatchError(f"{out} 正被{who} 写入（另一个 gongkai batch？）/ is being written by {who}") from None
    if not is_results_file(out):
        fh.close()
        raise BatchError(
            f"{out} 不是 gongkai batch 结果文件，拒绝覆盖 / not a gongkai results file: refusing to overwrite it"
        )
    return fh


def stat_regular(fh) -> bool:
    import stat

    return stat.S_ISREG(os.fstat(fh.fileno()).st_mode)


def _holder(fh) -> int | None:
    """The pid holding a flock on this file, from /proc/locks (Linux); None when we cannot tell."""
    st = os.fstat(fh.fileno())
    inode = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii") as locks:
            for line in locks:
                parts = line.split()
                if "->" not in parts and len(parts) > 5 and parts[1] == "FLOCK" and parts[5] == inode:
                    return int(parts[4])
    except (OSError, ValueError):
        pass
    return None


def run_batch(
    files: list[str],
    out: Path,
    opts: BatchOptions,
    *,
    jobs: int = 0,
    resume: bool = False,
    progress: bool = True,
    worker: Callable[[str, BatchOptions], dict[str, Any]] = check_file,
    window: int = 4,
) -> BatchResult:
    jobs = jobs or os.cpu_count() or 1
    result = BatchResult()
    with _lock(out) as fh:
        if resume:
            todo = _resume(files, fh, opts, result)
        else:
            fh.truncate(0)
            todo = list(files)
        fh.seek(0, os.SEEK_END)
        with _progress(progress, len(files), result.skipped) as advance:
            for rec in _dispatch(todo, opts, jobs, worker, window):
                fh.write(dumps(rec).encode("utf-8"))
                fh.flush()
                result.add(rec)
                advance()
    return result


def _dispatch(files: list[str], opts: BatchOptions, jobs: int, worker, window: int):
    """Yield one record per file, in input order, surviving worker deaths."""
    pending = deque((path, 0) for path in files)  # (path, times it was in flight when a worker died)
    inflight: deque = deque()
    careful = 0  # run this many suspects one at a time
    pool = _pool(jobs)
    try:
        while pending or inflight:
            limit = 1 if careful else jobs * window
            while pending and len(inflight) < limit:
                path, deaths = pending.popleft()
                inflight.append((path, deaths, pool.submit(worker, path, opts)))
            path, deaths, fut = inflight.popleft()
            try:
                rec = fut.result()
            except BrokenProcessPool:
                suspects = [(path, deaths)] + [(p, d) for p, d, _ in inflight]
                inflight.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(jobs)
                if careful:  # it was alone: this document kills the worker
                    careful -= 1
                    yield error_record(
                        path,
                        sha256_of(path),
                        "检查进程崩溃 / the worker process died checking this document (a bug)",
                        "internal",
                    )
                    pending.extendleft(reversed(suspects[1:]))
                else:
                    careful = len(suspects)
                    pending.extendleft(reversed([(p, d + 1) for p, d in suspects]))
                continue
            except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result: one record, go on
                rec = error_record(path, sha256_of(path), f"{type(exc).__name__}: {exc}", "internal")
            if careful:
                careful -= 1
            yield rec
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _progress:
    """A rich progress bar on stderr (or nothing); the context value advances it by one."""

    def __init__(self, enabled: bool, total: int, done: int) -> None:
        self.enabled, self.total, self.done = enabled, total, done

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("gongkai batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.bar.start()
        task = self.bar.add_task("check", total=self.total, completed=self.done)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: Any) -> None:
        if self.enabled:
            self.bar.stop()


# -- the summary --------------------------------------------------------------------------------------


def summary_table(result: BatchResult, lang: str = "zh", top: int = 10, file=None) -> None:
    """Files, failures per family and the most frequent failing rules (stdout: the results are in the JSONL)."""
    from rich.console import Console
    from rich.table import Table

    from gongkai.engine.render._common import family_title

    en = lang == "en"
    console = Console(file=file, highlight=False, soft_wrap=True, width=100)
    files = Table(box=None, show_header=True, header_style="bold", padding=(0, 2))
    heads = (
        ("files", "文件"),
        ("checked", "本次检查"),
        ("resumed", "续跑跳过"),
        ("failing", "不符合"),
        ("unreadable/errors", "出错"),
    )
    for en_h, zh_h in heads:
        files.add_column(en_h if en else zh_h, justify="right")
    files.add_row(
        *map(
            str,
            (
                result.files,
                result.files - result.skipped - len(result.errors),
                result.skipped,
                result.failing,
                len(result.errors),
            ),
        )
    )
    console.print(files)
    if result.families:
        fam = Table(box=None, show_header=True, header_style="bold", padding=(0, 2))
        fam.add_column("family" if en else "类别")
        fam.add_column("")
        fam.add_column("failures" if en else "不符合项", justify="right")
        for name, n in sorted(result.families.items(), key=lambda kv: (-kv[1], kv[0])):
            fam.add_row(name, family_title(name, lang), str(n))
        console.print(fam)
        rules = Table(box=None, show_header=True, header_style="bold", padding=(0, 2))
        rules.add_column("rule" if en else "规则")
        rules.add_column("failures" if en else "不符合项", justify="right")
        for rid, n in sorted(result.rules.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
            rules.add_row(rid, str(n))
        console.print(rules)
    from rich.text import Text

    for path, reason, _ in result.errors:
        shown = os.fsencode(path).decode("utf-8", "replace")  # a non-UTF-8 name must still print
        console.print(Text(f"✗ {shown}: {reason}", style="red"))


__all__ = ["BatchOptions", "BatchResult", "expand_inputs", "run_batch", "check_file", "summary_table"]
