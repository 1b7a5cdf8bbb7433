/* SPDX-License-Identifier: GPL-3.0-or-later */
/* patient_search_p99_ms: search as you type over 200 000 patients (DESIGN.md
 * §10: p99 ≤ 1 ms a keystroke). Typing is simulated from real names, phone
 * numbers and patient numbers of the store: every prefix of each, one
 * search per keystroke. The store (<builddir>/bench-data/patients.db) is made
 * once and kept. */

#include "bench-util.h"
#include "ax-demo.h"
#include "ax-patient-search.h"

#define N_PATIENTS 200000
#define N_SAMPLES  300
#define LIMIT      50

static AxStore *
open_store (void)
{
  const char *builddir = g_getenv ("AX_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir ? builddir : ".", "bench-data", NULL);
  g_autofree char *path = g_build_filename (dir, "patients.db", NULL);
  g_autoptr (GError) error = NULL;
  gboolean fresh = !g_file_test (path, G_FILE_TEST_EXISTS);
  AxStore *store;

  g_mkdir_with_parents (dir, 0755);
  store = ax_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (fresh)
    {
      AxDemoOptions options = { N_PATIENTS, 0, 0, 1, 0 };
      g_printerr ("Seeding %d patients into %s (once)…\n", N_PATIENTS, path);
      if (!ax_demo_seed (store, &options, NULL, &error))
        g_error ("%s", error->message);
    }
  return store;
}

/* What a receptionist types, one prefix per keystroke. */
static GPtrArray *
keystrokes (AxDb *db)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ax_db_prepare (db, "SELECT first_name, last_name, phone, patient_number "
                                          "FROM patients ORDER BY rowid * 7919 % 100003 LIMIT ?", NULL);

  sqlite3_bind_int (stmt, 1, N_SAMPLES);
  for (int row = 0; sqlite3_step (stmt) == SQLITE_ROW; row++)
    {
      /* Alternate what is typed: a first name, a last name, a phone, a number. */
      const char *text = (const char *) sqlite3_column_text (stmt, row % 4);
      glong n = text ? g_utf8_strlen (text, -1) : 0;

      for (glong k = 1; k <= MIN (n, 10); k++)
        {
          const char *end = g_utf8_offset_to_pointer (text, k);
          g_ptr_array_add (out, g_strndup (text, end - text));
        }
    }
  sqlite3_reset (stmt);
  return out;
}

int
main (void)
{
  g_autoptr (AxStore) store = open_store ();
  AxDb *db = ax_store_get_db (store);
  g_autoptr (GPtrArray) typed = keystrokes (db);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) sorted = NULL;
  guint64 hits = 0;

  /* One warm-up pass (the page cache), then the measured one. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < typed->len; i++)
      {
        gint64 t = g_get_monotonic_time ();
        g_autoptr (GPtrArray) found = ax_patients_search (db, typed->pdata[i], LIMIT, NULL);
        double ms = (g_get_monotonic_time () - t) / 1000.0;

        if (pass == 1)
          {
            g_array_append_val (times, ms);
            hits += found ? found->len : 0;
          }
      }

  sorted = g_array_copy (times);
  g_array_sort (sorted, bench_compare_doubles);
  g_printerr ("%u keystrokes, %" G_GUINT64_FORMAT " hits\n", sorted->len, hits);
  bench_report ("patient_search_p50_ms", bench_median (times), "ms");
  bench_report ("patient_search_p99_ms",
                g_array_index (sorted, double, (guint) (sorted->len * 0.99)), "ms");
  bench_report ("patient_search_max_ms", g_array_index (sorted, double, sorted->len - 1), "ms");
  return 0;
}
