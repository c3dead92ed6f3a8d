"""Helpers shared by the property tests: semantic projections of a disclosure and the failing findings of a report."""

from __future__ import annotations

from gongkai.engine.pipeline.figures import label
from gongkai.engine.pipeline.kinds import TARGET_KINDS, identify
from gongkai.engine.pipeline.model import Disclosure


def table_content(doc: Disclosure) -> list[tuple]:
    """What a table says: a built table names its columns by the template layout and a read one by the roles its
    headers give, so rows compare by code, name (without its ordinal: a 三公 row is named by its item, '①公务用车购置费'
    → 公务用车购置费), the amounts printed (by column name) and the cells."""
    return [
        (
            t.id,
            t.title,
            t.caption,
            t.year,
            t.department,
            t.unit,
            t.header,
            [(r.code, label(r.name), {k: v for k, v in r.values.items() if v is not None}, r.cells) for r in t.rows],
            [n.text for n in t.notes],
        )
        for t in doc.tables
    ]


def narrative_content(doc: Disclosure) -> dict[str, list]:
    return {
        "meta": [(doc.meta.department, doc.meta.year, doc.meta.title, doc.meta.province)],
        "toc": [(t.title, t.page) for t in doc.toc],
        "headings": [(h.level, h.number, h.title) for h in doc.headings],
        # a performance-target table published as its title alone (PRINTED_ONLY) is a title line, not prose
        "paragraphs": [(p.text, p.section) for p in doc.paragraphs if identify(p.text) not in TARGET_KINDS],
    }


def statement_content(doc: Disclosure) -> list[tuple]:
    return sorted(
        (
            (s.topic, s.amount, s.unit, s.percent, s.direction, s.change_amount, s.change_percent, s.reason)
            for s in doc.statements
        ),
        key=repr,
    )


def missing_statements(built: Disclosure, located: Disclosure) -> list[tuple]:
    """Statements the builder wrote that the extractor did not give back (multiset difference)."""
    got = statement_content(located)
    missing = []
    for s in statement_content(built):
        if s in got:
            got.remove(s)
        else:
            missing.append(s)
    return missing


def form_content(doc: Disclosure) -> list[tuple]:
    return [
        (
            f.kind,
            f.name,
            f.unit,
            {k: v.text for k, v in f.fields.items()},
            f.funds,
            {k: v.text for k, v in f.counts.items()},
            sorted((b.group, b.level1, b.level2) for b in f.branches),
            sorted((i.group, i.level1, i.level2, i.name, i.value) for i in f.indicators),
        )
        for f in doc.forms
    ]


def failing(report) -> set[tuple[str, str]]:
    return {(f.rule_id, f.subject) for f in report.findings if f.status in ("fail", "error")}


# Generated layouts on which a rule is known to judge a valid budget wrongly (found by these properties). Strict:
# the valid-budget property is an expected failure there and fails as soon as the rule is fixed, so the entry
# goes then; metamorphic properties draw from the other layouts meanwhile.
RULE_BUGS: dict[str, str] = {}
