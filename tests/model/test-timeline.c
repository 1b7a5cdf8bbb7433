/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The patient timeline: every kind newest first, the kind filter, keyset
 * paging, what each role reads, removed rows left out; a receipt's details. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-patient-timeline.h"

AX_FIXTURE_DEFINE

#define HOUR_MS (3600 * G_GINT64_CONSTANT (1000))
#define DAY_MS (24 * HOUR_MS)
#define T(n) (AX_FIXTURE_NOW_MS - (n) * DAY_MS)

static void
sql (const char *fmt,
     ...) G_GNUC_PRINTF (1, 2);

static void
sql (const char *fmt,
     ...)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  va_list ap;

  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  ck_assert_msg (ax_db_exec (ax_store_get_db (f.store), text, &error), "%s: %s", text,
                 error ? error->message : "");
}

static AxTimelinePage *
timeline (AxRole      role,
          const char *patient,
          guint       kinds,
          gint64      before_ms,
          const char *before_id,
          guint       limit)
{
  g_autoptr (GError) error = NULL;
  AxTimelinePage *page = ax_patient_timeline_query (ax_store_get_db (f.store), patient, role,
                                                    kinds, before_ms, before_id, limit, &error);

  ck_assert_msg (page != NULL, "%s", error ? error->message : "");
  return page;
}

/* The ids of a page, in order, as "a,b,c". */
static char *
ids_of (AxTimelinePage *page)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < page->entries->len; i++)
    {
      const AxTimelineEntry *e = page->entries->pdata[i];
      g_string_append_printf (out, "%s%s", i ? "," : "", e->id);
    }
  return g_string_free (out, FALSE);
}

static char *patient;
static char *other;

/* One patient with one of each kind on days 1…9 ago (the sale newest),
 * a removed row of each table, and another patient's rows. */
static void
seed (void)
{
  g_autofree char *clinic = g_strdup (ax_store_get_clinic (f.store)->id);
  const char *who = ax_actor_get_user_id (f.actors[OWNER]);

  patient = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  other = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Ploy\"}");

#define B(id) "'" id "', '%s', 0, 'hlc'"
  sql ("INSERT INTO providers (id, clinic_id, created_at, updated_at, name) VALUES (" B ("pr") ", 'Dr Lee');"
       "INSERT INTO services (id, clinic_id, created_at, updated_at, name) VALUES (" B ("sv") ", 'Botox');"
       "INSERT INTO appointments (id, clinic_id, created_at, updated_at, patient_id, provider_id, "
       "  start_at, end_at, status, deleted_at) VALUES "
       "(" B ("appt") ", '%s', 'pr', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'completed', NULL), "
       "(" B ("appt-gone") ", '%s', 'pr', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'booked', 5), "
       "(" B ("appt-other") ", '%s', 'pr', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'booked', NULL);"
       "INSERT INTO appointment_services (id, clinic_id, created_at, updated_at, appointment_id, "
       "  service_id, duration_min) VALUES (" B ("as") ", 'appt', 'sv', 30);",
       clinic, clinic, clinic, patient, T (2), T (2) + HOUR_MS,
       clinic, patient, T (1), T (1) + HOUR_MS, clinic, other, T (1), T (1) + HOUR_MS, clinic);
  sql ("INSERT INTO chart_templates (id, clinic_id, created_at, updated_at, name) VALUES "
       "(" B ("tpl") ", 'Neurotoxin');"
       "INSERT INTO charts (id, clinic_id, created_at, updated_at, patient_id, provider_id, "
       "  template_id, status, visit_at, deleted_at) VALUES "
       "(" B ("chart") ", '%s', 'pr', 'tpl', 'md_signed', %" G_GINT64_FORMAT ", NULL), "
       "(" B ("chart-gone") ", '%s', 'pr', 'tpl', 'draft', %" G_GINT64_FORMAT ", 7);",
       clinic, clinic, patient, T (3), clinic, patient, T (1));
  sql ("INSERT INTO photos (id, clinic_id, created_at, updated_at, patient_id, blob_sha256, mime, "
       "  width, height, view_tag, taken_at, deleted_at) VALUES "
       "(" B ("photo") ", '%s', 'x', 'image/jpeg', 1, 1, 'front', NULL, NULL), "
       "(" B ("photo-gone") ", '%s', 'x', 'image/jpeg', 1, 1, 'left', %" G_GINT64_FORMAT ", 3);"
       "UPDATE photos SET created_at = %" G_GINT64_FORMAT " WHERE id = 'photo';",
       clinic, patient, clinic, patient, T (1), T (4));
  sql ("INSERT INTO consent_templates (id, clinic_id, created_at, updated_at, name, purpose, body) "
       "VALUES (" B ("ct") ", 'Botox consent', 'treatment', '…');"
       "INSERT INTO consents (id, clinic_id, created_at, updated_at, patient_id, template_id, "
       "  purpose, body, status, signed_at) VALUES "
       "(" B ("consent") ", '%s', 'ct', 'treatment', '…', 'signed', %" G_GINT64_FORMAT ");"
       "UPDATE consents SET created_at = %" G_GINT64_FORMAT ";",
       clinic, clinic, patient, T (5), T (20));
  sql ("INSERT INTO sales (id, clinic_id, created_at, updated_at, number, patient_id, user_id, "
       "  sold_at, status, currency, subtotal, net, tax, total, prices_include_tax, vat_rate_bp) "
       "VALUES (" B ("sale") ", 'R-LOT-1-2026-7', '%s', '%s', %" G_GINT64_FORMAT ", 'voided', "
       "  'THB', 1070000, 1000000, 70000, 1070000, 1, 700);"
       "INSERT INTO sale_lines (id, clinic_id, created_at, updated_at, sale_id, kind, description, "
       "  qty, unit_price, tax_class, amount, sort_order, deleted_at) VALUES "
       "(" B ("l2") ", 'sale', 'product', 'Sunscreen', 2, 35000, 'standard', 70000, 2, NULL), "
       "(" B ("l1") ", 'sale', 'service', 'Botox 50 U', 1, 1000000, 'standard', 1000000, 1, NULL), "
       "(" B ("l3") ", 'sale', 'other', 'Removed', 1, 5, 'standard', 5, 3, 9);"
       "INSERT INTO payments (id, clinic_id, created_at, updated_at, sale_id, tender, amount, at) "
       "VALUES (" B ("pay1") ", 'sale', 'card', 1000000, 1), (" B ("pay2") ", 'sale', 'cash', 70000, 2);",
       clinic, patient, who, T (0) - HOUR_MS, clinic, clinic, clinic, clinic, clinic);
  sql ("INSERT INTO vitals (id, clinic_id, created_at, updated_at, patient_id, recorded_at, "
       "  pulse_bpm, bp_systolic, bp_diastolic, deleted_at) VALUES "
       "(" B ("vitals") ", '%s', %" G_GINT64_FORMAT ", 72, 120, 80, NULL), "
       "(" B ("vitals-gone") ", '%s', %" G_GINT64_FORMAT ", 90, NULL, NULL, 4);"
       "INSERT INTO medical_notes (id, clinic_id, created_at, updated_at, patient_id, kind, body, "
       "  author_id) VALUES (" B ("note") ", '%s', 'condition', 'Rosacea', '%s');"
       "UPDATE medical_notes SET created_at = %" G_GINT64_FORMAT ";"
       "INSERT INTO allergies (id, clinic_id, created_at, updated_at, patient_id, substance, "
       "  severity, deleted_at) VALUES (" B ("allergy") ", '%s', 'Latex', 'severe', NULL), "
       "(" B ("allergy-gone") ", '%s', 'Iodine', 'mild', 2);"
       "UPDATE allergies SET created_at = %" G_GINT64_FORMAT ";",
       clinic, patient, T (6), clinic, patient, T (1), clinic, patient, who, T (7),
       clinic, patient, clinic, patient, T (8));
#undef B
}

static void
unseed (void)
{
  g_clear_pointer (&patient, g_free);
  g_clear_pointer (&other, g_free);
}

START_TEST (test_timeline_order_and_fields)
{
  g_autoptr (AxTimelinePage) page = NULL;
  g_autofree char *ids = NULL;
  const AxTimelineEntry *e;

  seed ();
  page = timeline (OWNER, patient, AX_TIMELINE_ALL, 0, NULL, 100);
  ids = ids_of (page);
  ck_assert_str_eq (ids, "sale,appt,chart,photo,consent,vitals,note,allergy");
  ck_assert (!page->has_more);
  ck_assert_uint_eq (page->kinds, AX_TIMELINE_ALL);

  e = page->entries->pdata[0];
  ck_assert_int_eq (e->kind, AX_TIMELINE_SALE);
  ck_assert_str_eq (e->what, "R-LOT-1-2026-7");
  ck_assert_str_eq (e->status, "voided");
  ck_assert_str_eq (e->extra, "THB");
  ck_assert_str_eq (e->sale_kind, "sale");
  ck_assert_int_eq (e->amount, 1070000);
  ck_assert_str_eq (e->who, "owner user");
  e = page->entries->pdata[1];
  ck_assert_int_eq (e->kind, AX_TIMELINE_APPOINTMENT);
  ck_assert_str_eq (e->what, "Botox");
  ck_assert_str_eq (e->who, "Dr Lee");
  ck_assert_str_eq (e->status, "completed");
  ck_assert_int_eq (e->at_ms, T (2));
  ck_assert_int_eq (e->end_ms, T (2) + HOUR_MS);
  e = page->entries->pdata[2];
  ck_assert_str_eq (e->what, "Neurotoxin");
  ck_assert_str_eq (e->status, "md_signed");
  e = page->entries->pdata[3];                  /* no taken_at: its created_at */
  ck_assert_int_eq (e->at_ms, T (4));
  ck_assert_str_eq (e->what, "front");
  e = page->entries->pdata[4];                  /* signed: when it was signed */
  ck_assert_int_eq (e->at_ms, T (5));
  ck_assert_str_eq (e->what, "Botox consent");
  ck_assert_str_eq (e->status, "signed");
  e = page->entries->pdata[5];
  ck_assert_int_eq (e->pulse_bpm, 72);
  ck_assert_int_eq (e->bp_systolic, 120);
  ck_assert_int_eq (e->bp_diastolic, 80);
  ck_assert_int_eq (e->temp_dc, 0);
  e = page->entries->pdata[6];
  ck_assert_str_eq (e->what, "Rosacea");
  ck_assert_str_eq (e->status, "condition");
  ck_assert_str_eq (e->who, "owner user");
  ck_assert_ptr_null (e->extra);
  e = page->entries->pdata[7];
  ck_assert_str_eq (e->what, "Latex");
  ck_assert_str_eq (e->status, "severe");
  unseed ();
}
END_TEST

START_TEST (test_timeline_filter)
{
  g_autoptr (AxTimelinePage) a = NULL;
  g_autoptr (AxTimelinePage) b = NULL;
  g_autofree char *ids_a = NULL;
  g_autofree char *ids_b = NULL;

  seed ();
  a = timeline (OWNER, patient, AX_TIMELINE_APPOINTMENT | AX_TIMELINE_SALE, 0, NULL, 100);
  ids_a = ids_of (a);
  ck_assert_str_eq (ids_a, "sale,appt");
  b = timeline (OWNER, patient, AX_TIMELINE_VITALS | AX_TIMELINE_NOTE | AX_TIMELINE_ALLERGY,
                0, NULL, 100);
  ids_b = ids_of (b);
  ck_assert_str_eq (ids_b, "vitals,note,allergy");
  unseed ();
}
END_TEST

START_TEST (test_timeline_paging)
{
  g_autoptr (GString) all = g_string_new (NULL);
  g_autofree char *clinic = g_strdup (ax_store_get_clinic (f.store)->id);
  g_autofree char *first = NULL;
  gint64 before_ms = 0;
  g_autofree char *before_id = NULL;
  guint pages = 0, n = 0;

  seed ();
  /* 25 readings, three of them at the same instant: ties go by id. */
  for (int i = 0; i < 25; i++)
    sql ("INSERT INTO vitals (id, clinic_id, created_at, updated_at, patient_id, recorded_at, "
         "  pulse_bpm) VALUES ('v%02d', '%s', 0, 'hlc', '%s', %" G_GINT64_FORMAT ", 60)",
         i, clinic, patient, T (10) - (i < 3 ? 0 : i) * HOUR_MS);

  for (;;)
    {
      g_autoptr (AxTimelinePage) page = timeline (OWNER, patient, AX_TIMELINE_ALL, before_ms,
                                                  before_id, 7);
      const AxTimelineEntry *last;

      pages++;
      for (guint i = 0; i < page->entries->len; i++)
        {
          const AxTimelineEntry *e = page->entries->pdata[i];
          g_string_append_printf (all, "%s,", e->id);
          n++;
        }
      if (!page->has_more)
        {
          ck_assert_uint_le (page->entries->len, 7);
          break;
        }
      ck_assert_uint_eq (page->entries->len, 7);
      last = page->entries->pdata[page->entries->len - 1];
      before_ms = last->at_ms;
      g_free (before_id);
      before_id = g_strdup (last->id);
    }
  ck_assert_uint_eq (n, 33);
  ck_assert_uint_eq (pages, 5);
  ck_assert_str_eq (all->str,
                    "sale,appt,chart,photo,consent,vitals,note,allergy,v02,v01,v00,v03,v04,v05,"
                    "v06,v07,v08,v09,v10,v11,v12,v13,v14,v15,v16,v17,v18,v19,v20,v21,v22,v23,v24,");
  unseed ();
}
END_TEST

START_TEST (test_timeline_roles)
{
  static const struct { AxRole role; const char *ids; } cases[] = {
    { OWNER, "sale,appt,chart,photo,consent,vitals,note,allergy" },
    { PROVIDER, "sale,appt,chart,photo,consent,vitals,note,allergy" },
    { DIRECTOR, "sale,appt,chart,photo,consent,vitals,note,allergy" },
    { FRONT_DESK, "sale,appt,consent,vitals,allergy" },
    { BILLING, "sale,appt,consent,vitals,allergy" },
    { READ_ONLY, "sale,appt,consent,vitals,allergy" },
  };

  seed ();
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (AxTimelinePage) page = timeline (cases[i].role, patient, AX_TIMELINE_ALL, 0,
                                                  NULL, 100);
      g_autofree char *ids = ids_of (page);

      ck_assert_msg (g_str_equal (ids, cases[i].ids), "%s reads %s",
                     ax_role_to_string (cases[i].role), ids);
    }
  /* Asking for charts alone as the front desk gives nothing, not an error. */
  {
    g_autoptr (AxTimelinePage) page = timeline (FRONT_DESK, patient, AX_TIMELINE_CHART, 0, NULL,
                                                100);
    ck_assert_uint_eq (page->entries->len, 0);
    ck_assert_uint_eq (page->kinds, 0);
  }
  unseed ();
}
END_TEST

START_TEST (test_timeline_other_and_missing)
{
  g_autoptr (AxTimelinePage) page = NULL;
  g_autoptr (AxTimelinePage) none = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ids = NULL;

  seed ();
  page = timeline (OWNER, other, AX_TIMELINE_ALL, 0, NULL, 100);
  ids = ids_of (page);
  ck_assert_str_eq (ids, "appt-other");
  none = ax_patient_timeline_query (ax_store_get_db (f.store), "no-such-patient", OWNER,
                                    AX_TIMELINE_ALL, 0, NULL, 100, &error);
  ck_assert_ptr_null (none);
  ck_assert (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND));
  unseed ();
}
END_TEST

START_TEST (test_sale_detail)
{
  g_autoptr (AxSaleDetail) s = NULL;
  g_autoptr (AxSaleDetail) none = NULL;
  g_autoptr (GError) error = NULL;
  const AxSaleDetailLine *l;
  const AxSaleDetailPayment *p;

  seed ();
  s = ax_sale_detail_query (ax_store_get_db (f.store), "sale", &error);
  ck_assert_msg (s != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (s->number, "R-LOT-1-2026-7");
  ck_assert_str_eq (s->status, "voided");
  ck_assert_int_eq (s->total, 1070000);
  ck_assert_int_eq (s->tax, 70000);
  ck_assert_str_eq (s->seller_name, "owner user");
  ck_assert_uint_eq (s->lines->len, 2);            /* the removed line left out */
  l = s->lines->pdata[0];
  ck_assert_str_eq (l->description, "Botox 50 U");
  l = s->lines->pdata[1];
  ck_assert_str_eq (l->description, "Sunscreen");
  ck_assert_int_eq (l->qty, 2);
  ck_assert_int_eq (l->amount, 70000);
  ck_assert_uint_eq (s->payments->len, 2);
  p = s->payments->pdata[0];
  ck_assert_str_eq (p->tender, "card");
  ck_assert_int_eq (p->amount, 1000000);

  none = ax_sale_detail_query (ax_store_get_db (f.store), "nope", &error);
  ck_assert_ptr_null (none);
  unseed ();
}
END_TEST

static void
page_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AxTimelinePage **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = ax_patient_timeline_query_finish (AX_STORE (source), result, &error);
  ck_assert_msg (*out != NULL, "%s", error ? error->message : "");
}

START_TEST (test_timeline_async)
{
  AxTimelinePage *page = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  seed ();
  ax_patient_timeline_query_async (f.store, patient, FRONT_DESK, AX_TIMELINE_ALL, 0, NULL, 2,
                                   NULL, page_done_cb, &page);
  while (page == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_ptr_nonnull (page);
  ck_assert_uint_eq (page->entries->len, 2);
  ck_assert (page->has_more);
  ax_timeline_page_unref (page);
  unseed ();
}
END_TEST

AX_TEST_MAIN_FIXTURE ("timeline", setup, teardown,
                      test_timeline_order_and_fields, test_timeline_filter, test_timeline_paging,
                      test_timeline_roles, test_timeline_other_and_missing, test_sale_detail,
                      test_timeline_async)
