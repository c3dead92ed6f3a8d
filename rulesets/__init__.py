"""Rule packs. A document selects one budget pack and one indicator pack automatically (those its
jurisdiction template declares, in force for its year: engine/templates), or by `--ruleset`; a pack named
explicitly replaces the automatic pack of the same kind."""
from __future__ import annotations

from engine.authoring import Pack
from engine.model import Disclosure


def all_packs() -> dict[str, tuple[str, Pack]]:
    """name → (kind, pack). Imported lazily so `gongkai rules` and `check` share one registry."""
    from rulesets import mof2016, perf2021, perf_classic, shanxi2024

    return {
        "mof2016": ("budget", mof2016.PACK),
        "shanxi2024": ("budget", shanxi2024.PACK),
        "perf_classic": ("indicator", perf_classic.PACK),
        "perf2021": ("indicator", perf2021.PACK),
    }


class UnknownPack(ValueError):
    pass


def _effective(pack: Pack, year: int | None) -> bool:
    """A pack applies from its `effective_from` year on (a document of unknown year takes it)."""
    return year is None or int(pack.effective_from[:4]) <= year


def template_packs(template, year: int | None) -> list[str]:
    """The budget pack a template declares — the most specific of its chain (base first) in force for the
    year — and its indicator pack (by default: classic forms before 2022, the 2021 framework after)."""
    packs = all_packs()
    chain = [n for n in template.packs if n in packs and _effective(packs[n][1], year)] or ["mof2016"]
    chosen = [chain[-1]]
    indicator = template.indicator_pack or ("perf_classic" if (year or 0) < 2022 else "perf2021")
    if indicator in packs:
        chosen.append(indicator)
    return chosen


def auto_packs(doc: Disclosure, template=None) -> list[str]:
    """The packs the document's template declares. `template`: a Template, a template name (`--template`),
    or None for the one the document names."""
    from engine.templates import Template, select_template

    if not isinstance(template, Template):
        template = select_template(doc, template).template
    return template_packs(template, doc.meta.year)


def select_packs(doc: Disclosure, names: list[str] | None = None, template=None) -> list[Pack]:
    packs = all_packs()
    for name in names or []:
        if name not in packs:
            raise UnknownPack(f"未知规则包 / unknown ruleset: {name} (可选 / choose from: {', '.join(sorted(packs))})")
    chosen = auto_packs(doc, template)
    for name in names or []:
        kind = packs[name][0]
        chosen = [c for c in chosen if packs[c][0] != kind] + [name]
    ordered = sorted(dict.fromkeys(chosen), key=lambda n: (packs[n][0] != "budget", n))
    return [packs[n][1] for n in ordered]


def collect(module) -> list[type]:
    """The rule classes a module defines, in definition order (like sqlfluff's get_rules())."""
    from engine.authoring import Rule

    return [v for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, Rule) and v.__module__ == module.__name__ and v.id]
