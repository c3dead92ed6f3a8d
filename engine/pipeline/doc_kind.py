"""Know what you were given: a 部门/单位预算 disclosure, or something else (a 决算, a standalone 三公 page, a
contents page alone, a notice, a tables-only or explanation-only attachment) — said plainly instead of 30 failures about
missing tables. Also: traditional characters are converted to simplified (OpenCC) before checking.

`classify(doc)` looks at the cover (title, first lines) and at what was read. `SCOPES` are what a user may
ask to check anyway with `--scope`: each names the rule families it keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from gongkai.engine.pipeline.kinds import identify
from gongkai.engine.pipeline.model import Disclosure, Problem
from gongkai.engine.pipeline.numbers import squash

SCOPES: dict[str, tuple[str, ...]] = {
    "all": (),  # every family (the default for a budget)
    "tables": ("TBL", "EMPTY", "SUM", "XTAB"),
    "narrative": ("TEXT", "SANGONG", "JGYX", "PROC", "ASSET", "PERF", "SECT"),
    "sangong": ("SANGONG",),
    "performance": ("PERF", "IND"),
}
COVER_LINES = 30


@dataclass(frozen=True)
class DocKind:
    kind: str  # budget / tables_only / narrative_only / final_accounts / sangong_only / toc_only / notice
    reason: str  # one line for the user (zh / en)
    scopes: tuple[str, ...] = ()  # the --scope values that make sense for it

    @property
    def is_budget(self) -> bool:
        return self.kind == "budget"


def _cover(doc: Disclosure) -> str:
    return "".join(squash(x) for x in [doc.meta.title or "", *doc.lines[:COVER_LINES]])


def classify(doc: Disclosure) -> DocKind:
    cover = _cover(doc)
    budget_words = any(w in cover for w in ("部门预算", "单位预算", "预算公开", "预算信息公开", "年度预算"))
    has_rows = [t for t in doc.tables if t.rows]
    prose = [p for p in doc.paragraphs if len(p.text) >= 20]
    if any(w in cover for w in ("部门决算", "单位决算", "决算公开", "年度决算")) and not budget_words:
        return DocKind(
            "final_accounts",
            "这是决算公开，不是预算公开：gongkai 只检查部门/单位预算 / "
            "this is a final-accounts (决算) disclosure, not a budget",
            ("all",),
        )
    if doc.tables and {t.id for t in doc.tables} <= {"T10"} and "三公" in cover and len(prose) < 5 and not doc.toc:
        return DocKind(
            "sangong_only",
            "只有“三公”经费表/说明，不是完整的预算公开；可用 --scope sangong 只检查三公 / "
            "a standalone 三公 page; use --scope sangong",
            ("sangong",),
        )
    if doc.toc and not doc.tables and not doc.forms and len(prose) < 3:
        return DocKind("toc_only", "只有目录，没有正文和表格 / a contents page alone: nothing to check")
    if not doc.tables and not doc.toc and not doc.forms and any(w in cover for w in ("通知", "公告", "通告")):
        return DocKind("notice", "这是通知或公告，不是预算公开 / a notice, not a budget disclosure")
    # the tables it names (in its contents, with or without page numbers) without any of them read
    listed = {identify(t.title) for t in doc.toc} | {identify(squash(x)) for x in doc.lines if len(x) <= 40}
    if not doc.tables and len(listed - {None}) >= 3 and len(prose) >= 3:
        return DocKind(
            "narrative_only",
            "只有情况说明，目录所列的预算表不在本文件中：请与报表文件一起检查"
            "（gongkai check 说明.pdf 报表.pdf），或用 --scope narrative 只检查说明 / "
            "the explanation only: its tables are in another file; check both together, "
            "or use --scope narrative",
            ("narrative",),
        )
    # performance forms and their cell text may come with the tables (Beijing 附件2): no section headings at all
    if len(has_rows) >= 3 and (len(prose) < 3 or not doc.headings):
        return DocKind(
            "tables_only",
            "只有预算表，没有情况说明：请与说明文件一起检查（gongkai check 说明.pdf 报表.pdf），"
            "或用 --scope tables 只检查表格 / tables only: check it together with its "
            "explanation, or use --scope tables",
            ("tables",),
        )
    return DocKind("budget", "部门/单位预算公开 / a department or unit budget disclosure", tuple(SCOPES))


# -- traditional → simplified -----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _converter():
    import opencc  # OpenCC's own Python binding (pinned in pyproject.toml)

    return opencc.OpenCC("t2s")


def simplify(doc: Disclosure) -> Disclosure:
    """A document written in traditional characters, re-read after OpenCC t2s conversion, with a note saying
    so (META); a simplified document is returned unchanged."""
    converter = _converter()
    text = "\n".join(doc.lines)
    # one call for the whole text (no phrase of OpenCC's spans a line break), then string equality: converting
    # line by line and counting changed characters was ~2 ms a document, nearly all of them simplified already
    whole = converter.convert(text)
    if whole == text:
        return doc
    converted = whole.split("\n")
    if len(converted) != len(doc.lines):  # never seen; line numbers must stay the reader's
        converted = [converter.convert(line) for line in doc.lines]
    changed = sum(a != b for old, new in zip(doc.lines, converted) for a, b in zip(old, new))
    if not changed:  # a conversion that changed the length of a line only
        return doc
    from gongkai.engine.pipeline.ingest.text import read_text

    new = read_text("\n".join(converted), doc.source.path, doc.source.sha256, doc.source.encoding)
    new.source = doc.source
    new.locations = doc.locations[: len(new.lines)]
    note = Problem(
        what="meta.traditional",
        message=f"原文使用繁体字，已用 OpenCC（t2s）转换为简体后检查（{changed} 个字）；证据中的文字为转换后文字",
        lines=[next(i + 1 for i, (a, b) in enumerate(zip(doc.lines, converted)) if a != b)],
    )
    # the first reading's notes that the conversion does not touch came from the file reader (PDF/DOCX/XLSX):
    # keep them; the rest were about the unconverted text and are redone by the second reading
    seen = {(p.what, p.message) for p in new.problems}
    kept = [p for p in doc.problems if converter.convert(p.message) == p.message and (p.what, p.message) not in seen]
    new.problems = [note] + new.problems + kept
    return new
