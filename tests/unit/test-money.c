/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include "ax-money.h"

static void
assert_format (gint64 minor, const char *cur, const char *locale, const char *want)
{
  g_autofree char *got = ax_money_format (minor, cur, locale);

  ck_assert_msg (g_strcmp0 (got, want) == 0, "%" G_GINT64_FORMAT " → %s, want %s", minor, got, want);
}

START_TEST (test_format)
{
  assert_format (123450, "THB", "th_TH.UTF-8", "฿1,234.50");
  assert_format (123450, "BRL", "pt_BR.UTF-8", "R$ 1.234,50");
  assert_format (5, "USD", "en_US", "$0.05");
  assert_format (-99999, "THB", "en_US", "-฿999.99");
  assert_format (100000000, "THB", "en_US", "฿1,000,000.00");
  assert_format (1500, "JPY", "en_US", "¥1,500");
  assert_format (G_MININT64, "THB", "en_US", "-฿92,233,720,368,547,758.08");
}
END_TEST

START_TEST (test_parse)
{
  gint64 v = 0;
  g_autoptr (GError) error = NULL;

  ck_assert (ax_money_parse ("1,234.5", "THB", "en_US", &v, NULL));
  ck_assert_int_eq (v, 123450);
  ck_assert (ax_money_parse ("R$ 1.234,56", "BRL", "pt_BR", &v, NULL));
  ck_assert_int_eq (v, 123456);
  ck_assert (ax_money_parse ("-10", "THB", "en_US", &v, NULL));
  ck_assert_int_eq (v, -1000);
  ck_assert (!ax_money_parse ("1.234", "THB", "en_US", &v, &error)); /* 3 decimals */
  ck_assert (error != NULL);
  ck_assert (!ax_money_parse ("", "THB", "en_US", &v, NULL));
  ck_assert (!ax_money_parse ("12abc", "THB", "en_US", &v, NULL));
}
END_TEST

START_TEST (test_round_half_up)
{
  ck_assert_int_eq (ax_money_mul_div_round (1, 1, 2), 1);       /* 0.5 → 1 */
  ck_assert_int_eq (ax_money_mul_div_round (-1, 1, 2), -1);     /* half away from zero */
  ck_assert_int_eq (ax_money_mul_div_round (10000, 700, 10000), 700);
  ck_assert_int_eq (ax_money_mul_div_round (10700, 700, 10700), 700);
  ck_assert_int_eq (ax_money_mul_div_round (1499, 1, 1000), 1); /* 1.499 → 1 */
  ck_assert_int_eq (ax_money_mul_div_round (G_MAXINT64 / 2, 4, 4), G_MAXINT64 / 2);
}
END_TEST

START_TEST (test_value_type)
{
  g_autoptr (AxMoney) a = ax_money_new (150, "THB");
  g_autoptr (AxMoney) b = ax_money_new (250, "THB");
  g_autoptr (AxMoney) c = ax_money_new (250, "BRL");
  g_autoptr (AxMoney) sum = ax_money_add (a, b);

  ck_assert_int_eq (ax_money_minor (sum), 400);
  ck_assert_str_eq (ax_money_currency (sum), "THB");
  ck_assert_ptr_null (ax_money_add (a, c));
  ck_assert_ptr_nonnull (ax_currency_lookup ("thb"));
  ck_assert_ptr_null (ax_currency_lookup ("XXX"));
}
END_TEST

/* Every currency has its cash, largest first, notes before coins. */
START_TEST (test_denominations)
{
  const char *codes[] = { "THB", "BRL", "USD", "EUR", "PHP", "GBP", "JPY" };
  const gint64 *v;
  guint n, notes;

  for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
    {
      v = ax_currency_denominations (codes[c], &n, &notes);
      ck_assert_ptr_nonnull (v);
      ck_assert_uint_gt (notes, 0);
      ck_assert_uint_gt (n, notes);
      for (guint i = 1; i < n; i++)
        ck_assert_int_lt (v[i], v[i - 1]);
    }
  v = ax_currency_denominations ("thb", &n, &notes);
  ck_assert_int_eq (v[0], 100000);   /* ฿1,000 */
  ck_assert_int_eq (v[notes], 1000); /* the ฿10 coin */
  ck_assert_int_eq (v[n - 1], 25);   /* 25 satang */
  ck_assert_ptr_null (ax_currency_denominations ("XXX", &n, &notes));
  ck_assert_uint_eq (n, 0);
}
END_TEST

AX_TEST_MAIN ("money", test_format, test_parse, test_round_half_up, test_value_type,
              test_denominations)
