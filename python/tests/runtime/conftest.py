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


@pytest.fixture(autouse=True)
def _isolated_registry():
    """Run each test with only the runtime's own class registrations.

    The suite shares a process with generated bindings (python/tests/backends)
    that register their classes in the same registry; tests here check the
    runtime's defaults, so they get a clean registry and the previous one is
    restored afterwards.
    """
    gt = rt.gtype
    saved = (dict(gt._registered), dict(gt._class_cache), dict(gt._dynamic_bases))
    gt._registered.clear()
    gt._registered.update({"GObject": rt.Object, "GInitiallyUnowned": rt.InitiallyUnowned,
                           "GParam": rt.ParamSpec, "GVariant": rt.Variant,
                           "GValue": rt.Value})
    gt._dynamic_bases.clear()
    gt._dynamic_bases.update({rt.TYPE_OBJECT: rt.Object, rt.TYPE_PARAM: rt.ParamSpec,
                              rt.TYPE_VARIANT: rt.Variant, rt.TYPE_BOXED: rt.Boxed})
    gt._class_cache.clear()
    yield
    for d, old in zip((gt._registered, gt._class_cache, gt._dynamic_bases), saved):
        d.clear()
        d.update(old)
