"""Shared by the visual tests: the real PDF fixture, one check of it per session, and the report's failures."""
from __future__ import annotations

import hashlib
import shutil
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL_PDF = ROOT / "tests" / "fixtures" / "real" / "03_shanghai-putuo_zhengfubangongshi-dept_2025.pdf"
REAL_SHA256 = "ef2db536657de0a0e0ef27c4487f04034c430ffa3d83e522904c7a71b477c299"   # PROVENANCE.md


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=4)
def checked(path: str):
    """(Disclosure, Report) for a document, read and checked once per test session."""
    from engine.check import check
    from engine.ingest import load

    doc = load(path)
    return doc, check(doc)


def copy_real(tmp_path: Path) -> Path:
    assert sha256(REAL_PDF) == REAL_SHA256, "the real fixture changed: see tests/fixtures/real/PROVENANCE.md"
    target = tmp_path / REAL_PDF.name
    shutil.copyfile(REAL_PDF, target)
    return target
