/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Not yet synced" marks: ax_sync_unsynced_ids reads the rows that waiting
 * outbox mutations wrote from their changesets; acknowledged ones no longer
 * count; a chart counts for its entries. */
#include "ax-fixture.h"
#include "ax-test-sales.h"
#include "ax-sync-marks.h"
#include "ax-sync-store.h"
#include "ax-uuid.h"

AX_FIXTURE_DEFINE

static GHashTable *
unsynced (const char *table)
{
  g_autoptr (GError) error = NULL;
  GHashTable *ids = ax_sync_unsynced_ids (ax_store_get_db (f.store), table, &error);

  g_assert_no_error (error);
  ck_assert_ptr_nonnull (ids);
  return ids;
}

/* Pushes every waiting mutation and takes the server's reply: all applied. */
static void
acknowledge_all (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) batch = ax_store_sync_take_batch (f.store, 10000, &error);
  g_autoptr (JsonObject) reply = json_object_new ();
  JsonObject *last;

  g_assert_no_error (error);
  ck_assert_uint_gt (json_array_get_length (batch), 0);
  last = json_array_get_object_element (batch, json_array_get_length (batch) - 1);
  json_object_set_int_member (reply, "last_mutation_id", json_object_get_int_member (last, "id"));
  json_object_set_array_member (reply, "results", json_array_new ());
  ck_assert (ax_store_sync_acknowledge (f.store, reply, &error));
  g_assert_no_error (error);
  ck_assert_uint_eq (ax_store_sync_count_waiting (f.store), 0);
}

static char *
sell (const char *patient)
{
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;

  ax_uuid_v7 (id);
  args = g_strdup_printf (
    "{\"id\": \"%s\", \"patient_id\": \"%s\", \"lines\": [{\"kind\": \"service\", \"item_id\": \"" AX_TS_FACIAL "\"}], "
    "\"expected_total\": 150000, \"tenders\": [{\"kind\": \"cash\", \"amount\": 150000, \"given\": 150000}]}",
    id, patient);
  return ax_fixture_mutate_id (&f, BILLING, "sale.checkout", args);
}

START_TEST (test_sales_waiting_then_acknowledged)
{
  g_autofree char *p = NULL, *first = NULL, *second = NULL;
  g_autoptr (GHashTable) before = NULL, waiting = NULL, after = NULL, sent = NULL;
  g_autoptr (GHashTable) patients = NULL;

  ax_test_sales_catalogue (f.store, f.actors[OWNER]);
  p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  first = sell (p);
  waiting = unsynced ("sales");
  ck_assert_uint_eq (g_hash_table_size (waiting), 1);
  ck_assert (g_hash_table_contains (waiting, first));
  patients = unsynced ("patients");
  ck_assert (g_hash_table_contains (patients, p));

  acknowledge_all ();
  after = unsynced ("sales");
  ck_assert_uint_eq (g_hash_table_size (after), 0);

  /* Sent but not acknowledged (the reply never came) still waits. */
  second = sell (p);
  {
    g_autoptr (JsonArray) batch = ax_store_sync_take_batch (f.store, 100, NULL);

    ck_assert_uint_eq (json_array_get_length (batch), 1);
  }
  sent = unsynced ("sales");
  ck_assert_uint_eq (g_hash_table_size (sent), 1);
  ck_assert (g_hash_table_contains (sent, second));
  ck_assert (!g_hash_table_contains (sent, first));
}
END_TEST

START_TEST (test_chart_counts_for_its_entries)
{
  g_autofree char *p = ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create", "{\"first_name\": \"Anong\"}");
  g_autofree char *lee = ax_fixture_mutate_id (&f, OWNER, "provider.create", "{\"name\": \"Dr Lee\"}");
  g_autofree char *args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\"}", p, lee);
  g_autofree char *chart = ax_fixture_mutate_id (&f, PROVIDER, "chart.create", args);
  g_autofree char *other = ax_fixture_mutate_id (&f, PROVIDER, "chart.create", args);
  g_autofree char *entry = NULL;
  g_autoptr (GHashTable) waiting = NULL, after = NULL;

  acknowledge_all ();
  g_free (args);
  args = g_strdup_printf ("{\"chart_id\": \"%s\", \"kind\": \"note\", \"body\": \"Calm, no bruising\"}", chart);
  entry = ax_fixture_mutate_id (&f, PROVIDER, "chart_entry.add", args);
  waiting = unsynced ("charts");
  ck_assert_uint_eq (g_hash_table_size (waiting), 1);
  ck_assert (g_hash_table_contains (waiting, chart));
  ck_assert (!g_hash_table_contains (waiting, other));

  acknowledge_all ();
  after = unsynced ("charts");
  ck_assert_uint_eq (g_hash_table_size (after), 0);
}
END_TEST

/* A table nothing wrote: empty, not an error. */
START_TEST (test_nothing_waiting)
{
  g_autoptr (GHashTable) rooms = unsynced ("rooms");

  ck_assert_uint_eq (g_hash_table_size (rooms), 0);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("sync-marks", setup, teardown,
                      test_sales_waiting_then_acknowledged, test_chart_counts_for_its_entries,
                      test_nothing_waiting)
