/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ax-fixture.h"
#include "ax-dashboard.h"

static AxFixture f;

/* Midnight of the fixture's day (Tuesday 2026-03-10) in Bangkok. */
#define MIDNIGHT (AX_FIXTURE_NOW_MS - (10 * 60 + 30) * 60000)
#define AT(day, h, m) (MIDNIGHT + (gint64) (day) * 86400000 + ((h) * 60 + (m)) * 60000)

static char *patient_id, *provider_id, *service_id;
static int seq;

static void
exec_fmt (const char *fmt,
          ...)
{
  g_autofree char *sql = NULL;
  g_autoptr (GError) error = NULL;
  va_list ap;

  va_start (ap, fmt);
  sql = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  ck_assert_msg (ax_db_exec (ax_store_get_db (f.store), sql, &error), "%s: %s", sql, error->message);
}

static void
appointment (gint64 start, const char *status)
{
  g_autofree char *cid = g_strdup (ax_store_get_clinic (f.store)->id);

  seq++;
  exec_fmt ("INSERT INTO appointments (id, clinic_id, created_at, updated_at, patient_id, provider_id, "
            "start_at, end_at, status) VALUES ('a%d', '%s', 0, 'h', '%s', '%s', %" G_GINT64_FORMAT ", "
            "%" G_GINT64_FORMAT ", '%s');"
            "INSERT INTO appointment_services (id, clinic_id, created_at, updated_at, appointment_id, "
            "service_id, duration_min) VALUES ('x%d', '%s', 0, 'h', 'a%d', '%s', 30)",
            seq, cid, patient_id, provider_id, start, start + 1800000, status,
            seq, cid, seq, service_id);
}

static void
sale (gint64 at, gint64 total, const char *kind, const char *status, const char *tender)
{
  g_autofree char *cid = g_strdup (ax_store_get_clinic (f.store)->id);

  seq++;
  exec_fmt ("INSERT INTO sales (id, clinic_id, created_at, updated_at, number, kind, patient_id, sold_at, "
            "status, currency, subtotal, net, tax, total, prices_include_tax, vat_rate_bp) "
            "VALUES ('s%d', '%s', 0, 'h', 'LOTR-D1-2026-%06d', '%s', '%s', %" G_GINT64_FORMAT ", '%s', "
            "'THB', %" G_GINT64_FORMAT ", 0, 0, %" G_GINT64_FORMAT ", 1, 700);"
            "INSERT INTO payments (id, clinic_id, created_at, updated_at, sale_id, tender, amount, at) "
            "VALUES ('p%d', '%s', 0, 'h', 's%d', '%s', %" G_GINT64_FORMAT ", 0)",
            seq, cid, seq, kind, patient_id, at, status, total, total, seq, cid, seq, tender, total);
}

static void
setup (void)
{
  g_autofree char *svc = NULL;

  ax_fixture_setup (&f);
  seq = 0;
  patient_id = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                                     "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\"}");
  provider_id = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  service_id = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                     "{\"name\": \"Botox forehead\", \"price\": 850000}");
}

static void
teardown (void)
{
  g_clear_pointer (&patient_id, g_free);
  g_clear_pointer (&provider_id, g_free);
  g_clear_pointer (&service_id, g_free);
  ax_fixture_teardown (&f);
}

static AxDashboard *
query (void)
{
  g_autoptr (GError) error = NULL;
  AxDashboard *d = ax_dashboard_query (ax_store_get_db (f.store), ax_store_get_timezone (f.store),
                                       AX_FIXTURE_NOW_MS, &error);

  ck_assert_msg (d != NULL, "%s", error ? error->message : "");
  return d;
}

START_TEST (test_empty_clinic)
{
  g_autoptr (AxDashboard) d = query ();

  ck_assert_int_eq (d->appointments_today, 0);
  ck_assert (!d->has_next_appointment);
  ck_assert_int_eq (d->revenue_today, 0);
  ck_assert_int_eq (d->new_patients_month, 1);
  ck_assert_uint_eq (d->low_stock->len, 0);
  ck_assert_uint_eq (d->near_expiry->len, 0);
  ck_assert_uint_eq (d->latest_sales->len, 0);
  ck_assert_str_eq (d->currency, "THB");
}
END_TEST

START_TEST (test_figures)
{
  g_autoptr (AxDashboard) d = NULL;
  g_autofree char *cid = g_strdup (ax_store_get_clinic (f.store)->id);
  AxDashboardSale *s;
  AxDashboardExpiry *e;
  int pct;

  appointment (AT (0, 9, 0), "completed");
  appointment (AT (0, 11, 0), "booked");         /* the next one */
  appointment (AT (0, 14, 0), "confirmed");
  appointment (AT (0, 15, 0), "cancelled");      /* not counted */
  appointment (AT (0, 16, 0), "no_show");        /* not counted */
  appointment (AT (0, 23, 30), "booked");        /* still today in Bangkok */
  appointment (AT (1, 0, 0), "booked");          /* tomorrow */
  appointment (AT (-1, 10, 0), "completed");     /* yesterday */
  appointment (AT (-7, 10, 0), "completed");     /* last Tuesday */
  appointment (AT (-7, 11, 0), "completed");

  sale (AT (0, 9, 40), 100000, "sale", "completed", "card");
  sale (AT (0, 10, 5), 50000, "sale", "completed", "cash");
  sale (AT (0, 10, 10), 70000, "sale", "voided", "cash");        /* never happened */
  sale (AT (0, 10, 20), 20000, "credit_note", "completed", "cash");
  sale (AT (-7, 12, 0), 100000, "sale", "completed", "qr");
  sale (AT (-6, 12, 0), 999999, "sale", "completed", "qr");      /* last Wednesday */

  /* A patient from last month. */
  exec_fmt ("INSERT INTO patients (id, clinic_id, created_at, updated_at, patient_number, first_name) "
            "VALUES ('old', '%s', %" G_GINT64_FORMAT ", 'h', 'X-1', 'Old')", cid, AT (-20, 12, 0));

  /* Stock: Botox is low (3 of 10), sunscreen is fine; lots expiring. */
  exec_fmt ("INSERT INTO products (id, clinic_id, created_at, updated_at, name, unit, low_stock_threshold) "
            "VALUES ('botox', '%1$s', 0, 'h', 'Botox 100U', 'vial', 10),"
            "       ('sun', '%1$s', 0, 'h', 'Sunscreen SPF50', 'pcs', 5);"
            "INSERT INTO lots (id, clinic_id, created_at, updated_at, product_id, lot_number, expiry_date) "
            "VALUES ('l1', '%1$s', 0, 'h', 'botox', 'B-001', '2026-03-30'),"
            "       ('l2', '%1$s', 0, 'h', 'sun', 'S-OLD', '2026-03-05'),"
            "       ('l3', '%1$s', 0, 'h', 'sun', 'S-NEW', '2026-09-26'),"
            "       ('l4', '%1$s', 0, 'h', 'sun', 'S-GONE', '2026-03-20');"
            "INSERT INTO stock_movements (id, clinic_id, created_at, updated_at, product_id, lot_id, qty, kind, at) "
            "VALUES ('m1', '%1$s', 0, 'h', 'botox', 'l1', 10, 'receive', 0),"
            "       ('m2', '%1$s', 0, 'h', 'botox', 'l1', -7, 'sale', 0),"
            "       ('m3', '%1$s', 0, 'h', 'sun', 'l2', 4, 'receive', 0),"
            "       ('m4', '%1$s', 0, 'h', 'sun', 'l3', 20, 'receive', 0),"
            "       ('m5', '%1$s', 0, 'h', 'sun', 'l4', 2, 'receive', 0),"
            "       ('m6', '%1$s', 0, 'h', 'sun', 'l4', -2, 'sale', 0)", cid);

  d = query ();
  ck_assert_int_eq (d->appointments_today, 4);
  ck_assert_int_eq (d->appointments_last_week, 2);
  ck_assert (d->has_next_appointment);
  ck_assert_int_eq (d->next_start_ms, AT (0, 11, 0));
  ck_assert_str_eq (d->next_patient, "Anong Srisuk");
  ck_assert_str_eq (d->next_provider, "Dr Lee");
  ck_assert_str_eq (d->next_service, "Botox forehead");

  ck_assert_int_eq (d->revenue_today, 130000);
  ck_assert_int_eq (d->revenue_last_week, 100000);
  ck_assert (ax_percent_change (d->revenue_last_week, d->revenue_today, &pct));
  ck_assert_int_eq (pct, 30);
  ck_assert_int_eq (d->new_patients_month, 1);
  ck_assert_int_eq (d->new_patients_last_month, 1);

  ck_assert_uint_eq (d->low_stock->len, 1);
  ck_assert_str_eq (((AxDashboardLowStock *) d->low_stock->pdata[0])->name, "Botox 100U");
  ck_assert_int_eq (((AxDashboardLowStock *) d->low_stock->pdata[0])->on_hand, 3);

  /* The expired lot first, then the one in 20 days; the empty and the
   * far-off lots are not listed. */
  ck_assert_uint_eq (d->near_expiry->len, 2);
  e = d->near_expiry->pdata[0];
  ck_assert_str_eq (e->lot_number, "S-OLD");
  ck_assert_int_eq (e->days_left, -5);
  e = d->near_expiry->pdata[1];
  ck_assert_str_eq (e->lot_number, "B-001");
  ck_assert_int_eq (e->days_left, 20);
  ck_assert_int_eq (e->on_hand, 3);

  ck_assert_uint_eq (d->latest_sales->len, 6);
  s = d->latest_sales->pdata[0];
  ck_assert_str_eq (s->number, "LOTR-D1-2026-000014");
  ck_assert_str_eq (s->patient_name, "Anong Srisuk");
  ck_assert_str_eq (s->tender, "cash");
  s = d->latest_sales->pdata[1];
  ck_assert_str_eq (s->status, "voided");
}
END_TEST

START_TEST (test_percent_change)
{
  int p = 0;

  ck_assert (!ax_percent_change (0, 10, &p));
  ck_assert (ax_percent_change (200, 100, &p));
  ck_assert_int_eq (p, -50);
  ck_assert (ax_percent_change (3, 4, &p));
  ck_assert_int_eq (p, 33);
  ck_assert (ax_percent_change (8, 9, &p));  /* 12.5 → 13 */
  ck_assert_int_eq (p, 13);
  ck_assert (ax_percent_change (8, 7, &p));  /* −12.5 → −13 */
  ck_assert_int_eq (p, -13);
}
END_TEST

static void
async_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AxDashboard **out = data;
  g_autoptr (GError) error = NULL;

  *out = ax_dashboard_query_finish (AX_STORE (source), result, &error);
  ck_assert_msg (*out != NULL, "%s", error ? error->message : "");
}

START_TEST (test_async)
{
  g_autoptr (AxDashboard) d = NULL;

  appointment (AT (0, 12, 0), "booked");
  ax_dashboard_query_async (f.store, NULL, async_done_cb, &d);
  while (d == NULL)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_int_eq (d->appointments_today, 1);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("dashboard", setup, teardown, test_empty_clinic, test_figures, test_percent_change,
                      test_async)
