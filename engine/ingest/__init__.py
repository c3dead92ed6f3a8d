"""Readers: one per input format, each returning the same `Disclosure`. Chosen by content, not by name."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ValidationError

from engine.ingest.text import ReadError, decode, read_text
from engine.model import SCHEMA, Disclosure

MAX_BYTES = 50 * 1024 * 1024

__all__ = ["ReadError", "load", "load_bytes", "dump_json"]


def load(path: str | Path) -> Disclosure:
    p = Path(path)
    if not p.exists():
        raise ReadError(f"文件不存在 / no such file: {p}")
    if p.is_dir():
        raise ReadError(f"这是目录，不是文件 / is a directory: {p}")
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"文件过大（{size} 字节，上限 {MAX_BYTES}）/ file too large: {p}")
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件 / cannot read {p}: {exc.strerror}") from exc
    return load_bytes(data, str(path))


def load_bytes(data: bytes, path: str) -> Disclosure:
    sha = hashlib.sha256(data).hexdigest()
    if data.startswith(b"%PDF"):
        raise ReadError("暂不支持 PDF，请先提取为文本 / PDF input is not supported yet: extract it to text first")
    if data.startswith(b"PK\x03\x04"):
        raise ReadError("暂不支持 Word/Excel（ZIP）文件 / DOCX/XLSX input is not supported yet")
    text, encoding = decode(data)
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _from_json(text, path, sha)
    doc = read_text(text, path, sha, encoding)
    if not (doc.tables or doc.headings or doc.forms or doc.toc):
        raise ReadError("未能提取到任何预算公开内容（没有表格、章节或绩效表）/ nothing extractable: "
                        "no tables, sections or forms found")
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
    return doc


def dump_json(doc: Disclosure) -> str:
    return doc.model_dump_json(by_alias=True, indent=1) + "\n"
