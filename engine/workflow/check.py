"""The pipeline: document → template → facts → one durable-rules session per pack → report."""

from __future__ import annotations

from gongkai.engine.authoring import Config
from gongkai.engine.pipeline.facts import build_facts
from gongkai.engine.pipeline.gc_pause import gc_paused
from gongkai.engine.pipeline.model import Disclosure
from gongkai.engine.pipeline.report import DocumentInfo, Report, TemplateInfo
from gongkai.engine.pipeline.runtime import get_runtime


def choose_template(doc: Disclosure, packs: list[str] | None = None, template: str | None = None):
    """The document's template (`--template` first). A budget pack named with `--ruleset` that is not the one
    the template declares brings its own template (`-r mof2016` judges against the national baseline)."""
    from gongkai.engine.pipeline.catalog import all_packs
    from gongkai.engine.templates import all_templates, select_template
    from gongkai.engine.workflow.registry import template_packs

    selection = select_template(doc, template)
    registry = all_packs()
    budget = [n for n in packs or [] if n in registry and registry[n][0] == "budget"]
    if template or not budget or template_packs(selection.template, doc.meta.year)[0] == budget[-1]:
        return selection
    pack = registry[budget[-1]][1]  # the template of the pack's own jurisdiction and years
    owners = [t for t in all_templates().values() if t.jurisdiction == pack.jurisdiction]
    owner = next((t for t in owners if t.name == "national"), None) or next(
        (t for t in owners if t.years[0] <= pack.first_year <= t.years[1]), owners[0] if owners else None
    )
    if owner is None:
        return selection
    return type(selection)(
        template=owner, chosen_by="ruleset", note=f"按 --ruleset {budget[-1]} 使用模板：{owner.title_zh}"
    )


def check(
    doc: Disclosure,
    packs: list[str] | None = None,
    config: Config | None = None,
    template: str | None = None,
) -> Report:
    with gc_paused():  # the whole pipeline of one document (gc_pause.gc_paused says why)
        return _check(doc, packs, config or Config(), template)


def _check(doc: Disclosure, packs: list[str] | None, config: Config, template: str | None) -> Report:
    from gongkai.engine.workflow.registry import select_packs

    selection = choose_template(doc, packs, template)
    chosen = select_packs(doc, packs, selection.template)
    facts = build_facts(doc) + [selection.fact(doc)]
    runtime = get_runtime()
    findings = []
    for pack in chosen:
        run = runtime.check(
            pack, facts, config, doc.source.path, doc.line_text, locate=doc.location if doc.locations else None
        )
        findings.extend(run.findings)
    report = Report(
        document=DocumentInfo(
            path=doc.source.path, sha256=doc.source.sha256, department=doc.meta.department, year=doc.meta.year
        ),
        rulesets=[p.name for p in chosen],
        template=TemplateInfo(**selection.info()),
        findings=findings,
    )
    return report.finalize()
