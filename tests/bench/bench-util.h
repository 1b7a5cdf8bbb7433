/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every benchmark of tests/bench shares: the one-line JSON report,
 * medians, the process's peak memory, temporary stores and the large
 * benchmark store. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "ax-demo.h"

/* {"metric": NAME, "value": X, "unit": U} on stdout, one line. */
static inline void
bench_report (const char *metric,
              double      value,
              const char *unit)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, value == (gint64) value ? "%.0f" : "%.3f", value);
  printf ("{\"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}\n", metric, number, unit);
  fflush (stdout);
}

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static inline double
bench_median (GArray *values)
{
  g_autoptr (GArray) sorted = NULL;

  if (values->len == 0)
    return 0;
  sorted = g_array_copy (values);
  g_array_sort (sorted, bench_compare_doubles);
  if (sorted->len % 2 == 1)
    return g_array_index (sorted, double, sorted->len / 2);
  return (g_array_index (sorted, double, sorted->len / 2 - 1)
          + g_array_index (sorted, double, sorted->len / 2)) / 2;
}

/* VmHWM of this process, in KiB (0 when unknown). */
static inline gint64
bench_peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line ? g_ascii_strtoll (line + 6, NULL, 10) : 0;
}

/* Removes a temporary directory of plain files (a store and its WAL). */
static inline void
bench_remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_remove (path) != 0)
        g_printerr ("Cannot remove %s: %s\n", path, g_strerror (errno));
    }
  g_rmdir (dir);
}

/* Seeds the demo clinic into a new store at path, under another name until
 * it is complete. */
static inline gboolean
bench_seed_large_store (const char *path,
                        guint       patients,
                        guint       appointments,
                        guint       sales,
                        GError    **error)
{
  g_autofree char *seeding = g_strconcat (path, ".seeding", NULL);
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  AxDemoOptions options = { patients, appointments, sales, 1, 0 };
  g_autoptr (AxStore) store = NULL;
  gint64 started = g_get_monotonic_time ();
  guint64 rows = 0;

  /* Seed under another name: an interrupted run leaves no half store that
   * the next run would take for a finished one. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *old = g_strconcat (seeding, suffixes[i], NULL);
      g_remove (old);
    }
  g_printerr ("Creating the benchmark store %s (%u patients, %u appointments, %u sales)...\n",
              path, patients, appointments, sales);
  store = ax_store_open (seeding, error);
  if (store == NULL || !ax_demo_seed (store, &options, &rows, error))
    return FALSE;
  g_clear_object (&store);
  g_printerr ("... %" G_GUINT64_FORMAT " rows in %.1f s\n", rows,
              (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC);
  if (g_rename (seeding, path) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "Cannot rename %s: %s",
                   seeding, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* The benchmark store <data_dir>/large.db (the demo clinic with 200 000
 * patients, 2 000 000 appointments and 1 000 000 sales), made on first use
 * and kept. data_dir NULL: $AX_BUILDDIR/bench-data. */
static inline char *
bench_large_store (const char *data_dir,
                   GError    **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;

  dir = data_dir != NULL ? g_strdup (data_dir)
                         : g_build_filename (g_getenv ("AX_BUILDDIR") ? g_getenv ("AX_BUILDDIR")
                                                                      : ".",
                                             "bench-data", NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "Cannot create %s: %s",
                   dir, g_strerror (errno));
      return NULL;
    }
  db = g_build_filename (dir, "large.db", NULL);
  if (g_file_test (db, G_FILE_TEST_EXISTS))
    g_printerr ("Reusing the benchmark store %s\n", db);
  else if (!bench_seed_large_store (db, 200000, 2000000, 1000000, error))
    return NULL;
  return g_steal_pointer (&db);
}
