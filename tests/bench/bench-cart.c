/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-bench"

/* The cart at the till (DESIGN.md §10, issue 5):
 *   cart_recompute_ms  one edit of a 50-line cart (a quantity changed, with
 *                      line and receipt discounts and three tax classes): the
 *                      new cart and its totals from the tax engine (≤ 0.1 ms);
 *   cart_build_ms      the same 50-line cart built from its lines at once (what
 *                      sale.checkout does).
 * Each sample times a batch of 100 operations; the median of --samples
 * samples, per operation. */

#include <time.h>

#include "bench-util.h"
#include "ax-cart.h"

#define N_LINES 50
#define BATCH 100

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main (int    argc,
      char **argv)
{
  static const AxTaxConfig config = { 700, TRUE, "THB" };
  static const AxTaxClass classes[] = { AX_TAX_CLASS_STANDARD, AX_TAX_CLASS_EXEMPT,
                                        AX_TAX_CLASS_STANDARD, AX_TAX_CLASS_ZERO };
  gint64 samples = 2000;
  GOptionEntry entries[] = {
    { "samples", 0, 0, G_OPTION_ARG_INT64, &samples, "Samples (2 000)", "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("— benchmark the cart");
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) edits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) builds = g_array_new (FALSE, FALSE, sizeof (double));
  AxCartLine lines[N_LINES];
  AxCartProvider provider = { "019c0000-0000-7000-8000-0000000000aa", 10000 };
  AxDiscount rd = { AX_DISCOUNT_PERCENT, 500 };
  g_autoptr (AxCart) cart = NULL;
  char names[N_LINES][32];

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  for (int i = 0; i < N_LINES; i++)
    {
      g_snprintf (names[i], sizeof names[i], "Item %d", i + 1);
      lines[i] = (AxCartLine) { i % 2 ? AX_CART_ITEM_PRODUCT : AX_CART_ITEM_SERVICE,
                                "019c0000-0000-7000-8000-000000000001", names[i], classes[i % 4],
                                990 + 137 * i, 1 + i % 3,
                                { i % 5 == 0 ? AX_DISCOUNT_PERCENT : AX_DISCOUNT_NONE, 1000 },
                                NULL, i % 2 ? 0 : 1, &provider };
    }
  cart = ax_cart_new_with_lines (&config, lines, N_LINES, &rd, &error);
  if (cart == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  for (gint64 s = 0; s < samples; s++)
    {
      double t0 = now_ms (), ms;

      for (int k = 0; k < BATCH; k++)
        {
          AxCart *edited = ax_cart_set_quantity (cart, (gsize) (k % N_LINES), 1 + (k + s) % 4, NULL);

          g_assert (edited != NULL);
          ax_cart_unref (edited);
        }
      ms = (now_ms () - t0) / BATCH;
      g_array_append_val (edits, ms);

      t0 = now_ms ();
      for (int k = 0; k < BATCH; k++)
        {
          AxCart *built = ax_cart_new_with_lines (&config, lines, N_LINES, &rd, NULL);

          g_assert (built != NULL);
          ax_cart_unref (built);
        }
      ms = (now_ms () - t0) / BATCH;
      g_array_append_val (builds, ms);
    }
  g_printerr ("%u samples of %d operations on a %d-line cart\n", edits->len, BATCH, N_LINES);
  bench_report ("cart_recompute_ms", bench_median (edits), "ms");
  bench_report ("cart_build_ms", bench_median (builds), "ms");
  return 0;
}
