"""Shared test helpers: the bundled sample, edited copies of it, and checking text through the public API."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "shanxi-sme-bureau-2024.txt"

# Hypothesis loads its own built-in `ci` profile when CI is set: register ours explicitly so both agree.
settings.register_profile(
    "ci",
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=2000,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.getenv("HYPOTHESIS_PROFILE", "ci"))


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def sample_lines() -> list[str]:
    return sample_text().split("\n")


def edit(text: str, line: int, old: str, new: str) -> str:
    """Replace `old` by `new` on 1-based `line` of a copy; fails loudly if `old` is not there."""
    lines = text.split("\n")
    assert old in lines[line - 1], f"line {line} does not contain {old!r}: {lines[line - 1]!r}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def drop_lines(text: str, first: int, last: int) -> str:
    """Blank out lines first..last (1-based, inclusive) so the remaining line numbers stay the same."""
    lines = text.split("\n")
    for i in range(first - 1, last):
        lines[i] = ""
    return "\n".join(lines)


def check_text(text: str, packs: list[str] | None = None, path: str = "sample.txt", **config):
    from gongkai.engine.authoring import Config
    from gongkai.engine.pipeline.ingest import load_bytes
    from gongkai.engine.workflow.check import check

    doc = load_bytes(text.encode("utf-8"), path)
    return check(doc, packs, Config(**config))


def statuses(report, rule_id: str) -> dict[str, str]:
    """subject → status for one rule."""
    return {f.subject: f.status for f in report.findings if f.rule_id == rule_id}


def failing(report) -> set[tuple[str, str]]:
    return {(f.rule_id, f.subject) for f in report.findings if f.status in ("fail", "error")}


@pytest.fixture(scope="session")
def sample_report():
    return check_text(sample_text(), path=str(SAMPLE))


@pytest.fixture(scope="session")
def real_reports():
    """The real disclosures' reports (tests/fixtures/real/), each checked once per test session."""
    from tests.fixtures.golden.make_real_golden import check_document

    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = check_document(name)
        return cache[name]

    return get
