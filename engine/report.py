"""The report: plain data per the `gongkai.report/1` contract (DESIGN.md), plus the exit-code policy."""
from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from engine import __version__
from engine.authoring import Severity, Status

REPORT_SCHEMA = "gongkai.report/1"
FAIL_ON = ("error", "warning", "info", "never")


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str
    line: int | None = None
    table: str | None = None
    text: str = ""
    label: str | None = None      # what this line stands for, e.g. "表1 收入合计"
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
    baselined: bool = False       # a known failure recorded in `--baseline`: reported, not counted by the exit code

    def sort_key(self) -> tuple:
        first = self.evidence[0].line if self.evidence and self.evidence[0].line else 0
        return (self.rule_id, natural(self.subject), self.status, first, self.message)


def natural(text: str) -> tuple:
    """'表10' sorts after '表9'."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p)


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
    chosen_by: str                # document / option (--template) / ruleset / default (national baseline)
    note: str = ""


class Summary(BaseModel):
    pass_: int = Field(0, alias="pass")
    fail: int = 0
    not_applicable: int = 0
    error: int = 0
    waived: int = 0
    baselined: int = 0            # failures (counted in `fail`) that the baseline already knew
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

    def finalize(self) -> "Report":
        """Sort findings and recount: the same input always gives the same report."""
        self.findings.sort(key=Finding.sort_key)
        s = Summary()
        for f in self.findings:
            if f.waived:
                s.waived += 1
            elif f.status == Status.PASS.value:
                s.pass_ += 1
            elif f.status == Status.FAIL.value:
                s.fail += 1
                s.baselined += f.baselined
            elif f.status == Status.NOT_APPLICABLE.value:
                s.not_applicable += 1
            else:
                s.error += 1
        self.summary = s
        return self

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
        data: dict[str, Any] = self.model_dump(by_alias=True, mode="json")
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
