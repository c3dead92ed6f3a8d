"""`gongkai render --to txt|pdf|docx|xlsx`: one entry point over the disclosure writers, the format chosen
by `--to` or else by the output file's extension (text when neither says)."""

from __future__ import annotations

from pathlib import Path

from gongkai.engine.pipeline.model import Disclosure

FORMATS = ("txt", "pdf", "docx", "xlsx")


def format_for(to: str | None, output: Path | None) -> str:
    """The format to write; ValueError names the choices when neither `to` nor the extension is one."""
    fmt = (to or (output.suffix.lstrip(".") if output is not None else "") or "txt").lower()
    fmt = {"text": "txt"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ValueError(f"未知格式 / unknown format: {fmt} (可选 / choose from: {', '.join(FORMATS)})")
    return fmt


def render_document(doc: Disclosure, fmt: str) -> bytes:
    if fmt == "pdf":
        from gongkai.engine.publish.disclosure_pdf import render_pdf

        return render_pdf(doc)
    if fmt == "docx":
        from gongkai.engine.publish.disclosure_docx import render_docx
        from gongkai.engine.render.reproducible import reproducible_zip

        return reproducible_zip(render_docx(doc))  # fixed zip and core-property dates: byte-identical
    if fmt == "xlsx":
        from gongkai.engine.publish.disclosure_xlsx import render_xlsx
        from gongkai.engine.render.reproducible import reproducible_zip

        return reproducible_zip(render_xlsx(doc))
    from gongkai.engine.publish.disclosure_text import render_text

    return render_text(doc).encode("utf-8")
