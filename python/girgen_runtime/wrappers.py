"""Wrapper lifetime: GObject identity map, boxed records, ref-counted fundamentals.

Every wrapper stores its C address in the ``_ptr`` slot (a Python int).
Conversion functions named ``*_from_none`` take a transfer-none pointer (the
wrapper takes its own reference or copy), ``*_from_full`` adopt a transfer-full
pointer.  NULL (None/0) converts to None.
"""

import sys
import weakref

from ._core import core as _c
from . import gtype as _gt

__all__ = [
    "Interface", "object_from_none", "object_from_full", "object_to_full",
    "Boxed", "boxed_from_none", "boxed_from_full", "boxed_to_full", "record_alloc",
    "Fundamental", "fundamental_from_none", "fundamental_from_full", "fundamental_to_full",
    "live_wrapper", "self_ptr", "OWN_NONE", "OWN_C", "OWN_PY",
]

_new = object.__new__
_wref = weakref.ref
_class_cache = _gt._class_cache
_class_for_gtype = _gt.class_for_gtype
_type_from_instance = _c.type_from_instance
_object_ref_sink = _c.g_object_ref_sink
_object_is_floating = _c.g_object_is_floating
_object_unref = _c.g_object_unref
_object_ref = _c.g_object_ref
_is_finalizing = getattr(sys, "is_finalizing", lambda: False)

# Identity map: C address -> weakref to the one live wrapper of that object.
# Entries are removed by the wrapper's __del__ (before it drops its reference,
# so C code re-entering during dispose never finds a dying wrapper).
_live = {}
_live_get = _live.get


def _tname(v):
    return "None" if v is None else type(v).__name__


def self_ptr(obj, cls, func):
    """The C pointer of `self` for a method of the runtime's base classes (``Object.disconnect``,
    ``Value.get_value``...), which may be called unbound with any object: TypeError for another
    class, ValueError for a wrapper never initialised (``Cls.__new__(Cls)``) or destroyed."""
    if isinstance(obj, cls):
        try:
            p = obj._ptr
        except AttributeError:
            p = 0
        if p:
            return p
        raise ValueError("%s() argument 'self': the %s has been destroyed or is not initialised"
                         % (func, cls.__name__))
    raise TypeError("%s() argument 'self' must be %s, not %s" % (func, cls.__name__, _tname(obj)))


def live_wrapper(addr):
    """The live wrapper of a GObject address, or None (no new reference taken)."""
    r = _live_get(addr)
    return None if r is None else r()


def _new_object_wrapper(p):
    t = _type_from_instance(p)
    try:
        cls = _class_cache[t]
    except KeyError:
        cls = _class_for_gtype(t)
    if cls is None:
        raise TypeError("no Python class for GType %s" % _gt.gtype_name(t))
    w = _new(cls)
    w._ptr = p
    _live[p] = _wref(w)
    return w


def object_from_none(p):
    """Wrap a transfer-none GObject*: same wrapper as before if one is alive,
    else a new one owning a new reference (a floating reference is sunk)."""
    if not p:
        return None
    r = _live_get(p)
    if r is not None:
        w = r()
        if w is not None:
            return w
    w = _new_object_wrapper(p)
    _object_ref_sink(p)
    return w


def object_from_full(p):
    """Wrap a transfer-full GObject*: the wrapper adopts the reference (or drops
    it when a wrapper already exists); a floating reference is sunk."""
    if not p:
        return None
    r = _live_get(p)
    if r is not None:
        w = r()
        if w is not None:
            _object_unref(p)
            return w
    w = _new_object_wrapper(p)
    if _object_is_floating(p):
        _object_ref_sink(p)  # clears the flag without adding a reference
    return w


def object_to_full(obj):
    """Address with a new reference for a transfer-full GObject argument."""
    if obj is None:
        return None
    return _object_ref(obj._ptr)


def _adopt_new_object(w, p):
    """Bind a freshly constructed object (g_object_new result) to wrapper w."""
    if _object_is_floating(p):
        _object_ref_sink(p)
    w._ptr = p
    _live[p] = _wref(w)


def _object_del(self, _live=_live, _unref=_object_unref, _fin=_is_finalizing):
    try:
        p = self._ptr
    except AttributeError:  # __init__ failed before the object existed
        return
    if not p:
        return
    self._ptr = 0
    r = _live.get(p)
    if r is not None:
        w = r()
        if w is None or w is self:
            _live.pop(p, None)
    if not _fin():  # at interpreter teardown C finalizers must not call back in
        _unref(p)


class Interface:
    """Base of generated GInterface classes (mixins of object classes)."""

    __slots__ = ()


# --- boxed and plain records ------------------------------------------------------

OWN_NONE = 0  # borrowed pointer, never released
OWN_C = 1     # owns a C copy/reference, released with the class's release function
OWN_PY = 2    # Python-allocated buffer kept in _buf


class Boxed:
    """Base of generated record (struct/boxed) classes.

    Class attributes a generated class may set (all optional):
      __gtype__      boxed GType (int or LazyGType): g_boxed_copy/g_boxed_free
      _copy_func_    C copy function (ptr -> new ptr); with _free_func_, used
      _free_func_    C free function                  instead of the GType
      _ref_func_     C ref function;   ref-counted records (acquire = ref,
      _unref_func_   C unref function   release = unref)
      _size_         sizeof the C struct: enables Record() and caller-allocates
      _layout_       backend struct layout for fields (ctypes Structure)
      _clear_func_   called on a Python-owned buffer before it is released
    Without any of copy/ref/GType, transfer-none pointers are borrowed.
    """

    __slots__ = ("_ptr", "_own", "_buf", "_view", "__weakref__")
    __gtype__ = None
    _copy_func_ = None
    _free_func_ = None
    _ref_func_ = None
    _unref_func_ = None
    _clear_func_ = None
    _size_ = 0
    _layout_ = None
    _acquire_ = None  # computed per class: ptr -> owned ptr (copy or ref), or None
    _release_ = None  # computed per class: ptr -> None, or None

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        _setup_boxed_class(cls)

    def __init__(self):
        """Zero-initialised struct owned by Python. No arguments, as in PyGObject and the pyo3
        backend: fields are set afterwards."""
        size = type(self)._size_
        if not size:
            raise TypeError("cannot allocate %s: size unknown, use a constructor"
                            % type(self).__qualname__)
        self._buf, self._ptr = _c.alloc(size)
        self._own = OWN_PY

    def __del__(self, _fin=_is_finalizing):
        try:
            own = self._own
        except AttributeError:
            return
        self._own = OWN_NONE
        if own == OWN_C:
            if not _fin():
                type(self)._release_(self._ptr)
        elif own == OWN_PY:
            clear = type(self)._clear_func_
            if clear is not None and not _fin():
                clear(self._ptr)

    def _struct(self):
        """Cached backend view of the struct (ctypes: _layout_ at _ptr)."""
        try:
            return self._view
        except AttributeError:
            v = self._view = self._layout_.from_address(self._ptr)
            return v

    def copy(self):
        """A new owned copy (needs a copy/ref function or a GType)."""
        acq = type(self)._acquire_
        if acq is None:
            raise TypeError("%s cannot be copied" % type(self).__qualname__)
        return boxed_from_full(type(self), acq(self._ptr))

    def __repr__(self):
        cls = type(self)
        return "<%s.%s object at 0x%x (%s at 0x%x)>" % (
            cls.__module__.rsplit(".", 1)[-1], cls.__qualname__, id(self),
            _gt.gtype_name(cls.__gtype__) if cls.__gtype__ else cls.__qualname__,
            self._ptr or 0)


def _setup_boxed_class(cls):
    d = cls.__dict__
    if not any(k in d for k in ("__gtype__", "_copy_func_", "_free_func_",
                                "_ref_func_", "_unref_func_")):
        return  # inherits the parent's acquire/release
    if cls._ref_func_ is not None and cls._unref_func_ is not None:
        cls._acquire_ = staticmethod(cls._ref_func_)
        cls._release_ = staticmethod(cls._unref_func_)
    elif cls._copy_func_ is not None and cls._free_func_ is not None:
        cls._acquire_ = staticmethod(cls._copy_func_)
        cls._release_ = staticmethod(cls._free_func_)
    elif any(b.__dict__.get("__gtype__") is not None for b in cls.__mro__):
        # Not cls.__gtype__: that would resolve a LazyGType at class creation.
        copy, free = _c.g_boxed_copy, _c.g_boxed_free

        def acquire(p, cls=cls):
            return copy(cls.__gtype__, p)

        def release(p, cls=cls):
            free(cls.__gtype__, p)

        cls._acquire_ = staticmethod(acquire)
        cls._release_ = staticmethod(release)
    else:
        cls._acquire_ = None
        cls._release_ = staticmethod(cls._free_func_) if cls._free_func_ else None


def boxed_from_full(cls, p):
    """Adopt a transfer-full record pointer (freed with the class's release)."""
    if not p:
        return None
    w = _new(cls)
    w._ptr = p
    w._own = OWN_C if cls._release_ is not None else OWN_NONE
    return w


def boxed_from_none(cls, p):
    """Wrap a transfer-none record pointer: copied/ref'd when the class can,
    else borrowed (valid only as long as the C owner keeps it)."""
    if not p:
        return None
    w = _new(cls)
    acq = cls._acquire_
    if acq is None:
        w._ptr = p
        w._own = OWN_NONE
    else:
        w._ptr = acq(p)
        w._own = OWN_C
    return w


def boxed_to_full(rec):
    """Pointer to a new copy/reference, for a transfer-full record argument."""
    if rec is None:
        return None
    acq = type(rec)._acquire_
    if acq is None:
        raise TypeError("%s cannot be passed with transfer full" % type(rec).__qualname__)
    return acq(rec._ptr)


def record_alloc(cls):
    """Python-owned zeroed struct (caller-allocates out parameter)."""
    w = _new(cls)
    w._buf, w._ptr = _c.alloc(cls._size_)
    w._own = OWN_PY
    return w


# --- ref-counted fundamental types (GParamSpec, GVariant...) ---------------------


class Fundamental:
    """Base of wrappers for fundamental types with ref/unref functions.

    Class attributes: _ref_func_, _unref_func_ (required), _ref_sink_func_ and
    _is_floating_func_ (when the type has floating references),
    _typed_instance_ (True for GTypeInstance-based types such as GParamSpec:
    the most derived registered class is picked from the instance's GType).
    """

    __slots__ = ("_ptr", "__weakref__")
    __gtype__ = None
    _ref_func_ = None
    _unref_func_ = None
    _ref_sink_func_ = None
    _is_floating_func_ = None
    _typed_instance_ = False

    def __init__(self, *args, **kwargs):
        raise TypeError("%s cannot be constructed directly" % type(self).__qualname__)

    def __del__(self, _fin=_is_finalizing):
        try:
            p = self._ptr
        except AttributeError:
            return
        self._ptr = 0
        if p and not _fin():
            type(self)._unref_func_(p)

    def __repr__(self):
        cls = type(self)
        return "<%s.%s object at 0x%x (%s at 0x%x)>" % (
            cls.__module__.rsplit(".", 1)[-1], cls.__qualname__, id(self),
            cls.__qualname__, self._ptr or 0)


def _fundamental_class(cls, p):
    if cls._typed_instance_:
        t = _type_from_instance(p)
        try:
            sub = _class_cache[t]
        except KeyError:
            sub = _class_for_gtype(t)
        if sub is not None:
            return sub
    return cls


def fundamental_from_none(cls, p):
    """Wrap a transfer-none fundamental pointer (ref, or ref_sink if floating)."""
    if not p:
        return None
    cls = _fundamental_class(cls, p)
    w = _new(cls)
    sink = cls._ref_sink_func_
    (sink if sink is not None else cls._ref_func_)(p)
    w._ptr = p
    return w


def fundamental_from_full(cls, p):
    """Adopt a transfer-full fundamental pointer (a floating reference is sunk)."""
    if not p:
        return None
    cls = _fundamental_class(cls, p)
    isf = cls._is_floating_func_
    if isf is not None and isf(p):
        cls._ref_sink_func_(p)
    w = _new(cls)
    w._ptr = p
    return w


def fundamental_to_full(obj):
    if obj is None:
        return None
    return type(obj)._ref_func_(obj._ptr)
