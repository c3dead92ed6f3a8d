"""IND — the indicator hierarchy of the performance forms and the form of each 指标值 (classic framework).

Classic framework (财预〔2015〕88号 wording, kept in the 财预〔2020〕10号 自评表 and the Shanxi 2024 forms):
产出 → 数量/质量/时效/成本; 效益 → 经济/社会/生态效益、可持续影响; 满意度 → 服务对象满意度.
`rulesets/perf2021` subclasses these rules and overrides only what 财预〔2021〕101号 changes.

Every rule judges one form fact. Subjects are hierarchy paths (专项业务费 › 年度 › 满意度指标 ›
服务对象满意度指标 › 指导企业工会满意度), never line numbers; the evidence carries the line. The same indicator
in both column groups (实施期, 年度) is one finding; a form without the indicators a rule is about is not
applicable, naming them (“专项业务费 满意度指标”).
"""

from __future__ import annotations

import re

from gongkai.engine.authoring import Basis, Rule, Severity, Status, indicators, parse_value, squash

BASIS_88 = Basis(
    "财预〔2015〕88号《中央部门预算绩效目标管理办法》", "绩效指标", via="财预〔2020〕10号 项目支出绩效自评表"
)
BASIS_PRACTICE = Basis("practice", "指标库：满意度(%)、完成时间、成本控制数")

CLASSIC = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
SATISFACTION_L2 = ("服务对象满意度指标", "社会公众满意度指标", "社会公众或服务对象满意度指标")
KIND_ZH = {
    "count": "计数",
    "percent": "百分比",
    "money": "金额",
    "deadline": "时限",
    "period": "时段",
    "qualitative": "定性表述",
    "empty": "空值",
    "other": "无法归类的数值",
}


# -- paths and evidence -----------------------------------------------------------------------------
def root(fact: dict) -> str:
    return "部门整体绩效目标" if fact.get("form_kind", fact.get("kind")) == "whole" else fact["form_name"]


def _path(fact: dict, leaf: str | None, kind: str | None = None) -> str:
    """The fact's place in the hierarchy; `kind` is the form's kind when the fact does not carry it."""
    if kind is None:
        kind = fact.get("form_kind", fact.get("kind"))
    head = "部门整体绩效目标" if kind == "whole" else fact["form_name"]
    path = f"{head} › {fact['group']} › {fact.get('level1') or '（一级未定）'} › {fact.get('level2') or '（二级未定）'}"
    return f"{path} › {leaf}" if leaf else path


def ind_subject(ind: dict, ctx) -> str:
    """The indicator's path; a second indicator with the same path gets '（第2处）'. Every IND rule asks for
    every indicator's subject: a form's subjects are worked out once per document."""
    subjects = ctx.memo(("ind_subjects", ind["form"]), lambda: _numbered(_in_order(ctx, "indicator", ind["form"])))
    return subjects.get(ind["id"]) or _numbered([ind])[ind["id"]]


def _numbered(inds: list[dict]) -> dict[str, str]:
    """Indicator id → its path, the k-th indicator with the same path in one column group numbered '（第k处）'
    (`inds` in reading order)."""
    out: dict[str, str] = {}
    seen: dict[tuple, int] = {}  # path key → indicators with it so far
    for o in inds:
        base = _path(o, o["name"])
        key = (o["group"], o["name"], base)
        k = seen[key] = seen.get(key, 0) + 1
        out[o["id"]] = base if k == 1 else f"{base}（第{k}处）"
    return out


def branch_subject(branch: dict, ctx) -> str:
    """The branch's path, numbered like an indicator's; a form's subjects are worked out once per document."""
    subjects = ctx.memo(("branch_subjects", branch["form"]), lambda: _branch_subjects(ctx, branch["form"]))
    return subjects.get(branch["id"]) or _branch_subjects(ctx, branch["form"], [branch])[branch["id"]]


def _branch_subjects(ctx, form: str, branches: list[dict] | None = None) -> dict[str, str]:
    """Branch id → its path, numbered by the lines it is printed on: branches with the same path on one line
    share a number, the next line's counts them all ('（第3处）' after two on the first)."""
    kind = _form_kind({"form": form}, ctx)
    out = {}
    seen: dict[tuple, tuple[int, int, int]] = {}  # path key → (branches so far, the last line, its number)
    for b in sorted(branches or ctx.facts("branch", form=form), key=lambda b: b["line"]):
        key = (b["group"], b.get("level1"), b["level2"])
        n, line, k = seen.get(key, (0, None, 0))
        if b["line"] != line:
            k = n + 1
        seen[key] = (n + 1, b["line"], k)
        base = _path(b, None, kind)
        out[b["id"]] = base if k == 1 else f"{base}（第{k}处）"
    return out


def _form_kind(fact: dict, ctx) -> str:
    form = ctx.fact("form", form=fact["form"])
    return form["kind"] if form else "project"


def shown(ind: dict) -> str:
    """'指导企业工会满意度 = "≥1次"' — the subject already carries the path."""
    return f"{ind['name']} = “{ind['value']}”"


# -- one finding for the same indicator in both column groups ---------------------------------------
GROUP_ORDER = ("实施期", "年度")
RANK = {"info": 0, "warning": 1, "error": 2}


# what makes two facts the same indicator (or branch) in the two column groups
TWIN_KEY = {
    "indicator": lambda f: (f.get("level1"), f.get("level2"), squash(f["name"])),
    "branch": lambda f: (f.get("level1"), f.get("level2")),
}


def twin_of(fact: dict, ctx, type_: str) -> tuple[bool, dict | None]:
    """(judge it?, its twin). The k-th fact with this key in the 实施期 group is paired with the k-th in the
    年度 group: the pair is judged once, when the 实施期 fact comes; the 年度 fact of a pair is skipped."""
    return _twins(ctx, type_, fact["form"])[fact["id"]]


def _twins(ctx, type_: str, form: str) -> dict[str, tuple[bool, dict | None]]:
    """The pairing of a form, worked out once per document (every rule asks for it, for every indicator)."""
    return ctx.memo(("twins", type_, form), lambda: _pairing(ctx, type_, form))


def _in_order(ctx, type_: str, form: str) -> list[dict]:
    """A form's indicators (or branches) in reading order, sorted once per document."""
    return ctx.memo(
        ("in_order", type_, form), lambda: sorted(ctx.facts(type_, form=form), key=lambda f: (f["line"], f["id"]))
    )


def _pairing(ctx, type_: str, form: str) -> dict[str, tuple[bool, dict | None]]:
    key = TWIN_KEY.get(type_, TWIN_KEY["branch"])
    same: dict[tuple, dict[str, list[dict]]] = {}  # twin key → group → its facts in reading order
    for f in _in_order(ctx, type_, form):
        same.setdefault(key(f), {}).setdefault(f["group"], []).append(f)
    out: dict[str, tuple[bool, dict | None]] = {}
    for by_group in same.values():
        if len(by_group) < 2:
            for facts in by_group.values():
                for f in facts:
                    out[f["id"]] = (True, None)
            continue
        first, second = sorted(by_group, key=_group_rank)[:2]
        for group, members in by_group.items():
            for k, f in enumerate(members):
                if group == first:
                    out[f["id"]] = (True, by_group[second][k] if k < len(by_group[second]) else None)
                else:
                    out[f["id"]] = (k >= len(by_group[first]), None)
    return out


def _group_rank(group: str) -> int:
    return GROUP_ORDER.index(group) if group in GROUP_ORDER else 9


def _walk(ctx, type_: str, form: str) -> list[tuple[int, int | None]]:
    """What judge_form walks on a form: each fact judged, by its place in reading order, with its twin's place
    (None without a twin). Every rule walks every form: worked out once per document."""
    return ctx.memo(("walk", type_, form), lambda: _walk_of(ctx, type_, form))


def _walk_of(ctx, type_: str, form: str) -> list[tuple[int, int | None]]:
    facts = _in_order(ctx, type_, form)
    place = {f["id"]: i for i, f in enumerate(facts)}
    twins = _twins(ctx, type_, form)
    out = []
    for i, f in enumerate(facts):
        lead, twin = twins[f["id"]]
        if lead:  # the 年度 fact of a pair is judged with its 实施期 twin
            out.append((i, None if twin is None else place[twin["id"]]))
    return out


def judge_form(rule, form: dict, ctx, type_: str = "indicator") -> None:
    """Judge every indicator (or branch) of one form that `rule.applies` to, through `rule.judge_one`; a pair
    of twins (实施期 and 年度) gives one finding. A form with none of them: not applicable, naming `rule.scope`."""
    facts = _in_order(ctx, type_, form["form"])
    applies = list(map(rule.applies, facts))  # by place in reading order
    if not any(applies):
        what, what_en = rule.scope
        ctx.not_applicable(
            f"{_form_root(form)} {what}",
            evidence=[{"line": form["line"], "label": "绩效目标表"}],
            note=f"该表没有{what}",
            note_en=f"the form has no {what_en}",
        )
        return
    judge_one = rule.judge_one
    col = _Collect(ctx)
    for i, j in _walk(ctx, type_, form["form"]):
        if j is None:
            if applies[i]:
                judge_one(facts[i], ctx)
            continue
        # a pair: the twin the rule is not about is left out; neither: nothing to record
        pair = (facts[i], facts[j])
        judged = pair if applies[i] and applies[j] else pair[:1] if applies[i] else pair[1:] if applies[j] else ()
        if judged:
            calls = col.collect(judge_one, judged)
            if calls:
                _record_pair(rule, pair, calls, ctx)


class _Collect:
    """Stands in for `ctx` while each twin is judged, keeping what would be recorded, with the twin judged."""

    def __init__(self, ctx) -> None:
        self._ctx = ctx
        self.judging: dict = {}
        self.calls: list[tuple[dict, str, str, dict]] = []  # (twin, status, subject, keywords)
        self.memo, self.facts = ctx.memo, ctx.facts  # asked for per indicator: no __getattr__ detour

    def __getattr__(self, name):
        return getattr(self._ctx, name)

    def collect(self, judge_one, facts) -> list[tuple[dict, str, str, dict]]:
        """What judging each of `facts` would record (one collector serves a whole form)."""
        self.calls = []
        for f in facts:
            self.judging = f
            judge_one(f, self)
        return self.calls

    def passed(self, subject, **kw):
        self.calls.append((self.judging, "pass", subject, kw))

    def failed(self, subject, **kw):
        self.calls.append((self.judging, "fail", subject, kw))

    def not_applicable(self, subject, **kw):
        self.calls.append((self.judging, "not_applicable", subject, kw))


def judge_paired(rule, fact: dict, ctx, judge_one, type_: str = "indicator") -> None:
    """Judge an indicator (or branch) together with its twin in the other column group: one finding that
    names both places, failing if either fails, at the higher severity."""
    lead, twin = twin_of(fact, ctx, type_)
    if lead:
        _judge_pair(rule, fact, twin, ctx, judge_one)


def _judge_pair(rule, fact: dict, twin: dict | None, ctx, judge_one) -> None:
    if twin is None:
        judge_one(fact, ctx)
        return
    pair = (fact, twin)
    calls = _Collect(ctx).collect(judge_one, pair)
    if calls:
        _record_pair(rule, pair, calls, ctx)


STATUS = {"fail": Status.FAIL, "pass": Status.PASS, "not_applicable": Status.NOT_APPLICABLE}


def _record_pair(rule, pair: tuple[dict, dict], calls: list[tuple[dict, str, str, dict]], ctx) -> None:
    """One finding for what the two twins' judgements would record: the worst status, both places cited."""
    statuses = [s for _, s, _, _ in calls]
    status = "fail" if "fail" in statuses else "not_applicable" if "not_applicable" in statuses else "pass"
    first, second = pair
    if first["line"] == second["line"]:  # line → the column groups printed on it
        groups_at = {first["line"]: f"{first['group']}、{second['group']}"}
    else:
        groups_at = {first["line"]: first["group"], second["line"]: second["group"]}
    # one pass over the judgements with the worst status (a finding per pair: ~180 a document)
    chosen: list[dict] = []
    actuals, notes, notes_en, evidence, seen = [], [], [], [], set()
    for f, s, subject, kw in calls:
        if s != status:
            continue
        if not chosen:
            f0, subject0, kw0 = f, subject, kw
        chosen.append(f)
        actuals.append(kw.get("actual"))
        if kw.get("note"):
            notes.append(kw["note"])
        if kw.get("note_en"):
            notes_en.append(kw["note_en"])
        for e in kw.get("evidence", ()):  # every place both judgements cite, each line once
            if e["line"] in seen:
                continue
            seen.add(e["line"])
            cited = groups_at.get(e["line"])
            evidence.append({**e, "label": cited + e.get("label", "")} if cited else e)
    actual = actuals[0]
    if len(actuals) > 1 and len(set(actuals)) > 1:
        actual = "；".join(f"{f['group']} {a}" for f, a in zip(chosen, actuals))
    severity = None
    if status == "fail":
        if len(chosen) < len(pair):
            groups = "、".join(f["group"] for f in chosen)
            notes.append(f"仅{groups}目标不符合")
            notes_en.append(f"only the {groups} target fails")
        severities = [kw.get("severity") or rule.severity for _, s, _, kw in calls if s == status]
        severity = max(severities, key=lambda s: RANK[Severity(s).value])
    ctx.record(
        STATUS[status],
        subject0.replace(f" › {f0['group']}", "", 1),
        expected=kw0.get("expected"),
        actual=actual,
        evidence=evidence,
        note="；".join(dict.fromkeys(notes)) if notes else "",  # each note once, in order
        note_en="; ".join(dict.fromkeys(notes_en)) if notes_en else "",
        severity=severity,
    )


def ev(ind: dict, label: str = "指标行") -> dict:
    return {"line": ind["line"], "label": label}


def value_of(ind: dict) -> indicators.Value:
    return parse_value(ind.get("value") or "")


# -- rules ------------------------------------------------------------------------------------------
class IND_001(Rule):
    """Every (一级, 二级) pair printed on a form is allowed by the indicator framework.

    The classic framework has 产出 → 数量/质量/时效/成本, 效益 → 经济/社会/生态效益、可持续影响 and
    满意度 → 服务对象满意度. Indicators whose 一级 or 二级 the reader could not place are reported as
    not applicable, naming the lines, so a reviewer can place them by hand.
    """

    title_zh = "一级、二级指标搭配符合框架"
    title_en = "Allowed 一级→二级 pairs"
    aliases = ("PERF-HIERARCHY-L1L2",)
    severity = Severity.ERROR
    basis = BASIS_88
    remedy = "按框架调整指标层级：把二级指标放到所属的一级指标下（如 社会效益指标 属于 效益指标）。"
    remedy_en = "File each 二级 under the 一级 the framework assigns it to."
    subject = "form"
    overridable = True  # perf2021 replaces the framework
    allowed: dict[str, tuple[str, ...]] = CLASSIC
    tolerated: dict[tuple[str, str], str] = {}
    framework = "经典框架（财预〔2015〕88号）"

    def judge(self, form, ctx):
        if not ctx.facts("branch", form=form["form"]) and not ctx.facts("indicator", form=form["form"]):
            ctx.not_applicable(
                f"{_form_root(form)} 绩效指标",
                evidence=[{"line": form["line"], "label": "绩效目标表"}],
                note="该表没有绩效指标",
                note_en="the form has no indicators",
            )
            return
        for b in ctx.facts("branch", form=form["form"]):
            judge_paired(self, b, ctx, self._pair, "branch")  # the same branch in both groups: one finding
        for ind in ctx.facts("indicator", form=form["form"]):
            if ind.get("level1") is None or ind.get("level2") is None:
                missing = "一级" if ind.get("level1") is None else "二级"
                problem = next((p["message"] for p in ctx.facts("problem") if ind["line"] in p.get("lines", [])), "")
                ctx.not_applicable(
                    ind_subject(ind, ctx),
                    actual=f"{missing}指标无法确定",
                    evidence=[ev(ind)],
                    note=(problem or f"抽取时无法确定该行的{missing}指标") + "，请对照原表人工归类",
                    note_en=f"the reader could not place this row's {'一级' if missing == '一级' else '二级'}; place it by hand",
                )

    def _pair(self, b, ctx):
        subject = branch_subject(b, ctx)
        l1, l2 = b.get("level1"), b["level2"]
        evidence = [{"line": b["line"], "label": "二级指标标签"}]
        if l1 is None:
            ctx.not_applicable(
                subject,
                actual=f"？ › {l2}",
                evidence=evidence,
                note="该二级指标所属的一级指标无法从版面确定",
                note_en="the 一级 of this branch could not be read",
            )
            return
        pair = f"{l1} › {l2}"
        if l2 in self.allowed.get(l1, ()):
            ctx.passed(subject, expected=f"{l1}下的二级指标", actual=pair, evidence=evidence)
        elif (l1, l2) in self.tolerated:
            ctx.passed(
                subject,
                expected=f"{l1}下的二级指标",
                actual=pair,
                evidence=evidence,
                note=self.tolerated[(l1, l2)],
                note_en="tolerated: seen on local forms, not in the framework",
            )
        else:
            home = next((k for k, v in self.allowed.items() if l2 in v), None)
            if l1 not in self.allowed:
                expected = "一级指标应为 " + "、".join(self.allowed)
            else:
                expected = f"{l1}下应为 " + "、".join(self.allowed[l1])
            if l2 in self.allowed:
                why = f"{self.framework}中 {l2} 是一级指标，下设 " + "、".join(self.allowed[l2])
            else:
                why = f"{self.framework}中 {l2} 属于 {home}" if home else f"{self.framework}中没有 {l2}"
            ctx.failed(
                subject,
                expected=expected,
                actual=pair,
                evidence=evidence,
                note=why,
                note_en=f"{l2} is not allowed under {l1} in this framework",
            )


class IND_002(Rule):
    """Every 二级 printed on a form has at least one 三级 indicator with a value (no empty branches).

    An empty 二级 row promises a target the form then does not set.
    """

    title_zh = "二级指标下无空分支"
    title_en = "No empty 二级 branches"
    aliases = ("PERF-NO-EMPTY-BRANCH",)
    severity = Severity.ERROR
    basis = BASIS_88
    remedy = "为该二级指标设置至少一个带指标值的三级指标；确实不适用的二级指标应删除该行。"
    remedy_en = "Give the branch at least one 三级 indicator with a value, or remove the row."
    subject = "form"
    scope = ("二级指标", "二级 branches")

    def judge(self, form, ctx):
        judge_form(self, form, ctx, "branch")

    def applies(self, b) -> bool:
        return True

    def judge_one(self, b, ctx):
        under = ctx.memo(("under", b["form"]), lambda: _under_branches(ctx, b["form"])).get((b["group"], b["line"]), [])
        valued = [i for i in under if i["value_kind"] != "empty"]
        evidence = [{"line": b["line"], "label": "二级指标标签"}] + [ev(i) for i in under[:3]]
        subject = branch_subject(b, ctx)
        if valued:
            ctx.passed(
                subject, expected="至少1个有指标值的三级指标", actual=f"{len(valued)}个三级指标", evidence=evidence
            )
        elif under:
            ctx.failed(
                subject,
                expected="至少1个有指标值的三级指标",
                actual=f"{len(under)}个三级指标均无指标值",
                evidence=evidence,
                note="该二级指标下的三级指标都没有填指标值",
                note_en="no 三级 under it has a value",
            )
        else:
            # a template row left blank: the reviewer deletes or fills it, but nothing stated is wrong
            ctx.failed(
                subject,
                expected="至少1个有指标值的三级指标",
                actual="空分支（无三级指标）",
                evidence=evidence,
                severity=Severity.WARNING,
                note=f"{b['level2']}只列了标签，下面没有三级指标",
                note_en="the 二级 is printed with nothing under it",
            )


def _under_branches(ctx, form: str) -> dict[tuple, list[dict]]:
    """(group, branch line) → the indicators under that branch, in fact order: one pass over a form."""
    out: dict[tuple, list[dict]] = {}
    for i in ctx.facts("indicator", form=form):
        out.setdefault((i["group"], i.get("branch_line")), []).append(i)
    return out


class IND_003(Rule):
    """Every 三级 indicator has a 指标值."""

    title_zh = "三级指标均有指标值"
    title_en = "Every 三级 has a value"
    aliases = ("PERF-VALUE-PRESENT",)
    severity = Severity.ERROR
    basis = BASIS_88
    remedy = "为每个三级指标填写指标值（比较符+数值+单位，或分级的定性表述）。"
    remedy_en = "Give every 三级 indicator a value."
    subject = "form"
    scope = ("三级指标", "三级 indicators")

    def judge(self, form, ctx):
        judge_form(self, form, ctx)

    def applies(self, ind) -> bool:
        return True

    def judge_one(self, ind, ctx):
        v = value_of(ind)
        if v.kind == "empty":
            ctx.failed(
                ind_subject(ind, ctx),
                expected="有指标值",
                actual=f"“{ind['value']}”" if ind["value"] else "（空）",
                evidence=[ev(ind)],
                note=f"{shown(ind)}：没有指标值",
                note_en="no value",
            )
        else:
            ctx.passed(ind_subject(ind, ctx), expected="有指标值", actual=v.show(), evidence=[ev(ind)])


_RATE_NAME = re.compile(r"(率|占比|比例|比重|覆盖面)$")
_COUNT_NAME = re.compile(r"(人数|次数|个数|户数|家数|场次|件数|数量|人次|数)$")


class IND_004(Rule):
    """A quantitative 指标值 reads as comparator + number + unit, and its unit fits the indicator's name.

    A rate (…率, …占比) is a percentage; a count (…人数, …数量) is not.
    """

    title_zh = "定量指标值格式规范"
    title_en = "Quantitative values well formed"
    aliases = ("PERF-VALUE-FORM",)
    severity = Severity.WARNING
    basis = BASIS_88
    remedy = "定量指标值写成“比较符+数值+计量单位”（如 ≥90%、≥300人、≤360万元），单位与指标名称相符。"
    remedy_en = "Write quantitative values as comparator + number + unit, with a unit that fits the name."
    subject = "form"
    scope = ("定量指标值", "quantitative values")

    def judge(self, form, ctx):
        judge_form(self, form, ctx)

    def applies(self, ind) -> bool:
        v = value_of(ind)  # dates, periods and words are judged by IND-005…009
        return v.number is not None or v.kind == "other"

    def judge_one(self, ind, ctx):
        v = value_of(ind)
        subject = ind_subject(ind, ctx)
        name = squash(ind["name"])
        if v.kind == "other":
            why = "有数值但没有计量单位" if v.number is not None and not v.unit else "无法读成“比较符+数值+单位”"
            ctx.failed(
                subject,
                expected="比较符+数值+单位",
                actual=v.show(),
                evidence=[ev(ind)],
                note=f"{shown(ind)}：{why}",
                note_en="number without a unit" if v.number is not None else "unreadable value",
            )
        elif _RATE_NAME.search(name) and v.kind != "percent":
            ctx.failed(
                subject,
                expected="百分比（名称是比率）",
                actual=v.show(),
                evidence=[ev(ind)],
                note=f"{shown(ind)}：名称是比率，指标值却是{KIND_ZH[v.kind]}（{v.unit}）",
                note_en="the name is a rate but the value is not a percentage",
            )
        elif _COUNT_NAME.search(name) and v.kind == "percent":
            ctx.failed(
                subject,
                expected="计数（名称是数量）",
                actual=v.show(),
                evidence=[ev(ind)],
                note=f"{shown(ind)}：名称是数量，指标值却是百分比",
                note_en="the name is a count but the value is a percentage",
            )
        else:
            ctx.passed(subject, expected="比较符+数值+单位", actual=v.show(), evidence=[ev(ind)])


class IND_005(Rule):
    """满意度 indicators measure satisfaction and their value is a percentage."""

    title_zh = "满意度指标为百分比"
    title_en = "Satisfaction values are percentages"
    aliases = ("PERF-SATISFACTION",)
    severity = Severity.ERROR
    basis = BASIS_PRACTICE
    remedy = "满意度三级指标写成满意度（率），指标值用百分比，如 ≥90%。"
    remedy_en = "State satisfaction as a percentage, e.g. ≥90%."
    subject = "form"
    scope = ("满意度指标", "satisfaction indicators")

    def judge(self, form, ctx):
        judge_form(self, form, ctx)

    def applies(self, ind) -> bool:
        level2 = ind.get("level2")  # asked of every indicator of every form: no helper call
        return level2 in SATISFACTION_L2 or (level2 is None and ind.get("level1") == "满意度指标")

    def judge_one(self, ind, ctx):
        v = value_of(ind)
        subject = ind_subject(ind, ctx)
        named = indicators.is_satisfaction_name(ind["name"])
        if v.kind == "percent" and (v.number is None or v.number <= 100):
            if named:
                ctx.passed(subject, expected="满意度百分比", actual=v.show(), evidence=[ev(ind)])
            else:
                ctx.failed(
                    subject,
                    expected="满意度（率）指标",
                    actual=f"{ind['name']} {ind['value']}",
                    evidence=[ev(ind)],
                    severity=Severity.WARNING,
                    note=f"{shown(ind)}：百分比没错，但名称不是满意度度量",
                    note_en="a percentage, but the name is not a satisfaction measure",
                )
        elif v.kind == "other" and v.number is not None and not v.unit and 0 < v.number <= 100 and named:
            ctx.passed(
                subject,
                expected="满意度百分比",
                actual=v.show(),
                evidence=[ev(ind)],
                note="数值未标注“%”，按百分比理解（见 IND-004）",
                note_en="no % sign; read as a percentage",
            )
        else:
            what = KIND_ZH[v.kind] + (f"（单位 {v.unit}）" if v.unit else "")
            extra = "" if named else "；名称也不是满意度度量"
            ctx.failed(
                subject,
                expected="满意度百分比（如 ≥90%）",
                actual=v.show(),
                evidence=[ev(ind)],
                severity=Severity.WARNING if v.kind == "qualitative" else None,  # vague, not a wrong measure
                note=f"{shown(ind)}：满意度指标应为百分比，此处是{what}{extra}",
                note_en=f"a satisfaction indicator must be a percentage; this is a {v.kind}",
            )


class IND_006(Rule):
    """时效 indicators state a deadline, a period or a timeliness rate.

    Bare “及时” is a time requirement without a date: it passes here and IND-009 hints at the vagueness;
    a count or a grade is not a time at all.
    """

    title_zh = "时效指标为时限或时间要求"
    title_en = "Timeliness values are deadlines or periods"
    aliases = ("PERF-TIMELINESS",)
    severity = Severity.ERROR
    basis = BASIS_PRACTICE
    remedy = "时效指标写明完成时限（如“9月底前”“季后15日内”）、期间（“全年”）或及时率（≥95%）。"
    remedy_en = "State a deadline ('9月底前'), a period ('全年') or a timeliness rate (≥95%)."
    subject = "form"
    scope = ("时效指标", "timeliness indicators")

    def judge(self, form, ctx):
        judge_form(self, form, ctx)

    def applies(self, ind) -> bool:
        return ind.get("level2") == "时效指标"

    def judge_one(self, ind, ctx):
        v = value_of(ind)
        subject = ind_subject(ind, ctx)
        if v.vague:  # a deadline wording without a date: the vagueness is IND-009's hint, not a wrong form
            ctx.passed(
                subject,
                expected="时限、期间或及时率",
                actual=v.show(),
                evidence=[ev(ind)],
                note=f"“{v.raw}”是时间要求但未给出具体时限（见 IND-009）",
                note_en="a time requirement without a date (see IND-009)",
            )
        elif v.kind in ("deadline", "period", "percent"):
            ctx.passed(subject, expected="时限、期间或及时率", actual=v.show(), evidence=[ev(ind)])
        else:
            what = KIND_ZH[v.kind] + (f"（单位 {v.unit}）" if v.unit else "")
            ctx.failed(
                subject,
                expected="时限、期间或及时率（如 9月底前、全年、≥95%）",
                actual=v.show(),
                evidence=[ev(ind)],
                severity=Severity.WARNING if v.kind == "qualitative" else None,  # vague, not a wrong measure
                note=f"{shown(ind)}：时效指标应为时间要求，此处是{what}",
                note_en=f"a timeliness indicator must be a time; this is a {v.kind}",
            )


class IND_007(Rule):
    """成本 indicators are money (a total or a unit cost, normally a ceiling ≤); cost-type values are not
    filed under 效益 or 满意度.
    """

    title_zh = "成本指标为金额"
    title_en = "Cost values are money"
    aliases = ("PERF-COST",)
    severity = Severity.ERROR
    basis = Basis("财预〔2021〕101号", "成本指标（预期控制范围）", via="qddinggu.cn 转载")
    remedy = "成本指标写成金额上限（如 ≤360万元、≤400元/人·天）；人均、单价类金额放在成本指标下，不放在效益或满意度下。"
    remedy_en = "State cost as a money ceiling; file unit costs under 成本, not under 效益 or 满意度."
    subject = "form"
    overridable = True  # perf2021: 成本 becomes a 一级
    scope = ("成本指标或成本类指标值", "cost indicators or cost-type values")

    def judge(self, form, ctx):
        judge_form(self, form, ctx)

    def applies(self, ind) -> bool:
        v = value_of(ind)
        if self.is_cost(ind):
            return v.kind != "empty"
        return self._misfiled_cost(ind, v)

    @staticmethod
    def _misfiled_cost(ind, v) -> bool:
        """A unit cost or a ceiling filed under 效益 or 满意度."""
        return (
            ind.get("level1") in ("效益指标", "满意度指标")
            and v.kind == "money"
            and bool(v.per or v.comparator in ("≤", "<"))
        )

    def is_cost(self, ind) -> bool:
        """Does this indicator have to be money?"""
        return ind.get("level2") == "成本指标" or ind.get("level1") == "成本指标"

    def judge_one(self, ind, ctx):
        v = value_of(ind)
        subject = ind_subject(ind, ctx)
        if self.is_cost(ind):
            if v.kind == "money":
                note = "" if v.comparator in ("≤", "<") else "成本指标通常写成控制上限（≤）"
                ctx.passed(
                    subject,
                    expected="金额（总额或单位成本）",
                    actual=v.show(),
                    evidence=[ev(ind)],
                    note=note,
                    note_en="cost is normally a ceiling (≤)" if note else "",
                )
            elif v.kind != "empty":
                what = KIND_ZH[v.kind] + (f"（单位 {v.unit}）" if v.unit else "")
                # "符合财政标准" under 成本 points at a standard without stating it: worth a fix, not an error
                ctx.failed(
                    subject,
                    expected="金额（如 ≤360万元、≤400元/人·天）",
                    actual=v.show(),
                    evidence=[ev(ind)],
                    severity=Severity.WARNING if v.kind == "qualitative" else None,
                    note=f"{shown(ind)}：成本指标应为金额，此处是{what}",
                    note_en=f"a cost indicator must be money; this is a {v.kind}",
                )
        elif self._misfiled_cost(ind, v):
            kind = f"单位成本（元/{v.per}）" if v.per else "费用上限"
            ctx.failed(
                subject,
                expected=f"{kind}放在成本指标下",
                actual=v.show(),
                evidence=[ev(ind)],
                severity=Severity.WARNING,  # the amount is right, only its place in the tree is not
                note=f"{shown(ind)}：这是{kind}，属于成本指标，不是{ind.get('level2') or ind['level1']}",
                note_en="a cost-type value filed under a benefit/satisfaction branch",
            )


class IND_008(Rule):
    """质量 indicators are rates or standards attained, not counts."""

    title_zh = "质量指标为比率或标准"
    title_en = "Quality values are rates or standards"
    aliases = ("PERF-QUALITY",)
    severity = Severity.WARNING
    basis = BASIS_PRACTICE
    remedy = "质量指标写成合格率、达标率等百分比，或写明达到的标准（如“达到XX标准”）。"
    remedy_en = "State quality as a rate (合格率 ≥95%) or a standard attained."
    subject = "form"
    scope = ("质量指标", "quality indicators")

    def judge(self, form, ctx):
        judge_form(self, form, ctx)

    def applies(self, ind) -> bool:
        return ind.get("level2") == "质量指标" and value_of(ind).kind != "empty"

    def judge_one(self, ind, ctx):
        v = value_of(ind)
        subject = ind_subject(ind, ctx)
        if v.kind == "percent":
            ctx.passed(subject, expected="比率或标准", actual=v.show(), evidence=[ev(ind)])
        elif v.kind == "qualitative":
            note = "" if indicators.is_standard(v.raw) else "定性等级，不是可核验的标准（见 IND-009）"
            ctx.passed(
                subject,
                expected="比率或标准",
                actual=v.show(),
                evidence=[ev(ind)],
                note=note,
                note_en="a grade, not a verifiable standard" if note else "",
            )
        elif v.kind != "empty":
            what = KIND_ZH[v.kind] + (f"（单位 {v.unit}）" if v.unit else "")
            ctx.failed(
                subject,
                expected="比率（如 合格率≥95%）或达到的标准",
                actual=v.show(),
                evidence=[ev(ind)],
                note=f"{shown(ind)}：质量指标应为比率或标准，此处是{what}",
                note_en=f"a quality indicator must be a rate or a standard; this is a {v.kind}",
            )


class IND_009(Rule):
    """Qualitative 指标值 (良好, 提高, 形成典范 …) are flagged: targets should be quantified where possible,
    and graded ("分级分档") where not.
    """

    title_zh = "定性指标值提示"
    title_en = "Qualitative values flagged"
    aliases = ("PERF-QUALITATIVE",)
    severity = Severity.INFO
    basis = Basis("财预〔2015〕88号", "细化量化原则（难以量化的分级分档表述）")
    remedy = "能量化的指标改为定量值（如 知晓率≥80%）；确需定性的，按“好/较好/一般”等分级分档表述并说明评判标准。"
    remedy_en = "Quantify where possible; otherwise grade the qualitative value and state the yardstick."
    subject = "form"
    overridable = True  # perf2021 weighs it as a warning

    def judge(self, form, ctx):
        """One hint per form that lists its places; an indicator in both column groups is one place."""
        vague: list[tuple[dict, str]] = []
        for ind in _in_order(ctx, "indicator", form["form"]):
            v = value_of(ind)
            if v.kind == "qualitative" or v.vague:
                vague.append((ind, v.raw))
        subject = f"{_form_root(form)} 定性指标值"
        n = len(ctx.facts("indicator", form=form["form"]))
        if not n:
            ctx.not_applicable(
                subject,
                evidence=[{"line": form["line"], "label": "绩效目标表"}],
                note="该表没有绩效指标",
                note_en="the form has no indicators",
            )
            return
        if not vague:
            ctx.passed(
                subject,
                expected="量化的指标值",
                actual=f"{n}个指标值均为定量或时限",
                evidence=[{"line": form["line"], "label": "绩效目标表"}],
            )
            return
        items, lines = [], []
        for ind, raw in vague:
            item = f"{ind['name']}“{raw}”"
            if item not in items:
                items.append(item)
            if ind["line"] not in lines:
                lines.append(ind["line"])
        ctx.failed(
            subject,
            expected="量化的指标值",
            actual=f"{len(items)}个指标值为定性或未给出时限",
            evidence=[{"line": n, "label": "定性指标值"} for n in lines],
            note="、".join(items),
            note_en=f"{len(items)} qualitative or dateless values: " + ", ".join(items),
        )


_ECONOMIC_NAME = re.compile(r"(营业收入|营收|利润|税收|纳税|产值|销售|研发费用|研发投入|投资|融资|贷款|收入|增加值)")


class IND_010(Rule):
    """Economic money indicators (营业收入, 研发费用, 税收 …) are filed under 经济效益, not 社会/生态效益."""

    title_zh = "经济类指标归入经济效益"
    title_en = "Money-type effects filed under 经济效益"
    aliases = ("PERF-EFFECT-TYPE",)
    severity = Severity.INFO
    basis = BASIS_88
    remedy = "把营业收入、研发费用、税收等经济量指标移到经济效益指标下。"
    remedy_en = "Move revenue, R&D spending, tax and similar indicators under 经济效益."
    subject = "form"
    scope = ("社会、生态效益等非经济效益指标", "non-economic effect indicators")

    def judge(self, form, ctx):
        judge_form(self, form, ctx)

    def applies(self, ind) -> bool:
        if ind.get("level1") != "效益指标" or ind.get("level2") in (None, "经济效益指标"):
            return False
        v = value_of(ind)  # a cost-type value is IND-007's business
        return not (v.kind == "empty" or (v.kind == "money" and (v.per or v.comparator in ("≤", "<"))))

    def judge_one(self, ind, ctx):
        v = value_of(ind)
        subject = ind_subject(ind, ctx)
        economic = v.kind == "money" or _ECONOMIC_NAME.search(ind["name"])
        if economic:
            ctx.failed(
                subject,
                expected="经济效益指标",
                actual=f"{ind['level2']}：{ind['name']} {ind['value']}",
                evidence=[ev(ind)],
                note=f"{shown(ind)}：经济量（金额、收入、研发费用等）应归入经济效益指标",
                note_en="an economic quantity filed under a non-economic effect",
            )
        else:
            ctx.passed(subject, expected=f"{ind['level2']}（非经济量）", actual=v.show(), evidence=[ev(ind)])


def _groups(ctx, form) -> dict[str, list[dict]]:
    """Column group → its indicators in reading order (IND-011 and IND-012 both ask: once per document)."""
    return ctx.memo(("groups", form["form"]), lambda: _by_group(_in_order(ctx, "indicator", form["form"])))


def _by_group(inds: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for ind in inds:
        out.setdefault(ind["group"], []).append(ind)
    return out


def _form_root(form: dict) -> str:
    return "部门整体绩效目标" if form["kind"] == "whole" else form["name"]


class IND_011(Rule):
    """No 三级 indicator appears twice in one column group."""

    title_zh = "同一列组内三级指标不重复"
    title_en = "No duplicated 三级 in one column group"
    aliases = ("PERF-DUP",)
    severity = Severity.WARNING
    basis = BASIS_PRACTICE
    remedy = "删除重复的三级指标，或把两者改成可区分的名称和指标值。"
    remedy_en = "Remove the duplicate or make the two indicators distinct."
    subject = "form"

    def judge(self, form, ctx):
        groups = _groups(ctx, form)
        if not groups:
            ctx.not_applicable(
                f"{_form_root(form)} 三级指标",
                evidence=[{"line": form["line"], "label": "绩效目标表"}],
                note="该表没有绩效指标",
                note_en="the form has no indicators",
            )
            return
        dups_by_group: dict[str, dict[str, list[dict]]] = {}
        for group, inds in groups.items():
            seen: dict[str, list[dict]] = {}
            for ind in inds:
                seen.setdefault(squash(ind["name"]), []).append(ind)
            dups_by_group[group] = {k: v for k, v in seen.items() if len(v) > 1}
        done: set[str] = set()
        for group, inds in groups.items():
            dups = dups_by_group[group]
            for key, same in dups.items():
                both = [g for g in groups if key in dups_by_group[g]]
                if key in done:
                    continue
                if len(both) > 1:  # duplicated in 实施期 and in 年度: one finding citing both
                    done.add(key)
                    rows = [i for g in both for i in dups_by_group[g][key]]
                    where = "；".join(
                        f"{g}：" + "、".join(f"“{i['value']}”" for i in dups_by_group[g][key]) for g in both
                    )
                    ctx.failed(
                        f"{_form_root(form)} › {same[0]['name']}",
                        expected="每个列组只出现一次",
                        actual="、".join(f"{g}出现{len(dups_by_group[g][key])}次" for g in both),
                        evidence=[ev(i, f"{i['group']}指标行") for i in rows],
                        note=f"两个列组中都重复：{where}",
                        note_en="duplicated in both column groups",
                    )
                    continue
                where = "；".join(f"{i.get('level2') or '（二级未定）'} “{i['value']}”" for i in same)
                ctx.failed(
                    f"{_form_root(form)} › {group} › {same[0]['name']}",
                    expected="只出现一次",
                    actual=f"出现{len(same)}次",
                    evidence=[ev(i) for i in same],
                    note=f"同一列组中重复：{where}",
                    note_en=f"appears {len(same)} times in one column group",
                )
            if not dups:
                ctx.passed(
                    f"{_form_root(form)} › {group}",
                    expected="三级指标不重复",
                    actual=f"{len(inds)}个三级指标，无重复",
                    evidence=[ev(inds[0], "首个指标行")] if inds else [],
                )


class IND_012(Rule):
    """A 三级 indicator listed in both column groups (实施期 and 年度) sits under the same 二级 in both."""

    title_zh = "两个列组中同名三级指标的二级一致"
    title_en = "The same 三级 sits under the same 二级 in both column groups"
    aliases = ("PERF-GROUP-CONSISTENT",)
    severity = Severity.WARNING
    basis = BASIS_PRACTICE
    remedy = "实施期目标和年度目标中的同一指标应放在同一二级指标下；核对是否填错行。"
    remedy_en = "File the indicator under the same 二级 in both column groups."
    subject = "form"

    def judge(self, form, ctx):
        groups = _groups(ctx, form)
        root_ev = [{"line": form["line"], "label": "绩效目标表"}]
        if len(groups) < 2:
            ctx.not_applicable(
                f"{_form_root(form)} 两个列组",
                evidence=root_ev,
                note="该表只有一个列组（不分实施期和年度目标）",
                note_en="the form has one column group",
            )
            return
        (g1, a), (g2, b) = list(groups.items())[:2]
        first_b: dict[str, dict] = {}
        for ind in b:
            first_b.setdefault(squash(ind["name"]), ind)
        done: set[str] = set()
        for ind in a:
            key = squash(ind["name"])
            other = first_b.get(key)
            if other is None or key in done or ind.get("level2") is None or other.get("level2") is None:
                continue
            done.add(key)
            subject = f"{_form_root(form)} › {ind['name']}"
            evidence = [ev(ind, f"{g1}目标"), ev(other, f"{g2}目标")]
            if ind["level2"] == other["level2"]:
                ctx.passed(subject, expected="两组同一二级", actual=ind["level2"], evidence=evidence)
            else:
                ctx.failed(
                    subject,
                    expected="两组同一二级",
                    actual=f"{g1}：{ind['level2']}；{g2}：{other['level2']}",
                    evidence=evidence,
                    note=f"{g1}目标把它列在{ind['level1']} › {ind['level2']}，{g2}目标列在{other['level1']} › {other['level2']}",
                    note_en="filed under different 二级 in the two column groups",
                )
        if not done:
            ctx.not_applicable(
                f"{_form_root(form)} 两个列组",
                evidence=root_ev,
                note="两个列组中没有同名的三级指标",
                note_en="no 三级 name appears in both column groups",
            )
