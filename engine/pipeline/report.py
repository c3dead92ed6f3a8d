"""The report: plain data per the `gongkai.report/1` contract (docs/design.md), plus the exit-code policy."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from gongkai.engine import __version__
from gongkai.engine.pipeline.vocabulary import FAMILIES, Severity, Status

REPORT_SCHEMA = "gongkai.report/1"
FAIL_ON = ("error", "warning", "info", "never")


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str
    line: int | None = None
    table: str | None = None
    text: str = ""
    label: str | None = None  # what this line stands for, e.g. "表1 收入合计"
    page: int | None = None
    cell: str | None = None

    def where(self) -> str:
        """`path:line` for text; for PDF/DOCX/XLSX the place in that file: `path p.3 L12`, `path 表10!A5:E5`."""
        if self.page is None and self.cell is None:
            return f"{self.path}:{self.line}" if self.line else self.path
        place = " ".join(x for x in (f"p.{self.page}" if self.page else "", self.cell or "") if x)
        return f"{self.path} {place}"


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule_id: str
    status: str
    severity: str
    title: str
    message: str
    basis: str
    subject: str
    expected: str | None = None
    actual: str | None = None
    waived: bool = False
    evidence: list[Evidence] = Field(default_factory=list)
    family: str = ""
    pack: str = ""
    note: str = ""
    remedy: str = ""
    waiver_reason: str | None = None
    baselined: bool = False  # a known failure recorded in `--baseline`: reported, not counted by the exit code

    def sort_key(self) -> tuple:
        evidence = self.evidence
        first = (evidence[0].line or 0) if evidence else 0
        return (self.rule_id, natural(self.subject), self.status, first, self.message)


def normalise_line(text: str) -> str:
    """NFKC (full-width digits and spaces fold), whitespace runs to one space, trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


def fingerprint(f: Finding) -> str:
    """A failure's identity without the document's sha256 or line numbers (baselines, SARIF's
    `primaryLocationLineHash`): rule id + subject + the normalised text of the first evidence line."""
    line = next((e.text for e in f.evidence if e.line), f.evidence[0].text if f.evidence else "")
    key = "\x1f".join((f.rule_id, f.subject, normalise_line(line)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=1 << 14)  # every report sorts its 1,000 findings by subject; subjects repeat
def natural(text: str) -> tuple:
    """'表10' sorts after '表9'. Each part is three items (0, number, "") or (1, 0, text), flat: it compares as the
    tuple of parts would, without a comparison per part."""
    return tuple(x for p in re.split(r"(\d+)", text) if p for x in ((0, int(p), "") if p.isdigit() else (1, 0, p)))


class Tool(BaseModel):
    name: str = "gongkai"
    version: str = __version__


class DocumentInfo(BaseModel):
    path: str
    sha256: str
    department: str | None = None
    year: int | None = None


class TemplateInfo(BaseModel):
    """The jurisdiction template the document was judged against, and why (engine/templates)."""

    name: str
    title: str
    chosen_by: str  # document / option (--template) / ruleset / default (national baseline)
    note: str = ""


M = TypeVar("M", bound=BaseModel)
_KNOWN: dict[type, tuple[dict[str, Any], tuple[str, ...], set[str]]] = {}
_new = object.__new__
# the four slots BaseModel keeps an instance's state in, set by their own descriptors: around BaseModel's
# __setattr__ (which validates), and without object.__setattr__ looking each name up again (a third of the time)
_set_dict, _set_fields_set, _set_extra, _set_private = (
    BaseModel.__dict__[name].__set__
    for name in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
)


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """An instance of `cls` from values that already have its field types (the engine builds 1,000 findings and
    their evidence per document, and pydantic's validation of them was a tenth of the engine's time). Fields not
    given take their defaults; a field with a default factory must be given; a complete `values` is taken as it
    is, so it lists the fields in declaration order. Callers check the types they do not produce themselves and
    validate otherwise."""
    known = _KNOWN.get(cls)
    if known is None:
        fields = cls.model_fields  # a factory field's placeholder keeps its place in declaration order
        known = _KNOWN[cls] = (
            {n: f.default for n, f in fields.items()},
            tuple(n for n, f in fields.items() if f.default_factory is not None),
            set(fields),
        )
    defaults, factories, every_field = known
    obj = _new(cls)
    if len(values) == len(defaults):  # complete: as given
        _set_dict(obj, values)
        # every instance shares one set of all the field names: an assignment (pydantic adds the field's name)
        # leaves it as it is, and one set per finding and evidence was a tenth of the collector's work
        _set_fields_set(obj, every_field)
    else:
        for name in factories:
            if name not in values:
                raise ValueError(f"trusted({cls.__name__}): {name} must be given")
        _set_dict(obj, {**defaults, **values})
        _set_fields_set(obj, set(values))
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


SEVERITIES = ("error", "warning", "info")
_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")


def stake(f: Finding) -> Decimal:
    """The amount at stake in 万元: the gap between the expected and the actual amount, 0 when either has none."""

    def amount(text: str | None) -> Decimal | None:
        m = _AMOUNT.search(text or "")
        if not m:
            return None
        value = Decimal(m.group(1).replace(",", ""))
        return value if m.group(2) == "万元" else value / 10000

    exp, act = amount(f.expected), amount(f.actual)
    return abs(exp - act) if exp is not None and act is not None else Decimal(0)


def by_importance(f: Finding) -> tuple:
    """Severity first, then the amount at stake, then the family (catalogue order), then the stable order."""
    rank = SEVERITIES.index(f.severity) if f.severity in SEVERITIES else len(SEVERITIES)
    family = f.family or f.rule_id.split("-")[0]
    return (rank, -stake(f), FAMILIES.index(family) if family in FAMILIES else len(FAMILIES), f.sort_key())


class Summary(BaseModel):
    pass_: int = Field(0, alias="pass")
    fail: int = 0
    not_applicable: int = 0
    error: int = 0  # status "error": a rule crashed (not the error severity)
    waived: int = 0
    baselined: int = 0  # failures (counted in `fail`) that the baseline already knew
    new: int = 0  # failures the baseline did not know (fail - baselined)
    by_severity: dict[str, int] = Field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))  # failures
    by_rule: dict[str, int] = Field(default_factory=dict)  # failures per rule id, sorted
    model_config = ConfigDict(populate_by_name=True)


class Report(BaseModel):
    schema_: str = Field(REPORT_SCHEMA, alias="schema")
    tool: Tool = Field(default_factory=Tool)
    document: DocumentInfo
    rulesets: list[str]
    template: TemplateInfo | None = None
    summary: Summary = Field(default_factory=Summary)
    findings: list[Finding] = Field(default_factory=list)
    model_config = ConfigDict(populate_by_name=True)

    def finalize(self) -> Report:
        """Sort findings and recount: the same input always gives the same report."""
        self.findings.sort(key=Finding.sort_key)
        counts = dict.fromkeys(("pass", "fail", "not_applicable", "error", "waived", "baselined"), 0)
        by_severity = dict.fromkeys(SEVERITIES, 0)
        by_rule: dict[str, int] = {}
        for f in self.findings:  # plain counters: an assignment to a model field is a Python call
            if f.waived:
                counts["waived"] += 1
            elif f.status == "pass":
                counts["pass"] += 1
            elif f.status == "fail":
                counts["fail"] += 1
                counts["baselined"] += f.baselined
                by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
                by_rule[f.rule_id] = by_rule.get(f.rule_id, 0) + 1
            elif f.status == "not_applicable":
                counts["not_applicable"] += 1
            else:
                counts["error"] += 1
        self.summary = Summary(
            **counts,
            new=counts["fail"] - counts["baselined"],
            by_severity=by_severity,
            by_rule=dict(sorted(by_rule.items())),
        )
        return self

    def crashed(self) -> list[Finding]:
        """Findings whose rule itself broke (status "error", shown as 规则异常 / rule crashed)."""
        return [f for f in self.findings if f.status == Status.ERROR.value and not f.waived]

    def top_issues(self, n: int = 3) -> list[Finding]:
        """What to read first: new failures by severity, then by the amount at stake."""
        fails = sorted((f for f in self.failures() if not f.baselined), key=by_importance)
        return fails[:n]

    def failures(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "fail" and not f.waived]

    def exit_code(self, fail_on: str = "error") -> int:
        """0 nothing at or above `fail_on` failed; 1 otherwise. Rule errors (bugs) count as errors."""
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        for f in self.findings:
            if f.waived or f.baselined:
                continue
            if f.status == "error" or (f.status == "fail" and Severity(f.severity).rank >= threshold):
                return 1
        return 0

    def to_json(self) -> str:
        try:  # pydantic-core's serializer: the same bytes as json.dumps below, several times faster
            return self.model_dump_json(by_alias=True, indent=2) + "\n"
        except ValueError:  # a lone surrogate (a file name that is not UTF-8) only json.dumps can carry
            data: dict[str, Any] = self.model_dump(by_alias=True, mode="json")
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
