"""SECT — the required explanatory sections are present (a heading, or at least the figures they carry)."""

from __future__ import annotations

import re

from gongkai.engine.authoring import Basis, Rule, Severity, kinds, layouts, sev, squash, statements, template_of

BASIS_LIST = Basis(
    "财预〔2016〕143号",
    "部门预算公开说明事项：职责、机构设置、预算收支增减变化、机关运行经费、政府采购等",
    via="财政预决算领域基层政务公开标准目录",
)


def heading(ctx, test) -> dict | None:
    """The first heading whose squashed title passes `test`."""
    titled = ctx.memo(
        ("headings_in_line_order_with_squashed_titles",),
        lambda: [(squash(h["title"]), h) for h in sorted(ctx.facts("heading"), key=lambda h: h["line"])],
    )
    return next((h for title, h in titled if test(title)), None)


def _nothing(text: str) -> None:
    return None


# 《预算法》第十四条 asks every department to explain these, whatever its template lists
LAW_KEYS = ("机关运行经费", "政府采购")


def judge_sections(ctx, parts) -> None:
    """One subject per required part; a heading passes it, figures of the part without a heading too.

    `parts`: (name, title test, topic prefixes, template section key). Which parts are required, and the extra
    heading words that name them, come from the chosen template's `sections` (engine/templates): a part the
    template does not require is not applicable."""
    tpl = template_of(ctx)
    for name, test, prefix, key in parts:
        subj = f"说明章节 {name}"
        words = tpl["sections"].get(key, [] if key in LAW_KEYS else None)
        if words is None:
            ctx.not_applicable(
                subj, note=f"模板“{tpl['title']}”不要求此节", note_en=f"not required by the template {tpl['name']}"
            )
            continue

        has_word = re.compile("|".join(map(re.escape, words))).search if words else _nothing

        def names(t, test=test, has_word=has_word):
            return test(t) or has_word(t) is not None

        h = heading(ctx, names)
        # a title the heading reader did not take (unnumbered, or run in with its first sentence)
        plain = next((x for x in tpl.get("title_lines", []) if names(x[1])), None)
        found = [s for p in (prefix if isinstance(prefix, tuple) else (prefix,)) if p for s in statements(ctx, p)]
        if h is not None:
            ctx.passed(
                subj, expected=f"有“{name}”说明", actual=h["title"], evidence=[{"line": h["line"], "label": "标题"}]
            )
        elif plain is not None:
            ctx.passed(
                subj,
                expected=f"有“{name}”说明",
                actual=plain[1],
                evidence=[{"line": plain[0], "label": "标题（未编号或与正文同行）"}],
                note="标题未编号或与正文同行",
                note_en="an unnumbered or run-in title",
            )
        elif found:
            ctx.passed(
                subj,
                expected=f"有“{name}”说明",
                actual="无标题，但说明中有相关内容",
                evidence=[sev(found[0])],
                note="未找到独立标题",
                note_en="no heading of its own",
            )
        else:
            ctx.failed(
                subj,
                expected=f"有“{name}”说明",
                actual="未找到",
                note=f"文中没有“{name}”的标题或内容",
                note_en=f"no {name} section found",
            )


class SECT_001(Rule):
    """The disclosure describes the department's duties (部门职责)."""

    title_zh = "公开部门职责"
    title_en = "Department duties section"
    severity = Severity.ERROR
    basis = BASIS_LIST
    remedy = "在概况中增加“部门职责”一节。"
    remedy_en = "Add a 部门职责 section to the overview."
    parts = (("部门职责", lambda t: "职责" in t, "", "职责"),)

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)


class SECT_002(Rule):
    """The disclosure describes the organisation (机构设置): the units included in the budget."""

    title_zh = "公开机构设置"
    title_en = "Organisation section"
    severity = Severity.ERROR
    basis = BASIS_LIST
    remedy = "在概况中增加“机构设置情况”，列明纳入预算编报的单位。"
    remedy_en = "Add a 机构设置 section listing the units in the budget."
    parts = (("机构设置", lambda t: "机构设置" in t or ("机构" in t and "设置" in t), "org.", "机构设置"),)

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)


def _expense(t: str) -> bool:
    return "支出" in t and not any(
        k in t for k in ("收支", "一般公共预算", "基本支出", "财政拨款", "三公", "项目", "绩效")
    )


class SECT_003(Rule):
    """The income and expenditure explanations are all present: 收支总体, 收入, 支出, 财政拨款, 一般公共预算, 基本支出."""

    title_zh = "收支预算情况说明齐全"
    title_en = "Income/expenditure explanations present"
    severity = Severity.ERROR
    basis = BASIS_LIST
    remedy = "补齐收支总体、收入、支出、财政拨款收支、一般公共预算支出、一般公共预算基本支出六部分说明。"
    remedy_en = "Add the missing explanations among the six income/expenditure parts."
    parts = (
        ("收支总体", lambda t: "收支" in t and "财政拨款" not in t, "", "收支总体"),
        ("收入预算", lambda t: "收入" in t and "收支" not in t and "财政拨款" not in t, "income.", "收入预算"),
        ("支出预算", _expense, "expense.", "支出预算"),
        (
            "财政拨款收支",
            lambda t: "财政拨款" in t and "三公" not in t and "机关运行" not in t,
            "fiscal.",
            "财政拨款收支",
        ),
        ("一般公共预算支出", lambda t: "一般公共预算" in t and "基本支出" not in t, "general.", "一般公共预算支出"),
        ("一般公共预算基本支出", lambda t: "基本支出" in t, "basic.", "一般公共预算基本支出"),
    )

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)


class SECT_004(Rule):
    """The disclosure has a “三公”经费 explanation."""

    title_zh = "“三公”经费说明"
    title_en = "三公 explanation section"
    severity = Severity.ERROR
    basis = BASIS_LIST
    remedy = "增加“三公”经费预算情况及增减变化原因的说明。"
    remedy_en = "Add a section explaining 三公 spending and its changes."
    parts = (("“三公”经费", lambda t: "三公" in t, "sangong.", "三公"),)

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)


class SECT_005(Rule):
    """The disclosure has a 机关运行经费 explanation (《预算法》第十四条 requires it)."""

    title_zh = "机关运行经费说明"
    title_en = "机关运行经费 section"
    severity = Severity.ERROR
    basis = Basis("《预算法》第十四条第二款")
    remedy = "增加机关运行经费安排情况及增减原因的说明。"
    remedy_en = "Add a section explaining 机关运行经费."
    parts = (("机关运行经费", lambda t: "机关运行经费" in t or "行政运行经费" in t, "jgyx.", "机关运行经费"),)

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)


class SECT_006(Rule):
    """The disclosure has a 政府采购 explanation."""

    title_zh = "政府采购情况说明"
    title_en = "Procurement section"
    severity = Severity.ERROR
    basis = Basis("《预算法》第十四条第三款", via=BASIS_LIST.text())
    remedy = "增加政府采购预算情况的说明（总额及货物、工程、服务）。"
    remedy_en = "Add a procurement section (total, goods, works, services)."
    parts = (("政府采购", lambda t: "政府采购" in t, "proc.", "政府采购"),)

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)


class SECT_007(Rule):
    """The disclosure has a 国有资产占有使用 explanation (to be published progressively)."""

    title_zh = "国有资产占有使用情况说明"
    title_en = "State assets section"
    severity = Severity.WARNING
    basis = Basis("财预〔2016〕143号", "逐步公开国有资产占用情况", via="财政预决算领域基层政务公开标准目录")
    remedy = "增加国有资产占有使用情况（车辆、房屋、大型设备）。"
    remedy_en = "Add a state-asset section (vehicles, buildings, large equipment)."
    parts = (("国有资产占有使用", lambda t: "国有资产" in t, "asset.", "国有资产"),)

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)


class SECT_008(Rule):
    """The disclosure explains performance targets and publishes the whole-department and project forms."""

    title_zh = "绩效目标情况说明"
    title_en = "Performance section"
    severity = Severity.WARNING
    basis = Basis(
        "中发〔2018〕34号",
        "绩效目标随预算公开",
        via="财政预决算领域基层政务公开标准目录“逐步公开重点项目预算的绩效目标”",
    )
    remedy = "增加绩效目标情况说明，并附部门整体及重点项目绩效目标申报表。"
    remedy_en = "Add a performance section with the whole-department and project target forms."
    parts = (
        (
            "绩效目标",
            lambda t: "绩效" in t and "申报表" not in t,
            ("perf.whole.", "perf.units.", "perf.projects.", "perf.published."),
            "绩效目标",
        ),
    )

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)
        if "绩效目标表" not in template_of(ctx)["sections"]:
            return  # the template publishes them as tables (TBL-001) or not at all
        for kind, name in (("whole", "部门整体支出绩效目标申报表"), ("project", "项目支出绩效目标申报表")):
            forms = ctx.facts("form", kind=kind)
            titles = statements(ctx, f"perf.form.{kind}")
            subj = f"说明章节 {name}"
            if forms or titles:
                where = {"line": forms[0]["line"], "label": "申报表"} if forms else sev(titles[0], "申报表")
                ctx.passed(subj, expected="公开", actual=f"{len(forms) or len(titles)} 张", evidence=[where])
            else:
                ctx.failed(
                    subj,
                    expected="公开",
                    actual="未找到",
                    note=f"文中没有{name}",
                    note_en=f"no {kind} performance form found",
                )


class SECT_009(Rule):
    """The disclosure explains its technical terms (名词解释)."""

    title_zh = "名词解释"
    title_en = "Glossary section"
    severity = Severity.ERROR
    basis = Basis("财预〔2016〕143号", "对专业性较强的名词进行解释", via="财政预决算领域基层政务公开标准目录")
    remedy = "增加“名词解释”，至少解释基本支出、项目支出、“三公”经费、机关运行经费。"
    remedy_en = "Add a glossary (basic/project expenditure, 三公, 机关运行经费 at least)."
    parts = (("名词解释", lambda t: "名词解释" in t, "def.", "名词解释"),)

    def judge(self, doc, ctx):
        judge_sections(ctx, self.parts)


_NUMBERING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|"
    r"\d+[、.]|表[一二三四五六七八九十]+)"
)


def _bare(title: str) -> str:
    return _NUMBERING.sub("", squash(title))


def _in_body(title: str, body: set[str]) -> bool:
    """A 目录 entry has its heading: the same words, or the heading adds a note such as '（详见表1-3）'."""
    return title in body or any(b.startswith(title + "(") for b in body if title)


class SECT_010(Rule):
    """Every entry of the table of contents has a heading (or table) of the same title in the body."""

    title_zh = "目录与正文标题一致"
    title_en = "TOC matches body headings"
    severity = Severity.WARNING
    basis = Basis("财预〔2016〕143号", "第四条（形式规范）")
    remedy = "使目录各条与正文标题一一对应（名称一致，正文不缺节）。"
    remedy_en = "Make every TOC entry match a body heading."

    def judge(self, doc, ctx):
        toc = sorted(ctx.facts("toc"), key=lambda t: t["line"])
        subj = "目录 与正文标题"
        if not toc:
            ctx.not_applicable(subj, note="未提取到目录", note_en="no table of contents")
            return
        body = {_bare(h["title"]) for h in ctx.facts("heading")} | {_bare(t["title"]) for t in ctx.facts("table")}
        body |= {_bare(text) for _, text in template_of(ctx).get("title_lines", [])}
        # a missing table is TBL-001/002's finding (with this same 目录 line as evidence): judge sections only
        missing = [
            t
            for t in toc
            if not _in_body(_bare(t["title"]), body)
            and layouts.identify(t["title"]) is None
            and kinds.identify(t["title"]) is None
        ]
        if missing:
            ctx.failed(
                subj,
                expected="目录各条在正文中都有对应标题",
                actual="缺少：" + "、".join(t["title"] for t in missing[:6]),
                evidence=[{"line": t["line"], "label": "目录条目无对应正文标题"} for t in missing[:10]],
                note=f"{len(missing)} 个目录条目在正文中找不到同名标题",
                note_en=f"{len(missing)} TOC entries have no matching heading",
            )
        else:
            ctx.passed(
                subj,
                expected="目录各条在正文中都有对应标题",
                actual=f"{len(toc)} 条均有对应",
                evidence=[{"line": toc[0]["line"], "label": "目录"}],
            )
