"""girgen_runtime: shared runtime of girgen's ctypes/cffi Python bindings.

Generated modules import what they need from the submodules directly (see docs/runtime.md for
the contract). The names below are also available here, imported on first access, so that
importing the package (which every generated namespace does) costs nothing: the C-access core
and the object machinery load only once bindings are used.
"""

import importlib as _importlib

__version__ = "0.1.0"

# public name -> (submodule, attribute); a submodule of "" is the module itself
_EXPORTS = {
    'Boxed': ('wrappers', 'Boxed'),
    'DESTROY_NOTIFY': ('callbacks', 'DESTROY_NOTIFY'),
    'DESTROY_NOTIFY_ADDRESS': ('callbacks', 'DESTROY_NOTIFY_ADDRESS'),
    'Error': ('errors', 'Error'),
    'Fundamental': ('wrappers', 'Fundamental'),
    'GError': ('errors', 'GError'),
    'GType': ('gtype', 'GType'),
    'GVALUE_SIZE': ('gvalue', 'GVALUE_SIZE'),
    'HASH_POINTER': ('containers', 'HASH_POINTER'),
    'HASH_STRING': ('containers', 'HASH_STRING'),
    'InitiallyUnowned': ('gobject', 'InitiallyUnowned'),
    'Interface': ('wrappers', 'Interface'),
    'LazyGType': ('gtype', 'LazyGType'),
    'OBJECT_METHODS': ('gobject', 'OBJECT_METHODS'),
    'OWN_C': ('wrappers', 'OWN_C'),
    'OWN_NONE': ('wrappers', 'OWN_NONE'),
    'OWN_PY': ('wrappers', 'OWN_PY'),
    'Object': ('gobject', 'Object'),
    'PARAM_CONSTRUCT': ('gobject', 'PARAM_CONSTRUCT'),
    'PARAM_CONSTRUCT_ONLY': ('gobject', 'PARAM_CONSTRUCT_ONLY'),
    'PARAM_READABLE': ('gobject', 'PARAM_READABLE'),
    'PARAM_WRITABLE': ('gobject', 'PARAM_WRITABLE'),
    'ParamSpec': ('gobject', 'ParamSpec'),
    'SCOPE_ASYNC': ('callbacks', 'SCOPE_ASYNC'),
    'SCOPE_CALL': ('callbacks', 'SCOPE_CALL'),
    'SCOPE_FOREVER': ('callbacks', 'SCOPE_FOREVER'),
    'SCOPE_NOTIFIED': ('callbacks', 'SCOPE_NOTIFIED'),
    'TRANSFER_CONTAINER': ('containers', 'TRANSFER_CONTAINER'),
    'TRANSFER_FULL': ('containers', 'TRANSFER_FULL'),
    'TRANSFER_NONE': ('containers', 'TRANSFER_NONE'),
    'TYPE_BOOLEAN': ('gtype', 'TYPE_BOOLEAN'),
    'TYPE_BOXED': ('gtype', 'TYPE_BOXED'),
    'TYPE_CHAR': ('gtype', 'TYPE_CHAR'),
    'TYPE_DOUBLE': ('gtype', 'TYPE_DOUBLE'),
    'TYPE_ENUM': ('gtype', 'TYPE_ENUM'),
    'TYPE_FLAGS': ('gtype', 'TYPE_FLAGS'),
    'TYPE_FLOAT': ('gtype', 'TYPE_FLOAT'),
    'TYPE_GTYPE': ('gvalue', 'TYPE_GTYPE'),
    'TYPE_INT': ('gtype', 'TYPE_INT'),
    'TYPE_INT64': ('gtype', 'TYPE_INT64'),
    'TYPE_INTERFACE': ('gtype', 'TYPE_INTERFACE'),
    'TYPE_INVALID': ('gtype', 'TYPE_INVALID'),
    'TYPE_LONG': ('gtype', 'TYPE_LONG'),
    'TYPE_NONE': ('gtype', 'TYPE_NONE'),
    'TYPE_OBJECT': ('gtype', 'TYPE_OBJECT'),
    'TYPE_PARAM': ('gtype', 'TYPE_PARAM'),
    'TYPE_POINTER': ('gtype', 'TYPE_POINTER'),
    'TYPE_STRING': ('gtype', 'TYPE_STRING'),
    'TYPE_STRV': ('gvalue', 'TYPE_STRV'),
    'TYPE_UCHAR': ('gtype', 'TYPE_UCHAR'),
    'TYPE_UINT': ('gtype', 'TYPE_UINT'),
    'TYPE_UINT64': ('gtype', 'TYPE_UINT64'),
    'TYPE_ULONG': ('gtype', 'TYPE_ULONG'),
    'TYPE_VALUE': ('gvalue', 'TYPE_VALUE'),
    'TYPE_VARIANT': ('gtype', 'TYPE_VARIANT'),
    'Value': ('gvalue', 'Value'),
    'Variant': ('gobject', 'Variant'),
    'arg_error': ('args', 'arg_error'),
    'args': ('', 'args'),
    'boxed_from_full': ('wrappers', 'boxed_from_full'),
    'boxed_from_none': ('wrappers', 'boxed_from_none'),
    'boxed_to_full': ('wrappers', 'boxed_to_full'),
    'callback_add': ('callbacks', 'callback_add'),
    'callback_count': ('callbacks', 'callback_count'),
    'callback_get': ('callbacks', 'callback_get'),
    'callback_remove': ('callbacks', 'callback_remove'),
    'carray_to_list': ('containers', 'carray_to_list'),
    'carray_zt_to_list': ('containers', 'carray_zt_to_list'),
    'check_args': ('args', 'check_args'),
    'class_for_gtype': ('gtype', 'class_for_gtype'),
    'closure_new': ('signals', 'closure_new'),
    'core': ('_core', 'core'),
    'dict_to_ghashtable': ('containers', 'dict_to_ghashtable'),
    'enum_from_int': ('enums', 'enum_from_int'),
    'error_class_for_domain': ('errors', 'error_class_for_domain'),
    'filename_from_full': ('containers', 'filename_from_full'),
    'filename_from_none': ('containers', 'filename_from_none'),
    'filename_to_bytes': ('containers', 'filename_to_bytes'),
    'filename_to_full': ('containers', 'filename_to_full'),
    'flags_from_int': ('enums', 'flags_from_int'),
    'fundamental': ('gtype', 'fundamental'),
    'fundamental_from_full': ('wrappers', 'fundamental_from_full'),
    'fundamental_from_none': ('wrappers', 'fundamental_from_none'),
    'fundamental_to_full': ('wrappers', 'fundamental_to_full'),
    'gerror_new': ('errors', 'gerror_new'),
    'ghashtable_to_dict': ('containers', 'ghashtable_to_dict'),
    'glist_free': ('containers', 'glist_free'),
    'glist_to_list': ('containers', 'glist_to_list'),
    'gslist_free': ('containers', 'gslist_free'),
    'gslist_to_list': ('containers', 'gslist_to_list'),
    'gtype_from_name': ('gtype', 'gtype_from_name'),
    'gtype_name': ('gtype', 'gtype_name'),
    'guess_gtype': ('gvalue', 'guess_gtype'),
    'hold': ('callbacks', 'hold'),
    'is_a': ('gtype', 'is_a'),
    'lazy_getattr': ('enums', 'lazy_getattr'),
    'list_to_carray': ('containers', 'list_to_carray'),
    'list_to_carray_full': ('containers', 'list_to_carray_full'),
    'list_to_glist': ('containers', 'list_to_glist'),
    'list_to_gslist': ('containers', 'list_to_gslist'),
    'live_wrapper': ('wrappers', 'live_wrapper'),
    'make_enum': ('enums', 'make_enum'),
    'make_flags': ('enums', 'make_flags'),
    'object_from_full': ('wrappers', 'object_from_full'),
    'object_from_none': ('wrappers', 'object_from_none'),
    'object_to_full': ('wrappers', 'object_to_full'),
    'propagate_gerror': ('errors', 'propagate_gerror'),
    'raise_gerror': ('errors', 'raise_gerror'),
    'record_alloc': ('wrappers', 'record_alloc'),
    'register_class': ('gtype', 'register_class'),
    'register_error_domain': ('errors', 'register_error_domain'),
    'register_types': ('gtype', 'register_types'),
    'registered_class': ('gtype', 'registered_class'),
    'release': ('callbacks', 'release'),
    'report_exception': ('callbacks', 'report_exception'),
    'strv_from_container': ('containers', 'strv_from_container'),
    'strv_from_full': ('containers', 'strv_from_full'),
    'strv_from_none': ('containers', 'strv_from_none'),
    'strv_new': ('containers', 'strv_new'),
    'strv_new_full': ('containers', 'strv_new_full'),
    'strv_to_list': ('containers', 'strv_to_list'),
    'take_gerror': ('errors', 'take_gerror'),
    'type_from_instance': ('gtype', 'type_from_instance'),
    'type_of': ('gtype', 'type_of'),
    'utf8_from_full': ('containers', 'utf8_from_full'),
    'utf8_from_none': ('containers', 'utf8_from_none'),
    'utf8_to_full': ('containers', 'utf8_to_full'),
    'value_get': ('gvalue', 'value_get'),
    'value_init_set': ('gvalue', 'value_init_set'),
    'value_set': ('gvalue', 'value_set'),
}


def __getattr__(name):
    if name == "BACKEND":
        value = _importlib.import_module(__name__ + "._core").core.BACKEND
    else:
        try:
            module, attr = _EXPORTS[name]
        except KeyError:
            raise AttributeError("module %r has no attribute %r" % (__name__, name)) from None
        if module:
            value = getattr(_importlib.import_module(__name__ + "." + module), attr)
        else:
            value = _importlib.import_module(__name__ + "." + attr)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | {"BACKEND"})
