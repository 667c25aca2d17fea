"""Open findings (docs/robustness.md, "Findings"): crashes of the bindings the fuzzer found and
that are not fixed yet. Their callables (or values) are quarantined so that a run finds new
bugs instead of the same ones again; each finding also has an xfail(strict=True) test in
python/tests/robustness/test_findings.py that flips when the bug is fixed. When it does, delete
the entry here.

Unlike unsafe.py (calls that are misuse by their C contract), everything here is a bug of the
bindings (emitter, runtime or IR).

FINDINGS: id -> (backends it was seen on, patterns of C identifiers / "py:" Python paths).
VALUES: id -> sources of prelude values (prelude.ODD_OBJECTS) that trigger it everywhere.
"""

FINDINGS = {
    # gpointer parameters that are not nullable accept None (passed as NULL). Fixed on every
    # backend; kept (open nowhere) because test_fuzz.py's harness test looks it up.
    "R1": ((), ("g_int_hash", "g_int_equal", "g_int64_hash", "g_int64_equal",
                "g_double_hash", "g_double_equal", "g_str_hash", "g_str_equal",
                "g_variant_store")),
}

# Targets that crash when called unbound with a wrong-class self: while open, the fuzzer
# passes them only instances of their class as self.
STRICT_SELF = {
}

# Kinds of pool objects not made while a finding is open: id -> (backends, prelude helper).
POOL = {
}

VALUES = {
}


def patterns(backend=None, table=None):
    out = []
    for fid, (backends, pats) in (FINDINGS if table is None else table).items():
        if backend is None or backend in backends:
            out.extend(pats)
    return out


def matches(target, pats):
    import fnmatch
    py = "py:" + target.path
    for p in pats:
        if p.startswith("setattr-embedded:"):
            if target.kind == "setattr" and target.embedded and fnmatch.fnmatchcase(target.path, p[17:]):
                return True
        elif p.startswith("runtime:"):
            if target.runtime and fnmatch.fnmatchcase(target.path, p[8:]):
                return True
        elif p.startswith("py:"):
            if fnmatch.fnmatchcase(py, p):
                return True
        elif target.cid is not None and fnmatch.fnmatchcase(target.cid, p):
            return True
    return False


def pool_skips(backend):
    return set(helper for backends, helper in POOL.values() if backend in backends)


def values():
    out = []
    for srcs in VALUES.values():
        out.extend(srcs)
    return out
