"""META — document level: department name and budget year consistent, publication deadline, units,
appended material, typos and extraction problems. (Table headers are TBL-004's, not re-judged here.)"""

from __future__ import annotations

import re
from datetime import date

from gongkai.engine.authoring import Basis, Rule, Severity, count, ev, sev, squash, statements

FORM = "绩效目标申报表"


class META_001(Rule):
    """The department name is the same in the explanations and the performance forms as on the cover."""

    title_zh = "部门名称前后一致"
    title_en = "Department name consistent"
    severity = Severity.WARNING
    basis = Basis("财预〔2016〕143号", "第四条（形式规范）")
    remedy = "全文统一使用封面上的部门全称（说明、绩效目标申报表中的“部门名称”“主管部门”）。"
    remedy_en = "Use the cover's department name everywhere (explanations, forms)."

    def judge(self, doc, ctx):
        name = doc.get("department")
        if not name:
            ctx.not_applicable("部门名称", note="未识别封面部门名称", note_en="no department name on the cover")
            return
        cover = {"line": doc.get("department_line"), "label": "封面部门名称"}
        mentions = [(s["text"], sev(s, "说明")) for s in statements(ctx, "meta.department")]
        forms = []
        for f in ctx.facts("form"):
            texts = [f.get("name", "")] if f["kind"] == "whole" else []
            texts += [v.get("text", "") for k, v in (f.get("fields") or {}).items() if "主管部门" in k]
            for t in texts:
                if t:
                    forms.append((re.sub(r"^\d+\s*[-－—]\s*", "", t.strip()), ev(f, "申报表")))
        for what, found in (("说明", mentions), ("绩效目标申报表", forms)):
            subj = f"部门名称 {what}与封面一致"
            if not found:
                continue
            wrong = [(t, e) for t, e in found if squash(t) != squash(name)]
            if wrong:
                ctx.failed(
                    subj,
                    expected=name,
                    actual="、".join(dict.fromkeys(t for t, _ in wrong)),
                    evidence=[cover] + [e for _, e in wrong[:5]],
                    note=f"{len(wrong)} 处部门名称与封面不同",
                    note_en=f"{len(wrong)} names differ from the cover",
                )
            else:
                ctx.passed(subj, expected=name, actual=f"{len(found)} 处一致", evidence=[cover, found[0][1]])


class META_002(Rule):
    """The budget year is consistent in the explanations, the forms, the comparisons and the asset stock date.

    Narrative sentences speak of the budget year, comparisons of the year before, forms are dated with the
    budget year, and asset figures are stock at the end of the year before. Table titles are TBL-004's.
    """

    title_zh = "预算年度前后一致"
    title_en = "Budget year consistent"
    severity = Severity.WARNING
    basis = Basis("财预〔2016〕143号", "第四条（内容准确）")
    remedy = "核对说明、绩效目标申报表和资产统计时点中的年度：本年为预算年度，比较和资产时点为上一年度。"
    remedy_en = "Budget year in text and forms; the previous year in comparisons and asset stock dates."

    def judge(self, doc, ctx):
        year = doc.get("year")
        if not year:
            ctx.not_applicable("预算年度", note="未识别预算年度", note_en="no budget year found")
            return
        years = statements(ctx, "meta.year")
        groups = (
            ("说明", [s for s in years if s.get("section") != FORM], year),
            (FORM, [s for s in years if s.get("section") == FORM], year),
            ("与上年比较", statements(ctx, "meta.prior_year"), year - 1),
            ("资产统计时点", statements(ctx, "asset.date"), year - 1),
        )
        for what, found, want in groups:
            if not found:
                continue
            subj = f"预算年度 {what}"
            wrong = [s for s in found if count(s) != want]
            if wrong:
                ctx.failed(
                    subj,
                    expected=f"{want}年",
                    actual="、".join(dict.fromkeys(f"{count(s)}年" for s in wrong)),
                    evidence=[sev(s, what) for s in wrong[:5]],
                    note=f"{len(wrong)} 处年度不是{want}年：" + "；".join(s["text"][:30] for s in wrong[:3]),
                    note_en=f"{len(wrong)} places do not say {want}",
                )
            else:
                ctx.passed(subj, expected=f"{want}年", actual=f"{len(found)} 处一致", evidence=[sev(found[0], what)])


class META_003(Rule):
    """The budget is published within 20 days of the finance department's approval (《预算法》第十四条).

    Needs the approval and publication dates (`--approved-on`, `--published-on`); without them the rule is
    not applicable.
    """

    title_zh = "批复后20日内公开"
    title_en = "Published within 20 days of approval"
    aliases = ("TIMING-20D",)
    severity = Severity.ERROR
    basis = Basis("《预算法》第十四条第二款", "经本级政府财政部门批复后二十日内由各部门向社会公开")
    remedy = "在财政部门批复后20日内公开部门预算。"
    remedy_en = "Publish within 20 days of the finance department's approval."

    def judge(self, doc, ctx):
        subj = "公开时限"
        approved, published = ctx.config.approved_on, ctx.config.published_on
        if not approved or not published:
            ctx.not_applicable(
                subj,
                note="未提供批复日期和公开日期（--approved-on / --published-on）",
                note_en="approval and publication dates not given",
            )
            return
        try:
            days = (date.fromisoformat(published) - date.fromisoformat(approved)).days
        except ValueError:
            ctx.error(
                subj,
                actual=f"{approved} / {published}",
                note="日期格式应为 YYYY-MM-DD",
                note_en="dates must be YYYY-MM-DD",
            )
            return
        args = dict(expected="批复后20日内", actual=f"批复 {approved}，公开 {published}，相隔 {days} 日")
        if days < 0:
            ctx.failed(subj, **args, note="公开日期早于批复日期", note_en="published before approval")
        elif days <= 20:
            ctx.passed(subj, **args)
        else:
            ctx.failed(subj, **args, note=f"超出期限 {days - 20} 日", note_en=f"{days - 20} days late")


class META_004(Rule):
    """Amount units are explicit: the explanations use one unit (万元, like the tables); forms declare 元."""

    title_zh = "金额单位处理明确"
    title_en = "Amount units handled explicitly"
    severity = Severity.WARNING
    basis = Basis("practice", "表格以万元列示，申报表以元列示，须明示换算")
    remedy = "说明中的金额统一以万元表述；绩效目标申报表标明金额单位（元）。"
    remedy_en = "State narrative amounts in 万元; label form amounts with their unit (元)."

    def judge(self, doc, ctx):
        money = [s for s in statements(ctx) if s.get("unit") in ("万元", "元", "亿元") and s["amount"] is not None]
        subj = "金额单位 说明"
        if money:
            other = [s for s in money if s["unit"] != "万元"]
            if other:
                ctx.failed(
                    subj,
                    expected="统一以万元表述",
                    actual="、".join(sorted({s["unit"] for s in other})),
                    evidence=[sev(s) for s in other[:5]],
                    note=f"{len(other)} 处金额不以万元表述，与报表单位不一致",
                    note_en=f"{len(other)} amounts not in 万元",
                )
            else:
                ctx.passed(subj, expected="万元", actual=f"{len(money)} 处金额均为万元", evidence=[sev(money[0])])
        forms = ctx.facts("form", kind="project")
        if forms:
            subj = "金额单位 项目绩效目标申报表"
            unlabeled = [f for f in forms if not f.get("unit")]
            if unlabeled:
                ctx.failed(
                    subj,
                    expected="标明金额单位",
                    actual="未标明",
                    evidence=[ev(f, "申报表") for f in unlabeled],
                    note="申报表未标明金额单位",
                    note_en="form amounts have no unit",
                )
            else:
                ctx.passed(
                    subj,
                    expected="标明金额单位",
                    actual="、".join(sorted({f["unit"] for f in forms})),
                    evidence=[ev(forms[0], "申报表")],
                    note="申报表以元计、报表以万元计，核对时按1万元=10000元换算",
                    note_en="forms in 元, tables in 万元: compared at 1万元 = 10000元",
                )


class META_005(Rule):
    """Material unrelated to this department's budget is surfaced (appended documents, other departments' rows)."""

    title_zh = "无关附加材料提示"
    title_en = "Unrelated appended material"
    severity = Severity.INFO
    basis = Basis("practice", "公开内容应为本部门预算")
    remedy = "删去与本部门预算无关的附加材料（其他部门的目录行、整份转载文件），改为注明文号或链接。"
    remedy_en = "Remove appended material unrelated to this budget; cite it by number or link instead."

    def judge(self, doc, ctx):
        name = squash(doc.get("department") or "")
        appended = statements(ctx, "meta.appendix")
        groups = [s for s in statements(ctx, "meta.appendix_group") if not (name and squash(s["text"]) in name)]
        subj = "附加材料"
        if not appended and not groups:
            ctx.passed(subj, expected="无无关附加材料", actual="未发现", evidence=[])
            return
        parts = [f"{s['text'][:20]}（{count(s)}行）" if s.get("amount") else s["text"][:20] for s in appended]
        if groups:
            parts.append("其他部门的目录行：" + "、".join(s["text"] for s in groups))
        ctx.failed(
            subj,
            expected="只公开本部门预算内容",
            actual="；".join(parts),
            evidence=[sev(s, "附加材料") for s in appended] + [sev(s, "其他部门") for s in groups],
            note="文中附有与本部门预算无关的材料，请人工确认是否应公开",
            note_en="appended material not about this department's budget; review",
        )


_CN = {c: i for i, c in enumerate("零一二三四五六七八九", 0)}


def _cn_number(text: str) -> int | None:
    """'十二' → 12, '七' → 7, '3' → 3."""
    t = re.sub(r"[第部分、()（）.]", "", text)
    if t.isdigit():
        return int(t)
    if not t or any(c not in "零一二三四五六七八九十" for c in t):
        return None
    if "十" not in t:
        return _CN.get(t)
    tens, _, ones = t.partition("十")
    return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)


class META_006(Rule):
    """Typos, truncations, repeated numbering and extraction problems are surfaced for review."""

    title_zh = "错别字、截断、重复编号提示"
    title_en = "Typos, truncations, duplicate numbering"
    severity = Severity.INFO
    basis = Basis("财预〔2016〕143号", "第四条（形式规范）")
    remedy = "更正重复或跳号的标题编号、重复的标点和字词；核对提取中无法识别的内容。"
    remedy_en = "Fix repeated heading numbers and doubled punctuation or words; review extraction problems."

    def judge(self, doc, ctx):
        self._numbering(ctx)
        typos = statements(ctx, "meta.typo")
        subj = "重复标点或字词"
        if typos:
            ctx.failed(
                subj,
                expected="无重复标点、字词",
                actual="；".join(s["text"] for s in typos[:5]),
                evidence=[sev(s, "疑似笔误") for s in typos[:10]],
                note=f"{len(typos)} 处疑似笔误",
                note_en=f"{len(typos)} suspected typos",
            )
        else:
            ctx.passed(subj, expected="无重复标点、字词", actual="未发现")
        problems = ctx.facts("problem")
        subj = "提取问题"
        if problems:
            ctx.failed(
                subj,
                expected="全部内容可识别",
                actual=f"{len(problems)} 处未能识别",
                evidence=[{"line": p["line"], "label": "未能识别"} for p in problems[:10] if p.get("line")],
                note="相关检查可能不完整：" + "；".join(p["message"] for p in problems[:5]),
                note_en=f"{len(problems)} extraction problems; related checks may be incomplete",
            )
        else:
            ctx.passed(subj, expected="全部内容可识别", actual="未发现提取问题")

    @staticmethod
    def _numbering(ctx):
        """Within one parent heading, numbers of the same level must not repeat or go backwards. A contents list
        printed as headings (no page numbers, so no 目录 was read) is not a repeat: the body starts where the
        first heading of a level comes again, number and title alike, and the numbering starts afresh there."""
        seen: dict[int, list[tuple[int, dict]]] = {}
        bad = []
        headings = sorted(ctx.facts("heading"), key=lambda h: h["line"])
        first_of_level: dict[int, dict] = {}
        for h in headings:
            first_of_level.setdefault(h["level"], h)
        for h in headings:
            level = h["level"]
            first = first_of_level[level]
            if h is not first and (h["number"], squash(h["title"])) == (first["number"], squash(first["title"])):
                seen.clear()  # the body after a contents list
            for deeper in [k for k in seen if k > level]:
                del seen[deeper]
            n = _cn_number(h["number"])
            if n is None:
                continue
            prior = seen.setdefault(level, [])
            if prior and n <= prior[-1][0]:
                bad.append((h, prior[-1][1]))
            prior.append((n, h))
        subj = "标题编号"
        if bad:
            ctx.failed(
                subj,
                expected="同级编号连续不重复",
                actual="；".join(
                    f"{h['number']}、{h['title']}（前一标题 {p['number']}、{p['title']}）" for h, p in bad[:4]
                ),
                evidence=[{"line": h["line"], "label": "编号重复或倒退"} for h, _ in bad[:10]],
                note=f"{len(bad)} 个标题编号重复或倒退（可能是附加材料或漏编）",
                note_en=f"{len(bad)} headings repeat or go back in numbering",
            )
        else:
            ctx.passed(subj, expected="同级编号连续不重复", actual="未发现")
