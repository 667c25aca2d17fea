"""Enum and flags classes, built on demand, and lazy module attributes."""

import enum

from .gtype import GType, LazyGType

__all__ = ["make_enum", "make_flags", "enum_from_int", "flags_from_int", "lazy_getattr"]


def _finish(cls, gtype):
    if gtype is not None:
        if isinstance(gtype, int):
            cls.__gtype__ = GType(gtype)
        else:  # a get_type function: resolved on first access
            cls.__gtype__ = LazyGType(gtype)
    return cls


def make_enum(name, members, module=None, qualname=None, gtype=None):
    """IntEnum class from ``(("NAME", value), ...)``.

    gtype: GType int or a get_type function (optional, sets ``__gtype__``).
    Values from C that are not members convert to plain ints with
    enum_from_int; ``Cls(unknown)`` raises ValueError like any IntEnum.
    """
    cls = enum.IntEnum(name, list(members), module=module, qualname=qualname or name)
    return _finish(cls, gtype)


def make_flags(name, members, module=None, qualname=None, gtype=None):
    """IntFlag class; any combination of bits (known or not) converts."""
    cls = enum.IntFlag(name, list(members), module=module, qualname=qualname or name)
    return _finish(cls, gtype)


def enum_from_int(cls, value):
    """Member for value, or value itself (int) when it is not a member."""
    return cls._value2member_map_.get(value, value)


def flags_from_int(cls, value):
    """Flags instance for any value (cached members first, then IntFlag())."""
    m = cls._value2member_map_.get(value)
    return m if m is not None else cls(value)


def lazy_getattr(module_globals, builders, name):
    """Body of a generated module's ``__getattr__`` (PEP 562).

    builders maps attribute name -> zero-arg callable building it; the result
    is stored in the module globals so the builder runs once.  Code inside the
    module must reach lazy names as attributes of the module object
    (``_self.Name`` with ``_self = sys.modules[__name__]``): plain global
    lookups do not go through ``__getattr__``.
    """
    try:
        builder = builders[name]
    except KeyError:
        raise AttributeError("module %r has no attribute %r"
                             % (module_globals.get("__name__"), name)) from None
    value = builder()
    module_globals[name] = value
    return value
