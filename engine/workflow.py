"""One document through the submission workflow, shared by `check`, `baseline`, `batch` (and the TUI):
read → check with the effective settings → select/ignore → waivers → baseline.

Errors are the caller's to present: ReadError (unreadable), UnknownPack, ConfigError, WaiverError
(malformed or expired), BaselineError — all input errors (exit 2)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from engine.authoring import Config
from engine.baseline import Baseline, apply_baseline
from engine.config import Settings, select_findings
from engine.report import Report
from engine.waivers import apply_waivers, load_waivers


def engine_config(settings: Settings, approved_on: str | None = None, published_on: str | None = None) -> Config:
    cfg = Config(lang=settings.lang or "zh", approved_on=approved_on, published_on=published_on)
    if settings.tolerance is not None:
        cfg.tolerance_per_addend = settings.tolerance
    return cfg


def check_path(path: str | Path, settings: Settings, *, baseline: Baseline | None = None, today: date | None = None,
               approved_on: str | None = None, published_on: str | None = None, doc=None) -> Report:
    """`doc`: the Disclosure already read from `path` (the HTML report also draws its figures)."""
    from engine.check import check
    from engine.ingest import load

    doc = doc if doc is not None else load(path)
    report = check(doc, settings.packs or None, engine_config(settings, approved_on, published_on))
    report = select_findings(report, settings.select, settings.ignore)
    report = apply_waivers(report, load_waivers(path, settings.waivers, settings.source or "config"), today)
    if baseline is not None:
        report = apply_baseline(report, baseline)
    return report
