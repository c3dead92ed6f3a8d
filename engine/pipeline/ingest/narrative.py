"""Narrative extractor: the figures a disclosure states in prose, as `Statement`s.

Each explanatory paragraph is split into sentences (。！？), ；-segments and ，、：-clauses. Numbers with a
unit are tokens; a token preceded by 增加/减少/增长/下降… is a change, a % after 占 is a share, a 万元 amount
followed by 以上/以下 is a threshold (part of a label); every other amount or count is an *item*. An
item's topic comes from the words before it (its label), the section it sits in and the sentence's head
item; comparisons (比上年增加A，增长P% / 与上年相同 → 持平), shares and reasons (原因是, 主要是, 由于, 因 …,
or an unmarked clause after the change) attach to the item they follow, or to the head item when they
follow a 其中 list. `text` is the sentence, or its ；-segment when the sentence lists several.

Topic vocabulary (dotted; `<X>` is a name taken from the text):

  income.total / current (本年收入) / carryover / general / fund / soe / special_account / unit_funds
  expense.total / current (本年预算安排) / carryover / basic / project / class.<类名>
  fiscal.total / current / carryover / general / fund / soe / class.<类名>      财政拨款收支
  general.total / basic / project / class.<类名> / item.<项名>                  一般公共预算当年支出
  basic.total / personnel / public                                              一般公共预算基本支出
  sangong.total / abroad / reception / vehicle / vehicle_purchase / vehicle_operation
  jgyx.total (amount) / jgyx.units (count of units)                             机关运行经费
  proc.total / goods / works / services                                         政府采购
  asset.vehicles.quota / actual / <X用车>, asset.building_area, asset.equipment.general / special,
  asset.date (stock date: amount = year, text = "截至…日")
  perf.whole.total / basic / project / units, perf.units.total (单位整体绩效目标 funds),
  perf.projects.count / total, perf.projects.kind.<X类>.count / total,
  perf.published.count / total (share = 占项目支出总额%), perf.published.kind.<X类>.count / total,
  perf.form.whole / perf.form.project (a form title line)
  org.units                                                                     机构设置: number of units
  def.sangong / jgyx / basic / project / proc / other                           名词解释 entries
  meta.department (a department name in subject position), meta.year / meta.prior_year (amount = year),
  meta.appendix (appended grid or document), meta.appendix_group (a group label in it), meta.typo

Synonyms: 公务用车运转维护费/公务用车运行经费 = 公务用车运行维护费; 因公出国(境)经费 = 因公出国（境）费;
行政经费/行政运行经费 = 机关运行经费.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate

from gongkai.engine.pipeline.model import Disclosure, Paragraph, Statement
from gongkai.engine.pipeline.numbers import normalize
from gongkai.engine.pipeline.report import trusted

# Linear: a number starts only where no digit precedes it, and its digits are never given back (a run
# of 100k digits without a unit would otherwise be retried from every position: quadratic). The first digit
# comes first and the look back after it: a pattern that opens on a character class is scanned for it by the
# regex engine's fast prefix search (a leading look-behind is tried at every position, twice as slow).
_NUM = r"\d(?<!\d\d)\d*+(?:\.\d++)?"
_TOKEN = re.compile(r"(%s)(万元|亿元|元|%%|台[（(]套[)）]|平方米|㎡|个|辆|家|户|台|套|人|项|名)" % _NUM)
_MONEY = ("万元", "亿元", "元")
_UP = ("增加", "增长", "上升", "提高", "增幅", "增")
_DOWN = ("减少", "下降", "降低", "缩减", "降幅", "减")
_CHANGE_VERB_ENDS = tuple(k + s for k in _UP + _DOWN for s in ("", "了"))  # '…增加' / '…减少了' before a figure
_FLAT = ("持平", "相同", "一致", "无变化", "没有变化", "未发生变化", "保持不变", "不变", "无增减", "未增减", "均无")
_PAST = re.compile(r"(上年|上一年|去年|同期|上年度|20\d\d年)")
_COMPARED = re.compile(r"(比|较|与|同比)")
# an amount 以上/以下 is a threshold in a label ('100万元以上的设备'), not a figure
_THRESHOLD = re.compile(r"^(?:[（(]原值[)）])?(?:以上|以下|及以上)")
_NONE_WORD = re.compile("无|没有|未安排")  # what _NONE_STATED needs: a quick no for a paragraph
_NONE_STATED = re.compile(r"^(?:本年|本部门|今年|20\d\d年)?(?:无|没有|未安排)(.{2,})$")
# '上年及本年度，本部门均无…预算' / '2025年和2026年均未安排': nothing in either year, i.e. unchanged
_YEAR_WORD = r"(?:上年度?|上一年|去年|本年度?|今年|当年|20\d\d年度?)"
_BOTH_YEARS = re.compile(_YEAR_WORD + r"(?:和|及|与|、|以及)" + _YEAR_WORD + r"|两年|连续两年")
_NONE_IN_EITHER = re.compile(r"(?:均|都|皆)(?:无|未安排|未列支|未编列|没有|为0|为零|不涉及)")
# '均与上年持平' after a list: the comparison speaks for every item listed before it
_ALL = re.compile(r"^(?:以上|上述)?(?:各项|各分项|[二三四五]项)?(?:经费|支出|费用)?(?:均|都|全部|皆)$")
# an amount right after '比上年' with no verb: '比上年1.43万元，增加0.68%' (the change, when the percent agrees)
_BARE_CHANGE = re.compile(r"(?:比|较)(?:上年度?|上一年|去年|20\d\d年)(?:预算数?|执行数?|年初预算)?$")
# a 项-level subject (a 7-digit code, （项）, 项级): its figures are never a section total
_ITEM_LEVEL = re.compile(r"(?<!\d)\d{7}(?!\d)|[（(]项[)）]|项级")
_REASON_AT = (
    "主要原因",
    "原因是",
    "原因为",
    "原因：",
    "原因:",
    "主要是",
    "主要系",
    "主要由于",
    "主要因",
    "由于",
    "是因为",
    "因为",
    "这是",
    "系",
)
_SUB = ("其中", "主要包括", "包括", "分别为", "主要用于")
_CN_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SPLIT_SENT = "。！？!?"
_SPLIT_SEG = "；;"
_SPLIT_CLAUSE = "，,、：:"
_YEAR_START = re.compile(r"^(?:本部门)?(20\d\d)年")
_PRIOR = re.compile(r"(?:比|较|与)(20\d\d)年")
_DATE = re.compile(r"截[至止]\s*(20\d\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")  # the day may be left out
# a department name in subject position: after the year or stock date, before what the sentence is about
_DEPT = re.compile(r"(?:20\d\d年度?|\d{1,2}月\d{1,2}日，?|所属)(?!所属)(?=[\u4e00-\u9fa5]{2,4}(?:省|市|自治区))")
# _DEPT opens on an alternation, so the regex engine tries it at every position: a sentence naming no place is
# passed by (a third of the sentences _meta reads)
_PLACE = re.compile("省|市|自治区")
_DEPT_END = (
    "预算",
    "财政拨款",
    "政府采购",
    "一般公共",
    "纳入",
    "共有",
    "使用",
    "占有",
    "（",
    "(",
    "等",
    "编报",
    "部门",
    "“",
    "机关运行",
    "三公",
    "，",
    "。",
    "的",
)
_FORM_YEAR = re.compile(r"^[（(]\s*(20\d\d)\s*(?:[)）]\s*年度|年度\s*[)）])$")
# doubled punctuation and a doubled particle; a doubled '1.1.' number: see _doubled_numbers
# (one scan for both: a run of one punctuation mark, r"([；;，,。、])\1+", or a particle twice, r"(及|的|和|与|了)\1")
_DOUBLED = re.compile(r"([；;，,。、及的和与了])(?:(?<=[；;，,。、])\1+|\1)")
_SECOND_NUMBER = re.compile(r"\.(\d{1,2})\.")
_DIGIT = re.compile(r"\d")


def _glossary_spans(doc: Disclosure) -> list[tuple[int, int]]:
    """The 名词解释 sections: each runs from its heading to the next heading of its level or above (it may sit
    before the tables, as in Shanghai, or close the document; a contents line listing it spans nothing)."""
    spans = []
    for k, h in enumerate(doc.headings):
        if h.level <= 2 and "名词解释" in h.title and len(h.title) <= 12:
            end = next((n.line for n in doc.headings[k + 1 :] if n.level <= h.level), len(doc.lines) + 1)
            spans.append((h.line, end))
    paras = doc.paragraphs
    for k, para in enumerate(paras):  # an unnumbered title line ('名词解释', '第四部分' above '名词解释'):
        title = "".join(para.text.split())  # the definitions that follow it, up to the first non-entry
        if "名词解释" in title and len(title) <= 12 and not any(a <= para.line < b for a, b in spans):
            end = next(
                (
                    p.line
                    for p in paras[k + 1 :]
                    if not _ENTRY.match(normalize(p.text).strip()) and not _ENTRY_TITLE.match(p.section)
                ),
                len(doc.lines) + 1,
            )
            end = min(
                [end]
                + [
                    n.line
                    for n in doc.headings
                    if n.line > para.line and n.level <= 2 and not _ENTRY_TITLE.match(n.title)
                ]
            )
            spans.append((para.line, end))
    return spans


def extract_statements(doc: Disclosure, texts: list[str] | None = None) -> list[Statement]:
    """`texts`: each line normalised and stripped, when the reader has them already."""
    out: list[Statement] = []
    glossary = _glossary_spans(doc)
    scope_by_section: dict[str, str | None] = {}
    for para in doc.paragraphs:
        if any(a < para.line < b for a, b in glossary):
            out.extend(_glossary(para, doc))
            continue
        if para.section not in scope_by_section:
            scope_by_section[para.section] = _family(para.section)
        squeezed = _squeeze(para.text)  # once for both readers of the paragraph
        out.extend(_Para(para, scope_by_section, squeezed).run())
        _reason_sentences(para, out)
        out.extend(_meta(para, doc.meta.department or "", squeezed))
    out.extend(_scan_lines(doc, texts))
    _total_explained_by_items(out, doc)
    return out


# '财政拨款收入支出减少的主要原因是项目调整。' as a paragraph of its own, after the figures it explains
_REASON_PARA = re.compile(
    r"^[^，。,；;\d]{0,30}?(增加|减少|增长|下降|变动|变化|增减)的?(?:主要)?原因(?:说明)?(?:是|为|主要是|主要有|[:：])"
)


def _reason_sentences(para: Paragraph, out: list[Statement]) -> None:
    """A sentence that only gives the reason ('财政拨款收入支出减少的主要原因是项目调整。') explains the changes of
    the direction it names stated before it in its paragraph and the two before (same section)."""
    if "原因" not in para.text:
        return  # _REASON_PARA needs the word
    text = normalize(para.text)
    for s, e in _parts(text, 0, len(text), _SPLIT_SENT):
        sentence = text[s:e].strip()
        m = _REASON_PARA.match(sentence)
        if not m or any(t.group(2) in _MONEY or t.group(2) == "%" for t in _TOKEN.finditer(_squeeze(sentence)[0])):
            continue
        wanted = {"增加": ("增加",), "增长": ("增加",), "减少": ("减少",), "下降": ("减少",)}.get(
            m.group(1), ("增加", "减少")
        )
        line = para.line_at(s)
        paras = sorted(
            {
                st.paragraph_line
                for st in out
                if st.section == para.section and st.paragraph_line and st.paragraph_line <= para.line
            }
        )[-3:]
        for st in out:
            if (
                st.paragraph_line in paras
                and st.section == para.section
                and st.line <= line
                and st.direction in wanted
                and not st.reason
            ):
                st.reason = sentence[:200]


# a total and the parts its change is made of (the vehicle line as one part when not split)
_PARTS = {
    "sangong.total": (
        "sangong.abroad",
        "sangong.reception",
        "sangong.vehicle_purchase",
        "sangong.vehicle_operation",
        "sangong.vehicle",
    ),
    "income.total": (
        "income.general",
        "income.fund",
        "income.soe",
        "income.special_account",
        "income.unit_funds",
        "income.carryover",
    ),
    "expense.total": ("expense.basic", "expense.project"),
    "general.total": ("general.basic", "general.project"),
}


def _signed(st: Statement) -> Decimal:
    amount = st.change_amount or Decimal(0)
    return -amount if st.direction == "减少" else amount


def _section_end(doc: Disclosure, line: int) -> int:
    """The line where the section holding `line` ends (its sub-sections included)."""
    heading = next((h for h in reversed(doc.headings) if h.line < line), None)
    if heading is None:
        return len(doc.lines) + 1
    return next((h.line for h in doc.headings if h.line > line and h.level <= heading.level), len(doc.lines) + 1)


def _total_explained_by_items(out: list[Statement], doc: Disclosure) -> None:
    """'“三公”经费预算35.10万元，较上年减少5.21万元。' then each item with its change and its reason: the total's
    change is explained item by item, when the items' changes add up to it and every changed item gives a reason."""
    for total in [
        s
        for s in out
        if s.topic in _PARTS and s.direction in ("增加", "减少") and s.change_amount is not None and not s.reason
    ]:
        items: dict[str, Statement] = {}
        end = _section_end(doc, total.line)
        for s in out:
            if s.topic in _PARTS[total.topic] and total.line <= s.line < end:
                items.setdefault(s.topic, s)
        if {"sangong.vehicle_purchase", "sangong.vehicle_operation"} <= set(items):
            items.pop("sangong.vehicle", None)
        changed = [s for s in items.values() if s.direction in ("增加", "减少") and s.change_amount]
        if (
            not changed
            or any(s.change_amount is None for s in items.values() if s.direction in ("增加", "减少"))
            or any(not s.reason for s in changed)
            or any(s.unit != total.unit for s in changed)
            or sum(_signed(s) for s in changed) != _signed(total)
        ):
            continue
        total.reason = "分项说明：" + "；".join(s.reason or "" for s in changed)


def _rate_fits(amount: Decimal | None, change: Decimal, direction: str, printed: str) -> bool:
    """Does change ÷ (last year's figure) give the printed rate, to the decimals printed?"""
    if amount is None:
        return False
    prior = amount - change if direction == "增加" else amount + change
    places = len(printed.split(".")[1]) if "." in printed else 0
    return prior > 0 and abs(change * 100 / prior - Decimal(printed)) <= Decimal(5) / 10 ** (places + 1)


# -- normalising a paragraph ---------------------------------------------------------------------


# what _squeeze drops: whitespace, and a comma followed by exactly three digits (a thousands separator when
# the char kept before it is a digit, checked in Python: str.isdigit, as the reader always has). It opens on one
# character class, which the regex engine scans for fast: the matches of r"\s+|[,，](?=\d{3}(?!\d))" (an
# alternation tried at every position) in half the time.
_DROPPED = re.compile(r"[\s,，](?:(?<=\s)\s*|(?<=[,，])(?=\d{3}(?!\d)))")


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Drop whitespace and thousands separators; keep a map from each kept char to its original offset."""
    text = normalize(text)
    pieces: list[str] = []
    where: list[int] = []
    pos = 0  # the matches are found by one regex scan and the kept runs copied as slices: a per-char loop was slow
    last = ""  # the last char kept
    for m in _DROPPED.finditer(text):
        a, b = m.span()
        if a > pos:
            pieces.append(text[pos:a])
            where.extend(range(pos, a))
            last = text[a - 1]
        if text[a] in ",，" and not last.isdigit():
            pieces.append(text[a])  # a comma after a word: kept
            where.append(a)
            last = text[a]
        pos = b
    pieces.append(text[pos:])
    where.extend(range(pos, len(text)))
    return "".join(pieces), where


def _bracketed(text: str) -> set[int]:
    """Offsets inside a closed （…） pair: '（购置费0万元，比上年增加0万元；运行维护费6.7万元。）比上年减少2.3万元'
    is one sentence — a 。 or ； inside a parenthesis never ends the sentence around it (an unclosed one is ignored)."""
    inside: set[int] = set()
    opened: int | None = None
    for m in _BRACKET.finditer(text):
        i = m.start()
        if text[i] in "（(":
            opened = i
        elif opened is not None:
            if i - opened <= 200:
                inside.update(range(opened + 1, i))
            opened = None
    return inside


_BRACKET = re.compile(r"[（()）]")


def _parts(
    text: str, start: int, end: int, seps: str, keep: frozenset[int] | set[int] = frozenset()
) -> list[tuple[int, int]]:
    out, s = [], start
    for m in _SEPARATORS[seps].finditer(text, start, end):
        i = m.start()
        if i not in keep:
            if i > s:
                out.append((s, i))
            s = i + 1
    if end > s:
        out.append((s, end))
    return out


_SEPARATORS = {seps: re.compile("[%s]" % re.escape(seps)) for seps in (_SPLIT_SENT, _SPLIT_SEG, _SPLIT_CLAUSE)}
_CLAUSE_MARK = _SEPARATORS[_SPLIT_CLAUSE]


# word lists asked 'is any of them in the text': one compiled alternation each (faster than a loop over the words)
_JGYX = re.compile("机关运行经费|行政运行经费|行政经费")
_JGYX_FISCAL = re.compile("财政拨款运行经费|预算运行经费")
_ASSET_WORDS = re.compile("国有资产|车辆|房屋|用车|设备")
_VEHICLE_OPERATION = re.compile("公务用车运行维护|公务用车运转维护|公务用车运行经费|公务用车运行费")


def _family(text: str, generic: bool = True) -> str | None:
    """The budget family a label or section title speaks about; `generic` lets bare 收入/支出 decide."""
    t = text or ""
    if "名词解释" in t:
        return None
    if "三公" in t:
        return "sangong"
    if _JGYX.search(t):
        return "jgyx"
    if "政府采购" in t:
        return "proc"
    if "绩效" in t:
        if "整体" in t:
            return "perf.whole"
        return "perf.projects" if ("项目" in t or "绩效目标管理" in t) else "perf"
    if "机构设置" in t:
        return "org"
    if _ASSET_WORDS.search(t):
        return "asset"
    if "财政拨款" in t and "三公" not in t:
        return "fiscal"
    if "一般公共预算" in t and "支出" in t and "收入" not in t:
        return "basic" if "基本支出" in t else "general"
    if generic and "收入" in t:
        return "income"
    if generic and "支出" in t:
        return "expense"
    return None


def _class_name(label: str) -> str | None:
    """'社会保障和就业支出' → itself: a function class named in prose (not 基本/项目/当年 支出)."""
    if not label.endswith("支出") or len(label) < 4:
        return None
    if any(
        k in label
        for k in ("基本", "项目", "当年", "本年", "一般公共预算", "总", "预算", "合计", "部门", "收入", "拨款")
    ):
        return None
    return label


def _direction(text: str) -> str | None:
    """增加 / 减少 / 持平 stated in a comparison clause, or None."""
    past = _PAST.search(text) or "同比" in text
    if past and any(k in text for k in _FLAT):
        return "持平"
    if past or text.startswith(("增", "减", "下降", "上升")):
        up = min((text.find(k) for k in _UP if k in text), default=-1)
        down = min((text.find(k) for k in _DOWN if k in text), default=-1)
        if up >= 0 and (down < 0 or up < down):
            return "增加"
        if down >= 0:
            return "减少"
    return None


# the markers of _REASON_AT, 系 and 这是 only at the start (tested apart: a pattern of plain words alone is
# scanned for its first characters, one with ^ in it is tried at every position): the first one found is where
# the reason begins
_REASON_MARK = re.compile("|".join(re.escape(m) for m in _REASON_AT if m not in ("系", "这是")))


def _reason_start(text: str) -> int:
    """Offset where a reason begins in a clause, or -1."""
    if text.startswith(("系", "这是")):
        best = 0
    else:
        m = _REASON_MARK.search(text)
        best = m.start() if m else -1
    if text.startswith("因") and not text.startswith("因公"):
        best = 0
    for word in ("所致", "导致", "致使"):
        if word in text and best < 0:
            best = 0
    return best


def _cn_count(text: str) -> Decimal | None:
    m = re.search(r"([一两二三四五六七八九十])(?:个|家|户|辆|人|项|台|套)", text)
    return Decimal(_CN_DIGITS[m.group(1)]) if m else None


# -- one paragraph -----------------------------------------------------------------------------


@dataclass
class _Item:
    topic: str
    amount: Decimal | None
    unit: str | None
    pos: int
    seg: tuple[int, int]
    sub: bool = False
    percent: Decimal | None = None
    direction: str | None = None
    change_amount: Decimal | None = None
    change_percent: Decimal | None = None
    reason: str | None = None

    @property
    def money(self) -> bool:
        return self.unit in _MONEY


@dataclass
class _Seg:
    items: list[_Item] = field(default_factory=list)
    sub: bool = False
    kind: str | None = None  # 项目 kind (其他运转类 …) in perf sentences
    target: _Item | None = None  # where the last change went
    reasons: list[str] = field(default_factory=list)
    bare: tuple[_Item, Decimal] | None = None  # an amount after '比上年' awaiting the percent that confirms it
    recent: str = ""  # every token-less clause since the last figure (reasons included)
    skip_rate: bool = False  # the rate after a change that belongs to no figure here


class _Para:
    def __init__(self, para: Paragraph, scopes: dict[str, str | None], squeezed: tuple[str, list[int]]) -> None:
        self.para = para
        self.text, self.where = squeezed  # _squeeze(para.text)
        self.bracketed = _bracketed(self.text)
        self.scope = scopes.get(para.section)
        self.section_scope = self.scope
        self.items: list[_Item] = []
        self.published = False  # perf: the sentence is about 公开 project targets
        self.first = True

    def run(self) -> list[Statement]:
        if not (_TOKEN.search(self.text) or _NONE_WORD.search(self.text) or self._comparison(self.text)):
            # an item comes only from a figure, a comparison or a stated zero in some clause, and a clause has
            # one only if the paragraph has: most paragraphs of duties and appended documents end here
            return []
        prev: list[_Item] = []
        label_start: int | None = None
        for s, e in _parts(self.text, 0, len(self.text), _SPLIT_SENT, self.bracketed):
            if label_start is not None:  # '1.因公出国（境）费用。2026 年预算数 28.00 万元…': the label names it
                s, label_start = label_start, None
            body = self.text[s:e]
            if (
                not _TOKEN.search(body)
                and len(body) <= 24
                and re.match(r"^\s*[（(]?[\d一二三四五六七八九十]+[)）.、．]", body)
            ):
                label_start = s
                continue
            if (
                prev
                and body.startswith(("与", "较", "比"))
                and _direction(body[:24]) == "持平"
                and not any(m.group(2) in _MONEY for m in _TOKEN.finditer(body))
            ):
                for it in prev:  # "公务接待费1.00万元。与2024年预算持平，主要原因是……"
                    if it.direction is None and it.unit in _MONEY:
                        it.direction = "持平"
                        it.reason = it.reason or body
                continue
            if (
                prev
                and _reason_start(body) == 0
                and "上年" not in body[:6]
                and not any(m.group(2) in _MONEY or m.group(2) == "%" for m in _TOKEN.finditer(body))
            ):
                # '主要原因为…更新购置公务车1辆': a count inside the reason does not make it a new figure
                for it in prev:  # "…下降5.84%。主要原因是……。"
                    if it.direction in ("增加", "减少") and not it.reason:
                        it.reason = body
                continue
            if not body.startswith(_SUB):
                self.published = False
            prev = self._sentence(s, e)
        return [self._statement(it) for it in self.items]

    def _sentence(self, s: int, e: int) -> list[_Item]:
        found: list[_Item] = []
        for a, b in _parts(self.text, s, e, _SPLIT_SEG, self.bracketed):
            found.extend(self._segment(a, b))
        return found

    def _segment(self, a: int, b: int) -> list[_Item]:
        seg = _Seg(sub=self.text[a:b].startswith(_SUB))
        pending = ""  # token-less clauses since the last token: part of the next label
        in_reason: list[str] | None = None
        for c0, c1 in _parts(self.text, a, b, _SPLIT_CLAUSE):
            clause = self.text[c0:c1]
            toks = [m for m in _TOKEN.finditer(clause) if not self._threshold(clause, m)]
            if not toks:
                seg.recent += clause + "，"
            if in_reason is not None:
                listing = clause.startswith("其中")  # '主要是…支出，其中：一般公共服务支出…': the list goes on
                if not listing and not any(self._is_item(clause, m) for m in toks) and not self._comparison(clause):
                    in_reason.append(clause)
                    continue
                seg.reasons.append("，".join(in_reason))
                in_reason = None
                if listing:
                    seg.sub = True
                    if clause == "其中":
                        continue
            r = _reason_start(clause)
            if (
                toks
                and r >= 0
                and r < toks[0].start()
                and seg.items
                and all(m.group(2) not in _MONEY and m.group(2) != "%" for m in toks)
            ):
                in_reason = [clause[r:]]  # '主要原因为…更新购置公务车1辆': a count inside a reason
                continue
            if (
                toks
                and r >= 0
                and r < toks[0].start()
                and seg.target is not None
                and not seg.target.reason
                and seg.target.direction in ("增加", "减少")
                and not self._comparison(clause)
                and all(self._is_item(clause, m) for m in toks)
            ):
                # '比2025年增加1,066.60万元，主要原因是2025年度结转1,036.60万元，…': the amounts explain the change
                # (a change named there, '主要是一般公共预算拨款增加800.94万元', is that part's own: parsed as before)
                in_reason = [clause[r:]]
                continue
            if not toks:
                if seg.items and _BOTH_YEARS.search(pending + clause) and _NONE_IN_EITHER.search(pending + clause):
                    self._direction_only(seg, "", "持平", c0, (a, b))
                    pending = ""
                    continue
                if r >= 0 and not self._comparison(clause[:r] if r else ""):  # r: _reason_start(clause)
                    in_reason = [clause[r:]]
                    continue
                d = _direction(clause)
                if d and self._comparison(clause):
                    k = _COMPARED.search(clause)
                    change = _cn_count(clause) if d != "持平" else None  # 较上年增加一户
                    self._direction_only(
                        seg, clause[: k.start() if k else 0], d, c0, (a, b), change, context=pending + clause
                    )
                    continue
                if clause.startswith(_SUB) or clause in _SUB:
                    seg.sub = True
                    continue
                if (
                    _NONE_WORD.search(clause)
                    and not _TOKEN.search(self.text, c1, b)
                    and self._zero(seg, clause, c0, (a, b))
                ):
                    continue
                if seg.target is not None and seg.target.direction and not seg.target.reason and len(clause) >= 4:
                    seg.reasons.append(clause)  # an unmarked reason right after the change
                    continue
                pending += clause + "，"
                continue
            last = 0
            for m in toks:
                local = clause[last : m.start()]
                if local.startswith(_SUB):
                    seg.sub = True
                self._token(seg, clause, m, local, pending + local, c0, (a, b))
                last = m.end()
                pending = ""
                seg.recent = ""
            tail = clause[last:]
            if tail:
                self._tail(seg, tail)
                r = _reason_start(tail)
                if r >= 0:
                    in_reason = [tail[r:]]
        if in_reason:
            seg.reasons.append("，".join(in_reason))
        if seg.reasons:
            why = "；".join(seg.reasons)
            for it in seg.items:
                if it.direction and not it.reason:
                    it.reason = why
        return seg.items

    # -- tokens --------------------------------------------------------------------------------
    @staticmethod
    def _threshold(clause: str, m: re.Match) -> bool:
        after = clause[m.end() : m.end() + 8]
        return m.group(2) in _MONEY and bool(_THRESHOLD.match(after))

    def _is_item(self, clause: str, m: re.Match) -> bool:
        before = clause[: m.start()]
        return m.group(2) != "%" and not before.endswith(_CHANGE_VERB_ENDS)

    @staticmethod
    def _comparison(text: str) -> bool:
        return bool(_COMPARED.search(text)) and (bool(_PAST.search(text)) or "同比" in text)

    def _token(
        self, seg: _Seg, clause: str, m: re.Match, local: str, wide: str, c0: int, span: tuple[int, int]
    ) -> None:
        value, unit = Decimal(m.group(1)), m.group(2)
        before = local.rstrip("了")
        if unit == "%":
            if before.endswith(_UP + _DOWN) or "幅" in before[-2:]:
                if seg.skip_rate:
                    seg.skip_rate = False
                    return
                target = seg.target or self._last(seg, money=True)
                if target is not None:
                    target = self._rate_owner(seg, target, m.group(1))
                    target.change_percent = value
                    target.direction = target.direction or ("增加" if before.endswith(_UP) else "减少")
                    self._confirm_bare(seg, target, m.group(1))
            elif "占" in local:
                target = self._last(seg)
                if target is not None and target.percent is None:
                    target.percent = value
            return
        if before.endswith(_FLAT) and self._comparison(local) and value == 0:
            target = self._change_target(seg, unit in _MONEY)  # '与2024年预算一致0万元': no change
            if target is not None and not target.direction:
                target.direction = "持平"
                seg.target = target
            return
        if unit in _MONEY and _BARE_CHANGE.search(before) and seg.items:
            target = self._change_target(seg, True)
            if target is not None and target.change_amount is None:
                seg.bare = (target, value)
            return
        if before.endswith(_UP + _DOWN):
            d = "增加" if before.endswith(_UP) else "减少"
            target = self._change_target(seg, unit in _MONEY)
            if re.match(r"^[。；;]?[)）]", local):  # '…（其中：…）比上年减少1万元': the figure before the bracket
                target = next(
                    (it for it in reversed(seg.items) if it.pos not in self.bracketed and it.money == (unit in _MONEY)),
                    target,
                )
            if target is not None and target.change_amount is not None and unit in _MONEY:
                # '收入比上年增加2,734.52万元，主要是一般公共预算拨款增加800.94万元…': a part's change, named
                # before its verb, is that part's (a 款 or project named in a reason is nobody's): never the
                # change already stated
                subject = self._change_subject(before)
                topic = _scoped(self.scope, subject, False) if subject and self.scope in _TABLES else None
                if topic and topic != target.topic:
                    self._direction_only(seg, subject, d, c0 + m.start(), span, value)
                if subject:
                    if _reason_start(before) == 0:  # the breakdown is the reason of the change before it
                        seg.reasons.append(clause[: m.end()])
                    seg.target = None if topic else target
                    seg.skip_rate = not topic  # '扣除中央基建后…增加2,775.6万元，增幅20.26%': not its rate
                    return
            if target is not None:
                target.change_amount = value
                target.direction = d
                seg.target = target
            else:  # '一般公共预算当年支出比上年增加10万元': the change is the only figure
                k = re.search(r"(比|较|同比)", local)
                self._direction_only(seg, local[: k.start()] if k else "", d, c0 + m.start(), span, value)
            return
        unit = "台（套）" if unit.startswith("台") and len(unit) > 1 else unit
        forward = clause[m.end() :]
        head = self.first or any(k in local for k in ("总计", "合计", "总额", "总预算"))
        turn = _family(local, generic=True) if self.scope in ("income", "expense") and not seg.items else None
        if not head and not seg.sub and turn in ("income", "expense") and turn != self.scope:
            # '本部门当年预算收入4,203.47万元，…；本部门当年预算支出4,203.47万元，…': a sentence (or ；-segment) that
            # opens on the other side's figure is that side's head, not one more item of the first
            head, self.scope = True, turn
        elif head:  # a head switches family; under a titled section only by a specific keyword
            fam = _family(wide, generic=self.section_scope is None)
            self.scope = fam if fam and fam != "perf" else (self.scope or self.section_scope)
            if "公开" in wide:
                self.published = True
        topic = self._resolve(seg, local, wide, forward, unit, head)
        self.first = False
        if topic is None:
            return
        if ".class." in topic and seg.sub and not head:
            # '项目支出417.41万元，…其中：一般公共服务支出417.41万元': the class's 项目支出 part, not its total
            parent = next((it.topic for it in reversed(seg.items) if not it.sub), "")
            if parent.endswith((".project", ".basic")) and parent.split(".")[0] == topic.split(".")[0]:
                topic = f"{parent}.class.{topic.split('.class.', 1)[1]}"
        # a figure inside （…） details the one before the bracket: '购置及运行费8万元（其中：购置费0万元…）'
        item = _Item(
            topic=topic,
            amount=value,
            unit=unit,
            pos=c0 + m.start(),
            seg=span,
            sub=(seg.sub or c0 + m.start() in self.bracketed) and not head,
        )
        seg.items.append(item)
        self.items.append(item)

    def _tail(self, seg: _Seg, tail: str) -> None:
        d = _direction(tail)
        if d and self._comparison(tail):
            target = self._change_target(seg, True) if d == "持平" else (seg.target or self._last(seg))
            if target is not None and not target.direction:
                target.direction = d
                if d != "持平" and target.change_amount is None:
                    target.change_amount = _cn_count(tail) if not target.money else None
                seg.target = target

    @staticmethod
    def _rate_owner(seg: _Seg, target: _Item, printed: str) -> _Item:
        """'收入4,203.47万元，其中：一般公共预算拨款4,005.29万元、…，较上年增加142.30万元，增长3.50%': a change
        after a list belongs to the list's head when only the head's figures give the stated rate."""
        head = next((it for it in reversed(seg.items) if not it.sub and it.money), None)
        if (
            not target.sub
            or head is None
            or head is target
            or head.direction
            or target.change_amount is None
            or target.direction not in ("增加", "减少")
        ):
            return target
        if _rate_fits(target.amount, target.change_amount, target.direction, printed) or not _rate_fits(
            head.amount, target.change_amount, target.direction, printed
        ):
            return target
        head.direction, head.change_amount = target.direction, target.change_amount
        target.direction = target.change_amount = None
        seg.target = head
        return head

    @staticmethod
    def _change_subject(before: str) -> str:
        """What a change names before its verb: '主要是一般公共预算拨款增加' → '一般公共预算拨款' ('' for none)."""
        text = re.sub(r"(?:%s)$" % "|".join(_UP + _DOWN), "", before)
        text = re.sub(
            r"(?:比|较|与|同比)(?:上年度?|上一年|去年|20\d\d年)?(?:预算数?|执行数?|年初预算)?(?:相比)?$", "", text
        )
        text = re.sub(r"^(?:[。；;)）]|主要原因[是为:：]?|主要是|主要由于|其中[:：]?|以及|和|及|、)+", "", text)
        return text if len(re.findall(r"[\u4e00-\u9fa5]", text)) >= 2 else ""

    @staticmethod
    def _confirm_bare(seg: _Seg, target: _Item, printed: str) -> None:
        """'比上年1.43万元，增加0.68%': the bare amount is the change when the percent recomputes from it."""
        if seg.bare is None or seg.bare[0] is not target or target.amount is None or target.change_amount is not None:
            return
        change = seg.bare[1]
        prior = target.amount - change if target.direction == "增加" else target.amount + change
        places = len(printed.split(".")[1]) if "." in printed else 0
        if prior > 0 and abs(change * 100 / prior - Decimal(printed)) <= Decimal(5) / 10 ** (places + 1):
            target.change_amount = change
        seg.bare = None

    @staticmethod
    def _last(seg: _Seg, money: bool | None = None) -> _Item | None:
        for it in reversed(seg.items):
            if money is None or it.money == money:
                return it
        return None

    def _change_target(self, seg: _Seg, money: bool) -> _Item | None:
        """The item a comparison speaks about: the last one, or the head when it follows a 其中 list."""
        cands = [it for it in seg.items if it.money == money] or seg.items
        if not cands:
            return None
        last = cands[-1]
        heads = [it for it in cands if not it.sub]
        subs = [it for it in cands if it.sub]
        if last.sub and heads and len(subs) >= 2 and not any(it.direction for it in subs):
            return heads[-1]
        return last

    def _direction_only(
        self,
        seg: _Seg,
        subject: str,
        d: str,
        pos: int,
        span: tuple[int, int],
        change: Decimal | None = None,
        context: str = "",
    ) -> None:
        """'财政拨款收入及支出较上年明显减少': a comparison whose subject has no amount of its own."""
        if d == "持平" and seg.items and _ALL.match(subject):
            for it in seg.items:  # '…公务用车购置费0万元，均与上年持平': every item listed
                if it.money and not it.direction:
                    it.direction = "持平"
            seg.target = seg.items[-1]
            return
        if seg.items and not subject:
            target = seg.target or self._change_target(seg, True)
            if target is not None and not target.direction:
                target.direction = d
                target.change_amount = change
                seg.target = target
            return
        topic = _global(subject, True)
        fam = _family(subject) or self.scope
        topic = topic or (_scoped(fam, subject, True) if fam in _TABLES else None)
        if topic and topic.endswith(".total") and _ITEM_LEVEL.search(context):
            topic = None  # '…减少较为明显的项级支出科目为2014099…': not the total
        stated = next((it for it in self.items if it.topic == topic and it.amount is not None), None)
        if stated is not None and not stated.direction:
            # '“三公”经费预算数为8.00万元，其中……。2026年“三公”经费预算较2025年减少1.75万元': the figure stated
            # earlier in the paragraph is the one compared
            stated.direction, stated.change_amount = d, change
            seg.items.append(stated)
            seg.target = stated
            return
        if topic is None:
            if seg.items and not seg.items[-1].direction:
                seg.items[-1].direction = d
                seg.target = seg.items[-1]
            return
        item = _Item(topic=topic, amount=None, unit=None, pos=pos, seg=span, direction=d, change_amount=change)
        seg.items.append(item)
        self.items.append(item)
        seg.target = item

    def _zero(self, seg: _Seg, clause: str, c0: int, span: tuple[int, int]) -> bool:
        """'本年无政府采购预算' → proc.total = 0 (a zero stated by omission)."""
        m = _NONE_STATED.match(clause)
        if not m:
            return False
        topic = self._resolve(seg, m.group(1), m.group(1), "", "万元", False)
        if topic is None or any(it.topic == topic for it in seg.items):
            return False
        item = _Item(topic=topic, amount=Decimal(0), unit="万元", pos=c0, seg=span)
        seg.items.append(item)
        self.items.append(item)
        return True

    def _statement(self, it: _Item) -> Statement:
        start, end = it.seg  # the ；-segment (the whole sentence when it has only one)
        text = normalize(self.para.text)[self.where[start] : self.where[end - 1] + 1]
        # trusted: the values have the field types already (validating a statement cost more than making it)
        return trusted(
            Statement,
            {
                "topic": it.topic,
                "amount": it.amount,
                "unit": it.unit,
                "percent": it.percent,
                "direction": it.direction,
                "change_amount": it.change_amount,
                "change_percent": it.change_percent,
                "reason": it.reason,
                "text": text,
                "line": self.para.line_at(self.where[it.pos]),
                "paragraph_line": self.para.line,
                "section": self.para.section,
            },
        )

    # -- topics ----------------------------------------------------------------------------------
    def _resolve(self, seg: _Seg, local: str, wide: str, forward: str, unit: str, head: bool) -> str | None:
        money = unit in _MONEY
        label = _CLAUSE_MARK.split(local)[-1] if local else ""
        for text in (label, local, wide):
            t = _global(text, money)
            if t:
                return t
        if head and self.first and not re.search(r"[\u4e00-\u9fa5]{2,}费", local):
            # '（一）因公出国（境）经费' as a heading, then '2026 年预算安排 70.00 万元，与上年持平': the
            # paragraph's first figure is the item its heading names
            t = _global(self.para.section, money)
            if t:
                return t
        scope = self.scope
        if scope == "sangong" or scope == "jgyx" or scope == "proc":
            if scope == "jgyx" and not money and unit in ("家", "个", "户"):
                return "jgyx.units"
            if scope == "proc" and money:  # '其中：货物类项目 36.50 万元' in the 政府采购 section
                for k, t in (("货物", "proc.goods"), ("工程", "proc.works"), ("服务", "proc.services")):
                    if k in label:
                        return t
            return None
        if scope == "asset":
            return _asset(label + forward if not money else label, wide, unit)
        if scope == "org":
            if not money and "单位" in (local + forward[:12]):
                return "org.units"
            return None
        if scope and scope.startswith("perf"):
            return self._perf(seg, scope, label, wide, money, unit)
        if not money:
            return None
        before = seg.recent + local
        if scope in ("expense", "fiscal", "general") and not _ITEM_LEVEL.search(label) and _ITEM_LEVEL.search(before):
            # '主要是2014099其他信访事务支出，2026年预算数为3,623.98万元': the 项 named before it, not the total
            m = re.search(r"(?<!\d)\d{7}(?!\d)([\u4e00-\u9fa5]{2,30})", before)
            return f"general.item.{m.group(1)}" if scope == "general" and m else None
        for text in (label, wide):
            t = _scoped(scope, text, head)
            if t:
                return t
        return None

    def _perf(self, seg: _Seg, scope: str, label: str, wide: str, money: bool, unit: str) -> str | None:
        if scope == "perf.whole":
            if not money:
                return "perf.whole.units" if "单位" in wide else None
            if "单位整体" in wide or "单位编报" in wide:
                return "perf.units.total"
            if "基本支出" in label:
                return "perf.whole.basic"
            if "项目支出" in label:
                return "perf.whole.project"
            return "perf.whole.total"
        if "公开" in wide:
            self.published = True
        m = re.search(r"([\u4e00-\u9fa5]{2,8}类)项目", wide)
        if m:
            seg.kind = m.group(1)
        base = "perf.published" if self.published else "perf.projects"
        if seg.kind:
            base += f".kind.{seg.kind}"
        if money and base == "perf.projects" and "一般公共预算" in label and "项目支出" in wide:
            return "perf.projects.general.total"  # '涉及一般公共预算财政拨款24,991.96万元': 表5's 项目支出
        if money:
            return base + ".total"
        return base + ".count" if unit in ("个", "项") else None


def _global(text: str, money: bool) -> str | None:
    """Items recognised anywhere: 三公, 机关运行经费, 政府采购."""
    if not text or not money:
        return None
    if "公务用车购置及运行" in text or "公务用车购置和运行" in text:
        return "sangong.vehicle"
    if "公务用车购置" in text:
        return "sangong.vehicle_purchase"
    if _VEHICLE_OPERATION.search(text):
        return "sangong.vehicle_operation"
    if "因公出国" in text:
        return "sangong.abroad"
    if "公务接待" in text:
        return "sangong.reception"
    if "三公" in text:
        return "sangong.total"
    if _JGYX.search(text) or _JGYX_FISCAL.search(text):
        return "jgyx.total"  # '一般公共预算财政拨款运行经费910.53万元' names it without 机关
    if "政府采购" in text:
        rest = text.split("政府采购")[-1]
        for k, t in (("货物", "proc.goods"), ("工程", "proc.works"), ("服务", "proc.services")):
            if k in rest:
                return t
        return "proc.total"
    return None


_INCOME = (
    ("一般公共预算", "general"),
    ("政府性基金", "fund"),
    ("国有资本经营", "soe"),
    ("财政专户", "special_account"),
    ("单位资金", "unit_funds"),
    ("上年结转", "carryover"),
    ("本年收入", "current"),
    ("当年收入", "current"),
)
_EXPENSE = (
    ("年终结转", "carryover_out"),
    ("结转下年", "carryover_out"),
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("上年结转", "carryover"),
    ("政府性基金", "fund"),
    ("国有资本经营", "soe"),
    ("本年预算安排", "current"),
    ("当年预算安排", "current"),
    ("本年支出", "current"),
    ("当年支出", "current"),
)
_FISCAL = (
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("一般公共预算", "general"),
    ("政府性基金", "fund"),
    ("国有资本", "soe"),
    ("上年结转", "carryover"),
    ("当年拨款", "current"),
    ("本年拨款", "current"),
    ("当年收入", "current"),
    ("本年收入", "current"),
)
_GENERAL = (("基本支出", "basic"), ("项目支出", "project"))
_BASIC = (("人员经费", "personnel"), ("公用经费", "public"))
_TABLES = {"income": _INCOME, "expense": _EXPENSE, "fiscal": _FISCAL, "general": _GENERAL, "basic": _BASIC}


# a code, a 款/项 mark, 'a-b-' (a 类-款-项 path) or a numbered line: a figure below the section's total. The
# path needs one character before its first dash, not a run of them: found or not alike, without the run
# being retried from every position (a search of a long label was quadratic: 20 µs for 45 characters)
_SUB_LEVEL = re.compile(r"\d{7}|[（(][款项][)）]|项级|[（(]\d{3,7}[)）]|[^-－—\s][-－—][^-－—\s]+[-－—]|^\s*\d+[.、．]")


def _scoped(scope: str | None, text: str, head: bool) -> str | None:
    if scope not in _TABLES or not text:
        return None
    for key, name in _TABLES[scope]:
        if key in text:
            return f"{scope}.{name}"
    m = re.search(r"([\u4e00-\u9fa5]{2,30})[（(]项[)）]", text)
    if m:  # a 项-level figure ('…行政运行（项）2026年预算数为…') is never a section total
        return f"{scope}.item.{m.group(1)}" if scope == "general" else None
    if scope in ("expense", "fiscal", "general"):
        cls = _class_name(text)
        if cls:
            return f"{scope}.class.{cls}"
    if _SUB_LEVEL.search(text):
        return None  # a 款/项-level figure is never the section's total
    if head and re.search(r"[\u4e00-\u9fa5]{2,6}费(?!用)", text) and "经费" not in text:
        return None  # '委托业务费…预算' opens its paragraph but is one item, not the total
    if head or any(k in text for k in ("总计", "合计", "总额", "总预算")):
        return f"{scope}.total"
    if scope == "basic" and "基本支出" in text:
        return "basic.total"
    return None


_HELD_VEHICLES = re.compile(r"(?:车辆|公务用车)(?:总数|合计)?[为共有]*$")


def _asset(label: str, wide: str, unit: str) -> str | None:
    if unit == "台" and _HELD_VEHICLES.search(wide) and "购置" not in wide[-12:]:
        return "asset.vehicles.actual"  # '共有车辆37台，单位价值100万元以上的设备7台（套）' (北京 说明 p8)
    if unit == "辆":
        if "编制" in label:
            return "asset.vehicles.quota"
        if "实有" in label:
            return "asset.vehicles.actual"
        m = re.search(r"([\u4e00-\u9fa5]{2,10}用车)", label)
        if m:
            return f"asset.vehicles.{m.group(1)}"
        # '共有车辆2辆，其中：…' / '分布构成情况为：房屋…，车辆4辆': the vehicles the department has (not '购置车辆0辆')
        if _HELD_VEHICLES.search(wide) and "购置" not in wide[-12:]:
            return "asset.vehicles.actual"
        return None
    if unit in ("平方米", "㎡"):
        return "asset.building_area"
    if unit in ("台", "套", "台（套）"):
        if "专用设备" in wide:
            return "asset.equipment.special"
        if "通用设备" in wide or "设备" in wide:
            return "asset.equipment.general"
    return None


# -- document-level statements ------------------------------------------------------------------


def _mention(text: str, pos: int, department: str) -> str | None:
    """The department name that starts at `pos`: the known name, or the words up to what the sentence is about."""
    if department and text.startswith(department, pos):
        return department
    window = text[pos : pos + 40]
    end = min((k for k in (window.find(w) for w in _DEPT_END) if k > 0), default=-1)
    return window[:end] if end >= 4 else None


def _meta(para: Paragraph, department: str, squeezed: tuple[str, list[int]]) -> list[Statement]:
    """Department names, budget years and stock dates stated in prose."""
    out: list[Statement] = []
    text, where = squeezed  # _squeeze(para.text)
    if "所属" not in text and not _DIGIT.search(text):
        return out  # every pattern below needs a digit (a year, a date) or 所属

    def st(topic: str, pos: int, txt: str, amount: int | None = None) -> Statement:
        return trusted(  # the values have the field types already
            Statement,
            {
                "topic": topic,
                "amount": None if amount is None else Decimal(amount),
                "unit": None if amount is None else "年",
                "text": txt,
                "line": para.line_at(where[pos]) if where else para.line,
                "paragraph_line": para.line,
                "section": para.section,
            },
        )

    for s, e in _parts(text, 0, len(text), _SPLIT_SENT):
        sentence = text[s:e]
        m = _YEAR_START.match(sentence)
        if m and _TOKEN.search(sentence):
            out.append(st("meta.year", s, sentence[:30], int(m.group(1))))
        for m in _PRIOR.finditer(sentence):
            out.append(st("meta.prior_year", s + m.start(), sentence[m.start() : m.end() + 8], int(m.group(1))))
        for m in _DATE.finditer(sentence):
            out.append(st("asset.date", s + m.start(), m.group(0), int(m.group(1))))
        for m in _DEPT.finditer(sentence) if _PLACE.search(sentence) else ():  # the place _DEPT looks ahead for
            name = _mention(sentence, m.end(), department)
            if name:
                out.append(st("meta.department", s + m.end(), name))
    return out


_GLOSSARY = (
    ("三公", "def.sangong"),
    ("机关运行经费", "def.jgyx"),
    ("基本支出", "def.basic"),
    ("项目支出", "def.project"),
    ("政府采购", "def.proc"),
)


# a numbered glossary entry: '一、“三公”经费：指…', '2．机关运行经费：是指…', '（七）基本支出：是…'
_ENTRY = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[)）])\s*(.{2,20}?)(?:[:：]|是指|是对|指)"
)
# an entry the heading reader took as a title (its number stripped): '“三公”经费：指市级部门…'
_ENTRY_TITLE = re.compile(r"^.{2,20}?(?:[:：]|是指)")


# where the next numbered entry starts inside a paragraph that runs several together: '…收入。（二）政府性基金：…'
_NEXT_ENTRY = re.compile(
    r"(?<=[。；])\s*(?=(?:[一二三四五六七八九十]+、|\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[)）])"
    r"\s*.{2,20}?(?:[:：]|是指|是对|指))"
)


def _glossary(para: Paragraph, doc: Disclosure) -> list[Statement]:
    full = normalize(para.text)
    starts = [0] + [m.end() for m in _NEXT_ENTRY.finditer(full)]
    out = []
    for a, b in zip(starts, starts[1:] + [len(full)]):
        text = full[a:b].strip()
        m = _ENTRY.match(text)
        if m:
            term = m.group(1)
        elif a == 0 and _ENTRY_TITLE.match(para.section):
            text = para.section + text  # the entry's first line was read as a heading
            term = para.section
        else:  # unnumbered: its own 'term：…' (北京 '“三公”经费财政拨款预算数：指…'), else the heading above it
            own = _ENTRY_TITLE.match(text)
            term = own.group(0) if own else para.section
        topic = next((t for k, t in _GLOSSARY if k in term), "def.other")
        out.append(
            Statement(topic=topic, text=text, line=para.line_at(a), paragraph_line=para.line, section="名词解释")
        )
    return out


def _scan_lines(doc: Disclosure, texts: list[str] | None = None) -> list[Statement]:
    """Line-level facts: form titles and years, appended grids, doubled punctuation."""
    out: list[Statement] = []
    lines = doc.lines
    in_table: set[int] = set()
    for t in doc.tables:
        in_table.update(range(t.start_line, t.end_line + 1))
    form_lines: set[int] = {t.line for t in doc.toc}
    heads = sorted(h.line for h in doc.headings if h.level <= 2)
    texts = texts if texts is not None else [normalize(raw).strip() for raw in lines]
    joined = "\n".join(texts)
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))  # where each line starts in joined
    typos = _typos(joined, starts)
    # the lines that can give a statement (a form title, a form year, a typo), found by scans of the whole text
    # (a line opening on a bracket is found by the newline before it: a pattern starting with ^ scans slowly)
    found = [m.start() for m in _BRACKET_LINE.finditer("\n" + joined)]  # the bracket's offset in joined
    found += [m.start() for m in _FORM_WORD.finditer(joined)]
    candidates = {bisect_right(starts, a) for a in found}
    for i in sorted(candidates.union(typos)):
        raw = lines[i - 1]
        text = texts[i - 1]
        if "\t" not in raw and "绩效目标申报表" in text:
            kind = "perf.form.whole" if "整体" in text else "perf.form.project"
            out.append(Statement(topic=kind, text=text, line=i, section="绩效目标申报表"))
            end = next((h for h in heads if h > i), len(lines) + 1)
            form_lines.update(range(i, end))
        m = _FORM_YEAR.match(text.replace(" ", "")) if text[:1] in "（(" else None
        if m:
            out.append(
                Statement(
                    topic="meta.year",
                    amount=Decimal(m.group(1)),
                    unit="年",
                    text=text,
                    line=i,
                    section="绩效目标申报表",
                )
            )
        for a, b in typos.get(i, ()):
            out.append(Statement(topic="meta.typo", text=text[max(0, a - 8) : b + 8], line=i))
    out.extend(_appendix(doc, in_table | form_lines))
    return out


_BRACKET_LINE = re.compile(r"\n[（(]")
_FORM_WORD = re.compile("绩效目标申报表")


def _typos(joined: str, starts: list[int]) -> dict[int, list[tuple[int, int]]]:
    """Line number → the (start, end) of each typo in that line's text, in order: each kind found by one scan of
    the lines' texts `joined` by newlines (no typo crosses a line break, and typos of different kinds never
    overlap); `starts`: where each line starts in it."""
    found = sorted([m.span() for m in _DOUBLED.finditer(joined)] + _doubled_numbers(joined))
    by_line: dict[int, list[tuple[int, int]]] = {}
    for a, b in found:
        k = bisect_right(starts, a) - 1
        by_line.setdefault(k + 1, []).append((a - starts[k], b - starts[k]))
    return by_line


def _doubled_numbers(text: str) -> list[tuple[int, int]]:
    """'1.1.' / '12.12.': a number of one or two digits, not after a digit or a dot, repeated, each with its dot.
    Found from the second one (a scan for a literal dot is fast; one for a digit at every position was not)."""
    out = []
    for m in _SECOND_NUMBER.finditer(text):
        number, dot = m.group(1), m.start()
        start = dot - len(number)
        before = text[start - 1] if start > 0 else ""
        if start >= 0 and text[start:dot] == number and not (before.isdecimal() or before == "."):
            out.append((start, m.end()))
    return out


def _appendix(doc: Disclosure, claimed: set[int]) -> list[Statement]:
    """Grids outside every table and form, and document headers (…文件) pasted into the disclosure."""
    out: list[Statement] = []
    block: list[int] = []

    def flush() -> None:
        if len(block) >= 3:
            first = normalize(doc.lines[block[0] - 1]).split("\t")
            out.append(
                Statement(
                    topic="meta.appendix",
                    amount=Decimal(len(block)),
                    unit="行",
                    text="｜".join(c.strip() for c in first if c.strip()),
                    line=block[0],
                )
            )
        block.clear()

    gap = 0
    grid = [i for i, raw in enumerate(doc.lines, 1) if "\t" in raw and i not in claimed]
    # from the first grid line to the last: before it there is no block, and after it the last flush() ends it
    for i in range(grid[0], grid[-1] + 1) if grid else ():
        raw = doc.lines[i - 1]
        if "\t" in raw and i not in claimed:
            block.append(i)
            gap = 0
            cells = [c.strip() for c in normalize(raw).split("\t")]
            if cells[0] and not any(cells[1:]) and not re.search(r"[A-Za-z0-9]", cells[0]):
                out.append(Statement(topic="meta.appendix_group", text=cells[0], line=i))
        elif raw.strip():
            gap += 1
            if gap > 3 and block:
                flush()
    flush()
    for para in doc.paragraphs:
        text = normalize(para.text).strip()
        if len(text) <= 20 and text.endswith("文件") and para.line not in claimed:
            out.append(Statement(topic="meta.appendix", text=text, line=para.line, section=para.section))
    return out
