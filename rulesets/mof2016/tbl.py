"""TBL — the mandatory tables are published, titled, detailed to 项/款 and split into 基本/项目 (national baseline)."""

from __future__ import annotations

import re

from gongkai.engine.authoring import (
    TARGET_KINDS,
    Basis,
    Rule,
    Severity,
    code_rows,
    ev,
    evs,
    kinds,
    layouts,
    parent_codes,
    rows,
    squash,
    template_of,
    tname,
)

BASIS_143 = Basis("财预〔2016〕143号", "部门预决算公开", via="财政预决算领域基层政务公开标准目录")
BASIS_46 = Basis("《预算法》第四十六条；《预算法实施条例》第六条第三款")
BASIS_TEMPLATE = Basis("practice", "本地区部门预算公开模板（engine/templates）", via="财预〔2016〕143号")
# performance target tables are read as forms, not tables: a form of this kind stands for the table
_FORM_KINDS = {"T24": "project", "T25": "whole"}


def table_subject(table_id: str) -> str:
    spec = layouts.BY_ID[table_id]
    return f"{tname(table_id)} {spec.name.replace('（不含上年结转）', '')}"


def entry_subject(entry: dict) -> str:
    """'表10 财政拨款安排“三公”经费支出预算表': the number and title the template prints."""
    return f"表{entry['number']} {entry['title'].replace('（不含上年结转）', '')}"


def _names_kind(title: str, kind: str) -> bool:
    if kinds.identify(title) == kind:
        return True
    spec = layouts.identify(title)
    return spec is not None and spec.id == kind


def missing_evidence(ctx, table_id: str) -> list[dict]:
    """For an absent table: the 目录 line that promises it, so the reviewer sees where it should be."""
    for toc in ctx.facts("toc"):
        if _names_kind(toc["title"], table_id):
            return [e for e in (ev(toc, "目录中列出的表"),) if e]
    return []


def judge_presence(ctx, required: list[tuple[str, str]] | None) -> None:
    """One finding per required table (TBL-001/TBL-002): passed with its title line, failed with the 目录 line.
    `required`: (kind, subject) per table; None when another rule judges this document's tables."""
    if required is None:
        return
    tpl = template_of(ctx)
    present = {t["table"]: t for t in ctx.facts("table")}
    printed = {
        e["kind"]: {
            "line": e["printed"]["line"],
            "label": "表题",
            "text": e["printed"]["text"],
            "not_applicable": e["printed"]["not_applicable"],
        }
        for e in tpl["tables"]
        if e.get("printed")
    }
    for kind, subject in required:
        form = next(iter(ctx.facts("form", kind=_FORM_KINDS[kind])), None) if kind in _FORM_KINDS else None
        if kind in present:
            t = present[kind]
            ctx.passed(subject, expected="已公开", actual=t["title"], evidence=[ev(t, "表标题")])
        elif form is not None:
            ctx.passed(subject, expected="已公开", actual=form["name"], evidence=[ev(form, "绩效目标表")])
        elif printed.get(kind) and printed[kind]["not_applicable"]:
            ctx.not_applicable(
                subject,
                actual=printed[kind]["text"],
                evidence=[printed[kind]],
                note="目录中注明不涉及",
                note_en="marked 不涉及 (not applicable) in the contents",
            )
        elif printed.get(kind):
            ctx.passed(
                subject,
                expected="已公开",
                actual=printed[kind]["text"],
                evidence=[printed[kind]],
                note="按表题认定（该类表按表单读取，未读取其行）",
                note_en="found by its printed title (read as a form, rows not read)",
            )
        else:
            ctx.failed(
                subject,
                expected="已公开（无数据时公开空表并说明）",
                actual="未找到该表",
                evidence=missing_evidence(ctx, kind),
                note="正文中没有找到标题含该表关键词的表格",
                note_en="no table with this title found",
            )


class TBL_001(Rule):
    """Every table of the jurisdiction's template is published (one finding per table).

    The template (engine/templates/data/*.toml, chosen from the document or by `--template`) lists the
    tables its jurisdiction publishes, e.g. 9 部门公开表 for central departments, 16 tables in Xi'an. A table
    the template does not list is never failed for being absent. Documents judged against the national
    baseline are judged by TBL-002 instead.
    """

    title_zh = "模板规定的表齐全"
    title_en = "Every table of the jurisdiction template is published"
    aliases = ("DISC-TABLES-TEMPLATE",)
    severity = Severity.ERROR
    basis = BASIS_TEMPLATE
    remedy = "按本地区模板补齐缺少的表；没有数据的表也要列出空表并注明原因。"
    remedy_en = "Publish every table of the template; empty ones with a note."
    overridable = True  # shanxi2024 keeps this judgement under its own title and basis

    def judge(self, doc, ctx):
        judge_presence(ctx, self.required(template_of(ctx)))

    def required(self, tpl):
        if tpl["baseline_tables"]:
            return None
        return [(e["kind"], entry_subject(e)) for e in tpl["tables"]]


class TBL_002(Rule):
    """The eight tables of the national minimum are published.

    财预〔2016〕143号 (through the 基层政务公开标准目录) lists three 收支总体 tables and five 财政拨款 tables
    for every department budget. A department with no data for a table still publishes it, empty, with a note.
    """

    title_zh = "全国最低8张表齐全"
    title_en = "The national minimum of 8 tables is published"
    aliases = ("DISC-TABLES-8",)
    severity = Severity.ERROR
    basis = BASIS_143
    remedy = "补充公开缺少的表；没有数据的表也应列出空表，并注明“本表无数据”及原因。"
    remedy_en = "Publish the missing tables; publish empty tables with a note explaining why."

    def judge(self, doc, ctx):
        judge_presence(ctx, self.required(template_of(ctx)))

    def required(self, tpl):
        """Judged when the document is held to the national list (no jurisdiction template of its own)."""
        if not tpl["baseline_tables"]:
            return None
        return [(kind, table_subject(kind)) for kind in layouts.NATIONAL_8]


class TBL_004(Rule):
    """Each table shows the budget year, the department name and the amount unit.

    A table lifted out of the document must still say whose budget, which year, and in what unit it is.
    """

    title_zh = "表头要素完整（年度、部门名称、单位）"
    title_en = "Table header shows year, department and unit"
    aliases = ("TABLE-HEADER",)
    severity = Severity.WARNING
    basis = Basis("财预〔2016〕143号", "第四条（公开形式规范）")
    remedy = "在表标题中写明预算年度，在表头写明“部门名称：”（与封面一致）和模板规定的金额单位（通常为“单位：万元”）。"
    remedy_en = "Put the budget year in the title, and '部门名称：' and '单位：万元' in the header."
    subject = "table"

    def judge(self, table, ctx):
        doc = ctx.fact("doc")
        problems, expected, actual, notes = [], [], [], []
        # a wrong year or department is a defect; one the table does not repeat (the cover and the running
        # header say it, as most templates print their tables) is noted, not failed
        if doc and doc.get("year") and table.get("year") and table["year"] != doc["year"]:
            problems.append("年度")
            expected.append(f"{doc['year']}年")
            actual.append(f"{table['year']}年")
        elif not table.get("year"):
            notes.append("标题未写年度")
        dept = table.get("department")
        if (
            dept
            and doc
            and doc.get("department")
            and squash(doc["department"]) not in squash(dept)
            and squash(dept) not in squash(doc["department"])
        ):
            problems.append("部门名称")
            expected.append(doc["department"])
            actual.append(dept)
        elif not dept:
            notes.append("表头未写部门名称")
        unit = template_of(ctx)["unit"]  # the template's usual unit: 万元 almost everywhere, 元 in Xi'an
        if not table.get("unit") and table.get("kind", table["table"]) not in TARGET_KINDS:
            problems.append("单位")
            expected.append(f"单位：{unit}")
            actual.append("单位：缺失")
        elif table["unit"] != unit:
            notes.append(f"单位为{table['unit']}（模板通常用{unit}）")
        lines = evs(
            ev(table, "表标题"),
            {"line": table.get("department_line"), "table": table["table"], "label": "部门名称"}
            if table.get("department_line")
            else None,
            {"line": table.get("unit_line"), "table": table["table"], "label": "单位"}
            if table.get("unit_line") and table.get("unit_line") != table.get("department_line")
            else None,
        )
        subject = f"{tname(table['table'])} 表头"
        if problems:
            ctx.failed(
                subject,
                expected="；".join(expected),
                actual="；".join(actual),
                evidence=lines,
                note="有问题的要素：" + "、".join(problems),
                note_en="wrong: " + ", ".join(problems),
            )
        else:
            ctx.passed(
                subject,
                expected="年度、部门名称、单位齐全",
                actual=f"{table.get('year') or '—'}年；{dept or '—'}；{table.get('unit')}",
                evidence=lines,
                note="；".join(notes),
                note_en="; ".join(notes) and "year, department or unit as the cover gives them",
            )


_FUNC_TABLES = ("T02", "T03", "T05", "T08")


class TBL_005(Rule):
    """Function classification is published down to 项 (7-digit codes).

    Every 类 (3 digits) has 款 (5 digits) beneath it and every 款 has 项 (7 digits).
    """

    title_zh = "功能分类公开到项级科目"
    title_en = "Function classification is detailed to 项 level"
    aliases = ("FUNC-XIANG",)
    severity = Severity.ERROR
    basis = BASIS_46
    remedy = "按支出功能分类列示到项级科目（7位编码），每个类、款下列出其所属款、项。"
    remedy_en = "List function classification down to 项 (7-digit codes) under every 类 and 款."
    subject = "table"
    where = {"table": _FUNC_TABLES}

    def judge(self, table, ctx):
        subject = f"{tname(table['table'])} 功能分类细化程度"
        rs = rows(ctx, table["table"])
        coded = code_rows(rs)
        if not coded:
            if table["empty"]:
                ctx.not_applicable(subject, note="空表", note_en="empty table", evidence=[ev(table, "表标题")])
            elif not any(c in table.get("columns", []) for c in ("科目编码", "类", "款", "项")):
                # listed by unit or by source, or by name without codes: not a function-classified table
                ctx.not_applicable(
                    subject,
                    evidence=[ev(table, "表标题")],
                    note="该表不按功能分类科目编码列示，无法判断细化程度",
                    note_en="not listed by function code: depth not judged",
                )
            else:
                ctx.failed(
                    subject, expected="按类、款、项列示", actual="没有科目编码行", evidence=[ev(table, "表标题")]
                )
            return
        parents = parent_codes(coded)
        bad = [r for r in coded if r["level"] in ("类", "款") and r["code"] not in parents]
        if bad:
            first = bad[0]
            ctx.failed(
                subject,
                expected="每个类、款下有下级科目",
                actual=f"{first['code']} {first['name']} 无下级科目",
                evidence=[ev(r, f"{r['level']}级科目无下级") for r in bad[:5]],
                note=f"共 {len(bad)} 个科目未细化到项",
                note_en=f"{len(bad)} codes not detailed to 项",
            )
        else:
            leaves = sum(1 for r in coded if r["level"] == "项")
            ctx.passed(subject, expected="细化到项", actual=f"{leaves} 个项级科目", evidence=[ev(coded[0], "首个科目")])


_ECON_CLASSES = ("工资福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出")


class TBL_006(Rule):
    """Basic expenditure is published by economic classification down to 款, split into 人员经费 and 公用经费."""

    title_zh = "基本支出按经济分类公开到款级科目"
    title_en = "Basic expenditure is detailed to 款 of economic classification"
    aliases = ("ECON-KUAN",)
    severity = Severity.ERROR
    basis = BASIS_46
    remedy = "基本支出表按经济分类列示类及其下属款级科目，并分列人员经费和公用经费。"
    remedy_en = "List economic classes with their 款 rows, with 人员经费 and 公用经费 columns."
    subject = "table"
    where = {"table": "T06"}

    def judge(self, table, ctx):
        subject = f"{tname('T06')} 经济分类细化程度"
        rs = rows(ctx, "T06")
        if table["empty"]:
            ctx.not_applicable(subject, note="空表", evidence=[ev(table, "表标题")])
            return
        coded = code_rows(rs)
        if coded:  # classes (301 …) and their 款 (30101 …) by code
            parents = parent_codes(coded)
            lone = [r for r in coded if r["level"] == "类" and r["code"] not in parents]
            if lone:
                ctx.failed(
                    subject,
                    expected="每个类下列出款级科目",
                    actual=f"{lone[0]['code']} {lone[0]['name']} 下无款级科目",
                    evidence=[ev(r, "类级科目无下级") for r in lone],
                )
            else:
                ctx.passed(
                    subject,
                    expected="细化到款",
                    actual=f"{sum(1 for r in coded if r['level'] == '款')} 个款级科目",
                    evidence=[ev(coded[0], "首个科目")],
                )
            return
        classes = [
            i
            for i, r in enumerate(rs)
            if squash(r["texts"].get("部门经济科目", "") or r["name"]) in _ECON_CLASSES
            and not r["texts"].get("政府经济科目")
        ]
        bad = []
        two_systems = "政府经济科目" in table.get("columns", [])
        for pos, i in enumerate(classes):
            end = classes[pos + 1] if pos + 1 < len(classes) else len(rs)
            # with both classifications a 款 row names its 政府经济科目; with one, any row beneath a class is a 款
            under = [r for r in rs[i + 1 : end] if r["texts"].get("政府经济科目") or not two_systems]
            if not under:
                bad.append(rs[i])
        if not classes:
            ctx.failed(
                subject,
                expected="按类列示（工资福利支出、商品和服务支出…）及其款级科目",
                actual="未找到经济分类类级科目",
                evidence=[ev(table, "表标题")],
            )
        elif bad:
            ctx.failed(
                subject,
                expected="每个类下列出款级科目",
                actual=f"{bad[0]['name']} 下无款级科目",
                evidence=[ev(r, "类级科目无下级") for r in bad],
            )
        else:
            ctx.passed(
                subject,
                expected="细化到款",
                actual=f"{len(classes)} 个类、{len(rs) - len(classes) - 1} 行款级科目",
                evidence=[ev(rs[classes[0]], "首个类级科目")],
            )


class TBL_007(Rule):
    """The expenditure tables split every amount into 基本支出 and 项目支出."""

    title_zh = "分别公开基本支出和项目支出"
    title_en = "Basic and project expenditure are shown separately"
    aliases = ("BASIC-PROJECT",)
    severity = Severity.ERROR
    basis = Basis("《预算法实施条例》第六条第三款")
    remedy = "在支出总表和一般公共预算支出表中分列“基本支出”“项目支出”两栏。"
    remedy_en = "Add 基本支出 and 项目支出 columns to the expenditure tables."
    subject = "table"
    where = {"table": ("T03", "T05")}

    def judge(self, table, ctx):
        subject = f"{tname(table['table'])} 基本支出/项目支出分列"
        header = ctx.fact("header", table=table["table"])
        cells = squash("".join(header["text"] if header else ""))
        roles = set(table.get("columns", []))
        # by role too: 人员经费 + 公用经费 are the basic part, 专项业务经费 the project part (Shaanxi)
        split = "项目支出" in roles and ("基本支出" in roles or {"人员经费", "公用经费"} <= roles)
        entry = next((e for e in template_of(ctx)["tables"] if e["kind"] == table["table"]), {})
        if split or "基本支出" in cells and "项目支出" in cells:
            ctx.passed(subject, expected="表头含基本支出、项目支出", actual="已分列", evidence=[ev(header, "表头")])
        elif entry.get("by_source_only"):  # the template lays this table out by source; 表5 carries the split
            ctx.not_applicable(
                subject,
                evidence=evs(ev(header, "表头"), ev(table, "表标题")),
                note="本地区模板的该表按资金来源列示，基本支出/项目支出由一般公共预算支出表分列",
                note_en="the template lays this table out by funding source; 表5 carries the split",
            )
        else:
            ctx.failed(
                subject,
                expected="表头含基本支出、项目支出",
                actual="表头缺少其中一栏",
                evidence=evs(ev(header, "表头"), ev(table, "表标题")),
            )


class TBL_003(Rule):
    """Tables appear in template order and, where the template prints a label, it is the template's label.

    The label style is the template's: 部门公开表N (central), 预算公开表N (Shanxi), 公开0N表 (Suzhou),
    表一 (Chongqing), 预算0N表 (Beijing). A table the template does not list is not judged.
    """

    title_zh = "表序与表号标签符合模板"
    title_en = "Tables are in template order and labelled as the template prints them"
    aliases = ("TABLE-ORDER-LABEL-TEMPLATE",)
    severity = Severity.WARNING
    basis = Basis("财预〔2016〕143号", "第四条（公开形式规范）", via="本地区部门预算公开模板")
    remedy = "按模板顺序排列各表，表号标签按模板书写（如“部门公开表N”），N 与模板序号一致。"
    remedy_en = "Order the tables as the template does and print its labels."
    subject = "table"
    overridable = True  # shanxi2024 keeps this judgement under its own title and basis

    def judge(self, table, ctx):
        tpl = template_of(ctx)
        entries = {e["kind"]: e for e in tpl["tables"]}
        entry = entries.get(table["table"])
        caption = table.get("caption")
        evidence = [ev(table, "表标题")]
        if caption:
            evidence.insert(0, {"line": table["caption_line"], "table": table["table"], "label": "表号标签"})
        if entry is None:
            ctx.not_applicable(
                f"{table['title']} 顺序与表号",
                evidence=evidence,
                note=f"模板“{tpl['title']}”未列此表",
                note_en="the template does not list this table",
            )
            return
        n = entry["number"]
        subject = f"表{n} 顺序与表号"
        # judged against the table just before it: one misplaced table fails once, not every table after it
        earlier = [t for t in ctx.facts("table") if t["position"] < table["position"] and t["table"] in entries]
        previous = max(earlier, key=lambda t: t["position"], default=None)
        out_of_order = [previous] if previous and entries[previous["table"]]["position"] > entry["position"] else []
        expected_label = entry["label"]
        if out_of_order:
            other = entries[out_of_order[0]["table"]]["number"]
            ctx.failed(
                subject,
                expected=f"位于表{other}之前",
                actual=f"排在表{other}之后",
                evidence=evidence + [ev(out_of_order[0], "位置在前的表")],
                note="表格顺序与模板不一致",
                note_en="table out of template order",
            )
        elif expected_label is None:
            ctx.passed(subject, expected="按模板顺序", actual="顺序正确（模板不规定表号标签）", evidence=evidence)
        elif caption and re.sub(r"\s", "", caption) != expected_label:
            ctx.failed(
                subject,
                expected=expected_label,
                actual=caption,
                evidence=evidence,
                note="表号标签与模板不一致",
                note_en="label differs from the template",
            )
        elif not caption:
            ctx.not_applicable(
                subject,
                evidence=evidence,
                note="未提取到表号标签（可能在转换中丢失），仅核对了顺序",
                note_en="no label extracted (possibly lost in conversion); order checked only",
            )
        else:
            ctx.passed(subject, expected=expected_label, actual=caption, evidence=evidence)
