"""Small hand-made disclosures for template tests: a cover, tables (kind, printed caption, title), headings."""

from __future__ import annotations

from gongkai.engine.pipeline.model import Disclosure, Heading, Meta, SourceInfo, Table, TocEntry


def make_doc(
    cover: list[str],
    tables: list[tuple[str, str | None, str]] = (),
    headings: list[str] = (),
    toc: list[str] = (),
    year: int | None = 2026,
    department: str | None = None,
    path: str = "doc.txt",
    plain: list[str] = (),
) -> Disclosure:
    """tables: (kind code, printed caption or None, title); each table gets its own caption and title lines;
    `plain`: lines read as nothing in particular."""
    lines = list(cover)
    toc_entries, heads, tabs = [], [], []
    for t in toc:
        lines.append(t)
        toc_entries.append(TocEntry(title=t, line=len(lines)))
    for h in headings:
        lines.append(h)
        heads.append(Heading(level=2, number="一", title=h, line=len(lines)))
    lines.extend(plain)  # lines the heading reader did not take (unnumbered titles, run-in headings …)
    for kind, caption, title in tables:
        caption_line = None
        if caption:
            lines.append(caption)
            caption_line = len(lines)
        lines.append(title)
        tabs.append(
            Table(
                id=kind,
                number=int(kind[1:]),
                title=title,
                title_line=len(lines),
                caption=caption,
                caption_line=caption_line,
                start_line=caption_line or len(lines),
                end_line=len(lines),
                unit="万元",
            )
        )
    return Disclosure(
        source=SourceInfo(path=path, sha256="0" * 64, line_count=len(lines)),
        meta=Meta(year=year, department=department, title=cover[0] if cover else None),
        toc=toc_entries,
        headings=heads,
        tables=tabs,
        lines=lines,
    )


def by_rule(report, rule_id: str) -> dict[str, str]:
    return {f.subject: f.status for f in report.findings if f.rule_id == rule_id}


CENTRAL = [
    ("T01", "部门收支总表"),
    ("T02", "部门收入总表"),
    ("T03", "部门支出总表"),
    ("T04", "财政拨款收支总表"),
    ("T05", "一般公共预算支出表"),
    ("T06", "一般公共预算基本支出表"),
    ("T08", "政府性基金预算支出表"),
    ("T09", "国有资本经营预算支出表"),
    ("T10", "财政拨款预算“三公”经费支出表"),
]


def central_tables(skip: tuple[str, ...] = (), captions: dict[str, str] | None = None):
    captions = captions or {}
    return [
        (kind, captions.get(kind, f"部门公开表{n}"), title)
        for n, (kind, title) in enumerate(CENTRAL, 1)
        if kind not in skip
    ]
