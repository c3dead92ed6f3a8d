"""Shared by the visual tests: the real PDF fixture, one check of it per session, and the report's failures."""

from __future__ import annotations

import hashlib
import shutil
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL_DIR = ROOT / "tests" / "fixtures" / "real"
REAL = {  # see PROVENANCE.md there
    "03_shanghai-putuo_zhengfubangongshi-dept_2025.pdf": "ef2db536657de0a0e0ef27c4487f04034c430ffa3d83e522904c7a71b477c299",
    "30_jiangsu-suzhou_shenjiju_2026.pdf": "566b0189ba77a1eac4ed5578789fb5b5da1eddb63c252c713a07b05526926e47",
}
REAL_PDF = REAL_DIR / "03_shanghai-putuo_zhengfubangongshi-dept_2025.pdf"
REAL_SHA256 = REAL[REAL_PDF.name]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def checked(path: str):
    """(Disclosure, Report) for a document, read and checked once per test session."""
    from gongkai.engine.pipeline.ingest import load
    from gongkai.engine.workflow.check import check

    doc = load(path)
    return doc, check(doc)


def copy_real(tmp_path: Path, name: str = REAL_PDF.name) -> Path:
    source = REAL_DIR / name
    assert sha256(source) == REAL[name], "a real fixture changed: see tests/fixtures/real/PROVENANCE.md"
    target = tmp_path / name
    shutil.copyfile(source, target)
    return target
