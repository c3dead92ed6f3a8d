"""Real disclosures: pages/s and seconds per document for the PDF reader, and for a whole check.

    .venv/bin/python bench/real.py [--dir ../shared/real-disclosures] [--repeat 3] [--before REV] [--cli]

Per document: the reader alone (median of --repeat runs, pages/s), read + facts + engine in this process, and
with --cli the cold `gongkai check FILE` (a fresh interpreter: start-up and imports included), and whether the
goal is met: the median cold wall time of the ~40-page documents (35–45 pages) ≤ 0.4 s. In-process figures are
CPU seconds (what one core gives, also when other work shares the machine); the cold CLI shows wall and CPU.
--before REV also times the PDF reader of a git revision (e.g. `--before 282912f`, the pdfplumber reader) on the
same files in the same run, so before/after are measured side by side. Medians, never one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.engine.pipeline.ingest import load_bytes  # noqa: E402
from gongkai.engine.pipeline.ingest.pdf import read_pdf  # noqa: E402
from gongkai.engine.workflow.check import check  # noqa: E402

DEFAULT_DIRS = (ROOT.parent / "shared" / "real-disclosures", ROOT / "tests" / "fixtures" / "real")
PAGES_GOAL = 250  # pages/s per core, reading text, positions and table structure
CLI_GOAL_S = 0.4  # a real ~40-page disclosure checked end to end, cold
CLI_GOAL_PAGES = (35, 45)  # the documents the cold CLI goal is about: "~40 pages"


def median_time(fn, repeat: int) -> float:
    """Median CPU seconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def reader_at(rev: str):
    """The `read_pdf` of the PDF reader as it was at git revision `rev` (engine/ingest/pdf.py before the layer
    folders)."""
    for where in ("engine/pipeline/ingest/pdf.py", "engine/ingest/pdf.py"):
        shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:{where}"], capture_output=True, text=True)
        if shown.returncode == 0:
            source = shown.stdout
            break
    else:
        raise SystemExit(f"{rev}: no PDF reader at that revision")
    path = Path(tempfile.mkdtemp()) / "pdf_before.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("gongkai.engine.pipeline.ingest._pdf_before", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.read_pdf


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def cold_check(path: Path, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `gongkai check FILE` in a fresh process: the goal's command as typed, the
    text report (read from a pipe). With the project's bytecode cached, as after any first run (a machine that
    sets PYTHONDONTWRITEBYTECODE recompiles every module at each start)."""
    gongkai = Path(sys.executable).parent / "gongkai"
    cmd = [str(gongkai), "check", str(path)]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(cmd, check=False, capture_output=True, env=env)  # writes the bytecode once
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=False, capture_output=True, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", type=Path, default=next((d for d in DEFAULT_DIRS if d.is_dir()), DEFAULT_DIRS[-1]))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--before", metavar="REV", help="also time the PDF reader of this git revision")
    ap.add_argument("--cli", action="store_true", help="also time a cold `gongkai check` per document")
    args = ap.parse_args()
    files = sorted(args.dir.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDF files in {args.dir}")
    before = reader_at(args.before) if args.before else None
    read_pdf(files[0].read_bytes())  # warm-up: PDFium loaded once per process, as in a batch
    check(load_bytes(files[0].read_bytes(), str(files[0])))

    head = f"{'document (CPU s)':44} {'pages':>5} {'read s':>7} {'pages/s':>8} {'check s':>8}"
    if before:
        head += f" {'before s':>9} {'pages/s':>8} {'×':>5}"
    if args.cli:
        head += f" {'cold CLI wall/CPU s':>20}"
    print(head)
    total_pages = total_read = total_check = total_before = 0.0
    goal_walls = []  # cold CLI wall seconds of the ~40-page documents
    for path in files:
        data = path.read_bytes()
        pages = page_count(data)
        read_s = median_time(lambda: read_pdf(data), args.repeat)
        check_s = median_time(lambda: check(load_bytes(data, str(path))), args.repeat)
        total_pages += pages
        total_read += read_s
        total_check += check_s
        row = f"{path.stem[:44]:44} {pages:5d} {read_s:7.3f} {pages / read_s:8.0f} {check_s:8.3f}"
        if before:
            before_s = median_time(lambda: before(data), 1)  # the slow reader: one run
            total_before += before_s
            row += f" {before_s:9.3f} {pages / before_s:8.0f} {before_s / read_s:5.1f}"
        if args.cli:
            wall, cpu = cold_check(path, args.repeat)
            row += f" {wall:10.3f} / {cpu:6.3f}"
            if CLI_GOAL_PAGES[0] <= pages <= CLI_GOAL_PAGES[1]:
                goal_walls.append(wall)
        print(row, flush=True)
    line = (
        f"all {len(files)} documents: {total_pages:.0f} pages, reader {total_pages / total_read:.0f} pages/s per core "
        f"(goal ≥ {PAGES_GOAL}), {total_read / len(files):.3f} s/document; check {len(files) / total_check:.1f} "
        f"documents per CPU-second in one process (goal ≥ 5)"
    )
    if before:
        line += f"; before: {total_pages / total_before:.0f} pages/s, {total_before / len(files):.3f} s/document"
    print(line)
    if args.cli:
        print(cli_verdict(goal_walls))


def cli_verdict(walls: list[float]) -> str:
    """The cold CLI goal's line: the median cold wall time of the ~40-page documents against the goal."""
    low, high = CLI_GOAL_PAGES
    if not walls:
        return f"cold CLI goal (≤ {CLI_GOAL_S} s wall for {low}–{high} pages): no document of {low}–{high} pages"
    median = statistics.median(walls)
    verdict = "met" if median <= CLI_GOAL_S else "NOT met"
    return (
        f"cold CLI goal {verdict}: {len(walls)} documents of {low}–{high} pages, median {median:.3f} s wall "
        f"(goal ≤ {CLI_GOAL_S} s)"
    )


if __name__ == "__main__":
    main()
