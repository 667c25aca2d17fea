"""What the fuzzer knows about each callable from the GIR files: its C identifier (for the
reviewed unsafe list, which speaks C) and the types of its Python-visible parameters (so most
arguments can be *plausible* values that get past argument checking into C).

Only the GIR XML is read, with ElementTree: no generated code, no backend, so the knowledge is
the same for every backend. Nothing here decides what is called; discovery walks the public
Python API (see discover.py) and merely looks the callables up here.
"""

import keyword
import os
import xml.etree.ElementTree as ET

_CORE = "http://www.gtk.org/introspection/core/1.0"
_C = "http://www.gtk.org/introspection/c/1.0"
_GLIB = "http://www.gtk.org/introspection/glib/1.0"


def _t(tag):
    return "{%s}%s" % (_CORE, tag)


_C_ID = "{%s}identifier" % _C
_C_TYPE = "{%s}type" % _C
_GLIB_TYPE_NAME = "{%s}type-name" % _GLIB


class Type:
    """A GIR type. kind: "type" (name, ctype, children), "array" (name = None for C arrays, or
    GLib.Array/GLib.PtrArray/GLib.ByteArray; elem; length index; zero_terminated; fixed),
    "varargs"."""

    __slots__ = ("kind", "name", "ctype", "children", "length", "zero_terminated", "fixed")

    def __init__(self, kind, name=None, ctype=None, children=(), length=None,
                 zero_terminated=False, fixed=-1):
        self.kind = kind
        self.name = name
        self.ctype = ctype
        self.children = tuple(children)
        self.length = length
        self.zero_terminated = zero_terminated
        self.fixed = fixed

    def __repr__(self):
        if self.kind == "array":
            return "Array(%s, %r)" % (self.name or "C", self.children)
        return "Type(%s%s)" % (self.name, "" if not self.children else ", %r" % (self.children,))


class Param:
    __slots__ = ("name", "py_name", "direction", "type", "nullable", "optional",
                 "caller_allocates", "closure", "destroy", "scope", "transfer")

    def __repr__(self):
        return "Param(%s %s %r)" % (self.direction, self.name, self.type)


class Callable:
    """A function, method, constructor or callback of a GIR file."""

    __slots__ = ("ns", "owner", "name", "py_name", "cid", "kind", "params", "ret", "throws",
                 "visible")

    def __repr__(self):
        return "Callable(%s %s)" % (self.kind, self.cid or self.name)


class Namespace:
    __slots__ = ("name", "version", "functions", "types", "callbacks", "by_cid", "prefixes")

    def __init__(self, name, version):
        self.name = name
        self.version = version
        self.functions = {}   # py name -> Callable
        self.types = {}       # type name -> TypeInfo
        self.callbacks = {}   # callback type name -> Callable
        self.by_cid = {}      # C identifier -> Callable (functions, methods, constructors)
        self.prefixes = ()    # C symbol prefixes ("g", "glib")

    def lookup(self, py_name):
        """The namespace-level function py_name: a GIR function, or a function of a record the
        bindings list at namespace level (GLib.byte_array_free is g_byte_array_free)."""
        c = self.functions.get(py_name)
        if c is not None:
            return c
        for name in (py_name, py_name[:-1]):
            for p in self.prefixes:
                c = self.by_cid.get(p + "_" + name)
                if c is not None:
                    return c
        return None


class TypeInfo:
    __slots__ = ("name", "kind", "methods", "parent", "gtype_name", "abstract", "fundamental",
                 "fields", "gtype_struct_for")

    def __init__(self, name, kind):
        self.name = name
        self.kind = kind      # class interface record union enum bitfield alias
        self.methods = {}     # py name -> Callable (methods, constructors, static functions)
        self.fields = {}      # py name -> Param (a field, described like a parameter)
        self.gtype_struct_for = None  # the class/interface this is the class struct of
        self.parent = None
        self.gtype_name = None
        self.abstract = False
        self.fundamental = False


def py_ident(name):
    name = name.replace("-", "_")
    return name + "_" if keyword.iskeyword(name) else name


def _parse_type(el):
    """The <type>/<array>/<varargs> child of a parameter or return value."""
    for child in el:
        tag = child.tag
        if tag == _t("type"):
            return Type("type", child.get("name"), child.get(_C_TYPE),
                        [t for t in (_parse_type(child),) if t is not None])
        if tag == _t("array"):
            length = child.get("length")
            return Type("array", child.get("name"), child.get(_C_TYPE),
                        [t for t in (_parse_type(child),) if t is not None],
                        length=int(length) if length is not None else None,
                        zero_terminated=child.get("zero-terminated") == "1",
                        fixed=int(child.get("fixed-size", "-1")))
        if tag == _t("varargs"):
            return Type("varargs")
    return None


def _parse_callable(ns, owner, el, kind):
    c = Callable()
    c.ns = ns
    c.owner = owner
    c.name = el.get("name")
    shadows = el.get("shadows")
    c.py_name = py_ident(shadows or c.name)
    c.cid = el.get(_C_ID)
    c.kind = kind
    c.throws = el.get("throws") == "1"
    rv = el.find(_t("return-value"))
    c.ret = _parse_type(rv) if rv is not None else None
    c.params = []
    instance = None
    ps = el.find(_t("parameters"))
    if ps is not None:
        for p in ps:
            if p.tag == _t("instance-parameter"):
                instance = p
                continue
            if p.tag != _t("parameter"):
                continue
            q = Param()
            q.name = p.get("name") or "arg"
            q.py_name = py_ident(q.name)
            q.direction = p.get("direction", "in")
            q.type = _parse_type(p)
            q.nullable = p.get("nullable") == "1" or p.get("allow-none") == "1"
            q.optional = p.get("optional") == "1"
            q.caller_allocates = p.get("caller-allocates") == "1"
            q.closure = int(p.get("closure")) if p.get("closure") is not None else None
            q.destroy = int(p.get("destroy")) if p.get("destroy") is not None else None
            q.scope = p.get("scope")
            q.transfer = p.get("transfer-ownership", "none")
            c.params.append(q)
    # The Python-visible inputs (PyGObject's rule): in/inout parameters that are not the
    # user_data or destroy notify of a callback, nor the length of an array.
    hidden = set()
    for q in c.params:
        t = q.type
        if t is not None and t.kind == "array" and t.length is not None:
            hidden.add(t.length)
        if q.closure is not None and q.type is not None and q.type.kind == "type" \
                and q.type.name not in ("gpointer",):
            hidden.add(q.closure)   # the closure attribute sits on the callback
        if q.destroy is not None:
            hidden.add(q.destroy)
    for i, q in enumerate(c.params):
        if q.closure is not None and q.type is not None and q.type.name == "gpointer":
            hidden.add(i)           # older GIRs put closure= on the user_data itself
    c.visible = [q for i, q in enumerate(c.params)
                 if i not in hidden and q.direction in ("in", "inout")
                 and (q.type is None or q.type.kind != "varargs")]
    return c


def _skip(el):
    return el.get("introspectable") == "0" or el.get("shadowed-by") is not None \
        or el.get("moved-to") is not None


def parse(path):
    tree = ET.parse(path)
    root = tree.getroot()
    nsel = root.find(_t("namespace"))
    ns = Namespace(nsel.get("name"), nsel.get("version"))
    ns.prefixes = tuple(p for p in (nsel.get("{%s}symbol-prefixes" % _C) or "").split(",") if p)
    for el in nsel:
        tag = el.tag
        if tag == _t("function"):
            if not _skip(el):
                c = _parse_callable(ns.name, None, el, "function")
                ns.functions[c.py_name] = c
                if c.cid:
                    ns.by_cid[c.cid] = c
        elif tag == _t("callback"):
            ns.callbacks[el.get("name")] = _parse_callable(ns.name, None, el, "callback")
        elif tag in (_t("class"), _t("interface"), _t("record"), _t("union"),
                     _t("enumeration"), _t("bitfield"), _t("alias")):
            kind = {"class": "class", "interface": "interface", "record": "record",
                    "union": "union", "enumeration": "enum", "bitfield": "bitfield",
                    "alias": "alias"}[tag.split("}")[1]]
            ti = TypeInfo(el.get("name"), kind)
            ti.parent = el.get("parent")
            ti.gtype_name = el.get(_GLIB_TYPE_NAME)
            ti.abstract = el.get("abstract") == "1"
            ti.fundamental = el.get("{%s}fundamental" % _GLIB) == "1"
            ti.gtype_struct_for = el.get("{%s}is-gtype-struct-for" % _GLIB)
            if kind == "alias":
                ti.parent = _parse_type(el)
            for m in el:
                mtag = m.tag
                if mtag in (_t("method"), _t("constructor"), _t("function")) and not _skip(m):
                    mk = {"method": "method", "constructor": "constructor",
                          "function": "static"}[mtag.split("}")[1]]
                    c = _parse_callable(ns.name, ti.name, m, mk)
                    ti.methods[c.py_name] = c
                    if c.cid:
                        ns.by_cid[c.cid] = c
                elif mtag == _t("field") and m.get("private") != "1":
                    q = Param()
                    q.name = m.get("name")
                    q.py_name = py_ident(q.name)
                    q.direction = "in"
                    q.type = _parse_type(m)
                    if q.type is None and m.find(_t("callback")) is not None:
                        q.type = Type("callback")
                    q.nullable = False
                    q.optional = False
                    q.caller_allocates = False
                    q.closure = q.destroy = q.scope = None
                    q.transfer = "none"
                    ti.fields[q.py_name] = q
            ns.types[ti.name] = ti
    return ns


def gir_dirs():
    dirs = []
    for var in ("GIRGEN_TESTLIBS",):
        v = os.environ.get(var)
        if v:
            dirs.append(v)
    here = os.path.dirname(os.path.abspath(__file__))
    dirs.append(os.path.join(here, "..", "..", "build", "testlibs"))
    for v in os.environ.get("XDG_DATA_DIRS", "/usr/local/share:/usr/share").split(":"):
        if v:
            dirs.append(os.path.join(v, "gir-1.0"))
    dirs.append("/usr/share/gir-1.0")
    return dirs


_cache = {}


def load(name, version):
    """The parsed GIR of Name-version (cached), or None when no GIR directory has it."""
    key = (name, version)
    if key in _cache:
        return _cache[key]
    ns = None
    for d in gir_dirs():
        p = os.path.join(d, "%s-%s.gir" % (name, version))
        if os.path.exists(p):
            ns = parse(p)
            break
    _cache[key] = ns
    return ns
