"""The measuring side of the bench: run by each measured interpreter in a fresh process.

    worker.py probe  KIND VARIANT...        import and check each variant once; one result per variant
    worker.py calls  VARIANT FUNCS N WARMUP_S BUDGET_S MIN_SAMPLES
    worker.py import VARIANT USE            time the import (and, if USE=1, a first use) in-process

Prints one Python literal (a dict) on the last line of stdout; the harness reads it with
ast.literal_eval. Nothing but `sys` and `time` is imported before a measured import, so the
bindings pay for every module they need. Must stay Python 3.9 compatible (PyPy 7.3) and must not
import the harness.

Variants (names shared with harness/variants.py):
  calls:  loop (empty loop), capi, ctypes, cffi-abi, cffi-api (hand-written anchors of libbench),
          ctypes-str (bench_str only: the hand-written ctypes function given a str, encoded),
          bare-ctypes, bare-cffi-abi, bare-cffi-api (the FFI call with converted arguments and no
          validation), girgen-<backend>, pygobject, pgi
  import: none (bare interpreter), girgen-<backend>, pygobject, pgi, hand-ctypes, hand-cffi-abi,
          hand-cffi-ool (hand-written wrappers of libgirepository in bench/handwritten)
"""

import sys
from time import perf_counter, perf_counter_ns

PYPY = sys.implementation.name == "pypy"
GIRGEN_BACKENDS = ("ctypes", "cffi-abi-inline", "cffi-abi-outofline", "cffi-api", "pyo3")
LIST_LEN = 1000


def package(prefix, backend):
    """Python package name of a generated package: gb_* (Bench-1.0) or gr_* (GIRepository-2.0)."""
    return prefix + "_" + backend.replace("-", "_")


# ---------------------------------------------------------------------------------------------
# Call variants: name -> loader returning {func: (callable, args)}


def int_list_arg(strategy):
    """A list of LIST_LEN ints. On PyPy "object" forces the generic object storage strategy."""
    values = list(range(LIST_LEN))
    if strategy == "object":
        values.append("x")
        values.pop()
    return values


def _anchor_funcs(m, str_arg):
    return {
        "void": (m.bench_void, ()),
        "str": (m.bench_str, (str_arg,)),
        "double": (m.bench_double, (1.0,)),
        "overhead": (m.bench_overhead, ([1, 2, 3], "ok")),
        "int_list": (m.bench_int_list, (None,)),
    }


def _ns_funcs(Bench):
    return {
        "void": (Bench.void, ()),
        "str": (Bench.str, ("x",)),
        "double": (Bench.double, (1.0,)),
        "overhead": (Bench.overhead, ([1, 2, 3], "ok")),
        "int_list": (Bench.int_list, (None,)),
    }


def load_call_variant(name):
    if name == "loop":
        return {f: (None, ()) for f in ("void", "str", "double", "overhead", "int_list")}
    if name == "capi":
        import benchcapi
        return _anchor_funcs(benchcapi, "x")
    if name == "ctypes":
        import ctypes_bench
        return _anchor_funcs(ctypes_bench, b"x")
    if name == "ctypes-str":
        import ctypes_bench
        return {"str": (ctypes_bench.bench_str_of_str, ("x",))}
    if name == "cffi-abi":
        import cffi_abi_bench
        return _anchor_funcs(cffi_abi_bench, b"x")
    if name == "cffi-api":
        import cffi_api_bench
        return _anchor_funcs(cffi_api_bench, b"x")
    if name == "bare-ctypes":
        import ctypes
        import ctypes_bench as m
        raw, raw_list = m.bench_overhead_raw, m.bench_int_list_raw
        c_int32, c_int, byref, perr = ctypes.c_int32, ctypes.c_int, ctypes.byref, ctypes.POINTER(m._GError)

        def overhead(values, s):
            n = len(values)
            err = perr()
            return raw((c_int32 * n)(*values), n, s, byref(err))

        def int_list(values):
            n = len(values)
            raw_list((c_int * n)(*values), n)
        return {"overhead": (overhead, ([1, 2, 3], b"ok")), "int_list": (int_list, (None,))}
    if name in ("bare-cffi-abi", "bare-cffi-api"):
        if name == "bare-cffi-abi":
            import cffi_abi_bench as m
        else:
            import cffi_api_bench as m
        raw, raw_list, new = m._bench_overhead, m._bench_int_list, m.ffi.new

        def overhead(values, s):
            err = new("GError **")
            return raw(new("gint32[]", values), len(values), s, err)

        def int_list(values):
            raw_list(new("int[]", values), len(values))
        return {"overhead": (overhead, ([1, 2, 3], b"ok")), "int_list": (int_list, (None,))}
    if name.startswith("girgen-"):
        import importlib
        return _ns_funcs(importlib.import_module(package("gb", name[len("girgen-"):]) + ".Bench"))
    if name == "pygobject":
        import gi
        gi.require_version("Bench", "1.0")
        from gi.repository import Bench
        return _ns_funcs(Bench)
    if name == "pgi":
        import pgi
        pgi.require_version("Bench", "1.0")
        from pgi.repository import Bench
        return _ns_funcs(Bench)
    raise ValueError("unknown call variant %r" % name)


EXPECTED = {"void": None, "str": 0, "double": 1.0, "overhead": True, "int_list": None}


def bind_args(func, args, strategy):
    if func == "int_list":
        return (int_list_arg(strategy),)
    return args


# ---------------------------------------------------------------------------------------------
# Import variants: name -> (import function returning the module, first use)


def import_variant(name):
    if name == "none":
        return None
    if name.startswith("girgen-"):
        backend = name[len("girgen-"):]
        pkg = __import__(package("gr", backend), fromlist=["GIRepository"])
        return pkg.GIRepository
    if name == "pygobject":
        import gi
        gi.require_version("GIRepository", "2.0")
        from gi.repository import GIRepository
        return GIRepository
    if name == "pgi":
        import pgi
        pgi.require_version("GIRepository", "2.0")
        from pgi.repository import GIRepository
        return GIRepository
    if name == "hand-ctypes":
        import girepo_ctypes
        return girepo_ctypes
    if name == "hand-cffi-abi":
        import girepo_cffi_abi
        return girepo_cffi_abi
    if name == "hand-cffi-ool":
        import girepo_cffi_ool
        return girepo_cffi_ool
    raise ValueError("unknown import variant %r" % name)


def first_use(GIRepository):
    """The same few calls through every variant's PyGObject-style API; returns get_n_infos."""
    if GIRepository is None:
        return 0
    repo = GIRepository.Repository.get_default()
    repo.require("GLib", "2.0", 0)
    n = repo.get_n_infos("GLib")
    info = repo.get_info("GLib", 0)
    if not info.get_name():
        raise AssertionError("empty info name")
    return n


# ---------------------------------------------------------------------------------------------


def rss_kb():
    """(VmRSS, VmHWM) of this process in kB, from /proc (None where unavailable)."""
    rss = hwm = None
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


def emit(result):
    sys.stdout.write("\n" + repr(result) + "\n")
    sys.stdout.flush()


def _short_error(e):
    return ("%s: %s" % (type(e).__name__, e)).strip().splitlines()[0][:300]


def cmd_probe(kind, variants):
    out = {}
    for v in variants:
        try:
            if kind == "calls":
                funcs = load_call_variant(v)
                for func, (f, args) in sorted(funcs.items()):
                    if f is None:
                        continue
                    r = f(*bind_args(func, args, "int"))
                    want = EXPECTED[func]
                    if func == "overhead" and v.startswith("bare-"):
                        want = 1  # the raw gboolean
                    if r != want:
                        raise AssertionError("%s(...) returned %r, expected %r" % (func, r, want))
                out[v] = {"ok": True, "funcs": sorted(funcs)}
            else:
                mod = import_variant(v)
                n = first_use(mod)
                if v != "none" and n < 100:
                    raise AssertionError("get_n_infos('GLib') = %r" % (n,))
                out[v] = {"ok": True}
        except BaseException as e:  # noqa: BLE001 - any failure makes the variant unavailable
            out[v] = {"ok": False, "error": _short_error(e)}
    emit(out)


def make_loop(nargs):
    # timeit-style loops over itertools.repeat; one per arity so the call itself is all that differs.
    from itertools import repeat
    if nargs < 0:
        def loop(f, args, n):
            t0 = perf_counter_ns()
            for _ in repeat(None, n):
                pass
            return perf_counter_ns() - t0
    elif nargs == 0:
        def loop(f, args, n):
            t0 = perf_counter_ns()
            for _ in repeat(None, n):
                f()
            return perf_counter_ns() - t0
    elif nargs == 1:
        def loop(f, args, n):
            a, = args
            t0 = perf_counter_ns()
            for _ in repeat(None, n):
                f(a)
            return perf_counter_ns() - t0
    elif nargs == 2:
        def loop(f, args, n):
            a, b = args
            t0 = perf_counter_ns()
            for _ in repeat(None, n):
                f(a, b)
            return perf_counter_ns() - t0
    else:
        raise ValueError(nargs)
    return loop


def run_samples(loop, f, args, n, count, out):
    for _ in range(count):
        out.append(loop(f, args, n))


def cmd_calls(variant, funcs, n, warmup_s, budget_s, min_samples, strategy):
    import gc
    table = load_call_variant(variant)
    result = {}
    for spec in funcs:
        # "func@strategy" overrides the list storage strategy for that function.
        func, _, strat = spec.partition("@")
        if func not in table:
            result[spec] = {"error": "no %s in variant %s" % (func, variant)}
            continue
        f, args = table[func]
        args = bind_args(func, args, strat or strategy)
        loop = make_loop(-1 if f is None else len(args))
        if f is not None:
            # Fewer calls per sample for slow calls (lists, PyPy --jit off), so that a sample takes
            # about budget / min_samples and the minimum number of samples fits the budget.
            loop(f, args, 1)  # first call: lazy lookups, caches
            per_call = loop(f, args, 10) / 10e9
            target = budget_s / max(min_samples, 1) if budget_s > 0 else 0.002
            n = max(1, min(n, int(target / max(per_call, 1e-9))))
        gc.collect()
        if not PYPY:
            # As timeit does: collections of unrelated garbage are not the call's cost. Not on PyPy:
            # there only a major collection frees cpyext proxies and ctypes' objects, so with the GC
            # off memory grows and the calls get slower and slower (measured: 3-4x).
            gc.disable()
        try:
            # Warm-up (discarded): at least 3 samples, then until warmup_s has passed. The same
            # function as the measurement runs it, so PyPy's JIT has compiled that path too.
            warm = []
            t0 = perf_counter()
            run_samples(loop, f, args, n, 3, warm)
            while perf_counter() - t0 < warmup_s:
                run_samples(loop, f, args, n, 10, warm)
            recent = sorted(warm[-10:])
            per_sample_s = max(recent[len(recent) // 2], 1) / 1e9
            count = max(min_samples, int(budget_s / per_sample_s))
            samples = []
            if count > 0:
                run_samples(loop, f, args, n, count, samples)
        finally:
            gc.enable()
        result[spec] = {"samples": samples, "n": n, "warmup_samples": len(warm)}
    emit(result)


def cmd_import(variant, use):
    rss0, _ = rss_kb()
    t0 = perf_counter()
    mod = import_variant(variant)
    t1 = perf_counter()
    res = {"import_s": t1 - t0, "rss0_kb": rss0}
    res["rss_kb"], res["hwm_kb"] = rss_kb()
    if use:
        t1 = perf_counter()
        n = first_use(mod)
        t2 = perf_counter()
        res["use_s"] = t2 - t1
        res["n_infos"] = n
        res["rss_use_kb"], res["hwm_kb"] = rss_kb()
    emit(res)


def main(argv):
    cmd = argv[1]
    if cmd == "probe":
        cmd_probe(argv[2], argv[3:])
    elif cmd == "calls":
        variant, funcs, n, warmup_s, budget_s, min_samples, strategy = argv[2:9]
        cmd_calls(variant, funcs.split(","), int(n), float(warmup_s), float(budget_s), int(min_samples), strategy)
    elif cmd == "import":
        cmd_import(argv[2], argv[3] == "1")
    else:
        raise SystemExit("unknown command %r" % cmd)


if __name__ == "__main__":
    main(sys.argv)
