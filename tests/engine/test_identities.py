"""The identity catalog and its derivers: every obligation becomes an identity fact, every identity fact gets
exactly one finding from the one rule that judges its kind, and a declared identity a table cannot be judged
on is said so (not skipped in silence)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from gongkai.engine.authoring import Config
from gongkai.engine.pipeline.facts import build_facts
from gongkai.engine.pipeline.identities import CROSS_IDENTITIES, TABLE_IDENTITIES, for_table
from gongkai.engine.pipeline.identity_derivers import CROSS_SHAPES, TABLE_SHAPES
from gongkai.engine.pipeline.ingest import load, load_bytes
from gongkai.engine.pipeline.runtime import get_runtime
from gongkai.engine.workflow.check import check
from gongkai.rulesets import mof2016, shanxi2024

EXAMPLE = Path(__file__).parents[2] / "examples" / "shanxi-sme-bureau-2024.txt"
KINDS = {spec.kind for spec in TABLE_IDENTITIES} | {spec.kind for spec in CROSS_IDENTITIES}


@pytest.mark.parametrize("pack", [mof2016.PACK, shanxi2024.PACK], ids=["mof2016", "shanxi2024"])
def test_every_identity_kind_is_judged_by_exactly_one_rule(pack):
    judges = Counter(r.where["kind"] for r in pack.rules if r.subject == "identity")
    assert set(judges) == KINDS
    assert all(n == 1 for n in judges.values()), judges


def test_every_catalog_shape_has_its_deriver_function():
    assert {s.shape for s in TABLE_IDENTITIES} <= set(TABLE_SHAPES)
    assert {s.shape for s in CROSS_IDENTITIES} <= set(CROSS_SHAPES)


def _example_run():
    doc = load(EXAMPLE)
    return get_runtime().check(mof2016.PACK, build_facts(doc), Config(), doc.source.path, doc.line_text)


def test_each_identity_fact_gets_exactly_one_finding_on_the_example():
    run = _example_run()
    identities = run.by_type["identity"]
    judged = [f for f in run.findings if f.family in ("SUM", "XTAB")]
    assert len(identities) > 200
    assert len(judged) == len(identities)
    rule_of = {r.where["kind"]: r.id for r in mof2016.PACK.rules if r.subject == "identity"}
    assert Counter(rule_of[i["kind"]] for i in identities) == Counter(f.rule_id for f in judged)


def test_a_table_the_old_omnibus_skipped_now_gets_an_explicit_not_applicable():
    # 表7/表8/表9/表13 of the example are empty: each identity their kind declares says why it is not judged
    report = check(load(EXAMPLE))
    na = {(f.rule_id, f.subject) for f in report.findings if f.status == "not_applicable"}
    assert {
        ("SUM-003", "表8 合计=基本+项目"),
        ("SUM-004", "表8 科目=下级科目之和"),
        ("SUM-002", "表8 合计行=各类之和"),
        ("SUM-007", "表13 项目层级"),
        ("SUM-002", "表13 合计=各栏之和"),
    } <= na
    for table in ("T07", "T08", "T09", "T13"):
        declared = [spec for spec, own in for_table(table) if own and spec.label]
        found = [f for f in report.findings if f.family == "SUM" and any(e.table == table for e in f.evidence)]
        assert len(found) >= len(declared) > 0, table


def test_a_column_the_table_does_not_print_is_not_applicable_not_silence():
    text = (
        "2024年预算支出总表\n部门名称：某局\n单位：万元\n科目编码\t科目名称\t合计\n"
        "合计\t\t10.00\n208\t社会保障和就业支出\t10.00\n"
    )
    report = check(load_bytes(text.encode("utf-8"), "t.txt"), ["mof2016"])
    sum3 = [f for f in report.findings if f.rule_id == "SUM-003"]
    assert [(f.status, f.subject) for f in sum3] == [("not_applicable", "表1 合计=基本+项目")]
    assert "基本支出" in sum3[0].note


def test_identity_facts_carry_what_must_equal_what():
    run = _example_run()
    balance = [i for i in run.by_type["identity"] if i["kind"] == "balance" and not i["na"]]
    assert balance and all(isinstance(i["expected"], int) and i["addends"] == 0 for i in balance)
    rollups = [i for i in run.by_type["identity"] if i["kind"] == "rollup" and not i["na"]]
    assert rollups and all(set(i["expected"]) == set(i["actual"]) and i["addends"] >= 1 for i in rollups)
    assert all(i["evidence"] and i["table"] in i["tables"] for i in rollups)


# -- claims: statement × figure, and changes that need a reason ----------------------------------------------


def _derived(derivers):
    from gongkai.engine.authoring import Pack

    pack = Pack(
        name="claims-test",
        version=str(len(derivers)),
        title="t",
        jurisdiction="test",
        effective_from="2024-01-01",
        rules=[],
        derivers=list(derivers),
    )
    doc = load(EXAMPLE)
    return get_runtime().check(pack, build_facts(doc), Config(), doc.source.path, doc.line_text)


def test_claims_pair_each_stated_amount_with_its_table_figure():
    from gongkai.engine.pipeline.claims import Claims, NeedsReason
    from gongkai.engine.pipeline.runtime import derivers_of

    assert Claims in derivers_of(mof2016.PACK) and Claims in derivers_of(shanxi2024.PACK)

    run = _derived([Claims, NeedsReason])
    claims = run.by_type["claim"]
    by_topic = {c["topic"]: c for c in claims}
    assert {"income.general", "sangong.total", "jgyx.total"} <= set(by_topic)
    general = by_topic["income.general"]
    row = next(
        r for r in run.by_type["row"] if r["table"] == "T01" and r["texts"].get("收入项目", "").endswith("一般公共预算")
    )
    assert general["figure"] == row["v"]["收入金额"] and general["stated"] == general["figure"]
    assert [e["line"] for e in general["evidence"]] == [general["line"], row["line"]]
    assert all(c["statement"] in run.by_id for c in claims)
    sangong = next(r for r in run.by_type["row"] if r["table"] == "T10" and r["name"] == "合计")
    assert by_topic["sangong.total"]["figure"] == sangong["v"]["合计"]


def test_a_deriver_that_breaks_yields_error_findings_not_silence(monkeypatch):
    import gongkai.engine.pipeline.identity_derivers as derivers

    def broken(*args):
        raise KeyError("收入金额")

    monkeypatch.setitem(derivers.TABLE_SHAPES, "sangong", broken)
    monkeypatch.setitem(derivers.CROSS_SHAPES, "jgyx_bound", broken)
    report = check(load(EXAMPLE))
    errors = {(f.rule_id, f.subject) for f in report.findings if f.status == "error"}
    assert ("SUM-006", "表10 三公经费表内平衡") in errors
    assert any(rule == "XTAB-009" for rule, _ in errors)
    assert not [f for f in report.findings if f.rule_id == "SUM-006" and f.status != "error"]
