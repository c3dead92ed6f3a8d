"""Properties over every template (Hypothesis varies the jurisdiction): a document that prints some of its
template's tables, in some order, with the template's labels, is failed by TBL-001 for exactly the tables
left out and by TBL-003 exactly where a table follows one the template puts after it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.engine.pipeline import layouts
from gongkai.engine.templates import all_templates
from gongkai.engine.workflow.check import check
from tests.templates.helpers import by_rule, make_doc

# tables the current fact builder knows (T01–T13); the header-driven reader brings the other kinds
JUDGED = {
    name: [e for e in t.tables if e.kind in layouts.BY_ID] for name, t in all_templates().items() if not t.national_list
}
NAMES = sorted(n for n, entries in JUDGED.items() if len(entries) >= 3)


@st.composite
def printed(draw):
    name = draw(st.sampled_from(NAMES))
    entries = JUDGED[name]
    kept = draw(st.lists(st.sampled_from(entries), min_size=1, unique_by=lambda e: e.kind))
    shuffle = draw(st.booleans())
    if not shuffle:
        kept.sort(key=lambda e: entries.index(e))
    return name, entries, kept


@given(printed())
def test_tbl_001_and_003_follow_the_template(case):
    name, entries, kept = case
    template = all_templates()[name]
    tables = [(e.kind, template.label_for(e.number), f"2026年{e.title}") for e in kept]
    report = check(make_doc(["某单位 2026年部门预算"], tables), template=name)
    assert report.template.name == name
    failed = {s for s, st_ in by_rule(report, "TBL-001").items() if st_ == "fail"}
    missing = {
        f"表{e.number} {e.title.replace('（不含上年结转）', '')}"
        for e in template.tables
        if e.kind not in {k.kind for k in kept}
    }
    assert failed == missing
    order = [entries.index(e) for e in kept]
    descents = {f"表{kept[i].number} 顺序与表号" for i in range(1, len(kept)) if order[i] < order[i - 1]}
    tbl3 = by_rule(report, "TBL-003")
    assert {s for s, st_ in tbl3.items() if st_ == "fail"} == descents
    assert len(tbl3) == len(kept)
