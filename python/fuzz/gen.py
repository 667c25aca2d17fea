"""Argument generation: plausible values from the GIR types (so calls reach C) mixed with wild
Python values (so argument checking is exercised), each value paired with the source text that
recreates it, so every call can be logged as one line of Python.

Randomness comes from a *chooser*: `RandomChooser` (a seeded `random.Random`, ~1 µs a choice:
the long runs) or `HypothesisChooser` (draws from a Hypothesis `data` object: Hypothesis's
distributions, ~300 µs a draw here). Both give the same vocabulary of values.
"""

import random
import re

from . import unsafe as _unsafe
from .prelude import CALLBACKS, ODD_OBJECTS

INT_RANGES = {}
for _names, _bits, _signed in (
        (("gint8", "gchar"), 8, True), (("guint8", "guchar"), 8, False),
        (("gint16", "gshort"), 16, True), (("guint16", "gushort", "gunichar2"), 16, False),
        (("gint", "gint32"), 32, True), (("guint", "guint32", "GQuark", "GLib.Quark"), 32, False),
        (("glong", "gint64", "gssize", "goffset", "gintptr", "GLib.DateYear", "GLib.Pid"), 64, True),
        (("gulong", "guint64", "gsize", "guintptr", "GLib.Type", "GLib.DateDay"), 64, False)):
    for _n in _names:
        INT_RANGES[_n] = (-(1 << (_bits - 1)), (1 << (_bits - 1)) - 1) if _signed else (0, (1 << _bits) - 1)
INT_RANGES["GLib.DateDay"] = (0, 255)
INT_RANGES["GLib.DateYear"] = (0, 65535)
INT_RANGES["GLib.Pid"] = (-(1 << 31), (1 << 31) - 1)

POINTER_TYPES = ("gpointer", "gconstpointer")

BOUNDARY_INTS = (0, 1, -1, 2, 7, 255, 256, -128, -129, 65535, 65536, -32769, (1 << 31) - 1, 1 << 31,
                 -(1 << 31), -(1 << 31) - 1, (1 << 32) - 1, 1 << 32, (1 << 63) - 1, 1 << 63,
                 -(1 << 63), -(1 << 63) - 1, (1 << 64) - 1, 1 << 64, 1 << 100, -(1 << 100))
FLOATS = (0.0, -0.0, 1.0, -1.5, 0.5, 1e-300, 5e-324, 1e308, -1e308, 3.4028234663852886e38,
          3.5e38, float("inf"), float("-inf"), float("nan"), 2.0 ** 63, 123456.789)
TEXTS = ("", "a", "fuzz", "héllo wörld", "日本語", "\x00", "a\x00b", "\ud800", "x\udfffy",
         "%s%s%s%n%d", "\\", "'\"", " ", "\n", "é" * 40, "a" * 1000, "-1", "0", "true",
         "NULL", "i", "(ii)", "as", "a{sv}", "<a>&amp;</a>", "/", ".", "..", "fuzz-file",
         "notify", "notify::name", "GObject", "gint", "RegressTestObj", "\U0001f600", "\ufeff",
         "\x7f\x01\x1b", "a" * 10 + "\u0301")
BINARIES = (b"", b"\x00", b"abc", b"\xff\xfe\xfd", b"a\x00b", b"\x80" * 20, bytes(range(256)))

_NAME_RE = re.compile(r"\b[or]\d+\b")


def _srepr(s):
    return repr(s)


def _frepr(f):
    if f != f:
        return "nan"
    if f in (float("inf"), float("-inf")):
        return "inf" if f > 0 else "-inf"
    return repr(f)


# --- choosers --------------------------------------------------------------------------------


class RandomChooser:
    """Choices from a seeded random.Random (fast)."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self._random = self.r.random

    def below(self, n):
        return int(self._random() * n) if n > 0 else 0

    def chance(self, p):
        return self._random() < p

    def wild_int(self):
        k = self._random()
        if k < 0.5:
            return BOUNDARY_INTS[self.below(len(BOUNDARY_INTS))]
        if k < 0.8:
            return self.r.randint(-50, 300)
        return self.r.randint(-(1 << 70), 1 << 70) >> self.r.randint(0, 70)

    def ranged_int(self, lo, hi):
        k = self._random()
        if k < 0.3:
            return (lo, hi, 0 if lo <= 0 <= hi else lo, 1 if lo <= 1 <= hi else hi)[self.below(4)]
        if k < 0.8:
            a, b = max(lo, -5), min(hi, 64)
            if a <= b:
                return self.r.randint(a, b)
        return self.r.randint(lo, hi)

    def text(self):
        if self._random() < 0.6:
            return TEXTS[self.below(len(TEXTS))]
        n = self.below(12)
        return "".join(chr(self.r.choice((self.r.randint(32, 126), self.r.randint(0, 0x2fff),
                                          self.r.randint(0xd800, 0xdfff), self.r.randint(0, 0x10ffff))))
                       for _ in range(n))

    def floats(self):
        if self._random() < 0.6:
            return FLOATS[self.below(len(FLOATS))]
        return self.r.uniform(-1e6, 1e6)

    def binary(self):
        if self._random() < 0.6:
            return BINARIES[self.below(len(BINARIES))]
        return bytes(self.r.randint(0, 255) for _ in range(self.below(16)))


class HypothesisChooser:
    """Choices drawn from a Hypothesis `st.data()` object (Hypothesis's own distributions)."""

    def __init__(self, data):
        from hypothesis import strategies as st
        self.data = data
        self.st = st
        self._ints = st.integers()
        self._text = st.one_of(st.sampled_from(TEXTS), st.text(max_size=12),
                               st.text(st.characters(codec=None, categories=("Cs", "Co", "Cn", "Lo")),
                                       max_size=4))
        self._floats = st.one_of(st.sampled_from(FLOATS), st.floats())
        self._binary = st.one_of(st.sampled_from(BINARIES), st.binary(max_size=16))
        self._wild = st.one_of(st.sampled_from(BOUNDARY_INTS), st.integers())
        self._below = {}

    def below(self, n):
        if n <= 1:
            return 0
        s = self._below.get(n)
        if s is None:
            s = self._below[n] = self.st.integers(0, n - 1)
        return self.data.draw(s)

    def chance(self, p):
        return self.below(1000) < p * 1000

    def wild_int(self):
        return self.data.draw(self._wild)

    def ranged_int(self, lo, hi):
        return self.data.draw(self.st.integers(lo, hi))

    def text(self):
        return self.data.draw(self._text)

    def floats(self):
        return self.data.draw(self._floats)

    def binary(self):
        return self.data.draw(self._binary)


# --- the pool of instances --------------------------------------------------------------------


class Pool:
    """Live instances the fuzzer can pass (`src` is a variable of the log: o3, r1234)."""

    PER_CLASS = 6

    def __init__(self):
        self.entries = []          # (src, obj)
        self.per_class = {}        # id(type) -> count
        self._cache = {}           # id(cls) -> [(src, obj)] of instances of cls
        self.version = 0

    def add(self, src, obj, chooser=None):
        t = type(obj)
        n = self.per_class.get(id(t), 0)
        if n >= self.PER_CLASS:
            if chooser is None:
                return
            # replace a random instance of that exact type: the pool follows the run
            same = [i for i, (s, o) in enumerate(self.entries) if type(o) is t]
            if not same:
                return
            self.entries[same[chooser.below(len(same))]] = (src, obj)
        else:
            self.per_class[id(t)] = n + 1
            self.entries.append((src, obj))
        self._cache.clear()

    def of_class(self, cls):
        c = self._cache.get(id(cls))
        if c is None:
            try:
                c = [(s, o) for s, o in self.entries if isinstance(o, cls)]
            except TypeError:
                c = []
            self._cache[id(cls)] = c
        return c


# --- the generator -----------------------------------------------------------------------------


class Generator:
    def __init__(self, api, env, chooser, pool, limits=None, bad_values=()):
        self.api = api
        self.env = env
        self.c = chooser
        self.pool = pool
        self.limits = limits if limits is not None else _unsafe.LIMITS
        self._props = {}
        self._signals = {}
        self._gtypes = None
        self._enum_members = {}
        self.odd = tuple(o for o in ODD_OBJECTS if o not in bad_values)

    # wild values ------------------------------------------------------------------------------

    def wild(self, depth=0, no_address=False):
        c = self.c
        k = c.below(100)
        if k < 8:
            return "None", None
        if k < 12:
            if no_address:   # a bool is an int, i.e. an address, for some backends
                return "None", None
            b = c.chance(0.5)
            return repr(b), b
        if k < 28:
            if no_address:
                return self.wild_text()
            v = c.wild_int()
            return repr(v), v
        if k < 35:
            f = c.floats()
            return _frepr(f), f
        if k < 52:
            return self.wild_text()
        if k < 57:
            b = c.binary()
            return repr(b), b
        if k < 65 and depth < 2:
            n = c.below(4)
            items = [self.wild(depth + 1, no_address) for _ in range(n)]
            return "[%s]" % ", ".join(s for s, _ in items), [v for _, v in items]
        if k < 68 and depth < 2:
            n = c.below(3)
            items = [(self.wild(depth + 1), self.wild(depth + 1)) for _ in range(n)]
            try:
                d = {kk[1]: vv[1] for kk, vv in items}
            except TypeError:
                return "{}", {}
            return "{%s}" % ", ".join("%s: %s" % (kk[0], vv[0]) for kk, vv in items), d
        if k < 76:
            name = CALLBACKS[c.below(len(CALLBACKS))]
            return name, self.env[name]
        if k < 84:
            src = self.odd[c.below(len(self.odd))]
            if no_address and src in ("_IntSub(3)", "_Index()", "_HugeIndex()", "_PtrLike()"):
                return "None", None
            return src, eval(src, self.env)  # noqa: S307 -- our own constant sources
        if k < 88 and not no_address:
            return self.gtype_value()   # GTypes are ints, i.e. addresses where a pointer is wanted
        if no_address:
            return "_gerror()", self.env["_gerror"]()
        if self.pool.entries:
            return self.pool.entries[c.below(len(self.pool.entries))]
        return "None", None

    def wild_text(self):
        s = self.c.text()
        return _srepr(s), s

    def gtype_value(self):
        if self._gtypes is None:
            self._gtypes = []
            for path, cls in self.api.classes.items():
                g = getattr(cls, "__gtype__", None)
                if g is not None and not isinstance(g, type):
                    self._gtypes.append(path)
            gobject = self.env["GObject"]
            for n in ("TYPE_INT", "TYPE_STRING", "TYPE_BOOLEAN", "TYPE_OBJECT", "TYPE_INVALID",
                      "TYPE_NONE", "TYPE_POINTER", "TYPE_BOXED", "TYPE_VARIANT", "TYPE_DOUBLE",
                      "TYPE_STRV", "TYPE_GTYPE", "TYPE_PARAM", "TYPE_INTERFACE", "TYPE_ENUM"):
                if hasattr(gobject, n):
                    self._gtypes.append("GObject." + n)
        if not self._gtypes or self.c.chance(0.1):
            # A GType above the fundamental range is the address of GLib's type node (see
            # unsafe.py): ints stay in 0..G_TYPE_FUNDAMENTAL_MAX.
            v = self.c.ranged_int(0, _unsafe.GTYPE_INT_MAX // 4) * 4
            return repr(v), v
        src = self._gtypes[self.c.below(len(self._gtypes))]
        if src.startswith("GObject.TYPE_"):
            return src, getattr(self.env["GObject"], src[8:])
        try:
            return src + ".__gtype__", self.api.classes[src].__gtype__
        except Exception:  # noqa: BLE001 -- a class whose GType cannot be had
            return "None", None

    # typed values -----------------------------------------------------------------------------

    def value(self, ns, param, cid=None, depth=0):
        """A value for a GIR parameter (or None: untyped)."""
        c = self.c
        if param is not None and cid is not None:
            lim = self.limits.get(cid)
            if lim is not None and param.py_name in lim:
                lo, hi = lim[param.py_name]
                if c.chance(0.9):
                    v = c.ranged_int(lo, hi)
                    return repr(v), v
                return self.wild_text()
        t = param.type if param is not None else None
        if t is not None and t.kind == "type" and t.name in POINTER_TYPES:
            # gpointer: an int or a wrapper is an address by the API's contract; what C does
            # with an address is C's business (see unsafe.py), so only non-addresses are fuzzed.
            if c.chance(0.5):
                return "None", None
            return self.wild(no_address=True)
        if t is not None and t.kind == "type" and t.name == "GType":
            if c.chance(0.25):
                return self.wild(no_address=True)
            return self.gtype_value()
        if t is not None and t.kind == "array" and t.children and t.children[0].kind == "type" \
                and t.children[0].name == "GType":
            # the same contract for each element (a wild list would hold arbitrary ints)
            if c.chance(0.25):
                return self.wild(no_address=True)
            return self.typed(ns, t, depth)
        if t is None or c.chance(0.25):
            return self.wild()
        if param.nullable and c.chance(0.08):
            return "None", None
        return self.typed(ns, t, depth)

    def typed(self, ns, t, depth=0):
        c = self.c
        if t.kind == "varargs":
            return "None", None
        if t.kind == "array":
            elem = t.children[0] if t.children else None
            if elem is not None and elem.kind == "type" and elem.name in ("guint8", "gint8") and c.chance(0.5):
                b = c.binary()
                return repr(b), b
            n = t.fixed if t.fixed >= 0 and c.chance(0.8) else c.below(5)
            if elem is None or depth > 2:
                return "[]", []
            if elem.kind == "type" and elem.name in POINTER_TYPES:
                return "[]", []
            items = [self.typed(ns, elem, depth + 1) for _ in range(n)]
            return "[%s]" % ", ".join(s for s, _ in items), [v for _, v in items]
        name = t.name
        if name is None:
            return self.wild()
        r = INT_RANGES.get(name)
        if r is not None:
            lo, hi = r
            if c.chance(0.07):
                v = (lo - 1, hi + 1)[c.below(2)]
            else:
                v = c.ranged_int(lo, hi)
            return repr(v), v
        if name == "gboolean":
            b = c.chance(0.5)
            return repr(b), b
        if name in ("gfloat", "gdouble"):
            f = c.floats()
            return _frepr(f), f
        if name in ("utf8", "filename"):
            if name == "filename" and c.chance(0.2):
                b = c.binary()
                return repr(b), b
            return self.wild_text()
        if name == "gunichar":
            if c.chance(0.8):
                s = chr(c.ranged_int(0, 0x10FFFF)) if c.chance(0.5) else c.text()[:1] or "a"
                return repr(s), s
            v = c.ranged_int(0, 0x10FFFF)
            return repr(v), v
        if name == "GType":
            if c.chance(0.2):
                return self.wild(no_address=True)
            return self.gtype_value()
        if name in POINTER_TYPES:
            return "None", None
        if name in ("GLib.List", "GLib.SList", "GLib.Array", "GLib.PtrArray"):
            elem = t.children[0] if t.children else None
            if elem is None or depth > 2 or (elem.kind == "type" and elem.name in POINTER_TYPES):
                return "[]", []
            items = [self.typed(ns, elem, depth + 1) for _ in range(c.below(4))]
            return "[%s]" % ", ".join(s for s, _ in items), [v for _, v in items]
        if name == "GLib.ByteArray" or name == "GLib.Bytes" and c.chance(0.3):
            b = c.binary()
            return repr(b), b
        if name == "GLib.HashTable":
            if len(t.children) < 2 or depth > 2 or any(
                    ch.kind == "type" and ch.name in POINTER_TYPES for ch in t.children):
                return "{}", {}
            items = []
            for _ in range(c.below(3)):
                items.append((self.typed(ns, t.children[0], depth + 1), self.typed(ns, t.children[1], depth + 1)))
            try:
                d = {k[1]: v[1] for k, v in items}
            except TypeError:
                return "{}", {}
            return "{%s}" % ", ".join("%s: %s" % (k[0], v[0]) for k, v in items), d
        if name == "GLib.Error":
            return "_gerror()", self.env["_gerror"]()
        if name in ("GObject.Closure",):
            name_ = CALLBACKS[c.below(len(CALLBACKS))]
            return name_, self.env[name_]
        if name in ("GObject.Value",) and c.chance(0.5):
            return self.wild()
        if name == "none":
            return "None", None
        return self.instance(ns, name)

    def instance(self, ns, name):
        c = self.c
        if self.api.callback_meta(ns, name) is not None:
            cb = CALLBACKS[c.below(len(CALLBACKS))]
            return cb, self.env[cb]
        path, cls, info = self.api.resolve_type(ns, name)
        if info is not None and info.kind in ("enum", "bitfield"):
            return self.enum_value(path, cls, info.kind == "bitfield")
        if info is not None and info.kind == "alias":
            return self.wild()
        if cls is None:
            return self.wild()
        cands = self.pool.of_class(cls)
        if cands and c.chance(0.9):
            return cands[c.below(len(cands))]
        return self.wild()

    def enum_value(self, path, cls, flags):
        c = self.c
        if cls is None:
            v = c.wild_int()
            return repr(v), v
        members = self._enum_members.get(path)
        if members is None:
            try:
                members = [(m.name, int(m)) for m in cls] if hasattr(cls, "__iter__") else []
            except Exception:  # noqa: BLE001
                members = []
            self._enum_members[path] = members
        k = c.below(10)
        if members and k < 6:
            n, v = members[c.below(len(members))]
            try:
                return "%s.%s" % (path, n), getattr(cls, n)
            except AttributeError:
                return repr(v), v
        if flags:
            # Flags: any combination of the type's bits (unknown bits are C's business, see
            # unsafe.py), or a value that is not an int.
            if k < 9:
                v = 0
                for _ in range(c.below(4)):
                    if members:
                        v |= members[c.below(len(members))][1]
                return repr(v), v
            return self.wild(no_address=True)
        if k < 8:
            v = c.ranged_int(-1, 1 << 12)
            return repr(v), v
        v = c.wild_int()
        return repr(v), v

    # names for the runtime's own methods (no GIR) ------------------------------------------------

    def prop_names(self, cls):
        names = self._props.get(id(cls))
        if names is None:
            names = []
            try:
                for p in cls.list_properties():
                    names.append(p.name)
            except Exception:  # noqa: BLE001 -- not a GObject class
                pass
            self._props[id(cls)] = names
        return names

    def prop_holds_address(self, cls, name):
        """Whether property `name` of cls holds a GType or a pointer (an int there is an
        address, see unsafe.py)."""
        key = (id(cls), name)
        r = self._props.get(key)
        if r is None:
            r = False
            try:
                p = cls.find_property(name)
                if p is not None:
                    gobject = self.env["GObject"]
                    t = int(p.value_type)
                    r = t in (int(gobject.TYPE_GTYPE), int(gobject.TYPE_POINTER)) or \
                        int(gobject.type_fundamental(t)) == int(gobject.TYPE_POINTER)
            except Exception:  # noqa: BLE001
                r = False
            self._props[key] = r
        return r

    def signal_names(self, cls):
        names = self._signals.get(id(cls))
        if names is None:
            names = []
            try:
                k = cls
                while k is not None and hasattr(k, "__gtype__"):
                    names.extend(self.env["GObject"].signal_list_names(k))
                    k = k.__base__
            except Exception:  # noqa: BLE001
                pass
            names = sorted(set(names))
            self._signals[id(cls)] = names
        return names

    def named(self, pname, owner):
        """A value for a parameter of a runtime method, chosen by the parameter's name."""
        c = self.c
        if owner is not None and c.chance(0.7):
            if pname in ("detailed_signal", "signal_name", "detailed_name"):
                names = self.signal_names(owner)
                if names:
                    n = names[c.below(len(names))]
                    if n == "notify" and c.chance(0.5):
                        props = self.prop_names(owner)
                        if props:
                            n = "notify::" + props[c.below(len(props))]
                    return repr(n), n
            if pname in ("name", "property_name"):
                names = self.prop_names(owner)
                if names:
                    n = names[c.below(len(names))]
                    return repr(n), n
            if pname in ("handler", "func", "callback"):
                cb = CALLBACKS[c.below(len(CALLBACKS))]
                return cb, self.env[cb]
            if pname in ("handler_id",):
                v = c.ranged_int(0, 64)
                return repr(v), v
            if pname in ("gtype", "value_type"):
                return self.gtype_value()
        if pname in ("gtype", "value_type", "type_", "g_type"):
            return self.wild(no_address=True)
        return self.wild()

    # a whole call -----------------------------------------------------------------------------

    def self_value(self, owner, strict=False):
        c = self.c
        if owner is not None and (strict or c.chance(0.85)):
            cands = self.pool.of_class(owner)
            if cands:
                return cands[c.below(len(cands))]
            if strict:
                return "None", None
        if self.pool.entries and c.chance(0.7):
            return self.pool.entries[c.below(len(self.pool.entries))]
        return self.wild()

    def arguments(self, target, owner=None):
        """(positional [(src, value)], keyword [(name, src, value)]) for one call; owner is the
        class of self for methods (the runtime's methods get names of its properties and
        signals)."""
        c = self.c
        owner = owner if owner is not None else target.owner
        params = target.params
        ns = target.path.split(".", 1)[0]
        cid = target.cid
        args, kwargs = [], []
        if params is None:
            for _ in range(c.below(4)):
                args.append(self.wild())
            return args, kwargs
        made = []      # [name, src, value, as keyword]
        extra = []
        for pname, q, how in params:
            if how == "var":
                if target.kind != "init":
                    for _ in range(c.below(3) if c.chance(0.3) else 0):
                        extra.append(self.wild(no_address=True))
                continue
            if how == "kw":
                if target.kind == "init":
                    kwargs.extend(self.init_kwargs(target.owner))
                continue
            if how == "opt" and c.chance(0.4):
                made.append(None)   # left out: later ones must go by keyword
                continue
            if q is None and target.meta is None:
                sv = self.named(pname, owner)
            else:
                sv = self.value(ns, q, cid)
            made.append([pname, sv[0], sv[1], c.chance(0.08)])
        if target.string_rules:
            self._apply_string_rules(target.string_rules, made)
        if target.runtime and target.attr == "set_property" and len(made) == 2 and made[0] and made[1] \
                and isinstance(made[0][2], str) and self.prop_holds_address(owner, made[0][2]):
            made[1][1], made[1][2] = self.wild(no_address=True)
        keyword = False
        for m in made:
            if m is None:
                keyword = True
                continue
            if keyword or m[3]:
                keyword = True
                kwargs.append((m[0], m[1], m[2]))
            else:
                args.append((m[1], m[2]))
        if not kwargs:
            args.extend(extra)
        k = c.below(100)
        if k < 3 and args:
            args.pop()                       # one argument too few
        elif k < 6:
            # one too many (no address: it may land in an optional gpointer left out above)
            args.append(self.wild(no_address=True))
        elif k < 7:
            kwargs.append(("no_such_param",) + self.wild())
        return args, kwargs

    def _apply_string_rules(self, rules, made):
        byname = {m[0]: m for m in made if m is not None}
        for pname, (rule, sname) in rules.items():
            m, sm = byname.get(pname), byname.get(sname)
            if m is None or sm is None:
                continue
            v, s = m[2], sm[2]
            if not isinstance(v, int) or not isinstance(s, (str, bytes)):
                continue
            if isinstance(s, str):
                try:
                    s.encode()
                except UnicodeEncodeError:
                    continue
                # a length ends on a character boundary: UTF-8 functions read whole characters
                k = self.c.ranged_int(0, len(s))
                nbytes = len(s[:k].encode())
            else:
                nbytes = self.c.ranged_int(0, len(s))
            if rule == "length":
                v = -1 if self.c.chance(0.2) else nbytes
            elif rule == "size":
                v = nbytes + self.c.below(2)
            elif rule == "byte_offset":
                v = nbytes
            else:
                v = self.c.ranged_int(0, len(s))
            m[1], m[2] = repr(v), v

    def init_kwargs(self, cls):
        c = self.c
        out = []
        if c.chance(0.5):
            return out
        names = self.prop_names(cls)
        if not names:
            names = [n for n in dir(cls) if not n.startswith("_")][:50]
        for _ in range(c.below(3)):
            if names and c.chance(0.9):
                n = names[c.below(len(names))].replace("-", "_")
            else:
                n = "bogus"
            if not n.isidentifier():
                continue
            out.append((n,) + self.wild(no_address=self.prop_holds_address(cls, n)))
        return out


def names_used(line):
    """Variables (o12, r345) a logged line reads (for reproducer minimisation)."""
    lhs, sep, rhs = line.partition(" = ")
    if not sep:
        rhs = line
    elif not re.fullmatch(r"[or]\d+", lhs.strip()):
        rhs = line  # an attribute assignment reads its target too
    return set(_NAME_RE.findall(rhs))
