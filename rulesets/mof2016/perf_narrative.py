"""PERF (narrative) — the 绩效管理情况 summary agrees with the budget tables, 机构设置, and the published forms.

PERF-003/004/006/007/008 (the forms themselves) live in perf_forms.py."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from engine.authoring import Basis, Severity
from engine.figures import ev, rows
from engine.numbers import fmt, squash
from rulesets.mof2016.narr import (_Narrative, against_table, count, figure, first, pct, percent_of, sev, statements,
                                   topic_label, wan)

BASIS_TRUE = Basis("财预〔2016〕143号", "第三、四条（公开内容真实、准确）")


def t12_projects(ctx) -> list[dict] | None:
    """Leaf project rows of 表12, or None when the unit/project grouping cannot be recognised.

    The template prints a department total, then each unit followed by its projects; a unit row equals the
    sum of the rows under it. Tried in order: total + units + projects, total + projects, units + projects.
    """
    rs = [r for r in rows(ctx, "T12") if r.get("v", {}).get("合计") is not None]
    amounts = [int(r["v"]["合计"]) for r in rs]
    if not rs:
        return []

    def grouped(start: int) -> list[dict] | None:
        out, i = [], start
        while i < len(rs):
            need, j = amounts[i], i + 1
            while j < len(rs) and need > 0:
                need -= amounts[j]
                j += 1
            if need != 0 or j == i + 1:
                return None
            out.extend(rs[i + 1:j])
            i = j
        return out

    rest = sum(amounts[1:])
    if rest == 2 * amounts[0]:
        found = grouped(1)
        if found is not None:
            return found
    if rest == amounts[0]:
        return rs[1:]
    return grouped(0)


class PERF_001(_Narrative):
    """The 整体绩效目标 summary states the same budget as the tables: total, 基本支出 and 项目支出 (表3).

    **Failing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		300.00	100.00	200.00
    1、整体绩效目标
    2024年编报部门整体支出绩效目标，涉及部门预算资金3000.00万元，其中基本支出100.00万元，项目支出2900.00万元。
    ```
    **Passing**
    ```
    2024年预算支出总表
    部门名称：某局
    单位：万元
    科目编码	科目名称	合计	基本支出	项目支出
    合计		300.00	100.00	200.00
    1、整体绩效目标
    2024年编报部门整体支出绩效目标，涉及部门预算资金300.00万元，其中基本支出100.00万元，项目支出200.00万元。
    ```
    """
    title_zh = "整体绩效目标金额与预算一致"
    title_en = "Whole-department target amounts match the budget"
    aliases = ("PERF-WHOLE-AMOUNT",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "整体绩效目标涉及的资金总额、基本支出、项目支出应与部门预算支出总表一致。"
    remedy_en = "The whole-department target's total, basic and project amounts must equal 表3."

    def check(self, doc, ctx):
        found = False
        for topic in ("perf.whole.total", "perf.whole.basic", "perf.whole.project"):
            stmt = first(ctx, topic)
            if stmt is None:
                continue
            found = True
            subj = f"整体绩效目标 {topic_label(topic).replace('整体绩效目标', '')}"
            fig = figure(ctx, topic)
            if fig is None:
                ctx.not_applicable(subj, evidence=[sev(stmt)], note="未找到预算支出总表", note_en="表3 not found")
                continue
            against_table(ctx, subj, stmt, fig, topic_label(topic))
        if not found:
            ctx.not_applicable("整体绩效目标 资金", note="说明中没有整体绩效目标涉及的资金",
                               note_en="no whole-department target amounts stated")


def _form_count(form: dict) -> tuple[int, int] | None:
    """(count, line) of 所属预算单位数 in a whole-department form fact, if the form extractor gave it."""
    for key, item in (form.get("counts") or {}).items():
        if "预算单位" in key:
            m = re.search(r"\d+", str(item.get("text", "")))
            if m:
                return int(m.group(0)), item.get("line") or form["line"]
    return None


class PERF_002(_Narrative):
    """The number of budget units is the same in 机构设置, the 整体绩效目标 summary and the whole-department form.

    **Failing**
    ```
    二、机构设置情况
    我局共有3个财务独立核算单位纳入2024年预算编报工作。
    1、整体绩效目标
    2024年编报部门整体支出绩效目标，涉及部门预算资金300.00万元；机关及下属预算单位1个。
    ```
    **Passing**
    ```
    二、机构设置情况
    我局共有3个财务独立核算单位纳入2024年预算编报工作。
    1、整体绩效目标
    2024年编报部门整体支出绩效目标，涉及部门预算资金300.00万元；机关及下属预算单位3个。
    ```
    """
    title_zh = "预算单位数前后一致"
    title_en = "Unit counts consistent"
    aliases = ("PERF-UNITS",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "统一机构设置、整体绩效目标说明和整体绩效目标申报表中的预算单位数。"
    remedy_en = "Use one number of budget units in 机构设置, the performance summary and the whole form."

    def check(self, doc, ctx):
        sources: list[tuple[str, int, dict]] = []
        org = first(ctx, "org.units")
        if org is not None:
            sources.append(("机构设置", count(org), sev(org, "机构设置")))
        whole = first(ctx, "perf.whole.units")
        if whole is not None:
            sources.append(("整体绩效目标说明", count(whole), sev(whole, "整体绩效目标说明")))
        for form in ctx.facts("form", kind="whole"):
            got = _form_count(form)
            if got is not None:
                sources.append(("整体绩效目标申报表", got[0], {"line": got[1], "label": "整体表 所属预算单位数"}))
        if len(sources) < 2:
            ctx.not_applicable("预算单位数", evidence=[s[2] for s in sources],
                               note="可比较的预算单位数不足两处", note_en="fewer than two unit counts to compare")
            return
        ref_name, ref, ref_ev = sources[0]
        for name, n, e in sources[1:]:
            subj = f"预算单位数 {name}与{ref_name}"
            if n == ref:
                ctx.passed(subj, expected=f"{ref}个", actual=f"{n}个", evidence=[e, ref_ev])
            else:
                ctx.failed(subj, expected=f"{ref}个（{ref_name}）", actual=f"{n}个", evidence=[e, ref_ev],
                           note=f"{name}写{n}个预算单位，{ref_name}写{ref}个",
                           note_en=f"{name}: {n} units, {ref_name}: {ref}")


class PERF_005(_Narrative):
    """Project-target coverage recomputes: counts and amounts against 表12, the forms, and the stated share.

    **Failing**
    ```
    2024年项目支出预算表（本年预算）
    部门名称：某局
    单位：万元
    项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算	财政专户管理资金	单位资金
    某局	300.00	300.00
    项目甲	100.00	100.00
    项目乙	200.00	200.00
    2、项目绩效目标
    2024年某局纳入绩效目标管理的二级项目3个，共计金额300.00万元。公开项目绩效目标1个，涉及项目金额200.00万元，占部门（单位）项目支出总额的60.00%。
    ```
    **Passing**
    ```
    2024年项目支出预算表（本年预算）
    部门名称：某局
    单位：万元
    项目名称	合计	一般公共预算	政府性基金预算	国有资本经营预算	财政专户管理资金	单位资金
    某局	300.00	300.00
    项目甲	100.00	100.00
    项目乙	200.00	200.00
    2、项目绩效目标
    2024年某局纳入绩效目标管理的二级项目2个，共计金额300.00万元。公开项目绩效目标1个，涉及项目金额200.00万元，占部门（单位）项目支出总额的66.67%。
    预算部门（单位）项目支出绩效目标申报表
    项目名称	项目乙
    ```
    """
    title_zh = "项目绩效目标覆盖数和金额可复核"
    title_en = "Project target coverage recomputes"
    aliases = ("PERF-COVERAGE",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "核对纳入绩效目标管理和公开的项目个数、金额与项目支出表、公开的申报表一致，占比按金额重新计算。"
    remedy_en = "Make project counts and amounts agree with 表12 and the published forms; recompute the share."

    def check(self, doc, ctx):
        n_all, total = first(ctx, "perf.projects.count"), first(ctx, "perf.projects.total")
        n_pub, pub = first(ctx, "perf.published.count"), first(ctx, "perf.published.total")
        general = first(ctx, "perf.projects.general.total")    # '涉及一般公共预算财政拨款…': 表5's 项目支出
        if general is not None:
            fig = figure(ctx, "perf.projects.general.total")
            if fig is not None:
                against_table(ctx, "项目绩效目标 纳入项目金额（一般公共预算）", general, fig, "一般公共预算项目金额")
        if not any((n_all, total, n_pub, pub, general)):
            ctx.not_applicable("项目绩效目标", note="说明中没有项目绩效目标的个数或金额",
                               note_en="no project target counts or amounts stated")
            return
        projects = t12_projects(ctx)
        self._against_t12(ctx, n_all, total, projects)
        for base, name in (("perf.projects", "纳入"), ("perf.published", "公开")):
            self._kinds(ctx, base, name)
        self._published(ctx, n_all, n_pub, pub)
        self._share(ctx, total, pub, projects)

    @staticmethod
    def _against_t12(ctx, n_all, total, projects):
        t12 = rows(ctx, "T12")
        if n_all is not None:
            subj = "项目绩效目标 纳入项目个数"
            if projects is None or not t12:
                ctx.not_applicable(subj, evidence=[sev(n_all)], note="未能识别表12的项目行",
                                   note_en="project rows of 表12 not recognised")
            else:
                args = dict(expected=f"{len(projects)}个（表12项目数）", actual=f"{count(n_all)}个",
                            evidence=[sev(n_all, "说明")] + [ev(r, "表12 项目") for r in projects[:1]])
                if count(n_all) == len(projects):
                    ctx.passed(subj, **args)
                else:
                    ctx.failed(subj, **args, note=f"说明称{count(n_all)}个项目，表12列出{len(projects)}个",
                               note_en="project count differs from 表12")
        if total is not None:
            subj = "项目绩效目标 纳入项目金额"
            fig = figure(ctx, "perf.projects.total")
            if projects:
                fig = (sum(int(r["v"]["合计"]) for r in projects), t12[0], "表12 项目支出合计")
            if fig is not None:
                against_table(ctx, subj, total, fig, "项目金额")
            else:
                ctx.not_applicable(subj, evidence=[sev(total)], note="未找到项目支出表", note_en="no project table")

    @staticmethod
    def _kinds(ctx, base, name):
        """其中 lines by project kind add up to the stated count and amount."""
        kinds = [s for s in statements(ctx, base + ".kind.")]
        if not kinds:
            return
        for what, unit in (("count", "个"), ("total", "万元")):
            head = first(ctx, f"{base}.{what}")
            parts = [s for s in kinds if s["topic"].endswith("." + what)]
            if head is None or not parts:
                continue
            subj = f"项目绩效目标 {name}项目分类合计{'个数' if what == 'count' else '金额'}"
            evidence = [sev(head, "说明 合计")] + [sev(s, "说明 " + s["topic"].split(".")[-2]) for s in parts]
            if what == "count":
                got = sum(count(s) for s in parts)
                args = dict(expected=f"{count(head)}个", actual=f"{got}个", evidence=evidence)
                if got == count(head):
                    ctx.passed(subj, **args)
                else:
                    ctx.failed(subj, **args, note="分类项目个数之和与合计不符", note_en="kinds do not add up")
            else:
                ctx.compare(subj, wan(head), sum(wan(s) for s in parts), addends=len(parts), evidence=evidence,
                            what="分类金额之和")

    @staticmethod
    def _published(ctx, n_all, n_pub, pub):
        forms = ctx.facts("form", kind="project")
        titles = [s for s in statements(ctx, "perf.form.project")]
        if n_pub is not None:
            subj = "项目绩效目标 公开个数与申报表"
            n_forms = len(forms) or len(titles)
            first_form = (forms[:1] and ev(forms[0], "项目申报表")) or (titles[:1] and sev(titles[0], "项目申报表"))
            evidence = [sev(n_pub, "说明")] + ([first_form] if first_form else [])
            if not n_forms:
                ctx.failed(subj, expected=f"{count(n_pub)}张项目绩效目标申报表", actual="未找到申报表",
                           evidence=evidence, note="说明称公开项目绩效目标，但文中没有项目绩效目标申报表",
                           note_en="no project forms found")
            elif n_forms == count(n_pub):
                ctx.passed(subj, expected=f"{count(n_pub)}张", actual=f"{n_forms}张", evidence=evidence)
            else:
                ctx.failed(subj, expected=f"{count(n_pub)}张", actual=f"{n_forms}张", evidence=evidence,
                           note=f"说明称公开{count(n_pub)}个，文中有{n_forms}张项目申报表",
                           note_en="published count differs from the number of forms")
            if n_all is not None and count(n_pub) > count(n_all):
                ctx.failed("项目绩效目标 公开个数不超过纳入个数", expected=f"≤{count(n_all)}个",
                           actual=f"{count(n_pub)}个", evidence=[sev(n_pub), sev(n_all)],
                           note="公开的项目多于纳入绩效目标管理的项目", note_en="more published than managed")
        if pub is not None and forms:
            amounts = [f.get("funds", {}).get("年度", {}).get("合计") for f in forms]
            subj = "项目绩效目标 公开金额与申报表"
            if any(a is None for a in amounts):
                ctx.not_applicable(subj, evidence=[sev(pub)], note="部分申报表未提取到年度资金总额",
                                   note_en="annual amount missing in some forms")
            else:
                # forms are in 元 (hundredths of 元 in facts): 万元 hundredths = 元 hundredths / 10000
                value = int((Decimal(sum(amounts)) / 10000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
                ctx.compare(subj, value, wan(pub), addends=len(amounts),
                            evidence=[sev(pub, "说明")] + [ev(f, f"项目申报表 {f.get('name', '')}") for f in forms],
                            what="申报表年度资金之和")

    @staticmethod
    def _share(ctx, total, pub, projects):
        if pub is None or pub.get("percent") is None:
            return
        subj = "项目绩效目标 公开金额占比"
        whole = wan(total) if total is not None else None
        whole_ev = sev(total, "说明 项目支出总额") if total is not None else None
        if whole is None:
            fig = figure(ctx, "perf.projects.total")
            if fig is None:
                ctx.not_applicable(subj, evidence=[sev(pub)], note="找不到项目支出总额", note_en="no project total")
                return
            whole, whole_ev = fig[0], ev(fig[1], fig[2])
        if not whole:
            ctx.not_applicable(subj, evidence=[sev(pub)], note="项目支出总额为0", note_en="project total is zero")
            return
        expected = percent_of(wan(pub), whole)
        args = dict(expected=pct(expected), actual=pct(pub["percent"]), evidence=[sev(pub, "说明"), whole_ev])
        if abs(pub["percent"] - expected) <= round(ctx.config.percent_tolerance * 100):
            ctx.passed(subj, **args)
        else:
            ctx.failed(subj, **args, note=f"{fmt(wan(pub))}÷{fmt(whole)}×100={pct(expected)}，说明写作{pct(pub['percent'])}",
                       note_en=f"recomputed {pct(expected)}")


# Indicator names that describe how any department runs its own finances and Party work rather than what it
# delivers; a target made only of these says little about the department's duties.
_GENERIC = ("决算", "预算公开", "财务报告", "国有资产管理", "党员", "党组织", "廉政", "法律服务", "单位正常运转",
            "管理机制")


class PERF_009(_Narrative):
    """Indicators should measure this department's own work (a human-review hint, never a verdict).

    For each form, the hint lists the indicators that describe generic administration (决算, 预算公开, 党员教育,
    单位正常运转 …) rather than the department's duties, so a reviewer can judge whether the targets fit.

    **Failing**
    ```
    (a form whose indicators are mostly 省级决算公开率, 党员教育培训, 单位正常运转保障度)
    ```
    **Passing**
    ```
    (a form whose indicators measure the department's services: 培训企业家人数, 认定专精特新企业数)
    ```
    """
    title_zh = "绩效指标与本部门职责相关（人工复核提示）"
    title_en = "Indicators relate to the department (review hint)"
    aliases = ("PERF-RELEVANCE",)
    severity = Severity.INFO
    basis = Basis("practice", "绩效目标应与部门职责、年度重点工作相匹配", via="财预〔2015〕88号")
    remedy = "复核绩效指标是否反映本部门核心职能和重点任务，通用管理类指标不宜占多数。"
    remedy_en = "Check that indicators reflect the department's core duties, not mostly generic administration."
    subject = "form"

    def check(self, form, ctx):
        inds = [i for i in ctx.facts("indicator", form=form["form"])]
        subj = f"绩效指标相关性 {form.get('name') or form['kind']}"
        if not inds:
            ctx.not_applicable(subj, evidence=[ev(form, "申报表")], note="未提取到绩效指标", note_en="no indicators")
            return
        generic = [i for i in inds if any(k in squash(i["name"]) for k in _GENERIC)]
        share = percent_of(len(generic), len(inds))
        args = dict(expected="指标以本部门职责和重点任务为主", actual=f"{len(generic)}/{len(inds)} 个通用管理类指标",
                    evidence=[ev(form, "申报表")] + [ev(i, "通用管理类指标") for i in generic[:5]])
        if share > 5000:
            ctx.failed(subj, **args, note="通用管理类指标过半，请人工复核指标是否体现部门职责：" +
                       "、".join(i["name"] for i in generic[:8]), note_en="more than half of the indicators are generic")
        else:
            ctx.passed(subj, **args, note=("请人工复核：" + "、".join(i["name"] for i in generic[:8])) if generic else "",
                       note_en=f"review {len(generic)} generic indicators" if generic else "")
