"""Rule packs. Each pack registers itself under the `gongkai.packs` entry points (pyproject.toml) and is chosen
by its metadata (engine/registry.py): a document gets the budget pack and the indicator pack in force for its
jurisdiction template and year, or those named with `--ruleset`."""
from __future__ import annotations

from engine.catalog import all_packs  # noqa: F401 - re-exported
from engine.registry import UnknownPack, auto_packs, select_packs, template_packs  # noqa: F401 - re-exported


def collect(module) -> list[type]:
    """The rule classes a module defines, in definition order (like sqlfluff's get_rules())."""
    from engine.authoring import Rule

    return [v for v in vars(module).values()
            if isinstance(v, type) and issubclass(v, Rule) and v.__module__ == module.__name__ and v.id]
