"""Rule packs. Each pack registers itself under the `gongkai.packs` entry points (pyproject.toml) and is chosen
by its metadata (engine/workflow/registry.py): a document gets the budget pack and the indicator pack in force for its
jurisdiction template and year, or those named with `--ruleset`."""

from __future__ import annotations

from typing import Any


def collect(module) -> list[Any]:
    """The rule classes a module defines (engine.authoring.collect: refuses a family the module does not hold)."""
    from gongkai.engine.authoring import collect as collect_rules

    return collect_rules(module)
