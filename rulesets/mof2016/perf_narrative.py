"""PERF (narrative) — the 绩效管理情况 summary agrees with the budget tables, 机构设置, and the published forms.

PERF-003/004/006/007/008/015 (the forms themselves) live in perf_forms.py."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from gongkai.engine.authoring import (
    MONEY_UNIT,
    Basis,
    Rule,
    Severity,
    against_table,
    convert,
    count,
    ev,
    figure,
    first,
    percent_of,
    rows,
    sev,
    squash,
    stated_precision,
    statements,
    topic_label,
    wan,
)

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
            out.extend(rs[i + 1 : j])
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


class PERF_001(Rule):
    """The 整体绩效目标 summary states the same budget as the tables: total, 基本支出 and 项目支出 (表3)."""

    title_zh = "整体绩效目标金额与预算一致"
    title_en = "Whole-department target amounts match the budget"
    aliases = ("PERF-WHOLE-AMOUNT",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "整体绩效目标涉及的资金总额、基本支出、项目支出应与部门预算支出总表一致。"
    remedy_en = "The whole-department target's total, basic and project amounts must equal 表3."

    def judge(self, doc, ctx):
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
            ctx.not_applicable(
                "整体绩效目标 资金",
                note="说明中没有整体绩效目标涉及的资金",
                note_en="no whole-department target amounts stated",
            )


def _form_count(form: dict) -> tuple[int, int] | None:
    """(count, line) of 所属预算单位数 in a whole-department form fact, if the form extractor gave it."""
    for key, item in (form.get("counts") or {}).items():
        if "预算单位" in key:
            m = re.search(r"\d+", str(item.get("text", "")))
            if m:
                return int(m.group(0)), item.get("line") or form["line"]
    return None


class PERF_002(Rule):
    """The number of budget units is the same in 机构设置, the 整体绩效目标 summary and the whole-department form."""

    title_zh = "预算单位数前后一致"
    title_en = "Unit counts consistent"
    aliases = ("PERF-UNITS",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "统一机构设置、整体绩效目标说明和整体绩效目标申报表中的预算单位数。"
    remedy_en = "Use one number of budget units in 机构设置, the performance summary and the whole form."

    def judge(self, doc, ctx):
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
            ctx.not_applicable(
                "预算单位数",
                evidence=[s[2] for s in sources],
                note="可比较的预算单位数不足两处",
                note_en="fewer than two unit counts to compare",
            )
            return
        ref_name, ref, ref_ev = sources[0]
        for name, n, e in sources[1:]:
            subj = f"预算单位数 {name}与{ref_name}"
            if n == ref:
                ctx.passed(subj, expected=f"{ref}个", actual=f"{n}个", evidence=[e, ref_ev])
            else:
                ctx.failed(
                    subj,
                    expected=f"{ref}个（{ref_name}）",
                    actual=f"{n}个",
                    evidence=[e, ref_ev],
                    note=f"{name}写{n}个预算单位，{ref_name}写{ref}个",
                    note_en=f"{name}: {n} units, {ref_name}: {ref}",
                )


class PERF_005(Rule):
    """The number and the amount of projects under target management match the project table (表12).

    Without a 表12 the amount is compared with 表3's 项目支出 合计: more is a failure, less is not applicable (the
    projects with targets may be some of them only, and no table lists which).
    """

    title_zh = "纳入绩效目标管理的项目数和金额与项目支出表一致"
    title_en = "Projects under target management match the project table"
    aliases = ("PERF-COVERAGE",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "核对纳入绩效目标管理的项目个数和金额，应与项目支出表（表12）的项目行一致。"
    remedy_en = "Make the number and amount of projects under target management agree with 表12."

    def judge(self, doc, ctx):
        n_all, total = first(ctx, "perf.projects.count"), first(ctx, "perf.projects.total")
        general = first(ctx, "perf.projects.general.total")  # '涉及一般公共预算财政拨款…': 表5's 项目支出
        if general is not None:
            fig = figure(ctx, "perf.projects.general.total")
            if fig is not None:
                against_table(ctx, "项目绩效目标 纳入项目金额（一般公共预算）", general, fig, "一般公共预算项目金额")
        if n_all is None and total is None:
            if general is None:
                ctx.not_applicable(
                    "项目绩效目标",
                    note="说明中没有纳入绩效目标管理的项目个数或金额",
                    note_en="no count or amount of projects under target management stated",
                )
            return
        projects = t12_projects(ctx)
        t12 = rows(ctx, "T12")
        if n_all is not None:
            subj = "项目绩效目标 纳入项目个数"
            if projects is None or not t12:
                ctx.not_applicable(
                    subj,
                    evidence=[sev(n_all)],
                    note="未能识别表12的项目行",
                    note_en="project rows of 表12 not recognised",
                )
            else:
                ctx.compare_count(
                    subj,
                    len(projects),
                    count(n_all),
                    what="说明的项目个数与表12项目行",
                    evidence=[sev(n_all, "说明")] + [ev(r, "表12 项目") for r in projects[:1]],
                )
        if total is not None:
            subj = "项目绩效目标 纳入项目金额"
            fig = figure(ctx, "perf.projects.total")
            if projects:
                fig = (sum(int(r["v"]["合计"]) for r in projects), t12[0], "表12 项目支出合计")
            elif fig is not None and wan(total) is not None and fig[0] - wan(total) > stated_precision(total):
                # no project list: the projects with targets may be some of 表3's 项目支出 only (a threshold)
                ctx.not_applicable(
                    subj,
                    evidence=[sev(total, "说明"), ev(fig[1], fig[2])],
                    note=f"说明的金额少于{fig[2]}，且没有列出各项目的项目支出表，无法核对是否只是部分项目",
                    note_en="the stated amount is below 表3's 项目支出 and no project table lists the projects",
                )
                return
            if fig is not None:
                against_table(ctx, subj, total, fig, "项目金额")
            else:
                ctx.not_applicable(subj, evidence=[sev(total)], note="未找到项目支出表", note_en="no project table")


class PERF_010(Rule):
    """The 其中 lines by project kind add up to the stated number and amount of projects (纳入 and 公开)."""

    title_zh = "项目绩效目标分类数之和等于合计"
    title_en = "Project kinds add up"
    aliases = ("PERF-COVERAGE-KINDS",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "核对按项目类别列示的个数和金额，其和应等于纳入（公开）项目的合计个数和金额。"
    remedy_en = "Make the counts and amounts by project kind add up to the stated totals."

    def judge(self, doc, ctx):
        judged = False
        for base, name in (("perf.projects", "纳入"), ("perf.published", "公开")):
            kinds = statements(ctx, base + ".kind.")
            for what in ("count", "total"):
                head = first(ctx, f"{base}.{what}")
                parts = [s for s in kinds if s["topic"].endswith("." + what)]
                if head is None or not parts:
                    continue
                judged = True
                subj = f"项目绩效目标 {name}项目分类合计{'个数' if what == 'count' else '金额'}"
                evidence = [sev(head, "说明 合计")] + [sev(s, "说明 " + s["topic"].split(".")[-2]) for s in parts]
                if what == "count":
                    ctx.compare_count(
                        subj,
                        count(head),
                        sum(count(s) for s in parts),
                        evidence=evidence,
                        what="分类项目个数之和与合计",
                    )
                else:
                    ctx.compare(
                        subj,
                        wan(head),
                        sum(wan(s) for s in parts),
                        addends=len(parts),
                        evidence=evidence,
                        what="分类金额之和",
                    )
        if not judged:
            ctx.not_applicable(
                "项目绩效目标 分类合计",
                note="说明未按项目类别列示个数或金额",
                note_en="no counts or amounts by project kind stated",
            )


def _project_forms(ctx) -> tuple[list[dict], list[dict]]:
    """Project form facts, and the 项目申报表 titles the narrative reader saw (when no form was parsed)."""
    return ctx.facts("form", kind="project"), statements(ctx, "perf.form.project")


class PERF_011(Rule):
    """The stated number of published project targets equals the number of project forms in the document."""

    title_zh = "公开项目绩效目标个数与申报表一致"
    title_en = "Published project count matches the forms"
    aliases = ("PERF-PUBLISHED-FORMS",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "说明中公开的项目绩效目标个数应与文中所附项目支出绩效目标申报表的张数一致。"
    remedy_en = "The stated number of published project targets must equal the number of project forms."

    def judge(self, doc, ctx):
        subj = "项目绩效目标 公开个数与申报表"
        n_pub = first(ctx, "perf.published.count")
        if n_pub is None:
            ctx.not_applicable(subj, note="说明中没有公开项目绩效目标的个数", note_en="no published count stated")
            return
        forms, titles = _project_forms(ctx)
        n_forms = len(forms) or len(titles)
        first_form = (forms[:1] and ev(forms[0], "项目申报表")) or (titles[:1] and sev(titles[0], "项目申报表"))
        evidence = [sev(n_pub, "说明")] + ([first_form] if first_form else [])
        if not n_forms:
            ctx.failed(
                subj,
                expected=f"{count(n_pub)}张项目绩效目标申报表",
                actual="未找到申报表",
                evidence=evidence,
                note="说明称公开项目绩效目标，但文中没有项目绩效目标申报表",
                note_en="no project forms found",
            )
        else:
            ctx.compare_count(
                subj, count(n_pub), n_forms, unit="张", evidence=evidence, what="说明的公开个数与文中项目申报表张数"
            )


class PERF_012(Rule):
    """No more project targets are published than there are projects under target management."""

    title_zh = "公开项目个数不超过纳入个数"
    title_en = "Published projects are a subset of managed projects"
    aliases = ("PERF-PUBLISHED-SUBSET",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "核对公开的项目绩效目标个数，不应多于纳入绩效目标管理的项目个数。"
    remedy_en = "Publish no more project targets than projects under target management."

    def judge(self, doc, ctx):
        subj = "项目绩效目标 公开个数不超过纳入个数"
        n_all, n_pub = first(ctx, "perf.projects.count"), first(ctx, "perf.published.count")
        if n_all is None or n_pub is None:
            ctx.not_applicable(
                subj,
                evidence=[sev(s) for s in (n_pub, n_all) if s],
                note="说明未同时给出纳入和公开的项目个数",
                note_en="the two counts are not both stated",
            )
        elif count(n_pub) > count(n_all):
            ctx.failed(
                subj,
                expected=f"≤{count(n_all)}个",
                actual=f"{count(n_pub)}个",
                evidence=[sev(n_pub), sev(n_all)],
                note="公开的项目多于纳入绩效目标管理的项目",
                note_en="more published than managed",
            )
        else:
            ctx.passed(
                subj, expected=f"≤{count(n_all)}个", actual=f"{count(n_pub)}个", evidence=[sev(n_pub), sev(n_all)]
            )


class PERF_013(Rule):
    """The stated amount of published project targets equals the sum of the published forms' 年度资金总额.

    Forms print 元, the narrative 万元 and the tables 万元 or 元: the sum of the forms is converted to the tables' unit
    (as the stated amount is) and rounded to its 0.01 before the comparison.
    """

    title_zh = "公开项目绩效目标金额与申报表一致"
    title_en = "Published project amount matches the forms"
    aliases = ("PERF-PUBLISHED-AMOUNT",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "说明中公开项目绩效目标涉及的金额应等于所附项目申报表年度资金总额之和（元→万元）。"
    remedy_en = "The stated published amount must equal the sum of the forms' annual totals (元 → 万元)."

    def judge(self, doc, ctx):
        subj = "项目绩效目标 公开金额与申报表"
        pub = first(ctx, "perf.published.total")
        forms = ctx.facts("form", kind="project")
        if pub is None or not forms:
            ctx.not_applicable(
                subj,
                evidence=[sev(pub)] if pub else [],
                note="说明未给出公开项目金额或文中没有项目申报表",
                note_en="no published amount stated or no project forms",
            )
            return
        amounts = [f.get("funds", {}).get("年度", {}).get("合计") for f in forms]
        if any(a is None for a in amounts):
            ctx.not_applicable(
                subj,
                evidence=[sev(pub)],
                note="部分申报表未提取到年度资金总额",
                note_en="annual amount missing in some forms",
            )
            return
        # each form in its own unit (project forms 元), summed exactly in the tables' unit, then rounded to 0.01
        money = MONEY_UNIT.get()
        exact = sum((convert(Decimal(a), f.get("unit") or "元", money) for a, f in zip(amounts, forms)), Decimal(0))
        value = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        ctx.compare(
            subj,
            value,
            wan(pub),
            addends=len(amounts),
            evidence=[sev(pub, "说明")] + [ev(f, f"项目申报表 {f.get('name', '')}") for f in forms],
            what="申报表年度资金之和",
        )


class PERF_014(Rule):
    """The stated share of published project targets recomputes: published amount ÷ project total × 100."""

    title_zh = "公开项目金额占比可复算"
    title_en = "Published share recomputes"
    aliases = ("PERF-PUBLISHED-SHARE",)
    severity = Severity.ERROR
    basis = BASIS_TRUE
    remedy = "按公开项目金额除以项目支出总额重新计算占比（四舍五入到0.01%）。"
    remedy_en = "Recompute the share as published amount ÷ project total (to 0.01%)."

    def judge(self, doc, ctx):
        subj = "项目绩效目标 公开金额占比"
        total, pub = first(ctx, "perf.projects.total"), first(ctx, "perf.published.total")
        if pub is None or pub.get("percent") is None:
            ctx.not_applicable(
                subj,
                evidence=[sev(pub)] if pub else [],
                note="说明未给出公开项目金额的占比",
                note_en="no share of published projects stated",
            )
            return
        whole = wan(total) if total is not None else None
        whole_ev = sev(total, "说明 项目支出总额") if total is not None else None
        if whole is None:
            fig = figure(ctx, "perf.projects.total")
            if fig is None:
                ctx.not_applicable(subj, evidence=[sev(pub)], note="找不到项目支出总额", note_en="no project total")
                return
            whole, whole_ev = fig[0], ev(fig[1], fig[2])
        ctx.compare_percent(
            subj,
            pub["percent"],
            wan(pub),
            whole,
            evidence=[sev(pub, "说明"), whole_ev],
            what="公开项目金额÷项目支出总额",
        )


# Indicator names that describe how any department runs its own finances and Party work rather than what it
# delivers; a target made only of these says little about the department's duties.
_GENERIC = (
    "决算",
    "预算公开",
    "财务报告",
    "国有资产管理",
    "党员",
    "党组织",
    "廉政",
    "法律服务",
    "单位正常运转",
    "管理机制",
)
_GENERIC_WORD = re.compile("|".join(map(re.escape, _GENERIC)))


class PERF_009(Rule):
    """Indicators should measure this department's own work (a human-review hint, never a verdict).

    For each form, the hint lists the indicators that describe generic administration (决算, 预算公开, 党员教育,
    单位正常运转 …) rather than the department's duties, so a reviewer can judge whether the targets fit.
    """

    title_zh = "绩效指标与本部门职责相关（人工复核提示）"
    title_en = "Indicators relate to the department (review hint)"
    aliases = ("PERF-RELEVANCE",)
    severity = Severity.INFO
    basis = Basis("practice", "绩效目标应与部门职责、年度重点工作相匹配", via="财预〔2015〕88号")
    remedy = "复核绩效指标是否反映本部门核心职能和重点任务，通用管理类指标不宜占多数。"
    remedy_en = "Check that indicators reflect the department's core duties, not mostly generic administration."
    subject = "form"

    def judge(self, form, ctx):
        inds = [i for i in ctx.facts("indicator", form=form["form"])]
        subj = f"绩效指标相关性 {form.get('name') or form['kind']}"
        if not inds:
            ctx.not_applicable(subj, evidence=[ev(form, "申报表")], note="未提取到绩效指标", note_en="no indicators")
            return
        generic = [i for i in inds if _GENERIC_WORD.search(squash(i["name"]))]
        share = percent_of(len(generic), len(inds))
        args = dict(
            expected="指标以本部门职责和重点任务为主",
            actual=f"{len(generic)}/{len(inds)} 个通用管理类指标",
            evidence=[ev(form, "申报表")] + [ev(i, "通用管理类指标") for i in generic[:5]],
        )
        if share > 5000:
            ctx.failed(
                subj,
                **args,
                note="通用管理类指标过半，请人工复核指标是否体现部门职责：" + "、".join(i["name"] for i in generic[:8]),
                note_en="more than half of the indicators are generic",
            )
        else:
            ctx.passed(
                subj,
                **args,
                note=("请人工复核：" + "、".join(i["name"] for i in generic[:8])) if generic else "",
                note_en=f"review {len(generic)} generic indicators" if generic else "",
            )
