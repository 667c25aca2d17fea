"""Generic signal support: GClosures whose marshaller calls Python handlers."""

from ._core import core as _c
from .gtype import gtype_name
from .gvalue import GVALUE_SIZE, value_get, value_set, value_init_set
from .callbacks import report_exception

__all__ = ["connect", "disconnect_by_func", "block_by_func", "unblock_by_func", "emit",
           "closure_new", "closure_count"]

# closure address -> (handler, user_args).  An entry lives exactly as long as
# the GClosure: it is removed by the closure's finalize notifier.
_closures = {}

G_SIGNAL_MATCH_CLOSURE = 1 << 2
G_SIGNAL_TYPE_STATIC_SCOPE = 1
TYPE_NONE = 4


def _marshal(closure, return_value, n_params, params, hint, marshal_data):
    try:
        entry = _closures.get(closure)
        if entry is None:
            return
        handler, user_args = entry[0], entry[1]
        if len(entry) > 2:
            # Generated marshaller of a signal whose arguments need their GIR types.
            entry[2](handler, user_args, params, n_params, return_value)
            return
        args = [value_get(params + i * GVALUE_SIZE) for i in range(n_params)]
        if user_args:
            args.extend(user_args)
        result = handler(*args)
        if return_value and _c.gvalue_type(return_value):
            value_set(return_value, result)
    except BaseException:
        report_exception()


def _finalize(data, closure):
    _closures.pop(closure, None)


_MARSHAL_KEEP, _MARSHAL = _c.make_callback("closure_marshal", _marshal)
_FINALIZE_KEEP, _FINALIZE = _c.make_callback("closure_notify", _finalize)


def closure_count():
    """Number of live Python closures (for tests and leak checks)."""
    return len(_closures)


def closure_new(func, user_args=()):
    """A new floating GClosure* calling func(*param_values, *user_args).

    The Python callable lives exactly as long as the closure (finalize
    notifier).  Take ownership with g_closure_ref + g_closure_sink, or pass
    it to a C function that sinks it (g_signal_connect_closure*).
    """
    closure = _c.g_closure_new_simple(_c.GCLOSURE_SIZE, None)
    _c.g_closure_set_marshal(closure, _MARSHAL)
    _closures[closure] = (func, tuple(user_args))
    _c.g_closure_add_finalize_notifier(closure, None, _FINALIZE)
    return closure


def _parse(obj, detailed_signal):
    if not isinstance(detailed_signal, str):
        raise TypeError("signal name must be str, not %s" % type(detailed_signal).__name__)
    r = _c.signal_parse_name(detailed_signal.encode(), _c.type_from_instance(obj._ptr))
    if r is None:
        raise TypeError("%r: unknown signal name: %s" % (obj, detailed_signal))
    return r


def connect(obj, detailed_signal, handler, user_args, after):
    """Connect handler(obj, *signal_args, *user_args); returns the handler id."""
    if not callable(handler):
        raise TypeError("second argument must be callable")
    sid, detail = _parse(obj, detailed_signal)
    closure = closure_new(handler, user_args)
    m = _typed_marshaller(type(obj), sid)
    if m is not None:
        _closures[closure] = (handler, tuple(user_args), m)
    hid = _c.g_signal_connect_closure_by_id(obj._ptr, sid, detail, closure, 1 if after else 0)
    if not hid:
        _c.g_closure_sink(closure)  # still floating: drops it and runs the notifier
        raise TypeError("could not connect to signal %s" % detailed_signal)
    return hid


def _typed_marshaller(cls, sid):
    """The generated marshaller of signal sid (``_signal_marshallers_`` of a class or
    interface in cls's MRO, by signal name), or None."""
    name = None
    for k in cls.__mro__:
        d = k.__dict__.get("_signal_marshallers_")
        if d:
            if name is None:
                name = _c.signal_query(sid)[1].decode()
            m = d.get(name)
            if m is not None:
                return m
    return None


def _closures_for(func):
    return [c for c, e in list(_closures.items()) if e[0] == func]


def _matched(fn, obj, func):
    n = 0
    for c in _closures_for(func):
        n += fn(obj._ptr, G_SIGNAL_MATCH_CLOSURE, 0, 0, c, None, None)
    if not n:
        raise TypeError("nothing connected to %r" % (func,))
    return n


def disconnect_by_func(obj, func):
    return _matched(_c.g_signal_handlers_disconnect_matched, obj, func)


def block_by_func(obj, func):
    return _matched(_c.g_signal_handlers_block_matched, obj, func)


def unblock_by_func(obj, func):
    return _matched(_c.g_signal_handlers_unblock_matched, obj, func)


_emit_cache = {}  # (instance type, detailed name) -> (id, detail, return type, param types)


def emit(obj, detailed_signal, args):
    """g_signal_emitv with Python arguments; returns the converted return value."""
    itype = _c.type_from_instance(obj._ptr)
    info = _emit_cache.get((itype, detailed_signal))
    if info is None:
        sid, detail = _parse(obj, detailed_signal)
        q = _c.signal_query(sid)
        info = _emit_cache[(itype, detailed_signal)] = (sid, detail, q[4], q[5])
    sid, detail, rtype, ptypes = info
    if len(args) != len(ptypes):
        raise TypeError("%d parameters needed for signal %s; %d given"
                        % (len(ptypes), detailed_signal, len(args)))
    n = len(ptypes) + 1
    keep, base = _c.alloc(GVALUE_SIZE * (n + 1))
    ret = base + GVALUE_SIZE * n
    rtype &= ~G_SIGNAL_TYPE_STATIC_SCOPE
    inited = 0
    try:
        value_init_set(base, itype, obj)
        inited = 1
        for i, (t, a) in enumerate(zip(ptypes, args)):
            try:
                value_init_set(base + GVALUE_SIZE * (i + 1), t & ~G_SIGNAL_TYPE_STATIC_SCOPE, a)
            except (TypeError, ValueError, OverflowError) as e:
                raise type(e)("argument %d of signal %s (%s): %s" % (
                    i + 1, detailed_signal, gtype_name(t & ~G_SIGNAL_TYPE_STATIC_SCOPE), e)
                ) from None
            inited += 1
        if rtype != TYPE_NONE:
            _c.g_value_init(ret, rtype)
        _c.g_signal_emitv(base, sid, detail, ret if rtype != TYPE_NONE else None)
        if rtype != TYPE_NONE:
            try:
                return value_get(ret)
            finally:
                _c.g_value_unset(ret)
        return None
    finally:
        for i in range(inited):
            _c.g_value_unset(base + GVALUE_SIZE * i)
