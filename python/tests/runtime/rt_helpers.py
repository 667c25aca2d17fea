"""Helpers for the runtime tests: real libglib/libgobject/libgio via ctypes.

Test scaffolding (creating C objects, driving main loops) calls C directly
with ctypes; the code under test is girgen_runtime.
"""

import ctypes
import gc
import os
import sys
from ctypes import CFUNCTYPE, c_char_p, c_int, c_size_t, c_uint, c_void_p

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))

import girgen_runtime as rt  # noqa: E402

PYPY = sys.implementation.name == "pypy"


def collect():
    """Run finalizers of unreachable wrappers (PyPy runs __del__ only at GC)."""
    for _ in range(3):
        gc.collect()


def _fn(lib, name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = argtypes
    return f


class C:
    """C functions used by the tests themselves (not by the runtime)."""

    glib = ctypes.CDLL("libglib-2.0.so.0")
    gobject = ctypes.CDLL("libgobject-2.0.so.0")
    gio = ctypes.CDLL("libgio-2.0.so.0")

    WEAK_NOTIFY = CFUNCTYPE(None, c_void_p, c_void_p)
    SOURCE_FUNC = CFUNCTYPE(c_int, c_void_p)
    SOURCE_ONCE_FUNC = CFUNCTYPE(None, c_void_p)
    GFUNC = CFUNCTYPE(None, c_void_p, c_void_p)
    COMPARE_FUNC = CFUNCTYPE(c_int, c_void_p, c_void_p)
    COMPARE_DATA_FUNC = CFUNCTYPE(c_int, c_void_p, c_void_p, c_void_p)
    DESTROY = CFUNCTYPE(None, c_void_p)
    ERR_INIT = CFUNCTYPE(None, c_void_p)
    ERR_COPY = CFUNCTYPE(None, c_void_p, c_void_p)
    ERR_CLEAR = CFUNCTYPE(None, c_void_p)

    g_object_new_with_properties = _fn(gobject, "g_object_new_with_properties", c_void_p,
                                       c_size_t, c_uint, c_void_p, c_void_p)
    g_object_ref = _fn(gobject, "g_object_ref", c_void_p, c_void_p)
    g_object_unref = _fn(gobject, "g_object_unref", None, c_void_p)
    g_object_is_floating = _fn(gobject, "g_object_is_floating", c_int, c_void_p)
    g_object_weak_ref = _fn(gobject, "g_object_weak_ref", None, c_void_p, c_void_p, c_void_p)
    g_initially_unowned_get_type = _fn(gobject, "g_initially_unowned_get_type", c_size_t)
    g_object_bind_property = _fn(gobject, "g_object_bind_property", c_void_p, c_void_p,
                                 c_char_p, c_void_p, c_char_p, c_uint)
    g_binding_flags_get_type = _fn(gobject, "g_binding_flags_get_type", c_size_t)
    g_unicode_type_get_type = _fn(gobject, "g_unicode_type_get_type", c_size_t)
    g_param_spec_int = _fn(gobject, "g_param_spec_int", c_void_p, c_char_p, c_char_p,
                           c_char_p, c_int, c_int, c_int, c_uint)

    g_simple_action_get_type = _fn(gio, "g_simple_action_get_type", c_size_t)
    g_application_get_type = _fn(gio, "g_application_get_type", c_size_t)
    g_action_get_type = _fn(gio, "g_action_get_type", c_size_t)
    g_action_activate = _fn(gio, "g_action_activate", None, c_void_p, c_void_p)
    g_simple_action_new = _fn(gio, "g_simple_action_new", c_void_p, c_char_p, c_void_p)
    g_list_store_get_type = _fn(gio, "g_list_store_get_type", c_size_t)

    g_variant_new_int32 = _fn(glib, "g_variant_new_int32", c_void_p, ctypes.c_int32)
    g_variant_new_string = _fn(glib, "g_variant_new_string", c_void_p, c_char_p)
    g_variant_get_int32 = _fn(glib, "g_variant_get_int32", ctypes.c_int32, c_void_p)
    g_variant_ref = _fn(glib, "g_variant_ref", c_void_p, c_void_p)
    g_variant_unref = _fn(glib, "g_variant_unref", None, c_void_p)
    g_variant_is_floating = _fn(glib, "g_variant_is_floating", c_int, c_void_p)
    g_variant_type_new = _fn(glib, "g_variant_type_new", c_void_p, c_char_p)
    g_variant_type_free = _fn(glib, "g_variant_type_free", None, c_void_p)

    g_error_domain_register = _fn(glib, "g_error_domain_register", ctypes.c_uint32, c_char_p,
                                  c_size_t, c_void_p, c_void_p, c_void_p)
    g_error_new_literal = _fn(glib, "g_error_new_literal", c_void_p, ctypes.c_uint32, c_int,
                              c_char_p)
    g_error_copy = _fn(glib, "g_error_copy", c_void_p, c_void_p)
    g_error_free = _fn(glib, "g_error_free", None, c_void_p)
    g_quark_from_string = _fn(glib, "g_quark_from_string", ctypes.c_uint32, c_char_p)
    g_file_error_quark = _fn(glib, "g_file_error_quark", ctypes.c_uint32)

    g_idle_add_full = _fn(glib, "g_idle_add_full", c_uint, c_int, c_void_p, c_void_p, c_void_p)
    g_idle_add_once = _fn(glib, "g_idle_add_once", c_uint, c_void_p, c_void_p)
    g_main_context_iteration = _fn(glib, "g_main_context_iteration", c_int, c_void_p, c_int)
    g_main_context_pending = _fn(glib, "g_main_context_pending", c_int, c_void_p)
    g_source_remove = _fn(glib, "g_source_remove", c_int, c_uint)
    g_list_sort = _fn(glib, "g_list_sort", c_void_p, c_void_p, c_void_p)
    g_list_sort_with_data = _fn(glib, "g_list_sort_with_data", c_void_p, c_void_p, c_void_p,
                                c_void_p)
    g_list_length = _fn(glib, "g_list_length", c_uint, c_void_p)
    g_slist_length = _fn(glib, "g_slist_length", c_uint, c_void_p)
    g_slist_foreach = _fn(glib, "g_slist_foreach", None, c_void_p, c_void_p, c_void_p)
    g_list_append = _fn(glib, "g_list_append", c_void_p, c_void_p, c_void_p)
    g_list_free = _fn(glib, "g_list_free", None, c_void_p)
    g_slist_free = _fn(glib, "g_slist_free", None, c_void_p)
    g_strdup = _fn(glib, "g_strdup", c_void_p, c_char_p)
    g_strv_length = _fn(glib, "g_strv_length", c_uint, c_void_p)
    g_strfreev = _fn(glib, "g_strfreev", None, c_void_p)
    g_free = _fn(glib, "g_free", None, c_void_p)
    g_hash_table_lookup = _fn(glib, "g_hash_table_lookup", c_void_p, c_void_p, c_void_p)
    g_hash_table_size = _fn(glib, "g_hash_table_size", c_uint, c_void_p)
    g_hash_table_unref = _fn(glib, "g_hash_table_unref", None, c_void_p)
    g_bytes_new_with_free_func = _fn(glib, "g_bytes_new_with_free_func", c_void_p, c_void_p,
                                     c_size_t, c_void_p, c_void_p)
    g_bytes_ref = _fn(glib, "g_bytes_ref", c_void_p, c_void_p)
    g_bytes_unref = _fn(glib, "g_bytes_unref", None, c_void_p)
    g_bytes_get_type = _fn(gobject, "g_bytes_get_type", c_size_t)
    g_bytes_get_size = _fn(glib, "g_bytes_get_size", c_size_t, c_void_p)
    g_error_get_type = _fn(gobject, "g_error_get_type", c_size_t)
    g_date_get_type = _fn(gobject, "g_date_get_type", c_size_t)
    g_date_new_dmy = _fn(glib, "g_date_new_dmy", c_void_p, ctypes.c_uint8, c_int,
                         ctypes.c_uint16)
    g_date_clear = _fn(glib, "g_date_clear", None, c_void_p, c_uint)
    g_date_set_dmy = _fn(glib, "g_date_set_dmy", None, c_void_p, ctypes.c_uint8, c_int,
                         ctypes.c_uint16)
    g_date_get_year = _fn(glib, "g_date_get_year", ctypes.c_uint16, c_void_p)
    g_date_valid = _fn(glib, "g_date_valid", c_int, c_void_p)


def new_object(gtype=rt.TYPE_OBJECT):
    """A new GObject (transfer full) created directly in C."""
    return C.g_object_new_with_properties(gtype, 0, None, None)


class Finalized:
    """Records finalization of a C object through g_object_weak_ref (from C)."""

    def __init__(self, addr):
        self.done = False
        self._cb = C.WEAK_NOTIFY(self._notify)
        C.g_object_weak_ref(addr, self._cb, None)

    def _notify(self, data, where):
        self.done = True
