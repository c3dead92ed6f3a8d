"""Helpers for the PDF/DOCX/XLSX tests: render a disclosure to a format, read it back, compare."""

from __future__ import annotations

import json
import re
from functools import cache

from gongkai.engine.pipeline.facts import build_facts
from gongkai.engine.pipeline.ingest import load_bytes
from gongkai.engine.pipeline.model import Disclosure

FORMATS = ("pdf", "docx", "xlsx")
_LINE_KEY = re.compile(r"(^|_)(line|lines|spans)$")
_LINE_NO = re.compile(r"第\d+(?:[–-]\d+)?行")


def render(doc: Disclosure, fmt: str) -> bytes:
    from gongkai.engine.publish.disclosure_formats import render_document

    return render_document(doc, fmt)


def roundtrip(doc: Disclosure, fmt: str, name: str = "doc") -> tuple[bytes, Disclosure]:
    data = render(doc, fmt)
    return data, load_bytes(data, f"{name}.{fmt}")


def finding_keys(report) -> list[tuple]:
    return sorted((f.rule_id, f.status, f.subject, f.expected, f.actual) for f in report.findings)


def _norm(value):
    """A fact without line numbers (the text rendering of a PDF numbers its lines differently)."""
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if not _LINE_KEY.search(k) and k not in ("id", "path")}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, str):
        return _LINE_NO.sub("第N行", value)
    return value


def fact_set(doc: Disclosure) -> list[str]:
    return [json.dumps(_norm(f), ensure_ascii=False, sort_keys=True) for f in build_facts(doc)]


@cache
def sample_doc() -> Disclosure:
    from gongkai.engine.pipeline.ingest import load
    from tests.conftest import SAMPLE

    return load(SAMPLE)


def text_at(fmt: str, data: bytes, page: int | None, cell: str | None) -> str:
    """What the original file shows at a location (independently of the readers): a PDF page's text, a
    DOCX paragraph or table row, an XLSX cell range — so a test can check that evidence points there."""
    import io

    if fmt == "pdf":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return pdf.pages[page - 1].extract_text()
    if fmt == "docx":
        import docx
        from docx.table import Table

        blocks = list(docx.Document(io.BytesIO(data)).iter_inner_content())
        m = re.fullmatch(r"P(\d+)", cell)
        if m:
            return [b for b in blocks if not isinstance(b, Table)][int(m.group(1)) - 1].text
        t, r = map(int, re.fullmatch(r"T(\d+):R(\d+)", cell).groups())
        row = [b for b in blocks if isinstance(b, Table)][t - 1].rows[r - 1]
        return "\t".join(c.text for c in row.cells)
    import openpyxl

    sheet, ref = cell.rsplit("!", 1)
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet.strip("'")]
    rng = ws[ref] if ":" in ref else ((ws[ref],),)
    return "\t".join(str(c.value) for row in rng for c in row if c.value is not None)
