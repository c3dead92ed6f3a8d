"""Rules from the catalog (../shared/domain/obligations.md §3) that no pack implements yet.

`gongkai rules` lists them as "not implemented" so nothing silently passes. When a rule lands in a pack,
delete its line here (a test fails if an id is both planned and implemented)."""

from __future__ import annotations

# id, title_zh, title_en, severity, basis
PLANNED: list[tuple[str, str, str, str, str]] = []
