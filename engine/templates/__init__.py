"""Jurisdiction templates as data: one TOML file per template in `data/`, validated by `Template`.

A template says which table kinds a jurisdiction publishes (in order, with the number and label it prints),
which sections its explanation has (with the heading words that name them), its amount unit, and which rule
packs judge it (base first: `["mof2016", "shanxi2024"]` means shanxi2024 extends mof2016). Adding a province
is a new data file; the rules read the chosen template from the `template` fact.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gongkai.engine.pipeline.kinds import BY_CODE, identify
from gongkai.engine.pipeline.numbers import squash

DATA = Path(__file__).parent / "data"
BASELINE = "national"
_CN = "零一二三四五六七八九十"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableEntry(_Strict):
    kind: str  # kind code from engine.pipeline.kinds (T01 …)
    number: int  # the number the template prints on it
    title: str  # its title as the template prints it (without the year)
    may_be_empty: bool | None = None  # may be published empty / 不涉及 with a note (None: by kind, MAY_BE_EMPTY)
    by_source_only: bool = False  # laid out by funding source, without 基本/项目支出 columns (Xi'an 支出总表)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, v: str) -> str:
        if v not in BY_CODE:
            raise ValueError(f"unknown table kind {v!r} (see engine/pipeline/kinds.py)")
        return v


class Match(_Strict):
    words: list[str] = Field(default_factory=list)  # place words in the title, cover or department name
    provinces: list[str] = Field(default_factory=list)  # Meta.province values
    cover_pattern: str | None = None  # regex on a cover line (central departments)

    @field_validator("cover_pattern")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        if v is not None:
            re.compile(v)
        return v


class Template(_Strict):
    name: str
    title_zh: str
    title_en: str
    jurisdiction: str  # "CN", "CN-SX", "CN-SH-Putuo" …
    basis: str = ""  # where the template comes from
    years: tuple[int, int] = (2016, 2100)
    levels: list[str] = Field(default_factory=lambda: ["部门", "单位"])
    unit: str = "万元"
    label: str | None = None  # printed label, e.g. "部门公开表{n}", "公开{n:02d}表", "表{cn}"; None: not judged
    packs: list[str] = Field(default_factory=lambda: ["mof2016"])
    indicator_pack: str | None = None
    match: Match = Field(default_factory=Match)
    baseline_tables: bool = False  # publishes the national list (then `tables` is copied from it)
    tables: list[TableEntry] = Field(default_factory=list)
    sections: dict[str, list[str]] = Field(default_factory=dict)  # section key → heading words
    # what its 国有资产占有使用 section gives: the national practice is vehicles and large equipment; Shanxi adds 房屋
    assets: list[str] = Field(default_factory=lambda: ["车辆", "大型设备"])

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        if v not in ("万元", "元"):
            raise ValueError("unit must be 万元 or 元")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Template:
        numbers = [t.number for t in self.tables]
        if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
            raise ValueError(f"{self.name}: table numbers must be unique and in template order")
        if self.years[0] > self.years[1]:
            raise ValueError(f"{self.name}: years must be (first, last)")
        if self.label is not None:  # a bad format string fails at load time, not in a rule
            try:
                self.label_for(1)
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(
                    f"{self.name}: label {self.label!r} may use only {{n}}, {{n:02d}} and {{cn}} ({exc!r})"
                ) from None
        unknown = set(self.sections) - set(SECTION_KEYS)
        if unknown:
            raise ValueError(f"{self.name}: unknown section keys {sorted(unknown)} (choose from {SECTION_KEYS})")
        return self

    @property
    def national_list(self) -> bool:
        """Held to the national list of tables (TBL-002) rather than a list of its own (TBL-001)."""
        return self.name == BASELINE or self.baseline_tables

    def label_for(self, number: int) -> str | None:
        if self.label is None:
            return None
        return self.label.format(n=number, cn=cn_numeral(number))

    def entry(self, kind: str) -> TableEntry | None:
        return next((t for t in self.tables if t.kind == kind), None)

    def fact(self, chosen_by: str, note: str, doc=None) -> dict:
        """The `template` fact the TBL/SECT rules read (never asserted into durable-rules: no rule's subject).
        With the document: where it prints the titles of tables read as forms or grids (`printed`), and its
        unnumbered or run-in title lines (`title_lines`) for sections the heading reader did not see."""
        printed = printed_titles(self, doc) if doc is not None else {}
        return {
            "id": "template",
            "type": "template",
            "name": self.name,
            "title": self.title_zh,
            "title_en": self.title_en,
            "unit": self.unit,
            "label": self.label,
            "baseline": self.name == BASELINE,
            "baseline_tables": self.national_list,
            "chosen_by": chosen_by,
            "note": note,
            "tables": [
                {
                    **t.model_dump(),
                    "position": i + 1,
                    "label": self.label_for(t.number),
                    "may_be_empty": t.kind in MAY_BE_EMPTY if t.may_be_empty is None else t.may_be_empty,
                    "printed": printed.get(t.kind),
                }
                for i, t in enumerate(self.tables)
            ],
            "sections": {k: list(v) for k, v in self.sections.items()},
            "assets": list(self.assets),
            "title_lines": title_lines(doc) if doc is not None else [],
        }


# Tables a department without that money publishes empty (or marks 不涉及) with a note: 政府性基金, 国有资本经营,
# 机关运行经费 (no 行政单位), 项目/结转/采购/购买服务/专项资金 tables, 会议费培训费. The summaries never are.
MAY_BE_EMPTY = frozenset({"T07", "T08", "T09", "T10", "T11", "T12", "T13", "T15", "T19", "T21", "T22", "T23", "T26"})

# Kinds the table reader does not produce (performance target forms, purchase-of-service grids): a template
# table of such a kind counts as published where its title is printed as a title line.
PRINTED_ONLY = frozenset({"T23", "T24", "T25", "T26"})
_AMOUNT = re.compile(r"\d+\.\d{2}")
_SENTENCE = re.compile(r"[。；;，,:]")  # sentences, and "名称：释义" glossary or header lines
# '（四）国有资产占有使用情况。截至…' — not a glossary entry '一、基本支出：指…' (a colon, not a full stop)
_RUN_IN = re.compile(r"^([(][一二三四五六七八九十]+[)])([^。:，]{2,24})。")


def _skipped_lines(doc) -> set[int]:
    """Contents entries, headings already read, and the lines inside tables and performance forms."""
    skip = {t.line for t in doc.toc} | {h.line for h in doc.headings}
    for t in doc.tables:
        skip.update(range(t.start_line, t.end_line + 1))
    for f in doc.forms:
        skip.update(range(f.title_line, f.end_line + 1))
    return skip


def title_lines(doc) -> list[list]:
    """[line, text] of short standalone title lines the heading reader did not take as headings (e.g. Putuo's
    '上海市普陀区人民政府办公室主要职能', a '名词解释' printed under '第四部分'), and run-in headings such as
    '（四）国有资产占有使用情况。截至…' (the title before the full stop)."""
    skip = _skipped_lines(doc)
    out = []
    for i, raw in enumerate(doc.lines, 1):
        text = squash(raw)
        if i in skip or not text:
            continue
        m = _RUN_IN.match(text)
        if m:
            out.append([i, m.group(2)])
        elif (
            len(text) <= 30
            and not _SENTENCE.search(text)
            and not _AMOUNT.search(text)
            and not identify(text)
            and "..." not in text
            and "…" not in text
        ):  # not a table's title
            out.append([i, text])
    return out


def printed_titles(template: Template, doc) -> dict[str, dict]:
    """kind → {line, text, not_applicable} where a PRINTED_ONLY table's title is printed (not in the contents)."""
    toc = {t.line for t in doc.toc}
    found: dict[str, dict] = {}
    for entry in template.tables:
        if entry.kind not in PRINTED_ONLY:
            continue
        title = squash(entry.title)
        for i, raw in enumerate(doc.lines, 1):
            text = squash(raw)
            if i not in toc and title in text and len(text) <= len(title) + 24 and "详见" not in text:
                found[entry.kind] = {"line": i, "text": raw.strip(), "not_applicable": "不涉及" in text}
                break
    return found


# Section keys the SECT rules know; a template lists the ones it requires, with its own heading words.
SECTION_KEYS = (
    "职责",
    "机构设置",
    "收支总体",
    "收入预算",
    "支出预算",
    "财政拨款收支",
    "一般公共预算支出",
    "一般公共预算基本支出",
    "三公",
    "机关运行经费",
    "政府采购",
    "国有资产",
    "绩效目标",
    "绩效目标表",
    "名词解释",
)


def cn_numeral(n: int) -> str:
    """3 → 三, 12 → 十二, 20 → 二十 (table labels 表一 … 表二十)."""
    if n <= 10:
        return _CN[n]
    tens, units = divmod(n, 10)
    return (_CN[tens] if tens > 1 else "") + "十" + (_CN[units] if units else "")


class TemplateError(ValueError):
    pass


@lru_cache(maxsize=1)
def all_templates() -> dict[str, Template]:
    """name → template, from every data/*.toml (sorted by file name); a bad file is a TemplateError."""
    found: dict[str, Template] = {}
    paths = sorted(DATA.glob("*.toml"))
    for path, data in zip(paths, _parsed(paths), strict=True):
        found_t = _validate(path, data)
        if found_t.name in found:
            raise TemplateError(f"{path.name}: duplicate template name {found_t.name}")
        found[found_t.name] = found_t
    if BASELINE not in found:
        raise TemplateError(f"the {BASELINE} baseline template is missing from {DATA}")
    for name, t in found.items():
        if t.baseline_tables and not t.tables:
            found[name] = t.model_copy(update={"tables": found[BASELINE].tables})
        elif not t.tables:
            raise TemplateError(f"{name}: a template lists its tables (or sets baseline_tables = true)")
    return found


def load_file(path: Path) -> Template:
    return _validate(path, _toml(path))


def _toml(path: Path) -> dict[str, Any]:
    import tomllib  # here: the templates' data usually come from the cache (_parsed)

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise TemplateError(f"{path.name}: {exc}") from exc


def _validate(path: Path, data: dict[str, Any]) -> Template:
    try:
        return Template.model_validate(data)
    except ValueError as exc:
        raise TemplateError(f"{path.name}: {exc}") from exc


CACHE = DATA / "__pycache__" / "templates.json"


def _parsed(paths: list[Path]) -> list[dict[str, Any]]:
    """Each file's TOML data. Parsing them (and loading the TOML parser) was ~5 ms of every cold `check`: the data
    are kept as JSON in data/__pycache__, as Python keeps bytecode, and used while every file has the name, size
    and modification time they were read with (and not written under PYTHONDONTWRITEBYTECODE)."""
    key = [[p.name, st.st_size, st.st_mtime_ns] for p in paths for st in (p.stat(),)]
    try:
        cached = json.loads(CACHE.read_bytes())
        if cached["key"] == key:
            return cached["data"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    data = [_toml(p) for p in paths]
    if not sys.dont_write_bytecode:
        _keep({"key": key, "data": data})
    return data


def _keep(cached: dict[str, Any]) -> None:
    """Write the cache whole or not at all (also with another process writing it); a read-only install, or data
    that JSON cannot hold, leaves no file behind and the TOML is parsed each time."""
    try:
        text = json.dumps(cached, ensure_ascii=False)
        CACHE.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=CACHE.parent, prefix=".templates-", suffix=".tmp")
    except (OSError, TypeError, ValueError):
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), os.stat(DATA).st_mode & 0o666)  # readable as the data are (mkstemp: 0600)
            fh.write(text)
        os.replace(tmp, CACHE)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def get(name: str) -> Template:
    templates = all_templates()
    if name not in templates:
        raise TemplateError(f"未知模板 / unknown template: {name} (可选 / choose from: {', '.join(templates)})")
    return templates[name]


class Selection(BaseModel):
    template: Template
    chosen_by: str  # "option" (--template), "document" (words found), "default" (baseline)
    note: str  # one line for the report's first lines

    def fact(self, doc=None) -> dict:
        return self.template.fact(self.chosen_by, self.note, doc)

    def info(self) -> dict:
        t = self.template
        return {"name": t.name, "title": t.title_zh, "chosen_by": self.chosen_by, "note": self.note}


COVER_LINES = 30


def _cover(doc) -> list[str]:
    """Title, department and the first lines: where a disclosure names its jurisdiction."""
    lines = [doc.meta.title or "", doc.meta.department or ""]
    lines += [squash(x) for x in doc.lines[:COVER_LINES]]
    return [x for x in lines if x]


def document_level(doc) -> str:
    """部门 or 单位: a 单位预算 says so on its cover."""
    cover = "".join(_cover(doc)[:12])
    return "单位" if "单位预算" in cover and "部门预算" not in cover else "部门"


def select_template(doc, name: str | None = None) -> Selection:
    """The template named by `--template`, else the one whose place words the cover names (the most specific
    wins: 上海市普陀区 over 上海市), effective for the document's year; else the national baseline."""
    templates = all_templates()
    if name:
        t = get(name)
        return Selection(template=t, chosen_by="option", note=f"按 --template 指定使用模板：{t.title_zh}")
    cover = _cover(doc)
    text = "".join(cover)
    year = doc.meta.year
    level = document_level(doc)
    best: tuple[int, Template, str] | None = None
    outdated: Template | None = None
    for t in templates.values():
        score, why = _score(t, doc, cover, text)
        if not score:
            continue
        if year is not None and not t.years[0] <= year <= t.years[1] or level not in t.levels:
            outdated = outdated or t
            continue
        if best is None or score > best[0]:
            best = (score, t, why)
    if best is not None:
        return Selection(
            template=best[1], chosen_by="document", note=f"按文件中的“{best[2]}”选用模板：{best[1].title_zh}"
        )
    base = templates[BASELINE]
    if outdated is not None:
        note = f"{outdated.title_zh}不适用于{year}年{level}预算，按全国基线（{base.title_zh}）检查"
    else:
        note = f"未识别到有模板的地区，按全国基线（{base.title_zh}）检查"
    return Selection(template=base, chosen_by="default", note=note)


def _score(t: Template, doc, cover: list[str], text: str) -> tuple[int, str]:
    """How specifically the document names this template's jurisdiction (longer place words score higher)."""
    best, why = 0, ""
    for word in t.match.words:
        if word in text and len(word) * 10 > best:
            best, why = len(word) * 10, word
    if doc.meta.province and doc.meta.province in t.match.provinces and 20 > best:
        best, why = 20, doc.meta.province
    if t.match.cover_pattern and not best:
        pattern = re.compile(t.match.cover_pattern)
        hit = next((line for line in cover[:12] if pattern.search(line)), None)
        if hit and (m := pattern.search(hit)):
            best, why = 5, m.group("name") if "name" in pattern.groupindex else m.group(0)
    return best, why
