"""GType helpers and the GType-name -> Python class registry."""

import importlib

from ._core import core as _c

# Fundamental type ids (G_TYPE_MAKE_FUNDAMENTAL(n) == n << 2); part of the GLib ABI.
TYPE_INVALID = 0
TYPE_NONE = 4
TYPE_INTERFACE = 8
TYPE_CHAR = 12
TYPE_UCHAR = 16
TYPE_BOOLEAN = 20
TYPE_INT = 24
TYPE_UINT = 28
TYPE_LONG = 32
TYPE_ULONG = 36
TYPE_INT64 = 40
TYPE_UINT64 = 44
TYPE_ENUM = 48
TYPE_FLAGS = 52
TYPE_FLOAT = 56
TYPE_DOUBLE = 60
TYPE_STRING = 64
TYPE_POINTER = 68
TYPE_BOXED = 72
TYPE_PARAM = 76
TYPE_OBJECT = 80
TYPE_VARIANT = 84
TYPE_FUNDAMENTAL_MAX = 255 << 2

TYPE_FLAG_ABSTRACT = 1 << 4
TYPE_FLAG_INSTANTIATABLE = 1 << 2

_type_name = _c.g_type_name
_type_parent = _c.g_type_parent
_type_fundamental = _c.g_type_fundamental


class GType(int):
    """A GType id.  An int (passes straight to C) with PyGObject-like helpers."""

    __slots__ = ()

    @property
    def name(self):
        return gtype_name(self)

    @property
    def parent(self):
        return GType(_type_parent(self))

    @property
    def fundamental(self):
        return GType(_type_fundamental(self))

    @property
    def pytype(self):
        return class_for_gtype(self)

    def is_a(self, other):
        return is_a(self, other)

    @property
    def interfaces(self):
        return [GType(t) for t in _c.type_interfaces(self)]

    @property
    def is_abstract(self):
        return bool(_c.g_type_test_flags(self, TYPE_FLAG_ABSTRACT))

    def __repr__(self):
        return "<GType %s (%d)>" % (gtype_name(self) or "invalid", int(self))

    __str__ = __repr__


def gtype_name(gtype):
    """The GType's name as str, or None for an invalid/unregistered id."""
    if not gtype:
        return None
    n = _type_name(gtype)
    return None if n is None else n.decode()


def gtype_from_name(name):
    """GType for a registered type name; GType(0) when no such type exists yet."""
    return GType(_c.g_type_from_name(name.encode()))


def type_from_instance(addr):
    """G_TYPE_FROM_INSTANCE for an instance address."""
    return GType(_c.type_from_instance(addr))


def type_of(obj):
    """Runtime GType of a wrapper (object, ParamSpec...) or of an instance address."""
    p = obj if isinstance(obj, int) else obj._ptr
    return GType(_c.type_from_instance(p))


def is_a(gtype, parent):
    return bool(_c.g_type_is_a(gtype, parent))


def fundamental(gtype):
    return _type_fundamental(gtype) if gtype > TYPE_FUNDAMENTAL_MAX else gtype


class LazyGType:
    """Class attribute resolving ``__gtype__`` on first access via a get_type function.

    ``__gtype__ = LazyGType(_lib.gtk_widget_get_type)`` in a generated class; the
    first access calls the C function and replaces the descriptor by the GType.
    """

    __slots__ = ("_get_type",)

    def __init__(self, get_type):
        self._get_type = get_type

    def __get__(self, instance, owner):
        t = GType(self._get_type())
        setattr(owner, "__gtype__", t)
        return t


# --- registry: GType name -> Python class -------------------------------------------
#
# Generated modules register names eagerly (cheap) and classes are imported/built
# only when a value of that type first crosses into Python.

_registered = {}   # type name -> class | (module name, attribute name)
_class_cache = {}  # gtype int -> class | None (resolved class_for_gtype results)
_dynamic_bases = {}  # fundamental gtype -> base class for unregistered types


def register_types(module, mapping):
    """Register ``{"GtkWidget": "Widget", ...}``: GType name -> attribute of module.

    The attribute is looked up (``getattr(importlib.import_module(module), attr)``)
    the first time a value of that type is wrapped.  Re-registering a name
    replaces the previous entry.
    """
    for type_name, attr in mapping.items():
        _registered[type_name] = (module, attr)
    _class_cache.clear()


def register_class(type_name, cls):
    """Register an already built class for a GType name."""
    _registered[type_name] = cls
    _class_cache.clear()


def registered_class(type_name):
    """The class registered for a GType name (resolving it), or None."""
    entry = _registered.get(type_name)
    if entry is None or isinstance(entry, type):
        return entry
    module, attr = entry
    cls = getattr(importlib.import_module(module), attr)
    _registered[type_name] = cls
    return cls


def set_dynamic_base(fundamental_type, base):
    """Base class used for unregistered types of a fundamental (runtime internal)."""
    _dynamic_bases[fundamental_type] = base
    _class_cache.clear()


def class_for_gtype(gtype):
    """Most derived Python class for a GType (None for unknown enums, pointers...).

    Registered types map to their class.  An unregistered instantiatable type
    gets a class derived (once, cached) from its nearest registered ancestor
    plus the registered interfaces it adds, named after the GType.
    """
    try:
        return _class_cache[gtype]
    except KeyError:
        pass
    cls = _resolve(gtype)
    _class_cache[gtype] = cls
    return cls


def _resolve(gtype):
    name = gtype_name(gtype)
    if name is None:
        return None
    cls = registered_class(name)
    if cls is not None:
        return cls
    fund = fundamental(gtype)
    if fund in (TYPE_ENUM, TYPE_FLAGS, TYPE_INTERFACE):
        return None
    if fund == gtype:
        return _dynamic_bases.get(fund)
    base = class_for_gtype(_type_parent(gtype)) or _dynamic_bases.get(fund)
    if base is None:
        return None
    bases = [base]
    for itype in _c.type_interfaces(gtype):
        icls = registered_class(gtype_name(itype) or "")
        if icls is not None and not any(issubclass(b, icls) for b in bases):
            bases.append(icls)
    ns = {"__slots__": (), "__gtype__": GType(gtype), "__module__": "girgen_runtime.dynamic",
          "__qualname__": name}
    try:
        return type(name, tuple(bases), ns)
    except TypeError:  # inconsistent MRO between interface mixins: keep the ancestor only
        return type(name, (base,), ns)


# Namespaces imported before this module queued their registrations.
from ._namespace import flush_types as _flush_types  # noqa: E402

_flush_types(register_types)
