"""Helpers shared by the machine-format renderers (SARIF, JUnit, GitHub, Markdown).

Not a renderer itself: the registry skips modules whose name starts with '_'."""
from __future__ import annotations

import os
from pathlib import PurePosixPath

from engine.report import Finding, Report


def rel_path(path: str, cwd: str | None) -> str:
    """A POSIX path relative to `cwd` (what code-scanning and CI annotations resolve against)."""
    if not path:
        return path
    base = cwd or os.getcwd()
    try:
        rel = os.path.relpath(os.path.abspath(path), base)
    except ValueError:            # another drive on Windows: keep it as given
        rel = path
    return PurePosixPath(*rel.replace("\\", "/").split("/")).as_posix()


def location(f: Finding, report: Report, cwd: str | None) -> tuple[str, int | None]:
    """The finding's primary location: its first evidence line, else the document itself."""
    for e in f.evidence:
        if e.line:
            return rel_path(e.path, cwd), e.line
    path = f.evidence[0].path if f.evidence else report.document.path
    return rel_path(path, cwd), None


def family_of(f: Finding) -> str:
    return f.family or f.rule_id.split("-")[0]


def ordered_families(findings: list[Finding]) -> list[str]:
    from engine.authoring import FAMILIES

    fams = {family_of(f) for f in findings}
    return sorted(fams, key=lambda x: (FAMILIES.index(x) if x in FAMILIES else 99, x))


def family_title(family: str, lang: str) -> str:
    from engine.render.text import FAMILY_TITLES

    return FAMILY_TITLES.get(family, (family, family))[1 if lang == "en" else 0]
