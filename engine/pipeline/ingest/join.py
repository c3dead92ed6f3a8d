"""One disclosure published as several files (Beijing: 附件1 说明 + 附件2 报表) → one `Disclosure`.

Each file is read on its own; the parts are then joined in the order given: lines concatenated with a
boundary line between files and laid out once more as one document, each line's location keeping the file
it came from (`Loc.path`), so evidence names the right file and page (or line, for text parts).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from gongkai.engine.pipeline.model import Disclosure, Loc, Problem, SourceInfo

BOUNDARY = "==== 文件 / file: {name} ===="
# model fields that hold a line number of `lines` (shifted when a part moves down)
_LINE_KEYS = {
    "line",
    "end_line",
    "section_line",
    "title_line",
    "caption_line",
    "department_line",
    "unit_line",
    "start_line",
    "paragraph_line",
    "branch_line",
    "year_line",
}
_LINE_LISTS = {"header_lines", "lines"}


def _shift(value: Any, offset: int, key: str = "") -> Any:
    if isinstance(value, dict):
        if key == "fund_lines":
            return {k: {kk: vv + offset for kk, vv in v.items()} for k, v in value.items()}
        return {k: _shift(v, offset, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in _LINE_LISTS and all(isinstance(v, int) for v in value):
            return [v + offset for v in value]
        if key == "spans":
            return [(line + offset, start) for line, start in value]
        return [_shift(v, offset) for v in value]
    if key in _LINE_KEYS and isinstance(value, int) and not isinstance(value, bool):
        return value + offset
    return value


def join(docs: list[Disclosure]) -> Disclosure:
    """The parts as one document (a single part is returned unchanged). The joined lines are laid out once
    more by the text layout stage (as every format's lines are), so names, years and statements read in one
    part inform the others exactly as in a single file."""
    if len(docs) == 1:
        return docs[0]
    from gongkai.engine.pipeline.ingest.text import read_text

    lines: list[str] = []
    locations: list[Loc] = []
    carried: list[dict] = []
    for doc in docs:
        path = doc.source.path
        lines.append(BOUNDARY.format(name=Path(path).name))
        locations.append(Loc(path=path))
        offset = len(lines)
        carried += _shift([p.model_dump() for p in doc.problems], offset, "problems")
        for i, text in enumerate(doc.lines):
            lines.append(text.replace("\n", " ").replace("\r", " "))
            loc = doc.locations[i] if i < len(doc.locations) else None
            # text parts: name the line in its own file (the joined numbering means nothing to the reader)
            locations.append(
                loc.model_copy(update={"path": path})
                if loc is not None
                else Loc(line=i + 1, path=path, cell=f"L{i + 1}")
            )
    digest = hashlib.sha256("".join(d.source.sha256 for d in docs).encode()).hexdigest()
    joined = read_text("\n".join(lines), " + ".join(d.source.path for d in docs), digest)
    joined.source = SourceInfo(
        path=joined.source.path,
        sha256=digest,
        line_count=len(joined.lines),
        format="+".join(dict.fromkeys(d.source.format for d in docs)),
    )
    joined.locations = locations[: len(joined.lines)]
    seen = {(p.what, p.message) for p in joined.problems}
    for p in carried:  # what the PDF/DOCX/XLSX readers noted (the layout stage's own notes are redone)
        if (p["what"], p["message"]) not in seen:
            joined.problems.append(Problem(**p))
            seen.add((p["what"], p["message"]))
    return joined


# 附件1/附件2, 说明/报表 (and the romanised shuoming/baobiao of archived copies) mark the parts of one disclosure
PAIR_PATTERN = re.compile(r"(附件\s*[12一二]|情况说明|说明|报表|shuoming|baobiao)", re.I)
_PART_ORDER = re.compile(r"附件\s*[1一]|说明|shuoming", re.I)
JOIN_SEP = " + "


def pair_key(path: str) -> str | None:
    """Files whose names differ only in 附件1/附件2, 说明/报表 (and a leading serial number) belong together."""
    name = Path(path).stem
    if not PAIR_PATTERN.search(name):
        return None
    bare = PAIR_PATTERN.sub("", re.sub(r"^\d+[_\-. ]", "", name)).strip(" -_：:")
    return str(Path(path).parent / bare)


def group_parts(files: list[str]) -> list[str]:
    """Batch: files that pair by name become one entry 'explanation + tables' (explanation first)."""
    groups: dict[str, list[str]] = {}
    for f in files:
        groups.setdefault(pair_key(f) or f"\0{f}", []).append(f)
    out = []
    for members in groups.values():
        if len(members) == 1:
            out.append(members[0])
        else:
            members.sort(key=lambda f: (not _PART_ORDER.search(Path(f).stem), f))
            out.append(JOIN_SEP.join(members))
    return sorted(out)


def split_parts(entry: str) -> list[str]:
    return entry.split(JOIN_SEP) if JOIN_SEP in entry else [entry]
