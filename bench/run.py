"""Benchmark the pipeline on the bundled sample: median time per stage, documents per second, memory.

    .venv/bin/python bench/run.py [--docs 1000] [--repeat 30] [--flat 10000]

Stages: read (text → Disclosure), facts (Disclosure → engine facts), engine (durable-rules sessions for the
selected packs), render (text and JSON). Throughput runs N checks in one process; `--flat N` runs N
documents and prints RSS every N/10 so a leak shows as a rising line. Medians and ratios, never one run.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.authoring import Config, Pack  # noqa: E402
from engine.check import check  # noqa: E402
from engine.facts import build_facts  # noqa: E402
from engine.ingest import load_bytes  # noqa: E402
from engine.render import RenderOptions, get  # noqa: E402
from engine.runtime import get_runtime  # noqa: E402
from rulesets import select_packs  # noqa: E402

SAMPLE = ROOT / "examples" / "shanxi-sme-bureau-2024.txt"


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--flat", type=int, default=0)
    args = ap.parse_args()
    data = SAMPLE.read_bytes()
    cfg = Config()
    doc = load_bytes(data, str(SAMPLE))
    packs = select_packs(doc)
    runtime = get_runtime()
    check(doc)    # warm-up: registers the rulesets once per process

    read_ms, doc = timed(lambda: load_bytes(data, str(SAMPLE)), args.repeat)
    facts_ms, facts = timed(lambda: build_facts(doc), args.repeat)
    engine_ms, _ = timed(lambda: [runtime.check(p, facts, cfg, doc.source.path, doc.line_text) for p in packs],
                         args.repeat)
    report = check(doc)
    text_ms, _ = timed(lambda: get("text")(report, io.StringIO(), RenderOptions()), args.repeat)
    json_ms, _ = timed(lambda: get("json")(report, io.StringIO(), RenderOptions()), args.repeat)
    print(f"sample: {len(doc.lines)} lines, {len(facts)} facts, {len(report.findings)} findings, packs {[p.name for p in packs]}")
    print(f"median per document (ms): read {read_ms:.1f} · facts {facts_ms:.1f} · engine {engine_ms:.1f} · "
          f"render text {text_ms:.1f} · render json {json_ms:.1f}")
    print(f"read + facts + engine: {read_ms + facts_ms + engine_ms:.1f} ms (goal ≤ 20 ms)")
    # the foundation's families alone (TBL, EMPTY, SUM, XTAB), on the same facts
    base = packs[0]
    tables_only = Pack(name="bench-tables", version="0", title="", jurisdiction="", effective_from="",
                       rules=[r for r in base.rules if r.family in ("TBL", "EMPTY", "SUM", "XTAB")],
                       derivers=[d for d in base.derivers if d.subject == "table"])
    tables_ms, run = timed(lambda: runtime.check(tables_only, facts, cfg, doc.source.path, doc.line_text), args.repeat)
    print(f"engine, TBL/EMPTY/SUM/XTAB only: {tables_ms:.1f} ms ({len(run.findings)} findings)")

    start = time.perf_counter()
    for i in range(args.docs):
        # a different sha each time, like a real batch
        check(load_bytes(data + f"\n# {i}\n".encode(), f"doc{i}.txt"))
    took = time.perf_counter() - start
    print(f"{args.docs} documents in one process: {took:.1f} s, {args.docs / took:.1f} documents/s, "
          f"RSS {rss_mb():.0f} MB, peak {peak_mb():.0f} MB, live sessions {runtime.live_sessions()}")

    if args.flat:
        step = max(args.flat // 10, 1)
        marks = []
        for i in range(args.flat):
            check(load_bytes(data, "doc.txt"))
            if (i + 1) % step == 0:
                marks.append(f"{rss_mb():.0f}")
        print(f"RSS (MB) every {step} documents over {args.flat}: {' '.join(marks)}")


if __name__ == "__main__":
    main()
