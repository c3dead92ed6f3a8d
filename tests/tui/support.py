"""Fixtures for the review TUI: a session on the bundled sample, and a copy of it to write waivers next to.

A plain module imported by the test files (not a conftest.py: several conftest modules in directories
without __init__.py shadow one another under the name `conftest`)."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from tests.conftest import SAMPLE

TODAY = date(2024, 6, 1)


@pytest.fixture(scope="session")
def sample_session():
    """A session on the sample (read-only: tests that write waivers or edit use `fresh_session`)."""
    from gongkai.tui.session import Session

    return Session.open(SAMPLE, today=TODAY)


@pytest.fixture
def doc_copy(tmp_path):
    """A private copy of the sample: waivers land next to it, never next to examples/."""
    target = tmp_path / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def fresh_session(doc_copy):
    from gongkai.tui.session import Session

    return Session.open(doc_copy, today=TODAY)
