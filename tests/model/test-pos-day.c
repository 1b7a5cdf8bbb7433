/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A new cashier's two days at the till, as one script (issue 5, "done
 * when"), on the till fixture's clinic (VAT 7 %, prices include tax):
 *
 * Tue 10 March 2026, 10:30, Billing rings up for Anong Sukjai:
 *   Hydra Facial (standard)      1 × 1,500.00   Dr Lee     1,500.00
 *   Doctor's consultation (ex.)  1 ×   800.00   Dr Lee       800.00
 *   Sunscreen SPF50 (standard)   2 ×   590.00   Dr Lee     1,180.00  lot S0 (FEFO)
 *   Hydra Facial x5 (standard)   1 × 6,000.00              6,000.00  a course
 *                                                 total    9,480.00
 *   Standard: gross 1,500 + 1,180 + 6,000 = 8,680.00;
 *             VAT = 868000 × 700 ÷ 10700 = 56,785.05 → 567.85; net 8,112.15.
 *   Exempt:   800.00, no VAT.  Net 8,912.15 + VAT 567.85 = 9,480.00.
 *   Paid: cash 3,000.00 (given 5,000.00, change 2,000.00) + card 6,480.00:
 *         handed over 5,000 + 6,480 = 11,480.00 − change 2,000.00 = 9,480.00.
 *   Number LOTR-D1-2026-000001, the terminal's first.
 *   Commission (clinic-wide 5 %, 10 % above ฿3,000.00 a month): Dr Lee's March
 *   is 1,500 + 800 + 1,180 = 3,480.00 > 3,000 → 10 %: 150.00 + 80.00 + 118.00 = 348.00.
 *   19:00 close: float 1,000.00 + cash 3,000.00 = expected 4,000.00; counted
 *   4,000.00 → over/short 0.
 *
 * Wed 11 March, 10:30: the sunscreens (one line, both units) come back.
 *   Credit note LOTCN-D1-2026-000001 (its own series): −1,180.00, to the last
 *   tender first, the card; VAT 118000 × 700 ÷ 10700 = 7,719.63 → −77.20,
 *   net −1,102.80. Lot S0 back from 3 to 5; S1 untouched (12).
 *   Dr Lee's March falls to 2,300.00 ≤ 3,000 → 5 %: 75.00 + 40.00 = 115.00
 *   (the log: 3 entries, then 3 reversals and 2 new ones: 8 rows).
 *   19:00 close: no sales; refunds 1, −1,180.00, all on the card; cash 0;
 *   float 1,000.00 → expected 1,000.00; counted 950.00 → short 50.00. */
#include "ax-till-fixture.h"
#include "ax-test-sales.h"
#include "ax-day-close.h"
#include "ax-receipts.h"
#include "ax-till.h"

AX_FIXTURE_DEFINE

#define SALE_ID "019c0000-0000-7000-8000-0000000d0001"
#define CREDIT_ID "019c0000-0000-7000-8000-0000000d0002"
#define DAY_MS G_GINT64_CONSTANT (86400000)
#define EVENING_MS G_GINT64_CONSTANT (30600000)   /* 10:30 → 19:00 */

static gint64
lot_on_hand (const char *lot_number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COALESCE ((SELECT on_hand FROM lot_balance b "
                                          "  JOIN lots l ON l.id = b.lot_id WHERE l.lot_number = '%s'), -1)",
                                          lot_number);

  return ax_fixture_count (&f, sql);
}

static gint64
commission_due (void)
{
  return ax_fixture_count (&f, "SELECT COALESCE (SUM (amount), 0) FROM commission_log "
                               " WHERE provider_id = '" TILL_LEE "' AND period = '2026-03'");
}

static AxReceipt *
receipt (const char *id)
{
  g_autoptr (GError) error = NULL;
  AxReceipt *r = ax_receipt_query (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id, id,
                                   &error);

  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  return r;
}

/* What a printed receipt or invoice shows adds up: net + VAT per class is
 * the class's total, the classes make the total, and so do the lines. */
static void
assert_adds_up (AxSale *s)
{
  gint64 classes = 0, lines = 0;

  for (int c = 0; c < AX_N_TAX_CLASSES; c++)
    {
      ck_assert_int_eq (s->classes[c].net + s->classes[c].tax, s->classes[c].gross);
      classes += s->classes[c].gross;
    }
  for (guint i = 0; i < s->lines->len; i++)
    lines += ((AxSaleLine *) s->lines->pdata[i])->amount;
  ck_assert_int_eq (classes, s->total);
  ck_assert_int_eq (lines, s->total);
  ck_assert_int_eq (s->net + s->tax, s->total);
}

static void
close_day (const char *date,
           gint64      counted)
{
  g_autofree char *args = g_strdup_printf ("{\"date\": \"%s\", \"opening_float\": 100000, "
                                           "\"counted_cash\": %" G_GINT64_FORMAT "}", date, counted);

  json_node_unref (ax_fixture_mutate (&f, BILLING, "day.close", args));
}

START_TEST (test_pos_day)
{
  g_autofree char *patient = ax_till_fixture_seed (&f);
  g_autofree char *checkout = NULL, *refund = NULL, *sun_line = NULL;
  g_autoptr (JsonNode) sold = NULL, credit = NULL;
  g_autoptr (AxReceipt) r = NULL, cn = NULL;
  g_autoptr (AxZReport) z1 = NULL, z2 = NULL, z1_later = NULL;
  g_autoptr (AxTillCredits) credits = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *o;
  gint64 handed = 0;

  /* A second, earlier-expiring lot of the sunscreen: first expiry, first out. */
  json_node_unref (ax_fixture_mutate (&f, OWNER, "stock.receive",
                                      "{\"product_id\": \"" TILL_SUN "\", \"lot_number\": \"S0\", "
                                      "\"expiry_date\": \"2026-06-30\", \"quantity\": 5}"));
  json_node_unref (ax_fixture_mutate (&f, OWNER, "commission_rule.create",
                                      "{\"base_rate_bp\": 500, "
                                      "\"tiers\": [{\"above\": 300000, \"rate_bp\": 1000}]}"));

  /* Day 1: the sale, two tenders. */
  checkout = g_strdup_printf (
    "{\"id\": \"" SALE_ID "\", \"patient_id\": \"%s\", \"lines\": ["
    " {\"kind\": \"service\", \"item_id\": \"" TILL_FACIAL "\", "
    "  \"providers\": [{\"provider_id\": \"" TILL_LEE "\", \"split_bp\": 10000}]},"
    " {\"kind\": \"service\", \"item_id\": \"" TILL_CONSULT "\", "
    "  \"providers\": [{\"provider_id\": \"" TILL_LEE "\", \"split_bp\": 10000}]},"
    " {\"kind\": \"product\", \"item_id\": \"" TILL_SUN "\", \"quantity\": 2, "
    "  \"providers\": [{\"provider_id\": \"" TILL_LEE "\", \"split_bp\": 10000}]},"
    " {\"kind\": \"package\", \"item_id\": \"" TILL_COURSE "\"}],"
    " \"tenders\": [{\"kind\": \"cash\", \"amount\": 300000, \"given\": 500000},"
    "               {\"kind\": \"card\", \"amount\": 648000, \"reference\": \"VISA 4242\"}],"
    " \"expected_total\": 948000}", patient);
  sold = ax_fixture_mutate (&f, BILLING, "sale.checkout", checkout);
  o = json_node_get_object (sold);
  ck_assert_str_eq (json_object_get_string_member (o, "number"), "LOTR-D1-2026-000001");
  ck_assert_int_eq (json_object_get_int_member (o, "total"), 948000);
  ck_assert_int_eq (json_object_get_int_member (o, "change_due"), 200000);
  /* FEFO: both sunscreens from S0 (June 2026), none from S1 (2027). */
  ck_assert_int_eq (lot_on_hand ("S0"), 3);
  ck_assert_int_eq (lot_on_hand ("S1"), 12);
  /* The course is the patient's: 5 sessions. */
  credits = ax_till_credits_query (ax_store_get_db (f.store), patient, ax_store_now_ms (f.store), &error);
  ck_assert_msg (credits != NULL, "%s", error ? error->message : "");
  ck_assert_uint_eq (credits->courses->len, 1);
  ck_assert_int_eq (((AxTillCourse *) credits->courses->pdata[0])->sessions_left, 5);

  /* The receipt and the tax invoice, as printed (originals). */
  json_node_unref (ax_fixture_mutate (&f, BILLING, "receipt.print",
                                      "{\"sale_id\": \"" SALE_ID "\", \"kind\": \"receipt\"}"));
  json_node_unref (ax_fixture_mutate (&f, BILLING, "receipt.print",
                                      "{\"sale_id\": \"" SALE_ID "\", \"kind\": \"invoice\", "
                                      "\"buyer_name\": \"Anong Sukjai\", \"buyer_tax_id\": \"\", "
                                      "\"buyer_address\": \"12 Soi 4, Bangkok\"}"));
  r = receipt (SALE_ID);
  ck_assert_int_eq (r->prints[AX_RECEIPT_KIND_RECEIPT], 1);
  ck_assert_int_eq (r->prints[AX_RECEIPT_KIND_INVOICE], 1);
  ck_assert_str_eq (r->buyer_name, "Anong Sukjai");
  ck_assert_str_eq (r->patient_name, "Anong Sukjai");
  ck_assert_str_eq (r->sale->number, "LOTR-D1-2026-000001");
  ck_assert_uint_eq (r->sale->lines->len, 4);
  assert_adds_up (r->sale);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_STANDARD].gross, 868000);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_STANDARD].tax, 56785);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_STANDARD].net, 811215);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_EXEMPT].gross, 80000);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_EXEMPT].tax, 0);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_ZERO].gross, 0);
  ck_assert_int_eq (r->sale->net, 891215);
  ck_assert_int_eq (r->sale->tax, 56785);
  ck_assert_int_eq (r->sale->total, 948000);
  /* The tenders, less the change, are the total. */
  ck_assert_uint_eq (r->sale->payments->len, 2);
  for (guint i = 0; i < r->sale->payments->len; i++)
    {
      AxSalePayment *p = r->sale->payments->pdata[i];

      handed += p->tendered >= 0 ? p->tendered : p->amount;
    }
  ck_assert_int_eq (handed, 1148000);
  ck_assert_int_eq (r->change_due, 200000);
  ck_assert_int_eq (handed - r->change_due, r->sale->total);

  /* The commissions, computed after the sale (as the app's worker does). */
  json_node_unref (ax_fixture_mutate (&f, BILLING, "commission.compute", "{\"sale_id\": \"" SALE_ID "\"}"));
  ck_assert_int_eq (commission_due (), 34800);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_log"), 3);

  /* Day 1 closes at 19:00, the drawer as expected. */
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + EVENING_MS);
  close_day ("2026-03-10", 400000);
  z1 = ax_test_z_report (f.store, "2026-03-10");
  ck_assert (z1->closed);
  ck_assert_int_eq (z1->n_sales, 1);
  ck_assert_int_eq (z1->sales_total, 948000);
  ck_assert_int_eq (z1->n_refunds, 0);
  ck_assert_int_eq (z1->refunds_total, 0);
  ck_assert_int_eq (z1->n_voids, 0);
  ck_assert_int_eq (z1->net_total, 948000);
  ck_assert_int_eq (z1->takings, 948000);
  ck_assert_int_eq (z1->classes[AX_TAX_CLASS_STANDARD].net, 811215);
  ck_assert_int_eq (z1->classes[AX_TAX_CLASS_STANDARD].tax, 56785);
  ck_assert_int_eq (z1->classes[AX_TAX_CLASS_EXEMPT].gross, 80000);
  ck_assert_int_eq (z1->net + z1->tax, z1->net_total);
  ck_assert_uint_eq (z1->tenders->len, 2);
  ck_assert_int_eq (ax_test_z_tender (z1, "cash")->taken, 300000);
  ck_assert_int_eq (ax_test_z_tender (z1, "card")->taken, 648000);
  ck_assert_int_eq (ax_test_z_tender (z1, "cash")->net + ax_test_z_tender (z1, "card")->net, z1->takings);
  ck_assert_int_eq (z1->cash_net, 300000);
  ck_assert_int_eq (z1->expected_cash, 400000);
  ck_assert_int_eq (z1->counted_cash, 400000);
  ck_assert_int_eq (z1->over_short, 0);

  /* Day 2: the retail line comes back. */
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + DAY_MS);
  for (guint i = 0; i < r->sale->lines->len; i++)
    {
      AxSaleLine *l = r->sale->lines->pdata[i];

      if (g_strcmp0 (l->item_id, TILL_SUN) == 0)
        sun_line = g_strdup (l->id);
    }
  ck_assert_ptr_nonnull (sun_line);
  refund = g_strdup_printf ("{\"id\": \"" CREDIT_ID "\", \"sale_id\": \"" SALE_ID "\", "
                            "\"reason\": \"Unopened, the patient has one\", "
                            "\"lines\": [{\"sale_line_id\": \"%s\", \"quantity\": 2}]}", sun_line);
  credit = ax_fixture_mutate (&f, BILLING, "sale.refund", refund);
  o = json_node_get_object (credit);
  ck_assert_str_eq (json_object_get_string_member (o, "number"), "LOTCN-D1-2026-000001");
  ck_assert_int_eq (json_object_get_int_member (o, "total"), -118000);
  cn = receipt (CREDIT_ID);
  ck_assert_str_eq (cn->sale->kind, "credit_note");
  ck_assert_str_eq (cn->refund_of_number, "LOTR-D1-2026-000001");
  ck_assert_uint_eq (cn->sale->lines->len, 1);
  assert_adds_up (cn->sale);
  ck_assert_int_eq (cn->sale->classes[AX_TAX_CLASS_STANDARD].tax, -7720);
  ck_assert_int_eq (cn->sale->classes[AX_TAX_CLASS_STANDARD].net, -110280);
  ck_assert_uint_eq (cn->sale->payments->len, 1);
  ck_assert_str_eq (((AxSalePayment *) cn->sale->payments->pdata[0])->tender, "card");
  ck_assert_int_eq (((AxSalePayment *) cn->sale->payments->pdata[0])->amount, -118000);
  /* Stock back on the lot it came from; the course untouched; the sale
   * stays a sale (three lines not refunded). */
  ck_assert_int_eq (lot_on_hand ("S0"), 5);
  ck_assert_int_eq (lot_on_hand ("S1"), 12);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM stock_movements m JOIN lots l ON l.id = m.lot_id "
                                          " WHERE m.kind = 'refund' AND l.lot_number = 'S0' AND m.qty = 2"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patient_packages WHERE status = 'active'"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales WHERE id = '" SALE_ID "' "
                                          "AND status = 'completed'"), 1);

  /* The commission of March recomputed: below the tier now. */
  json_node_unref (ax_fixture_mutate (&f, BILLING, "commission.compute", "{\"sale_id\": \"" CREDIT_ID "\"}"));
  ck_assert_int_eq (commission_due (), 11500);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_log"), 8);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM commission_log WHERE reversal_of IS NOT NULL"), 3);

  /* Day 2 closes 50.00 short. */
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + DAY_MS + EVENING_MS);
  close_day ("2026-03-11", 95000);
  z2 = ax_test_z_report (f.store, "2026-03-11");
  ck_assert (z2->closed);
  ck_assert_int_eq (z2->n_sales, 0);
  ck_assert_int_eq (z2->sales_total, 0);
  ck_assert_int_eq (z2->n_refunds, 1);
  ck_assert_int_eq (z2->refunds_total, -118000);
  ck_assert_int_eq (z2->net_total, -118000);
  ck_assert_int_eq (z2->classes[AX_TAX_CLASS_STANDARD].net, -110280);
  ck_assert_int_eq (z2->classes[AX_TAX_CLASS_STANDARD].tax, -7720);
  ck_assert_int_eq (z2->classes[AX_TAX_CLASS_EXEMPT].gross, 0);
  ck_assert_int_eq (z2->net + z2->tax, z2->net_total);
  ck_assert_int_eq (ax_test_z_tender (z2, "card")->taken, 0);
  ck_assert_int_eq (ax_test_z_tender (z2, "card")->paid_back, -118000);
  ck_assert_int_eq (ax_test_z_tender (z2, "card")->net, -118000);
  ck_assert (ax_test_z_tender (z2, "cash") == NULL || ax_test_z_tender (z2, "cash")->net == 0);
  ck_assert_int_eq (z2->cash_net, 0);
  ck_assert_int_eq (z2->expected_cash, 100000);
  ck_assert_int_eq (z2->counted_cash, 95000);
  ck_assert_int_eq (z2->over_short, -5000);

  /* Day 1's report keeps its figures: the refund is day 2's. */
  z1_later = ax_test_z_report (f.store, "2026-03-10");
  ck_assert_int_eq (z1_later->net_total, 948000);
  ck_assert_int_eq (z1_later->n_refunds, 0);
  ck_assert_int_eq (z1_later->over_short, 0);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = { test_pos_day };

  return ax_test_run ("pos-day", setup, teardown, tests, G_N_ELEMENTS (tests));
}
