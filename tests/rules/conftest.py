"""The real disclosures' reports, checked once per test session (each takes about a second)."""
from __future__ import annotations

import pytest

from tests.fixtures.golden.make_real_golden import check_document


@pytest.fixture(scope="session")
def real_reports():
    cache: dict = {}

    def get(name: str):
        if name not in cache:
            cache[name] = check_document(name)
        return cache[name]

    return get
