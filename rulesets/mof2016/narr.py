"""The narrative families' deriver, and (until SANGONG, JGYX and PERF are ported to `judge`) the old helper names.

The statement helpers moved to `engine.statements` and are part of the authoring API (`engine.authoring`).
"""
from __future__ import annotations

from typing import Any

# transitional re-exports for rule modules not yet importing from engine.authoring
from gongkai.engine.authoring import (FIGURES, LABELS, Deriver, Rule, against_table, change_text, count, family,  # noqa: F401
                              figure, first, judge_reason, pct, percent_of, sev, statements, subject, topic_label, wan)


class ChangeNeedsReason(Deriver):
    """Forward chaining: every compared figure asserts a `needs_reason` fact (required when it changed).

    SANGONG-004, JGYX-004 and TEXT-004 judge these facts; a 持平 item is carried too, so the reason rules can
    say why no reason is needed.
    """
    name = "needs_reason"
    subject = "statement"

    def derive(self, stmt, ctx):
        fam = family(stmt["topic"])
        if fam is None or (fam == "text" and stmt.get("direction") not in ("增加", "减少")):
            return
        if fam != "text" and stmt.get("amount") is None:
            return
        ctx.derive({"id": f"needs_reason:{stmt['id']}", "type": "needs_reason", "family": fam,
                    "topic": stmt["topic"], "statement": stmt["id"], "line": stmt["line"],
                    "section": stmt.get("section", ""), "text": stmt["text"][:300],
                    "direction": stmt.get("direction"),
                    # '比上年增加0.00万元' is no change: nothing to explain
                    "required": stmt.get("direction") in ("增加", "减少") and stmt.get("change_amount") != 0,
                    "amount": stmt.get("amount"), "unit": stmt.get("unit"),
                    "change_amount": stmt.get("change_amount"), "change_percent": stmt.get("change_percent"),
                    "reason": stmt.get("reason")})



class _Narrative(Rule):
    """Transitional: the old `check` hook, now just `judge` (the context carries the evidence fallback).

    Delete once SANGONG, JGYX and PERF judge directly."""

    def judge(self, fact: dict[str, Any], ctx: Any) -> None:
        self.check(fact, ctx)

    def check(self, fact: dict[str, Any], ctx: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError
