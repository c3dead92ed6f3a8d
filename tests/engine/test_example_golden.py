"""Speed work changes no finding: the bundled example's findings, read from its text and from its PDF rendering,
equal the golden generated before the speed work (tests/fixtures/golden/, regenerate only for a change that is
meant to change findings: `make_example_golden.py` there)."""
from __future__ import annotations

import json
from pathlib import Path

from engine.check import check
from tests.fixtures.golden.make_example_golden import GOLDEN, findings
from tests.formats.formats_support import roundtrip, sample_doc


def _golden() -> list[list]:
    return json.loads(Path(GOLDEN).read_text(encoding="utf-8"))


def test_example_findings_equal_the_golden():
    assert findings(check(sample_doc())) == _golden()


def test_example_as_pdf_gives_the_golden_findings():
    _, back = roundtrip(sample_doc(), "pdf", "example")
    assert back.source.format == "pdf"
    assert findings(check(back)) == _golden()
