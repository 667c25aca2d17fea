#!/usr/bin/env python3
"""Time girgen's GIR loader against g-ir-compiler on the same five GIR files.

girgen:         one process of `gir/examples/load_bench.rs` loading GLib, GObject, GModule, Gio and
                GIRepository (includes resolved, every file parsed into the model); timed from outside
                (process start to exit) and, separately, the in-process load time it reports.
g-ir-compiler:  one process per file compiling it to a typelib (`--includedir` = the GIR directory);
                a run is the sum of the five.

Prints a markdown table of medians over N runs and the ratio g-ir-compiler / girgen.

Usage: bench/generator/bench_load.py [--runs N] [--gir-dir DIR] [--bin PATH] [--no-build]
By default builds the example with `cargo build --release -p gir --example load_bench`.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

NAMESPACES = ["GLib-2.0", "GObject-2.0", "GModule-2.0", "Gio-2.0", "GIRepository-2.0"]
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return elapsed, proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--gir-dir", default="/usr/share/gir-1.0")
    ap.add_argument("--bin", help="prebuilt load_bench binary (default: target/release/examples/load_bench)")
    ap.add_argument("--no-build", action="store_true", help="do not run cargo build first")
    args = ap.parse_args()
    if args.runs < 1:
        sys.exit("--runs must be at least 1")

    girs = [os.path.join(args.gir_dir, ns + ".gir") for ns in NAMESPACES]
    missing = [g for g in girs if not os.path.isfile(g)]
    if missing:
        sys.exit(f"missing GIR files: {', '.join(missing)}")
    compiler = shutil.which("g-ir-compiler")
    if not compiler:
        sys.exit("g-ir-compiler not found (Debian: gobject-introspection)")

    binary = args.bin or os.path.join(ROOT, "target", "release", "examples", "load_bench")
    if not args.bin and not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-p", "gir", "--example", "load_bench"], cwd=ROOT, check=True)
    if not os.path.isfile(binary):
        sys.exit(f"no load_bench binary at {binary}")

    girgen_cmd = [binary, "--runs", "1", "--quiet", "--gir-dir", args.gir_dir] + girs
    # Warm the page cache and check both tools work before timing.
    timed(girgen_cmd)
    with tempfile.TemporaryDirectory() as out:
        compile_cmds = [[compiler, "--includedir", args.gir_dir, "-o", os.path.join(out, os.path.basename(g)[:-4] + ".typelib"), g]
                        for g in girs]
        for cmd in compile_cmds:
            timed(cmd)

        girgen_process, girgen_inner, compiler_total = [], [], []
        for _ in range(args.runs):
            elapsed, stdout = timed(girgen_cmd)
            girgen_process.append(elapsed)
            # load_bench prints `median <seconds>` (one run: that run's time).
            girgen_inner.append(float(stdout.split()[-1]))
            compiler_total.append(sum(timed(cmd)[0] for cmd in compile_cmds))

    size_mb = sum(os.path.getsize(g) for g in girs) / 1e6
    gp, gi, gc = (statistics.median(x) for x in (girgen_process, girgen_inner, compiler_total))
    print(f"Five GIR files ({', '.join(NAMESPACES)}; {size_mb:.1f} MB), median of {args.runs} runs:\n")
    print("| tool | what is timed | median (s) | g-ir-compiler / this |")
    print("|---|---|---:|---:|")
    print(f"| girgen `gir::load` | in-process load + parse of all five | {gi:.4f} | {gc / gi:.1f}x |")
    print(f"| girgen `load_bench` | whole process (start, load, exit) | {gp:.4f} | {gc / gp:.1f}x |")
    print(f"| g-ir-compiler | five processes, GIR → typelib | {gc:.4f} | 1.0x |")


if __name__ == "__main__":
    main()
