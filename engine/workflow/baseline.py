"""Fingerprints and baselines: accept today's known failures, fail CI only on new ones.

A fingerprint identifies a failure without the document's sha256 or line numbers, so a baseline
survives edits elsewhere in the document: rule id + subject + the normalised text of the first
evidence line. The same value is SARIF's `partialFingerprints.primaryLocationLineHash`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, ValidationError

from gongkai.engine.pipeline.report import Report, fingerprint, normalise_line  # noqa: F401 - fingerprint is re-exported

BASELINE_SCHEMA = "gongkai.baseline/1"


class BaselineError(ValueError):
    """Unreadable or malformed baseline file (the CLI exits 2)."""


class Entry(BaseModel):
    rule_id: str
    subject: str
    fingerprint: str


class Baseline(BaseModel):
    schema_: str = BASELINE_SCHEMA
    entries: list[Entry] = []

    def keys(self) -> set[tuple[str, str, str]]:
        return {(e.rule_id, e.subject, e.fingerprint) for e in self.entries}


def make_baseline(report: Report) -> Baseline:
    """Every current failure (waived ones included: a lapsed waiver should not look new)."""
    seen = sorted({(f.rule_id, f.subject, fingerprint(f)) for f in report.findings if f.status == "fail"})
    return Baseline(entries=[Entry(rule_id=r, subject=s, fingerprint=fp) for r, s, fp in seen])


def dumps(baseline: Baseline) -> str:
    body = {"schema": BASELINE_SCHEMA, "entries": [e.model_dump() for e in baseline.entries]}
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{p}: 基线文件不存在 / no such baseline file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{p}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{p}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise BaselineError(f"{p}: 嵌套过深 / nested too deeply") from None
    if not isinstance(data, dict) or data.get("schema") != BASELINE_SCHEMA:
        raise BaselineError(f'{p}: not a gongkai baseline (expected "schema": "{BASELINE_SCHEMA}")')
    try:
        return Baseline(entries=data.get("entries", []))
    except ValidationError as exc:
        err = exc.errors()[0]
        raise BaselineError(f"{p}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None


def apply_baseline(report: Report, baseline: Baseline) -> Report:
    """Mark failures already in the baseline (`baselined=True`): reported, but not counted by the exit code."""
    known = baseline.keys()
    for f in report.findings:
        if f.status == "fail" and (f.rule_id, f.subject, fingerprint(f)) in known:
            f.baselined = True
    return report.finalize()
