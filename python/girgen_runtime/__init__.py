"""girgen_runtime: shared runtime of girgen's ctypes/cffi Python bindings.

Generated modules import the names below (see docs/runtime.md for the
contract).  Importing the package registers the runtime's default classes
(GObject, GInitiallyUnowned, GParam, GVariant, GValue).
"""

from ._core import core
from .gtype import (GType, LazyGType, gtype_name, gtype_from_name, type_from_instance, type_of,
                    is_a, fundamental, register_types, register_class, registered_class,
                    class_for_gtype)
from .gtype import (TYPE_INVALID, TYPE_NONE, TYPE_INTERFACE, TYPE_CHAR, TYPE_UCHAR,  # noqa
                    TYPE_BOOLEAN, TYPE_INT, TYPE_UINT, TYPE_LONG, TYPE_ULONG, TYPE_INT64,
                    TYPE_UINT64, TYPE_ENUM, TYPE_FLAGS, TYPE_FLOAT, TYPE_DOUBLE, TYPE_STRING,
                    TYPE_POINTER, TYPE_BOXED, TYPE_PARAM, TYPE_OBJECT, TYPE_VARIANT)
from .errors import (Error, GError, register_error_domain, error_class_for_domain, take_gerror,
                     raise_gerror, gerror_new, propagate_gerror)
from .wrappers import (Interface, object_from_none, object_from_full, object_to_full, Boxed,
                       boxed_from_none, boxed_from_full, boxed_to_full, record_alloc,
                       Fundamental, fundamental_from_none, fundamental_from_full,
                       fundamental_to_full, live_wrapper, OWN_NONE, OWN_C, OWN_PY)
from .containers import (TRANSFER_NONE, TRANSFER_CONTAINER, TRANSFER_FULL, utf8_from_none,
                         utf8_from_full, utf8_to_full, filename_from_none, filename_from_full,
                         filename_to_bytes, filename_to_full, strv_from_none, strv_from_full,
                         strv_from_container, strv_to_list, strv_new, strv_new_full,
                         glist_to_list, gslist_to_list, list_to_glist, list_to_gslist,
                         glist_free, gslist_free, ghashtable_to_dict, dict_to_ghashtable,
                         HASH_POINTER, HASH_STRING, carray_to_list, carray_zt_to_list,
                         list_to_carray, list_to_carray_full)
from .gvalue import (Value, value_get, value_set, value_init_set, guess_gtype, GVALUE_SIZE,
                     TYPE_VALUE, TYPE_STRV, TYPE_GTYPE)
from .signals import closure_new
from .callbacks import (SCOPE_CALL, SCOPE_ASYNC, SCOPE_NOTIFIED, SCOPE_FOREVER, callback_add,
                        callback_get, callback_remove, callback_count, hold, release,
                        DESTROY_NOTIFY, DESTROY_NOTIFY_ADDRESS, report_exception)
from .gobject import (Object, InitiallyUnowned, ParamSpec, Variant, OBJECT_METHODS,
                      PARAM_READABLE, PARAM_WRITABLE, PARAM_CONSTRUCT, PARAM_CONSTRUCT_ONLY)
from .enums import make_enum, make_flags, enum_from_int, flags_from_int, lazy_getattr
from .args import arg_error, check_args
from . import args

__version__ = "0.1.0"
BACKEND = core.BACKEND
