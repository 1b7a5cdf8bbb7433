/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-test"

/* The demo clinic (ax_demo_seed): who can log in, that a seed always gives
 * the same clinic, that the calendar holds no double bookings, that every
 * sale adds up, that the dashboard has something to show on a weekday
 * morning, and that a store with a clinic is left alone. */

#include "ax-test.h"
#include "ax-demo.h"
#include "ax-auth.h"
#include "ax-dashboard.h"
#include "ax-consents.h"
#include "ax-model-error.h"

#include <string.h>
#include <glib/gstdio.h>

/* Wednesday 12 March 2025, 10:40 in Bangkok. */
static gint64
fixed_now (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GDateTime) dt = g_date_time_new (tz, 2025, 3, 12, 10, 40, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static const AxDemoOptions small = { 300, 900, 600, 42, 0 };
static const AxDemoOptions tiny = { 120, 300, 150, 7, 0 };

typedef struct
{
  char    *dir;
  AxStore *store;
  guint64  rows;
} Fixture;

static void
fixture_open_at (Fixture             *f,
                 const AxDemoOptions *options,
                 gint64               now_ms)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  AxDemoOptions o = *options;

  f->dir = g_dir_make_tmp ("ax-test-demo-XXXXXX", &error);
  ck_assert_msg (f->dir != NULL, "temp dir: %s", error ? error->message : "");
  path = g_build_filename (f->dir, "demo.db", NULL);
  f->store = ax_store_open (path, &error);
  ck_assert_msg (f->store != NULL, "open: %s", error ? error->message : "");
  o.now_ms = now_ms;
  ax_store_set_now (f->store, o.now_ms);
  ck_assert_msg (ax_demo_seed (f->store, &o, &f->rows, &error), "seed: %s",
                 error ? error->message : "");
  ck_assert_ptr_nonnull (ax_store_get_clinic (f->store));
}

static void
fixture_open (Fixture             *f,
              const AxDemoOptions *options)
{
  fixture_open_at (f, options, fixed_now ());
}

static void
fixture_close (Fixture *f)
{
  g_clear_object (&f->store);
  ax_test_remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static gint64
query_int (AxStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;
  int rc = sqlite3_prepare_v2 (ax_db_get_handle (ax_store_get_db (store)), sql, -1, &stmt, NULL);

  ck_assert_msg (rc == SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg (ax_db_get_handle (ax_store_get_db (store))));
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
query_text (AxStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *v;

  ck_assert_int_eq (sqlite3_prepare_v2 (ax_db_get_handle (ax_store_get_db (store)), sql, -1, &stmt,
                                        NULL), SQLITE_OK);
  ck_assert_int_eq (sqlite3_step (stmt), SQLITE_ROW);
  v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

/* Every row of a query, as one SHA-256 (to compare two stores). */
static char *
query_digest (AxStore    *store,
              const char *sql)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (ax_db_get_handle (ax_store_get_db (store)), sql, -1, &stmt, NULL);
  guint rows = 0;

  ck_assert_msg (rc == SQLITE_OK, "%s", sql);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, c);
          g_checksum_update (sum, (const guchar *) (text ? text : "\1NULL"), -1);
          g_checksum_update (sum, (const guchar *) "\t", 1);
        }
      rows++;
    }
  sqlite3_finalize (stmt);
  ck_assert_uint_gt (rows, 0);
  return g_strdup (g_checksum_get_string (sum));
}

/* Rows in every table but the device-local clock state. */
static gint64
count_all_rows (AxStore *store)
{
  sqlite3 *db = ax_db_get_handle (ax_store_get_db (store));
  sqlite3_stmt *stmt = NULL;
  gint64 total = 0;

  /* Every table but device state, the search index and the lots' balances,
   * which triggers derive from the patients and the stock ledger. */
  ck_assert_int_eq (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%' AND name <> 'sync_state' "
                                            "AND name NOT LIKE 'patient_search%' "
                                            "AND name <> 'lot_balance'",
                                        -1, &stmt, NULL), SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM \"%s\"",
                                              sqlite3_column_text (stmt, 0));
      total += query_int (store, sql);
    }
  sqlite3_finalize (stmt);
  return total;
}

START_TEST (test_counts_and_rows)
{
  Fixture f = { 0 };

  fixture_open (&f, &small);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM patients"), small.patients);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM appointments"), small.appointments);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM sales"), small.sales);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM providers"), 8);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM rooms"), 6);
  ck_assert_int_ge (query_int (f.store, "SELECT COUNT (*) FROM services"), 18);
  ck_assert_int_ge (query_int (f.store, "SELECT COUNT (*) FROM products"), 12);
  ck_assert_int_ge (query_int (f.store, "SELECT COUNT (*) FROM packages"), 2);
  ck_assert_int_ge (query_int (f.store, "SELECT COUNT (*) FROM membership_plans"), 1);
  /* The demo is the clinic's baseline: nothing waits to be synced. */
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM outbox"), 0);
  /* rows_out tells the truth. */
  ck_assert_int_eq ((gint64) f.rows, count_all_rows (f.store));

  /* The clinic's settings, as the spec asks. */
  {
    const AxClinicInfo *c = ax_store_get_clinic (f.store);

    ck_assert_str_eq (c->name, "Lotus Aesthetic Clinic");
    ck_assert_str_eq (c->code, "LOT");
    ck_assert_str_eq (c->tax_id, "0105561234567");
    ck_assert_str_eq (c->currency, "THB");
    ck_assert_str_eq (c->timezone, "Asia/Bangkok");
    ck_assert_str_eq (c->locale, "th_TH.UTF-8");
    ck_assert_uint_eq (c->vat_rate_bp, 700);
    ck_assert (c->prices_include_tax);
  }
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM devices WHERE code = 'D1' "
                                        "AND kind = 'desk'"), 1);
  /* Every working provider: Mon–Sat with a lunch break, never Sunday. */
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM working_hours WHERE weekday = 7"), 0);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM working_hours WHERE kind = 'work'"),
                    query_int (f.store, "SELECT COUNT (*) FROM working_hours WHERE kind = 'break'"));
  /* Some patients have allergies, some names are in Thai script, some
   * Portuguese ones carry accents. */
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (DISTINCT patient_id) FROM allergies"), 3);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM patients WHERE first_name GLOB '*[ก-๙]*'"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM patients WHERE first_name GLOB '*[ãáçéêíóôú]*' "
                                        "OR last_name GLOB '*[ãáçéêíóôú]*'"), 0);
  fixture_close (&f);
}
END_TEST

START_TEST (test_users_log_in)
{
  static const struct { const char *username; AxRole role; } expected[] = {
    { "owner", AX_ROLE_OWNER },
    { "provider", AX_ROLE_PROVIDER },
    { "frontdesk", AX_ROLE_FRONT_DESK },
    { "billing", AX_ROLE_BILLING },
    { "director", AX_ROLE_MEDICAL_DIRECTOR },
    { "readonly", AX_ROLE_READ_ONLY },
  };
  Fixture f = { 0 };

  fixture_open (&f, &small);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM users"), G_N_ELEMENTS (expected));
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (DISTINCT role) FROM users"), 6);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (AxActor) actor = ax_auth_login (f.store, expected[i].username, AX_DEMO_PASSWORD,
                                                 &error);

      ck_assert_msg (actor != NULL, "%s cannot log in: %s", expected[i].username,
                     error ? error->message : "");
      ck_assert_int_eq (ax_actor_get_role (actor), expected[i].role);
    }
  /* The provider and the medical director are providers in the calendar. */
  ck_assert_int_eq (query_int (f.store,
                               "SELECT COUNT (*) FROM users u JOIN providers p ON p.id = u.provider_id "
                               "AND p.user_id = u.id WHERE u.username IN ('provider', 'director')"), 2);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM users WHERE username = 'provider' "
                                        "AND display_name = 'Dr Somchai Lee'"), 1);
  fixture_close (&f);
}
END_TEST

START_TEST (test_same_seed_same_clinic)
{
  static const char *const queries[] = {
    "SELECT patient_number, first_name, last_name, nickname, birth_date, sex, phone, email, "
    "       national_id, created_at FROM patients ORDER BY patient_number",
    "SELECT number, sold_at, status, subtotal, discount, net, tax, total FROM sales ORDER BY number",
    "SELECT s.number, l.sort_order, l.code, l.qty, l.unit_price, l.amount FROM sale_lines l "
    "  JOIN sales s ON s.id = l.sale_id ORDER BY s.number, l.sort_order",
    "SELECT a.start_at, a.end_at, a.status, p.patient_number, pr.name, r.name FROM appointments a "
    "  JOIN patients p ON p.id = a.patient_id JOIN providers pr ON pr.id = a.provider_id "
    "  LEFT JOIN rooms r ON r.id = a.room_id ORDER BY a.start_at, pr.name",
    "SELECT l.lot_number, l.expiry_date, SUM (m.qty) FROM lots l JOIN stock_movements m "
    "  ON m.lot_id = l.id GROUP BY l.id ORDER BY l.lot_number",
  };
  Fixture a = { 0 }, b = { 0 }, c = { 0 };
  AxDemoOptions other = small;

  fixture_open (&a, &small);
  fixture_open (&b, &small);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *da = query_digest (a.store, queries[i]);
      g_autofree char *db = query_digest (b.store, queries[i]);

      ck_assert_msg (g_str_equal (da, db), "differs between two seeds of 42: %s", queries[i]);
    }
  ck_assert_uint_eq (a.rows, b.rows);

  /* Another seed, another clinic (same size). */
  other.seed = 43;
  fixture_open (&c, &other);
  {
    g_autofree char *da = query_digest (a.store, queries[0]);
    g_autofree char *dc = query_digest (c.store, queries[0]);

    ck_assert_str_ne (da, dc);
  }
  fixture_close (&a);
  fixture_close (&b);
  fixture_close (&c);
}
END_TEST

#define LIVE(t) t ".deleted_at IS NULL AND " t ".status NOT IN ('cancelled', 'no_show')"

START_TEST (test_no_double_booking)
{
  Fixture f = { 0 };

  fixture_open (&f, &small);
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM appointments a JOIN appointments b "
    "  ON a.provider_id = b.provider_id AND a.id < b.id "
    " AND a.start_at < b.end_at AND b.start_at < a.end_at WHERE " LIVE ("a") " AND " LIVE ("b")), 0);
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM appointments a JOIN appointments b "
    "  ON a.room_id = b.room_id AND a.id < b.id "
    " AND a.start_at < b.end_at AND b.start_at < a.end_at WHERE " LIVE ("a") " AND " LIVE ("b")), 0);
  /* One or two services each, the appointment as long as they are. */
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM appointments a WHERE (SELECT COUNT (*) FROM appointment_services x "
    "  WHERE x.appointment_id = a.id) NOT IN (1, 2) OR (a.end_at - a.start_at) / 60000 <> "
    "  (SELECT SUM (duration_min) FROM appointment_services x WHERE x.appointment_id = a.id)"), 0);
  /* Nothing booked before it was booked, or after "now". */
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM appointments WHERE created_at > start_at"), 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM appointments WHERE created_at > %"
                                            G_GINT64_FORMAT, fixed_now ());
    ck_assert_int_eq (query_int (f.store, sql), 0);
  }
  /* The past is done, the future is still to come. */
  {
    g_autofree char *past = g_strdup_printf ("SELECT COUNT (*) FROM appointments WHERE end_at <= %"
                                             G_GINT64_FORMAT " AND status IN ('booked', 'confirmed')",
                                             fixed_now ());
    g_autofree char *future = g_strdup_printf ("SELECT COUNT (*) FROM appointments WHERE start_at > %"
                                               G_GINT64_FORMAT " AND status IN ('completed', "
                                               "'no_show', 'in_progress')", fixed_now ());
    ck_assert_int_eq (query_int (f.store, past), 0);
    ck_assert_int_eq (query_int (f.store, future), 0);
  }
  fixture_close (&f);
}
END_TEST

START_TEST (test_sales_add_up)
{
  Fixture f = { 0 };
  g_autofree char *sql = NULL;

  fixture_open (&f, &small);
  /* Prices include 7 % VAT: total = lines = subtotal − discount = net + tax. */
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM sales s WHERE total <> (SELECT SUM (amount) FROM sale_lines "
    "  WHERE sale_id = s.id) OR total <> net + tax OR subtotal - discount <> total "
    "  OR total <= 0 OR currency <> 'THB' OR vat_rate_bp <> 700 OR prices_include_tax <> 1"), 0);
  /* Tax is 7/107 of the standard-rated lines, rounded half up; zero-rated
   * and exempt lines carry none. */
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM sales s WHERE tax <> "
    "  (COALESCE ((SELECT SUM (amount) FROM sale_lines WHERE sale_id = s.id "
    "              AND tax_class = 'standard'), 0) * 1400 + 10700) / 21400"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM sale_lines WHERE tax_class = 'exempt'"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM sales WHERE discount > 0"), 0);
  /* A line's amount is its price less its own discount and its share of
   * the receipt's. */
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM sale_lines WHERE amount > qty * unit_price - COALESCE (discount_amount, 0)"), 0);
  /* Payments settle every sale; a void pays everything back. */
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM sales s WHERE (SELECT SUM (amount) FROM payments WHERE sale_id = s.id) "
    "  <> CASE status WHEN 'voided' THEN 0 ELSE total END"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (DISTINCT tender) FROM payments"), 3);
  /* Receipt numbers: LOTR-D1-<year>-<seq>, gapless, with the series row
   * that the next checkout continues from. */
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM sales WHERE number NOT GLOB 'LOTR-D1-20[0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]'"), 0);
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM number_series n WHERE kind = 'receipt' AND (prefix <> 'LOTR' OR last_seq <> "
    "  (SELECT COUNT (*) FROM sales WHERE substr (number, 9, 4) = CAST (n.year AS TEXT)) OR last_seq <> "
    "  (SELECT MAX (CAST (substr (number, 14) AS INTEGER)) FROM sales "
    "    WHERE substr (number, 9, 4) = CAST (n.year AS TEXT)))"), 0);
  /* Receipt numbers follow the time of sale. */
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM sales a JOIN sales b ON a.number < b.number "
    "  AND substr (a.number, 9, 4) = substr (b.number, 9, 4) AND a.sold_at > b.sold_at"), 0);
  /* Every product line took stock from a lot; nothing is below zero. */
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM sale_lines l WHERE kind = 'product' AND (lot_id IS NULL OR NOT EXISTS "
    "  (SELECT 1 FROM stock_movements m WHERE m.sale_line_id = l.id AND m.qty = -l.qty))"), 0);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM lot_stock WHERE on_hand < 0"), 0);
  sql = g_strdup_printf ("SELECT COUNT (*) FROM sales WHERE sold_at > %" G_GINT64_FORMAT, fixed_now ());
  ck_assert_int_eq (query_int (f.store, sql), 0);
  fixture_close (&f);
}
END_TEST

START_TEST (test_dashboard_has_a_day)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AxDashboard) dash = NULL;
  gboolean expired = FALSE;

  fixture_open (&f, &small);
  dash = ax_dashboard_query (ax_store_get_db (f.store), ax_store_get_timezone (f.store),
                             fixed_now (), &error);
  ck_assert_msg (dash != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (dash->currency, "THB");
  ck_assert_int_ge (dash->appointments_today, 20);
  ck_assert_int_gt (dash->appointments_last_week, 0);
  ck_assert_int_gt (dash->revenue_today, 0);
  ck_assert_int_gt (dash->revenue_last_week, 0);
  ck_assert (dash->has_next_appointment);
  ck_assert_int_ge (dash->next_start_ms, fixed_now ());
  ck_assert_str_ne (dash->next_patient, "");
  ck_assert_str_ne (dash->next_provider, "");
  ck_assert_str_ne (dash->next_service, "");
  ck_assert_int_gt (dash->new_patients_month, 0);
  ck_assert_int_gt (dash->new_patients_last_month, 0);
  ck_assert_uint_ge (dash->low_stock->len, 2);
  ck_assert_uint_le (dash->low_stock->len, 3);
  ck_assert_uint_ge (dash->near_expiry->len, 2);
  for (guint i = 0; i < dash->near_expiry->len; i++)
    expired |= ((AxDashboardExpiry *) dash->near_expiry->pdata[i])->days_left < 0;
  ck_assert_msg (expired, "no expired lot still in stock");
  ck_assert_uint_eq (dash->latest_sales->len, 8);

  /* Some of today's appointments are done already. */
  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT COUNT (*) FROM appointments WHERE start_at >= %" G_GINT64_FORMAT " - 3 * 3600000 "
      "AND end_at <= %" G_GINT64_FORMAT " AND status IN ('completed', 'checked_in', 'in_progress')",
      fixed_now (), fixed_now ());
    ck_assert_int_gt (query_int (f.store, sql), 0);
  }
  fixture_close (&f);
}
END_TEST

/* Whenever the app is started, today is a day with something on. */
START_TEST (test_any_time_of_day)
{
  static const struct { int month, day, hour, minute; gboolean next; } times[] = {
    { 3, 16, 11, 0, TRUE },    /* a Sunday: the clinic is closed, but not in the demo */
    { 3, 12, 21, 30, TRUE },   /* after closing: an evening consultation is still to come */
    { 3, 10, 7, 15, TRUE },    /* before opening */
    { 3, 1, 0, 20, TRUE },     /* the first of the month, just after midnight */
    { 3, 12, 23, 50, FALSE },  /* too late for anything more today */
  };
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr (GDateTime) dt = g_date_time_new (tz, 2025, times[i].month, times[i].day,
                                                  times[i].hour, times[i].minute, 0);
      gint64 now = g_date_time_to_unix (dt) * 1000;
      g_autoptr (GError) error = NULL;
      g_autoptr (AxDashboard) dash = NULL;
      Fixture f = { 0 };

      fixture_open_at (&f, &tiny, now);
      dash = ax_dashboard_query (ax_store_get_db (f.store), ax_store_get_timezone (f.store), now,
                                 &error);
      ck_assert_msg (dash != NULL, "%s", error ? error->message : "");
      ck_assert_msg (dash->appointments_today >= 20, "%u: %d appointments today", i,
                     dash->appointments_today);
      ck_assert_msg (dash->revenue_today > 0, "%u: no revenue today", i);
      ck_assert_msg (dash->new_patients_month > 0, "%u: no new patients this month", i);
      if (times[i].next)
        ck_assert_msg (dash->has_next_appointment, "%u: no next appointment", i);
      ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM appointments"), tiny.appointments);
      ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM sales"), tiny.sales);
      fixture_close (&f);
    }
}
END_TEST

START_TEST (test_patients_look_real)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (AxActor) owner = NULL;
  g_autoptr (JsonNode) result = NULL;
  g_autofree char *owner_id = NULL;
  gint64 year_count;

  fixture_open (&f, &small);
  ck_assert_int_eq (query_int (f.store,
    "SELECT COUNT (*) FROM patients WHERE patient_number NOT GLOB "
    "'LOT-D1-20[0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9]' "
    "OR birth_date NOT BETWEEN '1960-01-01' AND '2005-12-31'"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM patients WHERE phone GLOB '0[689][0-9]-[0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM patients WHERE phone GLOB '0[689][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM patients WHERE phone LIKE '+55 %'"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM patients WHERE email IS NOT NULL"), 0);
  ck_assert_int_gt (query_int (f.store, "SELECT COUNT (*) FROM patients WHERE national_id IS NOT NULL"), 0);

  /* The patient series continues where the demo left it. */
  year_count = query_int (f.store, "SELECT COUNT (*) FROM patients WHERE patient_number LIKE 'LOT-D1-2025-%'");
  owner_id = query_text (f.store, "SELECT id FROM users WHERE username = 'owner'");
  owner = ax_actor_new (owner_id, "owner", "Ploy Chaiyaporn", AX_ROLE_OWNER);
  result = ax_store_mutate_json (f.store, owner, "patient.create",
                                 "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}", &error);
  ck_assert_msg (result != NULL, "%s", error ? error->message : "");
  {
    g_autofree char *expected = g_strdup_printf ("LOT-D1-2025-%06" G_GINT64_FORMAT, year_count + 1);
    ck_assert_str_eq (json_object_get_string_member (json_node_get_object (result), "patient_number"),
                      expected);
  }
  fixture_close (&f);
}
END_TEST

START_TEST (test_consents_verify)
{
  Fixture f = { 0 };
  g_autoptr (GPtrArray) templates = NULL;
  g_autofree char *patient = NULL;
  sqlite3_stmt *stmt;
  int verified = 0;

  fixture_open (&f, &small);
  templates = ax_consent_templates_query (ax_store_get_db (f.store), TRUE, NULL);
  ck_assert_uint_eq (templates->len, 3);
  for (guint i = 0; i < templates->len; i++)
    ck_assert (ax_consent_template_check (((AxConsentTemplate *) templates->pdata[i])->body, NULL));
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM consents WHERE status = 'pending'"), 1);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM consents WHERE status = 'withdrawn'"), 1);
  ck_assert_int_ge (query_int (f.store, "SELECT COUNT (*) FROM consents WHERE status = 'signed'"), 5);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM consents WHERE body LIKE '%{{%'"), 0);

  /* Every demo signature verifies, as one made by consent.sign would. */
  stmt = ax_db_prepare (ax_store_get_db (f.store),
                        "SELECT id FROM consents WHERE signature_id IS NOT NULL", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      g_autoptr (AxConsent) c = ax_consent_query (ax_store_get_db (f.store), id, NULL);
      g_autofree char *hash = ax_consent_content_sha256 (c);

      ck_assert_str_eq (hash, c->content_sha256);
      verified++;
    }
  sqlite3_reset (stmt);
  ck_assert_int_ge (verified, 6);
  fixture_close (&f);
}
END_TEST

START_TEST (test_second_seed_refused)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  AxDemoOptions again = small;
  gint64 before, after;
  guint64 rows = 12345;

  fixture_open (&f, &small);
  before = count_all_rows (f.store);
  again.now_ms = fixed_now ();
  ck_assert (!ax_demo_seed (f.store, &again, &rows, &error));
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE));
  ck_assert_ptr_nonnull (strstr (error->message, "Lotus Aesthetic Clinic"));
  ck_assert_uint_eq (rows, 0);
  after = count_all_rows (f.store);
  ck_assert_int_eq (before, after);
  ck_assert_int_eq (query_int (f.store, "SELECT COUNT (*) FROM clinics"), 1);
  fixture_close (&f);
}
END_TEST

AX_TEST_MAIN ("demo",
              test_counts_and_rows,
              test_users_log_in,
              test_same_seed_same_clinic,
              test_no_double_booking,
              test_sales_add_up,
              test_dashboard_has_a_day,
              test_any_time_of_day,
              test_patients_look_real,
              test_consents_verify,
              test_second_seed_refused)
