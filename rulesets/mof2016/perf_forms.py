"""PERF (form side) — the 绩效目标申报表 agree with the budget tables and with themselves.

A form prints its own unit (project forms 元, the whole-department form 万元) and the tables theirs (万元 in most
templates, 元 in Shaanxi and Shanghai): a form amount is converted to the tables' unit, and matches a table amount
when they differ by at most half a hundredth of the coarser unit (0.005 万元 = 50 元), the rounding of one figure;
the same unit must match exactly. Amounts inside one form are in one unit and must add up exactly.
The narrative side (PERF-001/002/005/009/010…014) lives in perf_narrative.py.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.engine.authoring import (
    MONEY_UNIT,
    UNIT_FACTORS,
    Basis,
    Rule,
    Severity,
    convert,
    find,
    fmt,
    label,
    parse_value,
    rows,
    squash,
    text,
    val,
)

BASIS_ACCURATE = Basis("财预〔2016〕143号", "第三、四条（公开内容真实、准确）")
BASIS_FORM = Basis("practice", "项目支出绩效目标申报表填报要求")
WHOLE = "部门整体绩效目标表"

_SOURCES = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "社会保险基金预算", "财政专户管理资金", "单位资金")
_DIRECTIONS = ("基本支出", "项目支出")
_PROJECT_SOURCES = ("中央财政资金", "省级财政资金", "市县财政资金", "单位自筹", "其他资金")


def _fund(form: dict, group: str, name: str) -> int | None:
    return form["funds"].get(group, {}).get(name)


def _fund_ev(form: dict, group: str, name: str, what: str | None = None) -> dict | None:
    line = form["fund_lines"].get(group, {}).get(name)
    return {"line": line, "label": what or f"{group} {name}"} if line else None


def _evs(*items):
    return [i for i in items if i]


def _row_ev(row: dict | None, what: str) -> dict | None:
    return {"line": row["line"], "table": row["table"], "label": what} if row else None


def _form_unit(form: dict) -> str:
    return form.get("unit") or ("万元" if form.get("kind") == "whole" else "元")


def _exact(hundredths: int, unit: str, to: str) -> str:
    """Hundredths of `unit` written in `to`, every digit kept: 4,361,080元 → '436.108' (万元); two decimals at least."""
    value = convert(Decimal(hundredths) / 100, unit, to)
    if value == value.quantize(Decimal("0.01")):
        return f"{value:,.2f}"
    return f"{value:,f}".rstrip("0")


def _plain(hundredths: int) -> str:
    """5000 → '50'; 5 → '0.05'."""
    return f"{Decimal(hundredths) / 100:,.2f}".rstrip("0").rstrip(".")


def _agree(
    ctx,
    subject: str,
    table_h: int | None,
    form: dict,
    form_h: int | None,
    evidence: list,
    what: str,
    *,
    blank_is_zero: bool = False,
) -> None:
    """A form amount (hundredths of the form's unit) against a table amount (hundredths of the tables' unit),
    compared in the finer of the two units, where both are whole hundredths: a difference up to half a hundredth of
    the coarser unit is the rounding of one figure (0.005 万元 = 50 元); in one unit it must be exact. A blank side
    fails, or with `blank_is_zero` holds no money."""
    money, unit = MONEY_UNIT.get(), _form_unit(form)
    if unit not in UNIT_FACTORS or money not in UNIT_FACTORS:
        unit = money  # nothing to convert with: read both as printed
    expected = "（空）" if table_h is None else f"{fmt(table_h)}{money}"
    actual = (
        "（空）"
        if form_h is None
        else f"{fmt(form_h)}{unit}" + ("" if unit == money else f"（{_exact(form_h, unit, money)}{money}）")
    )
    if not blank_is_zero and (form_h is None or table_h is None):
        ctx.failed(
            subject,
            expected=expected,
            actual=actual,
            evidence=evidence,
            note=f"{what if table_h is None else '绩效表金额'}缺失，无法核对",
            note_en="amount missing",
        )
        return
    form_h, table_h = form_h or 0, table_h or 0
    fine, coarse = sorted((unit, money), key=UNIT_FACTORS.__getitem__)
    diff = int(abs(convert(Decimal(form_h), unit, fine) - convert(Decimal(table_h), money, fine)))
    tolerance = 0 if fine == coarse else int(convert(Decimal("0.5"), coarse, fine))
    if diff == 0:
        ctx.passed(subject, expected=expected, actual=actual, evidence=evidence)
    elif diff <= tolerance:
        ctx.passed(
            subject,
            expected=expected,
            actual=actual,
            evidence=evidence,
            note=f"差 {fmt(diff)}{fine}，在{coarse}两位小数的舍入范围（±{_plain(tolerance)}{fine}）内",
            note_en=f"difference within the rounding of 0.01 {coarse}",
        )
    else:
        ctx.failed(
            subject,
            expected=expected,
            actual=actual,
            evidence=evidence,
            note=f"绩效表与{what}相差 {fmt(diff)}{fine}",
            note_en=f"off by {fmt(diff)}{fine}",
        )


def _year_funds(form: dict, ctx, subject: str) -> bool:
    """True when the whole form prints its 年度预算情况; else records not_applicable on `subject`."""
    if form["funds"].get("年度"):
        return True
    ctx.not_applicable(subject, actual="表中未列年度预算情况", evidence=[{"line": form["line"], "label": "表标题"}])
    return False


def _year_ev(form: dict, name: str, what: str | None = None) -> dict | None:
    return _fund_ev(form, "年度", name, what)


class PERF_003(Rule):
    """The whole-department form's 年度预算情况 agrees with the tables: its total = 表1 收入总计, 一般公共预算
    = 表4, 基本支出 and 项目支出 = 表3 (PERF-015 checks that the form adds up)."""

    title_zh = "整体绩效目标表年度预算与报表一致"
    title_en = "Whole-department form budget matches the tables"
    aliases = ("PERF-WHOLE-FORM-BUDGET",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "按表1、表3、表4的数字填写整体绩效目标表的年度预算情况。"
    remedy_en = "Fill the form's 年度预算情况 from 表1/表3/表4."
    subject = "form"
    where = {"kind": "whole"}

    def judge(self, form, ctx):
        if not _year_funds(form, ctx, f"{WHOLE} 年度预算情况"):
            return
        src_total = _fund(form, "年度", "来源合计")
        dirs = [n for n in _DIRECTIONS if _fund(form, "年度", n) is not None]
        judged = False
        t1 = rows(ctx, "T01")
        if t1:
            judged = True
            total = find(t1, "收入项目", "收入总计") or find(t1, "收入项目", "本年收入合计")
            _agree(
                ctx,
                f"{WHOLE} 年度预算合计=表1收入总计",
                val(total, "收入金额") if total else None,
                form,
                src_total,
                _evs(_row_ev(total, "表1 收入总计"), _year_ev(form, "来源合计", "按来源 合计")),
                "表1收入总计",
            )
        t4 = rows(ctx, "T04")
        if t4 and _fund(form, "年度", "一般公共预算") is not None:
            judged = True
            gp = find(t4, "收入项目", "一般公共预算")
            _agree(
                ctx,
                f"{WHOLE} 一般公共预算资金=表4",
                val(gp, "收入金额") if gp else None,
                form,
                _fund(form, "年度", "一般公共预算"),
                _evs(_row_ev(gp, "表4 一般公共预算"), _year_ev(form, "一般公共预算")),
                "表4一般公共预算",
            )
        t3 = rows(ctx, "T03")
        if t3:
            total = find(t3, "科目编码", "合计") or find(t3, "名称", "合计")
            for n in dirs:
                judged = True
                _agree(
                    ctx,
                    f"{WHOLE} {n}=表3",
                    val(total, n) if total else None,
                    form,
                    _fund(form, "年度", n),
                    _evs(_row_ev(total, f"表3 合计 {n}"), _year_ev(form, n)),
                    f"表3{n}",
                )
        if not judged:
            ctx.not_applicable(
                f"{WHOLE} 年度预算与报表",
                actual="未公开表1、表3、表4",
                evidence=[{"line": form["line"], "label": "表标题"}],
                note="没有可核对的预算表（表1、表3、表4）",
                note_en="no 表1/表3/表4 to compare with",
            )


class PERF_015(Rule):
    """The whole-department form's 年度预算情况 adds up: the total by source is the sum of the sources, the
    total by direction is 基本支出 + 项目支出, and the two totals are equal."""

    title_zh = "整体绩效目标表年度预算算术正确"
    title_en = "Whole-department form budget adds up"
    aliases = ("PERF-WHOLE-FORM-ARITH",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对整体绩效目标表的年度预算情况：按来源、按方向两栏的合计各等于其分项之和，且两栏合计相等。"
    remedy_en = "Make both columns of 年度预算情况 add up, and their totals equal."
    subject = "form"
    where = {"kind": "whole"}

    def judge(self, form, ctx):
        if not _year_funds(form, ctx, f"{WHOLE} 年度预算情况"):
            return
        src_total, dir_total = _fund(form, "年度", "来源合计"), _fund(form, "年度", "方向合计")
        src = [n for n in _SOURCES if _fund(form, "年度", n) is not None]
        dirs = [n for n in _DIRECTIONS if _fund(form, "年度", n) is not None]
        ctx.compare(
            f"{WHOLE} 按资金来源合计=各来源之和",
            src_total,
            sum(_fund(form, "年度", n) for n in src),
            addends=len(src),
            evidence=_evs(_year_ev(form, "来源合计", "按来源 合计"), *(_year_ev(form, n) for n in src)),
            what="按资金来源划分的合计",
        )
        ctx.compare(
            f"{WHOLE} 按资金方向合计=基本支出+项目支出",
            dir_total,
            sum(_fund(form, "年度", n) for n in dirs),
            addends=len(dirs),
            evidence=_evs(_year_ev(form, "方向合计", "按方向 合计"), *(_year_ev(form, n) for n in dirs)),
            what="按资金方向划分的合计",
        )
        ctx.compare(
            f"{WHOLE} 按来源合计=按方向合计",
            src_total,
            dir_total,
            addends=0,
            evidence=_evs(_year_ev(form, "来源合计", "按来源 合计"), _year_ev(form, "方向合计", "按方向 合计")),
        )


class PERF_004(Rule):
    """On the whole-department form, 实际在职人员总数 = 在编人员数 + 其他人员数."""

    title_zh = "实际在职人数=在编+其他"
    title_en = "Staff total = established + other"
    aliases = ("PERF-STAFF",)
    severity = Severity.WARNING
    basis = BASIS_ACCURATE
    remedy = "核对人员数：实际在职人员总数应等于在编人员数与其他人员数之和。"
    remedy_en = "Make 实际在职人员总数 equal 在编人员数 + 其他人员数."
    subject = "form"
    where = {"kind": "whole"}

    def judge(self, form, ctx):
        counts = form["counts"]
        subject = f"{WHOLE} 实际在职人员总数=在编+其他"
        got = {k: counts.get(k) for k in ("实际在职人员总数", "在编人员数", "其他人员数")}
        evidence = [{"line": v["line"], "label": k} for k, v in got.items() if v] or [
            {"line": form["line"], "label": "表标题"}
        ]
        if not got["实际在职人员总数"] or not (got["在编人员数"] or got["其他人员数"]):
            ctx.not_applicable(subject, actual="未列明人员构成", evidence=evidence)
            return
        nums = {k: parse_value(v["text"]).number if v else 0 for k, v in got.items()}
        if any(n is None for n in nums.values()):
            ctx.failed(
                subject,
                expected="人数",
                actual="、".join(f"{k} {v['text']}" for k, v in got.items() if v),
                evidence=evidence,
                note="人数不是数字，无法核对",
                note_en="a count is not a number",
            )
            return
        total, parts = nums["实际在职人员总数"], nums["在编人员数"] + nums["其他人员数"]
        shown = f"{nums['在编人员数']}+{nums['其他人员数']}={parts}人"
        if total == parts:
            ctx.passed(subject, expected=shown, actual=f"{total}人", evidence=evidence)
        else:
            ctx.failed(
                subject,
                expected=shown,
                actual=f"{total}人",
                evidence=evidence,
                note=f"实际在职人员总数{total}人，在编{nums['在编人员数']}人加其他{nums['其他人员数']}人为{parts}人",
                note_en=f"total {total} but established + other = {parts}",
            )


def _t12_row(ctx, name: str) -> dict | None:
    return ctx.memo(("T12 rows by name",), lambda: _t12_rows_by_name(ctx)).get(squash(label(name)))


def _t12_rows_by_name(ctx) -> dict[str, dict]:
    """表12's rows by name, looked up once per document (every project form asks)."""
    by_name = {}
    for r in rows(ctx, "T12"):  # a unit row and a project row can share a name: the project comes last, and stays
        by_name[squash(label(text(r, "名称")))] = r
    return by_name


FISCAL_COLUMNS = ("一般公共预算", "政府性基金", "国有资本经营预算")  # column roles (engine/pipeline/kinds.py)


class PERF_006(Rule):
    """Each project form's 年度资金总额 (元) is its 表12 amount (in the tables' unit, 万元 or 元), and its sources match:
    省级财政资金 ↔ the budget columns that finance the project (一般公共预算, 政府性基金预算 such as 彩票公益金,
    国有资本经营预算), 单位自筹 ↔ 单位资金.
    """

    title_zh = "项目绩效目标表资金与项目支出表一致"
    title_en = "Project form funds match 表12"
    aliases = ("PERF-FORM-VS-TABLE",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "按表12（项目支出预算表）填写绩效目标表的年度资金：总额及省级财政资金、单位自筹分别与表12一致（元→万元）。"
    remedy_en = "Fill the form's 年度 funds from 表12 (元 = 万元 × 10,000), total and by source."
    subject = "form"
    where = {"kind": "project"}
    pairs = (
        ("合计", "合计", "年度资金总额"),
        ("省级财政资金", "一般公共预算", "省级财政资金"),
        ("单位自筹", "单位资金", "单位自筹"),
    )

    def judge(self, form, ctx):
        name = form["name"]
        if ctx.fact("table", table="T12") is None:
            ctx.not_applicable(
                f"{name} 年度资金总额=表12", actual="未公开表12", evidence=[{"line": form["line"], "label": "表标题"}]
            )
            return
        row = _t12_row(ctx, name)
        if row is None:
            ctx.failed(
                f"{name} 年度资金总额=表12",
                expected="表12中有同名项目",
                actual="表12中找不到该项目",
                evidence=_evs(_fund_ev(form, "年度", "合计", "年度资金总额")),
                note=f"表12中没有名为“{name}”的项目行",
                note_en="no project of this name in 表12",
            )
            return
        for source, column, what in self.pairs:
            form_h, table_h = _fund(form, "年度", source), row["v"].get(column)
            if source == "省级财政资金":  # fiscal money: whichever budget columns finance the project
                financing = [c for c in FISCAL_COLUMNS if row["v"].get(c)] or [column]
                column = "+".join(financing)
                table_h = (
                    None
                    if all(row["v"].get(c) is None for c in financing)
                    else sum(row["v"].get(c) or 0 for c in financing)
                )
            if source != "合计" and not form_h and not table_h:
                continue  # neither side has money from this source
            subject = f"{name} {what}=表12{'' if column == '合计' else column}"
            evidence = _evs(_fund_ev(form, "年度", source, f"绩效表 年度 {what}"), _row_ev(row, f"表12 {column}"))
            if form_h is None and source == "合计":
                ctx.failed(
                    subject,
                    expected=fmt(table_h) + MONEY_UNIT.get() if table_h is not None else "（空）",
                    actual="（空）",
                    evidence=evidence,
                    note="绩效表未填年度资金总额",
                    note_en="the form has no 年度 total",
                )
            else:
                _agree(ctx, subject, table_h, form, form_h, evidence, "表12", blank_is_zero=True)


class PERF_007(Rule):
    """A project form's funds add up: 实施期 and 年度 totals each equal the sum of their sources, and no
    source (nor the total) is larger for the year than for the whole implementation period.
    """

    title_zh = "项目绩效目标表资金算术正确"
    title_en = "Project form fund arithmetic"
    aliases = ("PERF-FORM-FUNDS",)
    severity = Severity.ERROR
    basis = BASIS_ACCURATE
    remedy = "核对项目资金：资金总额等于各来源之和；年度资金是实施期资金的一部分，任何来源的年度数都不能超过实施期数。"
    remedy_en = "Make each total the sum of its sources, and keep every 年度 figure within its 实施期 figure."
    subject = "form"
    where = {"kind": "project"}

    def judge(self, form, ctx):
        name = form["name"]
        groups = [g for g in ("实施期", "年度") if form["funds"].get(g)]
        if not groups:
            ctx.not_applicable(
                f"{name} 项目资金", actual="未列项目资金", evidence=[{"line": form["line"], "label": "表标题"}]
            )
            return
        for g in groups:
            srcs = [s for s in _PROJECT_SOURCES if _fund(form, g, s) is not None]
            ctx.compare(
                f"{name} {g}资金总额=各来源之和",
                _fund(form, g, "合计"),
                sum(_fund(form, g, s) for s in srcs),
                addends=0,
                unit="元",
                what=f"{g}资金总额",
                evidence=_evs(_fund_ev(form, g, "合计", f"{g}资金总额"), *(_fund_ev(form, g, s) for s in srcs)),
            )
        if len(groups) < 2:
            return
        for s in ("合计",) + _PROJECT_SOURCES:
            whole, year = _fund(form, "实施期", s), _fund(form, "年度", s)
            if not whole and not year:
                continue
            what = "资金总额" if s == "合计" else s
            subject = f"{name} {what} 年度≤实施期"
            evidence = _evs(_fund_ev(form, "实施期", s, f"实施期 {what}"), _fund_ev(form, "年度", s, f"年度 {what}"))
            if (year or 0) <= (whole or 0):
                ctx.passed(
                    subject, expected=f"≤ {fmt(whole or 0, '元')}", actual=fmt(year or 0, "元"), evidence=evidence
                )
            else:
                ctx.failed(
                    subject,
                    expected=f"≤ {fmt(whole or 0, '元')}",
                    actual=fmt(year or 0, "元"),
                    evidence=evidence,
                    note=f"{what}年度数 {fmt(year or 0, '元')} 超过实施期数 {fmt(whole or 0, '元')}；年度资金应是实施期资金的一部分",
                    note_en="the 年度 figure exceeds the 实施期 figure",
                )


_BLANK = {"", "无", "暂无", "略", "/", "-", "--", "—", "无。"}


class PERF_008(Rule):
    """A project form fills 立项依据, 项目设立必要性, 保证项目实施的制度、措施, 项目实施计划 and both 总体目标, none
    of them left blank or “无”.
    """

    title_zh = "项目绩效目标表要素完整"
    title_en = "Project form fields filled"
    aliases = ("PERF-FORM-FIELDS",)
    severity = Severity.WARNING
    basis = BASIS_FORM
    remedy = "补充填写立项依据、设立必要性、保证措施、实施计划和总体目标，不要以“无”代替。"
    remedy_en = "Fill every narrative field of the project form; '无' is not an answer."
    subject = "form"
    where = {"kind": "project"}
    required = (
        "立项依据",
        "项目设立必要性",
        "保证项目实施的制度、措施",
        "项目实施计划",
        "总体目标（实施期）",
        "总体目标（年度）",
    )

    def judge(self, form, ctx):
        name = form["name"]
        for key in self.required:
            f = form["fields"].get(key)
            subject = f"{name} {key}"
            if f is None:
                ctx.failed(
                    subject,
                    expected="已填写",
                    actual="表中无此栏",
                    evidence=[{"line": form["line"], "label": "表标题"}],
                    note=f"绩效目标表中没有“{key}”栏",
                    note_en="the field is missing from the form",
                )
            elif f["text"].strip() in _BLANK:
                ctx.failed(
                    subject,
                    expected="已填写",
                    actual=f"“{f['text']}”" if f["text"] else "（空）",
                    evidence=[{"line": f["line"], "label": key}],
                    note=f"“{key}”{'填的是“' + f['text'] + '”' if f['text'] else '为空'}",
                    note_en="blank or '无'",
                )
            else:
                ctx.passed(
                    subject,
                    expected="已填写",
                    actual=f["text"][:30] + ("…" if len(f["text"]) > 30 else ""),
                    evidence=[{"line": f["line"], "label": key}],
                )
