"""Callback scopes, driven by real GLib functions, written the way generated code
will be: one static trampoline per callback type, user_data = registry key."""

import ctypes

import pytest

import girgen_runtime as rt
from girgen_runtime import core

from rt_helpers import C


def _source_func(user_data):
    try:
        func, args = rt.callback_get(user_data)
        return 1 if func(*args) else 0
    except BaseException:
        rt.report_exception()
        return 0


def _once_func(user_data):
    try:
        func, args = rt.callback_get(user_data)  # async: pops the entry
        func(*args)
    except BaseException:
        rt.report_exception()


def _gfunc(data, user_data):
    try:
        func, args = rt.callback_get(user_data)
        func(data, *args)
    except BaseException:
        rt.report_exception()


def _compare_data(a, b, user_data):
    try:
        func, args = rt.callback_get(user_data)
        return func(a, b, *args)
    except BaseException:
        rt.report_exception()
        return 0


SOURCE_FUNC = C.SOURCE_FUNC(_source_func)  # static trampolines, made once
ONCE_FUNC = C.SOURCE_ONCE_FUNC(_once_func)
GFUNC = C.GFUNC(_gfunc)
COMPARE_DATA = C.COMPARE_DATA_FUNC(_compare_data)


def iterate(n=20):
    for _ in range(n):
        if not C.g_main_context_pending(None):
            break
        C.g_main_context_iteration(None, 0)


def test_notified_scope_released_by_destroy_notify():
    calls = []

    def cb(tag):
        calls.append(tag)
        return len(calls) < 3  # G_SOURCE_CONTINUE twice, then REMOVE

    n = rt.callback_count()
    key = rt.callback_add(cb, ("t",), rt.SCOPE_NOTIFIED)
    assert isinstance(key, int) and 0 < key < 1 << 62
    C.g_idle_add_full(200, SOURCE_FUNC, key, rt.DESTROY_NOTIFY_ADDRESS)
    assert rt.callback_count() == n + 1
    iterate()
    assert calls == ["t", "t", "t"]
    assert rt.callback_count() == n  # GLib ran the destroy notify


def test_notified_scope_released_when_source_removed_early():
    n = rt.callback_count()
    key = rt.callback_add(lambda: True, (), rt.SCOPE_NOTIFIED)
    sid = C.g_idle_add_full(200, SOURCE_FUNC, key, rt.DESTROY_NOTIFY_ADDRESS)
    assert rt.callback_count() == n + 1
    C.g_source_remove(sid)
    assert rt.callback_count() == n


def test_async_scope_released_after_first_call():
    calls = []
    n = rt.callback_count()
    key = rt.callback_add(calls.append, ("once",), rt.SCOPE_ASYNC)
    C.g_idle_add_once(ONCE_FUNC, key)
    assert rt.callback_count() == n + 1
    iterate()
    assert calls == ["once"]
    assert rt.callback_count() == n
    with pytest.raises(KeyError):
        rt.callback_get(key)


def test_call_scope_released_after_the_call():
    seen = []
    sl = None
    for i in (3, 2, 1):
        sl = core.g_slist_prepend(sl, i)
    key = rt.callback_add(lambda data, extra: seen.append((data, extra)), ("x",), rt.SCOPE_CALL)
    try:
        C.g_slist_foreach(sl, GFUNC, key)
    finally:
        rt.callback_remove(key)  # what generated code does after the call
    core.g_slist_free(sl)
    assert seen == [(1, "x"), (2, "x"), (3, "x")]


def test_call_scope_with_data_sorting():
    lst = rt.list_to_glist([5, 1, 4, 2, 3])
    key = rt.callback_add(lambda a, b: (a > b) - (a < b))
    try:
        lst = C.g_list_sort_with_data(lst, COMPARE_DATA, key)
    finally:
        rt.callback_remove(key)
    assert rt.glist_to_list(lst, None, rt.TRANSFER_CONTAINER) == [1, 2, 3, 4, 5]


def test_callback_without_user_data_uses_per_call_trampoline():
    """GCompareFunc has no user_data: the trampoline itself closes over the
    callable and is kept alive by the caller for the call."""
    lst = rt.list_to_glist([3, 1, 2])
    func = lambda a, b: (b > a) - (b < a)  # noqa: E731 (descending)
    tramp = C.COMPARE_FUNC(lambda a, b: func(a, b))
    lst = C.g_list_sort(lst, tramp)
    assert rt.glist_to_list(lst, None, rt.TRANSFER_CONTAINER) == [3, 2, 1]


def test_forever_scope_and_hold_release():
    calls = []
    n = rt.callback_count()
    key = rt.callback_add(lambda: calls.append(1), (), rt.SCOPE_FOREVER)
    for _ in range(2):
        C.g_idle_add_full(200, SOURCE_FUNC, key, None)  # no destroy notify
    iterate()
    assert calls == [1, 1]
    assert rt.callback_count() == n + 1  # still registered
    rt.callback_remove(key)
    tramp = C.COMPARE_FUNC(lambda a, b: 0)
    hkey = rt.hold(tramp)
    assert rt.callback_get(hkey)[0] is tramp
    rt.release(hkey)
    assert rt.callback_count() == n


def test_exception_in_callback_is_printed(capsys):
    def bad():
        raise RuntimeError("callback failed")

    key = rt.callback_add(bad, (), rt.SCOPE_NOTIFIED)
    C.g_idle_add_full(200, SOURCE_FUNC, key, rt.DESTROY_NOTIFY_ADDRESS)
    iterate()
    err = capsys.readouterr().err
    assert "RuntimeError: callback failed" in err


def test_throwing_callback_sets_gerror():
    """A callback with a GError** out argument reports a Python exception as GError."""
    keep, slot = core.alloc(ctypes.sizeof(ctypes.c_void_p))

    def trampoline_body(error_location):
        try:
            raise rt.Error("cb failed", "girgen-cb-quark", 9)
        except Exception as e:
            rt.propagate_gerror(error_location, e)

    trampoline_body(slot)
    with pytest.raises(rt.Error) as info:
        rt.raise_gerror(core.read_pointer(slot))
    assert (info.value.domain, info.value.code, info.value.message) == (
        "girgen-cb-quark", 9, "cb failed")
