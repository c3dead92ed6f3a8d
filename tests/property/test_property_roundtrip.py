"""Round trip: reading the rendered text gives back what was rendered (tables, rows, values, notes, headings,
paragraphs, statements and forms), in the layout of every jurisdiction template the generator knows."""

from __future__ import annotations

import pytest
from conftest import SAMPLE
from hypothesis import given, settings
from property_support import form_content, missing_statements, narrative_content, table_content

from gongkai.engine.pipeline.ingest import dump_json, load, load_bytes
from gongkai.engine.publish.disclosure_text import render_text
from gongkai.testing.strategies import generated_templates, rendered

PER_TEMPLATE = max(3, settings.default.max_examples // 5)


@pytest.mark.parametrize("template", generated_templates())
def test_roundtrip_every_template(template):
    """Reading the rendered text gives back its tables, narrative, statements and forms, in every layout."""

    @settings(max_examples=PER_TEMPLATE)
    @given(rendered(template=template))
    def run(case):
        assert case.located.problems == []
        assert table_content(case.located) == table_content(case.built)
        got, want = narrative_content(case.located), narrative_content(case.built)
        for part in want:
            assert got[part] == want[part], part
        assert missing_statements(case.built, case.located) == []
        assert form_content(case.located) == form_content(case.built)

    run()


def test_roundtrip_sample_rendering_is_a_fixed_point():
    """The sample read, rendered and read again keeps its tables and narrative; rendering that is stable."""
    doc = load(SAMPLE)
    again = load_bytes(render_text(doc).encode("utf-8"), "again.txt")
    assert table_content(again) == table_content(doc)
    assert narrative_content(again)["paragraphs"] == narrative_content(doc)["paragraphs"]
    third = load_bytes(render_text(again).encode("utf-8"), "third.txt")
    assert render_text(third) == render_text(again)


def test_roundtrip_json_file_renders(tmp_path):
    doc = load(SAMPLE)
    path = tmp_path / "doc.json"
    path.write_text(dump_json(doc), encoding="utf-8")
    assert render_text(load(path)) == render_text(doc)


def test_roundtrip_sangong_table_with_blank_first_item():
    """Found by the round trip: a zero 因公出国（境）费 row (all cells blank) was read as a header row and lost."""
    text = "\n".join(
        [
            "2024年财政拨款安排“三公”经费支出预算表",
            "部门名称：某局",
            "单位：万元",
            "项目\t2024年预算数\t\t\t",
            "\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算",
            "因公出国（境）费\t\t\t\t",
            "公务接待费\t3.00\t3.00\t\t",
            "合计\t3.00\t3.00\t\t",
        ]
    )
    table = load_bytes(text.encode("utf-8"), "t10.txt").table("T10")
    assert [r.name for r in table.rows] == ["因公出国（境）费", "公务接待费", "合计"]
