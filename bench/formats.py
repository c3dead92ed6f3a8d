"""Benchmark reading PDF, DOCX and XLSX disclosures: PDF pages per second, DOCX/XLSX documents per
second, and how long a 40-page disclosure takes end to end (read + check), per format.

    .venv/bin/python bench/formats.py [--repeat 3] [--pages 40]

Documents are the bundled sample rendered by engine/render/disclosure_{pdf,docx,xlsx}.py; the 40-page one
is the sample with its project performance forms repeated (forms are what makes real disclosures long).
Medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.engine.pipeline.ingest import load_bytes  # noqa: E402
from gongkai.engine.publish.disclosure_docx import render_docx  # noqa: E402
from gongkai.engine.publish.disclosure_pdf import render_pdf  # noqa: E402
from gongkai.engine.publish.disclosure_xlsx import render_xlsx  # noqa: E402
from gongkai.engine.workflow.check import check  # noqa: E402

SAMPLE = ROOT / "examples" / "shanxi-sme-bureau-2024.txt"
RENDER = {"pdf": render_pdf, "docx": render_docx, "xlsx": render_xlsx}


def median_time(fn, repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds. CPU time is what the work costs on a machine shared with other jobs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def pdf_pages(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def longer_sample(pages: int) -> tuple[str, bytes, int]:
    """The sample with project performance forms appended, one at a time, until its PDF has `pages` pages."""
    lines = SAMPLE.read_text(encoding="utf-8").split("\n")
    starts = [i for i, line in enumerate(lines) if "项目支出绩效目标申报表" in line and "\t" not in line]
    forms = [lines[a:b] for a, b in zip(starts, starts[1:] + [len(lines)])]
    text, k = "\n".join(lines), 0
    while True:
        data = render_pdf(load_bytes(text.encode("utf-8"), "long.txt"))
        n = pdf_pages(data)
        if n >= pages or k > 200:
            return text, data, n
        text += "\n\n" + "\n".join(forms[k % len(forms)])
        k += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pages", type=int, default=40)
    args = ap.parse_args()

    sample = load_bytes(SAMPLE.read_bytes(), str(SAMPLE))
    print(f"{'format':6} {'bytes':>9} {'render s':>9} {'read s (wall/cpu)':>18}  throughput (cpu; wall)")
    for fmt, render in RENDER.items():
        t_render, _ = median_time(lambda: render(sample), args.repeat)
        data = render(sample)
        wall, cpu = median_time(lambda: load_bytes(data, f"sample.{fmt}"), args.repeat)
        if fmt == "pdf":
            n = pdf_pages(data)
            rate = f"{n / cpu:.1f} pages/s; {n / wall:.1f} pages/s ({n} pages)"
        else:
            rate = f"{1 / cpu:.1f} docs/s; {1 / wall:.1f} docs/s"
        print(f"{fmt:6} {len(data):9,} {t_render:9.2f} {wall:9.2f} / {cpu:5.2f}  {rate}")

    text, pdf, pages = longer_sample(args.pages)
    doc = load_bytes(text.encode("utf-8"), "long.txt")
    print(f"\n{pages}-page disclosure ({len(text.splitlines())} text lines), read + check end to end (wall / cpu):")
    wall, cpu = median_time(lambda: check(load_bytes(text.encode("utf-8"), "long.txt")), args.repeat)
    print(f"  {'txt':5} {wall:6.2f} s / {cpu:5.2f} s")
    for fmt, render in RENDER.items():
        data = pdf if fmt == "pdf" else render(doc)
        wall, cpu = median_time(lambda: check(load_bytes(data, f"long.{fmt}")), args.repeat)
        print(f"  {fmt:5} {wall:6.2f} s / {cpu:5.2f} s")


if __name__ == "__main__":
    main()
