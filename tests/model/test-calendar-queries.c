/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The calendar's small queries (ax-calendar-queries.c): the patient search
 * off the main loop, bookable services, an appointment's services, allergies. */
#include "ax-fixture.h"
#include "ax-calendar-queries.h"

static AxFixture f;
static char *botox, *consult;

static void
setup (void)
{
  g_autoptr (JsonNode) a = NULL;
  g_autoptr (JsonNode) b = NULL;
  g_autoptr (JsonNode) c = NULL;

  ax_fixture_setup (&f);
  a = ax_fixture_mutate (&f, FRONT_DESK, "patient.create",
                         "{\"first_name\": \"Anong\", \"last_name\": \"Srisuk\", "
                         "\"phone\": \"081-234-5678\", \"allergies\": [\"Latex\", \"Lidocaine\"]}");
  b = ax_fixture_mutate (&f, FRONT_DESK, "patient.create",
                         "{\"first_name\": \"Maria\", \"last_name\": \"Lima_100%\"}");
  c = ax_fixture_mutate (&f, FRONT_DESK, "patient.create",
                         "{\"first_name\": \"Mali\", \"last_name\": \"Wongsa\", \"phone\": \"0899990000\"}");
  botox = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                "{\"name\": \"Botox forehead\", \"duration_min\": 30}");
  consult = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                  "{\"name\": \"Consultation\", \"duration_min\": 15, \"needs_room\": false}");
}

static void
teardown (void)
{
  g_clear_pointer (&botox, g_free);
  g_clear_pointer (&consult, g_free);
  ax_fixture_teardown (&f);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = ax_calendar_search_patients_finish (AX_STORE (source), result, &error);
  ck_assert_msg (*out != NULL, "%s", error ? error->message : "");
}

START_TEST (test_search_patients_async)
{
  g_autoptr (GPtrArray) hits = NULL;

  ax_calendar_search_patients_async (f.store, "maria", 1, NULL, search_done_cb, &hits);
  while (hits == NULL)
    g_main_context_iteration (NULL, TRUE);
  ck_assert_uint_eq (hits->len, 1); /* the limit */
  ck_assert_str_eq (((AxPatientHit *) hits->pdata[0])->first_name, "Maria");
}
END_TEST

START_TEST (test_services_and_allergies)
{
  AxDb *db = ax_store_get_db (f.store);
  g_autoptr (GPtrArray) services = ax_calendar_list_services (db, NULL);
  g_autoptr (GPtrArray) hits = ax_patients_search (db, "Anong", 5, NULL);
  g_autoptr (GPtrArray) allergies = NULL;
  g_autoptr (GPtrArray) none = NULL;
  g_autofree char *args = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *appt = NULL;
  g_auto (GStrv) ids = NULL;
  AxServiceInfo *first;

  ck_assert_uint_eq (services->len, 2);
  first = services->pdata[0];
  ck_assert_str_eq (first->name, "Botox forehead");
  ck_assert_int_eq (first->duration_min, 30);
  ck_assert (first->needs_room);
  ck_assert (!((AxServiceInfo *) services->pdata[1])->needs_room);

  allergies = ax_calendar_patient_allergies (db, ((AxPatientHit *) hits->pdata[0])->id, NULL);
  ck_assert_uint_eq (allergies->len, 2);
  ck_assert_str_eq (((AxAllergyInfo *) allergies->pdata[0])->substance, "Latex");
  ck_assert_str_eq (((AxAllergyInfo *) allergies->pdata[0])->severity, "moderate");
  none = ax_calendar_patient_allergies (db, "00000000-0000-7000-8000-000000000000", NULL);
  ck_assert_uint_eq (none->len, 0);

  provider = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", \"start_at\": %"
                          G_GINT64_FORMAT ", \"services\": [\"%s\", \"%s\"], \"book_anyway\": true}",
                          ((AxPatientHit *) hits->pdata[0])->id, provider,
                          AX_FIXTURE_NOW_MS, consult, botox);
  appt = ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", args);
  ids = ax_calendar_appointment_services (db, appt, NULL);
  ck_assert_uint_eq (g_strv_length (ids), 2);
  ck_assert_str_eq (ids[0], consult);
  ck_assert_str_eq (ids[1], botox);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("calendar-queries", setup, teardown,
                      test_search_patients_async,
                      test_services_and_allergies)
