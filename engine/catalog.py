"""The catalog: every rule pack an installed distribution registers, and every rule in them (plus the planned
ones). Packs are not imported by name: each registers under the `gongkai.packs` entry-point group (see
pyproject.toml), so the engine never imports `rulesets`."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points

from engine.authoring import FAMILIES, Pack, Rule

ENTRY_POINTS = "gongkai.packs"


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
