"""Benchmark `gongkai batch`: throughput and memory over many sample-sized documents.

    .venv/bin/python bench/batch.py [--docs 1000] [--jobs 1 2] [--repeat 3] [--worker check|noop]

Documents are copies of examples/shanxi-sme-bureau-2024.txt with one changed trailing line each, so
every sha256 differs (written to a temporary directory, removed afterwards). For each --jobs value the
batch runs --repeat times; we print the median documents/second (wall clock), documents per worker
CPU-second (what a core gives when the machine is shared with other load), the peak RSS of any worker and of this
process, and each worker's RSS early vs late in the run (flat memory: late ≈ early).
`--worker noop` measures the batch machinery alone (pool, IPC, JSONL), without checking.
Not a test: no timed assertions anywhere.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.engine.workflow.batch import BatchOptions, check_file, run_batch  # noqa: E402

SAMPLE = ROOT / "examples" / "shanxi-sme-bureau-2024.txt"


def noop_worker(path: str, opts: BatchOptions) -> dict:
    with open(path, "rb") as fh:
        size = len(fh.read())
    return {
        "schema": "gongkai.batch/1",
        "path": path,
        "sha256": "-",
        "exit": 0,
        "summary": {"bytes": size},
        "findings": [],
    }


def make_docs(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_text(encoding="utf-8")
    paths = []
    for i in range(n):
        p = folder / f"doc{i:05d}.txt"
        p.write_text(text + f"\n（基准测试副本 {i}）\n", encoding="utf-8")
        paths.append(str(p))
    return paths


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def _cpu_seconds(pid: int) -> float:
    """utime + stime of one process, from /proc (the workers are not our children: the forkserver's)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Every `every` seconds: RSS of each descendant process (the forkserver and the workers)."""

    def __init__(self, every: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.every, self.peak_kb, self._halt = every, 0, threading.Event()
        self.samples: list[tuple[float, dict[int, int]]] = []  # (time, RSS in kB by process)
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        me = os.getpid()
        while not self._halt.is_set():
            rss = {p: _status_kb(p, "VmRSS") for p in _descendants(me)}
            for p in rss:
                self.peak_kb = max(self.peak_kb, _status_kb(p, "VmHWM"))
                self.cpu[p] = max(self.cpu.get(p, 0.0), _cpu_seconds(p))
            self.samples.append((time.perf_counter(), rss))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def one_run(files: list[str], jobs: int, worker, out: Path) -> dict:
    sampler = Sampler()
    sampler.start()
    t0 = time.perf_counter()
    result = run_batch(files, out, BatchOptions(), jobs=jobs, progress=False, worker=worker)
    elapsed = time.perf_counter() - t0
    sampler.stop()
    assert result.files == len(files)
    # per-worker RSS early (first sample after 10% of the run) vs late (last sample before 90%: the very last
    # one can catch the workers exiting, or only the forkserver left)
    workers = [s for s in sampler.samples if len(s[1]) > 1]
    early = late = 0
    if workers:
        first = next((s for s in workers if s[0] >= t0 + 0.1 * elapsed), workers[0])[1]
        last = next((s for s in reversed(workers) if s[0] <= t0 + 0.9 * elapsed), workers[-1])[1]
        early = max(first.values()) // 1024
        late = max(last.values()) // 1024
    cpu = sum(sampler.cpu.values())
    return {
        "seconds": elapsed,
        "docs_per_s": len(files) / elapsed,
        "docs_per_cpu_s": len(files) / cpu if cpu else 0.0,
        "worker_peak_mb": sampler.peak_kb // 1024,
        "worker_rss_early_mb": early,
        "worker_rss_late_mb": late,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--worker", choices=("check", "noop"), default="check")
    args = ap.parse_args()
    worker = check_file if args.worker == "check" else noop_worker
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    try:
        files = make_docs(tmp / "docs", args.docs)
        print(
            f"{args.docs} documents ({SAMPLE.stat().st_size // 1024} KB each), worker={args.worker}, "
            f"{os.cpu_count()} cores, repeat {args.repeat}"
        )
        for jobs in args.jobs:
            runs = [one_run(files, jobs, worker, tmp / f"out-{jobs}.jsonl") for _ in range(args.repeat)]
            med = statistics.median(r["docs_per_s"] for r in runs)
            each = ", ".join(f"{r['docs_per_s']:.1f}" for r in runs)
            per_cpu = statistics.median(r["docs_per_cpu_s"] for r in runs)
            print(
                f"--jobs {jobs}: median {med:.1f} docs/s (runs: {each}); {per_cpu:.1f} docs per worker CPU-second; "
                f"worker peak RSS {max(r['worker_peak_mb'] for r in runs)} MB; "
                f"worker RSS early/late {runs[-1]['worker_rss_early_mb']}/{runs[-1]['worker_rss_late_mb']} MB"
            )
        main_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(f"main process peak RSS {main_peak} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
