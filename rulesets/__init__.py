"""Rule packs. A document selects one budget pack and one indicator pack automatically (by province and
year), or by `--ruleset`; a pack named explicitly replaces the automatic pack of the same kind."""
from __future__ import annotations

from engine.authoring import Pack
from engine.model import Disclosure


def all_packs() -> dict[str, tuple[str, Pack]]:
    """name → (kind, pack). Imported lazily so `gongkai rules` and `check` share one registry."""
    from rulesets import mof2016, shanxi2024

    packs: dict[str, tuple[str, Pack]] = {
        "mof2016": ("budget", mof2016.PACK),
        "shanxi2024": ("budget", shanxi2024.PACK),
    }
    try:
        from rulesets import perf2021, perf_classic
        packs["perf_classic"] = ("indicator", perf_classic.PACK)
        packs["perf2021"] = ("indicator", perf2021.PACK)
    except ImportError:  # the indicator packs land with the indicator issue
        pass
    return packs


class UnknownPack(ValueError):
    pass


def auto_packs(doc: Disclosure) -> list[str]:
    packs = all_packs()
    year = doc.meta.year or 0
    budget = "shanxi2024" if doc.meta.province == "山西" and year >= 2024 else "mof2016"
    chosen = [budget]
    indicator = "perf_classic" if doc.meta.province == "山西" or year < 2022 else "perf2021"
    if indicator in packs:
        chosen.append(indicator)
    return chosen


def select_packs(doc: Disclosure, names: list[str] | None = None) -> list[Pack]:
    packs = all_packs()
    for name in names or []:
        if name not in packs:
            raise UnknownPack(f"未知规则包 / unknown ruleset: {name} (可选 / choose from: {', '.join(sorted(packs))})")
    chosen = auto_packs(doc)
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
