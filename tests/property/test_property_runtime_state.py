"""A state machine over the durable-rules runtime: documents checked in any interleaving (one after another, with
other languages in between, or from two threads at once) give the same report as each checked alone in a fresh
runtime, and no session outlives its check."""

from __future__ import annotations

import threading

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from gongkai.engine.authoring import Config
from gongkai.engine.pipeline import runtime as runtime_module
from gongkai.engine.pipeline.runtime import Runtime, get_runtime
from gongkai.engine.workflow.check import check
from gongkai.testing.strategies import plans, render_case


def checked_alone(doc, lang: str) -> str:
    """The report of `doc` from a runtime that has never seen another document."""
    saved = runtime_module._RUNTIME
    runtime_module._RUNTIME = Runtime()
    try:
        return check(doc, config=Config(lang=lang)).to_json()
    finally:
        runtime_module._RUNTIME = saved


class RuntimeMachine(RuleBasedStateMachine):
    docs = Bundle("docs")

    @initialize()
    def start(self):
        self.reference: dict[tuple[int, str], str] = {}
        self.located = []

    @rule(target=docs, plan=plans())
    def add_document(self, plan):
        self.located.append(render_case(plan).located)
        return len(self.located) - 1

    def _expect(self, k: int, lang: str) -> str:
        if (k, lang) not in self.reference:
            self.reference[(k, lang)] = checked_alone(self.located[k], lang)
        return self.reference[(k, lang)]

    @rule(k=docs, lang=st.sampled_from(["zh", "en"]))
    def check_one(self, k, lang):
        assert check(self.located[k], config=Config(lang=lang)).to_json() == self._expect(k, lang)

    @rule(a=docs, b=docs)
    def check_two_threads(self, a, b):
        out: dict[int, str] = {}

        def work(slot: int, k: int) -> None:
            out[slot] = check(self.located[k]).to_json()

        threads = [threading.Thread(target=work, args=(0, a)), threading.Thread(target=work, args=(1, b))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert out[0] == self._expect(a, "zh")
        assert out[1] == self._expect(b, "zh")

    @invariant()
    def no_live_sessions(self):
        assert get_runtime().live_sessions() == 0


RuntimeMachine.TestCase.settings = settings(
    max_examples=max(3, settings.default.max_examples // 5),
    stateful_step_count=max(6, settings.default.stateful_step_count // 2),
)
test_property_runtime_state = RuntimeMachine.TestCase
