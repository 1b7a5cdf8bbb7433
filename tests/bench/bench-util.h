/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What every benchmark of tests/bench shares: the one-line JSON report,
 * medians, the process's peak memory and temporary stores. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

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
