"""The Python layer of the hand-written cffi wrappers of libgirepository (girepo_cffi_abi,
girepo_cffi_ool): the same surface as girepo_ctypes, over an (ffi, lib, glib) triple.

CDEF lists the ~40 functions (LP64 Linux typedefs spelled out: ABI mode sees no headers).
Python 3.9 compatible (PyPy 7.3).
"""

CDEF = """
    typedef int gboolean;
    typedef uint32_t GQuark;
    typedef unsigned long GType;
    typedef struct { GQuark domain; int code; char *message; } GError;
    typedef struct _GSList { void *data; struct _GSList *next; } GSList;
    typedef struct _GIRepository GIRepository;
    typedef struct _GITypelib GITypelib;
    typedef struct _GIBaseInfoStub GIBaseInfo;

    const char *g_quark_to_string (GQuark quark);
    void g_error_free (GError *error);
    void g_strfreev (char **str_array);

    GIRepository *g_irepository_get_default (void);
    GITypelib *g_irepository_require (GIRepository *repository, const char *namespace_,
                                      const char *version, int flags, GError **error);
    int g_irepository_get_n_infos (GIRepository *repository, const char *namespace_);
    GIBaseInfo *g_irepository_get_info (GIRepository *repository, const char *namespace_, int index);
    GIBaseInfo *g_irepository_find_by_name (GIRepository *repository, const char *namespace_,
                                            const char *name);
    GIBaseInfo *g_irepository_find_by_gtype (GIRepository *repository, GType gtype);
    char **g_irepository_get_loaded_namespaces (GIRepository *repository);
    char **g_irepository_get_dependencies (GIRepository *repository, const char *namespace_);
    const char *g_irepository_get_version (GIRepository *repository, const char *namespace_);
    const char *g_irepository_get_typelib_path (GIRepository *repository, const char *namespace_);
    const char *g_irepository_get_shared_library (GIRepository *repository, const char *namespace_);
    const char *g_irepository_get_c_prefix (GIRepository *repository, const char *namespace_);
    gboolean g_irepository_is_registered (GIRepository *repository, const char *namespace_,
                                          const char *version);
    GSList *g_irepository_get_search_path (void);
    void g_irepository_prepend_search_path (const char *directory);

    GIBaseInfo *g_base_info_ref (GIBaseInfo *info);
    void g_base_info_unref (GIBaseInfo *info);
    const char *g_base_info_get_name (GIBaseInfo *info);
    const char *g_base_info_get_namespace (GIBaseInfo *info);
    int g_base_info_get_type (GIBaseInfo *info);
    gboolean g_base_info_is_deprecated (GIBaseInfo *info);
    GIBaseInfo *g_base_info_get_container (GIBaseInfo *info);
    const char *g_base_info_get_attribute (GIBaseInfo *info, const char *name);
    const char *g_info_type_to_string (int type);
    const char *g_function_info_get_symbol (GIBaseInfo *info);
    int g_function_info_get_flags (GIBaseInfo *info);
    int g_callable_info_get_n_args (GIBaseInfo *info);
    GIBaseInfo *g_callable_info_get_arg (GIBaseInfo *info, int n);
    GIBaseInfo *g_callable_info_get_return_type (GIBaseInfo *info);
    gboolean g_callable_info_may_return_null (GIBaseInfo *info);
    gboolean g_callable_info_can_throw_gerror (GIBaseInfo *info);
    int g_arg_info_get_direction (GIBaseInfo *info);
    GIBaseInfo *g_arg_info_get_type (GIBaseInfo *info);
    int g_type_info_get_tag (GIBaseInfo *info);
    const char *g_type_tag_to_string (int type);
    const char *g_registered_type_info_get_type_name (GIBaseInfo *info);
    GType g_registered_type_info_get_g_type (GIBaseInfo *info);
    int g_object_info_get_n_methods (GIBaseInfo *info);
    GIBaseInfo *g_object_info_get_method (GIBaseInfo *info, int n);
    GIBaseInfo *g_object_info_get_parent (GIBaseInfo *info);
    int g_enum_info_get_n_values (GIBaseInfo *info);
    GIBaseInfo *g_enum_info_get_value (GIBaseInfo *info, int n);
    int64_t g_value_info_get_value (GIBaseInfo *info);
"""

GI_LIB = "libgirepository-1.0.so.1"
GLIB_LIB = "libglib-2.0.so.0"


class GError(RuntimeError):
    """A GError: message, domain (str), code (int)."""

    def __init__(self, message, domain, code):
        RuntimeError.__init__(self, message)
        self.message = message
        self.domain = domain
        self.code = code


def make_api(ffi, gi, glib):
    """The wrapper namespace (a dict of module globals) over an FFI and the two opened libraries."""
    NULL = ffi.NULL
    string = ffi.string
    new = ffi.new
    unref = gi.g_base_info_unref
    gc = ffi.gc

    def enc(s, name):
        if not isinstance(s, str):
            raise TypeError("argument '%s' must be str, not %s" % (name, type(s).__name__))
        return s.encode("utf-8")

    def dec(p):
        return None if p == NULL else string(p).decode("utf-8")

    def strv_list(p):
        out = []
        if p != NULL:
            i = 0
            while p[i] != NULL:
                out.append(string(p[i]).decode("utf-8"))
                i += 1
            glib.g_strfreev(p)
        return out

    def info(p):
        return BaseInfo(gc(p, unref)) if p != NULL else None

    def info_type_to_string(info_type):
        return dec(gi.g_info_type_to_string(info_type))

    def type_tag_to_string(tag):
        return dec(gi.g_type_tag_to_string(tag))

    class BaseInfo(object):
        __slots__ = ("_p",)

        def __init__(self, p):
            self._p = p

        def get_name(self):
            return dec(gi.g_base_info_get_name(self._p))

        def get_namespace(self):
            return dec(gi.g_base_info_get_namespace(self._p))

        def get_type(self):
            return gi.g_base_info_get_type(self._p)

        def is_deprecated(self):
            return bool(gi.g_base_info_is_deprecated(self._p))

        def get_container(self):
            p = gi.g_base_info_get_container(self._p)  # transfer none
            return info(gi.g_base_info_ref(p)) if p != NULL else None

        def get_attribute(self, name):
            return dec(gi.g_base_info_get_attribute(self._p, enc(name, "name")))

        def get_symbol(self):
            return dec(gi.g_function_info_get_symbol(self._p))

        def get_flags(self):
            return gi.g_function_info_get_flags(self._p)

        def get_n_args(self):
            return gi.g_callable_info_get_n_args(self._p)

        def get_arg(self, n):
            return info(gi.g_callable_info_get_arg(self._p, n))

        def get_return_type(self):
            return info(gi.g_callable_info_get_return_type(self._p))

        def may_return_null(self):
            return bool(gi.g_callable_info_may_return_null(self._p))

        def can_throw_gerror(self):
            return bool(gi.g_callable_info_can_throw_gerror(self._p))

        def get_direction(self):
            return gi.g_arg_info_get_direction(self._p)

        def get_arg_type(self):
            return info(gi.g_arg_info_get_type(self._p))

        def get_tag(self):
            return gi.g_type_info_get_tag(self._p)

        def get_type_name(self):
            return dec(gi.g_registered_type_info_get_type_name(self._p))

        def get_g_type(self):
            return gi.g_registered_type_info_get_g_type(self._p)

        def get_n_methods(self):
            return gi.g_object_info_get_n_methods(self._p)

        def get_method(self, n):
            return info(gi.g_object_info_get_method(self._p, n))

        def get_parent(self):
            return info(gi.g_object_info_get_parent(self._p))

        def get_n_values(self):
            return gi.g_enum_info_get_n_values(self._p)

        def get_value(self, n):
            return info(gi.g_enum_info_get_value(self._p, n))

        def get_value_value(self):
            return gi.g_value_info_get_value(self._p)

    class Repository(object):
        __slots__ = ("_p",)

        def __init__(self, p):
            self._p = p

        @classmethod
        def get_default(cls):
            return cls(gi.g_irepository_get_default())

        @staticmethod
        def get_search_path():
            out = []
            node = gi.g_irepository_get_search_path()
            while node != NULL:
                out.append(string(ffi.cast("char *", node.data)).decode("utf-8"))
                node = node.next
            return out

        @staticmethod
        def prepend_search_path(directory):
            gi.g_irepository_prepend_search_path(enc(directory, "directory"))

        def require(self, namespace_, version, flags):
            err = new("GError **")
            tl = gi.g_irepository_require(self._p, enc(namespace_, "namespace_"),
                                          NULL if version is None else enc(version, "version"), flags, err)
            if err[0] != NULL:
                e = err[0]
                exc = GError(string(e.message).decode("utf-8", "replace"),
                             string(glib.g_quark_to_string(e.domain)).decode("utf-8"), e.code)
                glib.g_error_free(e)
                raise exc
            return tl

        def get_n_infos(self, namespace_):
            return gi.g_irepository_get_n_infos(self._p, enc(namespace_, "namespace_"))

        def get_info(self, namespace_, index):
            return info(gi.g_irepository_get_info(self._p, enc(namespace_, "namespace_"), index))

        def find_by_name(self, namespace_, name):
            return info(gi.g_irepository_find_by_name(self._p, enc(namespace_, "namespace_"), enc(name, "name")))

        def find_by_gtype(self, gtype):
            return info(gi.g_irepository_find_by_gtype(self._p, gtype))

        def get_loaded_namespaces(self):
            return strv_list(gi.g_irepository_get_loaded_namespaces(self._p))

        def get_dependencies(self, namespace_):
            return strv_list(gi.g_irepository_get_dependencies(self._p, enc(namespace_, "namespace_")))

        def get_version(self, namespace_):
            return dec(gi.g_irepository_get_version(self._p, enc(namespace_, "namespace_")))

        def get_typelib_path(self, namespace_):
            return dec(gi.g_irepository_get_typelib_path(self._p, enc(namespace_, "namespace_")))

        def get_shared_library(self, namespace_):
            return dec(gi.g_irepository_get_shared_library(self._p, enc(namespace_, "namespace_")))

        def get_c_prefix(self, namespace_):
            return dec(gi.g_irepository_get_c_prefix(self._p, enc(namespace_, "namespace_")))

        def is_registered(self, namespace_, version):
            return bool(gi.g_irepository_is_registered(self._p, enc(namespace_, "namespace_"),
                                                       NULL if version is None else enc(version, "version")))

    return {"Repository": Repository, "BaseInfo": BaseInfo, "GError": GError,
            "info_type_to_string": info_type_to_string, "type_tag_to_string": type_tag_to_string}
