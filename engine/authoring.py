"""The rule-authoring API: everything a rule module in `rulesets/` may import.

A rule is a small class (sqlfluff style). Its class name carries its id (`SUM_002` → `SUM-002`), its
attributes are its catalog entry (titles, severity, legal basis, remedy), its docstring is its user
documentation (first line, rationale, then **Failing** and **Passing** excerpts), and `judge` is the
judgement. `subject` names the kind of fact the rule judges; the runtime turns it into a durable-rules
condition behind the evaluate gate and calls `judge` once per matching fact.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from engine.report import Evidence

FAMILIES = ("TBL", "EMPTY", "SUM", "XTAB", "TEXT", "SANGONG", "JGYX", "PROC", "ASSET", "PERF", "IND",
            "SECT", "META")
_ID = re.compile(r"^(%s)-\d{3}$" % "|".join(FAMILIES))


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


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
        raw = self.tolerance_per_addend * max(addends, 0) * 100
        return math.ceil(raw) if raw > 0 else 0


class Rule:
    """Base class of every rule. Subclasses set the catalog attributes and implement `judge`."""

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
    subject: ClassVar[str] = "doc"            # fact type judged
    where: ClassVar[dict[str, Any]] = {}       # extra equality constraints on that fact
    priority: ClassVar[int] = 10              # durable salience (unsigned; lower runs first)
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
            raise TypeError(f"{cls.id}: a docstring with **Failing** and **Passing** examples is required")

    def judge(self, fact: dict[str, Any], ctx: "Ctx") -> None:  # pragma: no cover - abstract
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
    lines = text.splitlines()       # no expandtabs: excerpts are tab-separated table rows
    indents = [len(l) - len(l.lstrip(" ")) for l in lines[1:] if l.strip()]
    cut = min(indents) if indents else 0
    return "\n".join([lines[0].strip()] + [l[cut:] for l in lines[1:]]) if lines else ""


class Deriver:
    """An internal rule that only asserts derived facts for other rules (forward chaining)."""
    name: ClassVar[str] = ""
    subject: ClassVar[str] = "doc"
    where: ClassVar[dict[str, Any]] = {}
    priority: ClassVar[int] = 1

    def derive(self, fact: dict[str, Any], ctx: "Ctx") -> None:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class Pack:
    """A versioned rule pack (one durable-rules ruleset). Its metadata selects it (engine/registry.py): `kind`
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
    planned: list[tuple[str, str, str, str, str]] = field(default_factory=list)   # (id, zh, en, severity, basis)

    def __post_init__(self) -> None:
        if self.kind not in ("budget", "indicator"):
            raise ValueError(f"pack {self.name}: kind must be budget or indicator")
        self.first_year = self.first_year or int(self.effective_from[:4] or 0)

    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]


class Ctx:
    """What a judge sees: the document's facts, the config, and ways to record findings."""

    def __init__(self, run: Any, rule: Rule | Deriver, action: Any = None) -> None:
        self._run = run
        self.rule = rule
        self.config: Config = run.config
        self._action = action

    # -- reading facts -------------------------------------------------------------------------
    def facts(self, type_: str, **where: Any) -> list[dict[str, Any]]:
        return self._run.select(type_, where)

    def fact(self, type_: str, **where: Any) -> dict[str, Any] | None:
        found = self.facts(type_, **where)
        return found[0] if found else None

    def tolerance(self, addends: int) -> int:
        return self.config.tolerance(addends)

    # -- forward chaining ----------------------------------------------------------------------
    def derive(self, fact: dict[str, Any]) -> None:
        """Assert a derived fact (it must carry a unique `id` and a `type`); rules on it fire next."""
        self._run.derive(fact, self._action)

    # -- findings ------------------------------------------------------------------------------
    def record(self, status: Status, subject: str, *, expected: Any = None, actual: Any = None,
               evidence: Iterable[Any] = (), note: str = "", note_en: str = "",
               severity: Severity | None = None) -> None:
        self._run.record(self.rule, status, subject, expected=expected, actual=actual,
                         evidence=list(evidence), note=note, note_en=note_en, severity=severity)

    def passed(self, subject: str, **kw: Any) -> None:
        self.record(Status.PASS, subject, **kw)

    def failed(self, subject: str, **kw: Any) -> None:
        self.record(Status.FAIL, subject, **kw)

    def not_applicable(self, subject: str, **kw: Any) -> None:
        self.record(Status.NOT_APPLICABLE, subject, **kw)

    def error(self, subject: str, **kw: Any) -> None:
        self.record(Status.ERROR, subject, **kw)

    def compare(self, subject: str, expected: int | None, actual: int | None, *, addends: int = 2,
                evidence: Iterable[Any] = (), what: str = "", unit: str = "万元") -> bool:
        """Compare two amounts in hundredths with the rounding tolerance for `addends` figures.

        Equal → pass; a non-zero difference inside the tolerance → pass with a rounding note;
        outside → fail. A missing side → fail naming it. Returns True when it passed.
        """
        from engine.numbers import fmt

        ev = list(evidence)
        if expected is None or actual is None:
            self.failed(subject, expected=_show(expected, unit), actual=_show(actual, unit), evidence=ev,
                        note=f"{what or '金额'}缺失，无法核对", note_en=f"{what or 'amount'} missing")
            return False
        diff = actual - expected
        tol = self.tolerance(addends)
        if diff == 0:
            self.passed(subject, expected=fmt(expected, unit), actual=fmt(actual, unit), evidence=ev)
            return True
        if abs(diff) <= tol:
            self.passed(subject, expected=fmt(expected, unit), actual=fmt(actual, unit), evidence=ev,
                        note=f"差额 {fmt(abs(diff), unit)} 在舍入容差 {fmt(tol, unit)} 以内（{addends} 个舍入数）",
                        note_en=f"difference {fmt(abs(diff), unit)} within rounding tolerance {fmt(tol, unit)}")
            return True
        self.failed(subject, expected=fmt(expected, unit), actual=fmt(actual, unit), evidence=ev,
                    note=f"相差 {fmt(abs(diff), unit)}，超出舍入容差 {fmt(tol, unit)}",
                    note_en=f"off by {fmt(abs(diff), unit)}, beyond rounding tolerance {fmt(tol, unit)}")
        return False


    def compare_columns(self, subject: str, expected: dict[str, int], actual: dict[str, int], *,
                        addends: int, evidence: Iterable[Any] = (), unit: str = "万元") -> bool:
        """`compare` over several columns at once (one finding): fails on the first column outside the
        tolerance and names every such column in the note; rounding differences are noted on a pass."""
        from engine.numbers import fmt

        tol = self.tolerance(addends)
        off = [(c, expected[c], actual[c]) for c in expected if abs(actual[c] - expected[c]) > tol]
        rounding = [c for c in expected if 0 < abs(actual[c] - expected[c]) <= tol]
        ev = list(evidence)
        if off:
            col, exp, act = off[0]
            self.failed(subject, expected=f"{col} {fmt(exp, unit)}", actual=f"{col} {fmt(act, unit)}", evidence=ev,
                        note="不一致的栏目：" + "；".join(f"{c} 应为 {fmt(e, unit)}，实际 {fmt(a, unit)}" for c, e, a in off)
                        + f"（舍入容差 {fmt(tol, unit)}）",
                        note_en="columns off: " + "; ".join(f"{c} expected {fmt(e, unit)}, found {fmt(a, unit)}" for c, e, a in off))
            return False
        shown = next((c for c in expected if actual[c]), next(iter(expected), ""))
        note = note_en = ""
        if rounding:
            note = "、".join(rounding) + f" 存在舍入差（容差 {fmt(tol, unit)} 以内）"
            note_en = ", ".join(rounding) + f": rounding difference within {fmt(tol, unit)}"
        self.passed(subject, expected=f"{shown} {fmt(expected.get(shown, 0), unit)}",
                    actual=f"{shown} {fmt(actual.get(shown, 0), unit)}", evidence=ev, note=note, note_en=note_en)
        return True


def _show(value: int | None, unit: str) -> str:
    from engine.numbers import fmt
    return "（缺失）" if value is None else fmt(value, unit)
