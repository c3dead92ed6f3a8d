"""SUM — arithmetic inside one table: balances, totals, 类 = Σ款 = Σ项, 合计 = 基本 + 项目, 三公, projects.

Each obligation is an identity declared per table kind in engine/pipeline/identities.py; the derivers in
engine/pipeline/identity_derivers.py (registered by the pack) assert one `identity` fact per obligation found in a
table (or a not-applicable one saying why it cannot be judged there), and each rule below judges one kind.

Every figure is rounded to 0.01 万元, so a total may differ from the sum of its n addends by up to
n × 0.005 万元 (Config.tolerance): such a difference passes with a rounding note, never silently."""

from __future__ import annotations

from gongkai.engine.authoring import Basis, Rule, Severity, judge_equality

BASIS_ACCURATE = Basis("财预〔2016〕143号", "第四条（公开内容准确）")


class SUM_001(Rule):
    """Total income equals total expenditure in the two balance tables (表1, 表4).

    Judges the `balance` identities: 本年收入合计 = 本年支出合计 (skipped when money is carried in or out: then
    only the grand totals balance) and 收入总计 = 支出总计. The totals are read by meaning: a '一、本年收入'
    heading its items is the 本年 total, a '收入合计' or '合计' the 本年 total above a 收入总计 and the grand total
    otherwise; a side that carries nothing over and prints one total row has it stand for both (the 本年 pair is
    then the grand pair, judged once). A table that does not print the total rows is not applicable, with a note
    naming the rows.
    """

    title_zh = "收支平衡（收入总计=支出总计）"
    title_en = "Total income equals total expenditure"
    aliases = ("BALANCE",)
    severity = Severity.ERROR
    basis = Basis("《预算法》第十二条（收支平衡）；财预〔2016〕143号 第四条")
    remedy = "核对收支总表两侧：收入总计必须等于支出总计，本年收入合计等于本年支出合计。"
    remedy_en = "Make both sides of the balance table agree."
    subject = "identity"
    where = {"kind": "balance"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class SUM_002(Rule):
    """Every total row and total column equals the sum of what it totals.

    表1/表4: 本年合计 = Σ items, 总计 = 本年合计 + 结转, each 支出合计 = 当年 + 结转 (表4: 小计 = Σ funds);
    表2/表3/表5/表7/表8: the 合计 row (in a table by unit printing one unit, that unit's row) = Σ 类 rows (by
    code, or by the class's name in a table that prints no codes); 表2: 合计 = Σ source columns; 表10/表11/表12/表13:
    合计 = Σ fund columns; 表11: 部门合计 = Σ units. Judges the `total` identities, each declared per table kind
    in engine/pipeline/identities.py; a declared identity a table cannot be judged on (an empty table, a column or total
    row it does not print) is not applicable with a note saying why, never silently skipped.
    """

    title_zh = "合计等于各项之和"
    title_en = "Totals equal the sum of their parts"
    aliases = ("TOTAL-ROWS",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "重新加总并更正合计数；若差异来自舍入，应在容差以内。"
    remedy_en = "Re-add the parts and correct the total."
    subject = "identity"
    where = {"kind": "total"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class SUM_003(Rule):
    """In the expenditure tables every row's 合计 equals 基本支出 + 项目支出.

    Judges the `basic_project` identities: one per row that prints any of the three columns, on every expenditure
    table by function (表3, 表5, 表8, 表9 …); where 基本支出 is printed only as its 人员经费 and 公用经费 columns,
    their sum stands for it. A table of those kinds without a 基本支出 or 项目支出 column is not applicable, with a
    note naming the columns.
    """

    title_zh = "合计=基本支出+项目支出"
    title_en = "Each total equals basic plus project expenditure"
    aliases = ("TOTAL-EQ-BASIC-PLUS-PROJECT",)
    severity = Severity.ERROR
    basis = Basis("《预算法实施条例》第五条（部门预算支出包括基本支出和项目支出）")
    remedy = "逐行核对：合计应等于基本支出与项目支出之和。"
    remedy_en = "Make every row's total equal basic + project."
    subject = "identity"
    where = {"kind": "basic_project"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class SUM_004(Rule):
    """Function classification rolls up: each 类 equals the sum of its 款, each 款 the sum of its 项, in every column.

    Judges the `rollup` identities: one per 类 or 款 row that has coded children, all amount columns at once; the
    tolerance grows with the number of children. A table of a classified kind without graded codes, or listing
    one code on several rows (a detail table), is not applicable.
    """

    title_zh = "类=Σ款，款=Σ项"
    title_en = "Classes roll up: 类 = Σ款, 款 = Σ项"
    aliases = ("HIERARCHY",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对科目层级：类级数等于所属款级数之和，款级数等于所属项级数之和。"
    remedy_en = "Make each 类 the sum of its 款 and each 款 the sum of its 项."
    subject = "identity"
    where = {"kind": "rollup"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class SUM_005(Rule):
    """表6 adds up: each row's 合计 = 人员经费 + 公用经费, each class = Σ its 款 rows, 合计 = Σ classes.

    Judges the `personnel_public` identities: 基本支出 (or the 合计 of a basic-only table) = 人员经费 + 公用经费
    row by row, and, where 表6 lists its economic classes by name, each class = Σ the rows beneath it and 合计 =
    Σ classes. A table without the 人员经费 / 公用经费 columns is not applicable.
    """

    title_zh = "基本支出经济分类表内平衡"
    title_en = "The economic-classification table adds up"
    aliases = ("ECON-SUBTOTALS",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对表6：人员经费+公用经费=合计；类级数=所属款级数之和；合计=各类之和。"
    remedy_en = "Make 表6 add up across and down."
    subject = "identity"
    where = {"kind": "personnel_public"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)


class SUM_006(Rule):
    """The 三公 table adds up: 公务用车购置及运行费 = 购置费 + 运行维护费, and 合计 = 出国 + 接待 + 车, in every column.

    Judges the `sangong` identities: 公务用车购置及运行费 = 购置费 + 运行维护费 (a vehicle line not split into the
    two fails: the template requires the split), and 合计 = 出国 + 接待 + 车辆, in every fund column.
    """

    title_zh = "“三公”经费表内平衡"
    title_en = "The 三公 table adds up"
    aliases = ("SANGONG-ARITH",)
    severity = Severity.ERROR
    basis = Basis("财预〔2016〕143号", via="基层政务公开标准目录：公务用车购置及运行费细化到购置费、运行费")
    remedy = "核对表10：车辆费=购置费+运行维护费；合计=因公出国（境）费+公务接待费+公务用车购置及运行费。"
    remedy_en = "Make 表10 add up."
    subject = "identity"
    where = {"kind": "sangong"}

    def judge(self, identity, ctx):
        if identity["relation"] == "itemized" and not identity.get("error"):  # 公务用车购置及运行费 printed as one line
            ctx.failed(
                identity["subject"], expected="分列购置费和运行维护费", actual="未细化", evidence=identity["evidence"]
            )
            return
        judge_equality(identity, ctx)


class SUM_007(Rule):
    """The project tables roll up: the department row equals the sum of its units, each unit the sum of
    its projects, in every column.
    """

    title_zh = "项目支出表逐级汇总一致"
    title_en = "Project tables roll up from projects to units to department"
    aliases = ("PROJECT-TREE",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对项目支出表：单位行等于其下项目之和，部门行等于各单位之和。"
    remedy_en = "Make each unit the sum of its projects and the department the sum of its units."
    subject = "identity"
    where = {"kind": "project_tree"}

    def judge(self, identity, ctx):
        judge_equality(identity, ctx)
