"""Keeping Python callables alive for C callbacks, by GI scope.

A generated module declares one static C trampoline per callback type (made
once at import).  C gets the trampoline plus a small integer key as
``user_data``; the trampoline looks the Python callable up by that key:

    key = callback_add(func, user_args, SCOPE_NOTIFIED)
    lib.g_idle_add_full(prio, _tramp_SourceFunc, key, DESTROY_NOTIFY)

    def _tramp_impl(user_data):          # body of the trampoline
        func, args = callback_get(user_data)   # async scope: pops the entry
        return func(*args)

Scopes: SCOPE_CALL (generated code calls callback_remove after the C call
returns), SCOPE_ASYNC (entry removed by its first invocation),
SCOPE_NOTIFIED (removed when C calls the GDestroyNotify DESTROY_NOTIFY with
the key), SCOPE_FOREVER (never removed).
"""

import itertools
import sys

from ._core import core as _c

__all__ = [
    "SCOPE_CALL", "SCOPE_ASYNC", "SCOPE_NOTIFIED", "SCOPE_FOREVER",
    "callback_add", "callback_get", "callback_remove", "callback_count",
    "hold", "release", "DESTROY_NOTIFY", "DESTROY_NOTIFY_ADDRESS", "report_exception",
]

SCOPE_CALL = 0
SCOPE_ASYNC = 1
SCOPE_NOTIFIED = 2
SCOPE_FOREVER = 3

_entries = {}  # key -> (func, user_args)
_async = set()  # keys of async-scope entries
_next_key = itertools.count(1).__next__  # never 0: NULL user_data is special in C


def callback_add(func, user_args=(), scope=SCOPE_CALL):
    """Register func (called as func(*c_args, *user_args) by convention of the
    trampoline) and return the integer key to pass as user_data."""
    key = _next_key()
    _entries[key] = (func, user_args)
    if scope == SCOPE_ASYNC:
        _async.add(key)
    return key


def callback_get(key):
    """(func, user_args) for a key; an async entry is removed by this call.
    Raises KeyError for an unknown/released key."""
    if key in _async:
        _async.discard(key)
        return _entries.pop(key)
    return _entries[key]


def callback_remove(key):
    """Release a key (no error if already released)."""
    _entries.pop(key, None)
    _async.discard(key)


def callback_count():
    """Number of live entries (for tests and leak checks)."""
    return len(_entries)


def hold(obj):
    """Keep any object (e.g. a per-call C trampoline for a callback type without
    user_data) alive until release(key); returns the key."""
    return callback_add(obj, (), SCOPE_FOREVER)


def release(key):
    callback_remove(key)


def _destroy_notify(key):
    if key:
        _entries.pop(key, None)
        _async.discard(key)


# A GDestroyNotify to pass with user_data=key: releases the key.
DESTROY_NOTIFY, DESTROY_NOTIFY_ADDRESS = _c.make_callback("destroy_notify", _destroy_notify)


def report_exception():
    """Print the exception being handled like an uncaught one (sys.excepthook),
    for use in trampolines: exceptions cannot propagate through C."""
    try:
        sys.excepthook(*sys.exc_info())
    except BaseException:  # the hook itself failed; never let it reach C
        try:
            import traceback
            traceback.print_exc()
        except BaseException:
            pass
