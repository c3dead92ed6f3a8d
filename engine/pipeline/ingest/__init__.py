"""Readers: one per input format, each returning the same `Disclosure`. Chosen by content, not by name."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation, getcontext
from functools import cache
from pathlib import Path
from typing import get_args

from pydantic import BaseModel, ValidationError

from gongkai.engine.pipeline.gc_pause import gc_paused
from gongkai.engine.pipeline.ingest.text import ReadError, decode, read_text
from gongkai.engine.pipeline.model import SCHEMA, Disclosure, Loc, Problem

MAX_BYTES = 50 * 1024 * 1024

__all__ = ["ReadError", "load", "load_bytes", "dump_json"]


def load(path: str | os.PathLike[str]) -> Disclosure:
    p = Path(path)
    shown = os.fsencode(p).decode("utf-8", "replace")  # a non-UTF-8 file name must not reach the engine
    if not p.exists():
        raise ReadError(f"文件不存在 / no such file: {shown}")
    if p.is_dir():
        raise ReadError(f"这是目录，不是文件 / is a directory: {shown}")
    try:
        if p.stat().st_size > MAX_BYTES:  # a quick no for a big regular file; devices say 0, hence the read
            raise ReadError(f"文件过大（{p.stat().st_size} 字节，上限 {MAX_BYTES}）/ file too large: {shown}")
        with p.open("rb") as fh:
            # at most the limit + 1 byte: st_size lies for /dev/zero, /dev/stdin, pipes and growing files
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadError(f"无法读取文件 / cannot read {shown}: {exc.strerror}") from exc
    if len(data) > MAX_BYTES:
        raise ReadError(f"文件过大（超过上限 {MAX_BYTES} 字节）/ file too large: {shown}")
    return load_bytes(data, str(path) if shown == str(p) else shown)  # the name as given, when printable


def load_bytes(data: bytes, path: str) -> Disclosure:
    with gc_paused():
        doc = _read(data, path)
        _check_amounts(doc)
    return doc


def _check_amounts(doc: Disclosure) -> None:
    """Every amount anywhere in the model (tables, forms, statements) finite and at most 10¹⁵ 万元 in the
    unit of the table, form or statement that holds it: an absurd one is the document's error (exit 2),
    not an overflow inside the engine."""
    if not _all_small(doc):
        _walk_amounts(doc)  # finds the one at fault, or passes a big one that is in bounds in its own unit


# 10¹¹: in bounds in every unit (10¹⁵ 万元 = 10¹¹ 亿元), so most amounts need no unit at all
_SURE = Decimal(10) ** 11


def _all_small(doc: Disclosure) -> bool:
    """Every amount of the model within ±10¹¹, as nearly every document has them: one min and one max over all
    of them, in C, where the walk visits each value in Python (a tenth of the read). It gathers the fields
    `_amount_fields` names (tests/reliability/test_internal_errors.py pins the two together). A NaN, whose comparison raises,
    or anything odd says no, and the walk decides."""
    amounts: list = []
    add = amounts.extend
    for table in doc.tables:
        for row in table.rows:
            add(row.values.values())
    for s in doc.statements:
        add((s.amount, s.percent, s.change_amount, s.change_percent))
    for form in doc.forms:
        for by_source in form.funds.values():
            add(by_source.values())
        add([ind.number for ind in form.indicators])
    present = list(filter(None, amounts))  # without the Nones and the zeros (a NaN is true: it stays)
    if not present:
        return True
    if not getcontext().traps[InvalidOperation]:
        return False  # a NaN compared would say False, not raise: the walk decides
    try:
        return -_SURE <= min(present) and max(present) <= _SURE
    except (ArithmeticError, TypeError):  # a NaN compared, or a value that is no number
        return False


def _walk_amounts(doc: Disclosure) -> None:
    """Every amount checked in the unit of the table, form or statement that holds it; the first out of
    bounds is the error."""
    from gongkai.engine.pipeline.numbers import MAX_WAN, in_bounds

    def fail(amount: Decimal, unit: str | None) -> None:
        raise ReadError(
            f"金额超出范围（上限 {MAX_WAN:.0E} 万元）/ amount out of range: {amount:.6E} {unit or ''}"
            if amount.is_finite()
            else f"金额不是有限数 / amount is not finite: {amount}"
        )

    sure = _SURE
    stack: list = [(doc, None)]  # models and containers: amounts are checked as they are met, None skipped
    while stack:  # iterative: the model's depth is not ours to trust
        item, unit = stack.pop()
        if isinstance(item, BaseModel):
            has_unit, fields = _amount_fields(type(item))
            own = item.unit if has_unit else None  # type: ignore[attr-defined]
            unit = own if isinstance(own, str) else unit
            values: Iterable = map(item.__dict__.__getitem__, fields)
        elif isinstance(item, dict):
            values = item.values()
        elif isinstance(item, (list, tuple)):
            values = item
        else:
            continue
        for v in values:
            if isinstance(v, Decimal):
                if not (v.is_finite() and -sure <= v <= sure or in_bounds(v, unit)):
                    fail(v, unit)
            elif v is not None:
                stack.append((v, unit))


@cache
def _amount_fields(model: type[BaseModel]) -> tuple[bool, tuple[str, ...]]:
    """Whether a model class has a unit, and its fields whose type can hold an amount: the walk above skips the
    rest (the source lines, cells, texts and spans are most of a document and hold none)."""
    fields = tuple(name for name, f in model.model_fields.items() if _may_hold_amount(f.annotation))
    return "unit" in model.model_fields, fields


def _may_hold_amount(annotation: object) -> bool:
    from decimal import Decimal

    if annotation is Decimal:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return bool(_amount_fields(annotation)[1])
    return any(_may_hold_amount(arg) for arg in get_args(annotation))


def _read(data: bytes, path: str) -> Disclosure:
    sha = hashlib.sha256(data).hexdigest()
    if b"%PDF-" in data[:1024]:  # some producers put junk before the header; readers accept it
        from gongkai.engine.pipeline.ingest.pdf import read_pdf

        return _from_lines(*read_pdf(data), path, sha, "pdf")
    if data.startswith(b"PK\x03\x04"):
        from gongkai.engine.pipeline.ingest.limits import open_zip, zip_kind

        kind = zip_kind(open_zip(data))
        if kind == "docx":
            from gongkai.engine.pipeline.ingest.docx import read_docx

            return _from_lines(*read_docx(data), path, sha, "docx")
        if kind == "xlsx":
            from gongkai.engine.pipeline.ingest.xlsx import read_xlsx

            return _from_lines(*read_xlsx(data), path, sha, "xlsx")
        raise ReadError(
            "ZIP 文件既不是 Word（.docx）也不是 Excel（.xlsx）/ a ZIP archive that is neither DOCX nor XLSX"
        )
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReadError(
            "旧版 Word/Excel（.doc/.xls/.wps/.et）或加密的 Office 文件不受支持，请另存为 .docx/.xlsx 或 PDF / "
            "legacy or encrypted Office file: save it as DOCX, XLSX or PDF without a password"
        )
    text, encoding = decode(data)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _from_json(text, path, sha)
    from gongkai.engine.pipeline.ingest.limits import check_lines

    check_lines(text.count("\n"))
    doc = read_text(text, path, sha, encoding)
    if not (doc.tables or doc.headings or doc.forms or doc.toc):
        raise ReadError(
            "未能提取到任何预算公开内容（没有表格、章节或绩效表）/ nothing extractable: "
            "no tables, sections or forms found"
        )
    return doc


def _from_lines(
    lines: list[str], locs: list[Loc], problems: list[Problem], path: str, sha: str, fmt: str
) -> Disclosure:
    """The layout stage shared by every format: the reader's text lines through `read_text`, then each
    line's place in the original file attached, so evidence names a page or cell the user can find."""
    from gongkai.engine.pipeline.ingest.limits import check_lines

    check_lines(len(lines))
    doc = read_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), path, sha)
    doc.source.format = fmt
    doc.locations = locs[: len(doc.lines)]
    doc.problems += problems
    if not (doc.tables or doc.headings or doc.forms or doc.toc):
        raise ReadError(
            f"未能从 {fmt.upper()} 中提取到任何预算公开内容（没有表格、章节或绩效表）/ nothing extractable "
            "from the file: no tables, sections or forms found"
        )
    return doc


def _from_json(text: str, path: str, sha: str) -> Disclosure:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"JSON 格式错误（第 {exc.lineno} 行）/ invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise ReadError(f"不是 gongkai 提取结果（缺少 schema={SCHEMA}）/ not a gongkai disclosure JSON")
    try:
        doc = Disclosure.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ReadError(f"JSON 内容不符合模型：{where}: {first['msg']} / invalid disclosure JSON") from exc
    from gongkai.engine.pipeline import layouts

    for table in doc.tables:  # the engine knows tables by id: an unknown one is the file's error
        if table.id not in layouts.BY_ID:
            raise ReadError(
                f"JSON 中有未知表号 / unknown table id in the JSON: {table.id!r} "
                f"(known: {', '.join(sorted(layouts.BY_ID))})"
            )
    return doc


def dump_json(doc: Disclosure) -> str:
    return doc.model_dump_json(by_alias=True, indent=1) + "\n"
