"""ctypes implementation of the runtime's C-access core.

Everything the runtime needs from libglib/libgobject is declared here, with the
C names.  The interface (names and Python-level semantics) is documented in
docs/runtime.md ("Core interface"); a cffi core must provide the same names.

Conventions: pointers are Python ints (NULL may come back as ``None`` or ``0``,
so test with ``if not p``); ``const char *`` arguments take ``bytes`` or
``None``; ``const char *`` results are ``bytes`` or ``None`` (copied, not
freed); gboolean results are ints.
"""

import ctypes
import sys
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    byref,
    c_char_p,
    c_double,
    c_float,
    c_int,
    c_int8,
    c_int16,
    c_int32,
    c_int64,
    c_long,
    c_size_t,
    c_uint,
    c_uint8,
    c_uint16,
    c_uint32,
    c_uint64,
    c_ulong,
    c_void_p,
)

BACKEND = "ctypes"

# The core interface (docs/runtime.md): a cffi core provides exactly these names.
__all__ = [
    # helpers (struct layouts, memory, arrays, callbacks)
    "BACKEND", "GCLOSURE_SIZE", "GVALUE_SIZE", "G_DIRECT_EQUAL", "G_DIRECT_HASH", "G_FREE",
    "G_OBJECT_UNREF", "G_STR_EQUAL", "G_STR_HASH", "KIND_BOOLEAN", "KIND_DOUBLE", "KIND_FLOAT",
    "KIND_GTYPE", "KIND_INT16", "KIND_INT32", "KIND_INT64", "KIND_INT8", "KIND_LONG",
    "KIND_POINTER", "KIND_SIZE", "KIND_UINT16", "KIND_UINT32", "KIND_UINT64", "KIND_UINT8",
    "KIND_ULONG", "KIND_UNICHAR", "POINTER_SIZE", "alloc", "array_length_zero_terminated",
    "array_new", "array_new_gmalloc", "array_read", "class_list_properties", "gerror_fields",
    "gvalue_type", "hash_table_items", "kind_size", "make_callback",
    "object_new_with_properties", "object_ref_count", "param_spec_info", "pointer_array_read",
    "read_gsize", "read_i32", "read_pointer", "read_u32", "signal_parse_name", "signal_query",
    "string_at", "strv_new", "type_from_instance", "type_interfaces", "write_pointer",
    # C functions, with their C names (those taking out-pointers are wrapped by
    # the helpers above and are not part of the interface)
    "g_boxed_copy", "g_boxed_free", "g_closure_add_finalize_notifier", "g_closure_get_type",
    "g_closure_invalidate", "g_closure_new_simple", "g_closure_ref", "g_closure_set_marshal",
    "g_closure_sink", "g_closure_unref", "g_error_copy", "g_error_free", "g_error_get_type",
    "g_error_new_literal", "g_free", "g_gtype_get_type", "g_hash_table_insert",
    "g_hash_table_lookup", "g_hash_table_new_full", "g_hash_table_ref", "g_hash_table_size",
    "g_hash_table_unref", "g_initially_unowned_get_type", "g_list_free", "g_list_free_full",
    "g_list_length", "g_list_prepend", "g_list_reverse", "g_malloc0", "g_memdup2",
    "g_object_class_find_property", "g_object_freeze_notify", "g_object_get_property",
    "g_object_interface_find_property", "g_object_is_floating", "g_object_new_with_properties",
    "g_object_notify", "g_object_ref", "g_object_ref_sink", "g_object_set_property",
    "g_object_thaw_notify", "g_object_unref", "g_object_weak_ref", "g_object_weak_unref",
    "g_param_spec_get_blurb", "g_param_spec_get_default_value", "g_param_spec_get_name",
    "g_param_spec_get_nick", "g_param_spec_ref", "g_param_spec_ref_sink", "g_param_spec_unref",
    "g_quark_from_string", "g_quark_to_string", "g_quark_try_string",
    "g_signal_connect_closure_by_id", "g_signal_emitv", "g_signal_handler_block",
    "g_signal_handler_disconnect", "g_signal_handler_is_connected", "g_signal_handler_unblock",
    "g_signal_handlers_block_matched", "g_signal_handlers_disconnect_matched",
    "g_signal_handlers_unblock_matched", "g_signal_lookup", "g_signal_name",
    "g_signal_stop_emission", "g_slist_free", "g_slist_free_full", "g_slist_length",
    "g_slist_prepend", "g_slist_reverse", "g_strdup", "g_strfreev", "g_strndup",
    "g_strv_get_type", "g_strv_length", "g_type_check_instance_is_a", "g_type_class_ref",
    "g_type_default_interface_ref", "g_type_from_name", "g_type_fundamental", "g_type_is_a",
    "g_type_name", "g_type_parent", "g_type_test_flags", "g_value_copy", "g_value_get_boolean",
    "g_value_get_boxed", "g_value_get_double", "g_value_get_enum", "g_value_get_flags",
    "g_value_get_float", "g_value_get_gtype", "g_value_get_int", "g_value_get_int64",
    "g_value_get_long", "g_value_get_object", "g_value_get_param", "g_value_get_pointer",
    "g_value_get_schar", "g_value_get_string", "g_value_get_type", "g_value_get_uchar",
    "g_value_get_uint", "g_value_get_uint64", "g_value_get_ulong", "g_value_get_variant",
    "g_value_init", "g_value_peek_pointer", "g_value_reset", "g_value_set_boolean",
    "g_value_set_boxed", "g_value_set_double", "g_value_set_enum", "g_value_set_flags",
    "g_value_set_float", "g_value_set_gtype", "g_value_set_instance", "g_value_set_int",
    "g_value_set_int64", "g_value_set_long", "g_value_set_object", "g_value_set_param",
    "g_value_set_pointer", "g_value_set_schar", "g_value_set_string", "g_value_set_uchar",
    "g_value_set_uint", "g_value_set_uint64", "g_value_set_ulong", "g_value_set_variant",
    "g_value_take_boxed", "g_value_transform", "g_value_type_transformable", "g_value_unset",
    "g_variant_equal", "g_variant_get_type_string", "g_variant_is_floating", "g_variant_print",
    "g_variant_ref", "g_variant_ref_sink", "g_variant_type_get_gtype", "g_variant_unref",
]

libglib = ctypes.CDLL("libglib-2.0.so.0")
libgobject = ctypes.CDLL("libgobject-2.0.so.0")

# Functions that never block and never re-enter Python are bound through
# PyDLL on CPython: it skips the GIL release/re-acquire, which halves the cost
# of a cheap call (see docs/runtime.md, "Measurements").  PyPy has no PyDLL.
if sys.implementation.name == "cpython" and hasattr(ctypes, "PyDLL"):
    _fastglib = ctypes.PyDLL("libglib-2.0.so.0")
    _fastgobject = ctypes.PyDLL("libgobject-2.0.so.0")
else:
    _fastglib = libglib
    _fastgobject = libgobject

P = c_void_p
GType = c_size_t
gboolean = c_int
GQuark = c_uint32


def _fn(lib, name, restype, *argtypes):
    # lib[name] makes a new function object; lib.name is cached per CDLL and
    # would share argtypes with anyone else using the same CDLL instance.
    f = lib[name]
    f.restype = restype
    f.argtypes = argtypes
    return f


def _addr(lib, name):
    """Address of a C function, e.g. to pass g_free as a GDestroyNotify."""
    return ctypes.cast(getattr(lib, name), c_void_p).value


_G, _O = _fastglib, _fastgobject  # leaf functions
_GS, _OS = libglib, libgobject    # may block or call back into Python

# --- memory ------------------------------------------------------------------
g_free = _fn(_G, "g_free", None, P)
g_malloc0 = _fn(_G, "g_malloc0", P, c_size_t)
g_strdup = _fn(_G, "g_strdup", P, c_char_p)
g_strndup = _fn(_G, "g_strndup", P, c_char_p, c_size_t)
g_memdup2 = _fn(_G, "g_memdup2", P, P, c_size_t)
g_strfreev = _fn(_G, "g_strfreev", None, P)
g_strv_length = _fn(_G, "g_strv_length", c_uint, P)

G_FREE = _addr(libglib, "g_free")
G_STR_HASH = _addr(libglib, "g_str_hash")
G_STR_EQUAL = _addr(libglib, "g_str_equal")
G_DIRECT_HASH = _addr(libglib, "g_direct_hash")
G_DIRECT_EQUAL = _addr(libglib, "g_direct_equal")
G_OBJECT_UNREF = _addr(libgobject, "g_object_unref")

# --- quarks and errors -----------------------------------------------------------
g_quark_from_string = _fn(_G, "g_quark_from_string", GQuark, c_char_p)
g_quark_try_string = _fn(_G, "g_quark_try_string", GQuark, c_char_p)
g_quark_to_string = _fn(_G, "g_quark_to_string", c_char_p, GQuark)
g_error_new_literal = _fn(_G, "g_error_new_literal", P, GQuark, c_int, c_char_p)
g_error_free = _fn(_G, "g_error_free", None, P)
g_error_copy = _fn(_G, "g_error_copy", P, P)

# --- lists and hash tables -------------------------------------------------------
g_list_prepend = _fn(_G, "g_list_prepend", P, P, P)
g_list_reverse = _fn(_G, "g_list_reverse", P, P)
g_list_length = _fn(_G, "g_list_length", c_uint, P)
g_list_free = _fn(_G, "g_list_free", None, P)
g_list_free_full = _fn(_GS, "g_list_free_full", None, P, P)
g_slist_prepend = _fn(_G, "g_slist_prepend", P, P, P)
g_slist_reverse = _fn(_G, "g_slist_reverse", P, P)
g_slist_length = _fn(_G, "g_slist_length", c_uint, P)
g_slist_free = _fn(_G, "g_slist_free", None, P)
g_slist_free_full = _fn(_GS, "g_slist_free_full", None, P, P)
g_hash_table_new_full = _fn(_G, "g_hash_table_new_full", P, P, P, P, P)
g_hash_table_insert = _fn(_GS, "g_hash_table_insert", gboolean, P, P, P)
g_hash_table_size = _fn(_G, "g_hash_table_size", c_uint, P)
g_hash_table_ref = _fn(_G, "g_hash_table_ref", P, P)
g_hash_table_unref = _fn(_GS, "g_hash_table_unref", None, P)
g_hash_table_lookup = _fn(_G, "g_hash_table_lookup", P, P, P)

# --- GVariant (fundamental, not a GTypeInstance) -----------------------------------
g_variant_ref = _fn(_G, "g_variant_ref", P, P)
g_variant_ref_sink = _fn(_G, "g_variant_ref_sink", P, P)
g_variant_unref = _fn(_GS, "g_variant_unref", None, P)
g_variant_is_floating = _fn(_G, "g_variant_is_floating", gboolean, P)
g_variant_get_type_string = _fn(_G, "g_variant_get_type_string", c_char_p, P)
g_variant_print = _fn(_G, "g_variant_print", P, P, gboolean)
g_variant_equal = _fn(_G, "g_variant_equal", gboolean, P, P)

# --- GType -------------------------------------------------------------------------
g_type_name = _fn(_O, "g_type_name", c_char_p, GType)
g_type_from_name = _fn(_O, "g_type_from_name", GType, c_char_p)
g_type_parent = _fn(_O, "g_type_parent", GType, GType)
g_type_fundamental = _fn(_O, "g_type_fundamental", GType, GType)
g_type_is_a = _fn(_O, "g_type_is_a", gboolean, GType, GType)
g_type_interfaces = _fn(_O, "g_type_interfaces", P, GType, POINTER(c_uint))
g_type_test_flags = _fn(_O, "g_type_test_flags", gboolean, GType, c_uint)
g_type_class_ref = _fn(_OS, "g_type_class_ref", P, GType)
g_type_default_interface_ref = _fn(_OS, "g_type_default_interface_ref", P, GType)
g_type_check_instance_is_a = _fn(_O, "g_type_check_instance_is_a", gboolean, P, GType)
g_strv_get_type = _fn(_O, "g_strv_get_type", GType)
g_gtype_get_type = _fn(_O, "g_gtype_get_type", GType)
g_value_get_type = _fn(_O, "g_value_get_type", GType)
g_initially_unowned_get_type = _fn(_O, "g_initially_unowned_get_type", GType)
g_closure_get_type = _fn(_O, "g_closure_get_type", GType)
g_error_get_type = _fn(_O, "g_error_get_type", GType)
g_variant_type_get_gtype = _fn(_O, "g_variant_type_get_gtype", GType)

# --- GObject -----------------------------------------------------------------------
g_object_ref = _fn(_O, "g_object_ref", P, P)
g_object_ref_sink = _fn(_O, "g_object_ref_sink", P, P)
g_object_is_floating = _fn(_O, "g_object_is_floating", gboolean, P)
g_object_unref = _fn(_OS, "g_object_unref", None, P)
g_object_new_with_properties = _fn(
    _OS, "g_object_new_with_properties", P, GType, c_uint, P, P)
g_object_get_property = _fn(_OS, "g_object_get_property", None, P, c_char_p, P)
g_object_set_property = _fn(_OS, "g_object_set_property", None, P, c_char_p, P)
g_object_class_find_property = _fn(_O, "g_object_class_find_property", P, P, c_char_p)
g_object_class_list_properties = _fn(
    _O, "g_object_class_list_properties", P, P, POINTER(c_uint))
g_object_interface_find_property = _fn(_O, "g_object_interface_find_property", P, P, c_char_p)
g_object_notify = _fn(_OS, "g_object_notify", None, P, c_char_p)
g_object_freeze_notify = _fn(_OS, "g_object_freeze_notify", None, P)
g_object_thaw_notify = _fn(_OS, "g_object_thaw_notify", None, P)
g_object_weak_ref = _fn(_OS, "g_object_weak_ref", None, P, P, P)
g_object_weak_unref = _fn(_OS, "g_object_weak_unref", None, P, P, P)

# --- GParamSpec --------------------------------------------------------------------
g_param_spec_ref = _fn(_O, "g_param_spec_ref", P, P)
g_param_spec_ref_sink = _fn(_O, "g_param_spec_ref_sink", P, P)
g_param_spec_unref = _fn(_OS, "g_param_spec_unref", None, P)
g_param_spec_get_name = _fn(_O, "g_param_spec_get_name", c_char_p, P)
g_param_spec_get_nick = _fn(_O, "g_param_spec_get_nick", c_char_p, P)
g_param_spec_get_blurb = _fn(_O, "g_param_spec_get_blurb", c_char_p, P)
g_param_spec_get_default_value = _fn(_O, "g_param_spec_get_default_value", P, P)

# --- boxed ---------------------------------------------------------------------------
g_boxed_copy = _fn(_OS, "g_boxed_copy", P, GType, P)
g_boxed_free = _fn(_OS, "g_boxed_free", None, GType, P)

# --- GValue ------------------------------------------------------------------------
g_value_init = _fn(_O, "g_value_init", P, P, GType)
g_value_unset = _fn(_OS, "g_value_unset", None, P)
g_value_reset = _fn(_OS, "g_value_reset", P, P)
g_value_copy = _fn(_OS, "g_value_copy", None, P, P)
g_value_type_transformable = _fn(_O, "g_value_type_transformable", gboolean, GType, GType)
g_value_transform = _fn(_OS, "g_value_transform", gboolean, P, P)
g_value_get_boolean = _fn(_O, "g_value_get_boolean", gboolean, P)
g_value_set_boolean = _fn(_O, "g_value_set_boolean", None, P, gboolean)
g_value_get_schar = _fn(_O, "g_value_get_schar", c_int8, P)
g_value_set_schar = _fn(_O, "g_value_set_schar", None, P, c_int8)
g_value_get_uchar = _fn(_O, "g_value_get_uchar", c_uint8, P)
g_value_set_uchar = _fn(_O, "g_value_set_uchar", None, P, c_uint8)
g_value_get_int = _fn(_O, "g_value_get_int", c_int, P)
g_value_set_int = _fn(_O, "g_value_set_int", None, P, c_int)
g_value_get_uint = _fn(_O, "g_value_get_uint", c_uint, P)
g_value_set_uint = _fn(_O, "g_value_set_uint", None, P, c_uint)
g_value_get_long = _fn(_O, "g_value_get_long", c_long, P)
g_value_set_long = _fn(_O, "g_value_set_long", None, P, c_long)
g_value_get_ulong = _fn(_O, "g_value_get_ulong", c_ulong, P)
g_value_set_ulong = _fn(_O, "g_value_set_ulong", None, P, c_ulong)
g_value_get_int64 = _fn(_O, "g_value_get_int64", c_int64, P)
g_value_set_int64 = _fn(_O, "g_value_set_int64", None, P, c_int64)
g_value_get_uint64 = _fn(_O, "g_value_get_uint64", c_uint64, P)
g_value_set_uint64 = _fn(_O, "g_value_set_uint64", None, P, c_uint64)
g_value_get_float = _fn(_O, "g_value_get_float", c_float, P)
g_value_set_float = _fn(_O, "g_value_set_float", None, P, c_float)
g_value_get_double = _fn(_O, "g_value_get_double", c_double, P)
g_value_set_double = _fn(_O, "g_value_set_double", None, P, c_double)
g_value_get_enum = _fn(_O, "g_value_get_enum", c_int, P)
g_value_set_enum = _fn(_O, "g_value_set_enum", None, P, c_int)
g_value_get_flags = _fn(_O, "g_value_get_flags", c_uint, P)
g_value_set_flags = _fn(_O, "g_value_set_flags", None, P, c_uint)
g_value_get_gtype = _fn(_O, "g_value_get_gtype", GType, P)
g_value_set_gtype = _fn(_O, "g_value_set_gtype", None, P, GType)
g_value_get_pointer = _fn(_O, "g_value_get_pointer", P, P)
g_value_set_pointer = _fn(_O, "g_value_set_pointer", None, P, P)
g_value_get_string = _fn(_O, "g_value_get_string", c_char_p, P)
g_value_set_string = _fn(_OS, "g_value_set_string", None, P, c_char_p)
g_value_get_object = _fn(_O, "g_value_get_object", P, P)
g_value_set_object = _fn(_OS, "g_value_set_object", None, P, P)
g_value_get_boxed = _fn(_O, "g_value_get_boxed", P, P)
g_value_set_boxed = _fn(_OS, "g_value_set_boxed", None, P, P)
g_value_take_boxed = _fn(_OS, "g_value_take_boxed", None, P, P)
g_value_get_variant = _fn(_O, "g_value_get_variant", P, P)
g_value_set_variant = _fn(_OS, "g_value_set_variant", None, P, P)
g_value_get_param = _fn(_O, "g_value_get_param", P, P)
g_value_set_param = _fn(_OS, "g_value_set_param", None, P, P)

# --- closures and signals -------------------------------------------------------------
g_closure_new_simple = _fn(_O, "g_closure_new_simple", P, c_uint, P)
g_closure_set_marshal = _fn(_O, "g_closure_set_marshal", None, P, P)
g_closure_add_finalize_notifier = _fn(_O, "g_closure_add_finalize_notifier", None, P, P, P)
g_closure_ref = _fn(_O, "g_closure_ref", P, P)
g_closure_sink = _fn(_OS, "g_closure_sink", None, P)
g_closure_unref = _fn(_OS, "g_closure_unref", None, P)
g_closure_invalidate = _fn(_OS, "g_closure_invalidate", None, P)
g_signal_parse_name = _fn(
    _O, "g_signal_parse_name", gboolean, c_char_p, GType, POINTER(c_uint),
    POINTER(GQuark), gboolean)
g_signal_lookup = _fn(_O, "g_signal_lookup", c_uint, c_char_p, GType)
g_signal_name = _fn(_O, "g_signal_name", c_char_p, c_uint)
g_signal_list_ids = _fn(_O, "g_signal_list_ids", P, GType, POINTER(c_uint))
g_signal_connect_closure_by_id = _fn(
    _OS, "g_signal_connect_closure_by_id", c_ulong, P, c_uint, GQuark, P, gboolean)
g_signal_handler_disconnect = _fn(_OS, "g_signal_handler_disconnect", None, P, c_ulong)
g_signal_handler_block = _fn(_OS, "g_signal_handler_block", None, P, c_ulong)
g_signal_handler_unblock = _fn(_OS, "g_signal_handler_unblock", None, P, c_ulong)
g_signal_handler_is_connected = _fn(_O, "g_signal_handler_is_connected", gboolean, P, c_ulong)
g_signal_handlers_disconnect_matched = _fn(
    _OS, "g_signal_handlers_disconnect_matched", c_uint, P, c_uint, c_uint, GQuark, P, P, P)
g_signal_handlers_block_matched = _fn(
    _OS, "g_signal_handlers_block_matched", c_uint, P, c_uint, c_uint, GQuark, P, P, P)
g_signal_handlers_unblock_matched = _fn(
    _OS, "g_signal_handlers_unblock_matched", c_uint, P, c_uint, c_uint, GQuark, P, P, P)
g_signal_emitv = _fn(_OS, "g_signal_emitv", None, P, c_uint, GQuark, P)
g_signal_stop_emission = _fn(_OS, "g_signal_stop_emission", None, P, c_uint, GQuark)


# --- struct layouts (private) ----------------------------------------------------------


class _GValue(Structure):
    _fields_ = [("g_type", GType), ("data", c_uint64 * 2)]


class _GError(Structure):
    _fields_ = [("domain", GQuark), ("code", c_int), ("message", c_char_p)]


class _GSignalQuery(Structure):
    _fields_ = [("signal_id", c_uint), ("signal_name", c_char_p), ("itype", GType),
                ("signal_flags", c_uint), ("return_type", GType), ("n_params", c_uint),
                ("param_types", POINTER(GType))]


class _GParamSpec(Structure):
    _fields_ = [("g_class", P), ("name", c_char_p), ("flags", c_uint),
                ("value_type", GType), ("owner_type", GType)]


class _GHashTableIter(Structure):
    _fields_ = [("d1", P), ("d2", P), ("d3", P), ("d4", c_int), ("d5", c_int), ("d6", P)]


class _GClosure(Structure):
    # Only the size matters (g_closure_new_simple needs sizeof(GClosure)).
    _fields_ = [("flags", c_uint32), ("marshal", P), ("data", P), ("notifiers", P)]


class _GObject(Structure):
    _fields_ = [("g_class", P), ("ref_count", c_uint), ("qdata", P)]


GVALUE_SIZE = ctypes.sizeof(_GValue)
GCLOSURE_SIZE = ctypes.sizeof(_GClosure)
POINTER_SIZE = ctypes.sizeof(P)

g_signal_query = _fn(_O, "g_signal_query", None, c_uint, POINTER(_GSignalQuery))
g_hash_table_iter_init = _fn(_G, "g_hash_table_iter_init", None, P, P)
g_hash_table_iter_next = _fn(_G, "g_hash_table_iter_next", gboolean, P, P, P)

# --- raw memory access -----------------------------------------------------------------
_from_ptr = c_void_p.from_address
_from_gsize = c_size_t.from_address
_from_u32 = c_uint32.from_address
_from_i32 = c_int32.from_address
_string_at = ctypes.string_at


def read_pointer(addr):
    """The pointer stored at addr (int, or None for NULL)."""
    return _from_ptr(addr).value


def write_pointer(addr, value):
    _from_ptr(addr).value = value


def read_gsize(addr):
    return _from_gsize(addr).value


def read_u32(addr):
    return _from_u32(addr).value


def read_i32(addr):
    return _from_i32(addr).value


def string_at(addr, size=-1):
    """bytes at addr up to the NUL (or exactly size bytes)."""
    return _string_at(addr, size)


def alloc(size):
    """Zeroed memory owned by Python: returns (keepalive, address)."""
    buf = (ctypes.c_char * size)()
    return buf, ctypes.addressof(buf)


def type_from_instance(addr):
    """G_TYPE_FROM_INSTANCE: instance->g_class->g_type."""
    return _from_gsize(_from_ptr(addr).value).value


def object_ref_count(addr):
    """GObject.ref_count (for tests and debugging)."""
    return _from_u32(addr + _GObject.ref_count.offset).value


def gvalue_type(addr):
    """G_VALUE_TYPE."""
    return _from_gsize(addr).value


def gerror_fields(addr):
    """(domain quark, code, message bytes) of a GError*."""
    e = _GError.from_address(addr)
    return e.domain, e.code, e.message


def signal_query(signal_id):
    """(signal_id, name bytes, itype, flags, return_type, param_types tuple)."""
    q = _GSignalQuery()
    g_signal_query(signal_id, byref(q))
    pt = q.param_types
    return (q.signal_id, q.signal_name, q.itype, q.signal_flags, q.return_type,
            tuple(pt[i] for i in range(q.n_params)))


def param_spec_info(addr):
    """(name bytes, flags, value_type, owner_type) of a GParamSpec*."""
    s = _GParamSpec.from_address(addr)
    return s.name, s.flags, s.value_type, s.owner_type


def signal_parse_name(detailed_name, itype):
    """(signal_id, detail quark) or None when the signal does not exist."""
    sid = c_uint()
    detail = GQuark()
    if not g_signal_parse_name(detailed_name, itype, byref(sid), byref(detail), 1):
        return None
    return sid.value, detail.value


def pointer_array_read(addr, n):
    """n pointers at addr as a list (None for NULL entries)."""
    if n == 0:
        return []
    return list((P * n).from_address(addr))


def type_interfaces(gtype):
    """All interfaces a GType implements (list of ints)."""
    n = c_uint()
    arr = g_type_interfaces(gtype, byref(n))
    try:
        return list((GType * n.value).from_address(arr)) if n.value else []
    finally:
        g_free(arr)


def class_list_properties(klass):
    """List of GParamSpec* of an object class."""
    n = c_uint()
    arr = g_object_class_list_properties(klass, byref(n))
    try:
        return pointer_array_read(arr, n.value) if arr else []
    finally:
        g_free(arr)


def hash_table_items(table):
    """List of (key, value) pointer pairs of a GHashTable*."""
    it = _GHashTableIter()
    k = c_void_p()
    v = c_void_p()
    g_hash_table_iter_init(byref(it), table)
    out = []
    while g_hash_table_iter_next(byref(it), byref(k), byref(v)):
        out.append((k.value, v.value))
    return out


# --- typed arrays ------------------------------------------------------------------------
# Element kinds are the ctypes types themselves; a cffi core uses its own tokens
# under the same names (KIND_*).
KIND_BOOLEAN = c_int
KIND_INT8 = c_int8
KIND_UINT8 = c_uint8
KIND_INT16 = c_int16
KIND_UINT16 = c_uint16
KIND_INT32 = c_int32
KIND_UINT32 = c_uint32
KIND_INT64 = c_int64
KIND_UINT64 = c_uint64
KIND_LONG = c_long
KIND_ULONG = c_ulong
KIND_SIZE = c_size_t
KIND_GTYPE = GType
KIND_FLOAT = c_float
KIND_DOUBLE = c_double
KIND_POINTER = P
KIND_UNICHAR = c_uint32


def kind_size(kind):
    return ctypes.sizeof(kind)


def array_read(addr, n, kind):
    """n elements of kind at addr as a list of Python numbers (pointers: int or None)."""
    if n == 0:
        return []
    return list((kind * n).from_address(addr))


def array_length_zero_terminated(addr, kind):
    """Number of elements before the first zero element."""
    size = ctypes.sizeof(kind)
    from_address = kind.from_address
    n = 0
    while from_address(addr + n * size).value:
        n += 1
    return n


def array_new(values, kind, zero_terminated=False):
    """Python-owned C array of kind: returns (keepalive, address)."""
    n = len(values)
    arr = (kind * (n + 1 if zero_terminated else n or 1))(*values)
    return arr, ctypes.addressof(arr)


def array_new_gmalloc(values, kind, zero_terminated=False):
    """g_malloc'ed C array (for transfer full): returns the address."""
    n = len(values)
    size = ctypes.sizeof(kind)
    addr = g_malloc0(size * (n + 1 if zero_terminated else n) or 1)
    if n:
        ctypes.memmove(addr, (kind * n)(*values), size * n)
    return addr


# --- C function pointers for Python callables ----------------------------------------
CLOSURE_MARSHAL = CFUNCTYPE(None, P, P, c_uint, P, P, P)
CLOSURE_NOTIFY = CFUNCTYPE(None, P, P)
DESTROY_NOTIFY = CFUNCTYPE(None, P)
WEAK_NOTIFY = CFUNCTYPE(None, P, P)

_CALLBACK_TYPES = {
    "closure_marshal": CLOSURE_MARSHAL,   # (closure, return_value, n_params, params, hint, data)
    "closure_notify": CLOSURE_NOTIFY,     # (data, closure)
    "destroy_notify": DESTROY_NOTIFY,     # (data)
    "weak_notify": WEAK_NOTIFY,           # (data, where_the_object_was)
}


def make_callback(kind, func):
    """C function pointer calling func: returns (keepalive, address).

    kind is one of "closure_marshal", "closure_notify", "destroy_notify",
    "weak_notify".  The keepalive must outlive every C use of the address.
    """
    cb = _CALLBACK_TYPES[kind](func)
    return cb, ctypes.cast(cb, c_void_p).value


def strv_new(items):
    """Python-owned NULL-terminated ``char **`` of bytes items: (keepalive, address)."""
    arr = (c_char_p * (len(items) + 1))(*items)
    return arr, ctypes.addressof(arr)


g_value_peek_pointer = _fn(_O, "g_value_peek_pointer", P, P)
g_value_set_instance = _fn(_OS, "g_value_set_instance", None, P, P)


def object_new_with_properties(gtype, names, values_addr):
    """g_object_new_with_properties with names a list of bytes and values_addr
    the address of len(names) consecutive initialised GValues."""
    n = len(names)
    if n == 0:
        return g_object_new_with_properties(gtype, 0, None, None)
    arr = (c_char_p * n)(*names)
    return g_object_new_with_properties(gtype, n, ctypes.addressof(arr), values_addr)
