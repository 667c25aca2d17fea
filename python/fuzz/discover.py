"""Every callable of the fuzzed namespaces, found through the public Python API only.

The walk is the same for every backend: `dir()` of each namespace module (which lists its lazy
`_ITEMS`), then the attributes of each class and of its runtime base classes. Plain functions,
static methods, class methods (constructors), instance methods, `Cls(**kwargs)` and the data
descriptors (fields and properties, read and written) become `Target`s. The GIR (gir.py) is
consulted only to learn the C identifier and the parameter types of what was found.
"""

import inspect
import importlib

from . import gir as _gir
from .prelude import NAMESPACES

# GObject first: runtime base classes (Object, Boxed, ...) are named after the first generated
# class that reaches them, which then is a GObject one (GObject.Object.connect).
DISCOVERY_ORDER = ("GObject", "GLib", "GIRepository", "GIMarshallingTests", "Regress")
assert set(DISCOVERY_ORDER) == set(NAMESPACES)


# The GIR versions of the fuzzed namespaces (when a module does not say).
_VERSIONS = {"GObject": "2.0", "GLib": "2.0", "GIRepository": "2.0", "GIMarshallingTests": "1.0",
             "Regress": "1.0"}


class Target:
    """One thing the fuzzer calls.

    kind: "function" (namespace function), "static", "ctor" (class method), "method" (called
    unbound: `Ns.Cls.meth(self, ...)`), "init" (`Ns.Cls(...)`), "getattr", "setattr".
    params: list of (name, gir.Param or None, how) with how in "pos", "opt" (has a default),
    "var" (*args), "kw" (**kwargs); None when the signature is unknown.
    """

    __slots__ = ("path", "kind", "fn", "owner", "attr", "meta", "params", "cid", "index",
                 "string_rules", "field", "union", "runtime", "embedded")

    def __init__(self, path, kind, fn, owner=None, attr=None, meta=None, params=None):
        self.path = path
        self.kind = kind
        self.fn = fn
        self.owner = owner
        self.attr = attr
        self.meta = meta
        self.params = params
        self.cid = meta.cid if meta is not None else None
        self.index = -1
        self.string_rules = _string_rules(meta, params)
        self.field = None      # gir.Param describing the field, for getattr/setattr
        self.union = False
        self.embedded = False  # a field holding a record by value
        # defined by the shared runtime (girgen_runtime), not generated
        self.runtime = (getattr(fn, "__module__", None) or "").startswith("girgen_runtime")

    def __repr__(self):
        return "<Target %s %s%s>" % (self.kind, self.path, " (%s)" % self.cid if self.cid else "")


class Api:
    """What discovery found: targets, classes (path -> class), GIR namespaces, errors."""

    def __init__(self, package):
        self.package = package
        self.modules = {}
        self.girs = {}
        self.targets = []
        self.classes = {}          # "Ns.Cls" -> class
        self.class_paths = {}      # id(class) -> "Ns.Cls"
        self.class_info = {}       # "Ns.Cls" -> gir.TypeInfo or None
        self.errors = []           # (path, exception text): attribute access that raised

    def resolve_type(self, ns, name):
        """GIR type name (as written in namespace ns) -> (path, class or None, TypeInfo or None)."""
        if "." in name:
            ns, name = name.split(".", 1)
        path = ns + "." + name
        info = None
        g = self.girs.get(ns)
        if g is not None:
            info = g.types.get(name)
            seen = 0
            while info is not None and info.kind == "alias" and seen < 5:
                seen += 1
                t = info.parent
                if t is None or t.kind != "type" or t.name is None:
                    break
                return self.resolve_type(ns, t.name)
        return path, self.classes.get(path), info

    def callback_meta(self, ns, name):
        if "." in name:
            ns, name = name.split(".", 1)
        g = self.girs.get(ns)
        return None if g is None else g.callbacks.get(name)


_STRINGS = ("utf8", "filename")


def _string_rules(meta, params):
    """{length/offset parameter name: (rule, string parameter name)} (see unsafe.py)."""
    if meta is None or not params:
        return None
    from . import unsafe
    rules = {}
    last_string = None
    for q in meta.visible:
        t = q.type
        if t is not None and t.kind == "type" and t.name in _STRINGS:
            last_string = q.py_name
            continue
        if last_string is None or t is None or t.kind != "type" or t.name in _STRINGS:
            continue
        if q.name in unsafe.STRING_LENGTHS:
            rules[q.py_name] = ("length", last_string)
        elif q.name in unsafe.STRING_SIZES:
            rules[q.py_name] = ("size", last_string)
        elif q.name in unsafe.STRING_OFFSETS:
            rules[q.py_name] = ("offset", last_string)
        elif q.name in unsafe.STRING_BYTE_OFFSETS:
            rules[q.py_name] = ("byte_offset", last_string)
    return rules or None


def _signature_params(fn, drop_first, meta):
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        sig = None
    byname = {}
    if meta is not None:
        for q in meta.visible:
            byname[q.py_name] = q
    if sig is None:
        if meta is None:
            return None
        return [(q.py_name, q, "opt" if q.nullable or q.optional else "pos") for q in meta.visible]
    out = []
    ps = list(sig.parameters.values())
    if drop_first and ps:
        ps = ps[1:]
    for p in ps:
        if p.kind == p.VAR_POSITIONAL:
            out.append((p.name, None, "var"))
        elif p.kind == p.VAR_KEYWORD:
            out.append((p.name, None, "kw"))
        else:
            how = "opt" if p.default is not p.empty else "pos"
            out.append((p.name, byname.get(p.name), how))
    return out


_SCALARS = ("gboolean", "gfloat", "gdouble", "gunichar", "GType", "gint8", "guint8", "gchar",
            "guchar", "gint16", "guint16", "gshort", "gushort", "gint", "guint", "gint32",
            "guint32", "glong", "gulong", "gint64", "guint64", "gsize", "gssize", "goffset",
            "gintptr", "guintptr", "gunichar2")


def _scalar_field(api, path, field):
    """Whether a field holds a number or an enum (not an address)."""
    if field is None or field.type is None or field.type.kind != "type":
        return False
    name = field.type.name
    if name in _SCALARS:
        return True
    _, _, info = api.resolve_type(path.split(".", 1)[0], name)
    return info is not None and info.kind in ("enum", "bitfield")


def _embedded_field(api, path, field):
    """Whether a field holds a record or union by value (its c:type is not a pointer)."""
    t = None if field is None else field.type
    if t is None or t.kind != "type" or not t.name or (t.ctype or "").endswith("*"):
        return False
    _, _, info = api.resolve_type(path.split(".", 1)[0], t.name)
    return info is not None and info.kind in ("record", "union")


def _is_data_descriptor(raw):
    return hasattr(type(raw), "__set__") or isinstance(raw, property)


def discover(package, namespaces=None):
    api = Api(package)
    wanted = tuple(n for n in DISCOVERY_ORDER if namespaces is None or n in namespaces)
    for ns in DISCOVERY_ORDER:
        mod = importlib.import_module(package + "." + ns)
        api.modules[ns] = mod
        version = getattr(mod, "__version__", None) or _VERSIONS[ns]
        api.girs[ns] = _gir.load(ns, version)
    generated_prefix = package + "."
    seen_raw = set()
    seen_classes = set()
    class_list = []
    for ns in DISCOVERY_ORDER:
        mod = api.modules[ns]
        g = api.girs[ns]
        for name in sorted(dir(mod)):
            if name.startswith("_"):
                continue
            try:
                v = getattr(mod, name)
            except Exception as e:  # noqa: BLE001 -- a lazy attribute that fails is reported
                api.errors.append(("%s.%s" % (ns, name), "%s: %s" % (type(e).__name__, e)))
                continue
            if isinstance(v, type):
                path = "%s.%s" % (ns, name)
                api.classes[path] = v
                api.class_info[path] = g.types.get(name) if g is not None else None
                # An alias (Regress.AliasedTestBoxed is TestBoxed) is walked once, under the
                # class's own name.
                if id(v) not in api.class_paths or v.__name__ == name:
                    api.class_paths[id(v)] = path
                class_list.append((ns, path, v))
            elif callable(v) and ns in wanted:
                meta = g.lookup(name) if g is not None else None
                api.targets.append(Target("%s.%s" % (ns, name), "function", v, meta=meta,
                                          params=_signature_params(v, False, meta)))
    # Shallow classes first, so runtime bases are named after GObject.Object, not a subclass.
    class_list.sort(key=lambda e: (len(e[2].__mro__), DISCOVERY_ORDER.index(e[0]), e[1]))
    for ns, path, cls in class_list:
        if ns not in wanted or api.class_paths.get(id(cls)) != path:
            continue
        is_enum = issubclass(cls, int)
        info = api.class_info.get(path)
        for k in cls.__mro__:
            if k is object or id(k) in seen_classes:
                continue
            mod = getattr(k, "__module__", "") or ""
            generated = mod.startswith(generated_prefix)
            if not generated and (mod in ("builtins", "enum") or is_enum):
                continue
            if generated and k is not cls:
                continue  # a generated base is walked as its own class
            seen_classes.add(id(k))
            kinfo = info if k is cls else None
            _walk_class(api, path, cls, k, kinfo, is_enum, seen_raw)
    for i, t in enumerate(api.targets):
        t.index = i
    return api


def _walk_class(api, path, cls, k, info, is_enum, seen_raw):
    d = vars(k)
    if k is cls and not is_enum:
        # Cls(...) -- g_object_new with properties, or a record with fields.
        api.targets.append(Target(path, "init", cls, owner=cls,
                                  params=[("args", None, "var"), ("kwargs", None, "kw")]))
    for name in sorted(d):
        if name.startswith("_"):
            continue
        raw = d[name]
        if id(raw) in seen_raw:
            continue
        seen_raw.add(id(raw))
        meta = info.methods.get(name) if info is not None else None
        tpath = "%s.%s" % (path, name)
        if isinstance(raw, type):
            continue
        if isinstance(raw, staticmethod):
            fn = getattr(cls, name)
            api.targets.append(Target(tpath, "static", fn, owner=cls, attr=name, meta=meta,
                                      params=_signature_params(fn, False, meta)))
        elif isinstance(raw, classmethod) or type(raw).__name__ == "classmethod_descriptor":
            fn = getattr(cls, name)
            api.targets.append(Target(tpath, "ctor", fn, owner=cls, attr=name, meta=meta,
                                      params=_signature_params(fn, False, meta)))
        elif is_enum:
            continue
        elif _is_data_descriptor(raw):
            for kind in ("getattr", "setattr"):
                t = Target(tpath, kind, None, owner=cls, attr=name)
                if info is not None:
                    t.field = info.fields.get(name)
                    # `union` marks a pointer member of a union (see unsafe.reason)
                    t.union = info.kind == "union" and not _scalar_field(api, path, t.field)
                    t.embedded = _embedded_field(api, path, t.field)
                api.targets.append(t)
        elif callable(raw):
            fn = getattr(cls, name)
            api.targets.append(Target(tpath, "method", fn, owner=cls, attr=name, meta=meta,
                                      params=_signature_params(fn, True, meta)))
