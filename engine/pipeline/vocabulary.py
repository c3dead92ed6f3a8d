"""The vocabulary every layer shares: finding statuses, severities and the rule families in catalogue order.

It imports nothing from the project, so the authoring API and the report can both depend on it without
depending on each other."""

from __future__ import annotations

from enum import Enum

FAMILIES = ("TBL", "EMPTY", "SUM", "XTAB", "TEXT", "SANGONG", "JGYX", "PROC", "ASSET", "PERF", "IND", "SECT", "META")


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
