/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-test"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ax-error.h"
#include "ax-tax.h"

/* Each example_* test is the worked example of the same number in
 * docs/tax.md; every figure the document shows is asserted here. Amounts are
 * satang (฿1.00 = 100). */

#define NONE { AX_DISCOUNT_NONE, 0 }
#define PCT(bp) { AX_DISCOUNT_PERCENT, (bp) }
#define AMT(minor) { AX_DISCOUNT_AMOUNT, (minor) }

#define STD AX_TAX_CLASS_STANDARD
#define ZERO AX_TAX_CLASS_ZERO
#define EXEMPT AX_TAX_CLASS_EXEMPT

static const AxTaxConfig vat7_excl = { 700, FALSE, "THB" };
static const AxTaxConfig vat7_incl = { 700, TRUE, "THB" };

static AxTaxResult *
compute_ok (const AxTaxConfig *config,
            const AxTaxLine   *lines,
            gsize              n_lines,
            const AxDiscount  *receipt_discount)
{
  g_autoptr (GError) error = NULL;
  AxTaxResult *r = ax_tax_compute (config, lines, n_lines, receipt_discount, &error);

  ck_assert_msg (error == NULL, "unexpected error: %s", error ? error->message : "");
  ck_assert_ptr_nonnull (r);
  return r;
}

static void
assert_class (const AxTaxResult *r,
              AxTaxClass         tax_class,
              guint              n_lines,
              gint64             net,
              gint64             tax,
              gint64             gross)
{
  const AxTaxClassResult *c = ax_tax_result_get_class (r, tax_class);

  ck_assert_ptr_nonnull (c);
  ck_assert_uint_eq (c->n_lines, n_lines);
  ck_assert_int_eq (c->net, net);
  ck_assert_int_eq (c->tax, tax);
  ck_assert_int_eq (c->gross, gross);
}

/* A class no line uses: present in the result, empty. */
static void
assert_class_absent (const AxTaxResult *r,
                     AxTaxClass         tax_class)
{
  assert_class (r, tax_class, 0, 0, 0, 0);
}

static void
assert_totals (const AxTaxResult *r,
               gint64             subtotal,
               gint64             discount,
               gint64             net,
               gint64             tax,
               gint64             total)
{
  ck_assert_int_eq (ax_tax_result_get_subtotal (r), subtotal);
  ck_assert_int_eq (ax_tax_result_get_discount (r), discount);
  ck_assert_int_eq (ax_tax_result_get_net (r), net);
  ck_assert_int_eq (ax_tax_result_get_tax (r), tax);
  ck_assert_int_eq (ax_tax_result_get_total (r), total);
}

static void
assert_line (const AxTaxResult *r,
             gsize              index,
             gint64             price_total,
             gint64             line_discount,
             gint64             amount,
             gint64             receipt_discount,
             gint64             discounted)
{
  const AxTaxLineResult *l = ax_tax_result_get_line (r, index);

  ck_assert_ptr_nonnull (l);
  ck_assert_int_eq (l->price_total, price_total);
  ck_assert_int_eq (l->line_discount, line_discount);
  ck_assert_int_eq (l->amount, amount);
  ck_assert_int_eq (l->receipt_discount, receipt_discount);
  ck_assert_int_eq (l->discounted, discounted);
}

/* Example 1: VAT 7 %, prices exclude tax. */
START_TEST (example_01_exclusive)
{
  const AxTaxLine lines[] = {
    { 50000, 1, NONE, STD }, /* consultation ฿500.00 */
    { 35000, 2, NONE, STD }, /* serum ฿350.00 × 2 */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  ck_assert (!ax_tax_result_get_prices_include_tax (r));
  ck_assert_uint_eq (ax_tax_result_get_n_lines (r), 2);
  assert_line (r, 0, 50000, 0, 50000, 0, 50000);
  assert_line (r, 1, 70000, 0, 70000, 0, 70000);
  ck_assert_uint_eq (ax_tax_result_get_class (r, STD)->rate_bp, 700);
  assert_class (r, STD, 2, 120000, 8400, 128400);
  assert_class_absent (r, ZERO);
  assert_class_absent (r, EXEMPT);
  assert_totals (r, 120000, 0, 120000, 8400, 128400);
}
END_TEST

/* Example 2: VAT 7 %, prices include tax. */
START_TEST (example_02_inclusive)
{
  const AxTaxLine lines[] = {
    { 150000, 1, NONE, STD }, /* facial ฿1,500.00 */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_incl, lines, G_N_ELEMENTS (lines), NULL);

  ck_assert (ax_tax_result_get_prices_include_tax (r));
  assert_line (r, 0, 150000, 0, 150000, 0, 150000);
  assert_class (r, STD, 1, 140187, 9813, 150000);
  assert_class_absent (r, ZERO);
  assert_class_absent (r, EXEMPT);
  assert_totals (r, 150000, 0, 140187, 9813, 150000);
}
END_TEST

/* Example 3: an exempt line beside a standard one. */
START_TEST (example_03_exempt)
{
  const AxTaxLine lines[] = {
    { 200000, 1, NONE, EXEMPT }, /* doctor's treatment ฿2,000.00 */
    { 30000, 1, NONE, STD },     /* sunscreen ฿300.00 */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_class (r, STD, 1, 30000, 2100, 32100);
  assert_class_absent (r, ZERO);
  assert_class (r, EXEMPT, 1, 200000, 0, 200000);
  ck_assert_uint_eq (ax_tax_result_get_class (r, EXEMPT)->rate_bp, 0);
  assert_totals (r, 230000, 0, 230000, 2100, 232100);
}
END_TEST

/* Example 4: a zero-rated line, prices include tax. */
START_TEST (example_04_zero_rated)
{
  const AxTaxLine lines[] = {
    { 45000, 2, NONE, ZERO }, /* ฿450.00 × 2 */
    { 10700, 1, NONE, STD },  /* ฿107.00 */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_incl, lines, G_N_ELEMENTS (lines), NULL);

  assert_line (r, 0, 90000, 0, 90000, 0, 90000);
  assert_class (r, STD, 1, 10000, 700, 10700);
  assert_class (r, ZERO, 1, 90000, 0, 90000);
  ck_assert_uint_eq (ax_tax_result_get_class (r, ZERO)->rate_bp, 0);
  assert_class_absent (r, EXEMPT);
  assert_totals (r, 100700, 0, 100000, 700, 100700);
}
END_TEST

/* Example 5: a percentage line discount, rounded to the satang. */
START_TEST (example_05_line_discount_percent)
{
  const AxTaxLine lines[] = {
    { 33333, 3, PCT (1500), STD }, /* ฿333.33 × 3, 15 % off */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_line (r, 0, 99999, 15000, 84999, 0, 84999);
  assert_class (r, STD, 1, 84999, 5950, 90949);
  assert_totals (r, 84999, 0, 84999, 5950, 90949);
}
END_TEST

/* Example 6: an amount off a whole line, prices include tax. */
START_TEST (example_06_line_discount_amount)
{
  const AxTaxLine lines[] = {
    { 250000, 2, AMT (50000), STD }, /* laser ฿2,500.00 × 2, ฿500.00 off */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_incl, lines, G_N_ELEMENTS (lines), NULL);

  assert_line (r, 0, 500000, 50000, 450000, 0, 450000);
  assert_class (r, STD, 1, 420561, 29439, 450000);
  assert_totals (r, 450000, 0, 420561, 29439, 450000);
}
END_TEST

/* Example 7: a percentage off the receipt, allocated over the lines. */
START_TEST (example_07_receipt_discount_percent)
{
  const AxTaxLine lines[] = {
    { 100000, 1, NONE, STD },
    { 33300, 1, NONE, STD },
    { 25000, 1, NONE, EXEMPT },
  };
  const AxDiscount discount = PCT (1250);
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), &discount);

  assert_line (r, 0, 100000, 0, 100000, 12500, 87500);
  assert_line (r, 1, 33300, 0, 33300, 4163, 29137);
  assert_line (r, 2, 25000, 0, 25000, 3125, 21875);
  assert_class (r, STD, 2, 116637, 8165, 124802);
  assert_class_absent (r, ZERO);
  assert_class (r, EXEMPT, 1, 21875, 0, 21875);
  assert_totals (r, 158300, 19788, 138512, 8165, 146677);
}
END_TEST

/* Example 8: an amount off the receipt; the remainder goes to the first of
 * three equal lines. */
START_TEST (example_08_receipt_discount_amount)
{
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
    { 10000, 1, NONE, STD },
    { 10000, 1, NONE, ZERO },
  };
  const AxDiscount discount = AMT (10000);
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_incl, lines, G_N_ELEMENTS (lines), &discount);

  assert_line (r, 0, 10000, 0, 10000, 3334, 6666);
  assert_line (r, 1, 10000, 0, 10000, 3333, 6667);
  assert_line (r, 2, 10000, 0, 10000, 3333, 6667);
  assert_class (r, STD, 2, 12461, 872, 13333);
  assert_class (r, ZERO, 1, 6667, 0, 6667);
  assert_class_absent (r, EXEMPT);
  assert_totals (r, 30000, 10000, 19128, 872, 20000);
}
END_TEST

/* Example 9: shares of exactly half a satang round up, the remainder is -1
 * and the largest line (the earlier of two equal ones) gives it back. */
START_TEST (example_09_allocation_negative_remainder)
{
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
    { 15000, 1, NONE, STD },
    { 15000, 1, NONE, ZERO },
  };
  const AxDiscount discount = AMT (1004);
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), &discount);

  assert_line (r, 0, 10000, 0, 10000, 251, 9749);
  assert_line (r, 1, 15000, 0, 15000, 376, 14624);
  assert_line (r, 2, 15000, 0, 15000, 377, 14623);
  assert_class (r, STD, 2, 24373, 1706, 26079);
  assert_class (r, ZERO, 1, 14623, 0, 14623);
  assert_class_absent (r, EXEMPT);
  assert_totals (r, 40000, 1004, 38996, 1706, 40702);
}
END_TEST

/* Example 10: exclusive tax of exactly half a satang rounds up. */
START_TEST (example_10_half_up_exclusive)
{
  const AxTaxLine lines[] = {
    { 15050, 1, NONE, STD }, /* ฿150.50 */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_class (r, STD, 1, 15050, 1054, 16104);
  assert_totals (r, 15050, 0, 15050, 1054, 16104);
}
END_TEST

/* Example 11: inclusive tax of exactly half a satang rounds up (at 12 %;
 * at 7 % it cannot happen). */
START_TEST (example_11_half_up_inclusive)
{
  const AxTaxConfig vat12_incl = { 1200, TRUE, "THB" };
  const AxTaxLine lines[] = {
    { 28014, 1, NONE, STD }, /* ฿280.14 */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat12_incl, lines, G_N_ELEMENTS (lines), NULL);

  ck_assert_uint_eq (ax_tax_result_get_class (r, STD)->rate_bp, 1200);
  assert_class (r, STD, 1, 25012, 3002, 28014);
  assert_totals (r, 28014, 0, 25012, 3002, 28014);
}
END_TEST

/* Example 12: at 7 % inclusive the half satang is in the discount. */
START_TEST (example_12_half_up_inclusive_discount)
{
  const AxTaxLine lines[] = {
    { 9990, 1, PCT (500), STD }, /* ฿99.90, 5 % off */
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_incl, lines, G_N_ELEMENTS (lines), NULL);

  assert_line (r, 0, 9990, 500, 9490, 0, 9490);
  assert_class (r, STD, 1, 8869, 621, 9490);
  assert_totals (r, 9490, 0, 8869, 621, 9490);
}
END_TEST

/* Example 13: three classes on one receipt; tax once per class. */
START_TEST (example_13_several_classes)
{
  const AxTaxLine lines[] = {
    { 1050, 1, NONE, STD },
    { 3050, 1, NONE, STD },
    { 20000, 1, NONE, ZERO },
    { 150000, 1, NONE, EXEMPT },
  };
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  /* Per line it would have been 74 + 214 = 288 satang; per class it is 287. */
  assert_class (r, STD, 2, 4100, 287, 4387);
  assert_class (r, ZERO, 1, 20000, 0, 20000);
  assert_class (r, EXEMPT, 1, 150000, 0, 150000);
  assert_totals (r, 174100, 0, 174100, 287, 174387);
}
END_TEST

/* Example 14: everything on one receipt, prices include tax. */
START_TEST (example_14_mixed)
{
  const AxTaxLine lines[] = {
    { 25000, 50, PCT (1000), STD }, /* toxin ฿250.00 × 50 units, 10 % off */
    { 80000, 1, NONE, EXEMPT },     /* doctor's consultation ฿800.00 */
    { 59000, 3, AMT (7000), STD },  /* sunscreen ฿590.00 × 3, ฿70.00 off */
    { 123456, 1, NONE, ZERO },      /* zero-rated item ฿1,234.56 */
  };
  const AxDiscount discount = AMT (99999);
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_incl, lines, G_N_ELEMENTS (lines), &discount);

  assert_line (r, 0, 1250000, 125000, 1125000, 75076, 1049924);
  assert_line (r, 1, 80000, 0, 80000, 5339, 74661);
  assert_line (r, 2, 177000, 7000, 170000, 11345, 158655);
  assert_line (r, 3, 123456, 0, 123456, 8239, 115217);
  assert_class (r, STD, 2, 1129513, 79066, 1208579);
  assert_class (r, ZERO, 1, 115217, 0, 115217);
  assert_class (r, EXEMPT, 1, 74661, 0, 74661);
  assert_totals (r, 1498456, 99999, 1319391, 79066, 1398457);
}
END_TEST

/* Example 15: the remainder is more than the largest line can take. */
START_TEST (example_15_allocation_spills)
{
  const AxTaxLine lines[] = {
    { 1, 1, NONE, STD },
    { 1, 1, NONE, STD },
    { 1, 1, NONE, STD },
    { 1, 1, NONE, STD },
    { 1, 1, NONE, STD },
  };
  const AxDiscount discount = AMT (2);
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), &discount);

  assert_line (r, 0, 1, 0, 1, 1, 0);
  assert_line (r, 1, 1, 0, 1, 1, 0);
  assert_line (r, 2, 1, 0, 1, 0, 1);
  assert_line (r, 3, 1, 0, 1, 0, 1);
  assert_line (r, 4, 1, 0, 1, 0, 1);
  assert_class (r, STD, 5, 3, 0, 3);
  assert_totals (r, 5, 2, 3, 0, 3);
}
END_TEST

/* Validation: each bad input fails with AX_CORE_ERROR_INVALID, a message,
 * and no result. */

static char *
compute_fails (const AxTaxConfig *config,
               const AxTaxLine   *lines,
               gsize              n_lines,
               const AxDiscount  *receipt_discount)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxTaxResult) r = ax_tax_compute (config, lines, n_lines, receipt_discount, &error);

  ck_assert_ptr_null (r);
  ck_assert_ptr_nonnull (error);
  ck_assert (g_error_matches (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID));
  ck_assert_ptr_nonnull (error->message);
  ck_assert_str_ne (error->message, "");
  return g_strdup (error->message);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  ck_assert_msg (strstr (haystack, needle) != NULL, "“%s” does not contain “%s”", haystack,
                 needle);
}

START_TEST (invalid_negative_price)
{
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
    { -5000, 1, NONE, STD },
  };
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_contains (msg, "Line 2");
  assert_contains (msg, "-฿50.00");
  assert_contains (msg, "negative");
}
END_TEST

START_TEST (invalid_quantity_zero)
{
  const AxTaxLine lines[] = {
    { 10000, 0, NONE, STD },
  };
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_contains (msg, "Line 1");
  assert_contains (msg, "quantity is 0");
}
END_TEST

START_TEST (invalid_quantity_negative)
{
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
    { 10000, 1, NONE, STD },
    { 10000, -2, NONE, STD },
  };
  g_autofree char *msg = compute_fails (&vat7_incl, lines, G_N_ELEMENTS (lines), NULL);

  assert_contains (msg, "Line 3");
  assert_contains (msg, "quantity is -2");
}
END_TEST

START_TEST (invalid_line_discount_above_line)
{
  const AxTaxLine lines[] = {
    { 5000, 2, AMT (10001), STD }, /* ฿100.01 off ฿100.00 */
  };
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_contains (msg, "Line 1");
  assert_contains (msg, "฿100.01");
  assert_contains (msg, "฿100.00");
}
END_TEST

START_TEST (invalid_line_discount_percent_above_100)
{
  const AxTaxLine lines[] = {
    { 5000, 1, PCT (10050), STD },
  };
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_contains (msg, "Line 1");
  assert_contains (msg, "100.5 %");
}
END_TEST

START_TEST (invalid_line_discount_negative)
{
  const AxTaxLine amount[] = {
    { 5000, 1, AMT (-100), STD },
  };
  const AxTaxLine percent[] = {
    { 5000, 1, PCT (-1), STD },
  };
  g_autofree char *msg_amount = compute_fails (&vat7_excl, amount, 1, NULL);
  g_autofree char *msg_percent = compute_fails (&vat7_excl, percent, 1, NULL);

  assert_contains (msg_amount, "negative");
  assert_contains (msg_percent, "-0.01 %");
}
END_TEST

START_TEST (invalid_discount_kind)
{
  const AxTaxLine lines[] = {
    { 5000, 1, { (AxDiscountKind) 7, 100 }, STD },
  };
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_contains (msg, "Line 1");
}
END_TEST

START_TEST (invalid_tax_class)
{
  const AxTaxLine lines[] = {
    { 5000, 1, NONE, AX_TAX_CLASS_INVALID },
  };
  const AxTaxLine too_high[] = {
    { 5000, 1, NONE, AX_N_TAX_CLASSES },
  };
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);
  g_autofree char *msg_high = compute_fails (&vat7_excl, too_high, 1, NULL);

  assert_contains (msg, "tax class");
  assert_contains (msg_high, "tax class");
}
END_TEST

START_TEST (invalid_receipt_discount_above_receipt)
{
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
    { 5000, 1, AMT (1000), EXEMPT },
  };
  const AxDiscount discount = AMT (14001); /* the receipt is ฿140.00 */
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), &discount);

  assert_contains (msg, "The receipt");
  assert_contains (msg, "฿140.01");
  assert_contains (msg, "฿140.00");
}
END_TEST

START_TEST (invalid_receipt_discount_percent_above_100)
{
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
  };
  const AxDiscount discount = PCT (10001);
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), &discount);

  assert_contains (msg, "The receipt");
  assert_contains (msg, "100.01 %");
}
END_TEST

START_TEST (invalid_receipt_discount_negative)
{
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
  };
  const AxDiscount discount = AMT (-1);
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), &discount);

  assert_contains (msg, "The receipt");
}
END_TEST

START_TEST (invalid_receipt_discount_on_empty_receipt)
{
  const AxDiscount discount = AMT (100);
  g_autofree char *msg = compute_fails (&vat7_excl, NULL, 0, &discount);

  assert_contains (msg, "The receipt");
}
END_TEST

START_TEST (invalid_rate)
{
  const AxTaxConfig config = { 10001, FALSE, "THB" };
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
  };
  g_autofree char *msg = compute_fails (&config, lines, G_N_ELEMENTS (lines), NULL);

  assert_contains (msg, "100.01 %");
  assert_contains (msg, "settings");
}
END_TEST

START_TEST (invalid_line_too_large)
{
  const AxTaxLine overflow[] = {
    { G_MAXINT64 / 2, 3, NONE, STD },
  };
  const AxTaxLine over_max[] = {
    { G_GINT64_CONSTANT (500000000000001), 2, NONE, STD },
  };
  g_autofree char *msg = compute_fails (&vat7_excl, overflow, 1, NULL);
  g_autofree char *msg_max = compute_fails (&vat7_excl, over_max, 1, NULL);

  assert_contains (msg, "Line 1");
  assert_contains (msg_max, "Line 1");
}
END_TEST

START_TEST (invalid_receipt_too_large)
{
  const AxTaxLine lines[] = {
    { G_GINT64_CONSTANT (600000000000000), 1, NONE, STD },
    { G_GINT64_CONSTANT (600000000000000), 1, NONE, STD },
  };
  g_autofree char *msg = compute_fails (&vat7_excl, lines, G_N_ELEMENTS (lines), NULL);

  assert_contains (msg, "receipt");
}
END_TEST

/* Limits that are allowed. */

START_TEST (limits_accepted)
{
  const AxTaxConfig full_rate = { 10000, TRUE, NULL };
  const AxTaxLine lines[] = {
    { 10000, 1, PCT (10000), STD }, /* free */
    { 10000, 1, AMT (10000), ZERO }, /* free */
    { 0, 1, NONE, EXEMPT },
    { 10000, 2, NONE, STD },
  };
  const AxDiscount everything = AMT (20000);
  g_autoptr (AxTaxResult) r = compute_ok (&vat7_excl, lines, G_N_ELEMENTS (lines), &everything);
  g_autoptr (AxTaxResult) empty = compute_ok (&vat7_incl, NULL, 0, NULL);
  g_autoptr (AxTaxResult) halves = NULL;

  assert_line (r, 0, 10000, 10000, 0, 0, 0);
  assert_line (r, 1, 10000, 10000, 0, 0, 0);
  assert_line (r, 2, 0, 0, 0, 0, 0);
  assert_line (r, 3, 20000, 0, 20000, 20000, 0);
  assert_class (r, STD, 2, 0, 0, 0);
  assert_class (r, ZERO, 1, 0, 0, 0);
  assert_class (r, EXEMPT, 1, 0, 0, 0);
  assert_totals (r, 20000, 20000, 0, 0, 0);

  ck_assert_uint_eq (ax_tax_result_get_n_lines (empty), 0);
  assert_totals (empty, 0, 0, 0, 0, 0);
  assert_class_absent (empty, STD);

  /* A 100 % rate, inclusive: half of the gross is tax. */
  halves = compute_ok (&full_rate, &lines[3], 1, NULL);
  assert_class (halves, STD, 1, 10000, 10000, 20000);
}
END_TEST

/* For random carts: shares add up to the discount and stay within their
 * line, classes add up to the totals, and the totals agree with the rule. */
START_TEST (random_carts_invariants)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20240607);

  for (int round = 0; round < 2000; round++)
    {
      AxTaxConfig config = { g_rand_int_range (rand, 0, 2501), g_rand_boolean (rand), NULL };
      gsize n = g_rand_int_range (rand, 1, 9);
      AxTaxLine lines[8];
      AxDiscount discount = NONE;
      g_autoptr (AxTaxResult) r = NULL;
      gint64 sum_shares = 0, sum_amounts = 0, class_sums[AX_N_TAX_CLASSES] = { 0 };
      gint64 net = 0, tax = 0, gross = 0;

      for (gsize i = 0; i < n; i++)
        {
          gint64 price = g_rand_int_range (rand, 0, 3) == 0 ? g_rand_int_range (rand, 0, 20)
                                                             : g_rand_int_range (rand, 0, 5000000);
          gint32 max_off = (gint32) MIN (price, 1000);

          lines[i] = (AxTaxLine) { price, g_rand_int_range (rand, 1, 10), NONE,
                                   g_rand_int_range (rand, 0, AX_N_TAX_CLASSES) };
          if (g_rand_boolean (rand))
            lines[i].discount = (AxDiscount) PCT (g_rand_int_range (rand, 0, 10001));
          else if (g_rand_boolean (rand))
            lines[i].discount = (AxDiscount) AMT (g_rand_int_range (rand, 0, max_off + 1));
        }

      /* The subtotal first, to choose an amount off the receipt within it. */
      r = compute_ok (&config, lines, n, NULL);
      ck_assert_int_eq (ax_tax_result_get_discount (r), 0);
      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          discount = (AxDiscount) PCT (g_rand_int_range (rand, 0, 10001));
          break;
        case 1:
          discount = (AxDiscount) AMT ((gint64) (g_rand_double (rand)
                                                 * (ax_tax_result_get_subtotal (r) + 1)));
          discount.value = MIN (discount.value, ax_tax_result_get_subtotal (r));
          break;
        default:
          break;
        }
      g_clear_pointer (&r, ax_tax_result_unref);
      r = compute_ok (&config, lines, n, &discount);
      for (gsize i = 0; i < n; i++)
        {
          const AxTaxLineResult *l = ax_tax_result_get_line (r, i);

          ck_assert_int_ge (l->receipt_discount, 0);
          ck_assert_int_le (l->receipt_discount, l->amount);
          ck_assert_int_eq (l->discounted, l->amount - l->receipt_discount);
          sum_shares += l->receipt_discount;
          sum_amounts += l->amount;
          class_sums[l->tax_class] += l->discounted;
        }
      ck_assert_int_eq (sum_shares, ax_tax_result_get_discount (r));
      ck_assert_int_eq (sum_amounts, ax_tax_result_get_subtotal (r));

      for (int c = 0; c < AX_N_TAX_CLASSES; c++)
        {
          const AxTaxClassResult *cls = ax_tax_result_get_class (r, c);
          gint64 base = config.prices_include_tax ? cls->gross : cls->net;
          gint64 den = config.prices_include_tax ? 10000 + cls->rate_bp : 10000;

          ck_assert_int_eq (base, class_sums[c]);
          /* Half up, computed here the long way. */
          ck_assert_int_eq (cls->tax, (2 * base * cls->rate_bp + den) / (2 * den));
          ck_assert_int_eq (cls->gross, cls->net + cls->tax);
          if (c != AX_TAX_CLASS_STANDARD)
            ck_assert_int_eq (cls->tax, 0);
          net += cls->net;
          tax += cls->tax;
          gross += cls->gross;
        }
      ck_assert_int_eq (ax_tax_result_get_net (r), net);
      ck_assert_int_eq (ax_tax_result_get_tax (r), tax);
      ck_assert_int_eq (ax_tax_result_get_total (r), gross);
      ck_assert_int_eq (ax_tax_result_get_total (r),
                        ax_tax_result_get_subtotal (r) - ax_tax_result_get_discount (r)
                          + (config.prices_include_tax ? 0 : tax));
    }
}
END_TEST

START_TEST (class_strings)
{
  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      ck_assert_int_eq (ax_tax_class_from_string (ax_tax_class_to_string (c)), c);
      ck_assert_str_ne (ax_tax_class_display_name (c), "");
    }
  ck_assert_str_eq (ax_tax_class_to_string (AX_TAX_CLASS_STANDARD), "standard");
  ck_assert_str_eq (ax_tax_class_to_string (AX_TAX_CLASS_ZERO), "zero");
  ck_assert_str_eq (ax_tax_class_to_string (AX_TAX_CLASS_EXEMPT), "exempt");
  ck_assert_int_eq (ax_tax_class_from_string ("Exempt"), AX_TAX_CLASS_EXEMPT);
  ck_assert_int_eq (ax_tax_class_from_string ("reduced"), AX_TAX_CLASS_INVALID);
  ck_assert_int_eq (ax_tax_class_from_string (NULL), AX_TAX_CLASS_INVALID);
  ck_assert_str_eq (ax_tax_class_display_name (AX_TAX_CLASS_STANDARD), "Standard rate");
  ck_assert_str_eq (ax_tax_class_display_name (AX_TAX_CLASS_ZERO), "Zero-rated");
  ck_assert_str_eq (ax_tax_class_display_name (AX_TAX_CLASS_EXEMPT), "Exempt");
}
END_TEST

START_TEST (result_refcount_and_boxed)
{
  const AxTaxLine lines[] = {
    { 10000, 1, NONE, STD },
  };
  AxTaxResult *r = compute_ok (&vat7_excl, lines, 1, NULL);
  AxTaxResult *copy;

  ck_assert_ptr_eq (ax_tax_result_ref (r), r);
  ax_tax_result_unref (r);

  ck_assert (G_TYPE_IS_BOXED (AX_TYPE_TAX_RESULT));
  copy = g_boxed_copy (AX_TYPE_TAX_RESULT, r);
  ck_assert_ptr_eq (copy, r);
  g_boxed_free (AX_TYPE_TAX_RESULT, copy);

  ck_assert_int_eq (ax_tax_result_get_total (r), 10700);
  ax_tax_result_unref (r);
}
END_TEST

static Suite *
tax_suite (void)
{
  Suite *s = suite_create ("tax");
  TCase *examples = tcase_create ("examples");
  TCase *invalid = tcase_create ("invalid");
  TCase *other = tcase_create ("other");

  tcase_add_test (examples, example_01_exclusive);
  tcase_add_test (examples, example_02_inclusive);
  tcase_add_test (examples, example_03_exempt);
  tcase_add_test (examples, example_04_zero_rated);
  tcase_add_test (examples, example_05_line_discount_percent);
  tcase_add_test (examples, example_06_line_discount_amount);
  tcase_add_test (examples, example_07_receipt_discount_percent);
  tcase_add_test (examples, example_08_receipt_discount_amount);
  tcase_add_test (examples, example_09_allocation_negative_remainder);
  tcase_add_test (examples, example_10_half_up_exclusive);
  tcase_add_test (examples, example_11_half_up_inclusive);
  tcase_add_test (examples, example_12_half_up_inclusive_discount);
  tcase_add_test (examples, example_13_several_classes);
  tcase_add_test (examples, example_14_mixed);
  tcase_add_test (examples, example_15_allocation_spills);
  suite_add_tcase (s, examples);

  tcase_add_test (invalid, invalid_negative_price);
  tcase_add_test (invalid, invalid_quantity_zero);
  tcase_add_test (invalid, invalid_quantity_negative);
  tcase_add_test (invalid, invalid_line_discount_above_line);
  tcase_add_test (invalid, invalid_line_discount_percent_above_100);
  tcase_add_test (invalid, invalid_line_discount_negative);
  tcase_add_test (invalid, invalid_discount_kind);
  tcase_add_test (invalid, invalid_tax_class);
  tcase_add_test (invalid, invalid_receipt_discount_above_receipt);
  tcase_add_test (invalid, invalid_receipt_discount_percent_above_100);
  tcase_add_test (invalid, invalid_receipt_discount_negative);
  tcase_add_test (invalid, invalid_receipt_discount_on_empty_receipt);
  tcase_add_test (invalid, invalid_rate);
  tcase_add_test (invalid, invalid_line_too_large);
  tcase_add_test (invalid, invalid_receipt_too_large);
  suite_add_tcase (s, invalid);

  tcase_add_test (other, limits_accepted);
  tcase_add_test (other, random_carts_invariants);
  tcase_add_test (other, class_strings);
  tcase_add_test (other, result_refcount_and_boxed);
  suite_add_tcase (s, other);

  return s;
}

int
main (void)
{
  SRunner *runner;
  int failed;

  /* Messages are checked in English with the C number style. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("LC_ALL", "C", TRUE);

  runner = srunner_create (tax_suite ());
  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
