"""Speed work changes no finding on the real disclosures: each one's findings equal the golden
(tests/fixtures/golden/real-findings.json; regenerate with make_real_golden.py there only for a change that is
meant to change findings, and name it)."""

from __future__ import annotations

import json

import pytest

from tests.fixtures.golden.make_example_golden import findings
from tests.fixtures.golden.make_real_golden import GOLDEN, documents

GOLDEN_FINDINGS = json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_golden_covers_every_real_disclosure():
    assert sorted(GOLDEN_FINDINGS) == sorted(documents())


@pytest.mark.parametrize("name", documents())
def test_real_findings_equal_the_golden(real_reports, name):
    assert findings(real_reports(name)) == GOLDEN_FINDINGS[name]
