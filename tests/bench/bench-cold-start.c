/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-bench"

/* Cold start to a usable window on a large store (DESIGN.md §10: ≤ 500 ms,
 * ≤ 150 MB resident). Makes the benchmark store once — <data-dir>/large.db,
 * the demo clinic with 200 000 patients, 2 000 000 appointments and
 * 1 000 000 sales — and reuses it afterwards. Then starts the real app on it
 * --runs times with AX_BENCH_FIRST_FRAME=1 (the app prints
 * "first_frame_ms=<ms> rss_kb=<kb>" after its first frame and quits), under
 * xvfb-run when there is no display, after evicting the store from the page
 * cache so each start reads it from disk. Prints the medians:
 *   {"metric": "cold_start_ms", "value": …, "unit": "ms"}
 *   {"metric": "cold_start_rss_mb", "value": …, "unit": "MB"}
 * Exits 77 (skipped) when the app was not built. */

#include "bench-util.h"

#include <fcntl.h>
#include <unistd.h>

/* Drops a file's pages from the page cache, so the next read is a cold one. */
static void
evict (const char *path)
{
  int fd = open (path, O_RDONLY);

  if (fd < 0)
    return;
  fdatasync (fd);
  posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
  close (fd);
}

static gboolean
parse_report (const char *out,
              double     *ms,
              double     *rss_kb)
{
  const char *frame = out ? strstr (out, "first_frame_ms=") : NULL;
  const char *rss = out ? strstr (out, "rss_kb=") : NULL;

  if (frame == NULL || rss == NULL)
    return FALSE;
  *ms = g_ascii_strtod (frame + strlen ("first_frame_ms="), NULL);
  *rss_kb = g_ascii_strtod (rss + strlen ("rss_kb="), NULL);
  return TRUE;
}

static gboolean
start_app (const char *app,
           const char *db,
           int         timeout_s,
           double     *ms,
           double     *rss_kb)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  gboolean headless = g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL;
  int status = 0;

  g_ptr_array_add (argv, g_strdup ("timeout"));
  g_ptr_array_add (argv, g_strdup ("--kill-after=5"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", timeout_s));
  if (headless)
    {
      g_ptr_array_add (argv, g_strdup ("xvfb-run"));
      g_ptr_array_add (argv, g_strdup ("-a"));
      g_ptr_array_add (argv, g_strdup ("-s"));
      g_ptr_array_add (argv, g_strdup ("-screen 0 1280x800x24"));
      envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", FALSE);
    }
  /* Without a GPU, GTK's GL renderer runs on llvmpipe, whose JIT alone adds
   * some 80 MB: draw with cairo as the UI tests do, unless the caller chose
   * a renderer (GSK_RENDERER=gl on a machine with a GPU). */
  envp = g_environ_setenv (envp, "GSK_RENDERER", "cairo", FALSE);
  g_ptr_array_add (argv, g_strdup (app));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (db));
  g_ptr_array_add (argv, NULL);
  envp = g_environ_setenv (envp, "AX_BENCH_FIRST_FRAME", "1", TRUE);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    {
      g_printerr ("Cannot start %s: %s\n", app, error->message);
      return FALSE;
    }
  if (!parse_report (out, ms, rss_kb))
    {
      g_printerr ("%s printed no first_frame_ms (exit status %d)\n%s%s", app, status,
                  out ? out : "", err ? err : "");
      return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *app = NULL;
  g_autofree char *data_dir = NULL;
  gint64 runs = 5, patients = 200000, appointments = 2000000, sales = 1000000, timeout_s = 120;
  GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app, "The aesthetix executable", "PATH" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Where the benchmark store is kept ($AX_BUILDDIR/bench-data)", "DIR" },
    { "runs", 0, 0, G_OPTION_ARG_INT64, &runs, "Starts; the median is reported (5)", "N" },
    { "patients", 0, 0, G_OPTION_ARG_INT64, &patients, "Patients of a new store (200 000)", "N" },
    { "appointments", 0, 0, G_OPTION_ARG_INT64, &appointments,
      "Appointments of a new store (2 000 000)", "N" },
    { "sales", 0, 0, G_OPTION_ARG_INT64, &sales, "Sales of a new store (1 000 000)", "N" },
    { "timeout", 0, 0, G_OPTION_ARG_INT64, &timeout_s, "Seconds one start may take (120)", "S" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— benchmark the app's cold start");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) rss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *db = NULL;
  g_autofree char *wal = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (app == NULL || !g_file_test (app, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("The aesthetix app is not built (--app %s); skipping the cold start\n",
                  app ? app : "not given");
      return 77;
    }
  if (data_dir == NULL)
    data_dir = g_build_filename (g_getenv ("AX_BUILDDIR") ? g_getenv ("AX_BUILDDIR") : ".",
                                 "bench-data", NULL);
  if (g_mkdir_with_parents (data_dir, 0755) != 0)
    {
      g_printerr ("Cannot create %s: %s\n", data_dir, g_strerror (errno));
      return 1;
    }
  db = g_build_filename (data_dir, "large.db", NULL);
  wal = g_strconcat (db, "-wal", NULL);
  if (g_file_test (db, G_FILE_TEST_EXISTS))
    g_printerr ("Reusing the benchmark store %s\n", db);
  else if (!bench_seed_large_store (db, (guint) patients, (guint) appointments, (guint) sales, &error))
    {
      g_printerr ("Cannot create the benchmark store: %s\n", error->message);
      return 1;
    }

  for (gint64 run = 0; run < MAX (runs, 1); run++)
    {
      double ms, kb;

      evict (db);
      evict (wal);
      if (!start_app (app, db, (int) timeout_s, &ms, &kb))
        return 1;
      g_printerr ("start %" G_GINT64_FORMAT ": first frame after %.1f ms, %.1f MB resident\n",
                  run + 1, ms, kb / 1024);
      g_array_append_val (times, ms);
      kb /= 1024;
      g_array_append_val (rss, kb);
    }
  bench_report ("cold_start_ms", bench_median (times), "ms");
  bench_report ("cold_start_rss_mb", bench_median (rss), "MB");
  return 0;
}
