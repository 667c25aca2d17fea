"""GObject.Object base class (properties, signals), ParamSpec and Variant bases."""

from ._core import core as _c
from . import gtype as _gt
from .gtype import GType, LazyGType
from .wrappers import Boxed, Fundamental, _adopt_new_object, _object_del, fundamental_from_none, self_ptr
import operator
from .gvalue import GVALUE_SIZE, value_get, value_init_set
from . import signals as _sig
from .callbacks import report_exception

__all__ = ["Object", "InitiallyUnowned", "ParamSpec", "Variant", "OBJECT_METHODS",
           "PARAM_READABLE", "PARAM_WRITABLE", "PARAM_CONSTRUCT", "PARAM_CONSTRUCT_ONLY"]

PARAM_READABLE = 1
PARAM_WRITABLE = 2
PARAM_CONSTRUCT = 4
PARAM_CONSTRUCT_ONLY = 8

_class_refs = {}  # gtype -> GObjectClass* (g_type_class_ref, kept forever)
_index = operator.index
_ULONG_MAX = (1 << (8 * _c.kind_size(_c.KIND_LONG))) - 1


def _handler_id(value, func):
    """A signal handler id (gulong): TypeError/OverflowError before the FFI sees it."""
    if value.__class__ is not int:
        try:
            value = _index(value)
        except TypeError:
            raise TypeError("%s() argument 'handler_id' must be int, not %s"
                            % (func, "None" if value is None else type(value).__name__)) from None
    if not 0 <= value <= _ULONG_MAX:
        raise OverflowError("%s() argument 'handler_id': %d does not fit gulong" % (func, value))
    return value


def _class_ptr(gtype):
    k = _class_refs.get(gtype)
    if k is None:
        k = _c.g_type_class_ref(gtype)
        _class_refs[gtype] = k
    return k


def _find_pspec(klass, name):
    return _c.g_object_class_find_property(klass, name.replace("_", "-").encode())


_pspec_cache = {}  # (class address, name as given) -> (pspec, name bytes, flags, value type)


def _pspec_of(obj, name):
    """(pspec, canonical name bytes, flags, value type) of an instance's property."""
    klass = _c.read_pointer(obj._ptr)  # instance->g_class
    key = (klass, name)
    info = _pspec_cache.get(key)
    if info is not None:
        return info
    if not isinstance(name, str):
        raise TypeError("property name must be str, not %s" % type(name).__name__)
    p = _find_pspec(klass, name)
    if not p:
        raise TypeError("object of type `%s' does not have property `%s'"
                        % (_gt.gtype_name(_c.type_from_instance(obj._ptr)), name))
    pname, flags, vtype, _ = _c.param_spec_info(p)
    _c.g_param_spec_ref(p)  # the cache keeps the pspec (and so the pointer) valid
    info = _pspec_cache[key] = (p, pname, flags, vtype)
    return info


def _property_converter(cls, pname):
    """Generated (to_py, from_py) converters of a property whose GIR type says more than its
    GType (containers, pointers): ``_property_converters_`` of a class in cls's MRO, keyed by
    the property name (bytes, with dashes)."""
    for k in cls.__mro__:
        d = k.__dict__.get("_property_converters_")
        if d:
            conv = d.get(pname)
            if conv is not None:
                return conv
    return None


def _property_set(cls, pname, v, vtype, value):
    """Initialise the GValue at v with the property's value; returns what must stay alive
    until the GValue has been used (or None)."""
    conv = _property_converter(cls, pname)
    if conv is None:
        value_init_set(v, vtype, value)
        return None
    _c.g_value_init(v, vtype)
    try:
        return conv[1](v, value)
    except BaseException:
        _c.g_value_unset(v)
        raise


class _Props:
    """``obj.props``: properties as attributes (underscores for dashes)."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        object.__setattr__(self, "_obj", obj)

    def __getattr__(self, name):
        try:
            return self._obj.get_property(name)
        except TypeError as e:
            if "does not have property" in str(e):
                raise AttributeError(str(e)) from None
            raise

    def __setattr__(self, name, value):
        self._obj.set_property(name, value)

    def __dir__(self):
        return [n.replace("-", "_") for n in
                (_c.param_spec_info(p)[0].decode()
                 for p in _c.class_list_properties(_c.read_pointer(self._obj._ptr)))]


class _ClassProps:
    """``Cls.props``: the class's ParamSpecs as attributes."""

    __slots__ = ("_cls",)

    def __init__(self, cls):
        self._cls = cls

    def __getattr__(self, name):
        p = _find_pspec(_class_ptr(self._cls.__gtype__), name)
        if not p:
            raise AttributeError("class %s has no property %r" % (self._cls.__qualname__, name))
        return ParamSpec._wrap_none(p)

    def __dir__(self):
        return [_c.param_spec_info(p)[0].decode().replace("-", "_")
                for p in _c.class_list_properties(_class_ptr(self._cls.__gtype__))]


class _PropsDescriptor:
    def __get__(self, obj, cls):
        return _ClassProps(cls) if obj is None else _Props(obj)


class Object:
    """Wrapper of a GObject instance; the base of generated ``GObject.Object``.

    Holds exactly one strong reference to the C object (dropped in __del__);
    one live wrapper per C object.  ``Cls(**props)`` creates a new instance of
    the class's GType with g_object_new_with_properties.
    """

    __slots__ = ("_ptr", "__weakref__", "__dict__")
    __gtype__ = GType(_gt.TYPE_OBJECT)

    props = _PropsDescriptor()
    __del__ = _object_del

    def __init__(self, **kwargs):
        try:
            if self._ptr:
                return  # wrapper made by the runtime; constructor already ran
        except AttributeError:
            pass
        gtype = type(self).__gtype__
        if _c.g_type_test_flags(gtype, _gt.TYPE_FLAG_ABSTRACT):
            raise TypeError("cannot create instance of abstract (non-instantiable) type `%s'"
                            % _gt.gtype_name(gtype))
        names = []
        keep = None
        base = None
        if kwargs:
            klass = _class_ptr(gtype)
            keep, base = _c.alloc(GVALUE_SIZE * len(kwargs))
        try:
            for i, (k, v) in enumerate(kwargs.items()):
                p = _find_pspec(klass, k)
                if not p:
                    raise TypeError("gobject `%s' doesn't support property `%s'"
                                    % (_gt.gtype_name(gtype), k))
                name, flags, vtype, _ = _c.param_spec_info(p)
                if not flags & PARAM_WRITABLE:
                    raise TypeError("property '%s' of `%s' is not writable"
                                    % (k, _gt.gtype_name(gtype)))
                try:
                    held = _property_set(type(self), name, base + GVALUE_SIZE * i, vtype, v)
                    if held is not None:
                        keep = (keep, held)
                except (TypeError, ValueError, OverflowError) as e:
                    raise type(e)("property '%s' of type '%s': %s"
                                  % (k, _gt.gtype_name(vtype), e)) from None
                names.append(name)
            ptr = _c.object_new_with_properties(gtype, names, base)
        finally:
            for i in range(len(names)):
                _c.g_value_unset(base + GVALUE_SIZE * i)
            del keep
        if not ptr:
            raise RuntimeError("could not create an instance of %s" % _gt.gtype_name(gtype))
        _adopt_new_object(self, ptr)

    def __repr__(self):
        cls = type(self)
        try:
            p = self._ptr
        except AttributeError:
            p = 0
        return "<%s.%s object at 0x%x (%s at 0x%x)>" % (
            cls.__module__.rsplit(".", 1)[-1], cls.__qualname__, id(self),
            _gt.gtype_name(_c.type_from_instance(p)) if p else "uninitialized", p)

    @property
    def __grefcount__(self):
        """The C object's reference count (as in PyGObject), for tests and debugging."""
        p = getattr(self, "_ptr", 0) if isinstance(self, Object) else 0
        return _c.object_ref_count(p) if p else 0

    # --- properties ----------------------------------------------------------------

    def get_property(self, name):
        ptr = self_ptr(self, Object, "Object.get_property")
        p, pname, flags, vtype = _pspec_of(self, name)
        if not flags & PARAM_READABLE:
            raise TypeError("property '%s' is not readable" % name)
        keep, v = _c.alloc(GVALUE_SIZE)
        _c.g_value_init(v, vtype)
        try:
            _c.g_object_get_property(ptr, pname, v)
            conv = _property_converter(type(self), pname)
            return value_get(v) if conv is None else conv[0](v)
        finally:
            _c.g_value_unset(v)

    def set_property(self, name, value):
        ptr = self_ptr(self, Object, "Object.set_property")
        p, pname, flags, vtype = _pspec_of(self, name)
        if not flags & PARAM_WRITABLE:
            raise TypeError("property '%s' is not writable" % name)
        if flags & PARAM_CONSTRUCT_ONLY:
            raise TypeError("property '%s' can only be set in constructor" % name)
        keep, v = _c.alloc(GVALUE_SIZE)
        try:
            held = _property_set(type(self), pname, v, vtype, value)
        except (TypeError, ValueError, OverflowError) as e:
            raise type(e)("property '%s' of type '%s': %s"
                          % (name, _gt.gtype_name(vtype), e)) from None
        try:
            _c.g_object_set_property(ptr, pname, v)
        finally:
            _c.g_value_unset(v)
            del held

    def notify(self, property_name):
        ptr = self_ptr(self, Object, "Object.notify")
        _c.g_object_notify(ptr, _pspec_of(self, property_name)[1])

    def freeze_notify(self):
        _c.g_object_freeze_notify(self_ptr(self, Object, "Object.freeze_notify"))

    def thaw_notify(self):
        _c.g_object_thaw_notify(self_ptr(self, Object, "Object.thaw_notify"))

    @classmethod
    def find_property(cls, name):
        p = _find_pspec(_class_ptr(cls.__gtype__), name)
        return ParamSpec._wrap_none(p) if p else None

    @classmethod
    def list_properties(cls):
        return [ParamSpec._wrap_none(p)
                for p in _c.class_list_properties(_class_ptr(cls.__gtype__))]

    # --- signals -----------------------------------------------------------------------

    def connect(self, detailed_signal, handler, *args):
        """handler(self, *signal_args, *args); returns the handler id."""
        self_ptr(self, Object, "Object.connect")
        return _sig.connect(self, detailed_signal, handler, args, False)

    def connect_after(self, detailed_signal, handler, *args):
        self_ptr(self, Object, "Object.connect_after")
        return _sig.connect(self, detailed_signal, handler, args, True)

    def disconnect(self, handler_id):
        ptr = self_ptr(self, Object, "Object.disconnect")
        _c.g_signal_handler_disconnect(ptr, _handler_id(handler_id, "Object.disconnect"))

    handler_disconnect = disconnect

    def disconnect_by_func(self, func):
        self_ptr(self, Object, "Object.disconnect_by_func")
        return _sig.disconnect_by_func(self, func)

    def handler_block(self, handler_id):
        ptr = self_ptr(self, Object, "Object.handler_block")
        _c.g_signal_handler_block(ptr, _handler_id(handler_id, "Object.handler_block"))

    def handler_unblock(self, handler_id):
        ptr = self_ptr(self, Object, "Object.handler_unblock")
        _c.g_signal_handler_unblock(ptr, _handler_id(handler_id, "Object.handler_unblock"))

    def handler_block_by_func(self, func):
        self_ptr(self, Object, "Object.handler_block_by_func")
        return _sig.block_by_func(self, func)

    def handler_unblock_by_func(self, func):
        self_ptr(self, Object, "Object.handler_unblock_by_func")
        return _sig.unblock_by_func(self, func)

    def handler_is_connected(self, handler_id):
        ptr = self_ptr(self, Object, "Object.handler_is_connected")
        return bool(_c.g_signal_handler_is_connected(
            ptr, _handler_id(handler_id, "Object.handler_is_connected")))

    def emit(self, detailed_signal, *args):
        self_ptr(self, Object, "Object.emit")
        return _sig.emit(self, detailed_signal, args)

    def stop_emission_by_name(self, detailed_signal):
        ptr = self_ptr(self, Object, "Object.stop_emission_by_name")
        sid, detail = _sig._parse(self, detailed_signal)
        _c.g_signal_stop_emission(ptr, sid, detail)

    # --- weak references -----------------------------------------------------------------

    def weak_ref(self, callback, *args):
        """Call callback(*args) when the C object is finalized (g_object_weak_ref).
        Returns a handle whose unref() cancels it."""
        self_ptr(self, Object, "Object.weak_ref")
        return _WeakRef(self, callback, args)


# Names defined by the runtime base; the emitter must not generate methods with
# these names on GObject.Object (they replace GIR's g_object_* equivalents).
OBJECT_METHODS = tuple(n for n in vars(Object) if not n.startswith("_")) + ("props",)

_weak_refs = {}  # key -> _WeakRef (kept alive while the C weak ref exists)
_weak_next = [0]


def _weak_notify(data, where_the_object_was):
    w = _weak_refs.pop(data, None)
    if w is None:
        return
    try:
        w._callback(*w._args)
    except BaseException:
        report_exception()


_WEAK_KEEP, _WEAK_NOTIFY = _c.make_callback("weak_notify", _weak_notify)


class _WeakRef:
    __slots__ = ("_key", "_obj_ptr", "_callback", "_args")

    def __init__(self, obj, callback, args):
        if not callable(callback):
            raise TypeError("callback must be callable")
        _weak_next[0] += 1
        self._key = _weak_next[0]
        self._obj_ptr = obj._ptr
        self._callback = callback
        self._args = args
        _weak_refs[self._key] = self
        _c.g_object_weak_ref(obj._ptr, _WEAK_NOTIFY, self._key)

    def unref(self):
        if _weak_refs.pop(self._key, None) is not None:
            _c.g_object_weak_unref(self._obj_ptr, _WEAK_NOTIFY, self._key)


class InitiallyUnowned(Object):
    __slots__ = ()
    __gtype__ = LazyGType(_c.g_initially_unowned_get_type)


# --- fundamentals ---------------------------------------------------------------------


class ParamSpec(Fundamental):
    """GParamSpec wrapper (base of generated GObject.ParamSpec)."""

    __slots__ = ()
    __gtype__ = GType(_gt.TYPE_PARAM)
    _ref_func_ = _c.g_param_spec_ref
    _ref_sink_func_ = _c.g_param_spec_ref_sink
    _unref_func_ = _c.g_param_spec_unref
    _typed_instance_ = True

    @classmethod
    def _wrap_none(cls, p):
        return fundamental_from_none(cls, p)

    @property
    def name(self):
        return _c.g_param_spec_get_name(self_ptr(self, ParamSpec, "ParamSpec.name")).decode()

    @property
    def nick(self):
        s = _c.g_param_spec_get_nick(self_ptr(self, ParamSpec, "ParamSpec.nick"))
        return None if s is None else s.decode()

    @property
    def blurb(self):
        s = _c.g_param_spec_get_blurb(self_ptr(self, ParamSpec, "ParamSpec.blurb"))
        return None if s is None else s.decode()

    @property
    def flags(self):
        return _c.param_spec_info(self_ptr(self, ParamSpec, "ParamSpec.flags"))[1]

    @property
    def value_type(self):
        return GType(_c.param_spec_info(self_ptr(self, ParamSpec, "ParamSpec.value_type"))[2])

    @property
    def owner_type(self):
        return GType(_c.param_spec_info(self_ptr(self, ParamSpec, "ParamSpec.owner_type"))[3])

    def get_default_value(self):
        v = _c.g_param_spec_get_default_value(self_ptr(self, ParamSpec, "ParamSpec.get_default_value"))
        return value_get(v) if v else None

    default_value = property(get_default_value)

    def get_name(self):
        self_ptr(self, ParamSpec, "ParamSpec.get_name")
        return self.name

    def __repr__(self):
        p = getattr(self, "_ptr", 0) if isinstance(self, ParamSpec) else 0
        if not p:
            return object.__repr__(self)
        return "<%s %r>" % (_gt.gtype_name(_c.type_from_instance(p)), self.name)


class Variant(Fundamental):
    """GVariant wrapper (base of generated GLib.Variant)."""

    __slots__ = ()
    __gtype__ = GType(_gt.TYPE_VARIANT)
    _ref_func_ = _c.g_variant_ref
    _ref_sink_func_ = _c.g_variant_ref_sink
    _unref_func_ = _c.g_variant_unref
    _is_floating_func_ = _c.g_variant_is_floating

    def get_type_string(self):
        return _c.g_variant_get_type_string(self_ptr(self, Variant, "Variant.get_type_string")).decode()

    def print_(self, type_annotate=False):
        from .containers import utf8_from_full
        p = self_ptr(self, Variant, "Variant.print_")
        return utf8_from_full(_c.g_variant_print(p, 1 if type_annotate else 0))

    def __eq__(self, other):
        if not isinstance(other, Variant):
            return NotImplemented
        return bool(_c.g_variant_equal(self_ptr(self, Variant, "Variant.__eq__"),
                                       self_ptr(other, Variant, "Variant.__eq__")))

    def __hash__(self):
        return hash((self.get_type_string(), self.print_()))

    def __str__(self):
        return self.print_(True)

    def __repr__(self):
        if not (isinstance(self, Variant) and getattr(self, "_ptr", 0)):
            return object.__repr__(self)
        return "GLib.Variant(%r, %s)" % (self.get_type_string(), self.print_(False))


from . import gvalue as _gv  # noqa: E402
from .wrappers import Interface as _Interface  # noqa: E402

_gv._OBJECT_CLASSES = (Object, _Interface)  # what GValues of object types accept

# Defaults for values of these types when no generated class is registered; a generated
# namespace that registered its own classes first (the runtime loads lazily) keeps them.
for _name, _cls in (("GObject", Object), ("GInitiallyUnowned", InitiallyUnowned),
                    ("GParam", ParamSpec), ("GVariant", Variant)):
    if _gt._registered.get(_name) is None:
        _gt.register_class(_name, _cls)
_gt.set_dynamic_base(_gt.TYPE_OBJECT, Object)
_gt.set_dynamic_base(_gt.TYPE_PARAM, ParamSpec)
_gt.set_dynamic_base(_gt.TYPE_VARIANT, Variant)
_gt.set_dynamic_base(_gt.TYPE_BOXED, Boxed)
