"""Flatten a `Disclosure` into engine facts: small JSON dicts, one per table, row, note, heading,
statement, form, indicator … Every fact has a unique `id`, a `type`, and `line` (and `table` where it
applies) so any finding built from it can point at the source.

Money: every `Decimal` becomes an integer number of hundredths of its stated unit (12.34 万元 → 1234;
forms: 元 → hundredths of 元). durable-rules cannot take Decimal and must not see floats.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from engine import layouts
from engine.model import Disclosure, Table
from engine.numbers import to_hundredths, wan_hundredths


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return to_hundredths(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def code_level(code: str | None) -> str | None:
    return {3: "类", 5: "款", 7: "项"}.get(len(code)) if code else None


def table_is_empty(table: Table) -> bool:
    """No amount anywhere in the data rows (blank or zero cells only)."""
    return all(v in (None, Decimal(0)) for row in table.rows for v in row.values.values())


def build_facts(doc: Disclosure) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    meta = doc.meta
    facts.append({"id": "doc", "type": "doc", "department": meta.department, "department_line": meta.department_line,
                  "year": meta.year, "year_line": meta.year_line, "province": meta.province,
                  "line": meta.year_line or meta.department_line, "path": doc.source.path,
                  "table_ids": [t.id for t in doc.tables], "form_count": len(doc.forms)})
    for pos, table in enumerate(doc.tables):
        spec = layouts.BY_ID[table.id]
        facts.append({
            "id": f"table:{table.id}", "type": "table", "table": table.id, "number": table.number,
            "position": pos + 1, "title": table.title, "line": table.title_line, "caption": table.caption,
            "caption_line": table.caption_line, "year": table.year, "department": table.department,
            "department_line": table.department_line, "unit": table.unit, "unit_line": table.unit_line,
            "empty": table_is_empty(table), "row_count": len(table.rows), "national": spec.national,
            "notes": [n.text for n in table.notes], "note_lines": [n.line for n in table.notes],
            "start_line": table.start_line, "end_line": table.end_line, "subject": f"表{table.number}"})
        if table.header_lines:
            facts.append({"id": f"header:{table.id}", "type": "header", "table": table.id,
                          "line": table.header_lines[0], "lines": table.header_lines,
                          "text": "\t".join(c for row in table.header for c in row)})
        for idx, row in enumerate(table.rows):
            facts.append({
                "id": f"row:{table.id}:{row.line}", "type": "row", "table": table.id, "index": idx,
                "line": row.line, "code": row.code, "level": code_level(row.code), "name": row.name,
                "texts": dict(row.texts), "v": _plain(row.values)})
    for h in doc.headings:
        facts.append({"id": f"heading:{h.line}", "type": "heading", "level": h.level, "number": h.number,
                      "title": h.title, "line": h.line})
    for t in doc.toc:
        facts.append({"id": f"toc:{t.line}", "type": "toc", "title": t.title, "page": t.page, "line": t.line})
    for k, s in enumerate(doc.statements):
        fact = _plain(s.model_dump())
        fact.update({"id": f"stmt:{s.line}:{k}", "type": "statement"})
        if s.unit in ("亿元", "元"):         # exact 万元 hundredths: the stated unit's hundredths lose 亿元 digits
            fact.update(amount_wan=wan_hundredths(s.amount, s.unit),
                        change_amount_wan=wan_hundredths(s.change_amount, s.unit))
        facts.append(fact)
    for f_idx, form in enumerate(doc.forms):
        fid = f"form:{f_idx}"
        facts.append({"id": fid, "type": "form", "form": f_idx, "kind": form.kind, "name": form.name,
                      "line": form.title_line, "end_line": form.end_line, "unit": form.unit,
                      "fields": {k: {"text": v.text[:200], "line": v.line} for k, v in form.fields.items()},
                      "funds": _plain(form.funds), "fund_lines": form.fund_lines,
                      "counts": {k: {"text": v.text, "line": v.line} for k, v in form.counts.items()},
                      "subject": form.name})
        for k, b in enumerate(form.branches):
            facts.append({**_plain(b.model_dump()), "id": f"{fid}:branch:{k}", "type": "branch", "form": f_idx,
                          "form_name": form.name})
        for k, ind in enumerate(form.indicators):
            facts.append({**_plain(ind.model_dump()), "id": f"{fid}:ind:{k}", "type": "indicator", "form": f_idx,
                          "form_name": form.name, "form_kind": form.kind})
        for k, p in enumerate(form.problems):
            facts.append({"id": f"{fid}:problem:{k}", "type": "problem", "what": p.what, "message": p.message,
                          "lines": p.lines, "line": p.lines[0] if p.lines else form.title_line})
    for k, p in enumerate(doc.problems):
        facts.append({"id": f"problem:{k}", "type": "problem", "what": p.what, "message": p.message,
                      "lines": p.lines, "line": p.lines[0] if p.lines else None})
    return facts
