/* Bench: a tiny GObject-Introspection library used to measure per-call binding overhead.
 * Every function does (almost) nothing, so a benchmark of it measures the binding, not the C code. */
#ifndef BENCH_H
#define BENCH_H

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * BENCH_ERROR:
 *
 * Error domain for Bench. Errors in this domain are from the #BenchError enumeration.
 */
#define BENCH_ERROR (bench_error_quark ())

/**
 * BenchError:
 * @BENCH_ERROR_FAILED: the call was asked to fail (see bench_overhead()).
 *
 * Error codes returned by Bench functions in the %BENCH_ERROR domain.
 *
 * The enum has a GType (see bench_error_get_type()) so that g-ir-scanner takes the member names
 * from the value nicks: with a single member it could not strip the common "BENCH_ERROR_" prefix
 * and would name the member "error_failed".
 */
typedef enum {
  BENCH_ERROR_FAILED
} BenchError;

GType bench_error_get_type (void) G_GNUC_CONST;
#define BENCH_TYPE_ERROR (bench_error_get_type ())

GQuark bench_error_quark (void);

void bench_void (void);

gsize bench_str (const char *s);

double bench_double (double x);

gboolean bench_overhead (const gint32 *list,
                         gsize         num,
                         const char   *utf8,
                         GError      **error);

void bench_int_list (const int *list,
                     gsize      n);

G_END_DECLS

#endif /* BENCH_H */
