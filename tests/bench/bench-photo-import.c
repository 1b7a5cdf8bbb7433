/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-bench"

/* Importing a photo (issue 4):
 *   photo_import_ms      the whole import of one 24 MP (6000×4000) JPEG, as the
 *                        worker does it: read, sniff, decode a 320 px thumbnail
 *                        turned by its EXIF orientation, SHA-256 and a durable
 *                        write into the blob store, the thumbnail saved — no UI
 *                        and no database (photo.add is measured by bench-mutator);
 *   photo_import_p90_ms  its 90th percentile.
 * The JPEG (quality 90, with grain so that it is as large as a camera's:
 * 7.5 MB) is generated once into a temporary folder; each run imports it
 * into a fresh blob store and thumbnail cache. Median of --runs. */

#include "bench-util.h"
#include "ax-test-photos.h"
#include "ax-photo-import.h"

#define WIDTH 6000
#define HEIGHT 4000
/* Sensor grain: a camera's 24 MP JPEG at quality 90 is several megabytes. */
#define GRAIN 12

static double
percentile (GArray *values,
            double  p)
{
  g_autoptr (GArray) sorted = g_array_copy (values);
  guint i;

  g_array_sort (sorted, bench_compare_doubles);
  i = (guint) MIN (sorted->len - 1, (guint) (p * sorted->len));
  return g_array_index (sorted, double, i);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int runs = 9;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Imports to time", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("- time the photo import");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *jpeg = NULL;
  g_autoptr (GFile) file = NULL;
  gint64 started;
  GStatBuf st;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  runs = MAX (runs, 1);

  dir = g_dir_make_tmp ("ax-bench-photo-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  jpeg = g_build_filename (dir, "IMG_6000x4000.jpg", NULL);
  started = g_get_monotonic_time ();
  /* Turned a quarter by its EXIF, as a phone held upright writes it. */
  if (!ax_test_photo_save_oriented_grain (jpeg, WIDTH, HEIGHT, 0xffd8c0, 6, GRAIN))
    {
      g_printerr ("Cannot write %s\n", jpeg);
      return 1;
    }
  g_stat (jpeg, &st);
  g_printerr ("Generated a %dx%d JPEG (%.1f MB) in %.1f s\n", WIDTH, HEIGHT,
              st.st_size / 1e6, (g_get_monotonic_time () - started) / 1e6);
  file = g_file_new_for_path (jpeg);

  for (int i = 0; i < runs; i++)
    {
      g_autofree char *run_dir = g_strdup_printf ("%s/run-%d", dir, i);
      g_autofree char *db = g_build_filename (run_dir, "store.db", NULL);
      g_autofree char *thumbs = g_build_filename (run_dir, "thumbnails", NULL);
      g_autoptr (AxBlobStore) blobs = NULL;
      g_autoptr (AxPhotoFile) imported = NULL;
      gint64 t0;
      double ms;

      g_mkdir_with_parents (run_dir, 0700);
      blobs = ax_blob_store_new (db);
      t0 = g_get_monotonic_time ();
      imported = ax_photo_file_process (blobs, file, thumbs, NULL, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (imported == NULL)
        {
          g_printerr ("Import failed: %s\n", error->message);
          remove_tree (dir);
          return 1;
        }
      if (imported->width != HEIGHT || imported->height != WIDTH)
        {
          g_printerr ("Unexpected size %dx%d\n", imported->width, imported->height);
          remove_tree (dir);
          return 1;
        }
      g_array_append_val (times, ms);
      g_printerr ("run %d: %.1f ms\n", i + 1, ms);
      remove_tree (run_dir);
    }
  remove_tree (dir);

  bench_report ("photo_import_ms", bench_median (times), "ms");
  bench_report ("photo_import_p90_ms", percentile (times, 0.9), "ms");
  return 0;
}
