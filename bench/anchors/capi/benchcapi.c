/* benchcapi: a hand-written CPython C-API binding of libbench, the "best a human can do" anchor
 * for the benchmark. Argument validation is complete (types, ranges, embedded NULs), because a
 * binding that skips it would be unfairly fast. Built by scripts/build-anchors.sh. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <limits.h>
#include <string.h>

#include "bench.h"

/* benchcapi.GError(message, domain, code), with .domain (str), .code (int), .message (str). */
static PyObject *gerror_exc_type;

/* Lists up to this size are converted on the stack; larger ones use the heap. */
#define STACK_ITEMS 64

/* Raise benchcapi.GError from @error and free it. Always returns NULL. */
static PyObject *
raise_gerror (GError *error)
{
  const char *domain = g_quark_to_string (error->domain);
  PyObject *msg = PyUnicode_DecodeUTF8 (error->message, (Py_ssize_t) strlen (error->message), "replace");
  PyObject *dom = PyUnicode_FromString (domain ? domain : "");
  PyObject *code = PyLong_FromLong (error->code);
  PyObject *exc = NULL;

  g_error_free (error);
  if (msg != NULL && dom != NULL && code != NULL)
    exc = PyObject_CallFunctionObjArgs (gerror_exc_type, msg, dom, code, NULL);
  if (exc != NULL
      && PyObject_SetAttrString (exc, "message", msg) == 0
      && PyObject_SetAttrString (exc, "domain", dom) == 0
      && PyObject_SetAttrString (exc, "code", code) == 0)
    PyErr_SetObject (gerror_exc_type, exc);
  Py_XDECREF (exc);
  Py_XDECREF (msg);
  Py_XDECREF (dom);
  Py_XDECREF (code);
  return NULL;
}

/* str -> borrowed UTF-8 buffer owned by @obj; NULL with TypeError/ValueError set. */
static const char *
utf8_arg (PyObject *obj, const char *func, const char *argname)
{
  Py_ssize_t size;
  const char *s;

  if (!PyUnicode_Check (obj))
    {
      PyErr_Format (PyExc_TypeError, "%s() argument '%s' must be str, not %.200s",
                    func, argname, Py_TYPE (obj)->tp_name);
      return NULL;
    }
  s = PyUnicode_AsUTF8AndSize (obj, &size);
  if (s == NULL)
    return NULL;
  if ((size_t) size != strlen (s))
    {
      PyErr_Format (PyExc_ValueError, "%s() argument '%s' contains an embedded null character",
                    func, argname);
      return NULL;
    }
  return s;
}

/* One int item -> long long in [min, max]; -1 with TypeError/OverflowError set. */
static int
int_item (PyObject *item, Py_ssize_t i, long long min, long long max, const char *ctype,
          const char *func, const char *argname, long long *out)
{
  int overflow;
  long long v;

  if (!PyLong_Check (item))
    {
      PyErr_Format (PyExc_TypeError, "%s() argument '%s' item %zd must be int, not %.200s",
                    func, argname, i, Py_TYPE (item)->tp_name);
      return -1;
    }
  v = PyLong_AsLongLongAndOverflow (item, &overflow);
  if (v == -1 && PyErr_Occurred ())
    return -1;
  if (overflow != 0 || v < min || v > max)
    {
      PyErr_Format (PyExc_OverflowError, "%s() argument '%s' item %zd: %R out of range for %s",
                    func, argname, i, item, ctype);
      return -1;
    }
  *out = v;
  return 0;
}

/* Sequence -> PySequence_Fast result (new reference); NULL with TypeError naming the argument. */
static PyObject *
seq_arg (PyObject *obj, const char *func, const char *argname)
{
  if (PyUnicode_Check (obj) || PyBytes_Check (obj) || !PySequence_Check (obj))
    {
      PyErr_Format (PyExc_TypeError, "%s() argument '%s' must be a sequence of int, not %.200s",
                    func, argname, Py_TYPE (obj)->tp_name);
      return NULL;
    }
  return PySequence_Fast (obj, "sequence expected");
}

static PyObject *
py_bench_void (PyObject *self, PyObject *unused)
{
  (void) self;
  (void) unused;
  bench_void ();
  Py_RETURN_NONE;
}

static PyObject *
py_bench_str (PyObject *self, PyObject *arg)
{
  const char *s;
  (void) self;

  s = utf8_arg (arg, "bench_str", "s");
  if (s == NULL)
    return NULL;
  return PyLong_FromSize_t (bench_str (s));
}

static PyObject *
py_bench_double (PyObject *self, PyObject *arg)
{
  double x;
  (void) self;

  /* Like PyGObject: accept any real number (float, int, __float__/__index__). */
  x = PyFloat_AsDouble (arg);
  if (x == -1.0 && PyErr_Occurred ())
    return NULL;
  return PyFloat_FromDouble (bench_double (x));
}

static PyObject *
py_bench_overhead (PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
  static const char func[] = "bench_overhead";
  gint32 stack[STACK_ITEMS];
  gint32 *list = stack;
  PyObject *seq, **items;
  Py_ssize_t n, i;
  const char *utf8;
  GError *error = NULL;
  gboolean ok;
  (void) self;

  if (nargs != 2)
    {
      PyErr_Format (PyExc_TypeError, "%s() takes exactly 2 arguments (%zd given)", func, nargs);
      return NULL;
    }

  seq = seq_arg (args[0], func, "list");
  if (seq == NULL)
    return NULL;
  n = PySequence_Fast_GET_SIZE (seq);
  items = PySequence_Fast_ITEMS (seq);
  if (n > STACK_ITEMS)
    {
      list = PyMem_Malloc ((size_t) n * sizeof (gint32));
      if (list == NULL)
        {
          Py_DECREF (seq);
          return PyErr_NoMemory ();
        }
    }
  for (i = 0; i < n; i++)
    {
      long long v;
      if (int_item (items[i], i, G_MININT32, G_MAXINT32, "gint32", func, "list", &v) < 0)
        goto fail;
      list[i] = (gint32) v;
    }

  utf8 = utf8_arg (args[1], func, "utf8");
  if (utf8 == NULL)
    goto fail;

  ok = bench_overhead (list, (gsize) n, utf8, &error);

  if (list != stack)
    PyMem_Free (list);
  Py_DECREF (seq);
  if (error != NULL)
    return raise_gerror (error);
  return PyBool_FromLong (ok);

fail:
  if (list != stack)
    PyMem_Free (list);
  Py_DECREF (seq);
  return NULL;
}

static PyObject *
py_bench_int_list (PyObject *self, PyObject *arg)
{
  static const char func[] = "bench_int_list";
  int stack[STACK_ITEMS];
  int *list = stack;
  PyObject *seq, **items;
  Py_ssize_t n, i;
  (void) self;

  seq = seq_arg (arg, func, "list");
  if (seq == NULL)
    return NULL;
  n = PySequence_Fast_GET_SIZE (seq);
  items = PySequence_Fast_ITEMS (seq);
  if (n > STACK_ITEMS)
    {
      list = PyMem_Malloc ((size_t) n * sizeof (int));
      if (list == NULL)
        {
          Py_DECREF (seq);
          return PyErr_NoMemory ();
        }
    }
  for (i = 0; i < n; i++)
    {
      long long v;
      if (int_item (items[i], i, INT_MIN, INT_MAX, "int", func, "list", &v) < 0)
        {
          if (list != stack)
            PyMem_Free (list);
          Py_DECREF (seq);
          return NULL;
        }
      list[i] = (int) v;
    }

  bench_int_list (list, (gsize) n);

  if (list != stack)
    PyMem_Free (list);
  Py_DECREF (seq);
  Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
  { "bench_void", py_bench_void, METH_NOARGS, "bench_void() -> None" },
  { "bench_str", py_bench_str, METH_O, "bench_str(s: str) -> int (always 0)" },
  { "bench_double", py_bench_double, METH_O, "bench_double(x: float) -> float" },
  { "bench_overhead", (PyCFunction) (void (*) (void)) py_bench_overhead, METH_FASTCALL,
    "bench_overhead(list: Sequence[int], utf8: str) -> bool; raises GError if utf8 == 'fail'" },
  { "bench_int_list", py_bench_int_list, METH_O, "bench_int_list(list: Sequence[int]) -> None" },
  { NULL, NULL, 0, NULL }
};

static struct PyModuleDef module = {
  PyModuleDef_HEAD_INIT, "benchcapi",
  "Hand-written CPython C-API binding of libbench (benchmark anchor).", -1, methods,
  NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit_benchcapi (void)
{
  PyObject *m = PyModule_Create (&module);
  if (m == NULL)
    return NULL;
  gerror_exc_type = PyErr_NewExceptionWithDoc ("benchcapi.GError",
                                          "A GError raised by libbench: args (message, domain, code), "
                                          "also as attributes .message, .domain (str) and .code (int).",
                                          NULL, NULL);
  if (gerror_exc_type == NULL)
    {
      Py_DECREF (m);
      return NULL;
    }
  /* PyModule_AddObject steals a reference; keep ours for raise_gerror (PyModule_AddObjectRef
   * would be neater but is 3.10+, and PyPy 3.9 should build this too). */
  Py_INCREF (gerror_exc_type);
  if (PyModule_AddObject (m, "GError", gerror_exc_type) < 0)
    {
      Py_DECREF (gerror_exc_type);
      Py_DECREF (m);
      return NULL;
    }
  return m;
}
