"""The pack registry: which rule packs exist and which of them judge a document.

Packs are not imported by name. A distribution registers each pack under the `gongkai.packs` entry-point group
(see pyproject.toml), and a pack is chosen by its own metadata: its kind (budget or indicator), the jurisdiction it
belongs to (a prefix of the template's: "CN" judges everywhere, "CN-SX" judges Shanxi) and the first budget year it
judges. So a province's pack is added without touching the engine, and the engine never imports `rulesets`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points

from engine.authoring import FAMILIES, Pack, Rule

ENTRY_POINTS = "gongkai.packs"


class UnknownPack(ValueError):
    pass


@cache
def all_packs() -> dict[str, tuple[str, Pack]]:
    """name → (kind, pack), for every pack an installed distribution registers."""
    found: dict[str, tuple[str, Pack]] = {}
    for ep in sorted(entry_points(group=ENTRY_POINTS), key=lambda e: e.name):
        pack = ep.load()
        if not isinstance(pack, Pack) or pack.name != ep.name:
            raise TypeError(f"entry point {ep.name} = {ep.value}: not a Pack named {ep.name!r}")
        found[pack.name] = (pack.kind, pack)
    if not found:
        raise RuntimeError("没有已注册的规则包 / no rule pack is registered: is gongkai installed (pip install -e .)?")
    return found


def _covers(pack: Pack, jurisdiction: str) -> bool:
    return jurisdiction == pack.jurisdiction or jurisdiction.startswith(pack.jurisdiction + "-")


def _in_force(pack: Pack, year: int | None) -> bool:
    """A document of unknown year takes every pack."""
    return year is None or pack.first_year <= year


def budget_pack(template, year: int | None) -> str:
    """The most specific budget pack covering the template's jurisdiction and in force for the year."""
    chosen = [p for kind, p in all_packs().values()
              if kind == "budget" and _covers(p, template.jurisdiction) and _in_force(p, year)]
    if not chosen:
        raise UnknownPack(f"没有适用于 {template.jurisdiction} {year or ''} 的规则包 / no budget pack applies")
    return max(chosen, key=lambda p: (len(p.jurisdiction), p.first_year)).name


def indicator_pack(template, year: int | None) -> str | None:
    """The template's own indicator framework, else the newest one in force for the year (a document of unknown
    year is judged by the oldest: the classic forms)."""
    packs = all_packs()
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
    from engine.templates import Template, select_template

    if not isinstance(template, Template):
        template = select_template(doc, template).template
    return template_packs(template, doc.meta.year)


def check_names(names: list[str] | None) -> None:
    packs = all_packs()
    unknown = [n for n in names or [] if n not in packs]
    if unknown:
        raise UnknownPack(f"未知规则包 / unknown ruleset: {', '.join(unknown)} "
                          f"(可选 / choose from: {', '.join(sorted(packs))})")


def select_packs(doc, names: list[str] | None = None, template=None) -> list[Pack]:
    """The automatic packs, with a pack named by `--ruleset` replacing the automatic one of its kind."""
    packs = all_packs()
    check_names(names)
    chosen = auto_packs(doc, template)
    for name in names or []:
        kind = packs[name][0]
        chosen = [c for c in chosen if packs[c][0] != kind] + [name]
    ordered = sorted(dict.fromkeys(chosen), key=lambda n: (packs[n][0] != "budget", n))
    return [packs[n][1] for n in ordered]


# -- the catalog: every rule of every pack, and the planned ones ---------------------------------------------
@dataclass
class Entry:
    id: str
    title_zh: str
    title_en: str
    severity: str
    basis: str
    family: str
    implemented: bool
    packs: list[str] = field(default_factory=list)
    aliases: tuple[str, ...] = ()
    rule: type[Rule] | None = None


def _order(rule_id: str) -> tuple[int, int]:
    fam, num = rule_id.split("-")
    return (FAMILIES.index(fam) if fam in FAMILIES else 99, int(num))


@cache
def _entries() -> tuple[Entry, ...]:
    found: dict[str, Entry] = {}
    for name, (_, pack) in sorted(all_packs().items()):
        for rule in pack.rules:
            e = found.get(rule.id)
            if e is None:
                e = found[rule.id] = Entry(rule.id, rule.title_zh, rule.title_en, rule.severity.value,
                                           rule.basis.text(), rule.family, rule.implemented, [], rule.aliases, rule)
            e.packs.append(name)
    for _, pack in all_packs().values():
        for rid, zh, en, sev, basis in pack.planned:
            if rid not in found:
                found[rid] = Entry(rid, zh, en, sev, basis, rid.split("-")[0], False)
    return tuple(sorted(found.values(), key=lambda e: _order(e.id)))


def entries() -> list[Entry]:
    return list(_entries())


def find(rule_id: str) -> Entry | None:
    key = rule_id.strip().upper()
    for e in _entries():
        if e.id == key or key in (a.upper() for a in e.aliases):
            return e
    return None
