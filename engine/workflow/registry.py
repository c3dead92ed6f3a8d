"""Which rule packs judge a document, chosen by their own metadata (the packs themselves are found by
engine/pipeline/catalog.py): the kind (budget or indicator), the jurisdiction a pack belongs to (a prefix of the
template's: "CN" judges everywhere, "CN-SX" judges Shanxi) and the first budget year it judges. A province's pack
is added without touching the engine."""

from __future__ import annotations

from gongkai.engine.authoring import Pack
from gongkai.engine.pipeline import catalog


class UnknownPack(ValueError):
    pass


def _covers(pack: Pack, jurisdiction: str) -> bool:
    return jurisdiction == pack.jurisdiction or jurisdiction.startswith(pack.jurisdiction + "-")


def _in_force(pack: Pack, year: int | None) -> bool:
    """A document of unknown year takes every pack."""
    return year is None or pack.first_year <= year


def budget_pack(template, year: int | None) -> str:
    """The most specific budget pack covering the template's jurisdiction and in force for the year."""
    chosen = [
        p
        for kind, p in catalog.all_packs().values()
        if kind == "budget" and _covers(p, template.jurisdiction) and _in_force(p, year)
    ]
    if not chosen:
        raise UnknownPack(f"没有适用于 {template.jurisdiction} {year or ''} 的规则包 / no budget pack applies")
    return max(chosen, key=lambda p: (len(p.jurisdiction), p.first_year)).name


def indicator_pack(template, year: int | None) -> str | None:
    """The template's own indicator framework, else the newest one in force for the year (a document of unknown
    year is judged by the oldest: the classic forms)."""
    packs = catalog.all_packs()
    if template.indicator_pack:
        return template.indicator_pack if template.indicator_pack in packs else None
    frameworks = sorted((p for kind, p in packs.values() if kind == "indicator"), key=lambda p: p.first_year)
    if not frameworks:
        return None
    if year is None:
        return frameworks[0].name
    current = [p for p in frameworks if p.first_year <= year]
    return (current or frameworks)[-1].name


def template_packs(template, year: int | None) -> list[str]:
    """The budget pack and the indicator pack that judge a document of this template and year."""
    chosen = [budget_pack(template, year)]
    indicator = indicator_pack(template, year)
    return chosen + ([indicator] if indicator else [])


def auto_packs(doc, template=None) -> list[str]:
    """The packs for a document. `template`: a Template, a template name (`--template`), or None for the one
    the document names."""
    from gongkai.engine.templates import Template, select_template

    if not isinstance(template, Template):
        template = select_template(doc, template).template
    return template_packs(template, doc.meta.year)


def check_names(names: list[str] | None) -> None:
    packs = catalog.all_packs()
    unknown = [n for n in names or [] if n not in packs]
    if unknown:
        raise UnknownPack(
            f"未知规则包 / unknown ruleset: {', '.join(unknown)} (可选 / choose from: {', '.join(sorted(packs))})"
        )


def select_packs(doc, names: list[str] | None = None, template=None) -> list[Pack]:
    """The automatic packs, with a pack named by `--ruleset` replacing the automatic one of its kind."""
    packs = catalog.all_packs()
    check_names(names)
    chosen = auto_packs(doc, template)
    for name in names or []:
        kind = packs[name][0]
        chosen = [c for c in chosen if packs[c][0] != kind] + [name]
    ordered = sorted(dict.fromkeys(chosen), key=lambda n: (packs[n][0] != "budget", n))
    return [packs[n][1] for n in ordered]
