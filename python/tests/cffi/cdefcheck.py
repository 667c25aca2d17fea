"""Checks a generated cffi package's FFIs against the C side (used by the tests; also runnable).

    python cdefcheck.py PACKAGE_DIR_PARENT PACKAGE NAMESPACE... [--layout-json FILE]

For each namespace module: every declared function resolves in the library (ABI: dlsym; API: the
compiled module), every integer constant is readable (API mode: cffi compares it with the C
compiler's value), and every struct with fields is laid out (API mode: cffi compares each declared
field's offset and size and the struct's size with the C compiler's). Prints a JSON summary:
struct name -> [size, alignment, {field: offset}] for structs with a body.
Python 3.9 compatible.
"""

import importlib
import json
import re
import sys


def names_in(cdef):
    functions, structs, constants = [], [], []
    for line in cdef.splitlines():
        if line.startswith("#define "):
            constants.append(line.split()[1])
        elif line.startswith(("struct _", "union _")):
            structs.append(line.split()[1][1:])
        elif line.endswith(");") and not line.startswith("typedef "):
            m = re.search(r"([A-Za-z_]\w*)\(", line)
            if m:
                functions.append(m.group(1))
    return functions, structs, constants


def check_shims(ns, cdef_module, mod, result):
    """api mode: every shim of a function the module has is compiled, with the declared type."""
    prefix = getattr(mod, "SHIM_PREFIX", None)
    shims = getattr(cdef_module, "SHIMS", ())
    if prefix is None:
        if shims:
            result["errors"].append("%s: SHIMS in the cdef of a mode without shims" % ns)
        return
    ffi, lib = mod.ffi, mod.lib
    for symbol, declaration, _definition in shims:
        try:
            getattr(lib, symbol)
        except AttributeError:
            continue  # left out of the module (not exported), and so is its shim
        name = prefix + symbol
        if not declaration.split("(")[0].endswith(" " + name) and not declaration.split("(")[0].endswith("*" + name):
            result["errors"].append("%s: shim %s declared as %r" % (ns, name, declaration))
            continue
        try:
            f = getattr(lib, name)
        except AttributeError as e:
            result["shims_missing"].append("%s: %s: %s" % (ns, name, e))
            continue
        want = ffi.typeof(declaration.rstrip(";").replace(name, "(*)", 1))
        if ffi.typeof(f) is not want:
            result["errors"].append("%s: shim %s is %s, declared %s" % (ns, name, ffi.typeof(f), want))
        result["shims"] += 1


def check_calls(package, result):
    """Calls through the runtime's `bind`, with the kind letters generated code binds these
    functions with: pointers as ints, None or pointer-like objects, strings as bytes or None, NULL
    results as None; in api mode through the compiled shims."""
    import ctypes
    from girgen_runtime import _cffi_core as cc
    glib = importlib.import_module(package + ".GLib")
    mod = importlib.import_module("%s._GLib_ffi" % package)

    def bind(symbol, ret, args):
        return cc.bind(glib, glib._lib, symbol, ret, args)
    strdup = bind("g_strdup", "P", "S")
    strup = bind("g_utf8_strup", "P", "Sx")
    reverse = bind("g_strreverse", "P", "P")
    str_hash = bind("g_str_hash", "I", "P")
    free = bind("g_free", "v", "P")
    ascii_up = bind("g_ascii_toupper", "c", "c")
    prefix = getattr(mod, "SHIM_PREFIX", None)
    if prefix is not None:
        # The wrappers (None as NULL) call the shims; a function of numbers is its shim.
        for f, name in ((strdup, "g_strdup"), (reverse, "g_strreverse"), (free, "g_free")):
            if f.__globals__.get("_f_" + name) != getattr(mod.lib, prefix + name):
                result["errors"].append("bind(%s) does not call the shim" % name)
        if ascii_up != getattr(mod.lib, prefix + "g_ascii_toupper"):
            result["errors"].append("bind(g_ascii_toupper) is not the shim")
    p = strdup(b"h\xc3\xa9llo")
    up = strup(b"h\xc3\xa9llo", -1)
    buf = cc.new("char[]", b"abc")
    ctbuf = ctypes.create_string_buffer(b"xyz")
    copy = strdup(b"oll\xa9\xc3h")
    checks = [
        (strdup(None), None),
        (type(p), int),
        (cc.string_at(up), "H\xc9LLO".encode()),
        (reverse(p), p),
        (cc.string_at(p), b"oll\xa9\xc3h"),
        (cc.string_at(reverse(buf)), b"cba"),
        (reverse(ctbuf), ctypes.addressof(ctbuf)),
        (ctbuf.value, b"zyx"),
        (str_hash(p), str_hash(copy)),
        (free(copy), None),
        (free(p), None),
        (free(up), None),
        (free(None), None),
        (free(0), None),
        (ascii_up(ord("a")), ord("A")),
        (ascii_up(-3), -3),
    ]
    for i, (got, want) in enumerate(checks):
        if got != want:
            result["errors"].append("call %d: %r, expected %r" % (i, got, want))
    for bad in (1.5, object()):
        try:
            free(bad)
        except TypeError:
            pass
        else:
            result["errors"].append("g_free(%r) did not raise TypeError" % (bad,))
    result["calls"] = len(checks)


def check(package, namespaces):
    result = {"structs": {}, "functions": 0, "constants": 0, "shims": 0, "shims_missing": [], "errors": []}
    check_calls(package, result)
    for ns in namespaces:
        cdef_module = importlib.import_module("%s._%s_cdef" % (package, ns))
        cdef = cdef_module.CDEF
        mod = importlib.import_module("%s._%s_ffi" % (package, ns))
        ffi, lib = mod.ffi, mod.lib
        check_shims(ns, cdef_module, mod, result)
        functions, structs, constants = names_in(cdef)
        for f in functions:
            try:
                getattr(lib, f)
                result["functions"] += 1
            except Exception as e:  # AttributeError (no symbol), ffi.error
                result["errors"].append("%s: function %s: %s" % (ns, f, e))
        for c in constants:
            try:
                getattr(lib, c)
                result["constants"] += 1
            except Exception as e:
                result["errors"].append("%s: constant %s: %s" % (ns, c, e))
        for s in structs:
            try:
                t = ffi.typeof(s)
                # Lay the struct out first: reading .fields of a lazily built struct asserts in
                # cffi 2.0 (an abort, not an exception).
                size = ffi.sizeof(t)
                fields = {}
                for name, f in t.fields or ():
                    if f.bitsize < 0:
                        fields[name] = f.offset
                result["structs"][s] = [size, ffi.alignof(t), fields]
            except Exception as e:
                result["errors"].append("%s: struct %s: %s" % (ns, s, e))
    return result


if __name__ == "__main__":
    sys.path.insert(0, sys.argv[1])
    json.dump(check(sys.argv[2], sys.argv[3:]), sys.stdout, indent=1, sort_keys=True)
