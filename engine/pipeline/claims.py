"""Forward chaining from narrative statements: statement × table figure → `claim`; a change → `needs_reason`.

A disclosure states many table figures again in prose ("一般公共预算拨款收入1,234.56万元"). The reader turns each
into a `statement` fact with a topic (engine/pipeline/ingest/narrative.py); the derivers here pair it with the table
figure that topic names, so a narrative rule judges one claim at a time instead of searching the tables itself.

Derived fact types (asserted behind the evaluate gate, before the rules that judge them):

`claim` — a narrative amount that must equal a table figure::

    {"type": "claim", "id": "claim:<statement id>", "topic": "income.general", "family": "text",  # text|sangong|jgyx|other
     "statement": "<statement id>", "line": 57, "section": "收入预算", "text": "…",
     "stated": 123456,            # the stated amount in hundredths of the tables' money unit (元/万元/亿元 converted)
     "precision": 50,             # half the last digit the prose prints, same unit ('2,180万元' beside 元 tables)
     "figure": 123456 | None,     # the table figure; None = the table does not print it (judge: not applicable)
     "where": "表1 一般公共预算行 收入金额栏",   # how the evidence names the table cell
     "evidence": [{"line": 57, "label": "说明"}, {"line": 130, "table": "T01", "label": "表1 …"}]}

`needs_reason` — a compared figure whose change against last year needs a reason (a 持平 one is carried too,
so the reason rules can say why no reason is needed)::

    {"type": "needs_reason", "id": "needs_reason:<statement id>", "family": "text|sangong|jgyx",
     "topic", "statement", "line", "section", "text", "direction": "增加|减少|持平|None",
     "required": bool, "amount", "unit", "change_amount", "change_percent", "reason": "…|None"}

The topic → figure map is data (engine/pipeline/statements.FIGURES): where each narrative topic sits in the tables
(kind, label column, row labels, value column).
"""

from __future__ import annotations

from gongkai.engine.authoring import Deriver
from gongkai.engine.pipeline.figures import ev
from gongkai.engine.pipeline.statements import _CLASS_TABLES as CLASS_TABLES
from gongkai.engine.pipeline.statements import FIGURES, family, figure, stated_precision, wan

_CLASS_PREFIXES = ("fiscal.class.", *CLASS_TABLES)  # a class row named in the topic


class Claims(Deriver):
    """Every stated money figure whose topic names a table figure becomes a `claim`."""

    name = "claims"
    subject = "statement"

    def derive(self, stmt, ctx):
        topic = stmt.get("topic") or ""
        if stmt.get("amount") is None or not (topic in FIGURES or topic.startswith(_CLASS_PREFIXES)):
            return
        found = figure(ctx, topic, stmt.get("text", ""))
        value, row, where = found if found else (None, None, "")
        ctx.derive(
            {
                "id": f"claim:{stmt['id']}",
                "type": "claim",
                "topic": topic,
                "family": family(topic) or "other",
                "statement": stmt["id"],
                "line": stmt["line"],
                "section": stmt.get("section", ""),
                "text": (stmt.get("text") or "")[:300],
                "stated": wan(stmt),
                "precision": stated_precision(stmt),
                "figure": value,
                "where": where,
                "evidence": [e for e in ({"line": stmt["line"], "table": None, "label": "说明"}, ev(row, where)) if e],
            }
        )


class NeedsReason(Deriver):
    """Every compared figure asserts a `needs_reason` fact (required when it changed)."""

    name = "needs_reason"
    subject = "statement"

    def derive(self, stmt, ctx):
        fam = family(stmt["topic"])
        if fam is None or (fam == "text" and stmt.get("direction") not in ("增加", "减少")):
            return
        if fam != "text" and stmt.get("amount") is None:
            return
        ctx.derive(
            {
                "id": f"needs_reason:{stmt['id']}",
                "type": "needs_reason",
                "family": fam,
                "topic": stmt["topic"],
                "statement": stmt["id"],
                "line": stmt["line"],
                "section": stmt.get("section", ""),
                "text": stmt["text"][:300],
                "direction": stmt.get("direction"),
                # '比上年增加0.00万元' is no change: nothing to explain
                "required": stmt.get("direction") in ("增加", "减少") and stmt.get("change_amount") != 0,
                "amount": stmt.get("amount"),
                "unit": stmt.get("unit"),
                "change_amount": stmt.get("change_amount"),
                "change_percent": stmt.get("change_percent"),
                "reason": stmt.get("reason"),
            }
        )


DERIVERS = [Claims, NeedsReason]
