"""Pin every durable-rules quirk engine/pipeline/runtime.py relies on (../shared/reference/engineering-notes.md §1).

If durable-rules is ever swapped or upgraded, these say what must keep holding."""

from __future__ import annotations

import threading
from typing import ClassVar

import pytest
from durable import engine as durable_engine

from gongkai.engine.authoring import Config, Deriver, Pack, Rule, Severity
from gongkai.engine.pipeline import runtime
from gongkai.engine.pipeline.runtime import Runtime, SyncHost, fnv1_32, unique_ids


def _pack(name: str, *rules: type[Rule], derivers=()) -> Pack:
    return Pack(
        name=name,
        version="t",
        title=name,
        jurisdiction="test",
        effective_from="2024-01-01",
        rules=list(rules),
        derivers=list(derivers),
    )


class _Base(Rule):
    title_zh = "测试"
    title_en = "test"
    remedy = "无"
    severity = Severity.ERROR


class META_901(_Base):
    """Counts the tables it sees. **Failing** ``` ``` **Passing** ``` ```"""

    subject = "table"

    def judge(self, fact, ctx):
        ctx.passed(f"table {fact['name']}", actual=fact["name"], evidence=[fact])


class META_902(_Base):
    """Raises inside its action. **Failing** ``` ``` **Passing** ``` ```"""

    subject = "table"

    def judge(self, fact, ctx):
        raise ZeroDivisionError("boom")


class META_903(_Base):
    """Sees a fact derived by another rule (forward chaining). **Failing** ``` ``` **Passing** ``` ```"""

    subject = "derived"

    def judge(self, fact, ctx):
        ctx.passed(f"derived {fact['of']}")


class META_904(_Base):
    """Derives a fact per table, twice for the same table id (the duplicate must be ignored).
    **Failing** ``` ``` **Passing** ``` ```"""

    subject = "table"
    calls: ClassVar[list] = []

    def judge(self, fact, ctx):
        ctx.derive({"id": f"derived:{fact['name']}", "type": "derived", "of": fact["name"]})
        ctx.derive({"id": f"derived:{fact['name']}", "type": "derived", "of": fact["name"]})


def _facts(*names):
    return [{"id": f"t:{n}", "type": "table", "name": n, "line": i + 1} for i, n in enumerate(names)]


def _run(rt, pack, facts):
    return rt.check(pack, facts, Config(), "doc.txt", lambda n: f"line {n}")


def test_sync_host_starts_no_threads():
    before = threading.active_count()
    hosts = [SyncHost() for _ in range(5)]
    assert threading.active_count() == before
    assert hosts  # the stock Host would have started 2 daemon threads each
    assert issubclass(SyncHost, durable_engine.Host)


def test_fnv1_32_matches_the_known_collision():
    # the pair found in experiment E4: durable treats these two ids as the same fact
    assert fnv1_32("fact-25388") == fnv1_32("fact-909936")
    assert fnv1_32("fact-1") != fnv1_32("fact-2")


def test_unique_ids_salts_collisions_and_drops_exact_duplicates():
    facts = [{"id": "fact-25388", "type": "x"}, {"id": "fact-909936", "type": "x"}, {"id": "fact-25388", "type": "x"}]
    out = unique_ids(facts)
    assert [f["id"] for f in out] == ["fact-25388", "fact-909936#1"]
    assert len({fnv1_32(f["id"]) for f in out}) == 2


def test_colliding_ids_are_both_judged():
    rt = Runtime()
    run = _run(
        rt,
        _pack("collide", META_901),
        [{"id": "fact-25388", "type": "table", "name": "a"}, {"id": "fact-909936", "type": "table", "name": "b"}],
    )
    assert sorted(f.subject for f in run.findings) == ["table a", "table b"]


def test_rules_fire_only_behind_the_gate_and_unknown_facts_are_caught():
    rt = Runtime()
    run = _run(rt, _pack("gate", META_901), _facts("a", "b") + [{"id": "x", "type": "never-matched"}])
    assert sorted(f.subject for f in run.findings) == ["table a", "table b"]
    assert all(f.evidence[0].text.startswith("line ") for f in run.findings)


def test_an_exception_in_a_rule_becomes_an_error_finding_not_silence():
    rt = Runtime()
    run = _run(rt, _pack("raises", META_901, META_902), _facts("a"))
    errors = [f for f in run.findings if f.status == "error"]
    assert [f.rule_id for f in errors] == ["META-902"]
    assert "ZeroDivisionError" in errors[0].message
    # the other rule still ran
    assert [f.rule_id for f in run.findings if f.status == "pass"] == ["META-901"]


def test_forward_chaining_and_duplicate_derived_facts():
    rt = Runtime()
    run = _run(rt, _pack("chain", META_903, META_904), _facts("a", "b"))
    assert sorted(f.subject for f in run.findings) == ["derived a", "derived b"]


def test_sessions_are_deleted_and_documents_do_not_leak_into_each_other():
    rt = Runtime()
    pack = _pack("leak", META_901)
    for i in range(1100):  # more than durable's 1,023 live sessions per ruleset
        run = _run(rt, pack, _facts(f"doc{i}"))
        assert [f.subject for f in run.findings] == [f"table doc{i}"]
    assert rt.live_sessions() == 0


def test_registering_a_pack_twice_reuses_the_ruleset():
    rt = Runtime()
    pack = _pack("twice", META_901)
    _run(rt, pack, _facts("a"))
    _run(rt, pack, _facts("a"))
    assert list(rt._registered) == ["twice@t"]


def test_oversized_facts_are_refused_before_durable_sees_them():
    rt = Runtime(slim_facts=False)  # whole facts into durable-rules: all 300 keys would reach it
    big = {"id": "big", "type": "table", "name": "x", **{f"k{i}": i for i in range(300)}}
    with pytest.raises(ValueError, match="too many keys"):
        _run(rt, _pack("big", META_901), [big])
    assert rt.live_sessions() == 0


def test_keys_no_rule_matches_stay_out_of_durable():
    """Slim facts carry only the keys some rule's condition reads: a wide fact is judged, not refused."""
    rt = Runtime()
    wide = {"id": "wide", "type": "table", "name": "x", **{f"k{i}": i for i in range(300)}}
    run = _run(rt, _pack("wide", META_901), [wide])
    assert [f.subject for f in run.findings] == ["table x"]


def test_money_facts_are_integers():
    from conftest import SAMPLE

    from gongkai.engine.pipeline.facts import build_facts
    from gongkai.engine.pipeline.ingest import load
    from gongkai.engine.workflow.check import check  # noqa: F401 - the real pipeline

    for fact in build_facts(load(SAMPLE)):
        for value in (fact.get("v") or {}).values():
            assert value is None or isinstance(value, int)


class META_905(_Base):
    """Judges a derived fact too wide for durable-rules (more nested keys than its per-fact limit)."""

    subject = "wide"
    where = {"kind": "x"}

    def judge(self, fact, ctx):
        ctx.passed(f"wide {len(fact['expected'])}")


class _Widen(Deriver):
    """Derives one wide fact per table, as the identity derivers do for a table with many columns."""

    name = "widen"
    subject = "table"

    def derive(self, fact, ctx):
        ctx.derive(
            {"id": f"wide:{fact['name']}", "type": "wide", "kind": "x", "expected": {f"c{i}": i for i in range(400)}}
        )


def test_a_derived_fact_reaches_durable_slim_and_the_rule_sees_it_whole():
    # durable refuses a fact with more than ~252 keys, nested ones included: only the keys rules match on go in
    run = _run(Runtime(), _pack("wide", META_905, derivers=[_Widen]), _facts("a"))
    assert [(f.status, f.subject) for f in run.findings] == [("pass", "wide 400")]


class _DeriveColliding(Deriver):
    """Derives a fact whose id has the same 32-bit durable hash as the table fact's id."""

    name = "collide"
    subject = "table"

    def derive(self, fact, ctx):
        ctx.derive({"id": "fact-909936", "type": "derived", "of": fact["name"]})


def test_a_derived_fact_whose_id_collides_is_salted_not_lost():
    assert fnv1_32("fact-25388") == fnv1_32("fact-909936")
    facts = [{"id": "fact-25388", "type": "table", "name": "a", "line": 1}]
    run = _run(Runtime(), _pack("collide", META_903, derivers=[_DeriveColliding]), facts)
    assert [f.subject for f in run.findings] == ["derived a"]


def test_a_check_leaves_no_reference_cycles():
    # durable's own action loop left each action call in a reference cycle (Promise.run's `timeout` closure refers
    # to itself), which only the cyclic collector frees; SyncRuleset's loop is freed by reference counting
    import gc

    rt = Runtime()
    pack = _pack("cycles", META_901, META_903, META_904)
    _run(rt, pack, _facts("a"))  # registers the ruleset
    gc.collect()
    gc.disable()
    try:
        run = _run(rt, pack, _facts("a", "b"))
        assert {f.subject for f in run.findings} == {"table a", "table b", "derived a", "derived b"}
        del run
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_gate_is_not_lost_when_its_id_collides_with_a_fact(monkeypatch):
    # durable keys facts by a 32-bit hash of their id and drops a second fact with the same hash silently: had the
    # gate's id collided with an asserted fact's, no rule would have fired and the document would have "passed"
    facts = [{"id": runtime.GATE_ID, "type": "table", "name": "a", "line": 1}]  # the very id the gate takes
    run = _run(Runtime(), _pack("gate-collide", META_901, META_903, META_904), facts)
    assert sorted(f.subject for f in run.findings) == ["derived a", "table a"]
    # a fact whose id collides with the gate's through the hash only (a derived fact must avoid the gate's too)
    assert fnv1_32("fact-25388") == fnv1_32("fact-909936")
    monkeypatch.setattr(runtime, "GATE_ID", "fact-25388")
    run = _run(Runtime(), _pack("gate-collide2", META_901), [{"id": "fact-909936", "type": "table", "name": "b"}])
    assert [f.subject for f in run.findings] == ["table b"]
    run = _run(Runtime(), _pack("gate-collide3", META_901, META_903, derivers=[_DeriveColliding]), _facts("c"))
    assert sorted(f.subject for f in run.findings) == ["derived c", "table c"]
