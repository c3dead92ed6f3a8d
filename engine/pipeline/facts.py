"""Flatten a `Disclosure` into engine facts: small JSON dicts, one per table, row, note, heading,
statement, form, indicator … Every fact has a unique `id`, a `type`, and `line` (and `table` where it
applies) so any finding built from it can point at the source.

Money: every `Decimal` becomes an integer number of hundredths of its stated unit (12.34 万元 → 1234;
forms: 元 → hundredths of 元). durable-rules cannot take Decimal and must not see floats.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from gongkai.engine.pipeline import kinds
from gongkai.engine.pipeline.figures import TABLE_LABELS
from gongkai.engine.pipeline.model import Disclosure, Table
from gongkai.engine.pipeline.numbers import MONEY_UNIT, money_hundredths, to_hundredths

_ATOMS = frozenset((str, int, bool, float, type(None)))  # most values: returned as they are, without the tests below


def _plain(value: Any) -> Any:
    if type(value) in _ATOMS:
        return value
    if isinstance(value, Decimal):
        return to_hundredths(value)
    if isinstance(value, dict):  # mostly a row's amounts: the two common cases inline
        return {
            str(k): v if type(v) in _ATOMS else to_hundredths(v) if type(v) is Decimal else _plain(v)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, BaseModel):
        return _plain(value.model_dump())
    return value


def _amounts(values: dict[str, Decimal | None]) -> dict[str, Any]:
    """A row's amounts (column role -> Decimal or None) as `_plain` gives them, without its type tests."""
    return {k: None if v is None else to_hundredths(v) if type(v) is Decimal else _plain(v) for k, v in values.items()}


def _fields(model: BaseModel) -> dict[str, Any]:
    """A flat model's fields as plain values: `_plain(model.model_dump())` without serialising it first. A model
    whose fields are typed atoms or amounts (statements, indicators, branches: a third of the facts) is copied
    whole and its amounts converted, where a test of every value made each fact."""
    amounts = _amount_names(type(model))
    if amounts is None:
        return {
            k: v if type(v) in _ATOMS else to_hundredths(v) if type(v) is Decimal else _plain(v)
            for k, v in model.__dict__.items()
        }
    fields = dict(model.__dict__)
    for name in amounts:
        value = fields[name]
        if type(value) is Decimal:
            fields[name] = to_hundredths(value)
    return fields


_ATOM_TYPES = frozenset((str, int, bool, type(None)))


@cache
def _amount_names(model: type[BaseModel]) -> tuple[str, ...] | None:
    """The fields typed `Decimal | None` when every other field is typed str, int, bool or None (so it holds a
    value `_plain` keeps as it is); None otherwise."""
    amounts = []
    for name, field in model.model_fields.items():
        types = set(get_args(field.annotation)) or {field.annotation}
        if types <= {Decimal, type(None)} and Decimal in types:
            amounts.append(name)
        elif not types <= _ATOM_TYPES:
            return None
    return tuple(amounts)


_LEVELS = {3: "类", 5: "款", 7: "项"}


def code_level(code: str | None) -> str | None:
    return _LEVELS.get(len(code)) if code else None


def table_is_empty(table: Table) -> bool:
    """No amount anywhere in the data rows (blank or zero cells only)."""
    return all(v in (None, Decimal(0)) for row in table.rows for v in row.values.values())


def _kind_name(table: Table) -> str:
    kind = kinds.BY_CODE.get(table.kind or table.id)
    return kind.zh if kind else table.title


def build_facts(doc: Disclosure) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    meta = doc.meta
    facts.append(
        {
            "id": "doc",
            "type": "doc",
            "department": meta.department,
            "department_line": meta.department_line,
            "year": meta.year,
            "year_line": meta.year_line,
            "province": meta.province,
            "unit": meta.money_unit,
            "line": meta.year_line or meta.department_line,
            "path": doc.source.path,
            "table_ids": [t.id for t in doc.tables],
            "form_count": len(doc.forms),
        }
    )
    MONEY_UNIT.set(doc.meta.money_unit)
    labels = {t.id: f"表{t.number}" if t.number is not None else _kind_name(t) for t in doc.tables}
    TABLE_LABELS.set(labels)
    for pos, table in enumerate(doc.tables):
        kind = kinds.BY_CODE.get(table.kind or table.id)
        facts.append(
            {
                "id": f"table:{table.id}",
                "type": "table",
                "table": table.id,
                "kind": table.kind or table.id,
                "number": table.number if table.number is not None else 0,
                "printed_number": table.number if table.caption else None,
                "label": labels[table.id],
                "columns": [c for c in table.columns if c],
                "position": pos + 1,
                "title": table.title,
                "line": table.title_line,
                "caption": table.caption,
                "caption_line": table.caption_line,
                "year": table.year,
                "department": table.department,
                "department_line": table.department_line,
                "unit": table.unit,
                "unit_line": table.unit_line,
                "empty": not table.rows if (table.kind or table.id) in kinds.TARGET_KINDS else table_is_empty(table),
                "row_count": len(table.rows),
                "national": bool(kind and kind.national),
                "notes": [n.text for n in table.notes],
                "note_lines": [n.line for n in table.notes],
                "start_line": table.start_line,
                "end_line": table.end_line,
                "subject": labels[table.id],
            }
        )
        if table.header_lines:
            facts.append(
                {
                    "id": f"header:{table.id}",
                    "type": "header",
                    "table": table.id,
                    "line": table.header_lines[0],
                    "lines": table.header_lines,
                    "text": "\t".join(c for row in table.header for c in row),
                }
            )
        tid = table.id
        for idx, row in enumerate(table.rows):
            code = row.code
            facts.append(
                {
                    "id": f"row:{tid}:{row.line}",
                    "type": "row",
                    "table": tid,
                    "index": idx,
                    "line": row.line,
                    "code": code,
                    "level": code_level(code),
                    "name": row.name,
                    "texts": dict(row.texts),
                    "v": _amounts(row.values),
                }
            )
    for h in doc.headings:
        facts.append(
            {
                "id": f"heading:{h.line}",
                "type": "heading",
                "level": h.level,
                "number": h.number,
                "title": h.title,
                "line": h.line,
            }
        )
    for t in doc.toc:
        facts.append({"id": f"toc:{t.line}", "type": "toc", "title": t.title, "page": t.page, "line": t.line})
    for k, s in enumerate(doc.statements):
        fact = _fields(s)
        fact.update({"id": f"stmt:{s.line}:{k}", "type": "statement"})
        if s.amount is not None and s.amount.is_finite():  # the printed precision: '2,180万元' vs '2,180.45万元'
            fact["amount_places"] = max(0, -int(s.amount.as_tuple().exponent))
        if s.unit and s.unit != doc.meta.money_unit:  # exact: hundredths of 亿元 would lose digits
            fact.update(
                amount_money=money_hundredths(s.amount, s.unit, doc.meta.money_unit),
                change_amount_money=money_hundredths(s.change_amount, s.unit, doc.meta.money_unit),
            )
        facts.append(fact)
    for f_idx, form in enumerate(doc.forms):
        fid = f"form:{f_idx}"
        facts.append(
            {
                "id": fid,
                "type": "form",
                "form": f_idx,
                "kind": form.kind,
                "name": form.name,
                "line": form.title_line,
                "end_line": form.end_line,
                "unit": form.unit,
                "fields": {k: {"text": v.text[:200], "line": v.line} for k, v in form.fields.items()},
                "funds": _plain(form.funds),
                "fund_lines": form.fund_lines,
                "counts": {k: {"text": v.text, "line": v.line} for k, v in form.counts.items()},
                "subject": form.name,
            }
        )
        # the model's fields, then where it sits (updated in place: a copy per indicator was a tenth of the work)
        for k, b in enumerate(form.branches):
            fact = _fields(b)
            fact.update(id=f"{fid}:branch:{k}", type="branch", form=f_idx, form_name=form.name)
            facts.append(fact)
        for k, ind in enumerate(form.indicators):
            fact = _fields(ind)
            fact.update(id=f"{fid}:ind:{k}", type="indicator", form=f_idx, form_name=form.name, form_kind=form.kind)
            facts.append(fact)
        for k, p in enumerate(form.problems):
            facts.append(
                {
                    "id": f"{fid}:problem:{k}",
                    "type": "problem",
                    "what": p.what,
                    "message": p.message,
                    "lines": p.lines,
                    "line": p.lines[0] if p.lines else form.title_line,
                }
            )
    for k, p in enumerate(doc.problems):
        facts.append(
            {
                "id": f"problem:{k}",
                "type": "problem",
                "what": p.what,
                "message": p.message,
                "lines": p.lines,
                "line": p.lines[0] if p.lines else None,
            }
        )
    return facts
