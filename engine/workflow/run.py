"""One document through the submission workflow, shared by `check`, `baseline`, `batch` (and the TUI):
read → check with the effective settings → select/ignore → waivers → baseline.

Errors are the caller's to present: ReadError (unreadable), UnknownPack, ConfigError, WaiverError
(malformed or expired), BaselineError — all input errors (exit 2)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from gongkai.engine.workflow.safe_io import sidecar_path

if TYPE_CHECKING:  # the engine is imported when a document has been read: a missing file is refused at once
    from gongkai.engine.authoring import Config
    from gongkai.engine.pipeline.report import Report
    from gongkai.engine.workflow.baseline import Baseline
    from gongkai.engine.workflow.config import Settings


def engine_config(settings: Settings, approved_on: str | None = None, published_on: str | None = None) -> Config:
    from gongkai.engine.authoring import Config

    cfg = Config(lang=settings.lang or "zh", approved_on=approved_on, published_on=published_on)
    if settings.tolerance is not None:
        cfg.tolerance_per_addend = settings.tolerance
    return cfg


def read_document(paths, scope: str | None = None):
    """Read one disclosure from one file or several (joined: engine/pipeline/ingest/join.py), convert traditional
    characters, and refuse what is not a 部门/单位预算 (ReadError, exit 2) unless `scope` asks for what it has."""
    from gongkai.engine.pipeline.doc_kind import SCOPES, classify, simplify
    from gongkai.engine.pipeline.ingest import ReadError, load
    from gongkai.engine.pipeline.ingest.join import join

    if scope is not None and scope not in SCOPES:
        raise ReadError(f"未知范围 / unknown --scope: {scope} (可选 / choose from: {', '.join(SCOPES)})")
    parts = list(paths) if isinstance(paths, (list, tuple)) else [paths]
    docs = []
    for p in parts:
        try:
            docs.append(simplify(load(p)))
        except ReadError as exc:
            if len(parts) == 1:
                raise
            raise ReadError(f"{p}: {exc}") from exc
    doc = join(docs)
    kind = classify(doc)
    if not kind.is_budget and scope not in kind.scopes:
        hint = f"（可用 --scope {'/'.join(kind.scopes)}）" if kind.scopes and "--scope" not in kind.reason else ""
        raise ReadError(kind.reason + hint)
    return doc


def check_path(
    path,
    settings: Settings,
    *,
    baseline: Baseline | None = None,
    today: date | None = None,
    approved_on: str | None = None,
    published_on: str | None = None,
    scope: str | None = None,
    doc=None,
    config: Config | None = None,
    waivers: bool = True,
) -> Report:
    """`path`: one file, or a list of files that make one disclosure; `doc`: the Disclosure already read from
    it (the HTML report and the annotated PDF also draw on it, the review session passes its edited copy);
    `config`: engine settings that replace those derived from `settings` (the review's); `waivers=False`
    shows the report without waivers (the review, when a waiver file is refused)."""
    doc = doc if doc is not None else read_document(path, scope)  # first: an unreadable file loads no engine
    from gongkai.engine.pipeline.doc_kind import SCOPES
    from gongkai.engine.workflow.check import check
    from gongkai.engine.workflow.config import select_findings

    report = check(
        doc,
        settings.packs or None,
        config or engine_config(settings, approved_on, published_on),
        template=settings.template,
    )
    if scope and SCOPES[scope]:
        report = select_findings(report, list(SCOPES[scope]), [])
    report = select_findings(report, settings.select, settings.ignore)
    first = path[0] if isinstance(path, (list, tuple)) else path
    # no waiver in the config and no sidecar: nothing to mark or to find expired, and the waiver and baseline
    # modules (pydantic models) are not loaded
    if waivers and (settings.waivers or sidecar_path(first).exists()):
        from gongkai.engine.workflow.waivers import apply_waivers, load_waivers

        report = apply_waivers(report, load_waivers(first, settings.waivers, settings.source or "config"), today)
    if baseline is not None:
        from gongkai.engine.workflow.baseline import apply_baseline

        report = apply_baseline(report, baseline)
    return report
