"""Generated disclosures (testing/strategies.py) survive PDF, DOCX and XLSX: the same facts and
the same findings as their text. Few examples: a PDF round trip costs seconds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from gongkai.engine.workflow.check import check
from gongkai.testing.strategies import rendered
from tests.formats.formats_support import FORMATS, fact_set, finding_keys, roundtrip


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rendered())
def test_generated_disclosures_roundtrip(case):
    doc = case.located
    want_facts, want = fact_set(doc), finding_keys(check(doc))
    for fmt in FORMATS:
        _, back = roundtrip(doc, fmt, "generated")
        assert fact_set(back) == want_facts, fmt
        assert finding_keys(check(back)) == want, fmt
