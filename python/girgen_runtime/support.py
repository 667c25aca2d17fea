"""What generated Python modules (ctypes and cffi backends) import, by name.

Generated code converts the common cases inline (str → bytes, int range checks) and calls the
helpers here for everything else: wrapping instances by their memory kind, containers, callbacks,
GErrors and the error path of argument conversion. Every helper that can reject a value takes
``(func, param)`` — the Python names of the function and the parameter — for its message.

The element spec of a container, written by the generator:
  "i8".."u64", "bool", "f32", "f64", "gtype", "unichar", "ptr", "utf8", "filename", "error"
  or (kind, lambda: cls) with kind in "object", "fundamental", "boxed", "enum", "flags", "ptr".
An array spec: (array kind: "c" | "garray" | "ptrarray" | "bytearray", element spec,
zero_terminated, fixed size or -1, elements inline (structs by value)).
"""

import enum as _enum
import importlib
import operator
import os
import sys

from ._core import core as _c
from . import callbacks as _cb
from . import containers as _co
from . import errors as _er
from . import gtype as _gt
from . import wrappers as _w
from .gobject import Object, ParamSpec as _RuntimeParamSpec  # noqa: F401  (Object: base of GObject.Object)
from .gtype import GType, LazyGType
from .wrappers import Boxed, Fundamental, Interface

__all__ = [
    "Library", "lazy_attribute", "register_namespace", "Object", "Interface", "Boxed", "Fundamental",
    "Opaque", "LazyGType", "IntEnum", "IntFlag", "int_in", "overflow", "argument_error", "utf8_in",
    "utf8_in_full", "filename_in", "filename_in_full", "unichar_in", "unichar_out", "gtype_in",
    "gtype_out", "pointer_in", "bytes_address", "instance_in", "instance_in_full", "instance_out",
    "record_new", "enum_out", "flags_out", "utf8_from_none", "utf8_from_full", "filename_from_none",
    "filename_from_full", "array_in", "array_out", "list_in", "list_out", "hash_in", "hash_out",
    "error_in", "error_out", "check_gerror", "error_domain_class", "callback_in", "CallbackType",
    "read_out", "write_out", "g_free", "result_tuple",
]

IntEnum = _enum.IntEnum
IntFlag = _enum.IntFlag
g_free = _c.g_free
_index = operator.index
_fsencode = os.fsencode


# --- libraries and lazy namespaces ----------------------------------------------------


def _missing(name):
    def missing(*args, **kwargs):
        raise NotImplementedError("%s is not exported by the loaded library (a newer version "
                                  "of the library is needed)" % name)
    missing.__name__ = name
    return missing


class Library:
    """The shared libraries of a namespace, opened on first use (dlopen by soname, so
    LD_LIBRARY_PATH and the system paths apply, as for any program)."""

    __slots__ = ("names", "backend", "_handles")

    def __init__(self, names, backend):
        self.names = names
        self.backend = backend
        self._handles = None

    def _open(self):
        import ctypes
        handles = []
        for name in self.names:
            try:
                handles.append(ctypes.CDLL(name))
            except OSError as e:
                raise ImportError("cannot load %s: %s" % (name, e)) from None
        self._handles = handles
        return handles

    def fn(self, name, restype, argtypes):
        """The C function `name` with its prototype; a stub raising NotImplementedError
        when no library exports it (the GIR is newer than the library)."""
        handles = self._handles if self._handles is not None else self._open()
        for h in handles:
            try:
                f = getattr(h, name)
            except AttributeError:
                continue
            f.restype = restype
            f.argtypes = argtypes
            return f
        return _missing(name)


def lazy_attribute(module_name, module_globals, items, name):
    """A namespace module's ``__getattr__``: import the submodule defining `name`, keep the value."""
    sub = items.get(name)
    if sub is None:
        raise AttributeError("module %r has no attribute %r" % (module_name, name))
    value = getattr(importlib.import_module(module_name + "." + sub), name)
    module_globals[name] = value
    return value


_pending_domains = {}       # domain string -> (module, enum attribute)
_pending_quark_enums = []   # (module, enum attribute) whose domain only a quark function knows


def register_namespace(module_name, gtypes, error_domains):
    """Called by each namespace module at import: cheap registrations only."""
    if gtypes:
        _gt.register_types(module_name, gtypes)
    for domain, attr in error_domains:
        if domain is None:
            _pending_quark_enums.append((module_name, attr))
        else:
            _pending_domains[domain] = (module_name, attr)


def _load_enum(entry):
    module, attr = entry
    try:
        getattr(importlib.import_module(module), attr)
    except Exception:  # an error while reporting an error must not hide it
        pass


def error_domain_class(domain, class_name, code_enum):
    """The exception class of an error domain enum (`Enum.Error`). `domain` is the domain
    string or the domain's quark function."""
    if not isinstance(domain, str):
        quark = domain()
        domain = _c.g_quark_to_string(quark)
        domain = domain.decode() if domain is not None else class_name
    return _er.register_error_domain(domain, class_name, code_enum, module=getattr(code_enum, "__module__", None))


def check_gerror(addr):
    """Raise the exception for a set GError* (freed exactly once)."""
    quark = _c.gerror_fields(addr)[0]
    s = _c.g_quark_to_string(quark)
    domain = s.decode() if s is not None else None
    if domain is not None and _er.error_class_for_domain(domain) is _er.Error:
        entry = _pending_domains.pop(domain, None)
        if entry is not None:
            _load_enum(entry)
        elif _pending_quark_enums:
            pending = list(_pending_quark_enums)
            del _pending_quark_enums[:]
            for e in pending:
                _load_enum(e)
    raise _er.take_gerror(addr)


# --- results --------------------------------------------------------------------------

_result_types = {}


def _result_type(names):
    cls = _result_types.get(names)
    if cls is not None:
        return cls

    def __repr__(self):
        return "(%s)" % ", ".join(repr(v) if n is None else "%s=%r" % (n, v) for n, v in zip(names, self))

    ns = {"__slots__": (), "__repr__": __repr__, "_fields": names}
    for i, n in enumerate(names):
        if n is not None:
            ns[n] = property(operator.itemgetter(i))
    cls = type("ResultTuple", (tuple,), ns)
    _result_types[names] = cls
    return cls


def result_tuple(names, values):
    """Several results, as PyGObject returns them: a tuple whose out parameters are also
    attributes, shown by name in its repr (`(True, argvp=['a'])`)."""
    return _result_type(names)(values)


# --- argument errors -----------------------------------------------------------------


def _tname(v):
    return "None" if v is None else type(v).__name__


def int_in(value, func, param):
    """The slow path of an integer argument: accepts int subclasses and __index__."""
    if isinstance(value, float) or isinstance(value, str) or value is None:
        raise TypeError("%s() argument '%s' must be int, not %s" % (func, param, _tname(value)))
    try:
        return _index(value)
    except TypeError:
        raise TypeError("%s() argument '%s' must be int, not %s" % (func, param, _tname(value))) from None


def overflow(value, ctype, func, param):
    return OverflowError("%s() argument '%s': %d does not fit %s" % (func, param, value, ctype))


def argument_error(exc, func, names):
    """Turn an FFI conversion error (ctypes.ArgumentError: "argument 2: TypeError: ...")
    into a TypeError naming the parameter."""
    text = str(exc)
    param = None
    if text.startswith("argument "):
        try:
            index = int(text[9:text.index(":")]) - 1
            param = names[index]
            text = text[text.index(":") + 1:].strip()
        except (ValueError, IndexError):
            pass
    if param is None:
        return TypeError("%s(): %s" % (func, text))
    return TypeError("%s() argument '%s': %s" % (func, param, text))


def utf8_in(value, nullable, func, param):
    """The slow path of a str argument: None, str subclasses, NUL bytes, wrong types."""
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be str, not None" % (func, param))
    if not isinstance(value, str):
        raise TypeError("%s() argument '%s' must be str, not %s" % (func, param, _tname(value)))
    if "\0" in value:
        raise ValueError("%s() argument '%s' contains an embedded null character" % (func, param))
    try:
        return value.encode()
    except UnicodeEncodeError as e:
        raise ValueError("%s() argument '%s' is not valid UTF-8: %s" % (func, param, e)) from None


def utf8_in_full(value, nullable, func, param):
    """A str argument whose ownership C takes: a g_strdup'ed copy."""
    b = utf8_in(value, nullable, func, param)
    return None if b is None else _c.g_strdup(b)


def filename_in(value, nullable, func, param):
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be str, bytes or os.PathLike, not None" % (func, param))
    try:
        b = _fsencode(value)
    except TypeError:
        raise TypeError("%s() argument '%s' must be str, bytes or os.PathLike, not %s"
                        % (func, param, _tname(value))) from None
    if b"\0" in b:
        raise ValueError("%s() argument '%s' contains an embedded null byte" % (func, param))
    return b


def filename_in_full(value, nullable, func, param):
    b = filename_in(value, nullable, func, param)
    return None if b is None else _c.g_strdup(b)


def unichar_in(value, func, param):
    if isinstance(value, str) and len(value) == 1:
        return ord(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0x10FFFF:
        return value
    raise TypeError("%s() argument '%s' must be a str of length 1, not %s" % (func, param, _tname(value)))


def unichar_out(value):
    try:
        return chr(value)
    except (ValueError, OverflowError):
        return "\ufffd"


def gtype_in(value, func, param):
    """A GType argument: a GType (int), or a class or object with a __gtype__."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < 1 << 64:
            raise OverflowError("%s() argument '%s': %d is not a GType" % (func, param, value))
        return value
    g = getattr(value, "__gtype__", None)
    if isinstance(g, int):
        return g
    raise TypeError("%s() argument '%s' must be a GType, not %s" % (func, param, _tname(value)))


def gtype_out(value):
    return GType(value)


def pointer_in(value, func, param):
    """gpointer: an address (int) or None; wrappers pass their C pointer."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < 1 << 64:
            raise OverflowError("%s() argument '%s': %d is not an address" % (func, param, value))
        return value
    p = getattr(value, "_ptr", None)
    if isinstance(p, int):
        return p
    raise TypeError("%s() argument '%s' must be an address (int) or None, not %s"
                    % (func, param, _tname(value)))


def bytes_address(b):
    """Address of the bytes' buffer (the bytes object must stay alive during the call)."""
    if b is None:
        return None
    import ctypes
    return ctypes.cast(ctypes.c_char_p(b), ctypes.c_void_p).value


# --- instances by memory kind ----------------------------------------------------------


class Opaque:
    """Instances of unregistered classes without ref/unref: borrowed pointers."""

    __slots__ = ("_ptr", "__weakref__")

    def __init__(self, *args, **kwargs):
        raise TypeError("%s cannot be constructed directly" % type(self).__qualname__)


def _instance_ptr(value, cls, nullable, func, param):
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be %s, not None" % (func, param, cls.__name__))
    if not isinstance(value, cls):
        raise TypeError("%s() argument '%s' must be %s, not %s" % (func, param, cls.__name__, _tname(value)))
    p = getattr(value, "_ptr", None)
    if not p:
        raise ValueError("%s() argument '%s': the %s has been destroyed or is not initialised"
                         % (func, param, cls.__name__))
    return p


def instance_in(value, cls, nullable, func, param):
    """Pointer of a wrapper of class `cls` (checked), borrowed for the call."""
    if value.__class__ is cls:
        p = value._ptr
        if p:
            return p
    return _instance_ptr(value, cls, nullable, func, param)


def instance_in_full(value, cls, nullable, func, param):
    """Pointer with a new reference/copy that C takes over (transfer full)."""
    p = _instance_ptr(value, cls, nullable, func, param)
    if p is None:
        return None
    if isinstance(value, Object):
        return _c.g_object_ref(p)
    if isinstance(value, Fundamental):
        return type(value)._ref_func_(p)
    if isinstance(value, Boxed):
        return _w.boxed_to_full(value)
    return p


def instance_out(cls, p, transfer):
    """Wrapper for a pointer returned by C, by the class's memory kind."""
    if not p:
        return None
    if issubclass(cls, (Object, Interface)):
        return _w.object_from_none(p) if transfer == 0 else _w.object_from_full(p)
    if issubclass(cls, Boxed):
        return _w.boxed_from_none(cls, p) if transfer == 0 else _w.boxed_from_full(cls, p)
    if issubclass(cls, Fundamental):
        return _w.fundamental_from_none(cls, p) if transfer == 0 else _w.fundamental_from_full(cls, p)
    w = object.__new__(cls)
    w._ptr = p
    return w


def record_new(cls):
    """A zeroed, Python-owned struct for a caller-allocates out parameter."""
    if not cls._size_:
        raise TypeError("%s has no known size; it cannot be allocated by the caller" % cls.__qualname__)
    return _w.record_alloc(cls)


def enum_out(cls, value):
    return cls._value2member_map_.get(value, value)


def flags_out(cls, value):
    m = cls._value2member_map_.get(value)
    return m if m is not None else cls(value)


utf8_from_none = _co.utf8_from_none
utf8_from_full = _co.utf8_from_full
filename_from_none = _co.filename_from_none
filename_from_full = _co.filename_from_full


# --- GArray / GPtrArray / GByteArray ---------------------------------------------------


def _glib_fn(name, restype, *argtypes):
    """A GLib function from the core, or bound here with ctypes when the core lacks it."""
    f = getattr(_c, name, None)
    if f is not None:
        return f
    import ctypes
    f = getattr(ctypes.CDLL("libglib-2.0.so.0"), name)
    f.restype = restype
    f.argtypes = argtypes
    return f


class _GArrays:
    """GArray family functions, bound on first use."""

    def __getattr__(self, name):
        import ctypes
        P, U = ctypes.c_void_p, ctypes.c_uint
        protos = {
            "g_array_new": (P, ctypes.c_int, ctypes.c_int, U),
            "g_array_append_vals": (P, P, P, U),
            "g_array_unref": (None, P),
            "g_ptr_array_new": (P,),
            "g_ptr_array_add": (None, P, P),
            "g_ptr_array_unref": (None, P),
            "g_byte_array_new": (P,),
            "g_byte_array_append": (P, P, ctypes.c_char_p, U),
            "g_byte_array_unref": (None, P),
        }
        restype, *argtypes = protos[name]
        f = _glib_fn(name, restype, *argtypes)
        setattr(self, name, f)
        return f


_ga = _GArrays()


# --- element conversions for containers -------------------------------------------------

_NUMERIC = {
    "bool": _c.KIND_BOOLEAN, "i8": _c.KIND_INT8, "u8": _c.KIND_UINT8, "i16": _c.KIND_INT16,
    "u16": _c.KIND_UINT16, "i32": _c.KIND_INT32, "u32": _c.KIND_UINT32, "i64": _c.KIND_INT64,
    "u64": _c.KIND_UINT64, "f32": _c.KIND_FLOAT, "f64": _c.KIND_DOUBLE, "gtype": _c.KIND_GTYPE,
    "unichar": _c.KIND_UNICHAR,
}
_RANGES = {
    "i8": (-(1 << 7), (1 << 7) - 1), "u8": (0, (1 << 8) - 1), "i16": (-(1 << 15), (1 << 15) - 1),
    "u16": (0, (1 << 16) - 1), "i32": (-(1 << 31), (1 << 31) - 1), "u32": (0, (1 << 32) - 1),
    "i64": (-(1 << 63), (1 << 63) - 1), "u64": (0, (1 << 64) - 1), "gtype": (0, (1 << 64) - 1),
}


def _elem_in(spec, transfer, func, param):
    """Python value -> C element (number or address); with transfer full, C owns the result."""
    if isinstance(spec, str):
        if spec in _RANGES:
            lo, hi = _RANGES[spec]

            def conv(v):
                if v.__class__ is not int:
                    v = int_in(v, func, param)
                if not lo <= v <= hi:
                    raise overflow(v, spec, func, param)
                return v
            return conv
        if spec == "bool":
            return lambda v: 1 if v else 0
        if spec in ("f32", "f64"):
            def fconv(v):
                if not isinstance(v, (int, float)) or isinstance(v, bool):
                    raise TypeError("%s() argument '%s' must contain numbers, not %s" % (func, param, _tname(v)))
                return float(v)
            return fconv
        if spec == "unichar":
            return lambda v: unichar_in(v, func, param)
        if spec == "utf8":
            return lambda v: _c.g_strdup(utf8_in(v, True, func, param))
        if spec == "filename":
            return lambda v: _c.g_strdup(filename_in(v, True, func, param))
        return lambda v: pointer_in(v, func, param)
    kind, cls = spec
    if kind in ("enum", "flags"):
        return _elem_in("i32", transfer, func, param)
    if kind == "ptr":
        return lambda v: pointer_in(v, func, param)
    if transfer == 2:
        return lambda v: instance_in_full(v, cls(), True, func, param)
    return lambda v: instance_in(v, cls(), True, func, param)


def _elem_out(spec, transfer):
    """C element -> Python value; transfer 2 (full) means the element's ownership is ours."""
    if isinstance(spec, str):
        if spec in _NUMERIC:
            if spec == "bool":
                return lambda v: v != 0
            if spec == "unichar":
                return unichar_out
            if spec == "gtype":
                return GType
            return None
        if spec == "utf8":
            return _co.utf8_from_full if transfer == 2 else _co.utf8_from_none
        if spec == "filename":
            return _co.filename_from_full if transfer == 2 else _co.filename_from_none
        if spec == "error":
            return lambda p: error_out(p, transfer)
        return lambda p: p or None
    kind, cls = spec
    if kind == "enum":
        return lambda v: enum_out(cls(), v)
    if kind == "flags":
        return lambda v: flags_out(cls(), v)
    if kind == "ptr":
        return lambda p: p or None
    t = 2 if transfer == 2 else 0
    return lambda p: instance_out(cls(), p, t)


def _elem_kind(spec):
    if isinstance(spec, str):
        return _NUMERIC.get(spec, _c.KIND_POINTER)
    if spec[0] in ("enum", "flags"):
        return _c.KIND_INT32
    return _c.KIND_POINTER


class _Keep:
    """Keeps C memory made for one call alive, and frees what C did not take when it dies."""

    __slots__ = ("refs", "free")

    def __init__(self, refs, free=None):
        self.refs = refs
        self.free = free

    def __del__(self):
        f = self.free
        if f is not None:
            self.free = None
            f()


def array_in(value, spec, transfer, nullable, func, param):
    """A sequence as a C array (or GArray/GPtrArray/GByteArray): (address, keepalive)."""
    if value is None:
        if nullable:
            return None, None
        raise TypeError("%s() argument '%s' must be a sequence, not None" % (func, param))
    akind, elem, zero_terminated, fixed, inline = spec
    if inline:
        raise TypeError("%s() argument '%s': arrays of structs by value are not supported by "
                        "this backend" % (func, param))
    if isinstance(value, (bytes, bytearray)) and elem in ("u8", "i8"):
        items = list(value)
    else:
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
            raise TypeError("%s() argument '%s' must be a sequence, not %s" % (func, param, _tname(value)))
        items = list(value)
    if fixed >= 0 and len(items) != fixed:
        raise ValueError("%s() argument '%s' must have %d elements, not %d" % (func, param, fixed, len(items)))
    kind = _elem_kind(elem)
    full_elems = transfer == 2
    conv = _elem_in(elem, 2 if full_elems else 0, func, param)
    if isinstance(elem, str) and elem in ("utf8", "filename") and not full_elems:
        # Borrowed strings: keep Python bytes alive instead of copying.
        enc = (lambda v: utf8_in(v, True, func, param)) if elem == "utf8" else \
            (lambda v: filename_in(v, True, func, param))
        raw = [enc(v) for v in items]
        vals = [bytes_address(b) for b in raw]
    else:
        raw = None
        vals = [conv(v) if conv is not None else v for v in items]
    if akind == "c":
        if transfer == 0:
            keep, addr = _c.array_new(vals, kind, zero_terminated)
            return addr, _Keep((keep, raw))
        addr = _c.array_new_gmalloc(vals, kind, zero_terminated)
        return addr, _Keep(raw)
    if akind == "bytearray":
        data = bytes(vals)
        ba = _ga.g_byte_array_new()
        _ga.g_byte_array_append(ba, data, len(data))
        return ba, _Keep(raw, None if transfer else (lambda: _ga.g_byte_array_unref(ba)))
    if akind == "ptrarray":
        pa = _ga.g_ptr_array_new()
        for v in vals:
            _ga.g_ptr_array_add(pa, v)
        return pa, _Keep(raw, None if transfer else (lambda: _ga.g_ptr_array_unref(pa)))
    # GArray
    size = _c.kind_size(kind)
    ga = _ga.g_array_new(1 if zero_terminated else 0, 0, size)
    if vals:
        keep, addr = _c.array_new(vals, kind, False)
        _ga.g_array_append_vals(ga, addr, len(vals))
    return ga, _Keep(raw, None if transfer else (lambda: _ga.g_array_unref(ga)))


def array_out(p, n, spec, transfer):
    """A C array (or GArray/GPtrArray/GByteArray) as a list (bytes for guint8 C arrays)."""
    akind, elem, zero_terminated, fixed, inline = spec
    if not p:
        return None if akind != "c" or n <= 0 and not zero_terminated and fixed < 0 else []
    if inline:
        raise TypeError("arrays of structs by value are not supported by this backend")
    kind = _elem_kind(elem)
    conv = _elem_out(elem, 2 if transfer == 2 else 0)
    if akind == "c":
        if n is None or n < 0:
            n = fixed if fixed >= 0 else _c.array_length_zero_terminated(p, kind)
        try:
            vals = _c.array_read(p, n, kind)
            if elem == "u8":
                return bytes(vals)
            return [conv(v) for v in vals] if conv is not None else vals
        finally:
            if transfer != 0:
                _c.g_free(p)
    data, length = _c.read_pointer(p), _c.read_u32(p + _c.POINTER_SIZE)
    try:
        if akind == "bytearray":
            return bytes(_c.array_read(data, length, _c.KIND_UINT8)) if length else b""
        vals = _c.array_read(data, length, kind if akind == "garray" else _c.KIND_POINTER)
        return [conv(v) for v in vals] if conv is not None else vals
    finally:
        if transfer != 0:
            unref = {"garray": _ga.g_array_unref, "ptrarray": _ga.g_ptr_array_unref,
                     "bytearray": _ga.g_byte_array_unref}[akind]
            unref(p)


def list_in(value, single, elem, transfer, nullable, func, param):
    """A sequence as a GList/GSList: (address, keepalive that frees it unless C took it)."""
    if value is None:
        if nullable:
            return None, None
        raise TypeError("%s() argument '%s' must be a sequence, not None" % (func, param))
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__iter__"):
        raise TypeError("%s() argument '%s' must be a sequence, not %s" % (func, param, _tname(value)))
    conv = _elem_in(elem, 2 if transfer == 2 else 0, func, param)
    items = [conv(v) if conv is not None else v for v in value]
    p = (_co.list_to_gslist if single else _co.list_to_glist)(items)
    if transfer:
        return p, None
    free = _co.gslist_free if single else _co.glist_free
    owned_strings = isinstance(elem, str) and elem in ("utf8", "filename")
    return p, _Keep(None, lambda: free(p, _c.G_FREE if owned_strings else None))


def list_out(p, single, elem, transfer):
    conv = _elem_out(elem, transfer)
    return (_co.gslist_to_list if single else _co.glist_to_list)(p, conv, transfer)


def hash_in(value, kspec, vspec, transfer, nullable, func, param):
    if value is None:
        if nullable:
            return None, None
        raise TypeError("%s() argument '%s' must be a dict, not None" % (func, param))
    if not isinstance(value, dict):
        raise TypeError("%s() argument '%s' must be a dict, not %s" % (func, param, _tname(value)))
    strings = kspec in ("utf8", "filename")
    kconv = _elem_in(kspec, 2, func, param)
    vconv = _elem_in(vspec, 2, func, param)
    vfree = _c.G_FREE if vspec in ("utf8", "filename") else None
    t = _co.dict_to_ghashtable(value, kconv, vconv, _co.HASH_STRING if strings else _co.HASH_POINTER,
                               _c.G_FREE if strings else None, vfree)
    if transfer:
        return t, None
    return t, _Keep(None, lambda: _c.g_hash_table_unref(t))


def hash_out(p, kspec, vspec, transfer):
    return _co.ghashtable_to_dict(p, _elem_out(kspec, 0), _elem_out(vspec, 0), transfer)


def error_in(value, nullable, func, param):
    if value is None:
        if nullable:
            return None
        raise TypeError("%s() argument '%s' must be GLib.Error, not None" % (func, param))
    if not isinstance(value, _er.Error):
        raise TypeError("%s() argument '%s' must be GLib.Error, not %s" % (func, param, _tname(value)))
    return _er.gerror_new(value)


def error_out(p, transfer):
    if not p:
        return None
    if transfer == 0:
        p = _c.g_error_copy(p)
    return _er.take_gerror(p)


# --- callbacks ------------------------------------------------------------------------


class CallbackType:
    """A C callback type: its ctypes function type and the generated invoker that converts
    C arguments to Python, calls the Python callable and converts the result back."""

    __slots__ = ("name", "cfunctype", "invoke", "user_data", "error", "ret_kind")

    def __init__(self, name, cfunctype, invoke, user_data, error, ret_kind):
        self.name = name
        self.cfunctype = cfunctype
        self.invoke = invoke
        self.user_data = user_data
        self.error = error
        self.ret_kind = ret_kind

    def __repr__(self):
        return "<callback type %s>" % self.name


_SCOPES = {"call": _cb.SCOPE_CALL, "async": _cb.SCOPE_ASYNC, "notified": _cb.SCOPE_NOTIFIED,
           "forever": _cb.SCOPE_FOREVER}


def _default_return(kind):
    return None if kind in ("Void", "Ptr") else 0


def callback_in(func, cbtype, scope, nullable, has_destroy, fname, param):
    """A Python callable as a C callback: (function pointer, user_data, destroy notify).

    A new C trampoline per call keeps the callable without looking it up; its lifetime follows
    the scope: `call` (the keepalive local of the generated call), `async` (until it has run once),
    `notified` (until C calls the destroy notify), `forever`.
    """
    if func is None:
        if nullable:
            return None, None, None
        raise TypeError("%s() argument '%s' must be callable, not None" % (fname, param))
    if not callable(func):
        raise TypeError("%s() argument '%s' must be callable, not %s" % (fname, param, _tname(func)))
    invoke = cbtype.invoke
    err_index = cbtype.error
    default = _default_return(cbtype.ret_kind)
    state = {}

    def trampoline(*args):
        try:
            return invoke(func, (), *args)
        except BaseException as e:
            if err_index is not None and isinstance(e, Exception):
                _er.propagate_gerror(args[err_index], e)
            else:
                _cb.report_exception()
            return default
        finally:
            key = state.get("async")
            if key is not None:
                state.pop("async", None)
                _cb.release(key)

    cfunc = cbtype.cfunctype(trampoline)
    import ctypes
    addr = ctypes.cast(cfunc, ctypes.c_void_p).value
    sc = _SCOPES[scope]
    if sc == _cb.SCOPE_CALL:
        return cfunc, None, None
    key = _cb.hold(cfunc)
    if sc == _cb.SCOPE_ASYNC:
        state["async"] = key
        return addr, key, None
    if sc == _cb.SCOPE_NOTIFIED and has_destroy:
        return addr, key, _cb.DESTROY_NOTIFY_ADDRESS
    # forever, or notified without a destroy notify: kept for the process
    return addr, key, None


_OUT_KINDS = {
    "Bool": _c.KIND_BOOLEAN, "Float": _c.KIND_FLOAT, "Double": _c.KIND_DOUBLE, "Ptr": _c.KIND_POINTER,
}


def _out_kind(kind):
    if kind in _OUT_KINDS:
        return _OUT_KINDS[kind]
    # "Int { bits: 32, signed: true }"
    bits = int(kind.split("bits: ")[1].split(",")[0])
    signed = "signed: true" in kind
    return {(8, True): _c.KIND_INT8, (8, False): _c.KIND_UINT8, (16, True): _c.KIND_INT16,
            (16, False): _c.KIND_UINT16, (32, True): _c.KIND_INT32, (32, False): _c.KIND_UINT32,
            (64, True): _c.KIND_INT64, (64, False): _c.KIND_UINT64}[(bits, signed)]


def read_out(p, kind):
    """The value at a C out/inout pointer (callbacks)."""
    if not p:
        return None
    return _c.array_read(p, 1, _out_kind(kind))[0]


def write_out(p, kind, value):
    """Store a callback's out value through the C pointer (ignored when NULL)."""
    if not p:
        return
    import ctypes
    k = _out_kind(kind)
    k.from_address(p).value = value if value is not None else 0
