"""Waivers: an accepted, justified exception to one rule (optionally one subject), conftest style.

Waivers live in a sidecar file next to the document (`<document>.gongkai-waivers.json`) and in the
configuration (`[[waivers]]` in gongkai.toml). A waived failure stays a failure: it is marked
`waived=True`, counted in `summary.waived` and ignored by the exit code; it never becomes a pass.

Expired waivers fail loudly: `apply_waivers` raises `ExpiredWaiver` naming each one, and the CLI turns
that into one line on stderr and exit 2 (an input error, like a bad config). We chose this over an
error finding because a rule id for "your waiver file is stale" would be invented, and because an
expired waiver must be renewed or removed by a person before the run means anything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from gongkai.engine.pipeline.report import Report
from gongkai.engine.workflow.safe_io import SIDECAR_SUFFIX, sidecar_path  # noqa: F401 - re-exported

SIDECAR_SCHEMA = "gongkai.waivers/1"
MAX_SIDECAR_BYTES = 16 * 1024 * 1024


class WaiverError(ValueError):
    """A waiver file or entry is malformed, or a waiver has expired (the CLI exits 2)."""


class ExpiredWaiver(WaiverError):
    def __init__(self, waivers: list[Waiver]) -> None:
        self.waivers = waivers
        super().__init__("豁免已过期 / waiver expired: " + "; ".join(w.describe() for w in waivers))


class Waiver(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule_id: str
    subject: str | None = None  # None: every subject of the rule
    reason: str
    expires: date | None = None  # valid through this day (inclusive)
    created: date | None = None
    by: str | None = None  # who recorded it (the OS user of the review session)
    source: str = ""  # where it was read from (sidecar path or config path); not stored

    @field_validator("rule_id")
    @classmethod
    def _rule_id(cls, v: str) -> str:
        v = v.strip().upper()
        if not v:
            raise ValueError("rule_id must not be empty")
        from gongkai.engine.pipeline.catalog import find

        entry = find(v)
        if entry is None:
            raise ValueError(f"没有这条规则 / no such rule: {v}")
        return entry.id  # an alias waives the rule it names

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("a waiver needs a reason")
        return v.strip()

    def matches(self, rule_id: str, subject: str) -> bool:
        return self.rule_id == rule_id and (self.subject is None or self.subject == subject)

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    def describe(self) -> str:
        what = self.rule_id + (f" «{self.subject}»" if self.subject else "")
        until = f" (expires {self.expires.isoformat()})" if self.expires else ""
        return f"{what}{until}" + (f" in {self.source}" if self.source else "")

    def stored(self) -> dict[str, Any]:
        """The on-disk form (without `source`, which is where we found it)."""
        return self.model_dump(mode="json", exclude={"source"}, exclude_none=True)


def _parse(items: Iterable[Any], source: str) -> list[Waiver]:
    out = []
    for i, item in enumerate(items):
        if isinstance(item, Waiver):
            out.append(item if item.source else item.model_copy(update={"source": source}))
            continue
        if not isinstance(item, dict):
            raise WaiverError(f"{source}: waivers[{i}] must be a table/object")
        try:
            out.append(Waiver(**{k: v for k, v in item.items() if k != "source"}, source=source))
        except ValidationError as exc:
            err = exc.errors()[0]
            key = ".".join(str(x) for x in err["loc"]) or "?"
            raise WaiverError(f"{source}: waivers[{i}].{key}: {err['msg']}") from None
        except TypeError as exc:
            raise WaiverError(f"{source}: waivers[{i}]: {exc}") from None
    return out


def read_sidecar(doc_path: str | os.PathLike[str]) -> list[Waiver]:
    """The sidecar's waivers. Anything but {"schema": "gongkai.waivers/1", "waivers": [...]} is an error:
    a sidecar overwritten by something else (a report) must not silently mean "no waivers"."""
    path = sidecar_path(doc_path)
    if not path.exists():
        return []
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_SIDECAR_BYTES + 1)
        if len(raw) > MAX_SIDECAR_BYTES:
            raise WaiverError(f"{path}: 豁免文件过大 / waiver file too large")
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise WaiverError(f"{path}: cannot read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise WaiverError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise WaiverError(f"{path}: 嵌套过深 / nested too deeply") from None
    shape = f'expected {{"schema": "{SIDECAR_SCHEMA}", "waivers": [...]}}'
    if not isinstance(data, dict) or data.get("schema") != SIDECAR_SCHEMA or not isinstance(data.get("waivers"), list):
        raise WaiverError(f"{path}: 不是 gongkai 豁免文件 / not a gongkai waiver file: {shape}")
    extra = sorted(set(data) - {"schema", "waivers"})
    if extra:
        raise WaiverError(f"{path}: 未知键 / unknown key {extra[0]!r}: {shape}")
    return _parse(data["waivers"], str(path))


def load_waivers(
    doc_path: str | os.PathLike[str], config_waivers: Iterable[Any] = (), config_source: str = "config"
) -> list[Waiver]:
    """Sidecar waivers first, then configuration waivers (dicts as read from TOML, or Waiver objects)."""
    return read_sidecar(doc_path) + _parse(config_waivers or (), config_source)


def add_sidecar_waiver(
    doc_path: str | os.PathLike[str],
    rule_id: str,
    subject: str | None,
    reason: str,
    today: date | None = None,
    expires: date | None = None,
    by: str | None = None,
) -> Waiver:
    """Append a waiver to the document's sidecar, atomically (temp file + os.replace).

    The document itself is never opened for writing. An identical rule+subject entry is replaced."""
    today = today or date.today()
    path = sidecar_path(doc_path)
    existing = read_sidecar(doc_path)
    try:
        new = Waiver(
            rule_id=rule_id,
            subject=subject or None,
            reason=reason,
            expires=expires,
            created=today,
            by=by,
            source=str(path),
        )
    except ValidationError as exc:
        raise WaiverError(f"waiver: {exc.errors()[0]['msg']}") from None
    kept = [w for w in existing if (w.rule_id, w.subject) != (new.rule_id, new.subject)]
    body = {"schema": SIDECAR_SCHEMA, "waivers": [w.stored() for w in kept + [new]]}
    from gongkai.engine.workflow.safe_io import write_file

    write_file(path, json.dumps(body, ensure_ascii=False, indent=2) + "\n")  # atomic, keeps the file's mode
    return new


def expired(waivers: Iterable[Waiver], today: date) -> list[Waiver]:
    return [w for w in waivers if w.expired(today)]


def apply_waivers(report: Report, waivers: list[Waiver], today: date | None = None) -> Report:
    """Mark failing findings covered by a waiver as waived (first matching waiver wins) and recount; a report
    in which nothing is waived is returned as it came (finalized by the check: sorting it again cost ~2 ms).

    Raises ExpiredWaiver if any waiver has expired, whether or not it matches: a stale waiver is a
    decision nobody re-made, so the run stops until someone renews or removes it."""
    today = today or date.today()
    stale = expired(waivers, today)
    if stale:
        raise ExpiredWaiver(stale)
    waived = False
    for f in report.findings:
        if f.status != "fail" or f.waived:
            continue
        w = next((w for w in waivers if w.matches(f.rule_id, f.subject)), None)
        if w is not None:
            f.waived = True
            f.waiver_reason = w.reason
            waived = True
    return report.finalize() if waived else report


def unused(report: Report, waivers: list[Waiver]) -> list[Waiver]:
    """Waivers that matched no failing finding (worth a note: the problem may have been fixed)."""
    return [w for w in waivers if not any(f.waived and w.matches(f.rule_id, f.subject) for f in report.findings)]
