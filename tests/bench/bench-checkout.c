/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-bench"

/* Checkout at the till (DESIGN.md §10: p99 ≤ 5 ms with 1 000 000 past sales):
 *   checkout_p99_ms, checkout_p50_ms  sale.checkout of a treatment and a
 *                                     retail product (stock taken first expiry
 *                                     first out), paid by card and cash with
 *                                     change: the sale, lines, provider,
 *                                     payments, stock movement, receipt number
 *                                     and outbox, in one transaction.
 * The store is the demo clinic with --sales past sales (1 000 000) and few
 * patients, <data-dir>/sales-1m.db, made on first use and kept; each run adds
 * its --count sales to it (a few thousand on a million). */

#include "bench-util.h"
#include "ax-mutator.h"
#include "ax-uuid.h"

static char *
query_text (AxStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  if (sqlite3_prepare_v2 (ax_db_get_handle (ax_store_get_db (store)), sql, -1, &stmt, NULL)
      == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static double
percentile (GArray *values,
            double  p)
{
  g_autoptr (GArray) sorted = g_array_copy (values);
  guint i;

  g_array_sort (sorted, bench_compare_doubles);
  i = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, i);
}

int
main (int    argc,
      char **argv)
{
  gint64 count = 2000, sales = 1000000, patients = 5000, appointments = 20000;
  g_autofree char *data_dir = NULL;
  GOptionEntry entries[] = {
    { "count", 0, 0, G_OPTION_ARG_INT64, &count, "Checkouts to time (2 000)", "N" },
    { "sales", 0, 0, G_OPTION_ARG_INT64, &sales, "Past sales in the store (1 000 000)", "N" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Where the store is kept", "DIR" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— benchmark sale.checkout");
  g_autoptr (GError) error = NULL;
  g_autoptr (AxStore) store = NULL;
  g_autoptr (AxActor) billing = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *billing_id = NULL, *service = NULL, *product = NULL, *provider = NULL;
  g_autofree char *price_s = NULL, *pprice_s = NULL, *past = NULL;
  gint64 total;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  dir = data_dir ? g_strdup (data_dir)
                 : g_build_filename (g_getenv ("AX_BUILDDIR") ? g_getenv ("AX_BUILDDIR") : ".",
                                     "bench-data", NULL);
  g_mkdir_with_parents (dir, 0755);
  name = g_strdup_printf ("sales-%" G_GINT64_FORMAT ".db", sales);
  path = g_build_filename (dir, name, NULL);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    g_printerr ("Reusing the benchmark store %s\n", path);
  else if (!bench_seed_large_store (path, (guint) patients, (guint) appointments, (guint) sales, &error))
    {
      g_printerr ("Seeding failed: %s\n", error->message);
      return 1;
    }
  store = ax_store_open (path, &error);
  if (store == NULL)
    {
      g_printerr ("Cannot open %s: %s\n", path, error->message);
      return 1;
    }

  billing_id = query_text (store, "SELECT id FROM users WHERE role = 'billing' LIMIT 1");
  service = query_text (store, "SELECT id FROM services WHERE active = 1 AND price > 0 ORDER BY name LIMIT 1");
  price_s = query_text (store, "SELECT price FROM services WHERE active = 1 AND price > 0 ORDER BY name LIMIT 1");
  product = query_text (store, "SELECT id FROM products WHERE active = 1 AND price > 0 ORDER BY name LIMIT 1");
  pprice_s = query_text (store, "SELECT price FROM products WHERE active = 1 AND price > 0 ORDER BY name LIMIT 1");
  provider = query_text (store, "SELECT id FROM providers ORDER BY name LIMIT 1");
  past = query_text (store, "SELECT COUNT (*) FROM sales");
  if (billing_id == NULL || service == NULL || product == NULL || provider == NULL)
    {
      g_printerr ("The store has no demo clinic\n");
      return 1;
    }
  g_printerr ("%s past sales\n", past);
  billing = ax_actor_new (billing_id, "billing", "Billing", AX_ROLE_BILLING);
  total = g_ascii_strtoll (price_s, NULL, 10) + g_ascii_strtoll (pprice_s, NULL, 10);

  {
    /* Enough stock for every checkout, in a lot of its own. */
    g_autoptr (AxActor) owner = ax_actor_new (NULL, "owner", "Owner", AX_ROLE_OWNER);
    g_autofree char *lot = g_strdup_printf ("{\"product_id\": \"%s\", \"lot_number\": \"BENCH-%"
                                            G_GINT64_FORMAT "\", \"expiry_date\": \"2099-12-31\", "
                                            "\"quantity\": %" G_GINT64_FORMAT "}",
                                            product, g_get_real_time (), count + 10);
    g_autoptr (JsonNode) r = ax_store_mutate_json (store, owner, "stock.receive", lot, &error);

    if (r == NULL)
      {
        g_printerr ("stock.receive: %s\n", error->message);
        return 1;
      }
  }

  for (gint64 i = 0; i < count; i++)
    {
      char id[AX_UUID_STRLEN];
      g_autofree char *args = NULL;
      g_autoptr (JsonNode) r = NULL;
      gint64 t0;
      double ms;

      ax_uuid_v7 (id);
      args = g_strdup_printf (
        "{\"id\": \"%s\", \"lines\": ["
        "{\"kind\": \"service\", \"item_id\": \"%s\", \"providers\": [{\"provider_id\": \"%s\"}]},"
        "{\"kind\": \"product\", \"item_id\": \"%s\"}], \"expected_total\": %" G_GINT64_FORMAT ", "
        "\"tenders\": [{\"kind\": \"card\", \"amount\": %" G_GINT64_FORMAT ", \"reference\": \"VISA\"},"
        " {\"kind\": \"cash\", \"amount\": 10000, \"given\": 20000}]}",
        id, service, provider, product, total, total - 10000);
      t0 = g_get_monotonic_time ();
      r = ax_store_mutate_json (store, billing, "sale.checkout", args, &error);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (r == NULL)
        {
          g_printerr ("sale.checkout: %s\n", error->message);
          return 1;
        }
      g_array_append_val (times, ms);
    }
  bench_report ("checkout_p99_ms", percentile (times, 0.99), "ms");
  bench_report ("checkout_p50_ms", percentile (times, 0.50), "ms");
  return 0;
}
