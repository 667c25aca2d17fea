"""Leak scenarios, run in a fresh interpreter per backend (test_leaks.py) or under valgrind
(test_valgrind.py, GIRGEN_VALGRIND=1).

    python leakcheck.py PACKAGE PATH TESTLIBS ITERATIONS WARMUP [SCENARIO ...]

Prints one JSON line per scenario: {"name", "iterations", "rss_before", "rss_after", "grow"}
(bytes; RSS from /proc/self/statm, after a warm-up and gc.collect()). Every scenario is a
function of (namespaces) returning a zero-argument callable that performs one iteration;
each iteration must give back everything it took (ownership transfers in both directions,
the error paths of wrong arguments included).
"""

import ctypes
import gc
import importlib
import json
import os
import sys

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def raises(fn, *exc):
    try:
        fn()
    except exc or Exception:
        return
    raise AssertionError("%r did not raise" % (fn,))


# --- scenarios: ns is a SimpleNamespace with GLib, GObject, GI (GIMarshallingTests), R (Regress)

def objects(ns):
    R, GI = ns.R, ns.GI

    def it():
        o = R.TestObj(int=3)
        o.set_bare(GI.Object.new(7))    # a second object held by C
        sub = R.TestSubObj()
        sub.set_bare(o)                 # and a chain of them
        del o, sub
    return it


def objects_floating(ns):
    R = ns.R

    def it():
        f = R.TestFloating()            # initially unowned: the wrapper sinks it
        del f
    return it


def owned_strings(ns):
    GLib, GI = ns.GLib, ns.GI

    def it():
        assert GLib.markup_escape_text("<a href='x'>&amp;</a>", -1).startswith("&lt;")
        GLib.build_filenamev(["a", "b", "c"])
        GLib.strescape("tab\there\n", None)
        GI.utf8_full_return()
    return it


def owned_containers(ns):
    GLib, GI = ns.GLib, ns.GI

    def it():
        GI.glist_utf8_full_return()
        GI.ghashtable_utf8_full_return()
        GI.garray_utf8_full_return()
        GI.gstrv_return()
        GLib.build_filenamev(["a", "b"])
    return it


def gerror(ns):
    GLib, GI = ns.GLib, ns.GI

    def it():
        raises(GI.gerror, GLib.Error)
        k = GLib.KeyFile.new()
        raises(lambda: k.load_from_data("[unterminated", 13, 0), GLib.Error)
        raises(lambda: GLib.file_get_contents("/nonexistent/leakcheck"), GLib.Error)
    return it


def boxed_copies(ns):
    GLib, GObject, GI, R = ns.GLib, ns.GObject, ns.GI, ns.R

    def it():
        GI.boxed_struct_returnv()        # transfer none: copied
        t = R.TestBoxed.new()
        t.copy()
        R.TestSimpleBoxedA.const_return().copy()
        GLib.Bytes.new(b"bytes").get_data()
        GLib.DateTime.new_now_utc().get_year()
        GLib.TimeZone.new_utc().get_identifier()
    return it


def variants(ns):
    """GVariants: floating references from the constructors, sunk by the wrapper."""
    GLib = ns.GLib

    def it():
        v = GLib.Variant.new_strv(["a", "bb", "ccc"])
        assert v.get_strv() == ["a", "bb", "ccc"]
        GLib.Variant.new_string("variant").get_string()
        GLib.Variant.new_tuple([GLib.Variant.new_int32(1), GLib.Variant.new_boolean(True)]).n_children()
    return it


def callbacks_call(ns):
    R = ns.R
    # callback types without user_data cannot be called back by every backend (pyo3 skips them)
    simple = getattr(R, "test_simple_callback", None)

    def it():
        assert R.test_callback_user_data(lambda: 5) == 5
        assert R.test_callback_user_data(lambda: -1) == -1
        if simple is not None:
            simple(lambda: None)
    return it


def callbacks_notified(ns):
    GLib, R = ns.GLib, ns.R

    def it():
        R.test_callback_destroy_notify(lambda: 1)
        R.test_callback_thaw_notifications()          # calls, then runs the destroy notifies
        sid = GLib.idle_add(GLib.PRIORITY_DEFAULT, lambda: False)
        GLib.Source.remove(sid)                       # never ran: the notify releases it
    return it


def signal_handlers(ns):
    R = ns.R
    o = R.TestObj()
    seen = []

    def handler(obj, pspec, *extra):
        seen.append(1)
        del seen[:]

    def it():
        a = o.connect("notify::int", handler, "extra")
        b = o.connect_after("test", lambda *args: None)
        o.set_property("int", 4)
        o.emit("test")
        o.handler_block(a)
        o.handler_unblock(a)
        o.disconnect(a)
        o.disconnect(b)
        o.connect("notify::string", handler)
        o.disconnect_by_func(handler)
    return it


def wrong_arguments(ns):
    """The error paths: conversions that fail halfway must free what they already made."""
    GLib, GI, R = ns.GLib, ns.GI, ns.R
    bad = (
        lambda: GI.glist_utf8_none_in(["0", "1", 2]),
        lambda: GI.ghashtable_utf8_none_in({"-1": "1", "0": 5}),
        lambda: GI.array_in([1, 2, "x", 4]),
        lambda: GI.array_in([1, 2, 3, 1 << 40]),
        lambda: GLib.Variant.new_strv(["a", 1]),
        lambda: GLib.build_filenamev(["a", None]),
        lambda: R.TestObj(int="not an int"),
        lambda: R.TestObj(no_such_property=1),
        lambda: GI.Object.new("x"),
        lambda: GLib.markup_escape_text("a\0b", -1),
        lambda: GI.int8_in_max(1 << 40),
        lambda: GI.gvalue_in(object()),
    )

    def it():
        for f in bad:
            try:
                f()
            except (TypeError, ValueError, OverflowError):
                pass
    return it


def wrong_arguments_owned_elements(ns):
    """The error path of containers whose elements C would own (transfer full): the elements
    converted (g_strdup'ed) before the one that fails must be freed. (Finding R7.)"""
    GI = ns.GI
    bad = (
        lambda: GI.gslist_utf8_full_inout(["0", 1]),
        lambda: GI.garray_utf8_full_inout(["0", "1", b"2"]),
        lambda: GI.gptrarray_utf8_full_inout(["0", "1", 2]),
        lambda: GI.glist_utf8_full_inout(["0", None, 3]),
    )

    def it():
        for f in bad:
            try:
                f()
            except (TypeError, ValueError, OverflowError):
                pass
    return it


def wrong_arguments_owned_hash(ns):
    """The error path of a hash table whose keys and values C would own (transfer full)."""
    GI = ns.GI

    def it():
        try:
            GI.ghashtable_utf8_full_inout({"-1": "1", "0": 5})
        except TypeError:
            pass
    return it


SCENARIOS = {f.__name__: f for f in (
    objects, objects_floating, owned_strings, owned_containers, gerror, boxed_copies,
    variants, callbacks_call, callbacks_notified, signal_handlers, wrong_arguments,
    wrong_arguments_owned_elements, wrong_arguments_owned_hash)}


def load(package, path, testlibs):
    import types
    if path not in sys.path:
        sys.path.insert(0, path)
    for lib in ("libgimarshallingtests.so", "libregress.so"):
        ctypes.CDLL(os.path.join(testlibs, lib), mode=ctypes.RTLD_GLOBAL)
    ns = types.SimpleNamespace()
    for attr, name in (("GLib", "GLib"), ("GObject", "GObject"), ("GI", "GIMarshallingTests"),
                       ("R", "Regress")):
        setattr(ns, attr, importlib.import_module(package + "." + name))
    return ns


def run(ns, name, iterations, warmup):
    it = SCENARIOS[name](ns)
    for _ in range(warmup):
        it()
    gc.collect()
    before = rss()
    for _ in range(iterations):
        it()
    gc.collect()
    after = rss()
    return {"name": name, "iterations": iterations, "rss_before": before, "rss_after": after,
            "grow": after - before}


def main(argv):
    package, path, testlibs, iterations, warmup = argv[:5]
    names = argv[5:] or list(SCENARIOS)
    ns = load(package, path, testlibs)
    for name in names:
        print(json.dumps(run(ns, name, int(iterations), int(warmup))), flush=True)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
