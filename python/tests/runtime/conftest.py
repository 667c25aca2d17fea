"""Fixtures for the runtime tests (helpers live in rt_helpers.py)."""

import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pytest  # noqa: E402

import girgen_runtime as rt  # noqa: E402
from rt_helpers import collect  # noqa: E402


@pytest.fixture(autouse=True)
def _no_leaked_callbacks():
    """Every test must release the callback keys it registered."""
    before = rt.callback_count()
    yield
    collect()
    assert rt.callback_count() == before
