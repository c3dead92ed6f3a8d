"""Performance-indicator vocabulary: the framework labels and the grammar of a 指标值.

A 指标值 is read into (comparator, number, unit) and a `kind`:

- ``count``: a number with a measure word (≥30个, 1套, ≥200人次, 11市)
- ``percent``: ≥90%, 100%
- ``money``: ≤360万元, 10800元/人, ≤400元/人、天 (`per` holds what follows the slash)
- ``deadline``: a point in time or a time limit (9月底前, 年底前, 每月25日前, 季后15日内, ≤5个工作日, 及时)
- ``period``: a time frame or a length of time (全年, 年内, ≥2天)
- ``qualitative``: words only (良好, 提高, 稳定, 形成典范, 符合财政标准)
- ``empty``: nothing printed
- ``other``: digits that fit none of the above, or a bare number without a unit (≥90)

Nothing here knows which framework applies; the indicator packs decide what is allowed where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from gongkai.engine.pipeline.numbers import normalize

# -- labels -----------------------------------------------------------------------------------------
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
)
COST_L2_2021 = ("经济成本指标", "社会成本指标", "生态环境成本指标")
# Labels of other frameworks still seen on local forms: recognised so they can be judged, never allowed.
OTHER_LEVEL1 = ("效果指标", "投入指标", "过程指标", "决策指标")
OTHER_LEVEL2 = (
    "社会公众满意度指标",
    "社会公众或服务对象满意度指标",
    "项目效益指标",
    "项目产出指标",
    "生态环境效益指标",
)

_L1 = set(LEVEL1) | set(OTHER_LEVEL1)
_L2 = set(LEVEL2) | set(OTHER_LEVEL2)


_TAG = re.compile(r"</?\w+[^>]*>")


@lru_cache(maxsize=1 << 12)
def squash_label(text: str) -> str:
    """'服务对象 满意度指 标' → '服务对象满意度指标' (wrapping spaces, HTML tags and a trailing colon gone)."""
    t = normalize(_TAG.sub("", text) if text and "<" in text else text or "")
    t = "".join(t.split()).replace("（", "(").replace("）", ")").replace("：", ":")  # split(): the r"\s+" runs, faster
    return t.rstrip(":")


def canon_label(text: str) -> tuple[str, str] | None:
    """(level, label) when `text` is a framework label, also when wrapped or cut short ('满意度指').

    level is "1", "2", or "cost" for 成本指标, which is 二级 in the classic framework and 一级 in 2021.
    """
    t = squash_label(text)
    if not t:
        return None
    if t not in _L1 and t not in _L2 and t.endswith("指") and (t + "标") in (_L1 | _L2):
        t = t + "标"
    if t == "成本指标":
        return "cost", t
    if t in _L1:
        return "1", t
    if t in _L2:
        return "2", t
    return None


# -- values -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Value:
    raw: str
    kind: str
    comparator: str | None = None
    number: Decimal | None = None
    unit: str | None = None
    per: str | None = None  # money per unit: "人", "人、天"
    upper: Decimal | None = None  # the upper bound of a range "90%-95%"
    vague: bool = False  # 及时 / 按时: a time requirement without a time

    def show(self) -> str:
        """The parsed reading, for a finding's `actual`; worked out once per value (parse_value hands every
        rule the same Value for the same text, and every IND rule shows it)."""
        shown = self.__dict__.get("_shown")
        if shown is None:
            shown = self._show()
            object.__setattr__(self, "_shown", shown)  # not a field: equality and hash stay those of the reading
        return shown

    def _show(self) -> str:
        if self.kind == "empty":
            return "（空）"
        parts = [f"“{self.raw}”", _KIND_NAMES[self.kind] + ("（未给出时间）" if self.vague else "")]
        if self.number is not None:
            num = f"{self.comparator or '='}{self.number}"
            if self.upper is not None:
                num = f"{self.number}–{self.upper}"
            parts.append(num + (f" {self.unit}" if self.unit else "（无单位）"))
        return " · ".join(parts)


_KIND_NAMES = {
    "count": "计数",
    "percent": "百分比",
    "money": "金额",
    "deadline": "时限",
    "period": "时段",
    "qualitative": "定性",
    "empty": "空",
    "other": "无法归类",
}


_WORD_CMP = (
    ("大于等于", "≥"),
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不小于", "≥"),
    ("至少", "≥"),
    ("小于等于", "≤"),
    ("不高于", "≤"),
    ("不超过", "≤"),
    ("不多于", "≤"),
    ("不大于", "≤"),
    ("控制在", "≤"),
    ("大于", ">"),
    ("超过", ">"),
    ("高于", ">"),
    ("多于", ">"),
    ("小于", "<"),
    ("低于", "<"),
    ("少于", "<"),
    ("等于", "="),
    ("达到", "≥"),
)
_SYM_CMP = (
    (">=", "≥"),
    ("<=", "≤"),
    ("≧", "≥"),
    ("≦", "≤"),
    ("≥", "≥"),
    ("≤", "≤"),
    (">", ">"),
    ("<", "<"),
    ("=", "="),
)
_CMP_FIRST = frozenset(w[0] for w, _ in _WORD_CMP + _SYM_CMP)
_SUFFIX_CMP = (("及以上", "≥"), ("以上", "≥"), ("及以下", "≤"), ("以下", "≤"), ("以内", "≤"))

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUMBER = re.compile(rf"^({_NUM})(.*)$")
_RANGE = re.compile(rf"^({_NUM})\s*(%?)\s*[-~～—至到]\s*({_NUM})(.*)$")
_MONEY = re.compile(r"^(元|万元|亿元|千元)(?:[/每](.+))?$")
_TIME_LIMIT = re.compile(rf"^({_NUM})(个?(?:工作日|自然日|日|天|小时|周|个月))(?:内|以内)$")
_DIGIT = re.compile(r"\d")
_TIME_UNIT = re.compile(r"^(个)?(工作日|自然日|日|天|小时|分钟|周|个月|月|年)$")


@lru_cache(maxsize=1)  # compiled on first use: its two CJK ranges take a millisecond, and only forms need it
def _measure() -> re.Pattern[str]:
    return re.compile(r"^[\u4e00-\u9fff]{1,4}(?:[/每][\u4e00-\u9fff、·]{1,4})?$")


_VAGUE_TIME = {"及时", "按时", "准时", "按期", "如期", "适时", "及时完成", "按时完成", "按期完成", "如期完成"}
_PERIOD_WORDS = {
    "全年",
    "年内",
    "年度内",
    "当年",
    "本年",
    "本年度",
    "全年度",
    "每年",
    "每季度",
    "每月",
    "每周",
    "按月",
    "按季",
    "按季度",
    "按年",
    "长期",
    "常态化",
    "实施期内",
    "项目期内",
    "上半年",
    "下半年",
    "1-12月",
    "1至12月",
    "持续",
}
_DEADLINE = re.compile(r"(前|内|之前|以前|完成|截止|截至)")
_TIME_WORD = re.compile(r"(\d+月|\d+日|\d+号|年底|年末|年中|月底|月末|季度?|旬|\d+天|工作日|\d+周|当年|年内|\d{4}年)")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


@lru_cache(maxsize=1 << 12)  # every IND rule asks about the same values; Value is frozen
def parse_value(raw: str) -> Value:
    """Read one 指标值 as printed. Never raises; what does not fit is `other` or `qualitative`."""
    raw = raw or ""
    text = normalize(raw)
    text = (
        "".join((_TAG.sub("", text) if "<" in text else text).split())
        .replace("％", "%")
        .replace("（", "(")
        .replace("）", ")")
    )
    shown = raw.strip()
    if text in ("", "-", "--", "—", "/", "无", "暂无"):
        return Value(shown, "empty")
    if text in _VAGUE_TIME:
        return Value(shown, "deadline", vague=True)
    if text in _PERIOD_WORDS:
        return Value(shown, "period")
    cmp_, body = _strip_cmp(text)
    # a date or a time limit: 9月底前, 每月25日前, 季后15日内, 年底前, 15个工作日内
    if _DEADLINE.search(body) and _TIME_WORD.search(body):
        limit = _TIME_LIMIT.match(body)
        if limit:
            return Value(shown, "deadline", "≤", _decimal(limit.group(1)), limit.group(2))
        return Value(shown, "deadline", cmp_)
    rng = _RANGE.match(body)
    if rng:
        unit = (rng.group(4) or rng.group(2) or "").strip()
        kind, per = _unit_kind(unit, cmp_)
        return Value(
            shown,
            kind if unit else "other",
            cmp_,
            _decimal(rng.group(1)),
            unit or None,
            per,
            upper=_decimal(rng.group(3)),
        )
    m = _NUMBER.match(body)
    if m:
        number = _decimal(m.group(1))
        unit = m.group(2).strip()
        for word, sym in _SUFFIX_CMP:
            if unit.endswith(word) and cmp_ is None:
                cmp_, unit = sym, unit[: -len(word)]
        if not unit:
            return Value(shown, "other", cmp_, number, None)
        kind, per = _unit_kind(unit, cmp_)
        return Value(shown, kind, cmp_, number, unit, per)
    if _DIGIT.search(text):
        return Value(shown, "other", cmp_)
    return Value(shown, "qualitative")


def _strip_cmp(text: str) -> tuple[str | None, str]:
    if text[:1] not in _CMP_FIRST:  # most values open on a digit or a word no comparator starts with
        return None, text
    for sym, norm in _SYM_CMP:
        if text.startswith(sym):
            return norm, text[len(sym) :]
    for word, norm in _WORD_CMP:
        if text.startswith(word) and len(text) > len(word) and text[len(word)].isdigit():
            return norm, text[len(word) :]
    return None, text


def _unit_kind(unit: str, cmp_: str | None) -> tuple[str, str | None]:
    if unit in ("%", "百分点", "个百分点"):
        return "percent", None
    money = _MONEY.match(unit)
    if money:
        return "money", money.group(2)
    if _TIME_UNIT.match(unit):
        return ("deadline" if cmp_ in ("≤", "<") else "period"), None
    if _measure().match(unit):
        return "count", None
    return "other", None


# -- helpers the packs share ----------------------------------------------------------------------
_STANDARD = re.compile(r"(符合|达到|达标|合格|标准|规范|要求|完整|准确|无差错|零差错|无重大|无事故|规定)")
_SATISFACTION = re.compile(r"(满意|认可|评价|好评|认同|获得感|满足)")


def is_standard(raw: str) -> bool:
    """A qualitative value that names a standard attained ('符合财政标准', '合格'), not a grade ('良好')."""
    return bool(_STANDARD.search(raw or ""))


def is_satisfaction_name(name: str) -> bool:
    return bool(_SATISFACTION.search(name or ""))
