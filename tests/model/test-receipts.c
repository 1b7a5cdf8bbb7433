/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Receipts and the day close: the receipt read against docs/tax.md example
 * 14, the original/copy rule of receipt.print and the buyer of a tax
 * invoice, a credit note's receipt, the Z report of a worked day (a sale, a
 * void, a refund) and day.close's rules, permissions and bad input. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-test-sales.h"
#include "ax-receipts.h"
#include "ax-day-close.h"

AX_FIXTURE_DEFINE

#define SALE(n) "019c1000-0000-7000-8000-00000000000" #n
#define TODAY "2026-03-10"

static void
receipts_setup (void)
{
  setup ();
  ax_test_sales_catalogue (f.store, f.actors[OWNER]);
}

static JsonNode *
checkout (const char *id,
          const char *rest)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", %s}", id, rest);

  return ax_fixture_mutate (&f, BILLING, "sale.checkout", args);
}

/* Example 14, a card and cash with change, for Anong. */
static void
sell_example_14 (void)
{
  g_autofree char *patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                                   "{\"first_name\": \"Anong\", \"last_name\": \"Suk\"}");
  g_autofree char *rest = g_strdup_printf (AX_TS_EXAMPLE_14 ", \"patient_id\": \"%s\", "
    "\"tenders\": [{\"kind\": \"card\", \"amount\": 1000000, \"reference\": \"VISA 4242\"},"
    "              {\"kind\": \"cash\", \"amount\": 398457, \"given\": 400000}]", patient);

  json_node_unref (checkout (SALE (1), rest));
}

static AxReceipt *
query (const char *id)
{
  g_autoptr (GError) error = NULL;
  AxReceipt *r = ax_receipt_query (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id,
                                   id, &error);

  ck_assert_msg (r != NULL, "%s", error ? error->message : "");
  return r;
}

static void
refused (AxRole      role,
         const char *name,
         const char *args,
         int         code,
         const char *part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *before = ax_fixture_dump (&f, "audit_log");
  g_autofree char *before_close = ax_fixture_dump (&f, "day_closes");
  g_autofree char *before_sales = ax_fixture_dump (&f, "sales");
  g_autofree char *after = NULL, *after_close = NULL, *after_sales = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s: wrong error “%s” (%d)", args,
                 error->message, error->code);
  ck_assert_msg (strstr (error->message, part) != NULL, "“%s” does not mention “%s”",
                 error->message, part);
  after = ax_fixture_dump (&f, "audit_log");
  after_close = ax_fixture_dump (&f, "day_closes");
  after_sales = ax_fixture_dump (&f, "sales");
  ck_assert_str_eq (before, after);
  ck_assert_str_eq (before_close, after_close);
  ck_assert_str_eq (before_sales, after_sales);
}

static gboolean
print (AxRole      role,
       const char *args)
{
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, role, "receipt.print", args);

  return json_object_get_boolean_member (json_node_get_object (r), "copy");
}

/* Everything a receipt prints, from the stored sale (docs/tax.md example 14). */
START_TEST (test_receipt_read)
{
  g_autoptr (AxReceipt) r = NULL;
  static const gint64 amounts[] = { 1049924, 74661, 158655, 115217 };

  sell_example_14 ();
  r = query (SALE (1));
  ck_assert_str_eq (r->clinic_name, "Lotus Test Clinic");
  ck_assert_str_eq (r->clinic_legal_name, "Lotus Test Clinic Co., Ltd.");
  ck_assert_str_eq (r->clinic_tax_id, "0105561234567");
  ck_assert_str_eq (r->clinic_branch, "Head office");
  ck_assert_str_eq (r->timezone, "Asia/Bangkok");
  ck_assert_str_eq (r->device_code, "D1");
  ck_assert_str_eq (r->cashier_name, "billing user");
  ck_assert_str_eq (r->patient_name, "Anong Suk");
  ck_assert_ptr_null (r->buyer_name);
  ck_assert_str_eq (r->sale->number, "LOTR-D1-2026-000001");
  ck_assert_int_eq (r->sale->sold_at, AX_FIXTURE_NOW_MS);
  ck_assert_int_eq (r->sale->subtotal, 1498456);
  ck_assert_int_eq (r->sale->discount, 99999);
  ck_assert_int_eq (r->sale->total, 1398457);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_STANDARD].net, 1129513);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_STANDARD].tax, 79066);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_STANDARD].gross, 1208579);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_ZERO].gross, 115217);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_EXEMPT].gross, 74661);
  for (guint i = 0; i < 4; i++)
    ck_assert_int_eq (((AxSaleLine *) r->sale->lines->pdata[i])->amount, amounts[i]);
  ck_assert_uint_eq (r->sale->payments->len, 2);
  ck_assert_int_eq (r->change_due, 1543);
  ck_assert_int_eq (r->prints[AX_RECEIPT_KIND_RECEIPT], 0);
  ck_assert_int_eq (r->prints[AX_RECEIPT_KIND_INVOICE], 0);
}
END_TEST

/* The first print of each kind is the original, every later one a copy. */
START_TEST (test_print_copies)
{
  g_autoptr (AxReceipt) r = NULL;
  const char *receipt = "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"receipt\"}";
  const char *invoice = "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"invoice\", "
                        "\"buyer_name\": \"Siam Beauty Co., Ltd.\", \"buyer_tax_id\": \"0105550001112\", "
                        "\"buyer_address\": \"1 Silom Road, Bangkok\"}";

  sell_example_14 ();
  ck_assert (!print (BILLING, receipt));
  ck_assert (print (BILLING, receipt));
  ck_assert (print (OWNER, receipt));
  /* The tax invoice is its own document: its first print is an original. */
  refused (BILLING, "receipt.print", "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"invoice\"}",
           AX_MODEL_ERROR_INVALID_ARGS, "needs the buyer’s name");
  ck_assert (!print (BILLING, invoice));
  ck_assert (print (BILLING, "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"invoice\"}"));
  ck_assert (print (BILLING, invoice));   /* the same buyer again is fine */
  refused (BILLING, "receipt.print", "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"invoice\", "
           "\"buyer_name\": \"Someone Else\"}", AX_MODEL_ERROR_INVALID_ARGS, "was issued to Siam Beauty");

  r = query (SALE (1));
  ck_assert_int_eq (r->prints[AX_RECEIPT_KIND_RECEIPT], 3);
  ck_assert_int_eq (r->prints[AX_RECEIPT_KIND_INVOICE], 3);
  ck_assert_str_eq (r->buyer_name, "Siam Beauty Co., Ltd.");
  ck_assert_str_eq (r->buyer_tax_id, "0105550001112");
  ck_assert_str_eq (r->buyer_address, "1 Silom Road, Bangkok");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'receipt.print' "
                                          "AND json_extract (detail_json, '$.copy') = 0"), 2);
}
END_TEST

START_TEST (test_print_refusals)
{
  sell_example_14 ();
  refused (FRONT_DESK, "receipt.print", "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"receipt\"}",
           AX_MODEL_ERROR_FORBIDDEN, "make sales");
  refused (READ_ONLY, "receipt.print", "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"receipt\"}",
           AX_MODEL_ERROR_FORBIDDEN, "make sales");
  refused (BILLING, "receipt.print", "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"letter\"}",
           AX_MODEL_ERROR_INVALID_ARGS, "kind");
  refused (BILLING, "receipt.print", "{\"kind\": \"receipt\"}", AX_MODEL_ERROR_INVALID_ARGS, "sale_id");
  refused (BILLING, "receipt.print", "{\"sale_id\": \"" SALE (9) "\", \"kind\": \"receipt\"}",
           AX_MODEL_ERROR_NOT_FOUND, "no sale");
  refused (BILLING, "receipt.print", "{\"sale_id\": \"" SALE (1) "\", \"kind\": \"receipt\", "
           "\"buyer_name\": \"X\"}", AX_MODEL_ERROR_INVALID_ARGS, "only on a tax invoice");
}
END_TEST

/* A credit note prints with the sale it refunds and the reason. */
START_TEST (test_credit_note_read)
{
  g_autoptr (AxReceipt) r = NULL;
  g_autoptr (JsonNode) cn = NULL;

  json_node_unref (checkout (SALE (2), "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" AX_TS_FACIAL "\"}], "
                             "\"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]"));
  cn = ax_fixture_mutate (&f, BILLING, "sale.refund", "{\"id\": \"" SALE (3) "\", \"sale_id\": \""
                          SALE (2) "\", \"reason\": \"Skin reaction\"}");
  r = query (SALE (3));
  ck_assert_str_eq (r->sale->kind, "credit_note");
  ck_assert_str_eq (r->sale->number, "LOTCN-D1-2026-000001");
  ck_assert_str_eq (r->refund_of_number, "LOTR-D1-2026-000001");
  ck_assert_str_eq (r->refund_reason, "Skin reaction");
  ck_assert_int_eq (r->sale->total, -150000);
  ck_assert_int_eq (r->sale->classes[AX_TAX_CLASS_STANDARD].tax, -9813);
  ck_assert (!print (BILLING, "{\"sale_id\": \"" SALE (3) "\", \"kind\": \"receipt\"}"));
}
END_TEST

/* The worked day of docs/receipts.md: example 14 (card and cash), a facial
 * in cash voided, a facial on card refunded in full. */
static void
worked_day (void)
{
  sell_example_14 ();
  json_node_unref (checkout (SALE (2), "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" AX_TS_FACIAL "\"}], "
                             "\"tenders\": [{\"kind\": \"cash\", \"amount\": 150000, \"given\": 150000}]"));
  json_node_unref (ax_fixture_mutate (&f, OWNER, "sale.void", "{\"sale_id\": \"" SALE (2) "\", "
                                      "\"reason\": \"Rang up twice\"}"));
  json_node_unref (checkout (SALE (3), "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" AX_TS_FACIAL "\"}], "
                             "\"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]"));
  json_node_unref (ax_fixture_mutate (&f, BILLING, "sale.refund", "{\"id\": \"" SALE (4) "\", "
                                      "\"sale_id\": \"" SALE (3) "\", \"reason\": \"Changed her mind\"}"));
}

static const AxZTender *
tender (AxZReport  *z,
        const char *name)
{
  const AxZTender *t = ax_test_z_tender (z, name);

  ck_assert_msg (t != NULL, "no %s in the Z report", name);
  return t;
}

START_TEST (test_z_report)
{
  g_autoptr (AxZReport) z = NULL;
  g_autoptr (AxZReport) closed = NULL;
  g_autoptr (AxZReport) other = NULL;
  g_autoptr (JsonNode) r = NULL;

  worked_day ();
  z = ax_test_z_report (f.store, TODAY);
  ck_assert_str_eq (z->device_code, "D1");
  ck_assert_int_eq (z->n_sales, 2);
  ck_assert_int_eq (z->sales_total, 1398457 + 150000);
  ck_assert_int_eq (z->sales_discount, 99999);
  ck_assert_int_eq (z->n_voids, 1);
  ck_assert_int_eq (z->voids_total, 150000);
  ck_assert_int_eq (z->n_refunds, 1);
  ck_assert_int_eq (z->refunds_total, -150000);
  ck_assert_int_eq (z->net_total, 1398457);
  /* Per class: the facial's 98.13 of tax in, and out again on the credit note. */
  ck_assert_int_eq (z->classes[AX_TAX_CLASS_STANDARD].gross, 1208579);
  ck_assert_int_eq (z->classes[AX_TAX_CLASS_STANDARD].tax, 79066);
  ck_assert_int_eq (z->classes[AX_TAX_CLASS_STANDARD].net, 1129513);
  ck_assert_int_eq (z->classes[AX_TAX_CLASS_ZERO].gross, 115217);
  ck_assert_int_eq (z->classes[AX_TAX_CLASS_EXEMPT].gross, 74661);
  ck_assert_int_eq (z->tax, 79066);
  ck_assert_int_eq (z->net + z->tax, z->net_total);
  /* Tenders: the voided cash nets to nothing; the card paid back. */
  ck_assert_uint_eq (z->tenders->len, 2);
  ck_assert_str_eq (((AxZTender *) z->tenders->pdata[0])->tender, "cash");
  ck_assert_int_eq (tender (z, "cash")->taken, 398457);
  ck_assert_int_eq (tender (z, "card")->taken, 1150000);
  ck_assert_int_eq (tender (z, "card")->paid_back, -150000);
  ck_assert_int_eq (tender (z, "card")->net, 1000000);
  ck_assert_int_eq (z->cash_net, 398457);
  ck_assert (!z->closed);
  ck_assert_int_eq (z->expected_cash, 398457);

  /* A float of ฿1,000 and ฿4,980.00 counted: ฿4.57 short. */
  r = ax_fixture_mutate (&f, BILLING, "day.close", "{\"date\": \"" TODAY "\", \"opening_float\": 100000, "
                         "\"denominations\": [{\"value\": 100000, \"count\": 4}, {\"value\": 10000, \"count\": 9},"
                         " {\"value\": 5000, \"count\": 1}, {\"value\": 2000, \"count\": 1},"
                         " {\"value\": 1000, \"count\": 1}], \"note\": \"Till 1\"}");
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "expected_cash"), 498457);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "counted_cash"), 498000);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "over_short"), -457);
  closed = ax_test_z_report (f.store, TODAY);
  ck_assert (closed->closed);
  ck_assert_int_eq (closed->opening_float, 100000);
  ck_assert_int_eq (closed->expected_cash, 498457);
  ck_assert_int_eq (closed->counted_cash, 498000);
  ck_assert_int_eq (closed->over_short, -457);
  ck_assert_str_eq (closed->closed_by_name, "billing user");
  ck_assert_str_eq (closed->note, "Till 1");
  ck_assert_ptr_nonnull (strstr (closed->denominations_json, "100000"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'day.close'"), 1);

  /* Closed once. */
  refused (OWNER, "day.close", "{\"date\": \"" TODAY "\", \"counted_cash\": 398457}",
           AX_MODEL_ERROR_DUPLICATE, "was already closed at 10:30 by billing user");
  /* The day before had nothing. */
  other = ax_test_z_report (f.store, "2026-03-09");
  ck_assert_int_eq (other->n_sales + other->n_voids + other->n_refunds, 0);
  ck_assert_uint_eq (other->tenders->len, 0);
}
END_TEST

START_TEST (test_day_close_rules)
{
  g_autoptr (JsonNode) r = NULL;

  worked_day ();
  refused (FRONT_DESK, "day.close", "{\"date\": \"" TODAY "\", \"counted_cash\": 0}",
           AX_MODEL_ERROR_FORBIDDEN, "make sales");
  refused (PROVIDER, "day.close", "{\"date\": \"" TODAY "\", \"counted_cash\": 0}",
           AX_MODEL_ERROR_FORBIDDEN, "make sales");
  refused (BILLING, "day.close", "{\"date\": \"2026-03-11\", \"counted_cash\": 0}",
           AX_MODEL_ERROR_INVALID_ARGS, "has not come yet");
  refused (BILLING, "day.close", "{\"date\": \"" TODAY "\"}", AX_MODEL_ERROR_INVALID_ARGS,
           "give the cash counted");
  refused (BILLING, "day.close", "{\"date\": \"" TODAY "\", \"counted_cash\": 5000, "
           "\"denominations\": [{\"value\": 1000, \"count\": 4}]}", AX_MODEL_ERROR_INVALID_ARGS,
           "add up to 4000 but the counted cash is 5000");
  refused (BILLING, "day.close", "{\"date\": \"" TODAY "\", \"denominations\": [{\"value\": 0, \"count\": 4}]}",
           AX_MODEL_ERROR_INVALID_ARGS, "denomination 1");
  refused (BILLING, "day.close", "{\"date\": \"" TODAY "\", \"denominations\": [{\"value\": 100, \"count\": -1}]}",
           AX_MODEL_ERROR_INVALID_ARGS, "denomination 1");
  refused (BILLING, "day.close", "{\"date\": \"" TODAY "\", \"denominations\": [{\"value\": \"100\"}]}",
           AX_MODEL_ERROR_INVALID_ARGS, "denomination 1");
  refused (BILLING, "day.close", "{\"date\": \"" TODAY "\", \"counted_cash\": -5}",
           AX_MODEL_ERROR_INVALID_ARGS, "counted_cash");
  refused (BILLING, "day.close", "{\"date\": \"10/03/2026\", \"counted_cash\": 5}",
           AX_MODEL_ERROR_INVALID_ARGS, "date");
  refused (BILLING, "day.close", "{\"counted_cash\": 5}", AX_MODEL_ERROR_INVALID_ARGS, "date");
  refused (BILLING, "day.close", "{\"date\": \"" TODAY "\", \"counted_cash\": 5, "
           "\"device_id\": \"019c0000-0000-7000-8000-0000000fffff\"}", AX_MODEL_ERROR_NOT_FOUND, "");
  /* A past day closes; counted exactly: nothing over or short. */
  r = ax_fixture_mutate (&f, OWNER, "day.close", "{\"date\": \"2026-03-09\", \"counted_cash\": 0}");
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "over_short"), 0);
  g_clear_pointer (&r, json_node_unref);
  r = ax_fixture_mutate (&f, BILLING, "day.close", "{\"date\": \"" TODAY "\", \"counted_cash\": 398457}");
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "over_short"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM day_closes"), 2);
}
END_TEST

#define PLAN "019c1000-0000-7000-8000-0000000000a1"

/* The worked day and two renewals of a membership paid at the terminal, in
 * cash and by card: they are takings by tender, so the cash counted
 * balances (docs/receipts.md, "Day close and the Z report"). */
START_TEST (test_z_report_renewals)
{
  g_autoptr (AxZReport) z = NULL;
  g_autoptr (AxZReport) before = NULL;
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *patient = NULL;
  g_autofree char *ms = NULL;
  g_autofree char *args = NULL;
  char *msg = NULL;
  int rc;

  worked_day ();
  rc = sqlite3_exec (ax_db_get_handle (ax_store_get_db (f.store)),
                     "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, "
                     "  price, wallet_amount) "
                     "SELECT '" PLAN "', id, 0, 'h', 'Glow Club', 299000, 300000 FROM clinics",
                     NULL, NULL, &msg);
  ck_assert_msg (rc == SQLITE_OK, "%s", msg ? msg : "");
  patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                  "{\"first_name\": \"Malee\", \"last_name\": \"Dee\"}");
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"plan_id\": \"" PLAN "\", "
                          "\"reason\": \"Paid at enrolment last month\"}", patient);
  ms = ax_fixture_mutate_id (&f, OWNER, "membership.enrol", args);
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"amount\": 299000, \"tender\": \"cash\"}", ms);
  json_node_unref (ax_fixture_mutate (&f, BILLING, "membership.renew", args));
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"%s\", \"amount\": 299000, \"tender\": \"card\", "
                          "\"reference\": \"VISA 1881\"}", ms);
  json_node_unref (ax_fixture_mutate (&f, BILLING, "membership.renew", args));

  z = ax_test_z_report (f.store, TODAY);
  /* Sales as in test_z_report; the renewals beside them. */
  ck_assert_int_eq (z->net_total, 1398457);
  ck_assert_int_eq (z->n_renewals, 2);
  ck_assert_int_eq (z->renewals_total, 598000);
  ck_assert_int_eq (z->takings, 1398457 + 598000);
  ck_assert_int_eq (tender (z, "cash")->taken, 398457 + 299000);
  ck_assert_int_eq (tender (z, "card")->taken, 1150000 + 299000);
  ck_assert_int_eq (tender (z, "card")->net, 1000000 + 299000);
  ck_assert_int_eq (z->cash_net, 697457);
  ck_assert_int_eq (z->expected_cash, 697457);
  /* Every tender's net adds up to the takings. */
  {
    gint64 sum = 0;

    for (guint i = 0; i < z->tenders->len; i++)
      sum += ((AxZTender *) z->tenders->pdata[i])->net;
    ck_assert_int_eq (sum, z->takings);
  }
  /* The drawer holds the float, the sales' cash and the renewal's: it balances. */
  r = ax_fixture_mutate (&f, BILLING, "day.close", "{\"date\": \"" TODAY "\", "
                         "\"opening_float\": 100000, \"counted_cash\": 797457}");
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "expected_cash"), 797457);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "over_short"), 0);
  /* The day before had none. */
  before = ax_test_z_report (f.store, "2026-03-09");
  ck_assert_int_eq (before->n_renewals, 0);
  ck_assert_int_eq (before->takings, 0);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = {
    test_receipt_read, test_print_copies, test_print_refusals, test_credit_note_read,
    test_z_report, test_z_report_renewals, test_day_close_rules,
  };
  return ax_test_run ("receipts", receipts_setup, teardown, tests, G_N_ELEMENTS (tests));
}
