"""Grounded, deterministic answers to a reviewer's questions (no Textual, no network).

Every sentence is built from the session's findings, the rule catalog and the document's own lines;
nothing is invented. A question is read for rule ids, table numbers, a few intents (show, explain,
why it passed / failed, severity, summary) and topic words, which are matched against the findings by
character bigrams weighted by rarity, so "三公经费", "整体绩效目标" or "running costs" find whatever
findings exist today without any hard-coded topic.

`Answerer` is the small interface the app calls: another implementation (say, a language model kept
on a leash by these same facts) can be plugged in later. None is, and none is on by default.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from gongkai.engine.authoring import FAMILIES
from gongkai.engine.pipeline.model import Disclosure, Table
from gongkai.engine.pipeline.report import Finding, Report
from gongkai.engine.render.text import FAMILY_TITLES

MARK = {"fail": "✗", "pass": "✓", "not_applicable": "–", "waived": "≈", "error": "!"}
ORDER = {"error": 0, "fail": 1, "waived": 2, "not_applicable": 3, "pass": 4}


class SessionLike(Protocol):
    report: Report
    doc: Disclosure
    edits: list[Any]


class Answerer(Protocol):
    """What the review app needs from anything that answers questions."""

    def answer(self, question: str, session: SessionLike) -> str: ...


@dataclass
class Reply:
    text: str  # Markdown
    lines: list[int] = field(default_factory=list)  # source lines to show, highlighted
    table: str | None = None  # a table to show whole
    finding: Finding | None = None  # the finding the reply is mostly about
    changed: bool = False  # the report changed (what-if, undo, waiver)


# -- reading the question ----------------------------------------------------------------------
CJK = re.compile(r"[\u3400-\u9fff]")
INTENTS = {
    "help": r"帮助|怎么用|能问什么|可以问什么|你能做什么|\bhelp\b|what can i ask|\busage\b",
    "show": r"显示|展示|查看|看看|打开|列出|\bshow\b|\bdisplay\b|\bopen\b|\blist\b|\bview\b",
    "explain": r"解释|什么是|什么意思|含义|依据是什么|\bexplain\b|\bwhat is\b|\bmeaning\b|\bdescribe\b",
    "pass": r"(?<![不没未])通过|(?<![不没])符合|没问题|\bpass(ed|es)?\b|\bclean\b",
    "fail": r"不通过|没通过|未通过|不符合|失败|出错|\bfail(ed|s|ing|ures?)?\b|\bwrong\b",
    "problems": r"问题|毛病|不对|错误|\bissues?\b|\bproblems?\b|\bdefects?\b",
    "severe": r"严重|重大|要紧|\bserious\b|\bsevere\b|\bcritical\b|\bmajor\b|\berrors?\b",
    "warn": r"警告|\bwarnings?\b",
    "summary": r"总体|整体情况|概况|概括|汇总|总结|总览|结果如何|\bsummary\b|\bsummari[sz]e\b|\boverview\b|\boverall\b",
    "verdict": r"合格|达标|能不能过|过没过|\bdoes (it|this|the (document|disclosure)) pass\b|\bdid it pass\b|\bverdict\b|"
    r"\bcompliant\b|\bis (it|this) (ok|okay|acceptable)\b",
    "fix_first": r"先改|先修|首先改|优先|最重要|从哪.{0,2}(改|开始)|\bfix first\b|\bwhat should i fix\b|\bprioriti|"
    r"\bmost important\b|\bwhere (do|should) i start\b",
    "figure": r"是多少|多少钱|多少万|金额是|数额|\bhow much\b|\bwhat is the (amount|figure)\b",
    "waived": r"豁免|\bwaive[ds]?\b|\bwaivers?\b",
    "edits": r"假设|改动|修改了|\bwhat-?if\b|\bedits?\b",
}
STOP_ZH = (
    "为什么",
    "为何",
    "怎么样",
    "怎么",
    "如何",
    "是否",
    "有没有",
    "有什么",
    "有哪些",
    "有问题",
    "问题",
    "什么",
    "哪些",
    "哪个",
    "哪里",
    "请问",
    "一下",
    "告诉我",
    "显示",
    "展示",
    "查看",
    "看看",
    "打开",
    "列出",
    "解释",
    "没通过",
    "不通过",
    "未通过",
    "通过",
    "不符合",
    "符合",
    "失败",
    "出错",
    "错误",
    "严重",
    "重大",
    "警告",
    "总体",
    "概况",
    "概括",
    "汇总",
    "总结",
    "检查",
    "结果",
    "规则",
    "帮助",
    "豁免",
    "假设",
    "意思",
    "含义",
    "依据",
    "是多少",
    "多少钱",
    "多少",
    "金额",
    "增加",
    "减少",
    "增长",
    "下降",
    "上升",
    "降低",
    "持平",
    "比上年",
    "较上年",
    "这份公开",
    "这份文件",
    "公开",
    "合格",
    "达标",
    "先改",
    "优先",
    "最重要",
    "相关",
    "情况如何",
    "情况",
    "对不对",
    "是不是",
    "我",
    "你",
    "吗",
    "呢",
    "吧",
    "了",
    "的",
    "是",
    "啊",
    "请",
    "和",
    "与",
    "及",
    "都",
    "还",
    "？",
    "?",
)
STOP_EN = set(
    """why did does do is are was were the a an what which how fail failed fails failing pass passed passes
show me about of in on for to explain there any with this that it its and or rule rules problem problems issue issues
serious severe critical major error errors warning warnings summary overview overall please tell can you i we
display open list view describe meaning table tables wrong check checks checked not no yes why's whats what's
has have had be been waiver waivers waived waive much many amount figure increase increased decrease decreased
rise rose fall fell grow grew did go up down last year than""".split()
)
# direction words a question may presume, and the direction the document states
DIRECTION = {
    "增加": r"增加|增长|上升|提高|多了|\bincrease[ds]?\b|\brise\b|\brose\b|\bgr[eo]w\b|\bwent up\b|\bgo up\b",
    "减少": r"减少|下降|降低|少了|\bdecrease[ds]?\b|\bfell\b|\bfall\b|\bdrop(ped)?\b|\bwent down\b|\bgo down\b",
    "持平": r"持平|不变|相同|\bunchanged\b|\bthe same\b",
}
DIRECTION_EN = {"增加": "increased", "减少": "decreased", "持平": "unchanged"}
FAMILY_CODE = re.compile(
    r"(?<![A-Za-z])(" + "|".join(sorted(FAMILIES, key=len, reverse=True)) + r")(?![A-Za-z]|[-_ ]?\d)"
)
# English words → the Chinese terms the findings use (vocabulary, not answers).
GLOSSARY = {
    "sangong": "三公",
    "three": "三公",
    "reception": "公务接待",
    "hospitality": "公务接待",
    "vehicle": "公务用车",
    "vehicles": "公务用车",
    "car": "公务用车",
    "cars": "公务用车",
    "abroad": "因公出国",
    "overseas": "因公出国",
    "travel": "因公出国",
    "running": "机关运行",
    "operating": "机关运行",
    "performance": "绩效",
    "target": "目标",
    "targets": "目标",
    "indicator": "指标",
    "indicators": "指标",
    "procurement": "采购",
    "asset": "资产",
    "assets": "资产",
    "empty": "空表",
    "income": "收入",
    "revenue": "收入",
    "expenditure": "支出",
    "spending": "支出",
    "total": "合计",
    "totals": "合计",
    "basic": "基本支出",
    "project": "项目",
    "projects": "项目",
    "whole": "整体",
    "department": "部门",
    "header": "表头",
    "order": "表序",
    "note": "说明",
    "notes": "说明",
    "personnel": "人员经费",
    "public": "公用经费",
    "carry": "结转",
    "economic": "经济分类",
    "general": "一般公共预算",
    "fund": "政府性基金",
    "government": "政府性基金",
    "balance": "平衡",
    "class": "类",
    "narrative": "说明",
}
CN_NUM = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "十一": 11,
    "十二": 12,
    "十三": 13,
}


@dataclass
class Query:
    text: str
    lang: str
    rule_ids: list[str]
    tables: list[str]
    intents: set[str]
    rest: str  # what is left once ids, tables and intent words are removed
    unknown_ids: list[str] = field(default_factory=list)
    corrected: dict[str, str] = field(default_factory=dict)  # rule id → what was typed
    families: list[str] = field(default_factory=list)  # family codes named (TEXT, SANGONG …)


def parse(question: str) -> Query:
    q = question.strip()
    rest = q
    rule_ids: list[str] = []
    unknown: list[str] = []
    corrected: dict[str, str] = {}
    cat = catalog()
    for m in re.finditer(r"\b([A-Za-z]{2,8})[-_ ]?0*(\d{1,3})\b", q):
        fam = m.group(1).upper()
        if fam not in FAMILIES:
            close = difflib.get_close_matches(fam, FAMILIES, n=1, cutoff=0.75)
            if not close or fam in ("T", "TABLE"):
                continue
            fam = close[0]
        rid = f"{fam}-{int(m.group(2)):03d}"
        if rid != m.group(0).upper():
            corrected[rid] = m.group(0)
        (rule_ids if rid in cat else unknown).append(rid)
        rest = rest.replace(m.group(0), " ")
    for m in re.finditer(r"\b[A-Za-z]+(?:-[A-Za-z0-9]+)+\b", rest):
        e = alias(m.group(0))
        if e:
            rule_ids.append(e)
            rest = rest.replace(m.group(0), " ")
    tables: list[str] = []
    for pat in (
        r"表\s*(\d{1,2})(?!\d)",
        r"\b[Tt]\s?(\d{1,2})\b",
        r"\btable\s*(\d{1,2})\b",
        r"第(\d{1,2})张表",
        r"表([一二三四五六七八九十]{1,3})",
        r"第([一二三四五六七八九十]{1,3})张表",
    ):
        for m in re.finditer(pat, rest, flags=re.I):
            n = int(m.group(1)) if m.group(1).isdigit() else CN_NUM.get(m.group(1), 0)
            if 1 <= n <= 99:
                tables.append(f"T{n:02d}")
                rest = rest.replace(m.group(0), " ")
    intents = {name for name, pat in INTENTS.items() if re.search(pat, q, flags=re.I)}
    families = list(dict.fromkeys(FAMILY_CODE.findall(rest)))  # upper-case codes only: "text" is a word
    for fam in families:
        rest = re.sub(rf"(?<![A-Za-z]){fam}(?![A-Za-z])", " ", rest)
    # English only when there are English words besides ids and table numbers; Chinese otherwise.
    lang = "en" if not CJK.search(q) and re.search(r"[A-Za-z]{2,}", rest) else "zh"
    return Query(
        q,
        lang,
        list(dict.fromkeys(rule_ids)),
        list(dict.fromkeys(tables)),
        intents,
        rest.strip(),
        unknown,
        {k: v for k, v in corrected.items() if k in rule_ids},
        families,
    )


@lru_cache(maxsize=1)
def catalog() -> dict[str, Any]:
    from gongkai.engine.pipeline.catalog import entries

    return {e.id: e for e in entries()}


def alias(text: str) -> str | None:
    key = text.upper()
    for e in catalog().values():
        if key in (a.upper() for a in e.aliases):
            return e.id
    return None


# -- topic matching ----------------------------------------------------------------------------
_PUNCT = re.compile(r"[\s\"'“”‘’「」《》〈〉()（）\[\]【】,，。.、:：;；!！?？/\\|+=<>≥≤—–-]+")


def norm(text: str) -> str:
    return _PUNCT.sub("", text).lower()


def terms(rest: str) -> tuple[list[str], list[str]]:
    """Chinese bigrams (single characters for one-character runs) and English words of the question."""
    text = rest
    for s in STOP_ZH:
        text = text.replace(s, " ")
    zh: list[str] = []
    en: list[str] = []
    for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
        w = word.lower().strip("'")
        if w in STOP_EN or len(w) < 3:
            continue
        if w in GLOSSARY:
            text += " " + GLOSSARY[w]
        else:
            en.append(w.rstrip("s") if len(w) > 4 else w)
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        zh.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return list(dict.fromkeys(zh)), list(dict.fromkeys(en))


def haystack(f: Finding, doc: Disclosure) -> tuple[str, str]:
    """(what the rule is about, what this finding judged), normalised for matching."""
    e = catalog().get(f.rule_id)
    fam = FAMILY_TITLES.get(f.family, ("", ""))
    rule = [f.rule_id, f.family, fam[0], fam[1], f.title, e.title_en if e else ""]
    item = [f.subject, f.note]
    for ev in f.evidence:
        item.append(ev.label or "")
        t = doc.table(ev.table) if ev.table else None
        if t:
            item.append(t.title)
    return norm(" ".join(rule)), norm(" ".join(item))


def match(findings: list[Finding], doc: Disclosure, zh: list[str], en: list[str]) -> tuple[list[Finding], float]:
    """Findings that best match the terms, best first, and how much of the question they cover (0–1).

    A term counts once when it names what was judged and half again when it is in the rule's own title,
    so a rule *about* the topic ranks above rules that merely touch it."""
    if not findings or not (zh or en):
        return [], 0.0
    hay = [haystack(f, doc) for f in findings]
    n = len(findings)
    weights = {}
    for t in zh + en:
        df = sum(1 for r, i in hay if t in r or t in i)
        weights[t] = math.log(1 + n / df) if df else math.log(1 + n)
    scores = [sum(w * ((t in i or t in r) + 0.5 * (t in r)) for t, w in weights.items()) for r, i in hay]
    best = max(scores)
    if best <= 0:
        return [], 0.0
    covered = max(sum(w for t, w in weights.items() if t in r or t in i) for r, i in hay)
    coverage = covered / sum(weights.values())
    ranked = sorted((p for p in zip(scores, range(n)) if p[0] >= 0.6 * best), key=lambda p: (-p[0], p[1]))
    return [findings[k] for _, k in ranked], coverage


def tables_about(doc: Disclosure, zh: list[str], en: list[str]) -> list[Table]:
    """Tables whose title covers at least half of the question's Chinese terms."""
    if not zh:
        return []
    out = []
    for t in doc.tables:
        title = norm(t.title)
        hit = sum(1 for x in zh if x in title)
        if hit / len(zh) >= 0.5:
            out.append((hit, t))
    return [t for _, t in sorted(out, key=lambda p: (-p[0], p[1].number))][:2]


def passages(doc: Disclosure, zh: list[str], limit: int = 3) -> list[tuple[int, str]]:
    """Narrative lines that contain the question's longest Chinese phrase (the document's own words)."""
    runs = sorted({r for r in _runs(zh)}, key=len, reverse=True)
    if not runs or len(runs[0]) < 2:
        return []
    phrase = runs[0]
    in_tables = {n for t in doc.tables for n in range(t.start_line, t.end_line + 1)}
    in_forms = {n for fm in doc.forms for n in range(fm.title_line, fm.end_line + 1)}
    hits = []
    for i, line in enumerate(doc.lines, start=1):
        if i in in_tables or i in in_forms or "\t" in line or "....." in line:
            continue
        if phrase in norm(line):
            hits.append((i, line.strip()))
        if len(hits) >= limit:
            break
    return hits


def _runs(bigrams: list[str]) -> list[str]:
    """Re-join consecutive bigrams ('三公','公经','经费' → '三公经费')."""
    out: list[str] = []
    for b in bigrams:
        if out and len(b) == 2 and out[-1].endswith(b[0]):
            out[-1] += b[1]
        else:
            out.append(b)
    return out


# -- writing answers ---------------------------------------------------------------------------
L = {
    "zh": {
        "fail": "不符合",
        "pass": "符合",
        "not_applicable": "不适用",
        "waived": "已豁免",
        "error": "规则异常",
        "expected": "应为",
        "actual": "实际",
        "note": "说明",
        "basis": "依据",
        "remedy": "整改",
        "evidence": "证据",
        "line": "第{}行",
        "checks": "项检查",
        "reason": "豁免理由",
    },
    "en": {
        "fail": "fail",
        "pass": "pass",
        "not_applicable": "n/a",
        "waived": "waived",
        "error": "rule crashed",
        "expected": "expected",
        "actual": "actual",
        "note": "note",
        "basis": "basis",
        "remedy": "remedy",
        "evidence": "evidence",
        "line": "line {}",
        "checks": "checks",
        "reason": "waiver reason",
    },
}


def st(f: Finding) -> str:
    return "waived" if f.waived else f.status


def lines_text(lines: list[int], lang: str) -> str:
    """[380, 381, 382, 385] → '第380–382、385行' / 'lines 380–382, 385'."""
    nums = sorted({n for n in lines if n})
    if not nums:
        return ""
    spans: list[str] = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(f"{start}–{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    if lang == "zh":
        return "第" + "、".join(spans) + "行"
    return ("line " if len(nums) == 1 else "lines ") + ", ".join(spans)


def title(f: Finding, lang: str) -> str:
    e = catalog().get(f.rule_id)
    return e.title_en if lang == "en" and e else f.title


def remedy(f: Finding, lang: str) -> str:
    e = catalog().get(f.rule_id)
    if lang == "en" and e and e.rule is not None and e.rule.remedy_en:
        return e.rule.remedy_en
    return f.remedy


def counts(findings: list[Finding], lang: str, compact: bool = False) -> str:
    c: dict[str, int] = {}
    for f in findings:
        c[st(f)] = c.get(st(f), 0) + 1
    if compact:
        return " ".join(f"{MARK[k]}{c[k]}" for k in ORDER if k in c)
    return " · ".join(f"{MARK[k]} {L[lang][k]} {c[k]}" for k in ORDER if k in c)


def _cell(text: str) -> str:
    return text.replace("\t", " │ ").replace("|", "¦").replace("`", "'").strip()


def brief(f: Finding, lang: str) -> str:
    lab = L[lang]
    s = f"- {MARK[st(f)]} **{f.rule_id}** {f.subject}"
    if f.expected is not None or f.actual is not None:
        if f.status == "pass":
            s += f"：{f.actual}" if lang == "zh" else f": {f.actual}"
        else:
            sep = "：" if lang == "zh" else ": "
            s += (
                f"{sep}{lab['expected']} {f.expected}，{lab['actual']} {f.actual}"
                if lang == "zh"
                else f"{sep}{lab['expected']} {f.expected}, {lab['actual']} {f.actual}"
            )
    where = lines_text([e.line for e in f.evidence if e.line], lang)
    return s + (f"（{where}）" if lang == "zh" and where else (f" ({where})" if where else ""))


def detail(f: Finding, lang: str) -> str:
    lab = L[lang]
    out = [f"**{MARK[st(f)]} {f.rule_id} {title(f, lang)}** — {f.subject} · {lab[st(f)]} · {f.severity}", ""]
    if f.expected is not None:
        out.append(f"- {lab['expected']}：{f.expected}" if lang == "zh" else f"- {lab['expected']}: {f.expected}")
    if f.actual is not None:
        out.append(f"- {lab['actual']}：{f.actual}" if lang == "zh" else f"- {lab['actual']}: {f.actual}")
    if f.note:
        out.append(f"- {lab['note']}：{f.note}" if lang == "zh" else f"- {lab['note']}: {f.note}")
    if f.waived and f.waiver_reason:
        out.append(f"- {lab['reason']}：{f.waiver_reason}" if lang == "zh" else f"- {lab['reason']}: {f.waiver_reason}")
    from gongkai.engine.render._common import excerpt, focus_terms, unique_evidence

    evidence, words = unique_evidence(f), focus_terms(f)
    for ev in evidence[:6]:
        where = lab["line"].format(ev.line) if ev.line else ev.path
        what = f" {ev.label}" if ev.label else ""
        cut = _cell(excerpt(ev.text, words, 60))
        out.append(
            f"- {lab['evidence']}：{where}{what} `{cut}`"
            if lang == "zh"
            else f"- {lab['evidence']}: {where}{what} `{cut}`"
        )
    if len(evidence) > 6:
        out.append(f"- … +{len(evidence) - 6}")
    out.append(f"- {lab['basis']}：{f.basis}" if lang == "zh" else f"- {lab['basis']}: {f.basis}")
    if f.status != "pass" and remedy(f, lang):
        out.append(f"- {lab['remedy']}：{remedy(f, lang)}" if lang == "zh" else f"- {lab['remedy']}: {remedy(f, lang)}")
    return "\n".join(out) + "\n"


def table_md(t: Table, lang: str, limit: int = 30) -> str:
    """The table's own figures with their line numbers."""
    label_cols = [c for c in t.columns if all(c not in r.values for r in t.rows)]
    value_cols = [c for c in t.columns if any(r.values.get(c) is not None for r in t.rows)]
    head = (
        f"**表{t.number} {t.title}**（{t.unit or '?'}，第{t.start_line}–{t.end_line}行）"
        if lang == "zh"
        else f"**Table {t.number} {t.title}** ({t.unit or '?'}, lines {t.start_line}–{t.end_line})"
    )
    if not t.rows:
        notes = "；".join(f"{n.text}（第{n.line}行）" for n in t.notes)
        return (
            head
            + "\n\n"
            + (
                ("本表没有数据行。" + (f" {notes}" if notes else ""))
                if lang == "zh"
                else "No data rows." + (f" {notes}" if notes else "")
            )
            + "\n"
        )
    cols = ["行" if lang == "zh" else "line"] + (label_cols[:2] or ["项目"]) + value_cols[:4]
    rows = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in t.rows[:limit]:
        labels = [_cell(r.texts.get(c, "")) for c in label_cols[:2]] or [_cell(r.name)]
        vals = ["" if r.values.get(c) is None else str(r.values[c]) for c in value_cols[:4]]
        rows.append("| " + " | ".join([str(r.line)] + labels + vals) + " |")
    more = f"\n\n… +{len(t.rows) - limit}" if len(t.rows) > limit else ""
    return head + "\n\n" + "\n".join(rows) + more + "\n"


def in_table(f: Finding, t: Table) -> bool:
    return any(e.table == t.id for e in f.evidence) or bool(re.match(rf"表{t.number}(?!\d)", f.subject))


SEVERITY = {"error": 0, "warning": 1, "info": 2}


def sort(findings: list[Finding]) -> list[Finding]:
    """Failures first, the most severe first; stable for the same report."""
    return sorted(findings, key=lambda f: (ORDER[st(f)], SEVERITY.get(f.severity, 3), f.sort_key()))


def listing(
    findings: list[Finding], lang: str, want_pass: bool, limit_pass: int = 6, n_detail: int = 3, n_brief: int = 12
) -> str:
    """Failures in detail (the first few), the rest briefly; passes briefly with their basis.
    Within a status and severity the given order is kept (report order, or best match first)."""
    out = []
    ranked = sorted(findings, key=lambda f: (ORDER[st(f)], SEVERITY.get(f.severity, 3)))
    bad = [f for f in ranked if st(f) in ("fail", "error", "waived")]
    good = [f for f in ranked if st(f) == "pass"]
    na = [f for f in ranked if st(f) == "not_applicable"]
    for f in bad[:n_detail]:
        out.append(detail(f, lang))
    rest = bad[n_detail : n_detail + n_brief]
    if rest:
        out.append("\n".join(brief(f, lang) for f in rest))
    if len(bad) > n_detail + n_brief:
        out.append(
            ("还有 {} 条，问规则编号逐条查看。" if lang == "zh" else "{} more: ask by rule id.").format(
                len(bad) - n_detail - n_brief
            )
        )
    if good:
        n = limit_pass if (want_pass or not bad) else 3
        head = "**为什么符合**" if lang == "zh" else "**Why these pass**"
        out.append(head + "\n\n" + "\n".join(brief(f, lang) for f in good[:n]))
        if len(good) > n:
            out.append(("另有 {} 项符合。" if lang == "zh" else "{} more pass.").format(len(good) - n))
        bases = list(dict.fromkeys(f.basis for f in good[:n]))
        out.append(("依据：" if lang == "zh" else "Basis: ") + "；".join(bases))
    if na:
        head = "**不适用**" if lang == "zh" else "**Not applicable**"
        out.append(head + "\n\n" + "\n".join(brief(f, lang) for f in na[:3]))
    return "\n\n".join(out)


def evidence_lines(findings: list[Finding]) -> list[int]:
    out: list[int] = []
    for f in sort(findings):
        out.extend(e.line for e in f.evidence if e.line)
    return list(dict.fromkeys(out))


class GroundedAnswerer:
    """Answers from the findings, the rule catalog and the document; deterministic, offline."""

    name = "grounded"

    def answer(self, question: str, session: SessionLike) -> str:
        return self.reply(question, session).text

    def reply(self, question: str, session: SessionLike) -> Reply:
        q = parse(question)
        report, doc = session.report, session.doc
        if not q.text:
            return Reply(help_text(q.lang))
        if q.rule_ids:
            return self._rules(q, report)
        fail_on = getattr(getattr(session, "settings", None), "fail_on", None) or "error"
        if "fix_first" in q.intents:
            return self._fix_first(q, report)
        if "verdict" in q.intents and not q.tables and not q.families:
            return self._verdict(q, report, fail_on)
        if q.families:
            return self._family(q, report)
        if q.tables:
            return self._table(q, report, doc)
        if "help" in q.intents:
            return Reply(help_text(q.lang))
        zh, en = terms(q.rest)
        if zh and ("figure" in q.intents or any(re.search(p, q.text, flags=re.I) for p in DIRECTION.values())):
            found = self._figure(q, report, doc, zh)
            if found:
                return found
        if "summary" in q.intents and not (zh or en):
            return self._summary(q, report)
        if zh or en:
            found = self._topic(q, report, doc, zh, en)
            if found:
                return found
        if "edits" in q.intents:
            return self._edits(q, session)
        if "waived" in q.intents:
            return self._status(q, report, "waived")
        if "severe" in q.intents or "warn" in q.intents:
            return self._severe(q, report)
        if q.intents & {"problems", "fail"}:
            return self._status(q, report, "fail")
        if "summary" in q.intents or "pass" in q.intents:
            return self._summary(q, report)
        return self._unknown(q, report, doc, zh)

    # one or more rules by id ------------------------------------------------------------------
    def _rules(self, q: Query, report: Report) -> Reply:
        lang = q.lang
        parts, lines, first = [], [], None
        for rid in q.rule_ids[:3]:
            e = catalog()[rid]
            fs = [f for f in report.findings if f.rule_id == rid]
            head = f"### {rid} {e.title_en if lang == 'en' else e.title_zh}"
            if rid in q.corrected:
                head += (
                    f"\n\n（把“{q.corrected[rid]}”理解为 {rid}）"
                    if lang == "zh"
                    else f"\n\n(reading “{q.corrected[rid]}” as {rid})"
                )
            if not fs:
                why = (
                    ("尚未实现" if lang == "zh" else "not implemented yet")
                    if not e.implemented
                    else (
                        f"不在本次规则包（{', '.join(report.rulesets)}）中"
                        if lang == "zh"
                        else f"not in this run's rulesets ({', '.join(report.rulesets)})"
                    )
                )
                body = (
                    f"本文件没有 {rid} 的检查结果：该规则{why}。"
                    if lang == "zh"
                    else f"This document has no result for {rid}: the rule is {why}."
                )
            else:
                verdict = ""
                fails = [f for f in fs if st(f) == "fail"]
                if "fail" in q.intents and not fails:
                    verdict = (
                        f"{rid} 在本文件中没有不符合项。\n\n"
                        if lang == "zh"
                        else f"{rid} did not fail in this document.\n\n"
                    )
                if "pass" in q.intents and fails and not any(st(f) == "pass" for f in fs):
                    verdict = (
                        f"{rid} 在本文件中没有通过。\n\n"
                        if lang == "zh"
                        else f"{rid} did not pass in this document.\n\n"
                    )
                body = verdict + (
                    f"本文件 {len(fs)} {L[lang]['checks']}：{counts(fs, lang)}\n\n"
                    if lang == "zh"
                    else f"{len(fs)} {L[lang]['checks']} in this document: {counts(fs, lang)}\n\n"
                )
                body += listing(fs, lang, want_pass="pass" in q.intents)
                lines += evidence_lines(fs)
                first = first or sort(fs)[0]
            if "explain" in q.intents or not fs:
                from gongkai.engine.pipeline.catalog import explain_markdown

                body += "\n\n" + demote(explain_markdown(e, lang))
            parts.append(head + "\n\n" + body)
        return Reply("\n\n".join(parts), lines=lines, finding=first)

    # a table by number ------------------------------------------------------------------------
    def _table(self, q: Query, report: Report, doc: Disclosure) -> Reply:
        lang = q.lang
        parts, lines = [], []
        table_id = None
        for tid in q.tables[:2]:
            t = doc.table(tid)
            if t is None:
                parts.append(
                    f"本文件没有表{int(tid[1:])}。" if lang == "zh" else f"This document has no table {int(tid[1:])}."
                )
                continue
            table_id = table_id or t.id
            fs = [f for f in report.findings if in_table(f, t)]
            if "show" in q.intents:
                parts.append(table_md(t, lang))
            bad = [f for f in fs if st(f) in ("fail", "error")]
            head = (
                f"表{t.number} {t.title}（第{t.start_line}–{t.end_line}行）：{len(fs)} {L[lang]['checks']}，{counts(fs, lang)}"
                if lang == "zh"
                else f"Table {t.number} {t.title} (lines {t.start_line}–{t.end_line}): {len(fs)} {L[lang]['checks']}, {counts(fs, lang)}"
            )
            if not fs:
                head = (
                    f"表{t.number} {t.title}：本次没有针对它的检查结果。"
                    if lang == "zh"
                    else f"Table {t.number} {t.title}: no checks judged it in this run."
                )
            parts.append(head)
            if fs and not bad and "show" not in q.intents:
                parts.append("没有发现问题。各项检查：" if lang == "zh" else "No problems found. The checks:")
                parts.append(by_rule(fs, lang))
            elif fs and "show" in q.intents:
                parts.append(listing(bad, lang, False) if bad else by_rule(fs, lang))
            elif fs:
                parts.append(listing(fs, lang, "pass" in q.intents))
            lines += evidence_lines(bad) if bad else list(range(t.start_line, t.end_line + 1))[:1]
        return Reply("\n\n".join(parts), lines=lines, table=table_id)

    # a topic in words -------------------------------------------------------------------------
    def _topic(self, q: Query, report: Report, doc: Disclosure, zh: list[str], en: list[str]) -> Reply | None:
        lang = q.lang
        pool = report.findings
        if "severe" in q.intents:
            pool = [f for f in pool if f.severity == "error"]
        found, coverage = match(pool, doc, zh, en)
        tabs = tables_about(doc, zh, en)
        texts = passages(doc, zh)
        if coverage < 0.5:
            found = []
        if not found and not tabs and not texts:
            return None
        name = "".join(_runs(zh)) or " ".join(en)
        parts = []
        if found:
            head = (
                f"### {name}：{len(found)} {L[lang]['checks']}，{counts(found, lang)}"
                if lang == "zh"
                else f"### {name}: {len(found)} {L[lang]['checks']}, {counts(found, lang)}"
            )
        else:
            head = (
                f"### {name}：本次没有直接针对它的检查结果"
                if lang == "zh"
                else f"### {name}: no check in this run judged it directly"
            )
        parts.append(head)
        for t in tabs:
            parts.append(table_md(t, lang, limit=30 if "show" in q.intents else 12))
        if found:
            parts.append(listing(found, lang, want_pass="pass" in q.intents))
        else:
            planned = [e for e in catalog().values() if any(x in norm(e.title_zh) for x in _runs(zh) if len(x) >= 3)]
            if planned:
                parts.append(
                    ("相关规则（目录中）：" if lang == "zh" else "Related rules in the catalog: ")
                    + "；".join(
                        f"{e.id} {e.title_zh}{'' if e.implemented else ('（尚未实现）' if lang == 'zh' else ' (not implemented)')}"
                        for e in planned[:5]
                    )
                )
        if texts:
            parts.append(
                ("**原文提到**\n\n" if lang == "zh" else "**The document says**\n\n")
                + "\n".join(f"- {L[lang]['line'].format(n)}：{text[:120]}" for n, text in texts)
            )
        lines = evidence_lines(found) if found else []
        if tabs and not any(st(f) in ("fail", "error") for f in found):
            lines = [r.line for r in tabs[0].rows] or [tabs[0].start_line]
        lines = lines or [n for n, _ in texts]
        first = sort(found)[0] if found else None
        return Reply("\n\n".join(parts), lines=lines, table=tabs[0].id if tabs else None, finding=first)

    # lists by status / severity ---------------------------------------------------------------
    def _status(self, q: Query, report: Report, status: str) -> Reply:
        lang = q.lang
        fs = [f for f in report.findings if st(f) == status or (status == "fail" and f.status == "error")]
        if not fs:
            text = {
                "fail": ("没有不符合项。" if lang == "zh" else "Nothing fails."),
                "waived": ("没有已豁免的问题。" if lang == "zh" else "Nothing is waived."),
            }[status]
            return Reply(text + "\n\n" + summary_md(report, lang))
        head = f"### {L[lang][status]}：{len(fs)} 项" if lang == "zh" else f"### {L[lang][status]}: {len(fs)}"
        return Reply(head + "\n\n" + by_family(fs, lang), lines=evidence_lines(fs), finding=sort(fs)[0])

    def _severe(self, q: Query, report: Report) -> Reply:
        lang = q.lang
        fails = [f for f in report.findings if st(f) in ("fail", "error")]
        errors = [f for f in fails if f.severity == "error" or f.status == "error"]
        warns = [f for f in fails if f.severity == "warning" and f.status != "error"]
        parts = []
        if "severe" in q.intents:
            if errors:
                parts.append(
                    (
                        f"### 严重（error 级）问题：{len(errors)} 项"
                        if lang == "zh"
                        else f"### Serious (error) problems: {len(errors)}"
                    )
                    + "\n\n"
                    + by_family(errors, lang)
                )
            else:
                parts.append("没有严重（error 级）问题。" if lang == "zh" else "No serious (error-level) problems.")
        if warns:
            parts.append(
                (f"**警告（warning 级）：{len(warns)} 项**" if lang == "zh" else f"**Warnings: {len(warns)}**")
                + "\n\n"
                + by_family(warns, lang)
            )
        elif "warn" in q.intents:
            parts.append("没有警告。" if lang == "zh" else "No warnings.")
        shown = errors or warns
        return Reply("\n\n".join(parts), lines=evidence_lines(shown), finding=sort(shown)[0] if shown else None)

    def _verdict(self, q: Query, report: Report, fail_on: str) -> Reply:
        """合格 / 不合格 under --fail-on, the counts by severity, and what decides it."""
        from gongkai.engine.render._common import counts_line, verdict_line

        lang = q.lang
        text = f"### {verdict_line(report, fail_on, lang)}\n\n{counts_line(report, lang)}\n"
        top = report.top_issues(3)
        if top:
            text += ("\n**决定结论的问题**\n\n" if lang == "zh" else "\n**What decides it**\n\n") + "\n".join(
                brief(f, lang) for f in top
            )
        else:
            text += "\n" + ("没有不符合项。" if lang == "zh" else "Nothing fails.")
        return Reply(text, lines=evidence_lines(top), finding=top[0] if top else None)

    def _fix_first(self, q: Query, report: Report) -> Reply:
        """The failures ranked by severity, then by the amount at stake."""
        from gongkai.engine.pipeline.report import by_importance, stake

        lang = q.lang
        fails = sorted((f for f in report.failures() if not f.baselined), key=by_importance)
        if not fails:
            return Reply("没有需要修改的不符合项。" if lang == "zh" else "Nothing to fix: nothing fails.")
        head = (
            "### 先改这些（按严重程度，再按涉及金额）"
            if lang == "zh"
            else "### Fix these first (by severity, then by the amount at stake)"
        )
        rows = []
        for k, f in enumerate(fails[:8], 1):
            gap = stake(f)
            money = (f"，涉及 {gap:,.2f}万元" if lang == "zh" else f", {gap:,.2f}万元 at stake") if gap else ""
            rows.append(
                f"{k}. **{f.rule_id}** [{f.severity}] {f.subject}{money}"
                + (f" — {remedy(f, lang)}" if remedy(f, lang) else "")
            )
        more = len(fails) - 8
        tail = (
            ("\n\n还有 {} 项，问“有哪些问题”看全部。" if lang == "zh" else "\n\n{} more: ask 'what failed'.").format(
                more
            )
            if more > 0
            else ""
        )
        return Reply(head + "\n\n" + "\n".join(rows) + tail, lines=evidence_lines(fails[:1]), finding=fails[0])

    def _family(self, q: Query, report: Report) -> Reply:
        lang = q.lang
        parts, lines, first = [], [], None
        for fam in q.families[:2]:
            fs = [f for f in report.findings if (f.family or f.rule_id.split("-")[0]) == fam]
            name = FAMILY_TITLES.get(fam, (fam, fam))[1 if lang == "en" else 0]
            if not fs:
                parts.append(
                    f"### {fam} {name}\n\n"
                    + ("本次没有这一类的检查结果。" if lang == "zh" else "No check of this family ran.")
                )
                continue
            parts.append(
                f"### {fam} {name}：{len(fs)} {L[lang]['checks']}，{counts(fs, lang)}\n\n"
                if lang == "zh"
                else f"### {fam} {name}: {len(fs)} {L[lang]['checks']}, {counts(fs, lang)}\n\n"
            )
            bad = [f for f in fs if st(f) in ("fail", "error")]
            parts[-1] += listing(bad, lang, False) if bad else by_rule(fs, lang)
            lines += evidence_lines(bad)
            first = first or (sort(bad)[0] if bad else None)
        return Reply("\n\n".join(parts), lines=lines, finding=first)

    def _figure(self, q: Query, report: Report, doc: Disclosure, zh: list[str]) -> Reply | None:
        """A figure asked by name: the table row first, then what the narrative says; a question that
        presumes the wrong direction of change is corrected."""
        lang = q.lang
        phrase = max(_runs(zh), key=len)
        if len(phrase) < 2:
            return None
        rows = [
            (t, r)
            for t in doc.tables
            for r in t.rows
            if phrase in norm(r.name) or (len(norm(r.name)) >= 2 and norm(r.name) in phrase)
        ]
        said = [
            x
            for x in doc.statements
            if x.amount is not None
            and x.unit in ("万元", "元")
            and phrase in norm(x.text)
            and not x.topic.startswith("meta.")
        ]
        if not rows and not said:
            return None
        parts, lines = [], []
        presumed = next((d for d, p in DIRECTION.items() if re.search(p, q.text, flags=re.I)), None)
        moved = next((x for x in said if x.direction), None)
        if presumed and moved and moved.direction:
            change = f"{moved.change_amount}万元" if moved.change_amount is not None else ""
            pct = f"（{moved.change_percent}%）" if moved.change_percent is not None else ""
            if presumed != moved.direction:
                parts.append(
                    f"**不对：{phrase} 比上年{moved.direction}{change}{pct}，不是{presumed}。**"
                    if lang == "zh"
                    else f"**No: {phrase} {DIRECTION_EN[moved.direction]} {change}{pct} on last year; "
                    f"it did not {DIRECTION_EN[presumed].rstrip('d')}.**"
                )
            else:
                parts.append(
                    f"**是的：{phrase} 比上年{moved.direction}{change}{pct}。**"
                    if lang == "zh"
                    else f"**Yes: {phrase} {DIRECTION_EN[moved.direction]} {change}{pct} on last year.**"
                )
            if moved.reason:
                parts.append(("原因（原文）：" if lang == "zh" else "Reason given: ") + moved.reason)
            lines.append(moved.line)
        for t, r in rows[:3]:
            vals = "，".join(f"{c} {v}{t.unit or ''}" for c, v in r.values.items() if v is not None) or (
                "（空）" if lang == "zh" else "(empty)"
            )
            parts.append(
                f"**{r.name}**：{vals}（表{t.number}，第{r.line}行）"
                if lang == "zh"
                else f"**{r.name}**: {vals} (table {t.number}, line {r.line})"
            )
            lines.append(r.line)
        for x in said[:2]:
            parts.append(
                (f"说明第{x.line}行：" if lang == "zh" else f"The narrative, line {x.line}: ")
                + f"{x.amount}{x.unit or ''} — “{x.text[:80]}”"
            )
            lines.append(x.line)
        found, coverage = match(report.findings, doc, zh, [])
        bad = [f for f in found if st(f) in ("fail", "error")] if coverage >= 0.5 else []
        if bad:
            parts.append(
                ("**相关问题**\n\n" if lang == "zh" else "**Related failures**\n\n")
                + "\n".join(brief(f, lang) for f in sort(bad)[:5])
            )
        elif found and coverage >= 0.5:
            parts.append(("相关检查：" if lang == "zh" else "Related checks: ") + counts(found, lang))
        return Reply(
            "\n\n".join(parts),
            lines=list(dict.fromkeys(lines)),
            table=rows[0][0].id if rows else None,
            finding=sort(found)[0] if found and coverage >= 0.5 else None,
        )

    def _summary(self, q: Query, report: Report) -> Reply:
        fails = [f for f in report.findings if st(f) in ("fail", "error")]
        return Reply(summary_md(report, q.lang), lines=evidence_lines(fails), finding=sort(fails)[0] if fails else None)

    def _edits(self, q: Query, session: SessionLike) -> Reply:
        if not session.edits:
            return Reply(
                "没有假设修改。用 `/set 表号 行 栏 数值` 试算。"
                if q.lang == "zh"
                else "No what-if edits. Try `/set T10 公务接待费 合计 5.00`."
            )
        return Reply("\n".join(f"- {e.describe()}" for e in session.edits), lines=[e.line for e in session.edits])

    def _unknown(self, q: Query, report: Report, doc: Disclosure, zh: list[str]) -> Reply:
        lang = q.lang
        hints = []
        for rid in q.unknown_ids:
            close = difflib.get_close_matches(rid, list(catalog()), n=3, cutoff=0.6)
            hints.append(
                (f"没有规则 {rid}" if lang == "zh" else f"No rule {rid}")
                + ((("，是否指：" if lang == "zh" else "; did you mean: ") + "、".join(close)) if close else "")
            )
        words = re.findall(r"[A-Za-z]{3,}", q.rest)
        for w in words:
            close = difflib.get_close_matches(w.upper(), FAMILIES, n=1, cutoff=0.7)
            if close and close[0] != w.upper():
                hints.append(("是否指规则类别 " if lang == "zh" else "Did you mean the family ") + close[0])
        head = "\n".join(f"- {h}" for h in hints)
        lead = "没看懂这个问题。" if lang == "zh" else "I did not understand that."
        return Reply(lead + ("\n\n" + head if head else "") + "\n\n" + help_text(lang))


def demote(md: str) -> str:
    return "\n".join(("###" + line.lstrip("#")) if line.startswith("#") else line for line in md.splitlines())


def by_rule(findings: list[Finding], lang: str) -> str:
    groups: dict[str, list[Finding]] = {}
    for f in sort(findings):
        groups.setdefault(f.rule_id, []).append(f)
    return "\n".join(
        f"- **{rid}** {title(fs[0], lang)}：{counts(fs, lang)}"
        if lang == "zh"
        else f"- **{rid}** {title(fs[0], lang)}: {counts(fs, lang)}"
        for rid, fs in groups.items()
    )


def by_family(findings: list[Finding], lang: str) -> str:
    groups: dict[str, list[Finding]] = {}
    for f in sort(findings):
        groups.setdefault(f.family or f.rule_id.split("-")[0], []).append(f)
    out = []
    for fam in sorted(groups, key=lambda x: FAMILIES.index(x) if x in FAMILIES else 99):
        t = FAMILY_TITLES.get(fam, (fam, fam))[1 if lang == "en" else 0]
        out.append(f"**{fam} {t}**\n\n" + "\n".join(brief(f, lang) for f in groups[fam]))
    hint = "问规则编号（如 `{}`）看依据和整改。" if lang == "zh" else "Ask a rule id (e.g. `{}`) for basis and remedy."
    return "\n\n".join(out) + "\n\n" + hint.format(sort(findings)[0].rule_id)


def summary_md(report: Report, lang: str, fail_on: str = "error") -> str:
    from gongkai.engine.render._common import counts_line, verdict_line

    s = report.summary
    d = report.document
    head = (
        f"### {d.department or '?'} · {d.year or '?'}\n\n**{verdict_line(report, fail_on, lang)}**\n\n"
        f"{counts_line(report, lang)}\n\n"
    )
    top = report.top_issues(1)
    if top:
        head += ("首要问题：" if lang == "zh" else "First issue: ") + brief(top[0], lang)[2:] + "\n\n"
    head += f"规则包：{', '.join(report.rulesets)}" if lang == "zh" else f"Rulesets: {', '.join(report.rulesets)}"
    lab = L[lang]
    total = (
        f"✗ {lab['fail']} {s.fail} · ! {lab['error']} {s.error} · ≈ {lab['waived']} {s.waived} · "
        f"✓ {lab['pass']} {s.pass_} · – {lab['not_applicable']} {s.not_applicable}"
    )
    fams: dict[str, list[Finding]] = {}
    for f in report.findings:
        fams.setdefault(f.family or f.rule_id.split("-")[0], []).append(f)
    rows = ["| 类别 | 名称 | 结果 |" if lang == "zh" else "| family | name | result |", "|---|---|---|"]
    for fam in sorted(fams, key=lambda x: FAMILIES.index(x) if x in FAMILIES else 99):
        t = FAMILY_TITLES.get(fam, (fam, fam))[1 if lang == "en" else 0]
        rows.append(f"| {fam} | {t} | {counts(fams[fam], lang, compact=True)} |")
    return head + "\n\n" + total + "\n\n" + "\n".join(rows) + "\n"


def help_text(lang: str) -> str:
    if lang == "en":
        return (
            "**You can ask:**\n\n"
            "- a rule: `SUM-006`, `explain IND-005`, `why did JGYX-004 fail`\n"
            "- a table: `is table 3 ok`, `show table 10`\n"
            "- a topic: `why did sangong pass`, `running costs`, `empty tables`\n"
            "- a list: `serious problems`, `what failed`, `summary`, `waivers`\n"
            "- the verdict and priorities: `does it pass`, `what should I fix first`, `IND` (a family)\n"
            "- a figure: `how much is 公务接待费`, `did 机关运行经费 increase`\n"
            "- commands: `/set T10 公务接待费 合计 5.00` · `/undo` · `/waive RULE[:subject] reason` · "
            "`/export report.md`\n"
        )
    return (
        "**可以这样问：**\n\n"
        "- 规则：`SUM-006`、`解释 IND-005`、`TBL-003 为什么不符合`\n"
        "- 表：`表3 有问题吗`、`显示表10`\n"
        "- 主题：`三公经费为什么通过了？`、`机关运行经费`、`空表说明`\n"
        "- 清单：`哪些是严重问题`、`有哪些问题`、`总结`、`豁免了什么`\n"
        "- 结论与优先：`这份公开合格吗`、`先改什么`、`IND 类有什么问题`\n"
        "- 数字：`公务接待费是多少`、`机关运行经费增加了吗`\n"
        "- 命令：`/set T10 公务接待费 合计 5.00` · `/undo` · `/waive 规则[:对象] 理由` · `/export report.md`\n"
    )


def report_markdown(report: Report, lang: str = "zh") -> str:
    """A small Markdown report (used by /export when engine/render/markdown.py is absent)."""
    out = [
        "# gongkai " + ("审阅报告" if lang == "zh" else "review report"),
        "",
        f"`{report.document.path}` · sha256 `{report.document.sha256[:12]}`",
        "",
        summary_md(report, lang),
    ]
    bad = [f for f in report.findings if st(f) in ("fail", "error", "waived")]
    if bad:
        out += ["## " + ("问题" if lang == "zh" else "Problems"), ""]
        out += [detail(f, lang) for f in sort(bad)]
    return "\n".join(out) + "\n"
