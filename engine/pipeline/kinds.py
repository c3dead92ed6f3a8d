"""Table kinds and column roles: the vocabulary every template, reader and rule shares.

A table is recognised by what its title says (its *kind*), whatever number or label a jurisdiction prints on
it; each column by what its header says (its *role*). Rules are written against kinds and roles, so one rule
judges every template. Kind codes are stable identifiers (`T01` … `T13` were first numbered after the Shanxi
template, where kind and printed number coincide; other templates print their own numbers, kept on the table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gongkai.engine.pipeline.numbers import squash


@dataclass(frozen=True)
class Kind:
    code: str
    zh: str
    en: str
    national: bool = False  # one of the 8 tables of 财预〔2016〕143号


KINDS: tuple[Kind, ...] = (
    Kind("T01", "收支总表", "income and expenditure summary", True),
    Kind("T02", "收入总表", "income summary", True),
    Kind("T03", "支出总表", "expenditure summary", True),
    Kind("T04", "财政拨款收支总表", "fiscal appropriation summary", True),
    Kind("T05", "一般公共预算支出表（功能分类）", "general public budget expenditure by function", True),
    Kind(
        "T06", "一般公共预算基本支出表（经济分类）", "general public budget basic expenditure by economic class", True
    ),
    Kind("T07", "政府性基金预算收入表", "government fund income"),
    Kind("T08", "政府性基金预算支出表", "government fund expenditure", True),
    Kind("T09", "国有资本经营预算支出表", "state capital operation budget expenditure"),
    Kind("T10", "“三公”经费支出表", "three public expenses", True),
    Kind("T11", "机关运行经费表", "institutional operating expenses"),
    Kind("T12", "项目支出表", "project expenditure"),
    Kind("T13", "项目支出表（上年结转）", "project expenditure carried over"),
    Kind("T14", "一般公共预算支出表（经济分类）", "general public budget expenditure by economic class"),
    Kind("T15", "政府采购预算表", "government procurement"),
    Kind("T16", "基本支出表（全部资金）", "basic expenditure, all funds"),
    Kind("T17", "财政拨款支出表（功能分类）", "fiscal appropriation expenditure by function"),
    Kind("T18", "财政拨款基本支出表（经济分类）", "fiscal appropriation basic expenditure by economic class"),
    Kind("T19", "一般公共预算项目支出表（经济分类）", "general public budget project expenditure by economic class"),
    Kind("T20", "一般公共预算基本支出表（功能分类）", "general public budget basic expenditure by function"),
    Kind("T21", "上年结转支出表", "expenditure of funds carried over"),
    Kind("T22", "会议费、培训费表", "meeting and training expenses"),
    Kind("T23", "政府购买服务表", "government purchase of services"),
    Kind("T24", "项目支出绩效目标表", "project performance targets"),
    Kind("T25", "部门整体支出绩效目标表", "whole-department performance targets"),
    Kind("T26", "专项资金总体绩效目标表", "special fund performance targets"),
)
BY_CODE = {k.code: k for k in KINDS}
TARGET_KINDS = ("T24", "T25", "T26")  # performance-target tables: targets, not amounts (never "empty" for that)
NATIONAL = tuple(k.code for k in KINDS if k.national)

# Printed labels: 表1 / 表一 / 表1： / 公开表1 / 公开01表 / 部门公开表1 / 预算公开表1 / 预算01表 / 附表1
_CN_DIGITS = "零一二三四五六七八九"
LABEL = re.compile(
    r"^(?:(?P<pre>预算公开表|部门公开表|单位公开表|公开表|附表|表)\s*(?P<n1>\d{1,2}|[一二三四五六七八九十]{1,3})"
    r"|(?P<pre2>预算|公开|部门|单位)\s*(?P<n2>\d{1,2})\s*表)(?P<rest>.*)$"
)


def cn_number(text: str) -> int | None:
    """'十二' → 12, '7' → 7; None when it is not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS + "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS.index(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(units) if units else 0)


def split_label(text: str) -> tuple[str, int, str] | None:
    """'部门公开表3 部门支出总表' → ('部门公开表3', 3, '部门支出总表'); None if the line has no table label."""
    t = squash(text)
    m = LABEL.match(t)
    if not m:
        return None
    number = cn_number(m.group("n1") or m.group("n2"))
    if number is None or number == 0:
        return None
    rest = m.group("rest").lstrip(":.、．")
    label = t[: len(t) - len(m.group("rest"))]
    if rest and "表" not in rest:
        return None  # '表1中的数据' is prose, not a label
    return label, number, rest


_EXCLUDING = re.compile(r"\((?:不含|含)[^)]*\)")  # '（不含上年结转）' qualifies, it does not name the kind
_NOT_TABLE = ("绩效", "目录", "说明", "情况介绍")


@lru_cache(maxsize=1 << 14)
def identify(title: str) -> str | None:
    """The kind code a table title names, by its words (order matters: the most specific first)."""
    t = _EXCLUDING.sub("", squash(title))
    if "绩效" in t and t.endswith("表") and "申报" not in t and len(t) <= 40 and "，" not in t:
        # performance-target tables printed as tables (a 绩效目标申报表 is a form, read by engine/pipeline/ingest/perf_forms)
        if "专项资金" in t:
            return "T26"
        if "整体" in t:
            return "T25"
        if "项目" in t or "政策" in t or "专项业务" in t:
            return "T24"
    if "表" not in t or any(w in t for w in _NOT_TABLE) or len(t) > 70 or t.endswith(("。", "；")) or "，" in t:
        return None
    econ = "经济分类" in t or "经济科目" in t
    func = "功能分类" in t or "功能科目" in t
    gp = "一般公共预算" in t or "公共财政" in t
    checks = (
        ("T22", ("会议费" in t or "培训费" in t) and "三公" not in t),
        ("T10", "三公" in t),
        ("T04", "财政拨款收支" in t),
        ("T01", "收支总" in t or "收支预算总" in t or "财务收支" in t or "收支情况表" in t),
        ("T02", "收入总" in t or "收入预算总" in t or ("收入" in t and "总体" in t)),
        ("T11", "机关运行经费" in t),
        ("T23", "政府购买服务" in t),
        ("T15", "政府采购" in t),
        ("T07", "政府性基金" in t and "收入" in t and "支出" not in t),
        ("T08", "政府性基金" in t),
        ("T09", "国有资本经营" in t),
        ("T13", "项目支出" in t and "上年结转" in t),
        ("T21", "上年结转" in t and "支出" in t),
        ("T19", gp and "项目支出" in t and econ),
        ("T20", gp and "基本支出" in t and func),
        ("T06", gp and "基本支出" in t),
        ("T14", gp and econ),
        ("T05", gp and "支出" in t),
        ("T18", "财政拨款" in t and "基本支出" in t),
        ("T17", "财政拨款" in t and "支出" in t),
        ("T12", "专项业务经费" in t or "项目支出" in t and ("预算" in t or "情况" in t or "总表" in t or "明细" in t)),
        ("T16", "基本支出" in t and ("预算" in t or "情况" in t or "总表" in t)),
        ("T03", "支出总" in t or "支出预算总" in t or ("支出" in t and "总体" in t)),
    )
    for code, hit in checks:
        if hit:
            return code
    return None


# -- column roles -------------------------------------------------------------------------------------------
# Amount roles (what a column holds for the budget year). A header path that also names last year, a change or
# a rate gets a qualified role ("上年:合计", "增减额", "增减率") that no identity uses by default.
TOTAL, BASIC, PROJECT = "合计", "基本支出", "项目支出"
PERSONNEL, PUBLIC = "人员经费", "公用经费"
GP, FUND, SOE = "一般公共预算", "政府性基金", "国有资本经营预算"
SPECIAL, CARRY = "财政专户管理资金", "上年结转"

# header words → role, first match wins (order: specific before generic)
_ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("上年实户资金余额", ("实户资金",)),
    ("上年结转", ("上年结转", "结转结余", "上年财政拨款结转", "结转")),
    ("财政专户管理资金", ("财政专户",)),
    ("国有资本经营预算", ("国有资本经营",)),
    ("政府性基金", ("政府性基金",)),
    ("一般公共预算", ("一般公共预算", "公共财政", "一般公共")),
    ("事业单位经营收入", ("经营收入", "经营服务收入")),
    ("事业收入", ("事业收入",)),
    ("上级补助收入", ("上级补助",)),
    ("对附属单位补助支出", ("对附属单位补助",)),
    ("附属单位上缴收入", ("附属单位",)),
    ("其他收入", ("其他收入", "其它收入")),
    ("使用非财政拨款结余", ("非财政拨款结余", "非财政拨款结转")),
    ("用事业基金弥补收支差额", ("事业基金",)),
    ("单位资金", ("单位资金", "单位自有", "自有资金")),
    ("上缴上级支出", ("上缴上级",)),
    ("事业单位经营支出", ("经营支出",)),
    ("人员经费", ("人员经费", "人员支出", "人员类")),
    ("公用经费", ("公用经费", "日常公用", "公用支出")),
    ("基本支出", ("基本支出",)),
    ("项目支出", ("项目支出", "专项业务经费")),
    ("当年预算安排", ("当年预算", "本年预算安排", "当年财政拨款")),
    ("因公出国（境）费", ("因公出国",)),
    ("公务用车购置及运行维护费", ("购置及运行", "购置和运行")),
    ("公务用车购置费", ("公务用车购置费", "车辆购置", "购置费", "公务用车购置", "购置经费")),
    ("公务用车运行维护费", ("公务用车运行", "运行维护费", "运行费")),
    ("公务用车购置及运行维护费", ("公务用车",)),
    ("公务接待费", ("公务接待",)),
    ("机关运行经费", ("机关运行经费", "行政经费")),
    ("会议费", ("会议费",)),
    ("培训费", ("培训费",)),
    ("财政拨款", ("财政拨款",)),
    (
        "合计",
        ("合计", "小计", "总计", "预算数", "预算金额", "金额", "本年预算", "年初预算", "预算", "执行数", "决算数"),
    ),
)
TEXT_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("科目编码", ("科目编码", "功能分类科目编码", "编码", "代码")),
    ("类", ("类",)),
    ("款", ("款",)),
    ("项", ("项",)),
    ("科目名称", ("科目名称", "功能分类科目", "经济分类科目", "科目", "项目名称", "单位名称", "名称", "项目", "单位")),
)
_CHANGE_AMOUNT = re.compile(r"增减额|增减数|增减金额|增减$|比上年增减|增加额")
_CHANGE_RATE = re.compile(r"增减率|增减\(%\)|增减%|增长率|增幅|%")


_LAST_YEAR = re.compile(r"上年(?!结转|结余|实户)")
_PRINTED_YEAR = re.compile(r"(20\d\d)年")


@lru_cache(maxsize=1 << 14)  # the same headers come back in every table of a document, and in the next one
def amount_role(path: tuple[str, ...], year: int | None = None) -> str | None:
    """The role of an amount column from its header path (top row first), e.g.
    ('2026年预算数', '年初预算数', '基本支出') → '基本支出'; ('2025年执行数', '执行数') → '上年:合计'."""
    parts = [squash(p) for p in path if p and p.strip()]
    if not parts:
        return None
    joined = "/".join(parts)
    if _CHANGE_RATE.search(joined):
        return "增减率"
    if _CHANGE_AMOUNT.search(joined):
        return "增减额"
    prior = False
    for p in parts:
        if _LAST_YEAR.match(p) or "执行数" in p or "决算数" in p:
            prior = True
        elif year is not None:  # a year printed before the budget year
            years = [int(y) for y in _PRINTED_YEAR.findall(p)]
            if years and max(years) < year:
                prior = True
    if "扣除" in joined:
        return "其他:" + parts[-1]
    # the most specific header row names the role, except that a 小计/合计 under a named group (公务用车/小计,
    # 财政拨款/小计) is that group's total
    found = [r for r in map(_role_word, reversed(parts)) if r is not None]
    if not found:
        return None
    role = next((r for r in found if r != TOTAL), TOTAL) if found[0] == TOTAL else found[0]
    if role not in (TOTAL, CARRY) and any(_role_word(p) == CARRY for p in parts[:-1]):
        # '上年结转结余 / 一般公共预算': last year's money by fund, beside this year's (only its 小计 is 上年结转)
        role = f"{CARRY}:{role}"
    if len(parts) > 1 and parts[-1].startswith("其中") and _role_word(parts[-1]) is None:
        # '本级财政拨款 / 其中:经费拨款': a part of its group's figure, named by no role of its own, adds to nothing
        role = "其中:" + role
    return "上年:" + role if prior else role


def text_role(path: tuple[str, ...]) -> str | None:
    parts = [squash(p) for p in path if p and p.strip()]
    for part in reversed(parts):
        if part in ("类", "款", "项"):
            return part
        role = _match(part, TEXT_ROLES[:1] + TEXT_ROLES[4:])
        if role is not None:
            return role
    return None


@lru_cache(maxsize=1 << 14)  # a header row's words: asked for every path it is part of
def _role_word(part: str) -> str | None:
    return _match(part, _ROLE_WORDS)


def _match(text: str, table: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    for role, words in table:
        for word in words:  # plain loops: a generator per role (any(…)) cost more than the tests
            if word in text:
                return role
    return None
