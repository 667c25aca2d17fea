"""Hand-written ctypes wrapper of ~40 libgirepository (GIRepository 2.0) and GLib functions.

The import-time anchor of bench table 2: what a careful programmer writes by hand for the part of
libgirepository a typical introspection script uses, eagerly (argtypes/restype set at import).
Surface (PyGObject-style, shared with girepo_cffi_*): Repository.get_default(), its methods, BaseInfo
(reference dropped when the wrapper dies), info_type_to_string(), type_tag_to_string(), GError.
Python 3.9 compatible (PyPy 7.3).
"""

import ctypes
from ctypes import POINTER, byref, c_char_p, c_int, c_int64, c_size_t, c_uint32, c_void_p

_gi = ctypes.CDLL("libgirepository-1.0.so.1")
_glib = ctypes.CDLL("libglib-2.0.so.0")

c_bool = c_int  # gboolean
c_gtype = c_size_t


class _GError(ctypes.Structure):
    _fields_ = [("domain", c_uint32), ("code", c_int), ("message", c_char_p)]


class _GSList(ctypes.Structure):
    pass


_GSList._fields_ = [("data", c_void_p), ("next", POINTER(_GSList))]

_P = c_void_p  # every GI* pointer


def _fn(lib, name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_PERR = POINTER(POINTER(_GError))
_strv = POINTER(c_char_p)

g_quark_to_string = _fn(_glib, "g_quark_to_string", c_char_p, c_uint32)
g_error_free = _fn(_glib, "g_error_free", None, POINTER(_GError))
g_strfreev = _fn(_glib, "g_strfreev", None, _strv)

get_default = _fn(_gi, "g_irepository_get_default", _P)
require = _fn(_gi, "g_irepository_require", _P, _P, c_char_p, c_char_p, c_int, _PERR)
get_n_infos = _fn(_gi, "g_irepository_get_n_infos", c_int, _P, c_char_p)
get_info = _fn(_gi, "g_irepository_get_info", _P, _P, c_char_p, c_int)
find_by_name = _fn(_gi, "g_irepository_find_by_name", _P, _P, c_char_p, c_char_p)
find_by_gtype = _fn(_gi, "g_irepository_find_by_gtype", _P, _P, c_gtype)
get_loaded_namespaces = _fn(_gi, "g_irepository_get_loaded_namespaces", _strv, _P)
get_dependencies = _fn(_gi, "g_irepository_get_dependencies", _strv, _P, c_char_p)
get_version = _fn(_gi, "g_irepository_get_version", c_char_p, _P, c_char_p)
get_typelib_path = _fn(_gi, "g_irepository_get_typelib_path", c_char_p, _P, c_char_p)
get_shared_library = _fn(_gi, "g_irepository_get_shared_library", c_char_p, _P, c_char_p)
get_c_prefix = _fn(_gi, "g_irepository_get_c_prefix", c_char_p, _P, c_char_p)
is_registered = _fn(_gi, "g_irepository_is_registered", c_bool, _P, c_char_p, c_char_p)
get_search_path = _fn(_gi, "g_irepository_get_search_path", POINTER(_GSList))
prepend_search_path = _fn(_gi, "g_irepository_prepend_search_path", None, c_char_p)

base_info_ref = _fn(_gi, "g_base_info_ref", _P, _P)
base_info_unref = _fn(_gi, "g_base_info_unref", None, _P)
base_info_get_name = _fn(_gi, "g_base_info_get_name", c_char_p, _P)
base_info_get_namespace = _fn(_gi, "g_base_info_get_namespace", c_char_p, _P)
base_info_get_type = _fn(_gi, "g_base_info_get_type", c_int, _P)
base_info_is_deprecated = _fn(_gi, "g_base_info_is_deprecated", c_bool, _P)
base_info_get_container = _fn(_gi, "g_base_info_get_container", _P, _P)
base_info_get_attribute = _fn(_gi, "g_base_info_get_attribute", c_char_p, _P, c_char_p)
info_type_to_string_ = _fn(_gi, "g_info_type_to_string", c_char_p, c_int)
function_info_get_symbol = _fn(_gi, "g_function_info_get_symbol", c_char_p, _P)
function_info_get_flags = _fn(_gi, "g_function_info_get_flags", c_int, _P)
callable_info_get_n_args = _fn(_gi, "g_callable_info_get_n_args", c_int, _P)
callable_info_get_arg = _fn(_gi, "g_callable_info_get_arg", _P, _P, c_int)
callable_info_get_return_type = _fn(_gi, "g_callable_info_get_return_type", _P, _P)
callable_info_may_return_null = _fn(_gi, "g_callable_info_may_return_null", c_bool, _P)
callable_info_can_throw_gerror = _fn(_gi, "g_callable_info_can_throw_gerror", c_bool, _P)
arg_info_get_direction = _fn(_gi, "g_arg_info_get_direction", c_int, _P)
arg_info_get_type = _fn(_gi, "g_arg_info_get_type", _P, _P)
type_info_get_tag = _fn(_gi, "g_type_info_get_tag", c_int, _P)
type_tag_to_string_ = _fn(_gi, "g_type_tag_to_string", c_char_p, c_int)
registered_type_info_get_type_name = _fn(_gi, "g_registered_type_info_get_type_name", c_char_p, _P)
registered_type_info_get_g_type = _fn(_gi, "g_registered_type_info_get_g_type", c_gtype, _P)
object_info_get_n_methods = _fn(_gi, "g_object_info_get_n_methods", c_int, _P)
object_info_get_method = _fn(_gi, "g_object_info_get_method", _P, _P, c_int)
object_info_get_parent = _fn(_gi, "g_object_info_get_parent", _P, _P)
enum_info_get_n_values = _fn(_gi, "g_enum_info_get_n_values", c_int, _P)
enum_info_get_value = _fn(_gi, "g_enum_info_get_value", _P, _P, c_int)
value_info_get_value = _fn(_gi, "g_value_info_get_value", c_int64, _P)


class GError(RuntimeError):
    """A GError: message, domain (str), code (int)."""

    def __init__(self, message, domain, code):
        RuntimeError.__init__(self, message)
        self.message = message
        self.domain = domain
        self.code = code


def _raise(err):
    e = err.contents
    exc = GError(e.message.decode("utf-8", "replace"), g_quark_to_string(e.domain).decode("utf-8"), e.code)
    g_error_free(err)
    raise exc


def _enc(s, name):
    if not isinstance(s, str):
        raise TypeError("argument '%s' must be str, not %s" % (name, type(s).__name__))
    return s.encode("utf-8")


def _dec(b):
    return None if b is None else b.decode("utf-8")


def _strv_list(p):
    out = []
    if p:
        i = 0
        while p[i] is not None:
            out.append(p[i].decode("utf-8"))
            i += 1
        g_strfreev(p)
    return out


def _info(p):
    """A BaseInfo owning the (transfer full) reference p, or None."""
    return BaseInfo(p) if p else None


def info_type_to_string(info_type):
    return _dec(info_type_to_string_(info_type))


def type_tag_to_string(tag):
    return _dec(type_tag_to_string_(tag))


class BaseInfo(object):
    __slots__ = ("_p",)

    def __init__(self, p):
        self._p = p

    def __del__(self, _unref=base_info_unref):
        if self._p:
            _unref(self._p)
            self._p = None

    def get_name(self):
        return _dec(base_info_get_name(self._p))

    def get_namespace(self):
        return _dec(base_info_get_namespace(self._p))

    def get_type(self):
        return base_info_get_type(self._p)

    def is_deprecated(self):
        return bool(base_info_is_deprecated(self._p))

    def get_container(self):
        p = base_info_get_container(self._p)  # transfer none
        return BaseInfo(base_info_ref(p)) if p else None

    def get_attribute(self, name):
        return _dec(base_info_get_attribute(self._p, _enc(name, "name")))

    def get_symbol(self):
        return _dec(function_info_get_symbol(self._p))

    def get_flags(self):
        return function_info_get_flags(self._p)

    def get_n_args(self):
        return callable_info_get_n_args(self._p)

    def get_arg(self, n):
        return _info(callable_info_get_arg(self._p, n))

    def get_return_type(self):
        return _info(callable_info_get_return_type(self._p))

    def may_return_null(self):
        return bool(callable_info_may_return_null(self._p))

    def can_throw_gerror(self):
        return bool(callable_info_can_throw_gerror(self._p))

    def get_direction(self):
        return arg_info_get_direction(self._p)

    def get_arg_type(self):
        return _info(arg_info_get_type(self._p))

    def get_tag(self):
        return type_info_get_tag(self._p)

    def get_type_name(self):
        return _dec(registered_type_info_get_type_name(self._p))

    def get_g_type(self):
        return registered_type_info_get_g_type(self._p)

    def get_n_methods(self):
        return object_info_get_n_methods(self._p)

    def get_method(self, n):
        return _info(object_info_get_method(self._p, n))

    def get_parent(self):
        return _info(object_info_get_parent(self._p))

    def get_n_values(self):
        return enum_info_get_n_values(self._p)

    def get_value(self, n):
        return _info(enum_info_get_value(self._p, n))

    def get_value_value(self):
        return value_info_get_value(self._p)


class Repository(object):
    __slots__ = ("_p",)

    def __init__(self, p):
        self._p = p

    @classmethod
    def get_default(cls):
        return cls(get_default())

    @staticmethod
    def get_search_path():
        out = []
        node = get_search_path()
        while node:
            out.append(ctypes.string_at(node.contents.data).decode("utf-8"))
            node = node.contents.next
        return out

    @staticmethod
    def prepend_search_path(directory):
        prepend_search_path(_enc(directory, "directory"))

    def require(self, namespace_, version, flags):
        err = POINTER(_GError)()
        tl = require(self._p, _enc(namespace_, "namespace_"),
                     None if version is None else _enc(version, "version"), flags, byref(err))
        if err:
            _raise(err)
        return tl

    def get_n_infos(self, namespace_):
        return get_n_infos(self._p, _enc(namespace_, "namespace_"))

    def get_info(self, namespace_, index):
        return _info(get_info(self._p, _enc(namespace_, "namespace_"), index))

    def find_by_name(self, namespace_, name):
        return _info(find_by_name(self._p, _enc(namespace_, "namespace_"), _enc(name, "name")))

    def find_by_gtype(self, gtype):
        return _info(find_by_gtype(self._p, gtype))

    def get_loaded_namespaces(self):
        return _strv_list(get_loaded_namespaces(self._p))

    def get_dependencies(self, namespace_):
        return _strv_list(get_dependencies(self._p, _enc(namespace_, "namespace_")))

    def get_version(self, namespace_):
        return _dec(get_version(self._p, _enc(namespace_, "namespace_")))

    def get_typelib_path(self, namespace_):
        return _dec(get_typelib_path(self._p, _enc(namespace_, "namespace_")))

    def get_shared_library(self, namespace_):
        return _dec(get_shared_library(self._p, _enc(namespace_, "namespace_")))

    def get_c_prefix(self, namespace_):
        return _dec(get_c_prefix(self._p, _enc(namespace_, "namespace_")))

    def is_registered(self, namespace_, version):
        return bool(is_registered(self._p, _enc(namespace_, "namespace_"),
                                  None if version is None else _enc(version, "version")))
