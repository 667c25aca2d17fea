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


def check(package, namespaces):
    result = {"structs": {}, "functions": 0, "constants": 0, "errors": []}
    for ns in namespaces:
        cdef = importlib.import_module("%s._%s_cdef" % (package, ns)).CDEF
        mod = importlib.import_module("%s._%s_ffi" % (package, ns))
        ffi, lib = mod.ffi, mod.lib
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
