"""ASSET — 国有资产占有使用情况: vehicles, buildings and large equipment, stated consistently."""

from __future__ import annotations

import re

from gongkai.engine.authoring import Basis, Rule, Severity, count, first, sev, statements, template_of

BASIS_ASSET = Basis("财预〔2016〕143号", "逐步公开国有资产占用情况", via="财政预决算领域基层政务公开标准目录")
_KINDS = (("quota", "编制"), ("actual", "实有"))


class ASSET_001(Rule):
    """The explanation covers state assets: vehicles and large equipment, and office buildings where the
    jurisdiction's template asks for them (Shanxi; the template's `assets`). An item the template does not ask
    for passes when it is given and is not applicable otherwise."""

    title_zh = "公开国有资产占有使用情况"
    title_en = "State asset section present"
    aliases = ("ASSET-SECTION",)
    severity = Severity.WARNING
    basis = BASIS_ASSET
    remedy = "说明截至上年末的公务用车（编制数、实有数及分类）、办公用房面积和大型设备情况。"
    remedy_en = "Describe vehicles, office floor area and large equipment as of the end of last year."

    def judge(self, doc, ctx):
        asked = template_of(ctx)["assets"]
        for prefix, name in (
            ("asset.vehicles.", "车辆"),
            ("asset.building_area", "房屋"),
            ("asset.equipment.", "大型设备"),
        ):
            found = statements(ctx, prefix)
            subj = f"国有资产 {name}"
            if found:
                ctx.passed(subj, expected="已说明", actual=f"{len(found)} 项数据", evidence=[sev(found[0])])
            elif name not in asked:
                ctx.not_applicable(
                    subj,
                    note=f"本地区模板不要求说明{name}",
                    note_en=f"the jurisdiction's template does not ask for {name}",
                )
            else:
                ctx.failed(
                    subj,
                    expected=f"说明{name}情况",
                    actual="未找到",
                    evidence=[
                        {"line": h["line"], "label": "国有资产标题"}
                        for h in ctx.facts("heading")
                        if "国有资产" in h["title"]
                    ][:1],
                    note=f"国有资产占有使用情况未说明{name}",
                    note_en=f"no {name} figures",
                )


class ASSET_002(Rule):
    """Vehicles: the actual number equals the sum by type, and does not exceed the quota (warning)."""

    title_zh = "车辆实有数=分类之和且不超编制"
    title_en = "Vehicles: actual = sum by type, within quota"
    aliases = ("ASSET-VEHICLES",)
    severity = Severity.ERROR
    basis = Basis("practice", "公务用车实有数按车辆类型分列")
    remedy = "实有车辆数应等于各类型车辆之和；实有数超过编制数的应说明原因或更正。"
    remedy_en = "Actual vehicles must equal the sum by type; more vehicles than the quota needs correction."

    def judge(self, doc, ctx):
        actual, quota = first(ctx, "asset.vehicles.actual"), first(ctx, "asset.vehicles.quota")
        # the breakdown of the stated actual number: its own paragraph ('共有车辆5辆，其中，…'), not the vehicles to be
        # bought ('2026年部门预算安排购置车辆1辆，其中，…') nor a vehicle named elsewhere
        where = actual.get("paragraph_line") or actual["line"] if actual else None
        types = [
            s
            for s in statements(ctx, "asset.vehicles.")
            if s["topic"] not in ("asset.vehicles.actual", "asset.vehicles.quota")
            and (where is None or (s.get("paragraph_line") or s["line"]) == where)
        ]
        subj = "公务用车 实有数=分类之和"
        if actual is None or not types:
            ctx.not_applicable(
                subj,
                evidence=[sev(s) for s in ([actual] if actual else []) + types[:1]],
                note="未给出实有数或分类数",
                note_en="actual number or breakdown not stated",
            )
        else:
            total = sum(count(s) for s in types)
            args = dict(
                expected=f"{total}辆（分类之和）",
                actual=f"{count(actual)}辆",
                evidence=[sev(actual, "说明 实有数")] + [sev(types[0], "说明 分类")],
            )
            detail = "、".join(f"{s['topic'].split('.')[-1]}{count(s)}辆" for s in types)
            if total == count(actual):
                ctx.passed(subj, **args, note=detail, note_en=f"{len(types)} vehicle types")
            else:
                ctx.failed(
                    subj,
                    **args,
                    note=f"实有{count(actual)}辆，分类合计{total}辆（{detail}）",
                    note_en=f"actual {count(actual)}, sum by type {total}",
                )
        subj = "公务用车 实有数不超过编制数"
        if actual is None or quota is None:
            ctx.not_applicable(subj, note="未给出编制数或实有数", note_en="quota or actual number not stated")
        elif count(actual) <= count(quota):
            ctx.passed(
                subj,
                expected=f"≤{count(quota)}辆",
                actual=f"{count(actual)}辆",
                evidence=[sev(quota, "说明 编制数"), sev(actual, "说明 实有数")],
            )
        else:
            ctx.failed(
                subj,
                expected=f"≤{count(quota)}辆",
                actual=f"{count(actual)}辆",
                severity=Severity.WARNING,
                evidence=[sev(quota, "说明 编制数"), sev(actual, "说明 实有数")],
                note="实有车辆超过编制数",
                note_en="more vehicles than the quota",
            )


class ASSET_003(Rule):
    """Large equipment is stated as 50万元以上通用设备 and 100万元以上专用设备."""

    title_zh = "大型设备表述规范"
    title_en = "Large-equipment wording"
    aliases = ("ASSET-EQUIP-WORDING",)
    severity = Severity.WARNING
    basis = Basis("practice", "单位价值50万元以上通用设备、100万元以上专用设备")
    remedy = "大型设备按“单位价值50万元以上通用设备”和“单位价值100万元以上专用设备”两项分别说明。"
    remedy_en = "State 50万元以上通用设备 and 100万元以上专用设备 as two separate lines."

    def judge(self, doc, ctx):
        for stmt in statements(ctx, "asset.equipment."):
            m = re.search(r"(\d+)万元(?:[（(]原值[)）])?以上的?(通用|专用)设备", stmt["text"].replace(" ", ""))
            if not m:
                ctx.not_applicable(
                    "大型设备 表述", evidence=[sev(stmt)], note="未能识别价值标准", note_en="threshold not recognised"
                )
                continue
            threshold, kind = int(m.group(1)), m.group(2)
            want = {50: "通用", 100: "专用"}.get(threshold)
            subj = f"大型设备 {threshold}万元以上{want or kind}设备"
            if want is None or want == kind:
                ctx.passed(
                    subj, expected=f"{threshold}万元以上{want or kind}设备", actual=m.group(0), evidence=[sev(stmt)]
                )
            else:
                ctx.failed(
                    subj,
                    expected=f"{threshold}万元以上{want}设备",
                    actual=m.group(0),
                    evidence=[sev(stmt)],
                    note=f"价值{threshold}万元以上的应为{want}设备，原文写作“{kind}设备”",
                    note_en=f"the {threshold}万元 line should count {want} equipment, not {kind}",
                )


class ASSET_004(Rule):
    """Asset figures are stated as of 31 December of the year before the budget year."""

    title_zh = "资产统计时点为上年末"
    title_en = "Asset stock date is 31 Dec of the previous year"
    aliases = ("ASSET-DATE",)
    severity = Severity.INFO
    basis = Basis("practice", "资产数据取上年末决算数")
    remedy = "国有资产数据写明统计时点“截至上年12月31日”。"
    remedy_en = "Give asset figures as of 31 December of the previous year."

    def judge(self, doc, ctx):
        year = doc.get("year")
        dates = statements(ctx, "asset.date")
        if not dates:
            if statements(ctx, "asset."):
                ctx.failed(
                    "国有资产 统计时点",
                    expected="截至上年12月31日",
                    actual="未写明统计时点",
                    evidence=[sev(statements(ctx, "asset.")[0])],
                    note="国有资产数据未写明统计时点",
                    note_en="no stock date stated",
                )
            return
        for stmt in dates:
            subj = f"国有资产 统计时点（{stmt['section'] or '国有资产'}）"
            expected = f"截至{year - 1}年12月31日" if year else "截至上年12月31日"
            ok = stmt["text"].replace(" ", "").endswith("12月31日") and (not year or count(stmt) == year - 1)
            if ok:
                ctx.passed(subj, expected=expected, actual=stmt["text"], evidence=[sev(stmt)])
            else:
                ctx.failed(
                    subj,
                    expected=expected,
                    actual=stmt["text"],
                    evidence=[sev(stmt)],
                    note="统计时点不是预算年度的上年末",
                    note_en="not the end of the previous year",
                )
