"""The pipeline: document → facts → one durable-rules session per pack → report."""
from __future__ import annotations

from engine.authoring import Config
from engine.facts import build_facts
from engine.model import Disclosure
from engine.report import DocumentInfo, Report
from engine.runtime import get_runtime


def check(doc: Disclosure, packs: list[str] | None = None, config: Config | None = None,
          with_trace: bool = False) -> Report:
    from rulesets import select_packs

    config = config or Config()
    chosen = select_packs(doc, packs)
    facts = build_facts(doc)
    runtime = get_runtime()
    findings = []
    for pack in chosen:
        run = runtime.check(pack, facts, config, doc.source.path, doc.line_text,
                            locate=doc.location if doc.locations else None)
        findings.extend(run.findings)
    report = Report(document=DocumentInfo(path=doc.source.path, sha256=doc.source.sha256,
                                          department=doc.meta.department, year=doc.meta.year),
                    rulesets=[p.name for p in chosen], findings=findings)
    return report.finalize()
