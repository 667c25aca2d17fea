"""Threads, on every backend: a C call that blocks lets the other Python threads run (the GIL
is released around it); calls made concurrently from many threads give correct results;
C threads and a main loop call back into Python.

The tests that could deadlock if the GIL were not released run in a subprocess with a timeout,
so a regression fails instead of hanging the suite."""

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.dirname(os.path.dirname(HERE))


def counter_progress(during):
    """How far a counting thread gets while `during()` runs in this thread, relative to how far
    it gets while this thread sleeps in time.sleep (which releases the GIL) for as long."""
    state = {"n": 0, "run": True}

    def count():
        while state["run"]:
            state["n"] += 1

    t = threading.Thread(target=count, daemon=True)
    t.start()
    try:
        while state["n"] < 1000:      # the counter is running
            time.sleep(0.001)
        n0 = state["n"]
        t0 = time.perf_counter()
        time.sleep(0.2)
        reference = (state["n"] - n0) / (time.perf_counter() - t0)
        n0 = state["n"]
        t0 = time.perf_counter()
        during()
        elapsed = time.perf_counter() - t0
        measured = (state["n"] - n0) / elapsed
    finally:
        state["run"] = False
        t.join()
    return measured / reference, elapsed


def test_blocking_call_lets_other_threads_run(gi):
    # With the GIL held during g_usleep the counter could only run for one switch interval
    # (5 ms of 200): a ratio of a few percent. Released, it runs as during time.sleep.
    ratio, elapsed = counter_progress(lambda: gi.GLib.usleep(200000))
    assert elapsed >= 0.19
    assert ratio > 0.25, "the counter ran at %.0f%% of its speed during GLib.usleep" % (100 * ratio)


def test_blocking_call_in_a_thread_does_not_stop_the_main_thread(gi):
    done = []
    t = threading.Thread(target=lambda: (gi.GLib.usleep(300000), done.append(1)))
    n = 0
    t0 = time.perf_counter()
    t.start()
    while not done and time.perf_counter() - t0 < 10:
        n += 1
    t.join()
    elapsed = time.perf_counter() - t0
    assert done and elapsed >= 0.29
    assert n > 10000, "the main thread advanced only %d times in %.2f s" % (n, elapsed)


def test_concurrent_calls_give_correct_results(gi):
    GLib, GI, R = gi.GLib, gi.GIMarshallingTests, gi.Regress
    errors = []
    barrier = threading.Barrier(8)

    def work(k):
        try:
            barrier.wait()
            for i in range(1500):
                s = "<%d & %d>" % (k, i)
                assert GLib.markup_escape_text(s, -1) == "&lt;%d &amp; %d&gt;" % (k, i)
                assert GI.int_return_max() == 2 ** 31 - 1
                assert GI.utf8_full_return() == "const \u2665 utf8"
                assert GI.array_return() == [-1, 0, 1, 2]
                assert GI.glist_utf8_full_return() == ["0", "1", "2"]
                assert GLib.Variant.new_int32(k * 10000 + i).get_int32() == k * 10000 + i
                o = GI.Object(int=i)
                assert o.props.int == i
                assert R.test_callback_user_data(lambda: i) == i
                try:
                    GI.gerror()
                except GLib.Error as e:
                    assert e.message == "gi-marshalling-tests-gerror-message"
                else:
                    raise AssertionError("no GError")
        except BaseException as e:  # noqa: BLE001 -- reported by the main thread
            errors.append((k, repr(e)))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:5]


def test_concurrent_objects_and_signals(gi):
    R = gi.Regress
    errors = []
    hits = []
    lock = threading.Lock()

    def handler(obj, pspec):
        with lock:
            hits.append(1)

    def work(k):
        try:
            for i in range(800):
                v = i % 100           # the "int" property is stored in a gint8 field
                o = R.TestObj(int=v)
                hid = o.connect("notify::int", handler)
                o.set_property("int", v + 1)
                o.disconnect(hid)
                assert o.get_property("int") == v + 1
                o.set_bare(R.TestObj())   # not a shared object: set_bare is not thread-safe
                del o
        except BaseException as e:  # noqa: BLE001
            errors.append((k, repr(e)))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:5]
    assert len(hits) == 6 * 800


SUBPROCESS = textwrap.dedent("""
    import ctypes, importlib, sys, threading, time
    pkg, path, testlibs, case = sys.argv[1:5]
    sys.path.insert(0, path)
    for lib in ("libgimarshallingtests.so", "libregress.so"):
        ctypes.CDLL(testlibs + "/" + lib, mode=ctypes.RTLD_GLOBAL)
    GLib = importlib.import_module(pkg + ".GLib")
    if case == "c_thread":
        # a C thread runs Python; join blocks in C while the thread needs the GIL
        ran = []
        def func():
            ran.append(threading.get_ident())
            GLib.usleep(1000)
            return None
        threads = [GLib.Thread.new("t%d" % i, func) for i in range(4)]
        for t in threads:
            t.join()
        assert len(ran) == 4 and threading.get_ident() not in ran, ran
    elif case == "main_loop":
        # the loop blocks in poll in one thread; other threads add idle callbacks
        ctx = GLib.MainContext.new()
        loop = GLib.MainLoop.new(ctx, False)
        got = []
        def add(k):
            for i in range(50):
                src = GLib.idle_source_new()
                src.set_callback(lambda k=k, i=i: (got.append((k, i)), False)[1])
                src.attach(ctx)
                time.sleep(0.001)
        runner = threading.Thread(target=loop.run)
        runner.start()
        adders = [threading.Thread(target=add, args=(k,)) for k in range(4)]
        for t in adders:
            t.start()
        for t in adders:
            t.join()
        deadline = time.time() + 20
        while len(got) < 200 and time.time() < deadline:
            time.sleep(0.01)
        quit_src = GLib.idle_source_new()
        quit_src.set_callback(lambda: (loop.quit(), False)[1])
        quit_src.attach(ctx)
        runner.join(20)
        assert not runner.is_alive(), "the loop did not quit"
        assert len(got) == 200, len(got)
    print("ok")
""")


@pytest.mark.parametrize("case", ["c_thread", "main_loop"])
def test_callbacks_from_other_threads(gi, testlibs, case):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    try:
        proc = subprocess.run([sys.executable, "-c", SUBPROCESS, gi.package, str(gi.path), str(testlibs), case],
                              capture_output=True, text=True, env=env, timeout=120,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("%s: deadlock (no progress in 120 s)" % case)
    assert proc.returncode == 0 and "ok" in proc.stdout, (
        "%s: exit %s\n%s\n%s" % (case, proc.returncode, proc.stdout[-2000:], proc.stderr[-3000:]))
