/* Implementation of the Bench library; see bench.h. The bodies are empty on purpose. */
#include <string.h>

#include "bench.h"

/**
 * bench_error_quark:
 *
 * Returns: the #GQuark of the %BENCH_ERROR domain ("bench-error-quark").
 */
G_DEFINE_QUARK (bench-error-quark, bench_error)

/* G_DEFINE_ENUM_TYPE needs GLib >= 2.74 (Debian 12 ships 2.74). */
G_DEFINE_ENUM_TYPE (BenchError, bench_error,
  G_DEFINE_ENUM_VALUE (BENCH_ERROR_FAILED, "failed"))

/**
 * bench_void:
 *
 * Does nothing; measures the bare cost of a call without arguments.
 */
void
bench_void (void)
{
}

/**
 * bench_str:
 * @s: a UTF-8 string
 *
 * Takes a string and ignores it, so only the binding's string conversion is measured.
 *
 * Returns: always 0 (the length is deliberately not computed).
 */
gsize
bench_str (const char *s)
{
  (void) s;
  return 0;
}

/**
 * bench_double:
 * @x: any double
 *
 * Returns: @x unchanged.
 */
double
bench_double (double x)
{
  return x;
}

/**
 * bench_overhead:
 * @list: (array length=num): a C array of 32-bit integers; not read
 * @num: number of elements in @list
 * @utf8: a UTF-8 string; the value "fail" makes the call fail
 * @error: return location for a #GError, or %NULL
 *
 * Exercises the common marshalling paths at once: an array with a separate length argument, a
 * string, and error reporting. Does no work otherwise.
 *
 * When @utf8 equals "fail", sets @error to %BENCH_ERROR_FAILED in the %BENCH_ERROR domain and
 * returns %FALSE.
 *
 * Returns: %TRUE on success, %FALSE if @utf8 was "fail" (then @error is set).
 */
gboolean
bench_overhead (const gint32 *list,
                gsize         num,
                const char   *utf8,
                GError      **error)
{
  (void) list;
  (void) num;

  if (utf8 != NULL && strcmp (utf8, "fail") == 0)
    {
      g_set_error_literal (error, BENCH_ERROR, BENCH_ERROR_FAILED,
                           "bench_overhead was asked to fail");
      return FALSE;
    }

  return TRUE;
}

/**
 * bench_int_list:
 * @list: (array length=n): a C array of ints; not read
 * @n: number of elements in @list
 *
 * Takes an int array and ignores it, so only the binding's list conversion is measured.
 */
void
bench_int_list (const int *list,
                gsize      n)
{
  (void) list;
  (void) n;
}
