"""Speed work changes no finding: the bundled example's findings, read from its text and from its PDF rendering,
equal the golden generated before the speed work (tests/fixtures/golden/, regenerate only for a change that is
meant to change findings: `make_example_golden.py` there)."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.engine.workflow.check import check
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


def test_slim_facts_judge_exactly_like_whole_facts():
    """The speed-up (durable-rules sees only what rule conditions read) against the previous way (whole facts),
    on the same document in the same code: every finding, message and piece of evidence equal."""
    from gongkai.engine.authoring import Config
    from gongkai.engine.pipeline.facts import build_facts
    from gongkai.engine.pipeline.runtime import Runtime
    from gongkai.engine.workflow.registry import select_packs

    doc = sample_doc()
    facts, config = build_facts(doc), Config()

    def run(runtime):
        out = []
        for pack in select_packs(doc):
            found = runtime.check(pack, facts, config, doc.source.path, doc.line_text, doc.location).findings
            out += sorted(f.model_dump_json() for f in found)
        return out

    slim, whole = run(Runtime()), run(Runtime(slim_facts=False))
    assert len(slim) > 900 and slim == whole  # every rule on the example: ~980 findings
