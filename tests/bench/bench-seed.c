/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-bench"

/* How fast the demo generator fills a fresh store (DESIGN.md §10: the
 * benchmarks run on its data scaled up). Prints one JSON object per line:
 *   {"metric": "seed_rows_per_s", "value": …, "unit": "rows/s"}
 * the median of --runs runs, each into a new store in a temporary directory. */

#include "bench-util.h"
#include "ax-demo.h"

#include <stdio.h>
#include <stdlib.h>

int
main (int    argc,
      char **argv)
{
  gint64 patients = 20000, appointments = 200000, sales = 100000, seed = 1, runs = 3;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "patients", 0, 0, G_OPTION_ARG_INT64, &patients, "Patients (20 000)", "N" },
    { "appointments", 0, 0, G_OPTION_ARG_INT64, &appointments, "Appointments (200 000)", "N" },
    { "sales", 0, 0, G_OPTION_ARG_INT64, &sales, "Sales (100 000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (1)", "S" },
    { "runs", 0, 0, G_OPTION_ARG_INT64, &runs, "Runs; the median is reported (3)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Seed this store and keep it (one run)", "PATH" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— benchmark the demo generator");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) seconds = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 rows = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (keep != NULL)
    runs = 1;

  for (gint64 run = 0; run < MAX (runs, 1); run++)
    {
      g_autofree char *dir = keep ? NULL : g_dir_make_tmp ("ax-bench-seed-XXXXXX", &error);
      g_autofree char *path = keep ? g_strdup (keep) : g_build_filename (dir, "seed.db", NULL);
      g_autoptr (AxStore) store = NULL;
      AxDemoOptions options = { (guint) patients, (guint) appointments, (guint) sales,
                                (guint) seed, 0 };
      gint64 started;
      double elapsed;

      if (!keep && dir == NULL)
        {
          g_printerr ("Cannot make a temporary directory: %s\n", error->message);
          return 1;
        }
      store = ax_store_open (path, &error);
      if (store == NULL)
        {
          g_printerr ("Cannot open %s: %s\n", path, error->message);
          return 1;
        }
      started = g_get_monotonic_time ();
      if (!ax_demo_seed (store, &options, &rows, &error))
        {
          g_printerr ("Seeding failed: %s\n", error->message);
          return 1;
        }
      elapsed = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
      g_array_append_val (seconds, elapsed);
      {
        double rate = rows / elapsed;
        g_array_append_val (rates, rate);
      }
      g_printerr ("run %" G_GINT64_FORMAT ": %" G_GUINT64_FORMAT " rows in %.2f s (%.0f rows/s), "
                  "peak RSS %.0f MB\n", run + 1, rows, elapsed, rows / elapsed,
                  bench_peak_rss_kb () / 1024.0);
      g_clear_object (&store);
      if (dir != NULL)
        bench_remove_tree (dir);
    }

  bench_report ("seed_rows_per_s", bench_median (rates), "rows/s");
  bench_report ("seed_s", bench_median (seconds), "s");
  return 0;
}
