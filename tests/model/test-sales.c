/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The till: sale.checkout against the worked tax examples, tenders and
 * change, idempotent retries, gapless numbers (also across a failure and a
 * crash mid-checkout), stock first-expiry-first-out, courses and wallets,
 * discount approval, voids and refunds, permissions and bad input. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ax-fixture.h"
#include "ax-hlc.h"
#include "ax-sales.h"
#include "ax-stock.h"

static AxFixture f;

#define ID(n) "019c0000-0000-7000-8000-00000000b0" #n
#define TOXIN ID (01)
#define SUN ID (02)
#define ZERO ID (03)
#define CONSULT ID (04)
#define FACIAL ID (05)
#define COURSE ID (06)
#define PLAN ID (07)
#define LEE ID (08)
#define ANA ID (09)
#define NOWHERE "019c0000-0000-7000-8000-0000000fffff"

/* Every table a sale writes, the outbox, the audit log and the series. */
static const char *const sale_tables[] = {
  "sales", "sale_lines", "sale_line_providers", "payments", "stock_movements", "lot_balance",
  "credit_ledger", "patient_packages", "memberships", "number_series", "outbox", "audit_log",
};

static char *patient, *other_patient;
static char *sun_old, *sun_soon, *sun_late;

static void
exec (const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec (ax_db_get_handle (ax_store_get_db (f.store)), sql, NULL, NULL, &msg);

  ck_assert_msg (rc == SQLITE_OK, "%s: %s", sql, msg ? msg : "");
}

static char *
dump_all (void)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (sale_tables); i++)
    {
      g_autofree char *rows = ax_fixture_dump (&f, sale_tables[i]);
      g_string_append_printf (out, "%s:\n%s", sale_tables[i], rows);
    }
  return g_string_free (out, FALSE);
}

static char *
receive (const char *product,
         const char *lot,
         const char *expiry,
         int         qty)
{
  g_autofree char *args = g_strdup_printf ("{\"product_id\": \"%s\", \"lot_number\": \"%s\", "
                                           "%s%s%s \"quantity\": %d}", product, lot,
                                           expiry ? "\"expiry_date\": \"" : "", expiry ? expiry : "",
                                           expiry ? "\"," : "", qty);
  return ax_fixture_mutate_id (&f, OWNER, "stock.receive", args);
}

static void
catalogue (void)
{
  exec ("INSERT INTO products (id, clinic_id, created_at, updated_at, name, code, price, tax_class) "
        "SELECT '" TOXIN "', id, 0, 'h', 'Toxin (units)', 'TOX', 25000, 'standard' FROM clinics;"
        "INSERT INTO products (id, clinic_id, created_at, updated_at, name, code, price, tax_class) "
        "SELECT '" SUN "', id, 0, 'h', 'Sunscreen', 'SUN', 59000, 'standard' FROM clinics;"
        "INSERT INTO products (id, clinic_id, created_at, updated_at, name, price, tax_class) "
        "SELECT '" ZERO "', id, 0, 'h', 'Zero-rated item', 123456, 'zero' FROM clinics;"
        "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class) "
        "SELECT '" CONSULT "', id, 0, 'h', 'Doctor''s consultation', 80000, 'exempt' FROM clinics;"
        "INSERT INTO services (id, clinic_id, created_at, updated_at, name, price, tax_class) "
        "SELECT '" FACIAL "', id, 0, 'h', 'Facial', 150000, 'standard' FROM clinics;"
        "INSERT INTO packages (id, clinic_id, created_at, updated_at, name, service_id, sessions, "
        "                      price, validity_days) "
        "SELECT '" COURSE "', id, 0, 'h', 'Facial x5', '" FACIAL "', 5, 600000, 365 FROM clinics;"
        "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, "
        "                              wallet_amount, credits_json) "
        "SELECT '" PLAN "', id, 0, 'h', 'Glow Club', 299000, 300000, "
        "       '[{\"service_id\":\"" FACIAL "\",\"sessions\":1}]' FROM clinics;"
        "INSERT INTO providers (id, clinic_id, created_at, updated_at, name) "
        "SELECT '" LEE "', id, 0, 'h', 'Dr Lee' FROM clinics;"
        "INSERT INTO providers (id, clinic_id, created_at, updated_at, name) "
        "SELECT '" ANA "', id, 0, 'h', 'Dr Ana' FROM clinics;");
  patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  other_patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Maria\"}");
  g_free (receive (TOXIN, "T1", "2027-01-01", 100));
  g_free (receive (ZERO, "Z1", NULL, 10));
  sun_old = receive (SUN, "S-OLD", "2026-03-01", 5);    /* expired: today is 2026-03-10 */
  sun_soon = receive (SUN, "S-SOON", "2026-05-01", 2);
  sun_late = receive (SUN, "S-LATE", "2027-01-01", 10);
}

static void
sales_setup (void)
{
  ax_fixture_setup (&f);
  catalogue ();
}

static void
sales_teardown (void)
{
  g_clear_pointer (&patient, g_free);
  g_clear_pointer (&other_patient, g_free);
  g_clear_pointer (&sun_old, g_free);
  g_clear_pointer (&sun_soon, g_free);
  g_clear_pointer (&sun_late, g_free);
  ax_fixture_teardown (&f);
}

static char *
sale_id (int n)
{
  return g_strdup_printf ("019c1000-0000-7000-8000-%012d", n);
}

/* {"id": sale n, …rest}; rest is a printf format. */
static JsonNode *
checkout (AxRole      role,
          int         n,
          const char *fmt,
          ...) G_GNUC_PRINTF (3, 4);

static JsonNode *
checkout (AxRole      role,
          int         n,
          const char *fmt,
          ...)
{
  g_autofree char *id = sale_id (n);
  g_autofree char *rest = NULL;
  g_autofree char *args = NULL;
  va_list ap;

  va_start (ap, fmt);
  rest = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  args = g_strdup_printf ("{\"id\": \"%s\", %s}", id, rest);
  return ax_fixture_mutate (&f, role, "sale.checkout", args);
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
  g_autofree char *before = dump_all ();
  g_autofree char *after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s: wrong error “%s” (%d)", args,
                 error->message, error->code);
  ck_assert_msg (strstr (error->message, part) != NULL, "“%s” does not mention “%s”",
                 error->message, part);
  after = dump_all ();
  ck_assert_str_eq (before, after);
}

static void
refused_checkout (AxRole      role,
                  const char *rest,
                  int         code,
                  const char *part)
{
  g_autofree char *args = g_strdup_printf ("{\"id\": \"019c1000-0000-7000-8000-000000000999\", %s}",
                                           rest);
  refused (role, "sale.checkout", args, code, part);
}

static const char *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

static gint64
int_member (JsonNode   *node,
            const char *name)
{
  return json_object_get_int_member (json_node_get_object (node), name);
}

static AxSale *
query_sale (const char *id)
{
  g_autoptr (GError) error = NULL;
  AxSale *s = ax_sale_query (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id, id, &error);

  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  return s;
}

static gint64
on_hand (const char *lot)
{
  return ax_stock_lot_on_hand (ax_store_get_db (f.store), lot);
}

#define EXAMPLE_14                                                                               \
  "\"lines\": ["                                                                                 \
  " {\"kind\": \"product\", \"item_id\": \"" TOXIN "\", \"quantity\": 50, \"discount_bp\": 1000,"\
  "  \"providers\": [{\"provider_id\": \"" LEE "\", \"split_bp\": 6000},"                        \
  "                 {\"provider_id\": \"" ANA "\", \"split_bp\": 4000}]},"                       \
  " {\"kind\": \"service\", \"item_id\": \"" CONSULT "\", \"providers\": [{\"provider_id\": \"" LEE "\"}]}," \
  " {\"kind\": \"product\", \"item_id\": \"" SUN "\", \"quantity\": 3, \"discount_amount\": 7000},"\
  " {\"kind\": \"product\", \"item_id\": \"" ZERO "\"}],"                                        \
  "\"receipt_discount_amount\": 99999"

/* docs/tax.md example 14 rung up at the till: the sale, its lines, stock
 * first-expiry-first-out, two tenders with change, the receipt's figures. */
START_TEST (test_checkout_example_14)
{
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (AxSale) s = NULL;
  g_autofree char *id = sale_id (1);
  static const gint64 amounts[] = { 1049924, 74661, 158655, 115217 };

  r = checkout (BILLING, 1, EXAMPLE_14 ", \"patient_id\": \"%s\", \"expected_total\": 1398457, "
                "\"tenders\": [{\"kind\": \"card\", \"amount\": 1000000, \"reference\": \"VISA 4242\"},"
                "              {\"kind\": \"cash\", \"amount\": 398457, \"given\": 400000}]", patient);
  ck_assert_str_eq (member (r, "id"), id);
  ck_assert_str_eq (member (r, "number"), "LOTR-D1-2026-000001");
  ck_assert_int_eq (int_member (r, "total"), 1398457);
  ck_assert_int_eq (int_member (r, "change_due"), 1543);

  s = query_sale (id);
  ck_assert_str_eq (s->number, "LOTR-D1-2026-000001");
  ck_assert_str_eq (s->status, "completed");
  ck_assert_str_eq (s->patient_id, patient);
  ck_assert_int_eq (s->subtotal, 1498456);
  ck_assert_int_eq (s->discount, 99999);
  ck_assert_int_eq (s->net, 1319391);
  ck_assert_int_eq (s->tax, 79066);
  ck_assert_int_eq (s->total, 1398457);
  ck_assert_int_eq (s->classes[AX_TAX_CLASS_STANDARD].gross, 1208579);
  ck_assert_int_eq (s->classes[AX_TAX_CLASS_STANDARD].tax, 79066);
  ck_assert_int_eq (s->classes[AX_TAX_CLASS_STANDARD].net, 1129513);
  ck_assert_int_eq (s->classes[AX_TAX_CLASS_EXEMPT].gross, 74661);
  ck_assert_int_eq (s->classes[AX_TAX_CLASS_ZERO].gross, 115217);
  ck_assert_uint_eq (s->lines->len, 4);
  for (guint i = 0; i < 4; i++)
    ck_assert_int_eq (((AxSaleLine *) s->lines->pdata[i])->amount, amounts[i]);
  ck_assert_int_eq (((AxSaleLine *) s->lines->pdata[0])->discount_bp, 1000);
  ck_assert_int_eq (((AxSaleLine *) s->lines->pdata[0])->discount_amount, 125000);
  ck_assert_int_eq (((AxSaleLine *) s->lines->pdata[2])->discount_amount, 7000);
  ck_assert_uint_eq (s->payments->len, 2);
  ck_assert_int_eq (((AxSalePayment *) s->payments->pdata[1])->tendered, 400000);
  ck_assert_int_eq (((AxSalePayment *) s->payments->pdata[1])->change_due, 1543);
  ck_assert_str_eq (((AxSalePayment *) s->payments->pdata[0])->reference, "VISA 4242");

  /* Providers' splits, stock first expiry first out (the expired lot skipped). */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sale_line_providers"), 3);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (split_bp) FROM sale_line_providers "
                                          "WHERE provider_id = '" ANA "'"), 4000);
  ck_assert_int_eq (on_hand (sun_old), 5);
  ck_assert_int_eq (on_hand (sun_soon), 0);
  ck_assert_int_eq (on_hand (sun_late), 9);
  ck_assert_int_eq (ax_stock_product_on_hand (ax_store_get_db (f.store), TOXIN), 50);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM stock_movements WHERE kind = 'sale'"), 4);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'sale.checkout'"), 1);
}
END_TEST

/* Prices without tax: tax is added on top (docs/tax.md example 1's rule). */
START_TEST (test_exclusive_prices)
{
  g_autoptr (JsonNode) r = NULL;

  exec ("UPDATE clinics SET prices_include_tax = 0");
  r = checkout (BILLING, 1, "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\"},"
                " {\"kind\": \"product\", \"item_id\": \"" ZERO "\"}],"
                "\"tenders\": [{\"kind\": \"qr\", \"amount\": 283956}]");
  ck_assert_int_eq (int_member (r, "total"), 150000 + 10500 + 123456);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT tax FROM sales"), 10500);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT prices_include_tax FROM sales"), 0);
}
END_TEST

#define FACIAL_LINE "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\"}]"

START_TEST (test_tenders)
{
  g_autoptr (JsonNode) r = NULL;

  refused_checkout (BILLING, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 100000}]",
                    AX_MODEL_ERROR_INVALID_ARGS, "is still to pay");
  refused_checkout (BILLING, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 160000}]",
                    AX_MODEL_ERROR_INVALID_ARGS, "too much");
  refused_checkout (BILLING, FACIAL_LINE ", \"tenders\": [{\"kind\": \"cash\", \"amount\": 150000, "
                    "\"given\": 100000}]", AX_MODEL_ERROR_INVALID_ARGS, "less than the amount");
  refused_checkout (BILLING, FACIAL_LINE ", \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS,
                    "still to pay");
  /* Card, transfer and cash with change. */
  r = checkout (BILLING, 1, FACIAL_LINE ", \"tenders\": ["
                "{\"kind\": \"card\", \"amount\": 50000}, {\"kind\": \"transfer\", \"amount\": 50000,"
                " \"reference\": \"KBank 123\"}, {\"kind\": \"cash\", \"amount\": 50000, \"given\": 100000}]");
  ck_assert_int_eq (int_member (r, "change_due"), 50000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (amount) FROM payments"), 150000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT change_due FROM payments WHERE tender = 'cash'"), 50000);
}
END_TEST

/* A second click or a retry returns the same sale and writes nothing. */
START_TEST (test_idempotent_retry)
{
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  first = checkout (BILLING, 7, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]");
  before = dump_all ();
  /* Even with other contents (a retry is the same click). */
  again = checkout (BILLING, 7, FACIAL_LINE ", \"tenders\": [{\"kind\": \"cash\", \"amount\": 150000}]");
  after = dump_all ();
  ck_assert_str_eq (before, after);
  ck_assert_str_eq (member (first, "id"), member (again, "id"));
  ck_assert_str_eq (member (first, "number"), member (again, "number"));
  ck_assert (json_object_get_boolean_member (json_node_get_object (again), "existing"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales"), 1);
}
END_TEST

static void
crash_cb (sqlite3_context *ctx,
          int              argc,
          sqlite3_value  **argv)
{
  _exit (0);
}

/* Numbers are gapless per terminal: a checkout that fails after taking its
 * number gives the number back, and so does a crash in the middle. */
START_TEST (test_gapless_numbers)
{
  g_autoptr (JsonNode) a = NULL;
  g_autoptr (JsonNode) b = NULL;
  g_autoptr (JsonNode) c = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *args = NULL;
  sqlite3 *db = ax_db_get_handle (ax_store_get_db (f.store));
  pid_t pid;
  int status;

  a = checkout (BILLING, 1, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]");
  ck_assert_str_eq (member (a, "number"), "LOTR-D1-2026-000001");

  /* Fails in run(), after prepare() took number 2. */
  refused_checkout (BILLING, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 1}]",
                    AX_MODEL_ERROR_INVALID_ARGS, "still to pay");
  /* Fails on the last row written (a payment), as a disk error would. */
  exec ("CREATE TEMP TRIGGER fail_payment BEFORE INSERT ON payments "
        "BEGIN SELECT RAISE (ABORT, 'simulated failure'); END");
  args = g_strdup_printf ("{\"id\": \"019c1000-0000-7000-8000-000000000002\", " FACIAL_LINE
                          ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]}");
  ck_assert_ptr_null (ax_store_mutate_json (f.store, f.actors[BILLING], "sale.checkout", args, &error));
  ck_assert (strstr (error->message, "simulated failure") != NULL);
  exec ("DROP TRIGGER temp.fail_payment");

  /* A crash in the middle: the process dies with the transaction open. */
  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      sqlite3_create_function (db, "ax_test_crash", 0, SQLITE_UTF8, NULL, crash_cb, NULL, NULL);
      sqlite3_exec (db, "CREATE TEMP TRIGGER crash BEFORE INSERT ON payments "
                        "BEGIN SELECT ax_test_crash (); END", NULL, NULL, NULL);
      ax_store_mutate_json (f.store, f.actors[BILLING], "sale.checkout", args, NULL);
      _exit (3);   /* not reached: the trigger ended the process */
    }
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  ck_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  {
    /* What a restarted till sees: the crashed sale never happened. */
    g_autoptr (AxStore) reopened = ax_store_open (f.path, &error);
    sqlite3_stmt *stmt;

    ck_assert_msg (reopened != NULL, "%s", error ? error->message : "");
    stmt = ax_db_prepare (ax_store_get_db (reopened),
                          "SELECT (SELECT COUNT (*) FROM sales), (SELECT last_seq FROM number_series "
                          " WHERE kind = 'receipt')", NULL);
    ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
    ck_assert_int_eq (sqlite3_column_int (stmt, 0), 1);
    ck_assert_int_eq (sqlite3_column_int (stmt, 1), 1);
    sqlite3_reset (stmt);
  }

  b = checkout (BILLING, 2, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]");
  ck_assert_str_eq (member (b, "number"), "LOTR-D1-2026-000002");
  c = checkout (BILLING, 3, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]");
  ck_assert_str_eq (member (c, "number"), "LOTR-D1-2026-000003");
}
END_TEST

START_TEST (test_lots)
{
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *rest = NULL;

  /* The expired lot, chosen: refused. */
  rest = g_strdup_printf ("\"lines\": [{\"kind\": \"product\", \"item_id\": \"" SUN "\", "
                          "\"lot_id\": \"%s\"}], \"tenders\": [{\"kind\": \"card\", \"amount\": 59000}]",
                          sun_old);
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "expired on 2026-03-01");
  /* A lot of another product: refused. */
  g_free (rest);
  rest = g_strdup_printf ("\"lines\": [{\"kind\": \"product\", \"item_id\": \"" TOXIN "\", "
                          "\"lot_id\": \"%s\"}], \"tenders\": [{\"kind\": \"card\", \"amount\": 25000}]",
                          sun_late);
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "is not a lot of Toxin");
  /* More than the lots that have not expired hold (12; the expired 5 don't count). */
  refused_checkout (BILLING, "\"lines\": [{\"kind\": \"product\", \"item_id\": \"" SUN "\", "
                    "\"quantity\": 13}], \"tenders\": [{\"kind\": \"card\", \"amount\": 767000}]",
                    AX_MODEL_ERROR_INVALID_ARGS, "12 of Sunscreen are in stock");
  /* A chosen lot is used even when another expires first. */
  g_free (rest);
  rest = g_strdup_printf ("\"lines\": [{\"kind\": \"product\", \"item_id\": \"" SUN "\", "
                          "\"lot_id\": \"%s\"}], \"tenders\": [{\"kind\": \"card\", \"amount\": 59000}]",
                          sun_late);
  r = checkout (BILLING, 1, "%s", rest);
  ck_assert_int_eq (on_hand (sun_late), 9);
  ck_assert_int_eq (on_hand (sun_soon), 2);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sale_lines WHERE lot_id IS NOT NULL"), 1);
}
END_TEST

/* A course sold, redeemed, and a redemption below zero refused. */
START_TEST (test_course)
{
  g_autoptr (JsonNode) sold = NULL;
  g_autoptr (JsonNode) used = NULL;
  g_autofree char *pp = NULL;
  g_autofree char *rest = NULL;

  refused_checkout (BILLING, "\"lines\": [{\"kind\": \"package\", \"item_id\": \"" COURSE "\"}], "
                    "\"tenders\": [{\"kind\": \"card\", \"amount\": 600000}]",
                    AX_MODEL_ERROR_INVALID_ARGS, "attach the patient");
  sold = checkout (BILLING, 1, "\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"package\", "
                   "\"item_id\": \"" COURSE "\"}], \"tenders\": [{\"kind\": \"card\", \"amount\": 600000}]",
                   patient);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patient_packages WHERE sessions = 5 "
                                          "AND status = 'active' AND sale_line_id IS NOT NULL"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (sessions) FROM credit_ledger"), 5);
  {
    sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store), "SELECT id FROM patient_packages", NULL);
    ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
    pp = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  /* Four facials paid by the course. */
  used = checkout (BILLING, 2, "\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"service\", "
                   "\"item_id\": \"" FACIAL "\", \"quantity\": 4}], \"tenders\": [{\"kind\": "
                   "\"package_credit\", \"amount\": 600000, \"patient_package_id\": \"%s\", "
                   "\"sessions\": 4}]", patient, pp);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (sessions) FROM credit_ledger"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM payments WHERE tender = 'package_credit'"), 1);
  /* Two more: one is left. */
  rest = g_strdup_printf ("\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"service\", \"item_id\": \""
                          FACIAL "\", \"quantity\": 2}], \"tenders\": [{\"kind\": \"package_credit\", "
                          "\"amount\": 300000, \"patient_package_id\": \"%s\", \"sessions\": 2}]",
                          patient, pp);
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "1 sessions left and 2 are asked for");
  /* Another patient's course. */
  g_free (rest);
  rest = g_strdup_printf ("\"patient_id\": \"%s\", " FACIAL_LINE ", \"tenders\": [{\"kind\": "
                          "\"package_credit\", \"amount\": 150000, \"patient_package_id\": \"%s\"}]",
                          other_patient, pp);
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "belongs to another patient");
  /* A service the course does not cover. */
  g_free (rest);
  rest = g_strdup_printf ("\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"service\", \"item_id\": \""
                          CONSULT "\"}], \"tenders\": [{\"kind\": \"package_credit\", \"amount\": 80000, "
                          "\"patient_package_id\": \"%s\"}]", patient, pp);
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "not in this sale");
}
END_TEST

START_TEST (test_wallet)
{
  g_autoptr (JsonNode) sold = NULL;
  g_autoptr (JsonNode) paid = NULL;
  g_autofree char *ms = NULL;
  g_autofree char *rest = NULL;

  sold = checkout (BILLING, 1, "\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"membership\", "
                   "\"item_id\": \"" PLAN "\"}], \"tenders\": [{\"kind\": \"card\", \"amount\": 299000}]",
                   patient);
  {
    sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store), "SELECT id FROM memberships", NULL);
    ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
    ms = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (amount) FROM credit_ledger"), 300000);
  paid = checkout (BILLING, 2, "\"patient_id\": \"%s\", " FACIAL_LINE ", \"tenders\": [{\"kind\": "
                   "\"membership_wallet\", \"amount\": 150000, \"membership_id\": \"%s\"}]", patient, ms);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (amount) FROM credit_ledger"), 150000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM payments WHERE tender = 'wallet'"), 1);
  rest = g_strdup_printf ("\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"service\", \"item_id\": \""
                          FACIAL "\", \"quantity\": 2}], \"tenders\": [{\"kind\": \"membership_wallet\", "
                          "\"amount\": 300000, \"membership_id\": \"%s\"}]", patient, ms);
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "left in its wallet");
}
END_TEST

/* Above 20 % off (the clinic's default), an owner approves; audited. */
START_TEST (test_discount_approval)
{
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (JsonNode) own = NULL;
  g_autofree char *rest = NULL;
  const char *owner_id = ax_actor_get_user_id (f.actors[OWNER]);
  const char *billing_id = ax_actor_get_user_id (f.actors[BILLING]);

#define BIG_OFF "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"discount_bp\": 2500}], " \
                "\"tenders\": [{\"kind\": \"card\", \"amount\": 112500}]"
  refused_checkout (BILLING, BIG_OFF, AX_MODEL_ERROR_INVALID_ARGS, "needs an owner’s approval");
  rest = g_strdup_printf (BIG_OFF ", \"approved_by\": \"%s\"", billing_id);
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "not your own");
  g_free (rest);
  rest = g_strdup_printf (BIG_OFF ", \"approved_by\": \"%s\"",
                          ax_actor_get_user_id (f.actors[DIRECTOR]));
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "not an active owner");
  /* The receipt discount counts too. */
  refused_checkout (BILLING, FACIAL_LINE ", \"receipt_discount_bp\": 3000, "
                    "\"tenders\": [{\"kind\": \"card\", \"amount\": 105000}]",
                    AX_MODEL_ERROR_INVALID_ARGS, "needs an owner’s approval");
  /* Exactly 20 % needs nobody. */
  r = checkout (BILLING, 1, "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", "
                "\"discount_bp\": 2000}], \"tenders\": [{\"kind\": \"card\", \"amount\": 120000}]");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales WHERE approved_by IS NULL"), 1);
  g_clear_pointer (&r, json_node_unref);
  g_free (rest);
  rest = g_strdup_printf (BIG_OFF ", \"approved_by\": \"%s\"", owner_id);
  r = checkout (BILLING, 2, "%s", rest);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = "
                                          "'sale.discount_approved'"), 1);
  g_free (rest);
  rest = g_strdup_printf ("SELECT COUNT (*) FROM sales WHERE approved_by = '%s'", owner_id);
  ck_assert_int_eq (ax_fixture_count (&f, rest), 1);
  /* An owner approves their own. */
  own = checkout (OWNER, 3, BIG_OFF);
  ck_assert_int_eq (ax_fixture_count (&f, rest), 2);
}
END_TEST

/* A same-day void: stock, credits and payments reversed, audited. */
START_TEST (test_void)
{
  g_autoptr (JsonNode) a = NULL;
  g_autoptr (JsonNode) v = NULL;
  g_autofree char *id = sale_id (1);
  g_autofree char *args = NULL;
  g_autoptr (AxSale) s = NULL;

  a = checkout (BILLING, 1, "\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"product\", \"item_id\": \""
                SUN "\", \"quantity\": 3}, {\"kind\": \"package\", \"item_id\": \"" COURSE "\"}], "
                "\"tenders\": [{\"kind\": \"card\", \"amount\": 777000}]", patient);
  ck_assert_int_eq (on_hand (sun_soon) + on_hand (sun_late), 9);

  args = g_strdup_printf ("{\"sale_id\": \"%s\", \"reason\": \"Wrong patient\"}", id);
  refused (BILLING, "sale.void", args, AX_MODEL_ERROR_INVALID_ARGS, "needs an owner’s approval");
  refused (FRONT_DESK, "sale.void", args, AX_MODEL_ERROR_FORBIDDEN, "void sales");
  refused (PROVIDER, "sale.void", args, AX_MODEL_ERROR_FORBIDDEN, "void sales");
  g_free (args);
  args = g_strdup_printf ("{\"sale_id\": \"%s\", \"reason\": \"Wrong patient\", \"approved_by\": \"%s\"}",
                          id, ax_actor_get_user_id (f.actors[OWNER]));
  v = ax_fixture_mutate (&f, BILLING, "sale.void", args);

  s = query_sale (id);
  ck_assert_str_eq (s->status, "voided");
  ck_assert_str_eq (s->void_reason, "Wrong patient");
  ck_assert_str_eq (s->approved_by, ax_actor_get_user_id (f.actors[OWNER]));
  ck_assert_int_eq (on_hand (sun_soon), 2);
  ck_assert_int_eq (on_hand (sun_late), 10);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (amount) FROM payments"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM payments WHERE amount < 0"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (sessions) FROM credit_ledger"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM patient_packages WHERE status = 'refunded'"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'sale.void'"), 1);
  /* The number stays used; no second void. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT last_seq FROM number_series WHERE kind = 'receipt'"), 1);
  refused (OWNER, "sale.void", args, AX_MODEL_ERROR_INVALID_ARGS, "already voided");

  /* Yesterday's sale can't be voided. */
  {
    g_autoptr (JsonNode) b = NULL;
    g_autofree char *id2 = sale_id (2);
    g_autofree char *args2 = g_strdup_printf ("{\"sale_id\": \"%s\", \"reason\": \"Late\"}", id2);

    ax_store_set_now (f.store, AX_FIXTURE_NOW_MS - 24 * 3600 * G_GINT64_CONSTANT (1000));
    b = checkout (BILLING, 2, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]");
    ax_store_set_now (f.store, AX_FIXTURE_NOW_MS);
    refused (OWNER, "sale.void", args2, AX_MODEL_ERROR_INVALID_ARGS, "Refund it instead");
  }
}
END_TEST

/* Refunds: a credit note from its own series, stock back to its lots,
 * payments back to the tenders, the last first. */
START_TEST (test_refund)
{
  g_autoptr (JsonNode) a = NULL;
  g_autoptr (JsonNode) r1 = NULL;
  g_autoptr (JsonNode) r2 = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (AxSale) sale = NULL;
  g_autoptr (AxSale) cn = NULL;
  g_autofree char *id = sale_id (1);
  g_autofree char *args = NULL;
  const char *sun_line;

  a = checkout (BILLING, 1, "\"lines\": [{\"kind\": \"product\", \"item_id\": \"" SUN "\", "
                "\"quantity\": 3}, {\"kind\": \"service\", \"item_id\": \"" FACIAL "\"}], "
                "\"tenders\": [{\"kind\": \"card\", \"amount\": 200000}, "
                "{\"kind\": \"cash\", \"amount\": 127000, \"given\": 130000}]");
  sale = query_sale (id);
  sun_line = ((AxSaleLine *) sale->lines->pdata[0])->id;

  /* Two of three sunscreens back. */
  args = g_strdup_printf ("{\"id\": \"019c2000-0000-7000-8000-000000000001\", \"sale_id\": \"%s\", "
                          "\"reason\": \"Allergic\", \"lines\": [{\"sale_line_id\": \"%s\", "
                          "\"quantity\": 2}]}", id, sun_line);
  refused (FRONT_DESK, "sale.refund", args, AX_MODEL_ERROR_FORBIDDEN, "refund sales");
  refused (READ_ONLY, "sale.refund", args, AX_MODEL_ERROR_FORBIDDEN, "refund sales");
  r1 = ax_fixture_mutate (&f, BILLING, "sale.refund", args);
  ck_assert_str_eq (member (r1, "number"), "LOTCN-D1-2026-000001");
  ck_assert_int_eq (int_member (r1, "total"), -118000);
  cn = query_sale (member (r1, "id"));
  ck_assert_str_eq (cn->kind, "credit_note");
  ck_assert_str_eq (cn->refund_of_sale_id, id);
  ck_assert_int_eq (cn->total, -118000);
  ck_assert_int_eq (cn->tax, -7720);       /* 118000 × 7 ÷ 107 = 7719.6 → 7720 */
  ck_assert_uint_eq (cn->payments->len, 1);
  ck_assert_str_eq (((AxSalePayment *) cn->payments->pdata[0])->tender, "cash");
  ck_assert_int_eq (((AxSalePayment *) cn->payments->pdata[0])->amount, -118000);
  ck_assert_int_eq (on_hand (sun_soon) + on_hand (sun_late), 11);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'sale.refund'"), 1);
  /* The same refund again is the same credit note. */
  again = ax_fixture_mutate (&f, BILLING, "sale.refund", args);
  ck_assert_str_eq (member (again, "number"), "LOTCN-D1-2026-000001");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales WHERE kind = 'credit_note'"), 1);
  /* More than is left. */
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"019c2000-0000-7000-8000-000000000002\", \"sale_id\": \"%s\", "
                          "\"reason\": \"x\", \"lines\": [{\"sale_line_id\": \"%s\", \"quantity\": 2}]}",
                          id, sun_line);
  refused (BILLING, "sale.refund", args, AX_MODEL_ERROR_INVALID_ARGS, "1 of Sunscreen are left");

  /* The rest: cash first went back, so the card takes the remainder. */
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"019c2000-0000-7000-8000-000000000002\", \"sale_id\": \"%s\", "
                          "\"reason\": \"Closing the sale\"}", id);
  r2 = ax_fixture_mutate (&f, BILLING, "sale.refund", args);
  ck_assert_str_eq (member (r2, "number"), "LOTCN-D1-2026-000002");
  ck_assert_int_eq (int_member (r2, "total"), -(59000 + 150000));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (amount) FROM payments WHERE tender = 'cash'"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (amount) FROM payments WHERE tender = 'card'"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (total) FROM sales"), 0);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM sales WHERE status = 'refunded'"), 1);
  ck_assert_int_eq (on_hand (sun_soon) + on_hand (sun_late), 12);
  /* Nothing left; and the receipt series did not move. */
  g_free (args);
  args = g_strdup_printf ("{\"id\": \"019c2000-0000-7000-8000-000000000003\", \"sale_id\": \"%s\", "
                          "\"reason\": \"x\"}", id);
  refused (BILLING, "sale.refund", args, AX_MODEL_ERROR_INVALID_ARGS, "already refunded");
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT last_seq FROM number_series WHERE kind = 'receipt'"), 1);
}
END_TEST

START_TEST (test_permissions)
{
  static const AxRole roles[] = { FRONT_DESK, PROVIDER, DIRECTOR, READ_ONLY };

  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    refused_checkout (roles[i], FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]",
                      AX_MODEL_ERROR_FORBIDDEN, "make sales");
}
END_TEST

START_TEST (test_bad_input)
{
  static const struct { const char *rest; int code; const char *part; } cases[] = {
    { "\"lines\": [], \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "cart is empty" },
    { "\"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "“lines” is required" },
    { FACIAL_LINE, AX_MODEL_ERROR_INVALID_ARGS, "“tenders” is required" },
    { "\"lines\": [1], \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "list of objects" },
    { "\"lines\": {}, \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "must be a list" },
    { "\"lines\": [{\"kind\": \"voucher\", \"item_id\": \"" FACIAL "\"}], \"tenders\": []",
      AX_MODEL_ERROR_INVALID_ARGS, "“kind” must be one of" },
    { "\"lines\": [{\"kind\": \"service\"}], \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS,
      "“item_id” is required" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"facial\"}], \"tenders\": []",
      AX_MODEL_ERROR_INVALID_ARGS, "must be a record id" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" NOWHERE "\"}], \"tenders\": []",
      AX_MODEL_ERROR_NOT_FOUND, "no service" },
    { "\"lines\": [{\"kind\": \"product\", \"item_id\": \"" FACIAL "\"}], \"tenders\": []",
      AX_MODEL_ERROR_NOT_FOUND, "no product" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"quantity\": -1}], \"tenders\": []",
      AX_MODEL_ERROR_INVALID_ARGS, "quantity is -1" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"quantity\": \"2\"}], \"tenders\": []",
      AX_MODEL_ERROR_INVALID_ARGS, "“quantity” must be a whole number" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"price\": 1}], \"tenders\": []",
      AX_MODEL_ERROR_INVALID_ARGS, "no field “price”" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"discount_amount\": 150001}], "
      "\"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "more than the amount" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"discount_bp\": 10001}], "
      "\"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "100.01" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"discount_bp\": 100, "
      "\"discount_amount\": 100}], \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "not both" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"discount_amount\": -5}], "
      "\"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "can’t be negative" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"providers\": ["
      "{\"provider_id\": \"" LEE "\", \"split_bp\": 5000}, {\"provider_id\": \"" ANA "\", "
      "\"split_bp\": 4000}]}], \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "not 100 %" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"providers\": ["
      "{\"provider_id\": \"" NOWHERE "\"}]}], \"tenders\": []", AX_MODEL_ERROR_NOT_FOUND, "no provider" },
    { "\"lines\": [{\"kind\": \"service\", \"item_id\": \"" FACIAL "\", \"lot_id\": \"" NOWHERE "\"}], "
      "\"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "only a product line" },
    { FACIAL_LINE ", \"receipt_discount_bp\": 100, \"receipt_discount_amount\": 100, \"tenders\": []",
      AX_MODEL_ERROR_INVALID_ARGS, "not both" },
    { FACIAL_LINE ", \"receipt_discount_amount\": 150001, \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS,
      "The receipt" },
    { FACIAL_LINE ", \"expected_total\": 149999, \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]",
      AX_MODEL_ERROR_INVALID_ARGS, "comes to" },
    { FACIAL_LINE ", \"tenders\": [{\"kind\": \"cheque\", \"amount\": 150000}]",
      AX_MODEL_ERROR_INVALID_ARGS, "“kind” must be one of cash" },
    { FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\"}]", AX_MODEL_ERROR_INVALID_ARGS,
      "“amount” is required" },
    { FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 0}]", AX_MODEL_ERROR_INVALID_ARGS,
      "more than 0" },
    { FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000, \"given\": 200000}]",
      AX_MODEL_ERROR_INVALID_ARGS, "only cash is handed over" },
    { FACIAL_LINE ", \"tenders\": [{\"kind\": \"package_credit\", \"amount\": 150000}]",
      AX_MODEL_ERROR_INVALID_ARGS, "“patient_package_id” is required" },
    { FACIAL_LINE ", \"tenders\": [{\"kind\": \"membership_wallet\", \"amount\": 150000, "
      "\"membership_id\": \"" NOWHERE "\"}]", AX_MODEL_ERROR_INVALID_ARGS, "attach the patient" },
    { FACIAL_LINE ", \"patient_id\": \"" NOWHERE "\", \"tenders\": []", AX_MODEL_ERROR_NOT_FOUND,
      "no patient" },
    { FACIAL_LINE ", \"approved_by\": 7, \"tenders\": []", AX_MODEL_ERROR_INVALID_ARGS, "must be text" },
    { FACIAL_LINE ", \"tenders\": [], \"colour\": \"red\"", AX_MODEL_ERROR_INVALID_ARGS,
      "no field “colour”" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    refused_checkout (BILLING, cases[i].rest, cases[i].code, cases[i].part);
  refused (BILLING, "sale.checkout", "{\"lines\": [], \"tenders\": []}", AX_MODEL_ERROR_INVALID_ARGS,
           "“id” is required");
  refused (OWNER, "sale.void", "{\"sale_id\": \"" NOWHERE "\", \"reason\": \"x\"}",
           AX_MODEL_ERROR_NOT_FOUND, "no sale");
  refused (OWNER, "sale.void", "{\"sale_id\": \"" NOWHERE "\"}", AX_MODEL_ERROR_INVALID_ARGS,
           "“reason” is required");
  refused (OWNER, "sale.refund", "{\"id\": \"" NOWHERE "\", \"sale_id\": \"" NOWHERE "\", "
           "\"reason\": \"x\"}", AX_MODEL_ERROR_NOT_FOUND, "no sale");
}
END_TEST

/* Today's sales of this terminal, for the day's list and the Z report. */
START_TEST (test_day_query)
{
  g_autoptr (JsonNode) a = NULL;
  g_autoptr (JsonNode) b = NULL;
  g_autoptr (GPtrArray) day = NULL;
  g_autoptr (GError) error = NULL;
  gint64 midnight = AX_FIXTURE_NOW_MS - (10 * 3600 + 30 * 60) * G_GINT64_CONSTANT (1000);

  a = checkout (BILLING, 1, FACIAL_LINE ", \"tenders\": [{\"kind\": \"card\", \"amount\": 150000}]");
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 60000);
  b = checkout (BILLING, 2, FACIAL_LINE ", \"tenders\": [{\"kind\": \"qr\", \"amount\": 150000}]");
  day = ax_sales_query_range (ax_store_get_db (f.store), ax_store_get_clinic (f.store)->id,
                              ax_store_get_device_id (f.store), midnight,
                              midnight + 24 * 3600 * G_GINT64_CONSTANT (1000), &error);
  ck_assert_ptr_nonnull (day);
  ck_assert_uint_eq (day->len, 2);
  ck_assert_str_eq (((AxSale *) day->pdata[1])->number, "LOTR-D1-2026-000002");
}
END_TEST

/* A checkout as the clinic server runs a pushed one (replayed). */
static JsonNode *
replay_checkout (int         n,
                 const char *rest)
{
  AxHlc clock = { .wall_ms = AX_FIXTURE_NOW_MS + 60000, .logical = 0 };
  char hlc[AX_HLC_STRLEN];
  g_autofree char *id = sale_id (n);
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", %s}", id, rest);
  g_autoptr (JsonNode) node = json_from_string (args, NULL);
  g_autoptr (GError) error = NULL;
  AxDb *db = ax_store_get_db (f.store);
  JsonNode *result;

  g_strlcpy (clock.node, "0123456789ab", sizeof clock.node);
  ax_hlc_format (&clock, hlc);
  ck_assert (ax_db_begin (db, NULL));
  result = ax_store_mutate_in_batch (f.store, f.actors[BILLING], "sale.checkout", node, hlc, TRUE,
                                     NULL, &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  ck_assert (ax_db_commit (db, NULL));
  return result;
}

/* Two desks sold the last boxes, and spent the same wallet, offline: the
 * replayed sales are accepted below zero and each overdrawing entry is
 * flagged with a breach; by hand both are still refused. */
START_TEST (test_breaches_replayed)
{
  g_autoptr (JsonNode) fefo = NULL, chosen = NULL, sold = NULL, spent = NULL;
  g_autofree char *rest = NULL, *ms = NULL;

  /* 12 in date (S-SOON 2, S-LATE 10): 13 taken first-expiry-first-out. */
  fefo = replay_checkout (1, "\"lines\": [{\"kind\": \"product\", \"item_id\": \"" SUN "\", "
                             "\"quantity\": 13}], \"tenders\": [{\"kind\": \"card\", \"amount\": 767000}]");
  ck_assert (json_object_get_boolean_member (json_node_get_object (fefo), "breach"));
  ck_assert_int_eq (on_hand (sun_soon), 0);
  ck_assert_int_eq (on_hand (sun_late), -1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM stock_movements WHERE flagged = 1"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE kind = 'ledger' "
                                          "AND table_name = 'lots' AND field = 'qty' "
                                          "AND theirs_json = '{\"balance\":-1}' "
                                          "AND mine_json LIKE '%Sunscreen · S-LATE%'"), 1);
  /* A chosen lot with nothing left. */
  rest = g_strdup_printf ("\"lines\": [{\"kind\": \"product\", \"item_id\": \"" SUN "\", "
                          "\"lot_id\": \"%s\"}], \"tenders\": [{\"kind\": \"card\", \"amount\": 59000}]",
                          sun_soon);
  chosen = replay_checkout (2, rest);
  ck_assert_int_eq (on_hand (sun_soon), -1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE kind = 'ledger'"), 2);
  /* By hand: refused. */
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "has -1 left and 1 are needed");
  refused_checkout (BILLING, "\"lines\": [{\"kind\": \"product\", \"item_id\": \"" SUN "\"}], "
                    "\"tenders\": [{\"kind\": \"card\", \"amount\": 59000}]",
                    AX_MODEL_ERROR_INVALID_ARGS, "0 of Sunscreen are in stock");

  /* A wallet of 3 000.00 spent for 4 500.00. */
  sold = checkout (BILLING, 3, "\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"membership\", "
                   "\"item_id\": \"" PLAN "\"}], \"tenders\": [{\"kind\": \"card\", \"amount\": 299000}]",
                   patient);
  {
    sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (f.store), "SELECT id FROM memberships", NULL);
    ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
    ms = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_reset (stmt);
  }
  g_free (rest);
  rest = g_strdup_printf ("\"patient_id\": \"%s\", \"lines\": [{\"kind\": \"service\", \"item_id\": \""
                          FACIAL "\", \"quantity\": 3}], \"tenders\": [{\"kind\": \"membership_wallet\", "
                          "\"amount\": 450000, \"membership_id\": \"%s\"}]", patient, ms);
  refused_checkout (BILLING, rest, AX_MODEL_ERROR_INVALID_ARGS, "left in its wallet");
  spent = replay_checkout (4, rest);
  ck_assert (json_object_get_boolean_member (json_node_get_object (spent), "breach"));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT SUM (amount) FROM credit_ledger"), -150000);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM credit_ledger WHERE flagged = 1 "
                                          "AND amount = -450000"), 1);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM conflicts WHERE kind = 'ledger' "
                                          "AND table_name = 'memberships' AND field = 'amount' "
                                          "AND theirs_json = '{\"balance\":-150000}'"), 1);
}
END_TEST

int
main (void)
{
  const TTest *tests[] = {
    test_checkout_example_14, test_exclusive_prices, test_tenders, test_idempotent_retry,
    test_gapless_numbers, test_lots, test_course, test_wallet, test_breaches_replayed, test_discount_approval, test_void,
    test_refund, test_permissions, test_bad_input, test_day_query,
  };
  return ax_test_run ("sales", sales_setup, sales_teardown, tests, G_N_ELEMENTS (tests));
}
