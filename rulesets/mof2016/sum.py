"""SUM — arithmetic inside one table: balances, totals, 类 = Σ款 = Σ项, 合计 = 基本 + 项目, 三公, projects.

Every figure is rounded to 0.01 万元, so a total may differ from the sum of its n addends by up to
n × 0.005 万元 (Config.tolerance): such a difference passes with a rounding note, never silently."""
from __future__ import annotations

import re

from engine.authoring import Basis, Rule, Severity
from engine.kinds import TARGET_KINDS
from engine.numbers import normalize
from engine.figures import (FUNCTION_CLASSES, amount_roles, children, code_rows, ev, evs, find, has_unique_codes, label, rows,
                            source_parts, text, tname, unnamed_values, val)

BASIS_ACCURATE = Basis("财预〔2016〕143号", "第四条（公开内容准确）")
_SUMMARY = re.compile(r"^(本年收入合计|本年支出合计|收入总计|支出总计|上年结转|年终结转|上年财政拨款结转)")


def _sum(rs, column):
    return sum(val(r, column) for r in rs)


def _has_any(rs, columns):
    return any(r["v"].get(c) is not None for r in rs for c in columns)


_TOP = re.compile(r"^\s*[一二三四五六七八九十]+、")


def _side_items(rs, column, stop):
    """Rows of one side of a two-sided summary table (表1/表4) above its 本年…合计 row. Where the side numbers
    its items 一、二、… and lists sub-items (1.一般公共预算拨款) under them, only the numbered items add up."""
    items = []
    labelled = [r for r in rs if label(text(r, column))]
    if labelled and label(text(labelled[0], column)) == stop:
        # the total printed first ('一、本年支出合计' with its items beneath, up to '二、年终结转结余')
        for r in labelled[1:]:
            if _TOP.match(normalize(text(r, column))) or _SUMMARY.match(label(text(r, column))):
                break
            items.append(r)
    else:
        for r in rs:
            lab = label(text(r, column))
            if lab == stop:
                break
            if lab and not _SUMMARY.match(lab):
                items.append(r)
    top = [r for r in items if _TOP.match(normalize(text(r, column)))]
    if top and len(top) < len(items):
        return top
    heads = [r for r in items if not _SUB.match(normalize(text(r, column)))]
    if heads and len(heads) < len(items):      # '财政拨款' with '1.一般公共预算拨款' … beneath it
        return heads
    # an expenditure side listing classes with their 款 beneath
    classes = [r for r in items if label(text(r, column)) in FUNCTION_CLASSES]
    return classes if classes and len(classes) < len(items) else items


_SUB = re.compile(r"^\s*(其中|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．])")


def _between(rs, side, column, year, grand):
    """What one side of a balance table adds to its 本年 total to reach its 总计: the items printed between
    the two rows (上年结转, 上年实户资金余额, 使用非财政拨款结余 … / 结转下年 …), counting an item's 其中 or
    numbered sub-items only where the item itself is left blank."""
    order = {id(r): i for i, r in enumerate(rs)}
    lo, hi = sorted((order[id(year)], order[id(grand)]))
    between = rs[lo + 1:hi]
    numbered = [k for k, r in enumerate(between) if _TOP.match(normalize(text(r, side)))]
    if numbered:            # the 本年 block's own items come first when its total heads them
        between = between[numbered[0]:]
    items, subs, parent_valued = [], [], False
    for r in between:
        name = normalize(text(r, side))
        if not name.strip() or r["v"].get(column) is None:
            if not _SUB.match(name):
                parent_valued = False
            continue
        if _SUB.match(name):
            if not parent_valued:
                subs.append(r)
            continue
        items.append(r)
        parent_valued = True
    if len(items) > 1 and sum(val(r, column) for r in items[1:]) == val(items[0], column):
        return items[:1]    # '上年结转结余' followed by its breakdown by fund, unnumbered
    return items + subs


def _carry_over(rs):
    """Income carried over from last year: the 上年结转 row, or the fund rows listed under it (表4)."""
    start = next((i for i, r in enumerate(rs) if label(text(r, "收入项目")).startswith(("上年结转", "上年财政拨款结转"))), None)
    if start is None:
        return []
    block = []
    for r in rs[start + 1:]:
        if label(text(r, "收入项目")).endswith("总计"):
            break
        if text(r, "收入项目"):
            block.append(r)
    with_values = [r for r in block if r["v"].get("收入金额") is not None]
    return with_values or [rs[start]]


class SUM_001(Rule):
    """Total income equals total expenditure in the two balance tables (表1, 表4).

    **Failing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    一、一般公共预算	10.00	一、一般公共服务支出	9.00	9.00
    本年收入合计	10.00	本年支出合计	9.00	9.00
    收入总计	10.00	支出总计	9.00	9.00
    ```
    **Passing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    一、一般公共预算	10.00	一、一般公共服务支出	10.00	10.00
    本年收入合计	10.00	本年支出合计	10.00	10.00
    收入总计	10.00	支出总计	10.00	10.00
    ```
    """
    title_zh = "收支平衡（收入总计=支出总计）"
    title_en = "Total income equals total expenditure"
    aliases = ("BALANCE",)
    severity = Severity.ERROR
    basis = Basis("《预算法》第十二条（收支平衡）；财预〔2016〕143号 第四条")
    remedy = "核对收支总表两侧：收入总计必须等于支出总计，本年收入合计等于本年支出合计。"
    remedy_en = "Make both sides of the balance table agree."
    subject = "table"
    where = {"table": ("T01", "T04")}

    def judge(self, table, ctx):
        t = table["table"]
        out_col = "支出合计"
        rs = rows(ctx, t)
        grand_in, year_in = find(rs, "收入项目", "收入总计"), find(rs, "收入项目", "本年收入合计")
        carried = any(val(r, "收入金额") for r in _carry_over(rs)) or any(
            val(r, out_col) for r in rs if label(text(r, "支出项目")).startswith(("年终结转", "结转下年"))) or (
            grand_in is not None and year_in is not None and val(grand_in, "收入金额") != val(year_in, "收入金额"))
        for in_name, out_name in (("本年收入合计", "本年支出合计"), ("收入总计", "支出总计")):
            subject = f"{tname(t)} {in_name}={out_name}"
            if in_name == "本年收入合计" and carried:
                # with money carried in or out, only the grand totals balance (本年 + 结转 on each side)
                continue
            r_in, r_out = find(rs, "收入项目", in_name), find(rs, "支出项目", out_name)
            if r_in is None or r_out is None:
                ctx.not_applicable(subject, evidence=[ev(table, "表标题")], note=f"表中未找到“{in_name}”“{out_name}”行，无法核对",
                                   note_en="total rows not found: not judged")
                continue
            ctx.compare(subject, val(r_in, "收入金额"), val(r_out, out_col), addends=0,
                        evidence=evs(ev(r_in, in_name), ev(r_out, out_name) if r_out is not r_in else None))


class SUM_002(Rule):
    """Every total row and total column equals the sum of what it totals.

    表1/表4: 本年合计 = Σ items, 总计 = 本年合计 + 结转, each 支出合计 = 当年 + 结转 (表4: 小计 = Σ funds);
    表2/表3/表5/表7/表8: the 合计 row = Σ 类 rows; 表2: 合计 = Σ source columns; 表10/表11/表12/表13:
    合计 = Σ fund columns; 表11: 部门合计 = Σ units.

    **Failing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		12.00	12.00
    208	社会保障和就业支出	10.00	10.00
    20805	行政事业单位养老支出	10.00	10.00
    2080501	行政单位离退休	10.00	10.00
    ```
    **Passing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
    208	社会保障和就业支出	10.00	10.00
    20805	行政事业单位养老支出	10.00	10.00
    2080501	行政单位离退休	10.00	10.00
    ```
    """
    title_zh = "合计等于各项之和"
    title_en = "Totals equal the sum of their parts"
    aliases = ("TOTAL-ROWS",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "重新加总并更正合计数；若差异来自舍入，应在容差以内。"
    remedy_en = "Re-add the parts and correct the total."
    subject = "table"

    def judge(self, table, ctx):
        rs = rows(ctx, table["table"])
        kind = table.get("kind", table["table"])
        if not rs or table["empty"] or kind in TARGET_KINDS:
            return                  # performance-target tables hold targets, not sums
        if kind in ("T01", "T04"):
            self._balance_table(ctx, table, rs)
            return
        cols = amount_roles(table)
        if code_rows(rs, "类") and has_unique_codes(rs):
            self._total_row_vs_classes(ctx, table, rs, cols)
        parts = source_parts(cols)
        if "合计" in cols and len(parts) >= 2:
            name_of = (lambda r: _project_role(ctx, rs, r)) if kind in ("T12", "T13") else self._coded_name
            self._row_vs_columns(ctx, table, rs, "合计", parts, name_of)
        if "财政拨款" in cols and all(f in cols for f in ("一般公共预算", "政府性基金")):
            funds = [f for f in ("一般公共预算", "政府性基金", "国有资本经营预算") if f in cols]
            self._row_vs_columns(ctx, table, rs, "财政拨款", funds, self._coded_name)
        if kind == "T11":
            self._units(ctx, table, rs, ["合计"] + parts)

    # -- helpers ----------------------------------------------------------------------------
    def _total_row_vs_classes(self, ctx, table, rs, columns):
        t = table["table"]
        total = find(rs, "名称", "合计") or find(rs, "科目编码", "合计")
        classes = code_rows(rs, "类")
        if total is None or not classes:
            return
        ctx.compare_columns(f"{tname(t)} 合计行=各类之和", {c: _sum(classes, c) for c in columns},
                            {c: val(total, c) for c in columns}, addends=len(classes),
                            evidence=[ev(total, "合计行")] + [ev(r, f"类 {r['code']}") for r in classes])

    def _row_vs_columns(self, ctx, table, rs, total_col, parts, name_of):
        t = table["table"]
        for r in rs:
            if not _has_any([r], [total_col] + parts) or unnamed_values(r):
                continue
            ctx.compare(f"{tname(t)} {name_of(r)} {total_col}=各栏之和", sum(val(r, c) for c in parts),
                        val(r, total_col), addends=len([c for c in parts if r["v"].get(c) is not None]),
                        evidence=[ev(r, name_of(r))])

    @staticmethod
    def _coded_name(r):
        return f"{r['code']} {r['name']}" if r.get("code") else label(r["name"]) or "合计"

    # -- per table --------------------------------------------------------------------------
    def _two_sided(self, ctx, table, rs, out_cols, carry_out):
        t = table["table"]
        income = _side_items(rs, "收入项目", "本年收入合计")
        expense = _side_items(rs, "支出项目", "本年支出合计")
        r_in, r_out = find(rs, "收入项目", "本年收入合计"), find(rs, "支出项目", "本年支出合计")
        if r_in is not None:
            ctx.compare(f"{tname(t)} 本年收入合计=各项收入之和", _sum(income, "收入金额"), val(r_in, "收入金额"),
                        addends=len([r for r in income if r["v"].get("收入金额") is not None]),
                        evidence=[ev(r_in, "本年收入合计")] + [ev(r, label(text(r, "收入项目"))) for r in income
                                                               if r["v"].get("收入金额") is not None])
        if r_out is not None:
            used = [r for r in expense if _has_any([r], out_cols)]
            ctx.compare_columns(f"{tname(t)} 本年支出合计=各项支出之和", {c: _sum(used, c) for c in out_cols},
                                {c: val(r_out, c) for c in out_cols}, addends=len(used),
                                evidence=[ev(r_out, "本年支出合计")] + [ev(r, label(text(r, "支出项目"))) for r in used])
        g_in, g_out = find(rs, "收入项目", "收入总计"), find(rs, "支出项目", "支出总计")
        for grand, year, side, column, what in ((g_in, r_in, "收入项目", "收入金额", "收入总计=本年收入合计+上年结转"),
                                                (g_out, r_out, "支出项目", out_cols[0], "支出总计=本年支出合计+年终结转")):
            if grand is None or year is None:
                continue
            carry = _between(rs, side, column, year, grand)
            ctx.compare(f"{tname(t)} {what}", val(year, column) + _sum(carry, column), val(grand, column),
                        addends=1 + len(carry), evidence=evs(ev(grand, label(text(grand, side))),
                                                             ev(year, label(text(year, side))), *[
                            ev(r, label(text(r, side))) for r in carry]))
        return expense

    def _balance_table(self, ctx, table, rs):
        """表1/表4: each side adds up; each expenditure row's 合计 = 当年 + 结转 (表1) or = Σ funds (表4),
        where the table prints those columns."""
        t = table["table"]
        cols = amount_roles(table)
        spending = [c for c in ("当年预算安排", "上年结转安排") if c in cols]
        funds = [c for c in ("一般公共预算", "政府性基金", "国有资本经营预算") if c in cols]
        expense = self._two_sided(ctx, table, rs, ["支出合计"] + spending + funds, {"年终结转", "结转下年"})
        totals = [x for x in rs if label(text(x, "支出项目")) in ("本年支出合计", "支出总计")]
        for parts, what in ((spending, "合计=当年+结转"), (funds, "小计=各资金之和")):
            if len(parts) < 2:
                continue
            for r in expense + totals:
                if _has_any([r], ["支出合计"] + parts):
                    ctx.compare(f"{tname(t)} {label(text(r, '支出项目'))} {what}", sum(val(r, c) for c in parts),
                                val(r, "支出合计"), addends=len(parts), evidence=[ev(r, label(text(r, "支出项目")))])

    def _units(self, ctx, table, rs, cols):
        total = find(rs, "名称", "部门合计", "合计")
        units = [r for r in rs if r is not total]
        if total is not None and units:
            ctx.compare_columns(f"{tname(table['table'])} 部门合计=各单位之和", {c: _sum(units, c) for c in cols},
                                {c: val(total, c) for c in cols}, addends=len(units),
                                evidence=[ev(total, "部门合计")] + [ev(r, r["name"]) for r in units])


class SUM_003(Rule):
    """In the expenditure tables every row's 合计 equals 基本支出 + 项目支出.

    **Failing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	6.00	3.00
    ```
    **Passing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	6.00	4.00
    ```
    """
    title_zh = "合计=基本支出+项目支出"
    title_en = "Each total equals basic plus project expenditure"
    aliases = ("TOTAL-EQ-BASIC-PLUS-PROJECT",)
    severity = Severity.ERROR
    basis = Basis("《预算法实施条例》第五条（部门预算支出包括基本支出和项目支出）")
    remedy = "逐行核对：合计应等于基本支出与项目支出之和。"
    remedy_en = "Make every row's total equal basic + project."
    subject = "table"
    where = {"table": ("T03", "T05", "T08", "T09", "T14", "T17", "T21")}

    def judge(self, table, ctx):
        t = table["table"]
        if not {"合计", "基本支出", "项目支出"} <= set(amount_roles(table)):
            return
        for row in rows(ctx, t):
            if not _has_any([row], ["合计", "基本支出", "项目支出"]):
                continue
            name = SUM_002._coded_name(row)
            ctx.compare(f"{tname(t)} {name} 合计=基本+项目", val(row, "基本支出") + val(row, "项目支出"), val(row, "合计"),
                        addends=2, evidence=[ev(row, name)])


class SUM_004(Rule):
    """Function classification rolls up: each 类 equals the sum of its 款, each 款 the sum of its 项, in every column.

    **Failing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
    208	社会保障和就业支出	10.00	10.00
    20805	行政事业单位养老支出	10.00	10.00
    2080501	行政单位离退休	6.00	6.00
    2080502	事业单位离退休	3.00	3.00
    ```
    **Passing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
    208	社会保障和就业支出	10.00	10.00
    20805	行政事业单位养老支出	10.00	10.00
    2080501	行政单位离退休	6.00	6.00
    2080502	事业单位离退休	4.00	4.00
    ```
    """
    title_zh = "类=Σ款，款=Σ项"
    title_en = "Classes roll up: 类 = Σ款, 款 = Σ项"
    aliases = ("HIERARCHY",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对科目层级：类级数等于所属款级数之和，款级数等于所属项级数之和。"
    remedy_en = "Make each 类 the sum of its 款 and each 款 the sum of its 项."
    subject = "table"
    where = {"table": ("T02", "T03", "T05", "T06", "T08", "T09", "T14", "T16", "T17", "T18", "T19", "T20", "T21")}

    def judge(self, table, ctx):
        t = table["table"]
        rs = rows(ctx, t)
        cols = amount_roles(table)
        if not cols or not has_unique_codes(rs):
            return                      # a detail table lists one code on several rows: no roll-up to judge
        for parent in code_rows(rs):
            kids = children(rs, parent)
            if parent["level"] not in ("类", "款") or not kids:
                continue
            name = SUM_002._coded_name(parent)
            ctx.compare_columns(f"{tname(t)} {name}=下级科目之和", {c: _sum(kids, c) for c in cols},
                                {c: val(parent, c) for c in cols}, addends=len(kids),
                                evidence=[ev(parent, name)] + [ev(k, SUM_002._coded_name(k)) for k in kids])


_ECON_CLASSES = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出")


class SUM_005(Rule):
    """表6 adds up: each row's 合计 = 人员经费 + 公用经费, each class = Σ its 款 rows, 合计 = Σ classes.

    **Failing**
    ```
    2024年一般公共预算安排基本支出分经济科目表（不含上年结转）
    部门名称：某局
    单位：万元
    部门预算支出经济科目名称	政府预算支出经济科目名称	合计	人员经费	公用经费
    合计		10.00	10.00
    工资福利支出		10.00	10.00
    基本工资	工资奖金津补贴	9.00	9.00
    ```
    **Passing**
    ```
    2024年一般公共预算安排基本支出分经济科目表（不含上年结转）
    部门名称：某局
    单位：万元
    部门预算支出经济科目名称	政府预算支出经济科目名称	合计	人员经费	公用经费
    合计		10.00	10.00
    工资福利支出		10.00	10.00
    基本工资	工资奖金津补贴	10.00	10.00
    ```
    """
    title_zh = "基本支出经济分类表内平衡"
    title_en = "The economic-classification table adds up"
    aliases = ("ECON-SUBTOTALS",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对表6：人员经费+公用经费=合计；类级数=所属款级数之和；合计=各类之和。"
    remedy_en = "Make 表6 add up across and down."
    subject = "table"
    where = {"table": ("T06", "T05", "T14", "T16", "T17", "T18", "T20")}

    def judge(self, table, ctx):
        t = table["table"]
        rs = rows(ctx, t)
        if not rs or table["empty"]:
            return
        cols = amount_roles(table)
        basic = "基本支出" if "基本支出" in cols else "合计" if t in ("T06", "T16", "T18", "T20") else None
        if basic is None or not {"人员经费", "公用经费"} <= set(cols):
            return
        for r in rs:
            if _has_any([r], [basic, "人员经费", "公用经费"]) and not unnamed_values(r):
                name = _econ_name(r) if not r.get("code") else SUM_002._coded_name(r)
                ctx.compare(f"{tname(t)} {name} {basic}=人员+公用", val(r, "人员经费") + val(r, "公用经费"), val(r, basic),
                            addends=2, evidence=[ev(r, name)])
        if code_rows(rs):
            return                      # coded classes roll up under SUM-004, the 合计 row under SUM-002
        cols = [basic, "人员经费", "公用经费"]
        starts = [i for i, r in enumerate(rs) if label(r["name"]) in _ECON_CLASSES and not text(r, "政府经济科目")]
        for pos, i in enumerate(starts):
            end = starts[pos + 1] if pos + 1 < len(starts) else len(rs)
            kids = rs[i + 1:end]
            if kids:
                ctx.compare_columns(f"{tname(t)} {rs[i]['name']}=所属款之和", {c: _sum(kids, c) for c in cols},
                                    {c: val(rs[i], c) for c in cols}, addends=len(kids),
                                    evidence=[ev(rs[i], rs[i]["name"])] + [ev(k, _econ_name(k)) for k in kids])
        total = find(rs, "部门经济科目", "合计") or find(rs, "名称", "合计")
        if total is not None and starts:
            classes = [rs[i] for i in starts]
            ctx.compare_columns(f"{tname(t)} 合计=各类之和", {c: _sum(classes, c) for c in cols},
                                {c: val(total, c) for c in cols}, addends=len(classes),
                                evidence=[ev(total, "合计")] + [ev(r, r["name"]) for r in classes])


def _econ_name(r):
    gov = text(r, "政府经济科目")
    return f"{r['name']}/{gov}" if gov else r["name"]


class SUM_006(Rule):
    """The 三公 table adds up: 公务用车购置及运行费 = 购置费 + 运行维护费, and 合计 = 出国 + 接待 + 车, in every column.

    **Failing**
    ```
    2024年财政拨款安排“三公”经费支出预算表
    部门名称：某局 单位：万元
    项目	2024年预算数
    	合计	一般公共预算	政府性基金预算	国有资本经营预算
    因公出国（境）费	1.00	1.00
    公务接待费	2.00	2.00
    公务用车购置及运行费	3.00	3.00
    ①公务用车购置费
    ②公务用车运行维护费	3.00	3.00
    合计	7.00	7.00
    ```
    **Passing**
    ```
    2024年财政拨款安排“三公”经费支出预算表
    部门名称：某局 单位：万元
    项目	2024年预算数
    	合计	一般公共预算	政府性基金预算	国有资本经营预算
    因公出国（境）费	1.00	1.00
    公务接待费	2.00	2.00
    公务用车购置及运行费	3.00	3.00
    ①公务用车购置费
    ②公务用车运行维护费	3.00	3.00
    合计	6.00	6.00
    ```
    """
    title_zh = "“三公”经费表内平衡"
    title_en = "The 三公 table adds up"
    aliases = ("SANGONG-ARITH",)
    severity = Severity.ERROR
    basis = Basis("财预〔2016〕143号", via="基层政务公开标准目录：公务用车购置及运行费细化到购置费、运行费")
    remedy = "核对表10：车辆费=购置费+运行维护费；合计=因公出国（境）费+公务接待费+公务用车购置及运行费。"
    remedy_en = "Make 表10 add up."
    subject = "table"
    where = {"table": "T10"}

    def judge(self, table, ctx):
        rs = rows(ctx, "T10")
        cols = [c for c in ("合计", "一般公共预算", "政府性基金", "国有资本经营预算") if c in amount_roles(table)]
        abroad = find(rs, "名称", "因公出国（境）费", "因公出国(境)费", "因公出国（境）费用")
        reception = find(rs, "名称", "公务接待费")
        car = find(rs, "名称", "公务用车购置及运行费", "公务用车购置及运行维护费")
        buy = find(rs, "名称", "公务用车购置费")
        run = find(rs, "名称", "公务用车运行维护费", "公务用车运行费")
        total = find(rs, "名称", "合计")
        if car is not None and (buy is not None or run is not None):
            ctx.compare_columns(f"{tname('T10')} 公务用车购置及运行费=购置费+运行维护费", {c: val(buy, c) + val(run, c) for c in cols},
                                {c: val(car, c) for c in cols}, addends=2,
                                evidence=evs(ev(car, "公务用车购置及运行费"), ev(buy, "购置费"), ev(run, "运行维护费")))
        elif car is not None:
            ctx.failed(f"{tname('T10')} 公务用车购置及运行费=购置费+运行维护费", expected="分列购置费和运行维护费",
                       actual="未细化", evidence=[ev(car, "公务用车购置及运行费")])
        if total is not None:
            parts = [r for r in (abroad, reception, car) if r is not None]
            ctx.compare_columns(f"{tname('T10')} 合计=出国+接待+车辆", {c: _sum(parts, c) for c in cols},
                                {c: val(total, c) for c in cols}, addends=len(parts),
                                evidence=[ev(total, "合计")] + [ev(r, label(r["name"])) for r in parts])


_UNIT_NAME = re.compile(r"(局|厅|委员会|委|办公室|中心|工会|院|所|站|队|馆|学校|协会|联合会|研究会)(（本级）|\(本级\))?$")


def project_tree(ctx, rs):
    """(department row, [(unit row, [project rows])]) of 表12/表13, read from names and order."""
    department = ctx.fact("doc") or {}
    dept_name = label(department.get("department") or "")
    if not rs:
        return None, []
    first = rs[0]
    is_total = label(first["name"]) in ("合计", "部门合计") or (
        label(first["name"]) == dept_name and len(rs) > 1 and label(rs[1]["name"]) == dept_name)
    top = first if is_total else None
    body = rs[1:] if is_total else rs
    units: list = []
    for r in body:
        if "(" not in r["name"] and "（" not in r["name"] and _UNIT_NAME.search(label(r["name"])):
            units.append((r, []))
        elif units:
            units[-1][1].append(r)
        else:
            units.append((None, [r]))
    return top, units


def _project_role(ctx, rs, row):
    top, units = project_tree(ctx, rs)
    if row is top:
        return "部门合计"
    for unit, projects in units:
        if row is unit:
            return f"单位 {row['name']}"
    return f"项目 {row['name']}"


class SUM_007(Rule):
    """The project tables roll up: the department row equals the sum of its units, each unit the sum of
    its projects, in every column.

    **Failing**
    ```
    2024年项目支出预算表（本年预算）
    部门名称：某局
    单位：万元
    项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算	财政专户管理资金	单位资金
    某局	10.00	10.00
    某局	10.00	10.00
    业务工作经费	6.00	6.00
    办公大楼管理费	3.00	3.00
    ```
    **Passing**
    ```
    2024年项目支出预算表（本年预算）
    部门名称：某局
    单位：万元
    项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算	财政专户管理资金	单位资金
    某局	10.00	10.00
    某局	10.00	10.00
    业务工作经费	6.00	6.00
    办公大楼管理费	4.00	4.00
    ```
    """
    title_zh = "项目支出表逐级汇总一致"
    title_en = "Project tables roll up from projects to units to department"
    aliases = ("PROJECT-TREE",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对项目支出表：单位行等于其下项目之和，部门行等于各单位之和。"
    remedy_en = "Make each unit the sum of its projects and the department the sum of its units."
    subject = "table"
    where = {"table": ("T12", "T13")}

    def judge(self, table, ctx):
        t = table["table"]
        if table["empty"]:
            return
        cols = amount_roles(table)
        rs = rows(ctx, t)
        if any(c in table.get("columns", []) for c in ("科目编码", "名称#2")):
            return      # listed by unit code or with a unit column: the tree is printed, not read from names
        top, units = project_tree(ctx, rs)
        real_units = [u for u, _ in units if u is not None]
        tol = ctx.tolerance(len(rs))
        if top is not None and real_units and units and all(
                any(abs(_sum(group, c) - val(head, c)) > tol for c in cols)
                for head, group in [(top, real_units)] + [(u, p) for u, p in units if u is not None and p]):
            # nothing adds up the way names suggest: the table is laid out otherwise (其他支出 rows, categories)
            ctx.not_applicable(f"{tname(t)} 项目层级", evidence=[ev(table, "表标题")],
                               note="按名称无法确定部门/单位/项目层级，未核对", note_en="tree not determined from names")
            return
        for unit, projects in units:
            if unit is None or not projects:
                continue
            ctx.compare_columns(f"{tname(t)} 单位 {unit['name']}=所属项目之和", {c: _sum(projects, c) for c in cols},
                                {c: val(unit, c) for c in cols}, addends=len(projects),
                                evidence=[ev(unit, unit["name"])] + [ev(p, p["name"]) for p in projects])
        if top is not None and real_units:
            ctx.compare_columns(f"{tname(t)} 部门合计=各单位之和", {c: _sum(real_units, c) for c in cols},
                                {c: val(top, c) for c in cols}, addends=len(real_units),
                                evidence=[ev(top, "部门合计")] + [ev(u, u["name"]) for u in real_units])
