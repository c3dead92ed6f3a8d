"""What gongkai reads and says on each real disclosure: template chosen, tables the template lists vs tables
recognised (kind, unit, rows), failures by severity, seconds.

    .venv/bin/python bench/coverage.py [--dir ../shared/real-disclosures] [--tables]

Beijing's two files (说明 + 报表) are checked together, as one disclosure. Run it after any reader or rule change
and read the error-level failures against the pages: each must be a defect a reviewer would fix.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.engine import templates  # noqa: E402
from gongkai.engine.pipeline import kinds  # noqa: E402
from gongkai.engine.pipeline.ingest.text import ReadError  # noqa: E402
from gongkai.engine.workflow.check import check  # noqa: E402
from gongkai.engine.workflow.run import read_document  # noqa: E402

DEFAULT_DIRS = (ROOT.parent / "shared" / "real-disclosures", ROOT / "tests" / "fixtures" / "real")


def disclosures(folder: Path) -> list[list[Path]]:
    """One entry per disclosure: Beijing's 说明 and 报表 files (same number prefix pair 13/14) together."""
    files = sorted(folder.glob("*.pdf"))
    beijing = [f for f in files if "beijing" in f.name]
    rest = [[f] for f in files if f not in beijing]
    return rest + ([beijing] if beijing else [])


def listed_tables(template_name: str) -> list[str]:
    """The table kinds the chosen template lists (the tables this jurisdiction publishes)."""
    return [t.kind for t in templates.get(template_name).tables]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=next((d for d in DEFAULT_DIRS if d.is_dir()), DEFAULT_DIRS[0]))
    parser.add_argument("--tables", action="store_true", help="list every recognised table")
    args = parser.parse_args()
    totals: collections.Counter = collections.Counter()
    print(
        f"{'document':34} {'template':18} {'tpl':>3} {'read':>4} {'rows':>5} {'unit':4} "
        f"{'error':>5} {'warn':>4} {'info':>4} {'s':>5}"
    )
    for parts in disclosures(args.dir):
        name = " + ".join(p.name[:16] for p in parts) if len(parts) > 1 else parts[0].name[:34]
        start = time.perf_counter()
        try:
            doc = read_document(parts if len(parts) > 1 else parts[0], None)
        except ReadError as exc:
            print(f"{name:34} refused: {str(exc)[:70]}")
            continue
        report = check(doc)
        seconds = time.perf_counter() - start
        fails = collections.Counter(f.severity for f in report.findings if f.status == "fail")
        totals.update(fails)
        template = report.template.name if report.template else "?"
        listed = listed_tables(report.template.name) if report.template else []
        tables = doc.tables
        units = ",".join(sorted({t.unit for t in tables if t.unit})) or "-"
        print(
            f"{name:34} {str(template)[:18]:18} {len(set(listed)):3} {len(tables):4} "
            f"{sum(len(t.rows) for t in tables):5} {units:4} {fails['error']:5} {fails['warning']:4} "
            f"{fails['info']:4} {seconds:5.2f}"
        )
        if args.tables:
            for t in tables:
                kind = kinds.BY_CODE.get(t.kind or t.id)
                print(
                    f"    {t.caption or '':10} {t.title[:34]:34} {kind.zh if kind else t.id:22} {t.unit or '?':3} "
                    f"{len(t.rows):4} rows"
                )
            missing = sorted(
                set(listed) - {t.kind or t.id for t in tables} - {f"T2{4 + (f.kind == 'whole')}" for f in doc.forms}
            )
            if missing:
                print("    in the template, not read: " + ", ".join(kinds.BY_CODE[k].zh for k in missing))
    print(f"failures: error {totals['error']} · warning {totals['warning']} · info {totals['info']}")


if __name__ == "__main__":
    main()
