"""The rule-authoring API: everything a rule module in `rulesets/` imports comes from here.

A rule is one class (sqlfluff style) in the module of its family (`rulesets/<pack>/<family>.py`). Its class
name carries its id (`SUM_002` → `SUM-002`), its attributes are its catalog entry (titles, severity, legal
basis, remedy), its docstring is its user documentation (first line = the obligation, then the rationale;
examples are cases: tests/rules/cases/<pack>/<RULE-ID>.yml, see `case_files()`), and `judge(fact, ctx)` is
the judgement. `subject` names the fact type the rule judges and `where` the conditions on it; the runtime
turns them into a durable-rules condition behind the evaluate gate and calls `judge` once per matching fact.
`needs` names facts without which the rule is not applicable: the rule then records `not_applicable`
automatically. The context (`Ctx`) gives a finding without evidence the judged fact's own location and
compares amounts, counts and percentages.

Adding a rule is one class in its family module plus one cases file; registration (`collect`, `Pack`) rejects a
duplicate id and a family that does not match the module. A pack that supersedes a baseline rule (`replaces`)
writes its own rule, or subclasses a public baseline rule that says `overridable = True` to keep its judgement
under its own titles and basis (shanxi2024's TBL-001 and TBL-003); private bases shared across packs are gone.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any, ClassVar

# The helpers a rule reads facts with, re-exported: rule modules import nothing else from the engine.
from gongkai.engine.pipeline import indicators, kinds, layouts  # noqa: F401  (module namespaces for rules)
from gongkai.engine.pipeline.figures import (  # noqa: F401
    FISCAL_FUNDS,
    FUNCTION_CLASSES,
    SOURCE_ROLES,
    amount_roles,
    children,
    code_rows,
    ev,
    evs,
    find,
    has_unique_codes,
    has_val,
    label,
    parent_codes,
    rows,
    source_parts,
    table,
    text,
    tname,
    unnamed_values,
    val,
)
from gongkai.engine.pipeline.identities import judge_equality  # noqa: F401  (the judgement of an identity fact)
from gongkai.engine.pipeline.indicators import parse_value  # noqa: F401
from gongkai.engine.pipeline.kinds import TARGET_KINDS  # noqa: F401
from gongkai.engine.pipeline.numbers import MONEY_UNIT, UNIT_FACTORS, convert, fmt, normalize, squash  # noqa: F401
from gongkai.engine.pipeline.statements import (  # noqa: F401
    FIGURES,
    LABELS,
    against_table,
    change_text,
    count,
    family,
    figure,
    first,
    judge_reason,
    pct,
    percent_agrees,
    percent_of,
    sev,
    stated_precision,
    statements,
    subject,
    topic_label,
    wan,
)
from gongkai.engine.pipeline.vocabulary import FAMILIES, Severity, Status

# The facts the engine derives for a pack that asks for them (Pack.derives; engine/pipeline/runtime.py runs them).
DERIVATIONS = ("identities", "claims", "needs_reason")
_ID = re.compile(r"^(%s)-\d{3}$" % "|".join(FAMILIES))


def _shipped(package: str, folder: str) -> Path:
    """A data folder the distribution ships as `package` (pyproject's package-dir maps tests/rules/cases and
    examples/ there), else the checkout's own folder."""
    from importlib.util import find_spec

    try:
        spec = find_spec(package)
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[1] / folder


def case_files() -> Path:
    """The folder of rule cases (`<pack>/<RULE-ID>.yml`): the one place that knows where they live."""
    return _shipped("gongkai.rulecases", "tests/rules/cases")


def bundled_example() -> Path:
    """The bundled Shanxi example, the `base: example` of rule cases."""
    return _shipped("gongkai.examples", "examples") / "shanxi-sme-bureau-2024.txt"


def template_of(ctx: Ctx) -> dict[str, Any]:
    """The chosen template (the `template` fact check() adds); the national baseline when run without one."""
    tpl = ctx.fact("template")
    if tpl is None:
        from gongkai.engine.templates import get

        tpl = ctx.memo(("national template",), lambda: get("national").fact("default", ""))  # once per document
    return tpl


def has_glossary(ctx: Ctx) -> bool:
    """A 名词解释 heading (numbered, or a plain title line), or an entry the reader took from one."""
    titles = [h.get("title") or "" for h in ctx.facts("heading")]
    titles += [text for _, text in template_of(ctx).get("title_lines", [])]
    return any("名词解释" in t for t in titles) or bool(statements(ctx, "def."))


def glossary_entry(ctx: Ctx, subj: str, topic: str, term: str, term_en: str) -> dict[str, Any] | None:
    """The glossary's definition of a term (statement topic `def.…`), or None once the reason is recorded: not
    applicable without any glossary (SECT-009 judges that), failed when the glossary lacks the term."""
    if not has_glossary(ctx):
        ctx.not_applicable(
            subj,
            actual="文中没有名词解释",
            note="名词解释缺失由 SECT-009 判定",
            note_en="the missing glossary is judged by SECT-009",
        )
        return None
    entries = statements(ctx, topic)
    if not entries:
        ctx.failed(
            subj,
            expected=f"定义{term}",
            actual="名词解释中未找到",
            evidence=[sev(d, "名词解释") for d in statements(ctx, "def.")[:1]],
            note=f"名词解释没有{term}条目",
            note_en=f"no {term_en} entry in the glossary",
        )
        return None
    return entries[0]


@dataclass(frozen=True)
class Basis:
    """Legal basis: document number and article, or 'practice'; `via` names the secondary source."""

    doc: str
    article: str = ""
    via: str = ""

    def text(self) -> str:
        out = self.doc + (f" {self.article}" if self.article else "")
        return out + (f"（经由：{self.via}）" if self.via else "")


PRACTICE = Basis("practice")


@dataclass
class Config:
    """Run settings that rules read. Amount tolerance is per rounded addend, in the table's unit."""

    tolerance_per_addend: Decimal = Decimal("0.005")
    percent_tolerance: Decimal = Decimal("0.01")
    approved_on: str | None = None
    published_on: str | None = None
    lang: str = "zh"

    def tolerance(self, addends: int) -> int:
        """Allowed |difference| in hundredths for a sum of `addends` rounded figures, ceiled to 0.01.

        `addends=0` means the same figure printed twice: it must match exactly."""
        return _tolerance(self.tolerance_per_addend, addends)


@lru_cache(maxsize=1024)  # Decimal arithmetic for every comparison (a few hundred a document) on a few addend counts
def _tolerance(per_addend: Decimal, addends: int) -> int:
    raw = per_addend * max(addends, 0) * 100
    return math.ceil(raw) if raw > 0 else 0


@dataclass(frozen=True)
class Need:
    """A fact a rule needs: when none matches, the rule records not_applicable instead of judging.

    `what` names the missing fact in the note; `subject` is the finding's subject (default: the rule's title)."""

    fact: str
    where: dict[str, Any] = field(default_factory=dict)
    what: str = ""
    what_en: str = ""
    subject: str = ""


_TABLE_ID = re.compile(r"^T\d{2}$")


_NEEDS: dict[type, tuple[tuple[Need | str, ...], tuple[Need, ...]]] = {}  # rule class -> (its needs, read)


def as_need(need: Need | str) -> Need:
    """`needs` items: a Need, a table id ('T05' = that table is published) or a fact type ('form')."""
    if isinstance(need, Need):
        return need
    if _TABLE_ID.match(need):
        return Need("table", {"table": need}, what=tname(need), what_en=f"table {need}")
    return Need(need)


class Rule:
    """Base class of every rule. Subclasses set the catalog attributes and implement `judge`.

    A rule may subclass another concrete rule only when that rule says `overridable = True` (a pack
    replacing a baseline rule with its own titles and basis, e.g. shanxi2024's TBL-001)."""

    id: ClassVar[str] = ""
    family: ClassVar[str] = ""
    title_zh: ClassVar[str] = ""
    title_en: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.ERROR
    basis: ClassVar[Basis] = PRACTICE
    rationale: ClassVar[str] = ""
    remedy: ClassVar[str] = ""
    remedy_en: ClassVar[str] = ""
    aliases: ClassVar[tuple[str, ...]] = ()
    tags: ClassVar[tuple[str, ...]] = ()
    subject: ClassVar[str] = "doc"  # fact type judged
    where: ClassVar[dict[str, Any]] = {}  # extra equality constraints on that fact
    needs: ClassVar[tuple[Need | str, ...]] = ()  # facts that must exist, else not_applicable (automatic)
    replaces: ClassVar[tuple[str, ...]] = ()  # baseline rule ids this pack's rule supersedes
    overridable: ClassVar[bool] = False  # another pack may subclass this rule
    priority: ClassVar[int] = 10  # durable salience (unsigned; lower runs first)
    implemented: ClassVar[bool] = True

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if cls.__name__.startswith("_"):
            return
        cls.id = cls.__name__.replace("_", "-")
        if not _ID.match(cls.id):
            raise TypeError(f"rule class {cls.__name__}: id must look like FAMILY-NNN")
        cls.family = cls.id.split("-")[0]
        for attr in ("title_zh", "title_en", "remedy"):
            if not getattr(cls, attr):
                raise TypeError(f"{cls.id}: {attr} is required")
        if not cls.__doc__:
            raise TypeError(f"{cls.id}: a docstring (the obligation, then its rationale) is required")

    @classmethod
    def overrides(cls) -> list[type[Rule]]:
        """The concrete rules this rule subclasses that do not say `overridable` (the contract test wants none)."""
        return [
            p
            for p in cls.__mro__[1:]
            if p is not Rule and issubclass(p, Rule) and p.id and not vars(p).get("overridable")
        ]

    def evaluate(self, fact: dict[str, Any], ctx: Ctx) -> None:
        """What the runtime calls: not_applicable when a `needs` fact is missing, else `judge`."""
        needs = _NEEDS.get(type(self))
        if needs is None or needs[0] is not self.needs:  # read once per rule class (as_need builds a Need)
            needs = _NEEDS[type(self)] = (self.needs, tuple(map(as_need, self.needs)))
        missing = [n for n in needs[1] if not ctx.facts(n.fact, **n.where)] if needs[1] else None
        if missing:
            ctx.not_applicable(
                missing[0].subject or self.title_zh,
                note=f"缺少{'、'.join(n.what or n.fact for n in missing)}，无法核对",
                note_en=f"missing: {', '.join(n.what_en or n.fact for n in missing)}",
            )
            return
        self.judge(fact, ctx)

    def judge(self, fact: dict[str, Any], ctx: Ctx) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- documentation -------------------------------------------------------------------------
    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """Docstring split by its **Heading** lines; '' holds the text before the first heading."""
        text = _dedent(cls.__doc__ or "")
        parts: dict[str, str] = {}
        current = ""
        for line in text.splitlines():
            m = re.match(r"^\*\*(\w+)\*\*\s*$", line.strip())
            if m:
                current = m.group(1)
                parts[current] = ""
                continue
            parts[current] = parts.get(current, "") + line + "\n"
        return {k: v.strip("\n") for k, v in parts.items()}

    @classmethod
    def example(cls, which: str) -> str:
        """The code block under **Failing** or **Passing**, as a disclosure excerpt."""
        block = cls.doc_sections().get(which, "")
        m = re.search(r"```[a-z]*\n(.*?)```", block + "\n", re.S)
        return m.group(1) if m else ""


def _dedent(text: str) -> str:
    lines = text.splitlines()  # no expandtabs: excerpts are tab-separated table rows
    indents = [len(l) - len(l.lstrip(" ")) for l in lines[1:] if l.strip()]
    cut = min(indents) if indents else 0
    return "\n".join([lines[0].strip()] + [l[cut:] for l in lines[1:]]) if lines else ""


class Deriver:
    """An internal rule that only asserts derived facts for other rules (forward chaining)."""

    name: ClassVar[str] = ""
    subject: ClassVar[str] = "doc"
    where: ClassVar[dict[str, Any]] = {}
    priority: ClassVar[int] = 1

    def derive(self, fact: dict[str, Any], ctx: Ctx) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class Pack:
    """A versioned rule pack (one durable-rules ruleset). Its metadata selects it (engine/workflow/registry.py): `kind`
    (budget or indicator), `jurisdiction` (a prefix of the template's: "CN", "CN-SX") and `first_year`, the first
    budget year it judges (by default the year of `effective_from`)."""

    name: str
    version: str
    title: str
    jurisdiction: str
    effective_from: str
    rules: list[type[Rule]] = field(default_factory=list)
    derivers: list[type[Deriver]] = field(default_factory=list)
    description: str = ""
    kind: str = "budget"
    first_year: int = 0
    planned: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # (id, zh, en, severity, basis)
    derives: tuple[str, ...] = ()  # engine-side derived facts the rules judge: DERIVATIONS

    def __post_init__(self) -> None:
        """Registration: a known kind; a rule id once per pack, and each rule of a family module
        (`<packages>.<pack>.<family>`) in a module that holds its family (an ad-hoc rule in a test module is not a
        family module's)."""
        if self.kind not in ("budget", "indicator"):
            raise ValueError(f"pack {self.name}: kind must be budget or indicator")
        unknown = set(self.derives) - set(DERIVATIONS)
        if unknown:
            raise ValueError(
                f"pack {self.name}: unknown derivations {sorted(unknown)} (known: {', '.join(DERIVATIONS)})"
            )
        self.first_year = self.first_year or int(self.effective_from[:4] or 0)
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"pack {self.name}: rule {rule.id} is registered twice")
            seen.add(rule.id)
            if rule.__module__.count(".") >= 2:
                _check_family(rule, sys.modules[rule.__module__])

    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]


def module_families(module: ModuleType) -> tuple[str, ...]:
    """The families a rule module may hold: its `RULE_FAMILIES`, else its name's head (`tbl` → TBL,
    `perf_forms` → PERF)."""
    declared = getattr(module, "RULE_FAMILIES", None)
    return tuple(declared) if declared else (module.__name__.rsplit(".", 1)[-1].split("_")[0].upper(),)


def collect(module: ModuleType) -> list[type[Rule]]:
    """The rule classes a module defines, in definition order (like sqlfluff's get_rules()); a rule whose
    family the module does not hold is refused."""
    found = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, Rule) and v.__module__ == module.__name__ and v.id
    ]
    for rule in found:
        _check_family(rule, module)
    return found


def _check_family(rule: type[Rule], module: ModuleType) -> None:
    allowed = module_families(module)
    if rule.family not in allowed:
        raise ValueError(f"{rule.id} is defined in {module.__name__}, which holds {'/'.join(allowed)} rules")


_UNSET = object()  # Ctx.memo: not worked out yet (None is a value)


class Ctx:
    """What a judge sees: the document's facts, the config, and ways to record findings.

    A finding recorded without evidence gets the judged fact's own location (the document title for a
    rule on the whole document), so "where is it?" always has an answer."""

    _LABELS = {
        "table": "表标题",
        "table_empty": "空表标题",
        "statement": "说明",
        "needs_reason": "说明",
        "form": "绩效目标表",
    }

    # one Ctx per rule activation (~750 a document): slots make building one and reading its fields cheaper
    __slots__ = ("_run", "rule", "config", "_action", "_fact")

    def __init__(self, run: Any, rule: Rule | Deriver, action: Any = None, fact: dict[str, Any] | None = None) -> None:
        self._run = run
        self.rule = rule
        self.config: Config = run.config
        self._action = action
        self._fact = fact

    def own_location(self) -> dict[str, Any]:
        """The judged fact's location: its line (and table), else the document title."""
        fact = self._fact or {}
        if fact.get("type") != "doc" and fact.get("line"):
            return {
                "line": fact["line"],
                "table": fact.get("table"),
                "label": self._LABELS.get(fact.get("type", ""), fact.get("type", "")),
            }
        doc = self.fact("doc") or {}
        return {"line": doc.get("line") or 1, "label": "文档（无更具体的位置）"}

    # -- reading facts -------------------------------------------------------------------------
    def facts(self, type_: str, **where: Any) -> list[dict[str, Any]]:
        return self._run.select(type_, where)

    def fact(self, type_: str, **where: Any) -> dict[str, Any] | None:
        found = self.facts(type_, **where)
        return found[0] if found else None

    def memo(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """A value worked out once per document and rule pack, e.g. a grouping every rule asks for. Compute it
        from reader facts only: derived facts may still arrive."""
        cache = self._run.cache
        found = cache.get(key, _UNSET)  # one lookup when it is known (rules ask ~1,300 times a document)
        if found is _UNSET:
            found = cache[key] = compute()
        return found

    def tolerance(self, addends: int) -> int:
        return self.config.tolerance(addends)

    # -- forward chaining ----------------------------------------------------------------------
    def derive(self, fact: dict[str, Any]) -> None:
        """Assert a derived fact (it must carry a unique `id` and a `type`); rules on it fire next."""
        self._run.derive(fact, self._action)

    # -- findings ------------------------------------------------------------------------------
    def record(
        self,
        status: Status,
        subject: str,
        *,
        expected: Any = None,
        actual: Any = None,
        evidence: Iterable[Any] = (),
        note: str = "",
        note_en: str = "",
        severity: Severity | None = None,
    ) -> None:
        located = [e for e in evidence if e] or [self.own_location()]  # a missing item (None) is dropped
        self._run.record(
            self.rule,
            status,
            subject,
            expected=expected,
            actual=actual,
            evidence=located,
            note=note,
            note_en=note_en,
            severity=severity,
        )

    def passed(self, subject: str, **kw: Any) -> None:
        self.record(Status.PASS, subject, **kw)

    def failed(self, subject: str, **kw: Any) -> None:
        self.record(Status.FAIL, subject, **kw)

    def not_applicable(self, subject: str, **kw: Any) -> None:
        self.record(Status.NOT_APPLICABLE, subject, **kw)

    def error(self, subject: str, **kw: Any) -> None:
        self.record(Status.ERROR, subject, **kw)

    def compare(
        self,
        subject: str,
        expected: int | None,
        actual: int | None,
        *,
        addends: int = 2,
        evidence: Iterable[Any] = (),
        what: str = "",
        unit: str = "万元",
    ) -> bool:
        """Compare two amounts in hundredths with the rounding tolerance for `addends` figures.

        Equal → pass; a non-zero difference inside the tolerance → pass with a rounding note;
        outside → fail. A missing side → fail naming it. Returns True when it passed.
        """
        ev = list(evidence)
        if expected is None or actual is None:
            self.failed(
                subject,
                expected=_show(expected, unit),
                actual=_show(actual, unit),
                evidence=ev,
                note=f"{what or '金额'}缺失，无法核对",
                note_en=f"{what or 'amount'} missing",
            )
            return False
        diff = actual - expected
        tol = self.tolerance(addends)
        if diff == 0:
            self.passed(subject, expected=fmt(expected, unit), actual=fmt(actual, unit), evidence=ev)
            return True
        if abs(diff) <= tol:
            self.passed(
                subject,
                expected=fmt(expected, unit),
                actual=fmt(actual, unit),
                evidence=ev,
                note=f"差额 {fmt(abs(diff), unit)} 在舍入容差 {fmt(tol, unit)} 以内（{addends} 个舍入数）",
                note_en=f"difference {fmt(abs(diff), unit)} within rounding tolerance {fmt(tol, unit)}",
            )
            return True
        self.failed(
            subject,
            expected=fmt(expected, unit),
            actual=fmt(actual, unit),
            evidence=ev,
            note=f"相差 {fmt(abs(diff), unit)}，超出舍入容差 {fmt(tol, unit)}",
            note_en=f"off by {fmt(abs(diff), unit)}, beyond rounding tolerance {fmt(tol, unit)}",
        )
        return False

    def compare_columns(
        self,
        subject: str,
        expected: dict[str, int],
        actual: dict[str, int],
        *,
        addends: int,
        evidence: Iterable[Any] = (),
        unit: str = "万元",
    ) -> bool:
        """`compare` over several columns at once (one finding): fails on the first column outside the
        tolerance and names every such column in the note; rounding differences are noted on a pass."""
        tol = self.tolerance(addends)
        off = [(c, expected[c], actual[c]) for c in expected if abs(actual[c] - expected[c]) > tol]
        rounding = [c for c in expected if 0 < abs(actual[c] - expected[c]) <= tol]
        ev = list(evidence)
        if off:
            col, exp, act = off[0]
            self.failed(
                subject,
                expected=f"{col} {fmt(exp, unit)}",
                actual=f"{col} {fmt(act, unit)}",
                evidence=ev,
                note="不一致的栏目："
                + "；".join(f"{c} 应为 {fmt(e, unit)}，实际 {fmt(a, unit)}" for c, e, a in off)
                + f"（舍入容差 {fmt(tol, unit)}）",
                note_en="columns off: "
                + "; ".join(f"{c} expected {fmt(e, unit)}, found {fmt(a, unit)}" for c, e, a in off),
            )
            return False
        shown = next((c for c in expected if actual[c]), next(iter(expected), ""))
        note = note_en = ""
        if rounding:
            note = "、".join(rounding) + f" 存在舍入差（容差 {fmt(tol, unit)} 以内）"
            note_en = ", ".join(rounding) + f": rounding difference within {fmt(tol, unit)}"
        self.passed(
            subject,
            expected=f"{shown} {fmt(expected.get(shown, 0), unit)}",
            actual=f"{shown} {fmt(actual.get(shown, 0), unit)}",
            evidence=ev,
            note=note,
            note_en=note_en,
        )
        return True

    def compare_count(
        self,
        subject: str,
        expected: int | None,
        actual: int | None,
        *,
        evidence: Iterable[Any] = (),
        what: str = "",
        unit: str = "个",
        note: str = "",
        note_en: str = "",
    ) -> bool:
        """Two counts (units, vehicles, projects …) must be equal; a missing side fails naming it.
        `note` (e.g. the breakdown that was added up) goes on the finding either way."""
        shown = {
            "expected": "（缺失）" if expected is None else f"{expected}{unit}",
            "actual": "（缺失）" if actual is None else f"{actual}{unit}",
        }
        ev = list(evidence)
        if expected is not None and expected == actual:
            self.passed(subject, **shown, evidence=ev, note=note, note_en=note_en)
            return True
        if expected is None or actual is None:
            why, why_en = f"{what or '数量'}缺失，无法核对", f"{what or 'count'} missing"
        else:
            why, why_en = (
                f"{what or '数量'}相差{abs(actual - expected)}{unit}",
                f"{what or 'count'} off by {abs(actual - expected)}",
            )
        self.failed(
            subject,
            **shown,
            evidence=ev,
            note="；".join(filter(None, (note, why))),
            note_en="; ".join(filter(None, (note_en, why_en))),
        )
        return False

    def compare_percent(
        self,
        subject: str,
        stated: int | None,
        part: int,
        whole: int,
        *,
        evidence: Iterable[Any] = (),
        what: str = "",
        note: str = "",
        note_en: str = "",
    ) -> bool:
        """A stated percentage (hundredths of a percent: 75.59% → 7559) against part ÷ whole × 100,
        within `config.percent_tolerance` percentage points; a zero whole is not applicable. `note` (e.g. how
        the whole was found) goes on the finding either way."""
        if not whole:
            self.not_applicable(subject, evidence=evidence, note="总额为0，占比无意义", note_en="the total is zero")
            return False
        expected = percent_of(part, whole)
        args = dict(expected=pct(expected), actual=pct(stated), evidence=evidence)
        if stated is not None and percent_agrees(self.config.percent_tolerance, stated, expected):
            self.passed(subject, **args, note=note, note_en=note_en)
            return True
        self.failed(
            subject,
            **args,
            note="；".join(
                filter(
                    None,
                    (note, f"{what or '占比'}：{fmt(part)}÷{fmt(whole)}×100={pct(expected)}，说明写作{pct(stated)}"),
                )
            ),
            note_en="; ".join(filter(None, (note_en, f"recomputed {pct(expected)}, stated {pct(stated)}"))),
        )
        return False


def _show(value: int | None, unit: str) -> str:
    return "（缺失）" if value is None else fmt(value, unit)
