"""XTAB — the same figure printed in two tables is the same figure.

These are identities of one budget, not sums of rounded parts, so they must match exactly (`addends=0`),
except XTAB-008/009 which are bounds."""
from __future__ import annotations

import re

from engine.authoring import Basis, Rule, Severity
from engine.figures import FUNCTION_CLASSES, amount_roles, code_rows, ev, evs, find, has_unique_codes, label, rows, text, tname, val
from engine.numbers import fmt
from rulesets.mof2016.sum import _carry_over as carry_over, project_tree

BASIS = Basis("财预〔2016〕143号", "第三条、第四条（公开内容真实、完整、准确）")
_REMEDY = "核对两张表的同一数字，找出录入或取数错误并更正，使各表一致。"
_REMEDY_EN = "Find which table carries the wrong figure and correct it."


def _k(text: str) -> str:
    """Identities name tables by their kind's number ('表5' = 一般公共预算支出表); a document prints its own
    numbers, so each is shown as the document numbers it (the Shanxi numbering is then the identity)."""
    return re.sub(r"表(\d{1,2})(?!\d)", lambda m: tname(f"T{int(m.group(1)):02d}"), text)


def _total(ctx, table_id):
    """The table's 合计 row (wherever the label is printed); a one-row table is its own total."""
    rs = rows(ctx, table_id)
    found = next((r for r in rs if label(r["name"]) in ("合计", "总计", "部门合计")), None)
    return found or (rs[0] if len(rs) == 1 else None)


def _roles(ctx, table_id):
    return amount_roles(ctx.fact("table", table=table_id))


def _coded(ctx, table_id):
    """A table's rows by classification code, when it is classified at all (a 收入总表 by unit is not)."""
    rs = rows(ctx, table_id)
    return code_rows(rs) if has_unique_codes(rs) else []


class _Xtab(Rule):
    severity = Severity.ERROR
    basis = BASIS
    remedy = _REMEDY
    remedy_en = _REMEDY_EN
    needs: tuple[str, ...] = ()

    def judge(self, doc, ctx):
        present = {t["table"] for t in ctx.facts("table")}
        if not set(self.needs) <= present:
            missing = "、".join(tname(t) for t in self.needs if t not in present)
            ctx.not_applicable(f"{self.title_zh}", note=f"缺少{missing}，无法核对", note_en="a table is missing")
            return
        self.identities(ctx)

    def identities(self, ctx):  # pragma: no cover - abstract
        raise NotImplementedError

    def same(self, ctx, subject, a, a_col, a_label, b, b_col, b_label):
        """Compare one figure across two rows (a blank cell reads as zero)."""
        if a is None or b is None:
            ctx.not_applicable(subject, evidence=evs(ev(a, a_label), ev(b, b_label)),
                               note=f"未找到{a_label if a is None else b_label}，无法核对", note_en="row not found: not judged")
            return
        for row, col, what in ((a, a_col, a_label), (b, b_col, b_label)):
            if col not in ctx.fact("table", table=row["table"]).get("columns", [col]):
                ctx.not_applicable(subject, evidence=evs(ev(a, a_label), ev(b, b_label)),
                                   note=f"{what.split()[0]}没有“{col}”栏，无法核对", note_en="column not printed: not judged")
                return
        ctx.compare(subject, val(a, a_col), val(b, b_col), addends=0, evidence=[ev(a, a_label), ev(b, b_label)])


class XTAB_001(_Xtab):
    """表1's totals equal the totals of 表2 (income) and 表3 (expenditure).

    **Failing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    一、一般公共预算	10.00	一、一般公共服务支出	10.00	10.00
    本年收入合计	10.00	本年支出合计	10.00	10.00
    2024年预算收入总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	一般公共预算
    合计		11.00	11.00
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
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
    2024年预算收入总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	一般公共预算
    合计		10.00	10.00
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
    ```
    """
    title_zh = "收支总表与收入总表、支出总表合计一致"
    title_en = "表1 totals equal 表2 and 表3 totals"
    needs = ("T01", "T02", "T03")
    subject = "doc"

    def identities(self, ctx):
        t1 = rows(ctx, "T01")
        grand, year = find(t1, "收入项目", "收入总计"), find(t1, "收入项目", "本年收入合计")
        carried_in = grand is not None and year is not None and val(grand, "收入金额") != val(year, "收入金额")
        if carried_in and any(r in _roles(ctx, "T02") for r in ("上年结转", "上年实户资金余额", "使用非财政拨款结余")):
            # 表2's 合计 then includes the carry-over: it is 表1's 收入总计
            self.same(ctx, _k("表1收入总计=表2合计"), find(t1, "收入项目", "收入总计"), "收入金额", _k("表1 收入总计"),
                      _total(ctx, "T02"), "合计", _k("表2 合计"))
        else:
            self.same(ctx, _k("表1本年收入合计=表2合计"), find(t1, "收入项目", "本年收入合计"), "收入金额", _k("表1 本年收入合计"),
                      _total(ctx, "T02"), "合计", _k("表2 合计"))
        self.same(ctx, _k("表1本年支出合计=表3合计"), find(t1, "支出项目", "本年支出合计"), "支出合计", _k("表1 本年支出合计"),
                  _total(ctx, "T03"), "合计", _k("表3 合计"))


def _class_rows(rs, name_col, value_col):
    """Function classes (类) of a two-sided table's expenditure side, by name, with an amount."""
    out = {}
    for r in rs:
        lab = label(text(r, name_col))
        if lab in FUNCTION_CLASSES and r["v"].get(value_col) is not None:       # not the 款 listed beneath
            out[lab] = r
    return out


class XTAB_002(_Xtab):
    """Expenditure by function class agrees across 表1, 表2 and 表3.

    **Failing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    一、一般公共预算	10.00	八、社会保障和就业支出	9.00	9.00
    2024年预算收入总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	一般公共预算
    208	社会保障和就业支出	10.00	10.00
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    208	社会保障和就业支出	10.00	10.00
    ```
    **Passing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    一、一般公共预算	10.00	八、社会保障和就业支出	10.00	10.00
    2024年预算收入总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	一般公共预算
    208	社会保障和就业支出	10.00	10.00
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    208	社会保障和就业支出	10.00	10.00
    ```
    """
    title_zh = "各表按功能分类类级支出一致"
    title_en = "Expenditure by class agrees across 表1, 表2 and 表3"
    needs = ("T01", "T02", "T03")
    subject = "doc"

    def identities(self, ctx):
        t1 = _class_rows(rows(ctx, "T01"), "支出项目", "支出合计")
        t2 = {label(r["name"]): r for r in _coded(ctx, "T02") if r["level"] == "类"}
        t3 = {label(r["name"]): r for r in _coded(ctx, "T03") if r["level"] == "类"}
        if not t3:
            return                    # 表3 is not by function class here: nothing to compare class by class
        # a class printed in only one table is a difference; a 款 listed under a class on 表1 is not a class
        t1 = {name: r for name, r in t1.items() if name in t3 or name in FUNCTION_CLASSES}
        for name in sorted(set(t1) | set(t2) | set(t3)):
            r3 = t3.get(name)
            if t1:                  # 表1 lists its expenditure by class (not by 基本/项目 as in Hunan)
                self._one(ctx, name, t1.get(name), "支出合计", "表1", r3)
            if t2:
                self._one(ctx, name, t2.get(name), "合计", "表2", r3)

    def _one(self, ctx, name, row, col, where, r3):
        subject = _k(f"{where}与表3 {name}")
        if row is None and r3 is None:
            return
        a = val(row, col)
        b = val(r3, "合计")
        evidence = evs(ev(row, _k(f"{where} {name}")), ev(r3, _k(f"表3 {name}")))
        ctx.compare(subject, b, a, addends=0, evidence=evidence)


class XTAB_003(_Xtab):
    """The 一般公共预算 figure is the same in 表1, 表4 and 表5.

    **Failing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    一、一般公共预算	10.00	一、一般公共服务支出	10.00	10.00
    2024年财政拨款收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	金额	项目	金额
    			小计	一般公共预算	政府性基金预算	国有资本经营预算
    一、一般公共预算	9.00	一、一般公共服务支出	9.00	9.00
    2024年一般公共预算支出预算表（不含上年结转）
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
    ```
    **Passing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    一、一般公共预算	10.00	一、一般公共服务支出	10.00	10.00
    2024年财政拨款收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	金额	项目	金额
    			小计	一般公共预算	政府性基金预算	国有资本经营预算
    一、一般公共预算	10.00	一、一般公共服务支出	10.00	10.00
    2024年一般公共预算支出预算表（不含上年结转）
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
    ```
    """
    title_zh = "一般公共预算在收支总表、财政拨款收支总表、一般公共预算支出表中一致"
    title_en = "The general budget figure agrees across 表1, 表4 and 表5"
    needs = ("T01", "T04", "T05")
    subject = "doc"

    def identities(self, ctx):
        t1 = find(rows(ctx, "T01"), "收入项目", "一般公共预算")
        t4 = find(rows(ctx, "T04"), "收入项目", "一般公共预算")
        self.same(ctx, _k("表1与表4 一般公共预算收入"), t1, "收入金额", _k("表1 一般公共预算"), t4, "收入金额", _k("表4 一般公共预算"))
        self.same(ctx, _k("表1一般公共预算=表5合计"), t1, "收入金额", _k("表1 一般公共预算"), _total(ctx, "T05"), "合计", _k("表5 合计"))


class XTAB_004(_Xtab):
    """表4's 一般公共预算 expenditure by class equals the class totals of 表5.

    **Failing**
    ```
    2024年财政拨款收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	金额	项目	金额
    			小计	一般公共预算	政府性基金预算	国有资本经营预算
    一、一般公共预算	10.00	八、社会保障和就业支出	9.00	9.00
    2024年一般公共预算支出预算表（不含上年结转）
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    208	社会保障和就业支出	10.00	10.00
    ```
    **Passing**
    ```
    2024年财政拨款收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	金额	项目	金额
    			小计	一般公共预算	政府性基金预算	国有资本经营预算
    一、一般公共预算	10.00	八、社会保障和就业支出	10.00	10.00
    2024年一般公共预算支出预算表（不含上年结转）
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    208	社会保障和就业支出	10.00	10.00
    ```
    """
    title_zh = "财政拨款收支总表与一般公共预算支出表类级一致"
    title_en = "表4 general-budget expenditure by class equals 表5"
    needs = ("T04", "T05")
    subject = "doc"

    def identities(self, ctx):
        column = self._gp_column(ctx)
        t4 = _class_rows(rows(ctx, "T04"), "支出项目", column) if column else {}
        t5 = {label(r["name"]): r for r in _coded(ctx, "T05") if r["level"] == "类"}
        if not t4 or not t5:
            return
        for name in sorted(set(t4) | set(t5)):
            a, b = t4.get(name), t5.get(name)
            if val(a, column) == 0 and val(b, "合计") == 0:
                continue
            ctx.compare(_k(f"表4与表5 {name}"), val(b, "合计"), val(a, column), addends=0,
                        evidence=evs(ev(a, _k(f"表4 {name}")), ev(b, _k(f"表5 {name}"))))

    @staticmethod
    def _gp_column(ctx):
        """表4's 一般公共预算 expenditure column, when it covers what 表5 covers: 表4 lists carried-over money
        too, 表5 often only the year's; the class figures compare only when both totals agree."""
        t4 = rows(ctx, "T04")
        column = "一般公共预算" if "一般公共预算" in _roles(ctx, "T04") else "支出合计"
        other_funds = [r for r in t4 if label(text(r, "收入项目")).startswith(("政府性基金", "国有资本经营"))]
        if column == "支出合计" and any(val(r, "收入金额") for r in other_funds):
            return None             # 表4's one expenditure column mixes funds; 表5 is 一般公共预算 only
        if not any(val(r, "收入金额") for r in carry_over(t4)):
            return column
        total4 = find(t4, "支出项目", "本年支出合计") or find(t4, "支出项目", "支出总计")
        total5 = _total(ctx, "T05")
        if total4 is None or total5 is None or val(total4, column) != val(total5, "合计"):
            return None
        return column


class XTAB_005(_Xtab):
    """The 一般公共预算 column of 表2 equals the totals of 表5, code by code.

    **Failing**
    ```
    2024年预算收入总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	一般公共预算
    208	社会保障和就业支出	10.00	9.00
    2024年一般公共预算支出预算表（不含上年结转）
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    208	社会保障和就业支出	10.00	10.00
    ```
    **Passing**
    ```
    2024年预算收入总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	一般公共预算
    208	社会保障和就业支出	10.00	10.00
    2024年一般公共预算支出预算表（不含上年结转）
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    208	社会保障和就业支出	10.00	10.00
    ```
    """
    title_zh = "收入总表一般公共预算列与一般公共预算支出表逐科目一致"
    title_en = "表2 general-budget column equals 表5, code by code"
    needs = ("T02", "T05")
    subject = "doc"

    def identities(self, ctx):
        if "一般公共预算" not in _roles(ctx, "T02"):
            return
        t2 = {r["code"]: r for r in _coded(ctx, "T02")}
        t5 = {r["code"]: r for r in _coded(ctx, "T05")}
        if not t2 or not t5:
            return
        for code in sorted(set(t2) | set(t5)):
            a, b = t2.get(code), t5.get(code)
            if val(a, "一般公共预算") == 0 and val(b, "合计") == 0:
                continue
            name = (a or b)["name"]
            ctx.compare(_k(f"表2与表5 {code} {name}"), val(b, "合计"), val(a, "一般公共预算"), addends=0,
                        evidence=evs(ev(a, _k(f"表2 {code}")), ev(b, _k(f"表5 {code}"))))


class XTAB_006(_Xtab):
    """The 基本支出 total of 表5 equals the total of the economic-classification table 表6.

    **Failing**
    ```
    2024年一般公共预算支出预算表（不含上年结转）
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
    2024年一般公共预算安排基本支出分经济科目表（不含上年结转）
    部门名称：某局
    单位：万元
    部门预算支出经济科目名称	政府预算支出经济科目名称	合计	人员经费	公用经费
    合计		9.00	9.00
    ```
    **Passing**
    ```
    2024年一般公共预算支出预算表（不含上年结转）
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00	10.00
    2024年一般公共预算安排基本支出分经济科目表（不含上年结转）
    部门名称：某局
    单位：万元
    部门预算支出经济科目名称	政府预算支出经济科目名称	合计	人员经费	公用经费
    合计		10.00	10.00
    ```
    """
    title_zh = "一般公共预算基本支出与经济分类表一致"
    title_en = "表5 basic expenditure equals the 表6 total"
    needs = ("T05", "T06")
    subject = "doc"

    def identities(self, ctx):
        roles5 = _roles(ctx, "T05")
        if "基本支出" not in roles5 and {"人员经费", "公用经费"} <= set(roles5):
            t5, t6 = _total(ctx, "T05"), _total(ctx, "T06")
            if t5 is None or t6 is None:
                return
            ctx.compare(_k("表5基本支出=表6合计"), val(t6, "合计"), val(t5, "人员经费") + val(t5, "公用经费"), addends=0,
                        evidence=[ev(t5, _k("表5 人员经费+公用经费")), ev(t6, _k("表6 合计"))])
            return
        self.same(ctx, _k("表5基本支出=表6合计"), _total(ctx, "T05"), "基本支出", _k("表5 基本支出"),
                  _total(ctx, "T06"), "合计", _k("表6 合计"))


class XTAB_007(_Xtab):
    """Project expenditure in 表3 and 表5 equals the project table 表12 (total, and its 一般公共预算 column).

    **Failing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00		10.00
    2024年项目支出预算表（本年预算）
    部门名称：某局
    单位：万元
    项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算	财政专户管理资金	单位资金
    某局	9.00	9.00
    ```
    **Passing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		10.00		10.00
    2024年项目支出预算表（本年预算）
    部门名称：某局
    单位：万元
    项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算	财政专户管理资金	单位资金
    某局	10.00	10.00
    ```
    """
    title_zh = "项目支出与项目支出预算表一致"
    title_en = "Project expenditure equals the project table 表12"
    needs = ("T12",)
    subject = "doc"

    def identities(self, ctx):
        t12 = rows(ctx, "T12")
        top, units = project_tree(ctx, t12)
        if top is None:   # a single unit: the unit row is the department total
            top = units[0][0] if len(units) == 1 and units[0][0] is not None else (t12[0] if t12 else None)
        if ctx.fact("table", table="T03"):
            self.same(ctx, _k("表3项目支出=表12合计"), _total(ctx, "T03"), "项目支出", _k("表3 项目支出"), top, "合计",
                      _k("表12 部门合计"))
        if ctx.fact("table", table="T05"):
            self.same(ctx, _k("表5项目支出=表12一般公共预算"), _total(ctx, "T05"), "项目支出", _k("表5 项目支出"),
                      top, "一般公共预算", _k("表12 一般公共预算"))


class XTAB_008(_Xtab):
    """The vehicle running cost in the 三公 table (表10) covers at least the 公务用车运行维护费 of basic
    expenditure (表6); they are equal when no project pays for vehicles.

    **Failing**
    ```
    2024年一般公共预算安排基本支出分经济科目表（不含上年结转）
    部门名称：某局
    单位：万元
    部门预算支出经济科目名称	政府预算支出经济科目名称	合计	人员经费	公用经费
    公务用车运行维护费	公务用车运行维护费	16.00		16.00
    2024年财政拨款安排“三公”经费支出预算表
    部门名称：某局 单位：万元
    项目	2024年预算数
    	合计	一般公共预算	政府性基金预算	国有资本经营预算
    ②公务用车运行维护费	10.00	10.00
    ```
    **Passing**
    ```
    2024年一般公共预算安排基本支出分经济科目表（不含上年结转）
    部门名称：某局
    单位：万元
    部门预算支出经济科目名称	政府预算支出经济科目名称	合计	人员经费	公用经费
    公务用车运行维护费	公务用车运行维护费	16.00		16.00
    2024年财政拨款安排“三公”经费支出预算表
    部门名称：某局 单位：万元
    项目	2024年预算数
    	合计	一般公共预算	政府性基金预算	国有资本经营预算
    ②公务用车运行维护费	16.00	16.00
    ```
    """
    title_zh = "“三公”表公务用车运行维护费不少于基本支出中的该项"
    title_en = "表10 vehicle running cost covers the 表6 figure"
    severity = Severity.WARNING
    needs = ("T06", "T10")
    subject = "doc"

    def identities(self, ctx):
        t10 = find(rows(ctx, "T10"), "名称", "公务用车运行维护费", "公务用车运行费")
        t6 = [r for r in rows(ctx, "T06") if label(r["name"]) in ("公务用车运行维护费", "公务用车运行费")]
        subject = _k("表10与表6 公务用车运行维护费")
        basic = sum(val(r, "合计") for r in t6)
        listed = val(t10, "一般公共预算" if "一般公共预算" in _roles(ctx, "T10") else "合计")
        evidence = evs(ev(t10, _k("表10 运行维护费")), *[ev(r, _k("表6 公务用车运行维护费")) for r in t6])
        if listed >= basic:
            note = "" if listed == basic else _k(f"表10多出 {fmt(listed - basic, '万元')}，应为项目支出安排的部分")
            ctx.passed(subject, expected=f"≥ {fmt(basic, '万元')}", actual=fmt(listed, "万元"), evidence=evidence, note=note)
        else:
            ctx.failed(subject, expected=_k(f"≥ {fmt(basic, '万元')}（表6）"), actual=fmt(listed, "万元"), evidence=evidence,
                       note="“三公”经费中的运行维护费少于基本支出中已安排的数额",
                       note_en="the 三公 figure is below what basic expenditure already spends")


class XTAB_009(_Xtab):
    """机关运行经费 (表11, 一般公共预算) does not exceed the 公用经费 of basic expenditure (表6).

    **Failing**
    ```
    2024年一般公共预算安排基本支出分经济科目表（不含上年结转）
    部门名称：某局
    单位：万元
    部门预算支出经济科目名称	政府预算支出经济科目名称	合计	人员经费	公用经费
    合计		10.00	5.00	5.00
    2024年财政拨款安排机关运行经费预算表
    部门名称：某局
    单位：万元
    单位名称	2024预算数
    	合计	一般公共预算	政府性基金预算	国有资本经营预算
    部门合计	6.00	6.00
    ```
    **Passing**
    ```
    2024年一般公共预算安排基本支出分经济科目表（不含上年结转）
    部门名称：某局
    单位：万元
    部门预算支出经济科目名称	政府预算支出经济科目名称	合计	人员经费	公用经费
    合计		10.00	5.00	5.00
    2024年财政拨款安排机关运行经费预算表
    部门名称：某局
    单位：万元
    单位名称	2024预算数
    	合计	一般公共预算	政府性基金预算	国有资本经营预算
    部门合计	4.00	4.00
    ```
    """
    title_zh = "机关运行经费不超过基本支出公用经费"
    title_en = "机关运行经费 does not exceed basic public expenses"
    severity = Severity.WARNING
    needs = ("T06", "T11")
    subject = "doc"

    def identities(self, ctx):
        t11 = find(rows(ctx, "T11"), "名称", "部门合计", "合计") or next(iter(rows(ctx, "T11")), None)
        t6 = _total(ctx, "T06")
        subject = _k("表11机关运行经费≤表6公用经费")
        jgyx = val(t11, "一般公共预算" if "一般公共预算" in _roles(ctx, "T11") else "合计")
        public = val(t6, "公用经费")
        evidence = evs(ev(t11, _k("表11 机关运行经费")), ev(t6, _k("表6 公用经费")))
        if jgyx <= public:
            ctx.passed(subject, expected=f"≤ {fmt(public, '万元')}", actual=fmt(jgyx, "万元"), evidence=evidence)
        else:
            ctx.failed(subject, expected=_k(f"≤ {fmt(public, '万元')}（表6 公用经费）"), actual=fmt(jgyx, "万元"),
                       evidence=evidence, note="机关运行经费是公用经费的一部分，不应更多",
                       note_en="机关运行经费 is part of 公用经费 and cannot exceed it")


class XTAB_010(_Xtab):
    """The carry-over project table 表13 is empty exactly when 表1 shows no 上年结转.

    **Failing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    上年结转	5.00	年终结转
    2024年项目支出预算表（上年结转）
    部门名称：某局
    单位：万元
    项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算
    注：本表无数据
    ```
    **Passing**
    ```
    2024年预算收支总表
    部门名称：某局
    单位：万元
    收入		支出
    项目	2024年	项目	2024年合计	当年预算安排	上年结转安排
    上年结转		年终结转
    2024年项目支出预算表（上年结转）
    部门名称：某局
    单位：万元
    项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算
    注：本表无数据
    ```
    """
    title_zh = "上年结转项目表与收支总表一致"
    title_en = "表13 is empty exactly when 表1 shows no carry-over"
    needs = ("T01", "T13")
    subject = "doc"

    def identities(self, ctx):
        t13 = ctx.fact("table", table="T13")
        carry = find(rows(ctx, "T01"), "收入项目", "上年结转")
        amount = val(carry, "收入金额")
        subject = _k("表13与表1 上年结转")
        evidence = evs(ev(t13, _k("表13 标题")), ev(carry, _k("表1 上年结转")))
        if t13["empty"] == (amount == 0):
            ctx.passed(subject, expected="一致", actual=_k(f"表13{'为空' if t13['empty'] else '有数据'}，表1上年结转 {fmt(amount, '万元')}"),
                       evidence=evidence)
        else:
            ctx.failed(subject, expected=_k(f"表13{'有数据' if amount else '为空'}"), actual=_k(f"表13{'为空' if t13['empty'] else '有数据'}"),
                       evidence=evidence, note=_k(f"表1上年结转 {fmt(amount, '万元')}，与表13不一致"),
                       note_en=_k("表1 carry-over and 表13 disagree"))
