/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-test"

/* The cart: the worked examples of docs/tax.md built line by line through
 * edits, each edit leaving the cart it was made from as it was; discounts,
 * provider splits, the approval threshold and what is refused. */

#include <string.h>

#include "ax-test.h"
#include "ax-cart.h"
#include "ax-error.h"

#define STD AX_TAX_CLASS_STANDARD
#define ZERO AX_TAX_CLASS_ZERO
#define EXEMPT AX_TAX_CLASS_EXEMPT

static const AxTaxConfig vat7_excl = { 700, FALSE, "THB" };
static const AxTaxConfig vat7_incl = { 700, TRUE, "THB" };

static AxCartLine
line (const char *name,
      AxTaxClass  tax_class,
      gint64      unit_price,
      gint        quantity)
{
  AxCartLine l = { AX_CART_ITEM_SERVICE, "019c0000-0000-7000-8000-000000000001", name, tax_class,
                   unit_price, quantity, { AX_DISCOUNT_NONE, 0 }, NULL, 0, NULL };
  return l;
}

/* Adds a line, the old cart is released. */
static AxCart *
add (AxCart     *cart,
     AxCartLine  l)
{
  g_autoptr (GError) error = NULL;
  AxCart *next = ax_cart_add_line (cart, &l, &error);

  ck_assert_msg (next != NULL, "%s", error ? error->message : "");
  ax_cart_unref (cart);
  return next;
}

static void
assert_totals (const AxCart *cart,
               gint64        subtotal,
               gint64        discount,
               gint64        net,
               gint64        tax,
               gint64        total)
{
  AxTaxResult *r = ax_cart_get_tax (cart);

  ck_assert_int_eq (ax_tax_result_get_subtotal (r), subtotal);
  ck_assert_int_eq (ax_tax_result_get_discount (r), discount);
  ck_assert_int_eq (ax_tax_result_get_net (r), net);
  ck_assert_int_eq (ax_tax_result_get_tax (r), tax);
  ck_assert_int_eq (ax_tax_result_get_total (r), total);
  ck_assert_int_eq (ax_cart_get_total (cart), total);
}

static void
assert_refused (AxCart     *result,
                GError    **errorp,
                const char *part)
{
  GError *error = *errorp;

  ck_assert_ptr_null (result);
  ck_assert_msg (g_error_matches (error, AX_CORE_ERROR, AX_CORE_ERROR_INVALID), "wrong error");
  ck_assert_msg (strstr (error->message, part) != NULL, "“%s” does not mention “%s”",
                 error->message, part);
}

/* docs/tax.md example 1, one line at a time; each step leaves its cart. */
START_TEST (example_01_line_by_line)
{
  g_autoptr (AxCart) empty = ax_cart_new (&vat7_excl);
  g_autoptr (AxCart) one = NULL;
  g_autoptr (AxCart) two = NULL;
  AxCartLine serum = line ("Serum", STD, 35000, 2);
  AxCartLine consult = line ("Consultation", STD, 50000, 1);

  assert_totals (empty, 0, 0, 0, 0, 0);
  one = ax_cart_add_line (empty, &consult, NULL);
  two = ax_cart_add_line (one, &serum, NULL);
  ck_assert_uint_eq (ax_cart_get_n_lines (empty), 0);
  ck_assert_uint_eq (ax_cart_get_n_lines (one), 1);
  ck_assert_uint_eq (ax_cart_get_n_lines (two), 2);
  assert_totals (one, 50000, 0, 50000, 3500, 53500);
  assert_totals (two, 120000, 0, 120000, 8400, 128400);
  ck_assert_str_eq (ax_cart_get_line (two, 1)->name, "Serum");
}
END_TEST

/* Example 5: a percentage line discount set after the line was added. */
START_TEST (example_05_line_discount)
{
  AxCart *cart = add (ax_cart_new (&vat7_excl), line ("Peel", STD, 33333, 1));
  g_autoptr (AxCart) three = ax_cart_set_quantity (cart, 0, 3, NULL);
  g_autoptr (AxCart) discounted = ax_cart_set_line_discount (three, 0,
                                    &(AxDiscount) { AX_DISCOUNT_PERCENT, 1500 }, NULL);

  assert_totals (cart, 33333, 0, 33333, 2333, 35666);
  assert_totals (three, 99999, 0, 99999, 7000, 106999);
  assert_totals (discounted, 84999, 0, 84999, 5950, 90949);
  ck_assert_int_eq (ax_tax_result_get_line (ax_cart_get_tax (discounted), 0)->line_discount, 15000);
  ax_cart_unref (cart);
}
END_TEST

/* Example 6: an amount off the whole line, prices include tax. */
START_TEST (example_06_amount_discount)
{
  AxCart *cart = add (ax_cart_new (&vat7_incl), line ("Laser session", STD, 250000, 2));
  g_autoptr (AxCart) d = ax_cart_set_line_discount (cart, 0,
                           &(AxDiscount) { AX_DISCOUNT_AMOUNT, 50000 }, NULL);

  assert_totals (d, 450000, 0, 420561, 29439, 450000);
  ax_cart_unref (cart);
}
END_TEST

/* Example 7: a 12.5 % receipt discount over three lines. */
START_TEST (example_07_receipt_discount)
{
  AxCart *cart = ax_cart_new (&vat7_excl);
  g_autoptr (AxCart) d = NULL;

  cart = add (cart, line ("Treatment A", STD, 100000, 1));
  cart = add (cart, line ("Treatment B", STD, 33300, 1));
  cart = add (cart, line ("Consultation", EXEMPT, 25000, 1));
  d = ax_cart_set_receipt_discount (cart, &(AxDiscount) { AX_DISCOUNT_PERCENT, 1250 }, NULL);
  assert_totals (cart, 158300, 0, 158300, 9331, 167631);
  assert_totals (d, 158300, 19788, 138512, 8165, 146677);
  ck_assert_int_eq (ax_tax_result_get_line (ax_cart_get_tax (d), 1)->receipt_discount, 4163);
  ax_cart_unref (cart);
}
END_TEST

/* Examples 8 and 9: the remainder of the allocation, on a tie. */
START_TEST (example_08_09_remainders)
{
  AxCart *c8 = ax_cart_new (&vat7_incl);
  AxCart *c9 = ax_cart_new (&vat7_excl);
  g_autoptr (AxCart) d8 = NULL;
  g_autoptr (AxCart) d9 = NULL;

  c8 = add (c8, line ("Mask", STD, 10000, 1));
  c8 = add (c8, line ("Toner", STD, 10000, 1));
  c8 = add (c8, line ("Zero-rated item", ZERO, 10000, 1));
  d8 = ax_cart_set_receipt_discount (c8, &(AxDiscount) { AX_DISCOUNT_AMOUNT, 10000 }, NULL);
  assert_totals (d8, 30000, 10000, 19128, 872, 20000);
  ck_assert_int_eq (ax_tax_result_get_line (ax_cart_get_tax (d8), 0)->receipt_discount, 3334);

  c9 = add (c9, line ("Cleanser", STD, 10000, 1));
  c9 = add (c9, line ("Cream", STD, 15000, 1));
  c9 = add (c9, line ("Zero-rated item", ZERO, 15000, 1));
  d9 = ax_cart_set_receipt_discount (c9, &(AxDiscount) { AX_DISCOUNT_AMOUNT, 1004 }, NULL);
  assert_totals (d9, 40000, 1004, 38996, 1706, 40702);
  ck_assert_int_eq (ax_tax_result_get_line (ax_cart_get_tax (d9), 1)->receipt_discount, 376);
  ax_cart_unref (c8);
  ax_cart_unref (c9);
}
END_TEST

/* Example 14: everything on one receipt, built from an array at once and
 * again by edits, with the same figures. */
START_TEST (example_14_everything)
{
  AxCartLine lines[] = {
    line ("Toxin (units)", STD, 25000, 50),
    line ("Doctor's consultation", EXEMPT, 80000, 1),
    line ("Sunscreen", STD, 59000, 3),
    line ("Zero-rated item", ZERO, 123456, 1),
  };
  AxDiscount rd = { AX_DISCOUNT_AMOUNT, 99999 };
  g_autoptr (AxCart) at_once = NULL;
  AxCart *edited = ax_cart_new (&vat7_incl);
  AxCart *next;

  lines[0].discount = (AxDiscount) { AX_DISCOUNT_PERCENT, 1000 };
  lines[2].discount = (AxDiscount) { AX_DISCOUNT_AMOUNT, 7000 };
  at_once = ax_cart_new_with_lines (&vat7_incl, lines, G_N_ELEMENTS (lines), &rd, NULL);
  assert_totals (at_once, 1498456, 99999, 1319391, 79066, 1398457);

  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    edited = add (edited, line (lines[i].name, lines[i].tax_class, lines[i].unit_price, 1));
  next = ax_cart_set_quantity (edited, 0, 50, NULL);
  ax_cart_unref (edited);
  edited = ax_cart_set_quantity (next, 2, 3, NULL);
  ax_cart_unref (next);
  next = ax_cart_set_line_discount (edited, 0, &lines[0].discount, NULL);
  ax_cart_unref (edited);
  edited = ax_cart_set_line_discount (next, 2, &lines[2].discount, NULL);
  ax_cart_unref (next);
  next = ax_cart_set_receipt_discount (edited, &rd, NULL);
  ax_cart_unref (edited);
  assert_totals (next, 1498456, 99999, 1319391, 79066, 1398457);
  ck_assert_int_eq (ax_tax_result_get_line (ax_cart_get_tax (next), 0)->receipt_discount, 75076);
  ax_cart_unref (next);
}
END_TEST

/* Removing a line recomputes; the other lines are kept in order. */
START_TEST (remove_line)
{
  AxCart *cart = ax_cart_new (&vat7_excl);
  g_autoptr (AxCart) removed = NULL;
  g_autoptr (GError) error = NULL;

  cart = add (cart, line ("Hair tie", STD, 1050, 1));
  cart = add (cart, line ("Doctor's treatment", EXEMPT, 200000, 1));
  cart = add (cart, line ("Sunscreen", STD, 30000, 1));
  removed = ax_cart_remove_line (cart, 0, NULL);
  ck_assert_uint_eq (ax_cart_get_n_lines (removed), 2);
  ck_assert_str_eq (ax_cart_get_line (removed, 0)->name, "Doctor's treatment");
  assert_totals (removed, 230000, 0, 230000, 2100, 232100);  /* example 3 */
  assert_refused (ax_cart_remove_line (cart, 3, &error), &error, "no line 4");
  ax_cart_unref (cart);
}
END_TEST

/* Providers share a line; the shares must come to exactly 100 %. */
START_TEST (provider_splits)
{
  AxCart *cart = add (ax_cart_new (&vat7_incl), line ("Filler", STD, 1200000, 1));
  AxCartProvider two[] = { { "p-lee", 6000 }, { "p-carter", 4000 } };
  AxCartProvider short_of[] = { { "p-lee", 6000 }, { "p-carter", 3000 } };
  AxCartProvider twice[] = { { "p-lee", 5000 }, { "p-lee", 5000 } };
  AxCartProvider zero[] = { { "p-lee", 10000 }, { "p-carter", 0 } };
  g_autoptr (AxCart) split = NULL;
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;

  split = ax_cart_set_providers (cart, 0, two, 2, NULL);
  ck_assert_ptr_nonnull (split);
  ck_assert_uint_eq (ax_cart_get_line (split, 0)->n_providers, 2);
  ck_assert_str_eq (ax_cart_get_line (split, 0)->providers[1].provider_id, "p-carter");
  ck_assert_uint_eq (ax_cart_get_line (split, 0)->providers[1].split_bp, 4000);
  ck_assert_uint_eq (ax_cart_get_line (cart, 0)->n_providers, 0);
  assert_refused (ax_cart_set_providers (cart, 0, short_of, 2, &e1), &e1, "90.00 %, not 100 %");
  assert_refused (ax_cart_set_providers (cart, 0, twice, 2, &e2), &e2, "same provider twice");
  assert_refused (ax_cart_set_providers (cart, 0, zero, 2, &e3), &e3, "more than 0 %");
  ax_cart_unref (cart);
}
END_TEST

/* What the cashier cannot enter. */
START_TEST (refusals)
{
  AxCart *cart = add (ax_cart_new (&vat7_incl), line ("Serum", STD, 35000, 2));
  g_autoptr (GError) e1 = NULL;
  g_autoptr (GError) e2 = NULL;
  g_autoptr (GError) e3 = NULL;
  g_autoptr (GError) e4 = NULL;
  g_autoptr (GError) e5 = NULL;
  g_autoptr (GError) e6 = NULL;
  g_autoptr (GError) e7 = NULL;
  AxCartLine negative = line ("Refund?", STD, -100, 1);
  AxCartLine lot_on_service = line ("Facial", STD, 100, 1);

  lot_on_service.lot_id = "lot-1";
  assert_refused (ax_cart_set_quantity (cart, 0, -1, &e1), &e1, "quantity is -1");
  assert_refused (ax_cart_set_line_discount (cart, 0, &(AxDiscount) { AX_DISCOUNT_AMOUNT, 70001 },
                                             &e2), &e2, "more than the amount");
  assert_refused (ax_cart_set_line_discount (cart, 0, &(AxDiscount) { AX_DISCOUNT_PERCENT, 10001 },
                                             &e3), &e3, "100.01 %");
  assert_refused (ax_cart_set_receipt_discount (cart, &(AxDiscount) { AX_DISCOUNT_AMOUNT, 70001 },
                                                &e4), &e4, "The receipt");
  assert_refused (ax_cart_add_line (cart, &negative, &e5), &e5, "negative");
  assert_refused (ax_cart_add_line (cart, &lot_on_service, &e6), &e6, "only a product line");
  assert_refused (ax_cart_set_quantity (cart, 0, 0, &e7), &e7, "Line 1");
  /* The cart refused an edit and is what it was. */
  assert_totals (cart, 70000, 0, 65421, 4579, 70000);
  ax_cart_unref (cart);
}
END_TEST

/* The approval threshold: strictly above, computed exactly. */
START_TEST (approval_threshold)
{
  AxCart *cart = add (ax_cart_new (&vat7_incl), line ("Serum", STD, 33333, 3));
  g_autoptr (AxCart) at = ax_cart_set_line_discount (cart, 0,
                            &(AxDiscount) { AX_DISCOUNT_AMOUNT, 19999 }, NULL);
  g_autoptr (AxCart) above = ax_cart_set_line_discount (cart, 0,
                               &(AxDiscount) { AX_DISCOUNT_AMOUNT, 20000 }, NULL);
  g_autoptr (AxCart) pct = ax_cart_set_receipt_discount (cart,
                             &(AxDiscount) { AX_DISCOUNT_PERCENT, 2000 }, NULL);

  /* 199.99 of 999.99 is 19.9992 %; 200.00 is 20.0002 %. */
  ck_assert (!ax_cart_line_discount_above (cart, 0, 2000));
  ck_assert (!ax_cart_line_discount_above (at, 0, 2000));
  ck_assert (ax_cart_line_discount_above (above, 0, 2000));
  /* 20 % of 999.99 rounds to 200.00: a hair above 20 %. */
  ck_assert (ax_cart_receipt_discount_above (pct, 2000));
  ck_assert (!ax_cart_receipt_discount_above (pct, 2001));
  ax_cart_unref (cart);
}
END_TEST

/* Fifty lines: an edit shares the untouched lines. */
START_TEST (fifty_lines)
{
  AxCart *cart = ax_cart_new (&vat7_incl);
  g_autoptr (AxCart) edited = NULL;

  for (int i = 0; i < 50; i++)
    cart = add (cart, line ("Item", i % 3 == 0 ? EXEMPT : STD, 1000 + i, 1 + i % 4));
  edited = ax_cart_set_quantity (cart, 49, 9, NULL);
  ck_assert_ptr_eq (ax_cart_get_line (cart, 3), ax_cart_get_line (edited, 3));
  ck_assert_ptr_ne (ax_cart_get_line (cart, 49), ax_cart_get_line (edited, 49));
  ck_assert_int_eq (ax_cart_get_line (cart, 49)->quantity, 2);
  ck_assert_int_eq (ax_cart_get_line (edited, 49)->quantity, 9);
  ck_assert_int_eq (ax_cart_get_total (edited) - ax_cart_get_total (cart), 1049 * 7);
  ax_cart_unref (cart);
}
END_TEST

AX_TEST_MAIN ("cart", example_01_line_by_line, example_05_line_discount,
              example_06_amount_discount, example_07_receipt_discount, example_08_09_remainders,
              example_14_everything, remove_line, provider_splits, refusals, approval_threshold,
              fifty_lines)
