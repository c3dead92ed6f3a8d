"""Each format's rendering of the sample, rendered and read back once per session (PDF reading is the slow part)."""
from __future__ import annotations

import pytest

from tests.formats.formats_support import FORMATS, render, sample_doc


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory) -> dict[str, object]:
    """fmt -> path of the sample rendered in that format."""
    folder = tmp_path_factory.mktemp("formats")
    paths = {}
    for fmt in FORMATS:
        p = folder / f"shanxi-sme-bureau-2024.{fmt}"
        p.write_bytes(render(sample_doc(), fmt))
        paths[fmt] = p
    return paths


@pytest.fixture(scope="session")
def sample_back(sample_files) -> dict[str, object]:
    """fmt -> the Disclosure read back from the sample's rendering."""
    from engine.ingest import load

    return {fmt: load(path) for fmt, path in sample_files.items()}
